// Pieces shared by the subcommands: reporting a run, usage errors, the rules listing.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "report/report.h"

namespace s3policy::cli {

// Prints "s3policy: error: <message>" to stderr and returns the usage exit code.
int usage_error(const std::string& message);

// A bucket as the user names it on the command line, "s3://tenant:bucket/" or "tenant:bucket",
// without the URL scheme and trailing slashes: what the S3 client is asked for.
std::string bucket_argument(std::string arg);

// "where: no rule matches ..." for the first selector that names no rule.
std::optional<std::string> check_selectors(const std::vector<std::string>& selectors, const std::string& where);

// The options of a report to `output` ("" = stdout): `show_suppressed` also prints suppressed
// findings in text and JSON; `fix_hints` the text's "fix available with --fix" lines (off where
// there is no --fix: audit); colour as --color says, and only on a terminal for "auto".
ReportOptions report_options(const std::string& output, const std::string& color, bool show_suppressed, bool fix_hints);
// The writer of `format`; text for a name no format has (the command line checks names).
ReportOpener report_opener(const std::string& format);

// After the report went to `output`: false, after saying why on stderr, when it could not be written.
bool report_written(const std::string& output, const std::optional<std::string>& failure);

// Writes a whole run's report in `format` to `output` (stdout when empty). Returns false, after
// saying why on stderr, when the report could not be written.
bool write_report(const RunResult& run, const std::string& format, const std::string& output, const std::string& color,
                  bool show_suppressed = false, bool fix_hints = true);

// True when an unsuppressed finding is at or above the run's fail level.
bool fails(const RunResult& run);

int rules_command(const std::string& format);
// docs/rules/index.md, generated from the registry.
std::string rules_markdown_index();
int rule_command(const std::string& id_or_name);

}  // namespace s3policy::cli
