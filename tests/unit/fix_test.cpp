// --fix on every fixture whose findings carry a fix: after fixing, each fixed finding is gone (by rule and
// message, all rules on), the file still parses, and nothing fixable remains. Rules may newly
// report what a fix revealed: renaming "statement" to "Statement" lets them see an empty statement
// list that was invisible before, and "10.0.0.1/8" fixed to "10.0.0.0/8" is then a private range.
#include "fix.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <set>

#include "support/harness.h"

using namespace s3policy;
namespace fs = std::filesystem;

namespace {

std::multiset<std::string> keys_of(const FileResult& r) {
  std::multiset<std::string> keys;
  for (const Finding& f : r.findings) keys.insert(std::string(f.rule->id) + " " + f.message);
  return keys;
}

}  // namespace

TEST_CASE("fix: every fixable fixture is fixed without introducing new findings", "[fix]") {
  std::size_t fixable = 0;
  for (const auto& entry : fs::recursive_directory_iterator(test::source_dir() / "fixtures" / "rules")) {
    if (!entry.is_regular_file() || entry.path().extension() != ".json") continue;
    const std::string bytes = test::read_file(entry.path());
    for (const auto& t : kTargets) {
      LintSettings settings;
      settings.target = t.target;
      const FileResult before = test::lint_text(bytes, {}, settings, entry.path().string());
      std::size_t with_fix = 0;
      for (const Finding& f : before.findings) with_fix += f.fix.empty() ? 0 : 1;
      if (with_fix == 0) continue;
      ++fixable;
      {  // no DYNAMIC_SECTION: Catch2 would re-run this whole loop once per section
        INFO(fs::relative(entry.path(), test::source_dir()).string() << " on " << t.name);
        FileResult current = before;
        for (int round = 0; round < 8; ++round) {
          const FixResult fx = apply_fixes(current.source.bytes, current.findings);
          if (fx.applied == 0) break;
          current = test::lint_text(fx.text, {}, settings, entry.path().string());
        }
        for (const Finding& f : current.findings) {
          INFO(f.rule->id << " " << f.message);
          CHECK(f.fix.empty());                      // nothing fixable remains
          CHECK(f.rule->id.substr(0, 4) != "S3P0");  // still valid JSON, still text
        }
        // Every finding that had a fix is gone (or, for repeated identical ones, fewer remain).
        const auto after = keys_of(current);
        for (const Finding& f : before.findings) {
          if (f.fix.empty()) continue;
          const std::string key = std::string(f.rule->id) + " " + f.message;
          INFO("fixed finding still reported: " << key);
          CHECK(after.count(key) < keys_of(before).count(key));
        }
      }
    }
  }
  CHECK(fixable > 10);
}

TEST_CASE("fix: edits are minimal and keep the rest of the text", "[fix]") {
  const std::string text = "{\n  // note\n  \"version\": \"2012-10-17\",\n  \"Statement\": []\n}\n";
  Finding f;
  f.fix.push_back({{14, 23}, "\"Version\""});
  Finding overlapping;
  overlapping.fix.push_back({{16, 18}, "XX"});
  const FixResult r = apply_fixes(text, {f, overlapping});
  CHECK(r.applied == 1);
  CHECK(r.text == "{\n  // note\n  \"Version\": \"2012-10-17\",\n  \"Statement\": []\n}\n");
}

TEST_CASE("fix: the CLI rewrites the file in place and reports what remains", "[fix][cli]") {
  char tmpl[] = "/tmp/s3p-fix-XXXXXX";
  const fs::path dir = ::mkdtemp(tmpl);
  const fs::path file = dir / "p.json";
  {
    std::ofstream(file)
        << "{\n  \"Statement\": [\n    {\"effect\": \"allow\", \"Principal\": \"*\", \"Action\": \"s3:GetObject\",\n"
           "     \"Resource\": \"arn:aws:s3:::www/*\",\n"
           "     \"Condition\": {\"Bool\": {\"aws:SecureTransport\": true}}}\n  ]\n}\n";
  }
  const auto r = test::run_cli("lint --fix --color never '" + file.string() + "'");
  const std::string fixed = test::read_file(file);
  CHECK_THAT(fixed, Catch::Contains("\"Effect\": \"Allow\""));
  CHECK_THAT(fixed, Catch::Contains("\"aws:SecureTransport\": \"true\""));
  CHECK_THAT(fixed, Catch::Contains("\"Version\": \"2012-10-17\""));
  CHECK_THAT(r.err, Catch::Contains("s3policy: fixed"));
  CHECK_THAT(r.out, !Catch::Contains("S3P104"));
  fs::remove_all(dir);
}
