// What one input is linted with, built in one place for `lint` and `audit`: the defaults, then the
// input's .s3policy.json (its top level, then each of its "overrides" that matches the input, in
// order), then the command line, each layer winning over the ones before it.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "config.h"
#include "config_file.h"
#include "engine.h"

namespace s3policy {

// The command line's share: the flags lint and audit have in common.
struct CommandLineSettings {
  std::vector<std::string> select;  // non-empty: replaces every configured selection
  std::vector<std::string> ignore;  // added to the configured ignores
  std::optional<Target> target;
  std::string owner;
  std::string bucket;
  std::optional<std::size_t> max_bytes;
  std::optional<std::size_t> max_depth;
  std::vector<std::string> extend_select;  // added to the selection (a non-empty `select` drops the configured ones)
};

struct InputConfig {
  RuleSelection selection;  // `levels` keyed by rule ID, already resolved
  InputLimits limits;
  LintSettings settings;
  std::vector<std::size_t> overrides;  // indexes of the config's overrides that applied, in order
};

// `source` is a file path, "-" (standard input) or "s3://bucket" (a live bucket, whose name is
// then the bucket the policy is for). `config` may be null.
InputConfig configure_input(const ConfigFile* config, const std::string& source, const CommandLineSettings& flags,
                            std::span<const Rule* const> rules);

// One engine per distinct configuration of a run: inputs with the same configuration file and the
// same overrides share it.
class EngineSet {
 public:
  explicit EngineSet(std::span<const Rule* const> rules) : rules_(rules) {}
  const Engine& engine_for(const ConfigFile* config, const InputConfig& input);
  // Every rule any engine runs, in registry order (SARIF's rule table must cover every result).
  std::vector<const Rule*> rules_run() const;

 private:
  std::span<const Rule* const> rules_;
  std::map<std::pair<const ConfigFile*, std::vector<std::size_t>>, std::unique_ptr<Engine>> engines_;
};

}  // namespace s3policy
