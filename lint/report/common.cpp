#include <cctype>
#include <cstdint>
#include <cstdio>

#include "report.h"

namespace s3policy {

namespace {
constexpr ReportFormat kFormats[] = {
    {"text", open_text},     {"json", open_json},   {"sarif", open_sarif},
    {"github", open_github}, {"junit", open_junit},
};
}  // namespace

void write_whole_run(std::ostream& out, const RunResult& run, const ReportOptions& options, ReportOpener open) {
  const std::unique_ptr<ReportStream> report = open(out, run.header(), options);
  for (const FileResult& file : run.files) report->add(file);
  report->finish();
}

void write_text(std::ostream& out, const RunResult& run, const ReportOptions& options) {
  write_whole_run(out, run, options, open_text);
}
void write_json(std::ostream& out, const RunResult& run, const ReportOptions& options) {
  write_whole_run(out, run, options, open_json);
}
void write_sarif(std::ostream& out, const RunResult& run, const ReportOptions& options) {
  write_whole_run(out, run, options, open_sarif);
}
void write_github(std::ostream& out, const RunResult& run, const ReportOptions& options) {
  write_whole_run(out, run, options, open_github);
}
void write_junit(std::ostream& out, const RunResult& run, const ReportOptions& options) {
  write_whole_run(out, run, options, open_junit);
}

std::span<const ReportFormat> report_formats() { return kFormats; }

const ReportFormat* find_report_format(std::string_view name) {
  for (const ReportFormat& f : kFormats)
    if (f.name == name) return &f;
  return nullptr;
}

std::vector<std::string> report_format_names() {
  std::vector<std::string> names;
  for (const ReportFormat& f : kFormats) names.emplace_back(f.name);
  return names;
}

void Tally::add(const FileResult& file) {
  if (file.error) ++unreadable;
  bool counted = false;
  for (const Finding& x : file.findings) {
    if (x.suppressed) {
      ++suppressed;
      continue;
    }
    if (!counted) {
      ++files_with_findings;
      counted = true;
    }
    switch (x.level) {
      case Level::Error: ++errors; break;
      case Level::Warning: ++warnings; break;
      case Level::Note: ++notes; break;
    }
  }
}

Tally tally(const RunResult& run) {
  Tally t;
  for (const FileResult& f : run.files) t.add(f);
  return t;
}

bool fails(const FileResult& file, Level fail_level) {
  for (const Finding& x : file.findings)
    if (!x.suppressed && x.level >= fail_level) return true;
  return false;
}

std::string fingerprint(const FileResult& file, const Finding& finding) {
  const std::string_view bytes = file.source.bytes;
  const Span s = finding.location.span;
  std::string_view text = s.end <= bytes.size() && s.begin <= s.end ? bytes.substr(s.begin, s.end - s.begin) : "";
  // FNV-1a, 64 bit: cheap, stable across platforms and releases.
  uint64_t h = 1469598103934665603ULL;
  auto mix = [&](std::string_view part) {
    for (unsigned char c : part) {
      h ^= c;
      h *= 1099511628211ULL;
    }
    h ^= 0xff;
    h *= 1099511628211ULL;
  };
  // A statement is named by its Sid where it has one, so reordering statements keeps the identity.
  std::string pointer = finding.location.pointer;
  if (!finding.sid.empty() && pointer.rfind("/Statement", 0) == 0) {
    std::size_t rest = 10;
    if (rest < pointer.size() && pointer[rest] == '/' && rest + 1 < pointer.size() &&
        std::isdigit(static_cast<unsigned char>(pointer[rest + 1]))) {
      rest = pointer.find('/', rest + 1);
      if (rest == std::string::npos) rest = pointer.size();
    }
    pointer = "/Statement[" + finding.sid + "]" + pointer.substr(rest);
  }
  mix(finding.rule->id);
  mix(file.source.path);
  mix(pointer);
  mix(text);
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

}  // namespace s3policy
