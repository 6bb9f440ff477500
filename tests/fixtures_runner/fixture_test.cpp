// The one generic fixture test. fixtures/rules/<ID>/<case>.json is a policy; beside it,
// <case>.expect lists the findings expected on the default target, and <case>.<target>.expect
// those on another target. An .expect file holds "<ID> <line>:<col>" lines and optional
// directives: "#! select: ID,ID" (default: only the directory's rule), "#! bucket: NAME",
// "#! owner: PROJECT", "#! known: ID=name,ID2", "#! relaxed-bucket-names" and, for the
// bucket-level rules, "#! bucket-facts: SPEC" (see support/bucket_facts_spec.h).
// Cases named fail_* must expect a finding of the directory's rule on some target; ok_* none on any.
// Adding a case is adding files.
#include <catch2/catch.hpp>
#include <filesystem>
#include <sstream>

#include "support/bucket_facts_spec.h"
#include "support/harness.h"

using namespace s3policy;
namespace fs = std::filesystem;

namespace {

struct Expectation {
  fs::path file;
  Target target = kDefaultTarget;
  std::vector<std::string> select;
  LintSettings settings;
  std::string bucket_facts;  // spec; empty: a file, not a live bucket
  std::vector<std::string> keys;
};

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::stringstream in(s);
  for (std::string part; std::getline(in, part, sep);) {
    part.erase(0, part.find_first_not_of(' '));
    part.erase(part.find_last_not_of(' ') + 1);
    if (!part.empty()) out.push_back(part);
  }
  return out;
}

Expectation read_expectation(const fs::path& file, const std::string& rule_dir, Target target) {
  Expectation e;
  e.file = file;
  e.target = target;
  e.settings.target = target;
  e.select = {rule_dir};
  std::istringstream in(test::read_file(file));
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("#! select:", 0) == 0) e.select = split(line.substr(10), ',');
    else if (line.rfind("#! bucket:", 0) == 0) e.settings.bucket = split(line.substr(10), ',').at(0);
    else if (line.rfind("#! owner:", 0) == 0) e.settings.projects.owner = split(line.substr(9), ',').at(0);
    else if (line.rfind("#! known:", 0) == 0)
      for (const std::string& entry : split(line.substr(9), ',')) {
        const auto eq = entry.find('=');
        e.settings.projects.known[entry.substr(0, eq)] = eq == std::string::npos ? "" : entry.substr(eq + 1);
      }
    else if (line.rfind("#! relaxed-bucket-names", 0) == 0) e.settings.relaxed_bucket_names = true;
    else if (line.rfind("#! bucket-facts:", 0) == 0) e.bucket_facts = line.substr(16);
    else if (line.empty() || line[0] == '#') continue;
    else e.keys.push_back(line.substr(0, line.find_last_not_of(" \r") + 1));
  }
  std::sort(e.keys.begin(), e.keys.end());
  return e;
}

// Every expectation file of a policy fixture: <case>.expect and <case>.<target>.expect.
std::vector<Expectation> expectations_for(const fs::path& policy, const std::string& rule_dir) {
  std::vector<Expectation> out;
  const std::string stem = policy.stem().string();
  const fs::path dir = policy.parent_path();
  if (fs::exists(dir / (stem + ".expect"))) out.push_back(read_expectation(dir / (stem + ".expect"), rule_dir, kDefaultTarget));
  for (const auto& t : kTargets) {
    const fs::path f = dir / (stem + "." + std::string(t.name) + ".expect");
    if (fs::exists(f)) out.push_back(read_expectation(f, rule_dir, t.target));
  }
  return out;
}

std::string join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += "\n    " + x;
  return s.empty() ? " (none)" : s;
}

}  // namespace

TEST_CASE("rule fixtures: expected findings, no more and no fewer", "[fixtures][long]") {
  const fs::path root = test::source_dir() / "fixtures" / "rules";
  std::vector<fs::path> policies;
  for (const auto& entry : fs::recursive_directory_iterator(root))
    if (entry.is_regular_file() && entry.path().extension() == ".json") policies.push_back(entry.path());
  std::sort(policies.begin(), policies.end());
  REQUIRE(policies.size() > 0);

  for (const fs::path& policy : policies) {
    const std::string rule_dir = policy.parent_path().filename().string();
    const std::string name = policy.filename().string();
    const auto expectations = expectations_for(policy, rule_dir);
    const std::string rel = fs::relative(policy, test::source_dir()).string();
    DYNAMIC_SECTION(rel) {
      INFO("fixture " << rel << " has no .expect file beside it");
      REQUIRE(!expectations.empty());
      const std::string bytes = test::read_file(policy);
      bool any_names_rule = false;
      for (const Expectation& e : expectations) {
        LintSettings settings = e.settings;
        BucketFacts facts;
        if (!e.bucket_facts.empty()) {
          facts = test::parse_bucket_facts(e.bucket_facts, bytes, policy.parent_path());
          settings.bucket_facts = &facts;
        }
        const FileResult r = test::lint_text(bytes, e.select, settings, rel);
        const auto got = test::finding_keys(r);
        std::string messages;
        for (const Finding& f : r.findings)
          messages += "\n    " + std::string(f.rule->id) + " " + std::to_string(f.location.start.line) + ":" +
                      std::to_string(f.location.start.column) + " " + f.message;
        INFO(e.file.filename().string() << " (target " << target_info(e.target).name << ")\n  expected:" << join(e.keys)
                                        << "\n  reported:" << messages);
        CHECK(got == e.keys);
        const bool names_rule = std::any_of(e.keys.begin(), e.keys.end(),
                                            [&](const std::string& k) { return k.rfind(rule_dir + " ", 0) == 0; });
        any_names_rule = any_names_rule || names_rule;
        if (name.rfind("ok_", 0) == 0) CHECK_FALSE(names_rule);
      }
      if (name.rfind("fail_", 0) == 0) {
        INFO(rel << " is a fail_ case but no .expect file names " << rule_dir);
        CHECK(any_names_rule);
      }
    }
  }
}
