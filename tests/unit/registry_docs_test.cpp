// Every rule is complete: valid metadata, a doc page with the fixed headings whose examples
// really fire / stay quiet, a row in the generated index, and failing + passing fixtures.
#include <algorithm>

#include <catch2/catch.hpp>
#include <filesystem>
#include <regex>
#include <set>
#include <sstream>

#include "cli/commands.h"
#include "docs.h"
#include "support/bucket_facts_spec.h"
#include "support/harness.h"

using namespace s3policy;
namespace fs = std::filesystem;

namespace {

struct DocExample {
  std::string json;
  LintSettings settings;
  std::string facts;
  bool found = false;
};

// The first ```json block after `heading`. Its info string may carry target=NAME, bucket=NAME,
// owner=PROJECT, known=ID=name,ID2 and, for bucket-level rules, facts=SPEC (the block is then
// the live policy, empty for a bucket without one; see support/bucket_facts_spec.h).
DocExample example_after(std::string_view doc, std::string_view heading) {
  DocExample ex;
  auto at = doc.find(heading);
  if (at == std::string_view::npos) return ex;
  auto fence = doc.find("```json", at);
  auto next_heading = doc.find("\n## ", at + heading.size());
  if (fence == std::string_view::npos || (next_heading != std::string_view::npos && fence > next_heading)) return ex;
  const auto info_end = doc.find('\n', fence);
  const std::string info(doc.substr(fence + 7, info_end - fence - 7));
  std::smatch m;
  if (std::regex_search(info, m, std::regex("target=([a-z-]+)"))) ex.settings.target = *parse_target(m[1].str());
  if (std::regex_search(info, m, std::regex("bucket=([A-Za-z0-9.:_-]+)"))) ex.settings.bucket = m[1].str();
  if (std::regex_search(info, m, std::regex("owner=([^ ]+)"))) ex.settings.projects.owner = m[1].str();
  if (std::regex_search(info, m, std::regex("known=([^ ]+)"))) {
    std::stringstream list(m[1].str());
    for (std::string entry; std::getline(list, entry, ',');) {
      const auto eq = entry.find('=');
      ex.settings.projects.known[entry.substr(0, eq)] = eq == std::string::npos ? "" : entry.substr(eq + 1);
    }
  }
  if (std::regex_search(info, m, std::regex("facts=([^ ]+)"))) ex.facts = m[1].str();
  const auto close = doc.find("\n```", info_end);
  ex.json = std::string(doc.substr(info_end + 1, close - info_end));
  ex.found = true;
  return ex;
}

}  // namespace

TEST_CASE("registry: IDs and names are unique, well-formed and sorted", "[meta]") {
  std::set<std::string_view> ids, names;
  std::string_view previous;
  for (const Rule* r : all_rules()) {
    const RuleMeta& m = r->meta();
    INFO(m.id << " " << m.name);
    CHECK(std::regex_match(std::string(m.id), std::regex("S3P[0-9]{3}")));
    CHECK(std::regex_match(std::string(m.name), std::regex("[a-z0-9]+(-[a-z0-9]+)*")));
    CHECK(ids.insert(m.id).second);
    CHECK(names.insert(m.name).second);
    CHECK(previous < m.id);
    CHECK_FALSE(m.summary.empty());
    CHECK(m.summary.back() != '.');
    previous = m.id;
  }
}

TEST_CASE("docs: every rule has a page with the fixed headings and a matching header", "[meta][docs]") {
  for (const Rule* r : all_rules()) {
    const RuleMeta& m = r->meta();
    DYNAMIC_SECTION(m.id) {
      const auto doc = rule_doc(m.id);
      INFO("docs/rules/" << m.id << ".md is missing or not embedded");
      REQUIRE(doc.has_value());
      const std::string header = "# " + std::string(m.id) + " " + std::string(m.name) + "\n";
      CHECK(doc->substr(0, header.size()) == header);
      const std::string meta_line = "Level: " + std::string(level_name(m.level)) + " · Category: " +
                                    std::string(category_name(m.category)) +
                                    " · Default: " + (m.enabled_by_default ? "on" : "off");
      INFO("expected the metadata line: " << meta_line);
      CHECK(doc->find("\n" + meta_line + "\n") != std::string_view::npos);
      std::size_t last = 0;
      for (const char* h : {"## What it does", "## Why is this bad?", "## Example", "## Use instead", "## Options",
                            "## References"}) {
        const auto at = doc->find(std::string("\n") + h + "\n");
        INFO("heading " << h);
        CHECK(at != std::string_view::npos);
        CHECK(at > last);
        if (at != std::string_view::npos) last = at;
      }
    }
  }
}

TEST_CASE("docs: the Example fires the rule and Use instead does not", "[meta][docs]") {
  for (const Rule* r : all_rules()) {
    const RuleMeta& m = r->meta();
    const auto doc = rule_doc(m.id);
    if (!doc) continue;  // reported by the test above
    DYNAMIC_SECTION(m.id) {
      const DocExample bad = example_after(*doc, "\n## Example\n");
      const DocExample good = example_after(*doc, "\n## Use instead\n");
      REQUIRE(bad.found);
      REQUIRE(good.found);
      // Bucket facts live here, so the settings' pointer stays valid while linting.
      BucketFacts bad_facts, good_facts;
      LintSettings bad_settings = bad.settings, good_settings = good.settings;
      if (!bad.facts.empty()) {
        bad_facts = test::parse_bucket_facts(bad.facts, bad.json);
        bad_settings.bucket_facts = &bad_facts;
      }
      if (!good.facts.empty()) {
        good_facts = test::parse_bucket_facts(good.facts, good.json);
        good_settings.bucket_facts = &good_facts;
      }
      const auto fired = test::lint_text(bad.json, {std::string(m.id)}, bad_settings, "example.json");
      INFO("Example of " << m.id << " must produce a finding of it");
      CHECK_FALSE(fired.findings.empty());
      // And with every default rule, as a reader who copies it sees it: not left out in favour of
      // another rule's finding (RuleMeta::defers_to).
      if (m.enabled_by_default) {
        const auto by_default = test::lint_text(bad.json, {}, bad_settings, "example.json");
        INFO("Example of " << m.id << " must produce a finding of it with the default rules too");
        CHECK(std::any_of(by_default.findings.begin(), by_default.findings.end(),
                          [&](const Finding& f) { return f.rule->id == m.id; }));
      }
      const auto quiet = test::lint_text(good.json, {std::string(m.id)}, good_settings, "use-instead.json");
      std::string messages;
      for (const Finding& f : quiet.findings) messages += f.message + "\n";
      INFO("Use instead of " << m.id << " must be clean, got: " << messages);
      CHECK(quiet.findings.empty());
    }
  }
}

TEST_CASE("docs: docs/rules/index.md equals the generated index", "[meta][docs]") {
  const std::string on_disk = test::read_file(test::source_dir() / "docs" / "rules" / "index.md");
  INFO("regenerate with: s3policy rules --format markdown > docs/rules/index.md");
  CHECK(on_disk == cli::rules_markdown_index());
}

TEST_CASE("docs: every page under docs/rules/ belongs to a registered rule", "[meta][docs]") {
  for (const auto& entry : fs::directory_iterator(test::source_dir() / "docs" / "rules")) {
    const std::string name = entry.path().filename().string();
    if (name == "index.md") continue;
    INFO(name);
    CHECK(find_rule(entry.path().stem().string()) != nullptr);
  }
}

TEST_CASE("fixtures: every rule has failing and passing cases", "[meta][fixtures]") {
  for (const Rule* r : all_rules()) {
    const std::string id(r->meta().id);
    const fs::path dir = test::source_dir() / "fixtures" / "rules" / id;
    bool fail = false, ok = false;
    if (fs::is_directory(dir))
      for (const auto& entry : fs::directory_iterator(dir)) {
        const std::string name = entry.path().filename().string();
        if (entry.path().extension() != ".json") continue;
        fail = fail || name.rfind("fail_", 0) == 0;
        ok = ok || name.rfind("ok_", 0) == 0;
      }
    INFO("fixtures/rules/" << id << "/ needs fail_*.json and ok_*.json cases");
    CHECK(fail);
    CHECK(ok);
  }
}
