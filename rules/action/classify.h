// What one Action/NotAction string is on a target, decided once so that the action rules agree on
// which of them owns an item: api-name-not-action, unknown-action, action-unsupported-by-target,
// action-wrong-service and wildcard-matches-nothing each report only their own verdict, never the
// same item twice.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "catalog/catalog.h"
#include "policy.h"
#include "rule.h"

namespace s3policy::rules {

enum class ActionVerdict : std::uint8_t {
  Known,               // an action (or a wildcard matching some) of the target: nothing to say
  NoService,           // "GetObject": no "service:" prefix
  OtherService,        // "iam:CreateUser", "ec2:*", "s3-outposts:GetObject"
  ApiName,             // "s3:HeadObject": an API operation name, not an IAM action
  RgwNameOnAws,        // "s3:PutBucketEncryption" linted for AWS: an RGW extension
  UnsupportedByTarget, // a real AWS or RGW action the chosen RGW release does not know
  Unknown,             // no such action anywhere
  WildcardNoMatch,     // "s3:Get*Foo": a pattern naming no action of the target
};

// One per Action string of a policy, kept for the whole lint of the file (rules/per_item.h):
// members ordered so that it packs into 64 bytes.
struct ActionCheck {
  std::string_view service;  // as written, before the first ':' ("" without one)
  // ApiName: the IAM action that authorizes the operation; RgwNameOnAws: the AWS name;
  // NoService/Unknown: the nearest action of the target (did-you-mean); otherwise "".
  std::string replacement;
  // Known, for an "s3:" name without wildcards: the target's action (Catalog::find_action(text)).
  const ActionInfo* action = nullptr;
  ActionVerdict verdict = ActionVerdict::Known;
  bool one_to_one = false;   // ApiName/RgwNameOnAws/NoService: replacing keeps the meaning
  // NoService/Unknown: the replacement is the only action that near, a clear enough guess to
  // offer as an unsafe fix (--fix --unsafe).
  bool unambiguous = false;
  // OtherService/UnsupportedByTarget/WildcardNoMatch on RGW: whether the target's parser
  // accepts the string (it rejects the whole policy otherwise).
  bool target_accepts = false;
  // False when the verdict rests on an unverified catalog (ceph-squid, a copy of Reef).
  bool certain = true;
  // UnsupportedByTarget/WildcardNoMatch: the other targets that know the name (a bit per
  // Target); known_in_text() says which ("AWS, RGW reef, tentacle").
  std::uint8_t known_in = 0;
};

std::string known_in_text(std::uint8_t targets);

ActionCheck check_action(std::string_view text, Target target);
// The bytes of the names whose checks this thread keeps (check_action remembers short names, a
// bounded number per target): memory that must not grow with a run.
std::size_t remembered_action_check_bytes();

// check_action of every Action/NotAction string, made once per file for the action rules and
// action-resource-mismatch. Parallel to st.actions.items; `st` is one of policy.statements.
std::span<const ActionCheck> action_checks(const Statement& st, const Policy& policy, Context& cx);

// "RGW (reef) rejects the whole policy", or "RGW (squid) may reject the whole policy" when the
// verdict rests on an unverified catalog.
std::string rejects_whole_policy(Target target, bool certain = true);

// Who a statement applies to, for messages: "to everyone (Principal \"*\")", "to
// arn:aws:iam::projectb:root", "to 3 principals", "to everyone except ..."; "" without a Principal.
std::string principal_scope(const Statement& st);

}  // namespace s3policy::rules
