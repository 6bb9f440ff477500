// JUnit XML, as GitLab CI (artifacts:reports:junit) and Jenkins (the junit step) read it: one
// <testsuite> per run, one <testcase> per input. Findings at or above the run's --fail-on level make
// the case fail; the rest are listed in its <system-out>, so the test report shows them without
// failing the case. An input that could not be read is an <error>. Several CI parsers keep only the
// first <failure> of a case, so all failing findings of an input share one <failure> element.
#include <set>
#include <sstream>

#include "report.h"
#include "report/xml_text.h"
#include "rule.h"

namespace s3policy {

namespace {

std::string position(const Finding& f) {
  return std::to_string(f.location.start.line) + ":" + std::to_string(f.location.start.column);
}

// "policy.json:3:5: error[S3P201 unknown-action]: message", then its notes and help indented.
void describe(std::ostream& out, const std::string& path, const Finding& f) {
  out << path << ':' << position(f) << ": " << level_name(f.level) << '[' << f.rule->id << ' ' << f.rule->name
      << "]: " << f.message << '\n';
  for (const RelatedNote& n : f.notes)
    out << "  note: " << n.message << " (" << n.location.start.line << ':' << n.location.start.column << ")\n";
  if (!f.help.empty()) out << "  help: " << f.help << '\n';
  if (f.suppressed) out << "  suppressed: " << f.suppressed->justification << '\n';
}

struct CaseFindings {
  std::vector<const Finding*> failing, other;
};

CaseFindings split(const FileResult& file, const RunResult& run, const ReportOptions& options) {
  CaseFindings c;
  for (const Finding& f : file.findings) {
    if (f.suppressed) {
      if (options.show_suppressed) c.other.push_back(&f);
    } else {
      (f.level >= run.fail_level ? c.failing : c.other).push_back(&f);
    }
  }
  return c;
}

void write_failure(std::ostream& out, const FileResult& file, const std::vector<const Finding*>& failing,
                   const RunResult& run) {
  std::string message = std::to_string(failing.size()) + (failing.size() == 1 ? " finding" : " findings") +
                        " at or above " + std::string(level_name(run.fail_level)) + ": ";
  std::set<std::string_view> ids;
  std::ostringstream body;
  for (std::size_t i = 0; i < failing.size(); ++i) {
    const Finding& f = *failing[i];
    ids.insert(f.rule->id);
    if (i > 0) message += "; ";
    message += std::string(f.rule->id) + " " + std::string(f.rule->name) + " at " + position(f);
    describe(body, file.source.path, f);
  }
  std::string type;
  for (std::string_view id : ids) type += (type.empty() ? "" : ",") + std::string(id);
  out << "      <failure message=\"" << xml_attribute(message) << "\" type=\"" << xml_attribute(type) << "\">"
      << xml_text(body.str()) << "</failure>\n";
}

}  // namespace

void write_junit(std::ostream& out, const RunResult& run, const ReportOptions& options) {
  std::size_t failures = 0, errors = 0;
  std::vector<CaseFindings> cases;
  cases.reserve(run.files.size());
  for (const FileResult& file : run.files) {
    cases.push_back(split(file, run, options));
    if (file.error) ++errors;
    else if (!cases.back().failing.empty()) ++failures;
  }
  const std::string counts = "tests=\"" + std::to_string(run.files.size()) + "\" failures=\"" +
                             std::to_string(failures) + "\" errors=\"" + std::to_string(errors) + "\"";
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << "<testsuites name=\"s3policy\" " << counts << ">\n";
  out << "  <testsuite name=\"s3policy\" " << counts << " skipped=\"0\">\n";
  out << "    <properties>\n";
  out << "      <property name=\"fail-on\" value=\"" << level_name(run.fail_level) << "\"/>\n";
  out << "    </properties>\n";
  for (std::size_t i = 0; i < run.files.size(); ++i) {
    const FileResult& file = run.files[i];
    const std::string path = xml_attribute(file.source.path);
    out << "    <testcase classname=\"s3policy\" name=\"" << path << "\" file=\"" << path << "\">\n";
    if (file.error) {
      out << "      <error message=\"" << xml_attribute(*file.error) << "\" type=\"unreadable\">"
          << xml_text(file.source.path + ": " + *file.error) << "</error>\n";
    } else if (!cases[i].failing.empty()) {
      write_failure(out, file, cases[i].failing, run);
    }
    if (!cases[i].other.empty()) {
      std::ostringstream body;
      for (const Finding* f : cases[i].other) describe(body, file.source.path, *f);
      out << "      <system-out>" << xml_text(body.str()) << "</system-out>\n";
    }
    out << "    </testcase>\n";
  }
  out << "  </testsuite>\n";
  out << "</testsuites>\n";
}

}  // namespace s3policy
