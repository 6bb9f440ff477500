// Reporter output pinned by golden files: fixtures/report/<name>.json is linted with the rules
// listed below on the default target, and each format must equal tests/golden/<name>.<ext>.
// S3POLICY_UPDATE_GOLDEN=1 rewrites the files (review the diff). The SARIF's absolute base
// directory and the version are redacted so the files do not depend on the machine, and rule help
// taken from the doc pages is reduced to a marker (the doc pages are tested on their own).
#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>

#include "report/report.h"
#include "support/harness.h"

using namespace s3policy;

namespace {

const std::vector<std::string> kRules = {"S3P0", "S3P1", "S3P2", "S3P401", "S3P506"};

std::string redact(std::string text) {
  text = std::regex_replace(text, std::regex("\"file://[^\"]*/\""), "\"file:///[SRCROOT]/\"");
  text = std::regex_replace(text, std::regex(std::string("\"") + S3POLICY_VERSION + "\""), "\"[VERSION]\"");
  // Rule help comes from the doc pages, which have tests of their own; pin only its presence.
  // (A hand scan: std::regex recurses per character and overflows on page-long strings.)
  for (const std::string key : {"\"markdown\": \"", "\"fullDescription\": {\n                \"text\": \""}) {
    for (std::size_t at = text.find(key); at != std::string::npos; at = text.find(key, at + 1)) {
      std::size_t i = at + key.size();
      while (i < text.size() && text[i] != '"') i += text[i] == '\\' ? 2 : 1;
      text.replace(at + key.size(), i - at - key.size(), "[FROM THE DOC PAGE]");
    }
  }
  return text;
}

}  // namespace

TEST_CASE("golden: text, json, sarif, github and junit output", "[golden]") {
  const bool update = std::getenv("S3POLICY_UPDATE_GOLDEN") != nullptr;
  for (const std::string name : {"mixed", "syntax-error", "minified"}) {
    const std::string rel = "fixtures/report/" + name + ".json";
    RunResult run;
    run.files.push_back(test::lint_text(test::read_file(test::source_dir() / rel), kRules, {}, rel));
    FileResult missing;
    missing.source.path = "fixtures/report/missing.json";
    missing.error = "no such file or directory";
    run.files.push_back(missing);
    RuleSelection sel;
    sel.select = kRules;
    Engine engine(all_rules(), sel, {});
    run.rules = engine.enabled_rules();
    ReportOptions options;
    options.base_dir = "/[SRCROOT]/";
    const std::vector<std::pair<std::string, void (*)(std::ostream&, const RunResult&, const ReportOptions&)>> formats =
        {{"txt", write_text},     {"json", write_json},   {"sarif", write_sarif},
         {"github", write_github}, {"junit.xml", write_junit}};
    for (const auto& [ext, writer] : formats) {
      std::ostringstream out;
      writer(out, run, options);
      const std::string got = redact(out.str());
      const auto golden = test::source_dir() / "tests" / "golden" / (name + "." + ext);
      if (update) std::ofstream(golden, std::ios::binary | std::ios::trunc) << got;
      INFO(golden.string() << " differs; if the change is intended: S3POLICY_UPDATE_GOLDEN=1 and review the diff");
      CHECK(got == test::read_file(golden));
    }
  }
}
