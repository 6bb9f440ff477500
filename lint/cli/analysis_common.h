// Pieces shared by the access-analysis subcommands (simulate, explain, diff): loading one policy
// file into the model with its line index, and naming statements by file:line:col.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "json.h"
#include "policy.h"
#include "source.h"
#include "target.h"

namespace s3policy::cli {

struct LoadedPolicy {
  SourceFile source;
  std::unique_ptr<JsonDocument> doc;
  std::unique_ptr<Policy> policy;
  std::unique_ptr<LineIndex> lines;

  // "policy.json:4:5"
  std::string where(const JsonValue& node) const;
  // "policy.json:4:5: statement \"PublicRead\""
  std::string statement_ref(const Statement& st) const;
};

// Reads and parses a policy file ("-" = stdin). On failure returns nullopt and sets `error`
// ("policy.json: not valid JSON at 3:1: ...").
std::optional<LoadedPolicy> load_policy(const std::string& path, std::string& error);
// The same for bytes from elsewhere (a live bucket: source.path "s3://bucket").
std::optional<LoadedPolicy> parse_policy(SourceFile source, std::string& error);

std::optional<Target> target_option(const std::string& name, std::string& error);

}  // namespace s3policy::cli
