// libFuzzer target over the whole offline pipeline: bytes -> input facts -> located JSON ->
// policy model -> every registered rule (enabled by default or not) -> every reporter, on one of
// the targets (picked by the input's last byte, so the fuzzer explores all of them). Built with ASan+UBSan (no recovery), so a memory error, undefined behaviour, an
// uncaught exception or a hang (-timeout) is a crash. See docs/fuzzing.md.
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <sstream>
#include <string>

#include "engine.h"
#include "report/report.h"
#include "rules/registry.h"

namespace {

using namespace s3policy;

constexpr Target kFuzzTargets[] = {Target::Aws, Target::CephPacific, Target::CephReef, Target::CephSquid,
                               Target::CephTentacle};

const Engine& engine() {
  // "S3P" selects every rule, including those off by default.
  static const Engine e(all_rules(), RuleSelection{{"S3P"}, {}, {}}, InputLimits{});
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
  return 0;
}
