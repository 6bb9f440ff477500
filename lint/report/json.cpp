// The JSON format: a stable, versioned contract for tools (docs/output-formats.md).
#include "json_writer.h"
#include "report.h"
#include "rule.h"

namespace s3policy {

void write_json(std::ostream& out, const RunResult& run, const ReportOptions& options) {
  JsonOut j;
  auto& w = j.w();
  w.StartObject();
  j.kv("version", 1);
  j.key("tool");
  w.StartObject();
  j.kv("name", "s3policy");
  j.kv("version", S3POLICY_VERSION);
  w.EndObject();
  j.key("findings");
  w.StartArray();
  for (const FileResult& file : run.files) {
    for (const Finding& f : file.findings) {
      if (f.suppressed && !options.show_suppressed) continue;
      w.StartObject();
      j.kv("rule", f.rule->id);
      j.kv("name", f.rule->name);
      j.kv("level", level_name(f.level));
      j.kv("message", f.message);
      j.kv("source", file.source.path);
      j.kv("line", f.location.start.line);
      j.kv("column", f.location.start.column);
      j.kv("end_line", f.location.end.line);
      j.kv("end_column", f.location.end.column);
      j.kv("pointer", f.location.pointer);
      j.kv("fingerprint", fingerprint(file, f));
      j.kv("target_effect", target_effect_name(f.target_effect));
      if (!f.help.empty()) j.kv("help", f.help);
      if (!f.fix.empty()) j.kv("fix", f.fix_safety == FixSafety::Safe ? "safe" : "unsafe");
      if (!f.sid.empty()) j.kv("sid", f.sid);
      if (f.suppressed) j.kv("suppressed", f.suppressed->justification);
      if (!f.notes.empty()) {
        j.key("notes");
        w.StartArray();
        for (const RelatedNote& n : f.notes) {
          w.StartObject();
          j.kv("message", n.message);
          j.kv("line", n.location.start.line);
          j.kv("column", n.location.start.column);
          j.kv("pointer", n.location.pointer);
          w.EndObject();
        }
        w.EndArray();
      }
      w.EndObject();
    }
  }
  w.EndArray();
  j.key("errors");
  w.StartArray();
  for (const FileResult& file : run.files) {
    if (!file.error) continue;
    w.StartObject();
    j.kv("source", file.source.path);
    j.kv("message", *file.error);
    w.EndObject();
  }
  w.EndArray();
  const Tally t = tally(run);
  j.key("summary");
  w.StartObject();
  j.kv("files", run.files.size());
  j.kv("errors", t.errors);
  j.kv("warnings", t.warnings);
  j.kv("notes", t.notes);
  j.kv("unreadable", t.unreadable);
  j.kv("suppressed", t.suppressed);
  w.EndObject();
  w.EndObject();
  out << j.text() << '\n';
}

void write_github(std::ostream& out, const RunResult& run, const ReportOptions&) {
  // GitHub Actions workflow commands; '%', CR and LF must be escaped in properties and data.
  auto escape = [](std::string_view s, bool property) {
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
  };
  for (const FileResult& file : run.files) {
    if (file.error) out << "::error file=" << escape(file.source.path, true) << "::" << escape(*file.error, false) << '\n';
    for (const Finding& f : file.findings) {
      if (f.suppressed) continue;
      const char* cmd = f.level == Level::Error ? "error" : f.level == Level::Warning ? "warning" : "notice";
      out << "::" << cmd << " file=" << escape(file.source.path, true) << ",line=" << f.location.start.line
          << ",col=" << f.location.start.column << ",endLine=" << f.location.end.line
          << ",endColumn=" << f.location.end.column << ",title=" << escape(f.rule->id, true) << ' '
          << escape(f.rule->name, true) << "::" << escape(f.message, false) << '\n';
    }
  }
}

}  // namespace s3policy
