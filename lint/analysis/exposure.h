// Symbolic exposure analysis: who can do what to the bucket a policy is for. The finite parts
// are enumerated exactly (the catalog's actions of each access category, the principal classes
// the policy distinguishes, the keys its Resource patterns name); condition keys are explored
// over the values that can change a condition's outcome (the policy's own constants and their
// neighbours, absence, a fresh value), so a verdict of "denied" holds for every request.
// Conditions are sorted by who controls the key: the caller (user agent, referer, prefix, TLS:
// restrict nothing), the network (source address: a real restriction), the clock, and keys the
// analysis cannot reason about ("depends on <key>").
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "analysis/evaluate.h"
#include "analysis/principal_parse.h"
#include "analysis/request.h"
#include "policy.h"
#include "target.h"

namespace s3policy::analysis {

enum class Access { Read, List, Write, Delete, Permissions };
inline constexpr Access kAccesses[] = {Access::Read, Access::List, Access::Write, Access::Delete, Access::Permissions};
std::string_view to_string(Access a);  // "read", "list", "write", "delete", "permissions"
// The target's actions of a category ("s3:GetObject", ...).
const std::vector<std::string>& actions_of(Target target, Access access);
// Their positions in the target's catalog, in the same order.
const std::vector<std::size_t>& catalog_indices_of(Target target, Access access);

struct PrincipalClass {
  std::string label;  // "anonymous", "any other project", "project projectb", "the owner project"
  Caller caller;
  bool is_public = false;  // anonymous, or any authenticated user whom the policy does not name
  bool is_owner = false;
};

struct Scope {
  std::string bucket;  // the bucket the policy is for
  std::string owner;   // its project (RGW tenant), "" when unknown
  // More policies whose Resource patterns give object keys to try (diff: the other version, so
  // that both versions are asked about the same objects). They must outlive the analysis.
  std::vector<const Policy*> more_keys_from;
};
// The bucket (from the settings, else the policy's first concrete Resource) and owner: `owner`,
// else a "tenant:bucket" bucket's tenant, else on RGW resources_tenant(policy).
Scope scope_of(Target target, const Policy& policy, const std::optional<std::string>& bucket, const std::string& owner);
// The tenant that every tenanted bucket or object ARN of the policy's Resources names, "" when
// none does or two differ. On RGW it is the bucket owner's: RGW refuses (Reef on) or drops
// (Pacific) a Resource in another tenant.
std::string resources_tenant(const Policy& policy);
// Anonymous, any other project, the owner project, then each project and user the policy names.
std::vector<PrincipalClass> principal_classes(Target target, const Policy& policy, const Scope& scope);

// The keys by which an AWS Condition names principals as a Principal would: AWS sets them from the
// caller of every signed request, and principal_classes() has a class for what they name.
enum class PrincipalKey { None, Account, Arn };  // aws:PrincipalAccount, aws:PrincipalArn
PrincipalKey principal_key(std::string_view condition_key);
// Whether `value`, compared with `key`, names `caller`: its account ("1111*" as a pattern), or an
// ARN in one account that the caller's own ARN matches.
bool condition_value_names(PrincipalKey key, std::string_view value, const Caller& caller);
// The same from the principals already parsed (per statement, per item, for the target).
std::vector<PrincipalClass> principal_classes(Target target, const Policy& policy,
                                              const std::vector<std::span<const principal::Parsed>>& parsed,
                                              const Scope& scope);

struct Verdict {
  enum class State { Denied, Allowed, Conditional };
  State state = State::Denied;
  std::optional<Request> example;  // an allowed request (Conditional: one meeting the condition)
  Evaluation evaluation;           // of `example`
  bool over_http = false;          // some allowed request comes over plain HTTP
  bool over_https = false;         // some allowed request comes over HTTPS
  // Conditional: what the allowed requests need ("aws:SourceIp in 10.0.0.0/8", "depends on
  // aws:PrincipalOrgID", "aws:CurrentTime in a window").
  std::string condition;
  bool real_restriction = false;  // Conditional on the source address or the clock only
  const Statement* grant = nullptr;  // Allowed/Conditional: the first Allow that lets `example` in
};

// A Conditional verdict's condition as it reads after "only when": each way in "depends on KEY"
// becomes "the request's KEY meets the Condition" ("only when aws:SourceIp in 10.0.0.0/8 or the
// request's aws:SourceVpce meets the Condition"). "depends on KEY" itself reads after a subject
// ("anonymous read depends on aws:Referer"). Consecutive ways that compare one key the same way
// share it: "aws:username is alice or bob", "aws:SourceIp in 10.0.0.0/8 or 192.168.0.0/16"; parts
// every way needs are said once: "(aws:SourceIp in 10.0.0.0/8 or 192.168.0.0/16) and aws:username
// like ci-*" (the verdict's condition itself keeps every way whole: JSON output, diff and the
// rules read it).
std::string when_text(std::string_view condition);

// One verdict, from an Analyzer built for the call: commands and rules that ask more than once
// build one Analyzer (analysis/analyzer.h) and ask it.
Verdict analyse(Target target, const Policy& policy, const PrincipalClass& who, Access access, const Scope& scope);

// One request the analysis tries, with a flag saying whether it is "generic" (no special source
// address, time, or unknown key value). See Analyzer (analysis/analyzer.h).
struct Probe {
  Request request;
  bool generic = true;
  std::string special;  // what makes it non-generic
};

// Keys the caller chooses freely (user agent, referer, prefix, request headers and tags): a
// condition on them restricts nothing.
bool caller_controlled(Target target, std::string_view key);

// "anonymous GET s3://site/any-key over HTTPS from 203.0.113.7"
std::string describe_request(const Request& r, const PrincipalClass* who);

}  // namespace s3policy::analysis
