// JUnit XML, as GitLab CI (artifacts:reports:junit) and Jenkins (the junit step) read it: one
// <testsuite> per run, one <testcase> per input. Findings at or above the run's --fail-on level make
// the case fail; the rest are listed in its <system-out>, so the test report shows them without
// failing the case. An input that could not be read is an <error>. Several CI parsers keep only the
// first <failure> of a case, so all failing findings of an input share one <failure> element.
#include <set>
#include <sstream>

#include "report.h"
#include "report/spool.h"
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

CaseFindings split(const FileResult& file, Level fail_level, const ReportOptions& options) {
  CaseFindings c;
  for (const Finding& f : file.findings) {
    if (f.suppressed) {
      if (options.show_suppressed) c.other.push_back(&f);
    } else {
      (f.level >= fail_level ? c.failing : c.other).push_back(&f);
    }
  }
  return c;
}

void write_failure(std::ostream& out, const FileResult& file, const std::vector<const Finding*>& failing,
                   Level fail_level) {
  std::string message = std::to_string(failing.size()) + (failing.size() == 1 ? " finding" : " findings") +
                        " at or above " + std::string(level_name(fail_level)) + ": ";
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

// The counts go on the root elements, before the cases: the cases wait in a spool until the last
// one is known.
class JunitReport final : public ReportStream {
 public:
  JunitReport(std::ostream& out, Level fail_level, const ReportOptions& options)
      : out_(out), fail_level_(fail_level), options_(options) {}

  void add(const FileResult& file) override {
    ++tests_;
    const CaseFindings found = split(file, fail_level_, options_);
    if (file.error) ++errors_;
    else if (!found.failing.empty()) ++failures_;
    std::ostream& out = cases_.stream();
    const std::string path = xml_attribute(file.source.path);
    out << "    <testcase classname=\"s3policy\" name=\"" << path << "\" file=\"" << path << "\">\n";
    if (file.error) {
      out << "      <error message=\"" << xml_attribute(*file.error) << "\" type=\"unreadable\">"
          << xml_text(file.source.path + ": " + *file.error) << "</error>\n";
    } else if (!found.failing.empty()) {
      write_failure(out, file, found.failing, fail_level_);
    }
    if (!found.other.empty()) {
      std::ostringstream body;
      for (const Finding* f : found.other) describe(body, file.source.path, *f);
      out << "      <system-out>" << xml_text(body.str()) << "</system-out>\n";
    }
    out << "    </testcase>\n";
  }

  void finish() override {
    const std::string counts = "tests=\"" + std::to_string(tests_) + "\" failures=\"" + std::to_string(failures_) +
                               "\" errors=\"" + std::to_string(errors_) + "\"";
    out_ << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    out_ << "<testsuites name=\"s3policy\" " << counts << ">\n";
    out_ << "  <testsuite name=\"s3policy\" " << counts << " skipped=\"0\">\n";
    out_ << "    <properties>\n";
    out_ << "      <property name=\"fail-on\" value=\"" << level_name(fail_level_) << "\"/>\n";
    out_ << "    </properties>\n";
    if (!cases_.copy_to(out_)) out_.setstate(std::ios::badbit);
    out_ << "  </testsuite>\n";
    out_ << "</testsuites>\n";
  }

 private:
  std::ostream& out_;
  const Level fail_level_;
  const ReportOptions options_;
  Spool cases_;
  std::size_t tests_ = 0, failures_ = 0, errors_ = 0;
};

}  // namespace

std::unique_ptr<ReportStream> open_junit(std::ostream& out, const RunHeader& run, const ReportOptions& options) {
  return std::make_unique<JunitReport>(out, run.fail_level, options);
}

}  // namespace s3policy
