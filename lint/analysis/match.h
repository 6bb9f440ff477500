// How each target matches the parts of a statement against a request: Action, Resource and
// Principal strings. AWS uses ordinary wildcard matching. RGW (every release read so far) uses a
// matcher that never backtracks: at a '*' it moves on as soon as the next pattern character
// matches the current input character, so "a*b" does not match "axbxb" and "s3:Get*Tagging" matches
// no action at all (measured on Pacific 16.2.15: the first is 403, the second is refused by
// PutBucketPolicy). It also reads an Action that starts with '*' as "every action" ("*Foo" granted
// PutObject and DeleteObject, measured).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "analysis/principal_parse.h"
#include "analysis/request.h"
#include "catalog/wildcard.h"
#include "target.h"

namespace s3policy::analysis {

// Text substituted for a policy variable matches literally, also under StringLike, ArnLike and in
// Resource patterns: its '*' and '?' travel as these two bytes (which no ARN or request value
// contains otherwise), and the request side is translated the same way before a Like match
// (found by the AWS differential test: "${*}" matched everything).
inline constexpr char kLiteralStar = '\x01';
inline constexpr char kLiteralQuestion = '\x02';
std::string literal(std::string_view s);
std::string unliteral(std::string_view s);

// `text` with its policy variables (${aws:username}, with defaults) filled from the request's
// keys, as AWS fills them in a Resource; nullopt when one has no value.
std::optional<std::string> fill_policy_variables(std::string_view text, const Request& request);

// RGW's non-backtracking matcher lives with the other wildcard matchers (catalog/wildcard.h):
// the catalog needs it too, to know which actions a pattern names on RGW.
using s3policy::rgw_wildcard_match;
using s3policy::rgw_wildcard_match_fields;

// The target's string-pattern match for StringLike and for resource paths (case-sensitive).
bool like_match(Target target, std::string_view pattern, std::string_view text);

// Whether an Action/NotAction string names `action` (a catalog action name) on the target.
bool action_matches(Target target, std::string_view pattern, std::string_view action);

// Resource/NotResource item against a request resource ARN ("arn:aws:s3:::b/k"). On RGW an empty
// or "*" account field means the bucket owner's tenant; an item naming another tenant, or one that
// is not a valid ARN, is dropped by Pacific (never matches) and refused by later releases.
enum class ResourceItem { Matches, NoMatch, Dropped };
ResourceItem match_resource(Target target, std::string_view pattern, std::string_view request_arn,
                            std::string_view owner);
// The same for a request, with AWS policy variables in the item (${aws:username}, ${key, 'default'},
// ${*} ${?} ${$}) replaced by the request's values first; an item whose variable has no value
// matches nothing. RGW substitutes no variable in resources.
ResourceItem match_resource(Target target, std::string_view pattern, const Request& request);

// Whether a principal (as parsed for the target) names the caller.
bool principal_names(Target target, const principal::Parsed& p, const Caller& caller);
// Principals the target keeps when it reads the policy. RGW drops (Pacific) or refuses (later)
// what it cannot represent; a dropped principal matches nobody, and a Principal element left with
// no principal makes the statement never apply.
bool principal_kept(Target target, const principal::Parsed& p);

}  // namespace s3policy::analysis
