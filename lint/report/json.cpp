// The JSON format: a stable, versioned contract for tools (docs/output-formats.md).
#include <utility>

#include "json_writer.h"
#include "report.h"
#include "rule.h"

namespace s3policy {

namespace {

// Findings are written file by file; the unreadable inputs and the summary that follow them are
// the only things kept until the end.
class JsonReport final : public ReportStream {
 public:
  JsonReport(std::ostream& out, const ReportOptions& options) : out_(out), show_suppressed_(options.show_suppressed) {
    auto& w = j_.w();
    w.StartObject();
    j_.kv("version", 1);
    j_.key("tool");
    w.StartObject();
    j_.kv("name", "s3policy");
    j_.kv("version", S3POLICY_VERSION);
    w.EndObject();
    j_.key("findings");
    w.StartArray();
    j_.pass_to(out_);
  }

  void add(const FileResult& file) override {
    ++files_;
    tally_.add(file);
    if (file.error) unreadable_.emplace_back(file.source.path, *file.error);
    for (const Finding& f : file.findings)
      if (!f.suppressed || show_suppressed_) write_finding(file, f);
    j_.pass_to(out_);
  }

  void finish() override {
    auto& w = j_.w();
    w.EndArray();
    j_.key("errors");
    w.StartArray();
    for (const auto& [source, message] : unreadable_) {
      w.StartObject();
      j_.kv("source", source);
      j_.kv("message", message);
      w.EndObject();
    }
    w.EndArray();
    j_.key("summary");
    w.StartObject();
    j_.kv("files", files_);
    j_.kv("errors", tally_.errors);
    j_.kv("warnings", tally_.warnings);
    j_.kv("notes", tally_.notes);
    j_.kv("unreadable", tally_.unreadable);
    j_.kv("suppressed", tally_.suppressed);
    w.EndObject();
    w.EndObject();
    j_.pass_to(out_);
    out_ << '\n';
  }

 private:
  void write_finding(const FileResult& file, const Finding& f) {
    auto& w = j_.w();
    w.StartObject();
    j_.kv("rule", f.rule->id);
    j_.kv("name", f.rule->name);
    j_.kv("level", level_name(f.level));
    j_.kv("message", f.message);
    j_.kv("source", file.source.path);
    j_.kv("line", f.location.start.line);
    j_.kv("column", f.location.start.column);
    j_.kv("end_line", f.location.end.line);
    j_.kv("end_column", f.location.end.column);
    j_.kv("pointer", f.location.pointer);
    j_.kv("fingerprint", fingerprint(file, f));
    j_.kv("target_effect", target_effect_name(f.target_effect));
    if (!f.help.empty()) j_.kv("help", f.help);
    if (!f.fix.empty()) j_.kv("fix", f.fix_safety == FixSafety::Safe ? "safe" : "unsafe");
    if (!f.sid.empty()) j_.kv("sid", f.sid);
    if (f.suppressed) j_.kv("suppressed", f.suppressed->justification);
    if (!f.notes.empty()) {
      j_.key("notes");
      w.StartArray();
      for (const RelatedNote& n : f.notes) {
        w.StartObject();
        j_.kv("message", n.message);
        j_.kv("line", n.location.start.line);
        j_.kv("column", n.location.start.column);
        j_.kv("pointer", n.location.pointer);
        w.EndObject();
      }
      w.EndArray();
    }
    w.EndObject();
  }

  std::ostream& out_;
  const bool show_suppressed_;
  JsonStream j_;
  Tally tally_;
  std::size_t files_ = 0;
  std::vector<std::pair<std::string, std::string>> unreadable_;  // source, message
};

// GitHub Actions workflow commands; '%', CR and LF must be escaped in properties and data.
std::string escape_command(std::string_view s, bool property) {
  std::string o;
  for (char c : s) {
    if (c == '%') o += "%25";
    else if (c == '\r') o += "%0D";
    else if (c == '\n') o += "%0A";
    else if (property && c == ':') o += "%3A";
    else if (property && c == ',') o += "%2C";
    else o += c;
  }
  return o;
}

class GithubReport final : public ReportStream {
 public:
  explicit GithubReport(std::ostream& out) : out_(out) {}

  void add(const FileResult& file) override {
    const std::string path = escape_command(file.source.path, true);
    if (file.error) out_ << "::error file=" << path << "::" << escape_command(*file.error, false) << '\n';
    for (const Finding& f : file.findings) {
      if (f.suppressed) continue;
      const char* cmd = f.level == Level::Error ? "error" : f.level == Level::Warning ? "warning" : "notice";
      out_ << "::" << cmd << " file=" << path << ",line=" << f.location.start.line
           << ",col=" << f.location.start.column << ",endLine=" << f.location.end.line
           << ",endColumn=" << f.location.end.column << ",title=" << escape_command(f.rule->id, true) << ' '
           << escape_command(f.rule->name, true) << "::" << escape_command(f.message, false) << '\n';
    }
  }

  void finish() override {}

 private:
  std::ostream& out_;
};

}  // namespace

std::unique_ptr<ReportStream> open_json(std::ostream& out, const RunHeader&, const ReportOptions& options) {
  return std::make_unique<JsonReport>(out, options);
}

std::unique_ptr<ReportStream> open_github(std::ostream& out, const RunHeader&, const ReportOptions&) {
  return std::make_unique<GithubReport>(out);
}

}  // namespace s3policy
