// `s3policy lint`, and the pieces other commands reuse: per-input configuration and parallel
// linting with a deterministic result order.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
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
  std::vector<std::string> select, extend_select, ignore;
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
  std::string stdin_filename;  // what "-" is reported and configured as ("<stdin>", the cwd's config)
};

// How an input is linted. Inputs with the same configuration share one, so the list of a
// run's inputs costs little more than their paths.
struct LintProfile {
  const Engine* engine = nullptr;
  LintSettings settings;
  const ConfigFile* config = nullptr;  // the input's .s3policy.json, if any
};

// One input as the workers see it.
struct Job {
  std::string path;        // "-" is stdin
  std::string_view error;  // non-empty: report this instead of reading the path
  const LintProfile* profile = nullptr;
  std::string_view stdin_name = "<stdin>";  // what the report calls "-"
};

// The inputs of a run, in order, each with how it is linted: the paths (PathList) and, once per
// run of inputs that share one, their profile.
class InputList {
 public:
  explicit InputList(PathList paths) : paths_(std::move(paths)) {}
  // Called for the inputs in order.
  void set_profile(std::size_t i, const LintProfile* profile);
  std::size_t size() const { return paths_.size(); }
  bool empty() const { return paths_.empty(); }
  std::string path(std::size_t i) const { return paths_.path(i); }
  std::string_view error(std::size_t i) const { return paths_.error(i); }
  // Reports input i as not linted, with `error`, instead of reading it.
  void set_error(std::size_t i, std::string error) { paths_.set_error(i, std::move(error)); }
  Job operator[](std::size_t i) const;
  // What the report calls stdin ("-"): "<stdin>" unless --stdin-filename names it.
  void set_stdin_name(std::string name) { stdin_name_ = std::move(name); }

 private:
  std::string stdin_name_ = "<stdin>";
  struct ProfileRun {
    std::size_t first;  // index of its first input
    const LintProfile* profile;
  };
  PathList paths_;
  std::vector<ProfileRun> profiles_;
};

// Reads and lints one input. A clean file's text is dropped at once: only findings are shown
// with it.
FileResult lint_input(const Job& job);

// --fix for one file: applies safe fixes (and unsafe ones with `include_unsafe`), re-linting after
// each round, writes the file back and counts what it fixed. Returns why it could not be written.
struct FixTally {
  std::size_t findings = 0, files = 0;
};
std::optional<std::string> fix_in_place(const Job& job, FileResult& file, bool include_unsafe, FixTally& fixed);

// Each input's `suppress` entries, applied file by file; what they matched is remembered for the
// warnings about expired and unused entries at the end.
class ConfigSuppressions {
 public:
  ConfigSuppressions();
  void apply(const ConfigFile* config, FileResult& file);  // `config` may be null
  void warn(bool report_unused) const;                     // on stderr

 private:
  std::string today_;
  std::map<const ConfigFile*, std::vector<bool>> used_;
};

// The same for a whole run (`configs[i]` is the configuration of `files[i]`, or null).
void apply_config_suppressions(const std::vector<const ConfigFile*>& configs, std::vector<FileResult>& files,
                               bool report_unused);

// Results a worker may be ahead of the report by, per job (see run_in_order).
inline constexpr std::size_t kResultsInFlightPerJob = 4;

// Config files are found per input (nearest .s3policy.json upwards) and loaded once each, checked
// against the rule registry.
class ConfigResolver {
 public:
  ConfigResolver(std::string explicit_path, bool disabled) : explicit_(std::move(explicit_path)), disabled_(disabled) {}
  // Null when no config applies; sets `error` when one exists but is invalid. "-" = stdin (cwd).
  const ConfigFile* for_input(const std::string& path, std::string& error);

 private:
  const ConfigFile* find_for_input(const std::string& path, std::string& cfg_path, std::string& error);

  std::string explicit_;
  bool disabled_;
  // The answer for the previous input's directory (the text of its path up to its last '/').
  struct LastAnswer {
    bool valid = false;
    std::string directory_text;
    const ConfigFile* config = nullptr;
  } last_;
  std::map<std::string, std::variant<ConfigFile, std::string>> loaded_;
  // Directory -> nearest config file: the search stats every parent directory, and a repository
  // of thousands of policies has few directories.
  std::map<std::string, std::optional<std::string>> nearest_;
};

int lint_command(const LintArgs& args);

}  // namespace s3policy::cli
