// Pieces shared by the subcommands: reporting a run, usage errors, the rules listing.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "report/report.h"

namespace s3policy::cli {

// Prints "s3policy: error: <message>" to stderr and returns the usage exit code.
int usage_error(const std::string& message);

// "where: no rule matches ..." for the first selector that names no rule.
std::optional<std::string> check_selectors(const std::vector<std::string>& selectors, const std::string& where);
std::string target_list();  // "aws, ceph-pacific, ..."

// Writes the report in `format` to `output` (stdout when empty); `show_suppressed` also prints
// suppressed findings in text and JSON; `fix_hints` the text's "fix available with --fix" lines
// (off where there is no --fix: audit). Returns false, after saying why on stderr, when the
// report could not be written.
bool write_report(const RunResult& run, const std::string& format, const std::string& output, const std::string& color,
                  bool show_suppressed = false, bool fix_hints = true);

// True when an unsuppressed finding is at or above the run's fail level.
bool fails(const RunResult& run);

// write_report, then the exit code: 2 when an input could not be read or the report could not be
// written, else 1 when the run fails(), else 0.
int emit_report(const RunResult& run, const std::string& format, const std::string& output, const std::string& color,
                bool show_suppressed = false);

int rules_command(const std::string& format);
// docs/rules/index.md, generated from the registry.
std::string rules_markdown_index();
int rule_command(const std::string& id_or_name);

}  // namespace s3policy::cli
