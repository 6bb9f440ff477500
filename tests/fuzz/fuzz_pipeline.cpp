// libFuzzer target over the whole offline pipeline: bytes -> input facts -> located JSON ->
// policy model -> every registered rule (enabled by default or not) -> every reporter, and the
// access analysis as `explain` asks it (every verdict with its example, every key scope), on one of
// the targets (picked by the input's last byte, so the fuzzer explores all of them). Built with ASan+UBSan (no recovery), so a memory error, undefined behaviour, an
// uncaught exception or a hang (-timeout) is a crash. See docs/fuzzing.md.
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <memory>
#include <optional>
#include <sstream>
#include <string>

#include "analysis/analyzer.h"
#include "engine.h"
#include "json.h"
#include "policy.h"
#include "report/report.h"
#include "rules/registry.h"

namespace {

using namespace s3policy;

constexpr Target kFuzzTargets[] = {Target::Aws, Target::CephPacific, Target::CephReef, Target::CephSquid,
                               Target::CephTentacle};

const Engine& engine() {
  // "S3P" selects every rule, including those off by default.
  static const Engine e(all_rules(), RuleSelection{.select = {"S3P"}}, InputLimits{});
  return e;
}

LintSettings settings_for(Target t, uint8_t variant) {
  LintSettings s;
  s.target = t;
  // Half of the runs with projects and a bucket configured, so the project and bucket rules
  // take their configured paths too.
  if (variant & 1) {
    s.projects.owner = "projecta";
    s.projects.known = {{"projectb", "B"}, {"0b2c6a9e4f7d4c1b9a8e3d2f1c0b5a47", ""}};
    s.bucket = (variant & 2) ? "shared-data" : "projecta:reports";
    s.relaxed_bucket_names = (variant & 4) != 0;
  }
  return s;
}

// What `explain` computes: for each principal class (the first 64: hostile inputs name
// thousands, and the rules' own runs above already cover those), each access category's complete
// verdict and which keys it reaches.
void explain(const std::string& bytes, Target t) {
  const JsonParseResult parsed = parse_json(bytes);
  if (!parsed.document) return;
  const std::unique_ptr<Policy> policy = build_policy(*parsed.document);
  if (!policy) return;
  const analysis::Analyzer az(t, *policy, analysis::scope_of(t, *policy, std::nullopt, "projecta"));
  for (std::size_t w = 0; w < az.classes().size() && w < 64; ++w)
    for (analysis::Access a : analysis::kAccesses) {
      const analysis::Verdict& v = az.verdict(w, a);
      if (v.state != analysis::Verdict::State::Denied && !v.example) __builtin_trap();  // a verdict without its example
      (void)az.key_scope(w, a);
    }
  // What `diff` computes for a policy against itself: both sides try each other's object keys,
  // which here are its own, so every class reaches the same objects (diff says "no difference").
  analysis::Scope both = analysis::scope_of(t, *policy, std::nullopt, "projecta");
  both.more_keys_from = {policy.get()};
  const analysis::Analyzer twice(t, *policy, both);
  // az answers from the walk its summary() has just made, twice from a walk of its own.
  for (std::size_t w = 0; w < az.classes().size() && w < 16; ++w)
    for (analysis::Access a : analysis::kAccesses) {
      (void)az.summary(w, a);
      if (twice.reached_keys(az.classes()[w], a) != az.reached_keys(az.classes()[w], a))
        __builtin_trap();  // the same objects asked about twice, answered differently
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  const uint8_t variant = size > 0 ? data[size - 1] : 0;
  RunResult run;
  run.rules = engine().enabled_rules();
  // One target per input, chosen by its last byte: linting on all five every time made the
  // ASan build run 5x fewer inputs for the same coverage of target-dependent code.
  const Target t = kFuzzTargets[(variant >> 4) % std::size(kFuzzTargets)];
  run.files.push_back(engine().lint(SourceFile{"fuzz.json", bytes}, settings_for(t, variant)));
  // An unreadable entry too, as the reporters print errors differently.
  run.files.push_back(FileResult{SourceFile{"missing.json", {}}, {}, std::string("no such file or directory")});
  ReportOptions options;
  options.color = (variant & 8) != 0;
  std::ostringstream out;
  write_text(out, run, options);
  write_json(out, run, options);
  write_sarif(out, run, options);
  write_github(out, run, options);
  write_junit(out, run, options);
  explain(bytes, t);
  return 0;
}
