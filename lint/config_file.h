// .s3policy.json: per-repository settings, found by walking up from each linted file (or named
// with --config). JSON with // and /* */ comments; unknown keys are errors with a did-you-mean,
// because a misspelled setting that is silently ignored is exactly the failure this tool exists
// to catch. See docs/configuration.md.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "config.h"
#include "json.h"
#include "suppress.h"

namespace s3policy {

inline constexpr const char* kConfigFileName = ".s3policy.json";

class Rule;

// One entry of "overrides": settings for the inputs its `files` globs match. Entries apply in
// order after the top level, so a later one wins over an earlier one.
struct ConfigOverride {
  std::vector<std::string> files;  // globs relative to the config's directory, or s3://bucket globs
  std::optional<Target> target;
  std::optional<std::vector<std::string>> select;  // replaces the selection so far
  std::vector<std::string> extend_select;          // added to the selection so far
  std::vector<std::string> ignore;                 // added to the ignores so far
  std::map<std::string, Level> levels;             // rule ID, name or ID prefix -> level
  std::string where;                               // "path:line:col" of the entry, for messages
};

struct ConfigFile {
  std::string path;  // as found
  std::filesystem::path dir;  // globs in "buckets", "overrides" and "suppress" are relative to it
  std::optional<Target> target;
  ProjectSettings projects;
  std::vector<std::pair<std::string, std::string>> buckets;  // glob -> bucket, first match wins
  bool bucket_from_file_name = false;                        // policies/<bucket>.json
  std::optional<bool> relaxed_bucket_names;
  RuleSelection selection;
  std::optional<Level> fail_on;
  std::optional<std::size_t> max_bytes;
  std::optional<std::size_t> max_depth;
  std::vector<SuppressEntry> suppress;
  std::vector<ConfigOverride> overrides;
};

// Loads and validates a config file; every rule selector in it must name one of `rules`.
// On failure: "path:line:col: message".
std::variant<ConfigFile, std::string> load_config_file(const std::string& path, std::span<const Rule* const> rules);

// The nearest .s3policy.json in `dir` or its parents, if any.
std::optional<std::string> find_config_file(const std::filesystem::path& dir);

// The bucket a policy file belongs to, per "buckets" globs then "bucket_from_file_name".
std::optional<std::string> bucket_for_file(const ConfigFile& config, const std::string& file_path);

// True when one of the override's globs matches `source`: a file path (relative to the config's
// directory) or "s3://bucket". Standard input matches none.
bool override_applies(const ConfigOverride& entry, const ConfigFile& config, const std::string& source);


}  // namespace s3policy
