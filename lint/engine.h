// The pipeline for one input: bytes -> input facts -> located JSON -> policy model -> rules ->
// findings with positions, sorted. Stateless apart from its settings; safe to run concurrently
// on different inputs.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "config.h"
#include "rule.h"
#include "source.h"

namespace s3policy {

// The outcome for one input. An input that could not be read at all (missing, unreadable, over
// the size limit) has `error` set and no findings; everything else, even binary junk, is linted.
struct FileResult {
  SourceFile source;
  std::vector<Finding> findings;
  std::optional<std::string> error;
};

class Engine {
 public:
  Engine(std::span<const Rule* const> rules, RuleSelection selection, InputLimits limits);

  FileResult lint(SourceFile source, const LintSettings& settings) const;
  // The rules that run, in registry order (for SARIF tool.driver.rules and summaries).
  const std::vector<const Rule*>& enabled_rules() const { return enabled_; }
  const InputLimits& limits() const { return limits_; }

 private:
  std::vector<const Rule*> enabled_;
  std::vector<Level> levels_;       // parallel to enabled_
  // Parallel to enabled_: the selection overrides the rule's level (bytes, not vector<bool>: read
  // for every rule of every file).
  std::vector<std::uint8_t> level_is_set_;
  RuleSelection selection_;
  InputLimits limits_;
};

// Reads a file into a SourceFile, refusing what cannot be linted (missing, unreadable, a
// directory or FIFO, over max_bytes) with a message that names the reason.
FileResult read_input(const std::string& path, const InputLimits& limits);

}  // namespace s3policy
