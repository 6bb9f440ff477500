// In-process throughput over a directory of policies: the cost of linting against the cost of
// merely parsing the same bytes with RapidJSON (the parse-only baseline), measured in the same
// process on the same in-memory bytes, so disk and process start are out of both numbers.
//
// Usage: s3policy_corpus_bench DIR [--rounds N] [--ignore ID,ID...]
// Prints one "key value" line per measurement (seconds are the fastest round: the least noisy
// estimate on a shared machine), read by tests/bench/run_bench.py.
#include <rapidjson/document.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "engine.h"
#include "json.h"
#include "policy.h"
#include "rules/registry.h"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

std::vector<std::string> read_corpus(const fs::path& dir) {
  std::vector<fs::path> paths;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ".json") paths.push_back(e.path());
  std::sort(paths.begin(), paths.end());
  std::vector<std::string> texts;
  texts.reserve(paths.size());
  for (const auto& p : paths) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    texts.push_back(s.str());
  }
  return texts;
}

// Fastest of `rounds` passes over the corpus (two when a pass takes over 5 s, so the suite ends
// in minutes). `sink` keeps the optimizer from dropping the work.
double best_of(int rounds, const std::function<std::size_t()>& pass, std::size_t& sink) {
  double best = 1e300;
  for (int r = 0; r < rounds && !(r >= 2 && best > 5.0); ++r) {
    const auto t0 = Clock::now();
    sink += pass();
    best = std::min(best, std::chrono::duration<double>(Clock::now() - t0).count());
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: s3policy_corpus_bench DIR [--rounds N] [--ignore ID,ID...]\n";
    return 2;
  }
  int rounds = 5;
  s3policy::RuleSelection selection;  // default rules, minus --ignore ID,ID...
  for (int i = 2; i + 1 < argc; ++i) {
    if (std::string(argv[i]) == "--rounds") rounds = std::max(1, std::atoi(argv[i + 1]));
    if (std::string(argv[i]) == "--ignore") {
      std::stringstream list(argv[i + 1]);
      for (std::string id; std::getline(list, id, ',');) selection.ignore.push_back(id);
    }
  }
  std::vector<std::string> texts;
  try {
    texts = read_corpus(argv[1]);
  } catch (const fs::filesystem_error& e) {
    std::cerr << "s3policy_corpus_bench: " << e.what() << "\n";
    return 2;
  }
  std::size_t bytes = 0;
  for (const auto& t : texts) bytes += t.size();

  std::size_t sink = 0;
  // Baseline: RapidJSON's DOM with the same UTF-8 validation our parser asks for.
  const double parse = best_of(rounds, [&] {
    std::size_t n = 0;
    for (const auto& t : texts) {
      rapidjson::Document d;
      d.Parse<rapidjson::kParseValidateEncodingFlag>(t.data(), t.size());
      n += d.HasParseError() ? 0 : 1;
    }
    return n;
  }, sink);
  // Diagnosis only: our located tree plus the typed model, no rules.
  const double located = best_of(rounds, [&] {
    std::size_t n = 0;
    for (const auto& t : texts) {
      auto parsed = s3policy::parse_json(t);
      if (parsed.document) n += s3policy::build_policy(*parsed.document) ? 1 : 0;
    }
    return n;
  }, sink);
  // The real thing: every default rule on the default target, positions resolved.
  const s3policy::Engine engine(s3policy::all_rules(), selection, s3policy::InputLimits{});
  const s3policy::LintSettings settings;
  std::size_t findings = 0;
  const double lint = best_of(rounds, [&] {
    std::size_t n = 0;
    for (const auto& t : texts) n += engine.lint(s3policy::SourceFile{"bench.json", t}, settings).findings.size();
    findings = n;
    return n;
  }, sink);

  // Diagnosis only: the same without the evaluator-backed public-access family (S3P6), which
  // is most of the cost since it landed.
  s3policy::RuleSelection without = selection;
  without.ignore.push_back("S3P6");
  const s3policy::Engine no_s3p6(s3policy::all_rules(), without, s3policy::InputLimits{});
  const double lint_no_s3p6 = best_of(rounds, [&] {
    std::size_t n = 0;
    for (const auto& t : texts) n += no_s3p6.lint(s3policy::SourceFile{"bench.json", t}, settings).findings.size();
    return n;
  }, sink);

  std::printf("files %zu\nbytes %zu\nrounds %d\nfindings %zu\n", texts.size(), bytes, rounds, findings);
  std::printf("parse_seconds %.6f\nlocated_seconds %.6f\nlint_seconds %.6f\nlint_no_s3p6_seconds %.6f\nsink %zu\n",
              parse, located, lint, lint_no_s3p6, sink % 10);
  return 0;
}
