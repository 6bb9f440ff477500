// Reporters turn a run's results into text, JSON, SARIF, GitHub annotations or JUnit XML. They
// format; they never decide what is a finding or how severe it is.
#pragma once

#include <memory>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine.h"

namespace s3policy {

// What every format knows before the first file.
struct RunHeader {
  std::vector<const Rule*> rules;  // every enabled rule, registry order
  Level fail_level = Level::Error;
};

struct RunResult {
  std::vector<FileResult> files;       // in a deterministic order (the order inputs were given)
  std::vector<const Rule*> rules;      // every enabled rule, registry order
  Level fail_level = Level::Error;
  RunHeader header() const { return {rules, fail_level}; }
};

struct ReportOptions {
  bool color = false;
  bool show_suppressed = false;  // text and JSON; SARIF always carries them, marked suppressed
  bool fix_hints = true;  // text: "fix available with --fix"; off where there is no --fix (audit)
  // SARIF: rule doc pages are <docs_base_uri><ID>.md; artifact paths are relative to base_dir.
  std::string docs_base_uri = "https://github.com/s3policy/s3policy/blob/main/docs/rules/";
  std::string base_dir;  // absolute, with a trailing '/'; "" = current directory
};

// A report written while the run goes on: add() each file in the run's order, as soon as it is
// ready, then finish() once. A stream writes each file's part at once and keeps only small
// summaries (counts, the messages of unreadable inputs), never a file's text or findings, so a
// run of any size needs the memory of one file (docs/performance.md, measure d).
class ReportStream {
 public:
  virtual ~ReportStream() = default;
  virtual void add(const FileResult& file) = 0;
  virtual void finish() = 0;
};

using ReportOpener = std::unique_ptr<ReportStream> (*)(std::ostream&, const RunHeader&, const ReportOptions&);
std::unique_ptr<ReportStream> open_text(std::ostream& out, const RunHeader& run, const ReportOptions& options);
std::unique_ptr<ReportStream> open_json(std::ostream& out, const RunHeader& run, const ReportOptions& options);
std::unique_ptr<ReportStream> open_sarif(std::ostream& out, const RunHeader& run, const ReportOptions& options);
std::unique_ptr<ReportStream> open_github(std::ostream& out, const RunHeader& run, const ReportOptions& options);
std::unique_ptr<ReportStream> open_junit(std::ostream& out, const RunHeader& run, const ReportOptions& options);

// The whole run at once: the stream of the format, fed every file of `run`.
void write_text(std::ostream& out, const RunResult& run, const ReportOptions& options);
void write_json(std::ostream& out, const RunResult& run, const ReportOptions& options);
void write_sarif(std::ostream& out, const RunResult& run, const ReportOptions& options);
void write_github(std::ostream& out, const RunResult& run, const ReportOptions& options);
void write_junit(std::ostream& out, const RunResult& run, const ReportOptions& options);

// Every --format the commands accept, in the order help lists them; the first is the default.
struct ReportFormat {
  std::string_view name;
  ReportOpener open;
};
std::span<const ReportFormat> report_formats();
const ReportFormat* find_report_format(std::string_view name);  // nullptr when unknown
std::vector<std::string> report_format_names();
void write_whole_run(std::ostream& out, const RunResult& run, const ReportOptions& options, ReportOpener open);

// Counts shared by the summary lines of every format, added up file by file.
struct Tally {
  std::size_t errors = 0, warnings = 0, notes = 0, files_with_findings = 0, unreadable = 0, suppressed = 0;
  std::size_t total() const { return errors + warnings + notes; }
  void add(const FileResult& file);
};
Tally tally(const RunResult& run);

// True when an unsuppressed finding of `file` is at or above `fail_level`.
bool fails(const FileResult& file, Level fail_level);

// Identity of a finding that survives whitespace edits and statement reordering (no line
// numbers): rule, source, JSON pointer with the statement named by its Sid, and the offending text.
std::string fingerprint(const FileResult& file, const Finding& finding);

}  // namespace s3policy
