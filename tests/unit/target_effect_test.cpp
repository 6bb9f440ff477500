// A finding's target effect and its message must tell the same story: a message that says the
// target rejects the whole policy carries TargetEffect::RejectsPolicy, one that says the target
// silently drops something carries DropsElement, and neither effect appears without its words.
// Checked on every policy of fixtures/rules and fixtures/acceptance, on every target, with every
// rule enabled: a rule that changes its wording without its verdict (or the reverse) fails here.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>

#include "support/harness.h"

using namespace s3policy;
namespace fs = std::filesystem;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// The target itself (not another server the message compares with) is said to refuse the policy.
bool says_rejects(const std::string& message, Target target) {
  const std::string display(target_info(target).display);
  return contains(message, display + " rejects") || contains(message, display + " may reject") ||
         contains(message, "S3 rejects") || contains(message, "and rejects the whole policy") ||
         contains(message, "and rejects a larger one") || contains(message, "answers 416");
}

bool says_drops(const std::string& message, Target target) {
  const std::string display(target_info(target).display);
  return contains(message, display + " silently drops") || contains(message, display + " accepts the policy but");
}

std::vector<fs::path> all_fixture_policies() {
  std::vector<fs::path> out;
  for (const char* dir : {"rules", "acceptance"})
    for (const auto& entry : fs::recursive_directory_iterator(test::source_dir() / "fixtures" / dir))
      if (entry.is_regular_file() && entry.path().extension() == ".json" &&
          entry.path().filename() != ".s3policy.json")
        out.push_back(entry.path());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("target effect: every finding's effect matches what its message says", "[target-effect]") {
  const auto policies = all_fixture_policies();
  REQUIRE(policies.size() > 100);
  RuleSelection every_rule;
  every_rule.select = {"S3P"};  // an ID prefix: also the rules that are off by default
  const Engine engine(all_rules(), every_rule, InputLimits{});
  std::size_t rejects = 0, drops = 0;
  for (const auto& info : kTargets) {
    DYNAMIC_SECTION(info.name) {
      LintSettings settings;
      settings.target = info.target;
      settings.projects.owner = "projecta";  // the owner the fixtures' tenanted ARNs are written for
      for (const fs::path& policy : policies) {
        const FileResult r = engine.lint(SourceFile{policy.string(), test::read_file(policy)}, settings);
        for (const Finding& f : r.findings) {
          const bool rejected = f.target_effect == TargetEffect::RejectsPolicy;
          const bool dropped = f.target_effect == TargetEffect::DropsElement;
          rejects += rejected ? 1 : 0;
          drops += dropped ? 1 : 0;
          if (rejected == says_rejects(f.message, info.target) && dropped == says_drops(f.message, info.target))
            continue;
          FAIL_CHECK(fs::relative(policy, test::source_dir()).string()
                     << ": " << f.rule->id << " " << f.location.start.line << ":" << f.location.start.column
                     << " has target effect " << target_effect_name(f.target_effect) << " but says: " << f.message);
        }
      }
      // Each target has findings of the kinds it can produce (AWS drops nothing; Pacific drops).
      CHECK(rejects > 0);
      if (info.target == Target::CephPacific) CHECK(drops > 0);
      if (info.target == Target::Aws) CHECK(drops == 0);
    }
  }
}
