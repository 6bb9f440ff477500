// Pieces shared by the access-analysis subcommands (simulate, explain, diff): loading one policy
// file into the model with its line index, and naming statements by file:line:col.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/exposure.h"
#include "cli/command_args.h"
#include "config.h"
#include "config_layers.h"
#include "finding.h"
#include "json.h"
#include "policy.h"
#include "report/json_writer.h"
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
std::optional<LoadedPolicy> load_policy(const std::string& path, std::string& error, const InputLimits& limits = {});
// The same for bytes from elsewhere (a live bucket: source.path "s3://bucket").
std::optional<LoadedPolicy> parse_policy(SourceFile source, std::string& error);

std::optional<Target> target_option(const std::string& name, std::string& error);

// What `lint` would analyse `path` ("-" = stdin, configured from the current directory) with: the
// nearest .s3policy.json's (or --config's) target, projects, bucket for the file and input
// limits, under the command line's `target`, `owner` and `bucket` (empty: not given). A policy
// explained or simulated on another target or for another owner than its lint would answer
// another question without saying so. nullopt and `error` for an unknown target or an invalid
// configuration.
std::optional<InputConfig> analysis_config(const std::string& path, const ConfigOptions& options,
                                           const std::string& target, const std::string& owner,
                                           const std::string& bucket, std::string& error);

// A project given by its configured name ("analytics" for "1a2b...": projects.known) stands for its
// ID, said on stderr; an ID, or a name no configured project has, is taken as written (RGW tenants
// may be names). A name several projects share is an error: guessing could share a bucket with, or
// answer for, the wrong project.
std::optional<std::string> project_id(const std::string& given, const ProjectSettings& projects, std::string& error);

// The findings `lint` reports on the file (its configured rule selection) that say the target
// refuses the whole policy at PutBucketPolicy. explain, simulate and diff answer for the text as
// written; a target that refuses it keeps the bucket's current policy instead, which they must
// say. None for a live policy (s3://...): the target stored it.
std::vector<Finding> target_refusals(const LoadedPolicy& lp, const InputConfig& cfg);
// The same for a policy's text that is not loaded (grant's output).
std::vector<Finding> target_refusals(const SourceFile& source, const InputConfig& cfg);

// The warning the text outputs print above their answer when `refusals` is not empty:
// "warning: RGW (squid) refuses WHAT: PutBucketPolicy answers 400 and the bucket keeps the policy
// it has; CONSEQUENCE:" and one line per finding, "  file:8:51: S3P201 unknown-action: ...", each
// line starting with `indent`. Empty when `refusals` is.
std::string refusal_text(Target t, std::string_view path, const std::vector<Finding>& refusals, std::string_view what,
                         std::string_view consequence, std::string_view indent);

// JSON "refused_by_target" (or `key`): [{rule, name, line, column, message}], always written
// (empty: the target accepts the text).
void write_refusals(JsonOut& out, const std::vector<Finding>& refusals, std::string_view key = "refused_by_target");

// "project 1a2b... (analytics)": the class's label with the configured name of its project.
std::string class_label(const analysis::PrincipalClass& who, const ProjectSettings& projects);

}  // namespace s3policy::cli
