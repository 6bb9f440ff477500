// Helpers shared by the condition rules (not part of the rule API): value text, quoting, and
// what a condition evaluates to when its key is absent from the request, which is how most
// condition mistakes show up (a key the target never sets, a key an action never has).
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "catalog/catalog.h"
#include "rule.h"

namespace s3policy::rules::condition {

inline const Catalog& catalog(const Context& cx) { return catalog_for(cx.target()); }

// The target's reading of one condition clause: its operator and its key. A dozen rules look at
// every clause, so the lookups are made once per file (rules/per_item.h).
struct ClauseLookups {
  OperatorLookup op;  // catalog(cx).check_operator(clause.op)
  KeyLookup key;      // catalog(cx).lookup_condition_key(clause.key)
};
// Parallel to st.conditions; `st` is one of policy.statements.
std::span<const ClauseLookups> clause_lookups(const Statement& st, const Policy& policy, Context& cx);
inline std::string_view display(const Context& cx) { return target_info(cx.target()).display; }
inline std::string quote(std::string_view s) { return "\"" + std::string(s) + "\""; }

// The text of a string or number value (how both services compare them); nullopt otherwise.
inline std::optional<std::string_view> value_text(const JsonValue* v) {
  if (v->kind == JsonKind::String || v->kind == JsonKind::Number) return std::string_view(v->text());
  return std::nullopt;
}

// On RGW: a String clause with a "${...}" value whose last value names no key a request has
// (too short, no variable, or a key RGW never sets), so the clause is never true (or, too short,
// crashes radosgw). S3P515 reports it on that value; other rules leave it to S3P515.
bool rgw_variable_clause_never_true(const ConditionClause& c, const OperatorLookup& op, Target t);

// A statement without Effect is a Deny on RGW (and invalid on AWS, where structure rules speak).
inline bool is_deny(const Statement& st, Target t) {
  return st.effect == Effect::Deny || (st.effect == Effect::Missing && is_ceph(t));
}

enum class Absent : std::uint8_t { AlwaysTrue, NeverTrue, Unknown };

// The value of one condition clause on a request that lacks its key.
inline Absent when_key_absent(const ConditionClause& c, const OperatorLookup& op, Target t) {
  if (op.base == nullptr) return Absent::Unknown;
  if (op.if_exists) return Absent::AlwaysTrue;
  const Quirks& q = catalog_for(t).facts().quirks;
  if (op.base->type == ValueType::Null) {
    if (q.null_ignores_value) return Absent::AlwaysTrue;
    if (c.values.size() != 1) return Absent::Unknown;
    // AWS reads a JSON boolean like the string (RGW rejects it: json-literal-in-condition).
    const JsonValue& v = *c.values[0];
    if (v.kind == JsonKind::True || (v.is_string() && v.text() == "true")) return Absent::AlwaysTrue;
    if (v.kind == JsonKind::False || (v.is_string() && v.text() == "false")) return Absent::NeverTrue;
    return Absent::Unknown;
  }
  // ForAllValues over an empty set is vacuously true on AWS; RGW's behaviour is not measured.
  if (op.set == SetQualifier::ForAllValues) return is_ceph(t) ? Absent::Unknown : Absent::AlwaysTrue;
  if (op.set == SetQualifier::ForAnyValue) return Absent::NeverTrue;
  if (op.base->negated) return q.negated_missing_key_false ? Absent::NeverTrue : Absent::AlwaysTrue;
  return Absent::NeverTrue;
}

// Keys of the two prefixes the catalogs cover. Others (sts:, iam:, OIDC claims written as
// "<idp-url>:<claim>", other services' keys) are not ours to judge in a bucket policy.
bool covered_prefix(std::string_view key);

// Whether some clause of `st` no request on the target can meet because none carries its key: a
// key the target never sets, or, on RGW (which accepts any key name), an aws:/s3: key it does not
// know or one spelled in another case, under an operator that needs the key. The statement then
// never applies there, and condition-key-not-set-by-target or unknown-condition-key says so at the
// clause: the rules that warn about how broadly an Allow grants leave such a statement alone.
bool never_applies_for_want_of_key(const Statement& st, const Policy& policy, Context& cx);

// "this Allow never applies" and friends: what an always-true/never-true clause does to the
// statement. Empty for Absent::Unknown.
inline std::string statement_consequence(const Statement& st, Absent outcome, Target t) {
  const bool deny = is_deny(st, t);
  switch (outcome) {
    case Absent::NeverTrue:
      return deny ? "the condition is never true, so this Deny never protects anything"
                  : "the condition is never true, so this Allow never grants anything";
    case Absent::AlwaysTrue:
      return deny ? "the condition is always true, so this Deny applies to every matching request"
                  : "the condition is always true, so it restricts nothing";
    case Absent::Unknown: break;
  }
  return {};
}

}  // namespace s3policy::rules::condition
