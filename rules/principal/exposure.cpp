// S3P401 principal-wildcard and S3P405 not-principal-with-allow: an Allow that reaches callers
// the author did not name. Whether a Condition really limits a wildcard is the access analysis'
// question; here a Condition only lowers the finding to a warning and is named in the message.
#include <algorithm>

#include "analysis/condition_values.h"
#include "analysis/principal_parse.h"
#include "catalog/ascii.h"
#include "catalog/catalog.h"
#include "catalog/wildcard.h"
#include "rules/condition/common.h"
#include "rules/principal/family.h"

namespace s3policy::rules {
namespace {

// "aws:SourceIp", "aws:SourceIp and aws:SecureTransport", "a, b and c" (each key once).
std::string condition_keys(const Statement& st) {
  std::vector<std::string_view> keys;
  for (const ConditionClause& c : st.conditions)
    if (std::find(keys.begin(), keys.end(), c.key) == keys.end()) keys.push_back(c.key);
  std::string out;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (i > 0) out += i + 1 == keys.size() ? " and " : ", ";
    out += keys[i];
  }
  return out;
}

// Whether a clause of `st` limits it to principals it names, as a Principal would (AWS; RGW never
// sets these keys): an ordinary comparison (no IfExists, no set operator, not negated: an
// anonymous request has none of these keys) of aws:PrincipalArn with ARNs of one account each,
// of aws:PrincipalAccount with account IDs or of aws:PrincipalOrgID with organization IDs, no
// value a pattern that any account matches ("arn:aws:iam::*:role/Admin").
bool limited_to_named_principals(const Statement& st, Target t) {
  if (is_ceph(t)) return false;
  for (const ConditionClause& c : st.conditions) {
    const OperatorLookup op = catalog_for(t).check_operator(c.op);
    if (!op.accepted() || op.if_exists || op.set != SetQualifier::None || op.base->negated ||
        (op.base->type != ValueType::String && op.base->type != ValueType::Arn) || c.values.empty())
      continue;
    const bool by_arn = ascii::equal_ci(c.key, "aws:PrincipalArn");
    const bool by_account = ascii::equal_ci(c.key, "aws:PrincipalAccount");
    if (!by_arn && !by_account && !ascii::equal_ci(c.key, "aws:PrincipalOrgID")) continue;
    const bool all_named = std::all_of(c.values.begin(), c.values.end(), [&](const JsonValue* v) {
      if (!v->is_string() || condition_values::has_policy_variable(v->text())) return false;
      const std::string_view text = v->text();
      // (A value no principal matches, condition-value-type's error, names no one.)
      if (by_arn) return principal::iam_arn_account(text) || !principal::principal_arn_problem(text).empty();
      if (by_account) return principal::is_aws_account_id(text) || !has_wildcard(text);
      return text.starts_with("o-") && !has_wildcard(text);
    });
    if (all_named) return true;
  }
  return false;
}

// The access analysis' public-access findings land on the same "*" (or "NotPrincipal" key) when
// it finds the access, and say more: which request, what it reaches, which Deny did not stop it,
// whether a Condition really limits it.
constexpr std::string_view kPublicAccessRules[] = {"S3P601", "S3P602", "S3P603", "S3P604"};

constexpr RuleMeta kPrincipalWildcard{
    .id = "S3P401",
    .name = "principal-wildcard",
    .summary = "An Allow statement grants access to every principal, anonymous callers included",
    .category = Category::Principal,
    .level = Level::Error,
    .security_severity = "7.5",
    .precision = "high",
    .defers_to = kPublicAccessRules};

class PrincipalWildcard final : public Rule {
 public:
  const RuleMeta& meta() const override { return kPrincipalWildcard; }

  void check_statement(const Statement& st, const Policy& policy, Context& cx) const override {
    // In a Deny "*" is the normal way to say "whoever asks"; NotPrincipal is S3P405's business.
    if (!st.allows() || st.principals.negated) return;
    // An Allow whose Condition no request on the target can meet (aws:SourceVpce on RGW) grants
    // nothing there, to everyone or anyone: the condition rules say so at the clause, and "check
    // that it really limits access" would ask a question already answered.
    if (condition::never_applies_for_want_of_key(st, policy, cx)) return;
    // "*" limited by a Condition to named principals (AWS's advice for roles that may be
    // recreated) grants no more than a Principal naming them: not everyone. What they can do is
    // cross-project-access's note (S3P605).
    if (limited_to_named_principals(st, cx.target())) return;
    const auto parsed = parsed_principals(st, policy, cx);
    for (std::size_t i = 0; i < st.principals.items.size(); ++i) {
      const PrincipalItem& item = st.principals.items[i];
      if (parsed[i].kind != principal::Kind::Wildcard) continue;
      const std::string keys = condition_keys(st);
      if (keys.empty()) {
        Finding& f = cx.report(*item.value.node, "principal \"*\" in " + st.label() +
                                                     " grants everyone, anonymous callers included, and no Condition "
                                                     "limits it");
        f.help = "name the projects or accounts that need access, e.g. {\"AWS\": \"arn:aws:iam::PROJECT_ID:root\"}";
      } else {
        Finding& f = cx.report(*item.value.node, "principal \"*\" in " + st.label() +
                                                     " is restricted by a Condition on " + keys +
                                                     "; check that it really limits access");
        f.level = Level::Warning;
      }
    }
  }
};

constexpr RuleMeta kNotPrincipalWithAllow{
    .id = "S3P405", .name = "not-principal-with-allow",
    .summary = "NotPrincipal in an Allow statement grants everyone except the principals listed",
    .category = Category::Principal, .level = Level::Error, .security_severity = "7.5", .precision = "high",
    .defers_to = kPublicAccessRules};

class NotPrincipalWithAllow final : public Rule {
 public:
  const RuleMeta& meta() const override { return kNotPrincipalWithAllow; }

  void check_statement(const Statement& st, const Policy&, Context& cx) const override {
    if (!st.allows() || !st.principals.negated || st.principals.member == nullptr) return;
    const bool excludes_all = std::any_of(st.principals.items.begin(), st.principals.items.end(), [&](const auto& i) {
      return principal::parse(i, cx.target()).kind == principal::Kind::Wildcard;
    });
    if (excludes_all) {
      cx.report_key(*st.principals.member, "\"NotPrincipal\": \"*\" with Allow in " + st.label() +
                                               " excludes every caller: the statement grants nothing");
      return;
    }
    const std::string where =
        is_ceph(cx.target())
            ? "; " + std::string(target_info(cx.target()).display) +
                  " evaluates it as AWS does (measured: an Allow with NotPrincipal projecta:root let a user of "
                  "projectb in)"
            : "; AWS strongly advises against NotPrincipal with Allow";
    Finding& f = cx.report_key(*st.principals.member,
                               "\"NotPrincipal\" with Allow in " + st.label() +
                                   " grants every caller except the principals listed, anonymous callers included" +
                                   where);
    f.help = "use \"Principal\" with the projects or accounts that need access";
  }
};

}  // namespace

const Rule* principal_wildcard() { static const PrincipalWildcard r; return &r; }
const Rule* not_principal_with_allow() { static const NotPrincipalWithAllow r; return &r; }

}  // namespace s3policy::rules
