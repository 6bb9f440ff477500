// `s3policy lint`, and the pieces other commands reuse: per-input configuration and parallel
// linting with a deterministic result order.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "cli/inputs.h"
#include "config_file.h"
#include "engine.h"

namespace s3policy::cli {

struct LintArgs {
  std::vector<std::string> paths;
  std::string format = "text";
  std::string output;
  std::string color = "auto";
  std::string fail_on;  // empty: from the config file, else "error"
  std::vector<std::string> select, ignore;
  std::string target;
  std::string bucket;
  std::string owner;
  std::string config;
  bool no_config = false;
  InputFilter filter;
  std::optional<std::size_t> max_bytes;
  std::optional<std::size_t> max_depth;
  unsigned jobs = 0;
  bool fix = false;  // apply safe fixes in place, then report what remains
  bool unsafe_fixes = false;  // --fix --unsafe: also the fixes that may change the meaning
  bool show_suppressed = false;
  bool report_unused_suppressions = false;
  std::string baseline;        // only report findings not in this baseline
  std::string write_baseline;  // record today's findings here
};

struct Job {
  InputSpec input;
  const Engine* engine = nullptr;
  LintSettings settings;
  const ConfigFile* config = nullptr;  // the input's .s3policy.json, if any
};

// --fix: applies safe fixes (and unsafe ones with `include_unsafe`) to each file, re-linting after
// each round, and writes the files back.
std::optional<std::string> fix_in_place(const std::vector<Job>& work, std::vector<FileResult>& files,
                                        bool include_unsafe);

// Applies each input's `suppress` entries (`configs[i]` is the configuration of `files[i]`, or
// null) and reports expired and, if asked, unused ones on stderr.
void apply_config_suppressions(const std::vector<const ConfigFile*>& configs, std::vector<FileResult>& files,
                               bool report_unused);

// Lints every job, `jobs` at a time; results keep the input order whatever finishes first.
std::vector<FileResult> lint_all(const std::vector<Job>& work, unsigned jobs);

// Config files are found per input (nearest .s3policy.json upwards) and loaded once each, checked
// against the rule registry.
class ConfigResolver {
 public:
  ConfigResolver(std::string explicit_path, bool disabled) : explicit_(std::move(explicit_path)), disabled_(disabled) {}
  // Null when no config applies; sets `error` when one exists but is invalid. "-" = stdin (cwd).
  const ConfigFile* for_input(const std::string& path, std::string& error);

 private:
  std::string explicit_;
  bool disabled_;
  std::map<std::string, std::variant<ConfigFile, std::string>> loaded_;
  // Directory -> nearest config file: the search stats every parent directory, and a repository
  // of thousands of policies has few directories.
  std::map<std::string, std::optional<std::string>> nearest_;
};

int lint_command(const LintArgs& args);

}  // namespace s3policy::cli
