// Settings for one lint run or one file: target dialect, the user's projects, the bucket a
// policy belongs to, input limits and rule selection. Filled from defaults, then the config file
// (.s3policy.json), then CLI flags.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "finding.h"
#include "target.h"

namespace s3policy {

struct ProjectSettings {
  std::string owner;                         // the project (RGW tenant) that owns the buckets
  std::map<std::string, std::string> known;  // project ID -> human name ("" when unnamed)
  bool is_known(const std::string& id) const { return id == owner || known.count(id) != 0; }
  bool configured() const { return !owner.empty() || !known.empty(); }
};

struct BucketFacts;

struct LintSettings {
  Target target = kDefaultTarget;
  std::optional<std::string> bucket;  // the bucket this policy is for, when known
  ProjectSettings projects;
  bool relaxed_bucket_names = false;  // RGW's rgw_relaxed_s3_bucket_names
  // A live bucket (s3policy audit): bucket-level rules run, and with no readable policy only they
  // do. Not owned; null for files.
  const BucketFacts* bucket_facts = nullptr;
};

struct InputLimits {
  std::size_t max_bytes = std::size_t{1024} * 1024;  // larger files are refused unread
  std::size_t max_depth = 64;           // JSON nesting
};

struct RuleMeta;

// --select / --ignore take IDs ("S3P104"), names ("unknown-element") or ID prefixes ("S3P1").
struct RuleSelection {
  std::vector<std::string> select;  // empty: every rule enabled by default
  // Enabled on top of `select` (or of the defaults when it is empty): how a rule that is off by
  // default joins the default set ("extend_select": ["S3P404"]). `ignore` still wins.
  std::vector<std::string> extend_select;
  std::vector<std::string> ignore;
  std::map<std::string, Level> levels;  // per-rule level override, keyed by ID or name

  bool enabled(const RuleMeta& rule) const;
  Level level_for(const RuleMeta& rule) const;
};

// True when `selector` names the rule by ID, name or ID prefix.
bool selector_matches(const std::string& selector, const RuleMeta& rule);

class Rule;
// "no rule matches \"X\"; did you mean \"Y\"?" when `selector` names none of `rules`.
std::optional<std::string> unknown_selector(const std::string& selector, std::span<const Rule* const> rules);

}  // namespace s3policy
