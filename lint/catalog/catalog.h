// What each target knows about S3 policies: actions, condition operators and keys, resource
// types, principals, parse-time rejections, evaluation quirks. Built once from C++ tables that the
// build generates from schema/catalog/*.json (see schema/README.md for provenance), then read-only, so
// every lookup is safe from any thread. Lookups that rules make per policy element are cheap
// (binary search, no allocation); suggestions and wildcard expansion allocate.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/name_index.h"
#include "catalog/suggest.h"
#include "embedded.h"
#include "target.h"

namespace s3policy {

// schema/catalog/*.json as compiled into the table generator and the tests (schema/CMakeLists.txt);
// the linter itself reads the generated tables (catalog/catalog_tables.h).
std::span<const EmbeddedFile> embedded_catalogs();

class Catalog;
// The catalog of one target; built on first use (thread-safe), then shared.
const Catalog& catalog_for(Target target);
// Questions about the actions of a target other than the one in use ("does another release know
// this action?"), answered from the generated tables without building that target's catalog: a
// catalog stays resident for the rest of the run. The same answers as its Catalog would give, more
// slowly (binary searches without an index): for names the target in use does not know, which
// are rare.
struct ActionName {
  std::string_view name;  // canonical spelling (static storage)
  bool in_aws = true;
  std::string_view aws_equivalent;
};
// catalog_for(target).find_action(name), reduced to what ActionName holds.
std::optional<ActionName> find_action_name(Target target, std::string_view name);
// catalog_for(target).any_action_matches(name_or_pattern).
bool target_knows_action(Target target, std::string_view name_or_pattern);

// Access levels as AWS lists them; an action may carry several ("Permissions management, Write").
enum AccessLevel : std::uint8_t {
  kAccessList = 1,
  kAccessRead = 2,
  kAccessWrite = 4,
  kAccessPermissions = 8,
  kAccessTagging = 16,
};

struct ResourceTypeRef {
  std::string name;  // "bucket", "object", "accesspoint", ...
  bool required = false;
};

struct ActionInfo {
  std::string name;     // canonical spelling, "s3:GetObject"
  std::string service;  // "s3", "iam", ...
  std::uint8_t access = 0;   // AccessLevel bits; 0 = not known (RGW's non-s3 actions)
  std::string access_text;   // as the source spells it, "" when unknown
  // When none is marked required, the action takes any one of them (the package's convention).
  // Empty: the action takes no resource ("*", e.g. s3:ListAllMyBuckets). On RGW only bucket and
  // object are kept when the action has one of them; RGW's non-s3 actions have none.
  std::vector<ResourceTypeRef> resource_types;
  std::vector<std::string> condition_keys;  // AWS action-level keys (empty on RGW-only actions)
  bool in_aws = true;         // false for RGW extensions (and RGW's non-s3 actions)
  std::string aws_equivalent; // for RGW extensions: the AWS action meaning the same, if any

  bool applies_to(std::string_view resource_type) const;
  bool access_is(AccessLevel level) const { return (access & level) != 0; }
};

enum class ValueType : std::uint8_t { String, Numeric, Date, Bool, Binary, IpAddress, Arn, Null };
std::string_view to_string(ValueType t);

struct OperatorInfo {
  std::string name;   // base operator, "StringNotEquals"
  ValueType type = ValueType::String;
  bool negated = false;
  bool wildcards = false;         // * and ? in policy values (String*Like, Arn*)
  bool policy_variables = false;  // ${...} substituted in values
  bool if_exists_meaningful = true;  // false for Null (AWS documents no NullIfExists)
};

enum class SetQualifier : std::uint8_t { None, ForAllValues, ForAnyValue };

enum class OperatorStatus : std::uint8_t {
  Ok,
  Unknown,             // no such operator at all
  WrongCase,           // a known operator in the wrong case; suggest_operator() spells it
  UnsupportedSetForm,  // RGW: a ForAllValues:/ForAnyValue: form outside its 6 keywords
};

struct OperatorLookup {
  OperatorStatus status = OperatorStatus::Unknown;
  const OperatorInfo* base = nullptr;  // set when the base operator is known (even if rejected)
  SetQualifier set = SetQualifier::None;
  bool if_exists = false;
  bool accepted() const { return status == OperatorStatus::Ok; }
};

enum class KeyScope : std::uint8_t { Global, Service, RgwOnly };
enum class Populated : std::uint8_t { Yes, Never };

struct ConditionKeyInfo {
  std::string name;  // canonical; tag-style keys end in '/' ("aws:RequestTag/")
  ValueType type = ValueType::String;
  bool multi_valued = false;  // ArrayOf* in AWS terms: use ForAllValues/ForAnyValue
  bool tag_style = false;     // takes a suffix: "aws:RequestTag/Project"
  KeyScope scope = KeyScope::Service;
  // AWS: always Yes (the catalog does not track which request sets it). RGW: Never for keys the
  // release does not put into the request environment; conditions on them silently never match.
  Populated populated = Populated::Yes;
  std::string when;  // RGW: when the key is set
};

struct KeyLookup {
  const ConditionKeyInfo* info = nullptr;
  bool exact_case = false;  // spelled as the catalog spells it (matters on RGW: case-sensitive)
  std::string_view suffix;  // tag key after the '/' for tag-style keys
};

struct ResourceTypeInfo {
  std::string name;
  std::string arn_format;  // "arn:${Partition}:s3:::${BucketName}"
  std::vector<std::string> condition_keys;
};

// What a target does with a policy element it does not support.
enum class Behavior : std::uint8_t { Accept, Reject, Drop };
std::string_view to_string(Behavior b);

// Evaluation differences from AWS (all false on AWS). See schema/README.md for each.
struct Quirks {
  bool missing_effect_is_deny = false;
  bool not_action_only_never_matches = false;
  bool secure_transport_absent_on_http = false;
  bool negated_missing_key_false = false;  // AWS: a missing key makes negated operators true
  bool current_epoch_time_swapped = false;
  bool principal_type_always_user = false;
  bool no_principal_never_applies = false;
  bool no_resource_never_matches = false;
  bool owner_can_be_locked_out = false;
  bool null_ignores_value = false;        // pacific, reef
  bool negated_multi_value_any = false;   // pacific, reef
  bool arn_operators_never_match = false; // pacific, reef
};

struct TargetFacts {
  Behavior principal_aws = Behavior::Accept;
  Behavior principal_service = Behavior::Accept;
  Behavior principal_federated = Behavior::Accept;
  Behavior principal_canonical_user = Behavior::Accept;
  Behavior invalid_resource_arn = Behavior::Reject;
  Behavior foreign_tenant_resource = Behavior::Accept;  // RGW: account field naming another tenant
  bool rejects_json_literals = false;    // RGW: true/false/null anywhere fail the policy
  bool accepts_json_comments = false;
  bool condition_keys_case_sensitive = false;
  bool action_wildcards_cross_colon = true;
  bool resource_part_may_contain_colon = true;  // RGW: no ':' after the 5th field
  std::size_t max_policy_bytes = 0;
  std::vector<std::string> arn_partitions;         // RGW: accepted ARN partitions ("*" included)
  std::vector<std::string> arn_services_rejected;  // RGW: services its ARN parser refuses
  Quirks quirks;
};

class Catalog {
 public:
  Target target() const { return target_; }
  // False for ceph-squid: its data is a copy of Reef, unverified (rules may lower confidence).
  bool verified() const { return verified_; }
  // One line for `s3policy catalog`: sources, versions, upstream commit, exactness.
  const std::string& provenance() const { return provenance_; }
  const TargetFacts& facts() const { return facts_; }

  // Actions (case-insensitive). find_action takes an exact name, no wildcards.
  const ActionInfo* find_action(std::string_view name) const;
  std::span<const ActionInfo> actions() const { return actions_; }
  std::size_t count_actions(std::string_view service) const;
  // Whether the catalog lists this service's actions at all (AWS: only "s3").
  bool covers_service(std::string_view service) const;
  // Every action an Action/NotAction pattern names, with the target's wildcard rules.
  std::vector<const ActionInfo*> match_actions(std::string_view pattern) const;
  bool any_action_matches(std::string_view pattern) const;
  // A reference to a caller's `bool(const ActionInfo&)` callable, valid for the call it is passed
  // to: unlike std::function it never allocates (find_action_match runs per wildcard Action).
  class ActionPredicate {
   public:
    template <class F>
    ActionPredicate(const F& f)  // NOLINT(google-explicit-constructor): passed as a lambda
        : callable_(&f), call_([](const void* c, const ActionInfo& a) { return (*static_cast<const F*>(c))(a); }) {}
    bool operator()(const ActionInfo& a) const { return call_(callable_, a); }

   private:
    const void* callable_;
    bool (*call_)(const void*, const ActionInfo&);
  };
  // The first action of match_actions(pattern) that `accept` takes, or null. Stops there: for
  // rules that ask whether some match qualifies, without materializing hundreds for "s3:*".
  const ActionInfo* find_action_match(std::string_view pattern, ActionPredicate accept) const;
  // Did-you-mean for an unknown action; nullopt when nothing is close enough.
  std::optional<std::string> suggest_action(std::string_view name, OnTie on_tie = OnTie::First) const;

  // Condition operators (case-sensitive, as in both AWS and RGW).
  OperatorLookup check_operator(std::string_view op) const;
  bool accepts_operator(std::string_view op) const { return check_operator(op).accepted(); }
  const OperatorInfo* operator_info(std::string_view op) const { return check_operator(op).base; }
  std::optional<std::string> suggest_operator(std::string_view op, OnTie on_tie = OnTie::First) const;

  // Condition keys. Found case-insensitively; see KeyLookup::exact_case for RGW.
  KeyLookup lookup_condition_key(std::string_view key) const;
  const ConditionKeyInfo* find_condition_key(std::string_view key) const {
    return lookup_condition_key(key).info;
  }
  std::span<const ConditionKeyInfo> condition_keys() const { return keys_; }
  std::optional<std::string> suggest_condition_key(std::string_view key, OnTie on_tie = OnTie::First) const;

  // Resource types (AWS: all 13 of the package; RGW: bucket and object, tenant in the account).
  const ResourceTypeInfo* find_resource_type(std::string_view name) const;
  std::span<const ResourceTypeInfo> resource_types() const { return resource_types_; }

  // What the target does with a principal type ("AWS", "Service", ...); unknown types: Reject.
  Behavior principal_behavior(std::string_view type) const;

 private:
  // catalog/catalog_build.h: fills a Catalog from the JSON in schema/catalog/ (at build time, for
  // the table generator, and in tests) or from the C++ tables generated from it (catalog_for).
  friend struct CatalogBuilder;
  Target target_ = Target::Aws;
  bool verified_ = true;
  std::string provenance_;
  TargetFacts facts_;
  std::vector<ActionInfo> actions_;          // sorted case-insensitively by name
  // Indexes by name (catalog/name_index.h): find_action runs for every Action string and the key
  // and operator lookups for every condition clause, from several rules each. The exact index is
  // tried first (policies mostly spell names as the catalog does) and gives what the
  // case-insensitive one would: among names equal but for case, the first in sorted order.
  NameIndex action_exact_{NameIndex::Case::Exact};
  NameIndex action_ci_{NameIndex::Case::Insensitive};
  NameIndex key_exact_{NameIndex::Case::Exact};
  NameIndex key_ci_{NameIndex::Case::Insensitive};
  NameIndex base_operator_index_{NameIndex::Case::Exact};  // the last of base_operators_ by that name
  NameIndex accepted_operator_index_{NameIndex::Case::Exact};
  // The actions a wildcard pattern can match at all: those starting with its literal prefix.
  std::span<const ActionInfo> action_candidates(std::string_view pattern) const;
  // The names of actions_ lower-cased, for action_candidates' binary search; empty when a name is
  // not ASCII (then lower-cased byte order need not be compare_ci's order).
  std::vector<std::string> folded_action_names_;
  std::vector<std::string> services_;        // lower-case, sorted
  std::vector<OperatorInfo> base_operators_; // every base operator the target knows
  std::vector<std::string> accepted_operators_;  // RGW's keywords (without IfExists); AWS: empty
  std::vector<std::string> operator_spellings_;  // every accepted spelling, for suggestions
  std::vector<ConditionKeyInfo> keys_;       // sorted case-insensitively by name
  std::vector<ResourceTypeInfo> resource_types_;
};

// S3 ARN classification for Resource/NotResource strings (wildcards allowed, not expanded).
enum class ArnKind : std::uint8_t { NotArn, NotS3, Bucket, Object, AccessPoint, AccessPointObject, OtherS3 };

struct S3Arn {
  ArnKind kind = ArnKind::NotArn;
  std::string_view partition, service, region, account, resource;  // the five ARN fields
  std::string_view bucket;  // Bucket/Object: the bucket (pattern); AccessPoint*: its name
  std::string_view key;     // Object/AccessPointObject: after the first '/' (or "object/")
  // A wildcard in a bucket-looking resource can also reach objects ("arn:aws:s3:::b*"), because
  // '*' and '?' match '/'.
  bool may_match_bucket = false;
  bool may_match_object = false;
  std::string_view resource_type;  // catalog resource-type name ("bucket", "accesspoint", ...)
};
// "*" is NotArn here (callers treat it as everything). Splits on the first five ':', so the
// resource may contain ':' (valid on AWS; RGW refuses it: see TargetFacts).
// "arn:aws:s3::X:accesspoint/Y" is read as AWS's multi-region access point, not as RGW tenant X's
// bucket "accesspoint"; with a region, "accesspoint/", "job/", "storage-lens/"... are the other
// AWS types.
S3Arn classify_s3_arn(std::string_view arn);

// Why the target would refuse this bucket name, or "" when it is valid. `relaxed`: RGW with
// rgw_relaxed_s3_bucket_names=true; AWS legacy us-east-1 names.
std::string check_bucket_name(std::string_view name, Target target, bool relaxed = false);

}  // namespace s3policy
