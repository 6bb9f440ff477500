// --format junit: the XML must be well formed for any input (messages quote untrusted policy text),
// and say what GitLab and Jenkins read: one testcase per input, a failure for findings at or above
// --fail-on, an error for an input that could not be read. Checked with expat, a real XML parser.
#include <expat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>

#include "report/report.h"
#include "report/xml_text.h"
#include "support/harness.h"

using namespace s3policy;
using namespace std::string_literals;
namespace fs = std::filesystem;

namespace {

// The parsed document: every element with its attributes and character data, in document order.
struct Element {
  std::string name;
  std::map<std::string, std::string> attributes;
  std::string text;
  int depth = 0;
};

struct Parsed {
  bool ok = false;
  std::string error;  // expat's message and line when not well formed
  std::vector<Element> elements;
  std::vector<const Element*> named(std::string_view name) const {
    std::vector<const Element*> out;
    for (const Element& e : elements)
      if (e.name == name) out.push_back(&e);
    return out;
  }
};

Parsed parse_xml(const std::string& xml) {
  struct State {
    Parsed parsed;
    std::vector<std::size_t> open;
  } st;
  std::unique_ptr<XML_ParserStruct, void (*)(XML_Parser)> parser(XML_ParserCreate("UTF-8"), XML_ParserFree);
  XML_SetUserData(parser.get(), &st);
  XML_SetElementHandler(
      parser.get(),
      [](void* data, const XML_Char* name, const XML_Char** attrs) {
        auto& s = *static_cast<State*>(data);
        Element e;
        e.name = name;
        e.depth = static_cast<int>(s.open.size());
        for (std::size_t i = 0; attrs[i] != nullptr; i += 2) e.attributes[attrs[i]] = attrs[i + 1];
        s.open.push_back(s.parsed.elements.size());
        s.parsed.elements.push_back(std::move(e));
      },
      [](void* data, const XML_Char*) { static_cast<State*>(data)->open.pop_back(); });
  XML_SetCharacterDataHandler(parser.get(), [](void* data, const XML_Char* s, int len) {
    auto& state = *static_cast<State*>(data);
    if (!state.open.empty()) state.parsed.elements[state.open.back()].text.append(s, static_cast<std::size_t>(len));
  });
  if (XML_Parse(parser.get(), xml.data(), static_cast<int>(xml.size()), 1) == XML_STATUS_OK) {
    st.parsed.ok = true;
  } else {
    st.parsed.error = std::string(XML_ErrorString(XML_GetErrorCode(parser.get()))) + " at line " +
                      std::to_string(XML_GetCurrentLineNumber(parser.get()));
  }
  return std::move(st.parsed);
}

std::string junit(const RunResult& run, ReportOptions options = {}) {
  std::ostringstream out;
  write_junit(out, run, options);
  return out.str();
}

const RuleMeta kHostileRule{.id = "S3P999", .name = "hostile-rule", .summary = "test only"};

// A finding whose every string carries what XML 1.0 cannot hold or would misread.
Finding hostile_finding(Level level) {
  Finding f;
  f.rule = &kHostileRule;
  f.level = level;
  // Appended piecewise: GCC 12 warns falsely (-Warray-bounds) on long operator+ chains.
  f.message = "ends ]]> here; <b>&amp;</b> \"q\" 'a' NUL\0 BEL\x07 ESC\x1b[31m VT\x0b FF\x0c"s;
  f.message.append(" bad UTF-8 \xC3\x28 \xF0\x9F\x98 overlong \xC0\xAF surrogate \xED\xA0\x80 U+FFFF \xEF\xBF\xBF");
  f.message.append(" tab\tCR\rLF\n ok \xE2\x98\x95");
  f.help = "use <this> & ]]>";
  f.location.start = {3, 5};
  return f;
}

}  // namespace

TEST_CASE("junit: xml_text and xml_attribute keep only what XML 1.0 can carry", "[junit]") {
  CHECK(xml_text("a<b>&c]]>\"'") == "a&lt;b&gt;&amp;c]]&gt;\"'");
  CHECK(xml_attribute("a\"b'c\td\ne\rf") == "a&quot;b&apos;c&#9;d&#10;e&#13;f");
  CHECK(xml_text("x\0y\x01z\x7f"s) == "x\xEF\xBF\xBDy\xEF\xBF\xBDz\x7f");
  CHECK(xml_text("\xC3\x28") == "\xEF\xBF\xBD(");          // a lead byte without its continuation
  CHECK(xml_text("\xC0\xAF") == "\xEF\xBF\xBD\xEF\xBF\xBD");  // overlong '/'
  CHECK(xml_text("\xED\xA0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // a UTF-16 surrogate
  CHECK(xml_text("\xEF\xBF\xBE\xEF\xBF\xBF") == "\xEF\xBF\xBD\xEF\xBF\xBD");  // U+FFFE, U+FFFF
  CHECK(xml_text("Caf\xC3\xA9 \xE2\x98\x95 \xF0\x9F\x98\x80") == "Caf\xC3\xA9 \xE2\x98\x95 \xF0\x9F\x98\x80");
  CHECK(xml_text("\xF4\x90\x80\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // above U+10FFFF
}

TEST_CASE("junit: hostile messages, paths and errors still give well-formed XML that says the same", "[junit]") {
  RunResult run;
  FileResult bad;
  bad.source.path = "dir <&> \"quoted\"/new\nline\x01\xFF.json";
  bad.findings.push_back(hostile_finding(Level::Error));
  bad.findings.push_back(hostile_finding(Level::Warning));
  bad.findings.push_back(hostile_finding(Level::Error));
  bad.findings.back().suppressed = Suppression{"reviewed ]]> <ok>"};
  FileResult clean;
  clean.source.path = "clean.json";
  FileResult unreadable;
  unreadable.source.path = "gone\x02.json";
  unreadable.error = "cannot open: ]]> \"No such\" file\x1b";
  run.files = {bad, clean, unreadable};

  const std::string xml = junit(run);
  const Parsed doc = parse_xml(xml);
  INFO(xml);
  REQUIRE(doc.ok);
  INFO(doc.error);

  const auto suites = doc.named("testsuite");
  REQUIRE(suites.size() == 1);
  CHECK(suites[0]->attributes.at("tests") == "3");
  CHECK(suites[0]->attributes.at("failures") == "1");
  CHECK(suites[0]->attributes.at("errors") == "1");
  const auto cases = doc.named("testcase");
  REQUIRE(cases.size() == 3);
  // Attribute values come back as written, with what XML cannot hold as U+FFFD.
  CHECK(cases[0]->attributes.at("name") == "dir <&> \"quoted\"/new\nline\xEF\xBF\xBD\xEF\xBF\xBD.json");
  CHECK(cases[0]->attributes.at("file") == cases[0]->attributes.at("name"));

  const auto failures = doc.named("failure");
  REQUIRE(failures.size() == 1);  // the error-level finding; the warning is below --fail-on
  CHECK(failures[0]->attributes.at("type") == "S3P999");
  CHECK(failures[0]->attributes.at("message") == "1 finding at or above error: S3P999 hostile-rule at 3:5");
  const std::string& body = failures[0]->text;
  CHECK_THAT(body, Catch::StartsWith("dir <&> \"quoted\"/new\nline"));
  CHECK_THAT(body, Catch::Contains(":3:5: error[S3P999 hostile-rule]: ends ]]> here; <b>&amp;</b> \"q\" 'a' NUL"));
  CHECK_THAT(body, Catch::Contains(" bad UTF-8 \xEF\xBF\xBD( "));
  CHECK_THAT(body, Catch::Contains(" tab\tCR\rLF\n ok \xE2\x98\x95\n  help: use <this> & ]]>\n"));
  CHECK_THAT(body, !Catch::Contains("reviewed"));  // suppressed: not shown without --show-suppressed

  const auto out = doc.named("system-out");
  REQUIRE(out.size() == 1);
  CHECK_THAT(out[0]->text, Catch::Contains(": warning[S3P999 hostile-rule]: ends ]]> here"));

  const auto errors = doc.named("error");
  REQUIRE(errors.size() == 1);
  CHECK(errors[0]->attributes.at("type") == "unreadable");
  CHECK(errors[0]->attributes.at("message") == "cannot open: ]]> \"No such\" file\xEF\xBF\xBD");
  CHECK(cases[2]->attributes.at("name") == "gone\xEF\xBF\xBD.json");

  SECTION("--show-suppressed lists the suppressed finding in system-out with its reason") {
    ReportOptions options;
    options.show_suppressed = true;
    const Parsed shown = parse_xml(junit(run, options));
    REQUIRE(shown.ok);
    CHECK_THAT(shown.named("system-out")[0]->text, Catch::Contains("  suppressed: reviewed ]]> <ok>\n"));
  }
  SECTION("--fail-on warning makes the warning part of the failure") {
    run.fail_level = Level::Warning;
    const Parsed strict = parse_xml(junit(run));
    REQUIRE(strict.ok);
    REQUIRE(strict.named("failure").size() == 1);
    CHECK(strict.named("failure")[0]->attributes.at("message") ==
          "2 findings at or above warning: S3P999 hostile-rule at 3:5; S3P999 hostile-rule at 3:5");
    CHECK(strict.named("system-out").empty());
  }
}

TEST_CASE("junit: the binary's report for invalid UTF-8, control characters and unreadable inputs parses",
          "[junit][cli]") {
  char tmpl[] = "/tmp/s3p-junit-XXXXXX";
  const fs::path dir = ::mkdtemp(tmpl);
  auto write = [&](const std::string& name, const std::string& bytes) {
    std::ofstream(dir / name, std::ios::binary) << bytes;
    return "'" + (dir / name).string() + "'";
  };
  const std::string files =
      write("utf8.json", "{\"Ver\xC3\x28sion\": \"2012-10-17\"}") + " " +
      write("ctrl.json", "{\"Version\": \"2012-10-17\"\0\x01]]>, \"Id\": 1}"s) + " " +
      write("action.json", "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Principal\": "
                           "{\"AWS\": \"arn:aws:iam::p:root\"}, \"Action\": \"s3:Get]]><x>&Object\", "
                           "\"Resource\": \"arn:aws:s3:::b/*\"}]}") +
      " " +
      write("good.json", "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Principal\": "
                         "{\"AWS\": \"arn:aws:iam::projectb:root\"}, \"Action\": \"s3:GetObject\", "
                         "\"Resource\": \"arn:aws:s3:::shared-data/*\"}]}") +
      " '" +
      (dir / "missing.json").string() + "'";
  const auto r = test::run_cli("lint --no-config --format junit " + files);
  CHECK(r.exit_code == 2);  // an unreadable input wins over findings
  const Parsed doc = parse_xml(r.out);
  INFO(r.out);
  REQUIRE(doc.ok);
  INFO(doc.error);
  CHECK(doc.named("testcase").size() == 5);
  CHECK(doc.named("error").size() == 1);
  const auto failures = doc.named("failure");
  REQUIRE(failures.size() == 3);
  CHECK_THAT(failures[0]->text, Catch::Contains("error[S3P004 invalid-encoding]"));
  CHECK_THAT(failures[2]->text, Catch::Contains("\"s3:Get]]><x>&Object\""));
  // good.json has only a note: its case passes and lists the note.
  const auto notes = doc.named("system-out");
  REQUIRE(notes.size() == 1);
  CHECK_THAT(notes[0]->text, Catch::Contains("good.json:1:"));
  CHECK_THAT(notes[0]->text, Catch::Contains(": note[S3P605 cross-project-access]: "));

  // audit takes the same formats (a build without online support has no audit options to list).
  const auto audit_help = test::run_cli("audit --help");
  if (audit_help.out.find("built without online support") == std::string::npos)
    CHECK_THAT(audit_help.out, Catch::Contains("junit"));
  fs::remove_all(dir);
}
