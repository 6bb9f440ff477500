// .s3policy.json: per-repository settings, found by walking up from each linted file (or named
// with --config). JSON with // and /* */ comments; unknown keys are errors with a did-you-mean,
// because a misspelled setting that is silently ignored is exactly the failure this tool exists
// to catch. See docs/configuration.md.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "config.h"
#include "suppress.h"

namespace s3policy {

inline constexpr const char* kConfigFileName = ".s3policy.json";

struct ConfigFile {
  std::string path;  // as found
  std::filesystem::path dir;  // globs in "buckets" are relative to it
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
};

// Loads and validates a config file. On failure: "path:line:col: message".
std::variant<ConfigFile, std::string> load_config_file(const std::string& path);

// The nearest .s3policy.json in `dir` or its parents, if any.
std::optional<std::string> find_config_file(const std::filesystem::path& dir);

// The bucket a policy file belongs to, per "buckets" globs then "bucket_from_file_name".
std::optional<std::string> bucket_for_file(const ConfigFile& config, const std::string& file_path);

// Replaces // and /* */ comments outside strings with spaces, keeping every newline and offset,
// so the strict parser reports positions in the original text.
std::string blank_json_comments(std::string_view text);

}  // namespace s3policy
