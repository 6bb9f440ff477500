// Pieces shared by the subcommands: reporting a run, usage errors, the rules listing.
#pragma once

#include <string>

#include "report/report.h"

namespace s3policy::cli {

// Prints "s3policy: error: <message>" to stderr and returns the usage exit code.
int usage_error(const std::string& message);

bool selector_known(const std::string& selector);
std::string rule_suggestion(const std::string& selector);  // "; did you mean ..." or ""
std::string target_list();                                 // "aws, ceph-pacific, ..."

// Writes the report in `format` to `output` (stdout when empty) and returns the exit code:
// 2 when an input could not be read or the report could not be written, else 1 when a finding is
// at or above the fail level, else 0.
// Suppressed findings never count; `show_suppressed` also prints them in text and JSON.
int emit_report(const RunResult& run, const std::string& format, const std::string& output, const std::string& color,
                bool show_suppressed = false);

int rules_command(const std::string& format);
// docs/rules/index.md, generated from the registry.
std::string rules_markdown_index();
int rule_command(const std::string& id_or_name);

}  // namespace s3policy::cli
