// The space of requests the exposure analysis tries: for each condition key the policy reads, the
// values that can change a clause's outcome (the policy's own constants and their neighbours,
// absence, a fresh value), and the object keys its Resource patterns name. Internal to the
// analysis (exposure.cpp, analyzer.cpp).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "policy.h"
#include "target.h"

namespace s3policy::analysis {

// Who controls a condition key: the caller (restricts nothing), the network (source address),
// the clock, the principal's identity (set from the caller), a key the analysis cannot reason
// about, or (RGW) a key the target never sets.
enum class KeyKind { Caller, Network, Clock, Identity, Unknown, NeverSet };
KeyKind key_kind(Target target, std::string_view key);

bool object_action(std::string_view action);

struct Candidate {
  std::optional<std::string> value;  // nullopt: the key is absent
  bool generic = true;               // what an arbitrary caller sends (first in each dimension)
  std::string special;               // for the others: what the value stands for
  // `value` is a policy value with policy variables ("home/${aws:username}/*"): the probe sends
  // what it becomes for the probe's caller (request_value_for), or an instance of that pattern.
  enum class Template : std::uint8_t { None, Value, Instance };
  Template from_template = Template::None;
};
// A pattern's instance: each '*' and '?' replaced by 'x'.
std::string instance(std::string_view pattern);
struct Dimension {
  std::string key;
  std::vector<Candidate> candidates;  // the generic value first
  // aws:username (and on AWS aws:PrincipalType): the server sets it from the caller; only a
  // stand-in caller (Caller::stands_in: a project's users, any authenticated user) takes the
  // other candidates, the names (types) a Condition compares it with.
  bool stand_in_only = false;
};

// What the values a policy compares aws:PrincipalArn with name (AWS): each lies within one account
// or matches no principal at all (the principal classes then hold a caller for each, and the
// requests carry the caller's own ARN); or some are patterns any account's callers may match
// ("arn:aws:iam::*:role/Auditor", which stand-in callers also try); or they cannot be told
// (policy variables, other text: "depends on aws:PrincipalArn"). Unknown too on RGW, which never
// sets the key, and when no Condition compares it.
enum class PrincipalArnValues { Unknown, OneAccountEach, AnyAccount };
PrincipalArnValues principal_arn_values(Target target, const Policy& policy);
// principal_arn_values() == OneAccountEach: the requests carry the caller's own aws:PrincipalArn.
bool principal_arn_from_caller(Target target, const Policy& policy);

// At most this many dimensions: the analysis keeps sets of them as bits.
inline constexpr std::size_t kMaxDimensions = 16;

// One dimension per condition key the policy reads (aws:SecureTransport is the transport, and
// identity keys are set from the caller, so neither is one, but for a stand-in caller's name and,
// on AWS, principal type), within bounds that keep the analysis linear in the size of the policy.
std::vector<Dimension> dimensions(Target target, const Policy& policy);

// Every combination of the candidates of `dims`, or (when there are too many) each candidate on
// its own with the others at their generic value.
std::vector<std::vector<const Candidate*>> combinations(const std::vector<const Dimension*>& dims);
// How many combinations(dims) holds, and its k-th one (into `out`), without building the list.
std::size_t combination_count(const std::vector<const Dimension*>& dims);
void combination_at(const std::vector<const Dimension*>& dims, std::size_t k, std::vector<const Candidate*>& out);

// Object keys to try for object actions: "any-key" and one instance of each Resource pattern
// of the bucket (in `policy`, then in each of `more`). With `patterns`, the key pattern each
// stands for as the Resource writes it ("public/*"; "*" for "any-key"), parallel to the keys.
std::vector<std::string> object_keys(const Policy& policy, const std::string& bucket,
                                     std::vector<std::string_view>* patterns = nullptr,
                                     std::span<const Policy* const> more = {});

}  // namespace s3policy::analysis
