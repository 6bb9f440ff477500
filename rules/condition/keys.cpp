// S3P502 unknown-condition-key, S3P503 condition-key-not-set-by-target and
// S3P512 condition-key-not-applicable: whether a request can carry the key a condition tests.
#include "catalog/ascii.h"
#include "rules/condition/common.h"
#include "rules/condition/family.h"

namespace s3policy::rules {
namespace {
using condition::covered_prefix;
using condition::display;
using condition::quote;

bool never_set(const Catalog& cat, std::string_view key) {
  const KeyLookup k = cat.lookup_condition_key(key);
  return k.info != nullptr && k.info->populated == Populated::Never;
}

// What the statement's verdict becomes, e.g. "no request has this key: the condition is never
// true, so this Allow never grants anything".
std::string absent_consequence(const ConditionClause& c, const Statement& st, Target t) {
  const OperatorLookup op = catalog_for(t).check_operator(c.op);
  const std::string consequence = condition::statement_consequence(st, condition::when_key_absent(c, op, t), t);
  return consequence.empty() ? "the condition always sees it as absent" : consequence;
}

constexpr RuleMeta kUnknownKey{
    .id = "S3P502", .name = "unknown-condition-key",
    .summary = "A condition key that is not a global or S3 key, or is spelled in the wrong case",
    .category = Category::Condition, .level = Level::Warning, .precision = "high"};

class UnknownConditionKey final : public Rule {
 public:
  const RuleMeta& meta() const override { return kUnknownKey; }

  void check_statement(const Statement& st, const Policy& policy, Context& cx) const override {
    const Catalog& cat = condition::catalog(cx);
    const bool ceph = is_ceph(cx.target());
    const std::span<const condition::ClauseLookups> lookups = condition::clause_lookups(st, policy, cx);
    for (std::size_t i = 0; i < st.conditions.size(); ++i) {
      const ConditionClause& c = st.conditions[i];
      const KeyLookup& key = lookups[i].key;
      if (key.info != nullptr) {
        // Only RGW compares keys case-sensitively; AWS's own lists disagree on case
        // ("aws:referer"), so a case difference means nothing there.
        // A key the target never sets is condition-key-not-set-by-target's, whatever its case.
        if (key.exact_case || !cat.facts().condition_keys_case_sensitive || key.info->populated == Populated::Never)
          continue;
        const std::string spelled = key.info->name + std::string(key.suffix);
        Finding& f = cx.report_key(*c.key_member, quote(c.key) + " is spelled " + quote(spelled) + " in " +
                                                      std::string(display(cx)) + ", which compares condition keys "
                                                      "case-sensitively: it never finds this key");
        f.help = "write " + quote(spelled) + " (AWS ignores the case, so this works on both)";
        // The author's intent is plain, but on RGW the fix makes a condition that never saw its
        // key start testing it, which changes who gets access.
        // A tag key's suffix is the author's text: it may need escapes (then no fix).
        if (const auto token = plain_json_string(spelled)) {
          f.fix.push_back({c.key_member->key_span, *token});
          f.fix_safety = FixSafety::Unsafe;
        }
        continue;
      }
      const bool no_prefix = c.key.find(':') == std::string_view::npos;
      if (!no_prefix && !covered_prefix(c.key)) continue;
      const std::optional<std::string> suggestion = suggest_key(cat, c.key, no_prefix, OnTie::First);
      std::string message = "unknown condition key " + quote(c.key);
      if (no_prefix) message += " (keys need a service prefix such as \"aws:\" or \"s3:\")";
      message += ceph ? "; " + std::string(display(cx)) + " accepts any key name, but no request has this one: " +
                            absent_consequence(c, st, cx.target())
                      : "; AWS rejects a policy with a condition key S3 does not know";
      Finding& f = cx.report_key(*c.key_member, message + did_you_mean(suggestion));
      if (!ceph) f.target_effect = TargetEffect::RejectsPolicy;
      // No fix to a key the target never sets: the condition would still never hold (S3P503).
      const auto only = suggest_key(cat, c.key, no_prefix, OnTie::Nothing);
      if (const auto token = only && !never_set(cat, *only) ? plain_json_string(*only) : std::nullopt) {
        f.fix.push_back({c.key_member->key_span, *token});
        f.fix_safety = FixSafety::Unsafe;
      }
    }
  }

 private:
  // The nearest known key; a key written without a prefix is also tried with "aws:" and "s3:".
  static std::optional<std::string> suggest_key(const Catalog& cat, std::string_view key, bool no_prefix,
                                                OnTie on_tie) {
    std::optional<std::string> suggestion = cat.suggest_condition_key(key, on_tie);
    if (!suggestion && no_prefix) {
      suggestion = cat.suggest_condition_key("aws:" + std::string(key), on_tie);
      if (!suggestion) suggestion = cat.suggest_condition_key("s3:" + std::string(key), on_tie);
    }
    return suggestion;
  }
};

constexpr RuleMeta kNotSet{
    .id = "S3P503", .name = "condition-key-not-set-by-target",
    .summary = "A condition on a key that RGW never puts into the request, so the condition never matches",
    .category = Category::Condition, .level = Level::Error, .security_severity = "7.5", .precision = "high"};

class ConditionKeyNotSetByTarget final : public Rule {
 public:
  const RuleMeta& meta() const override { return kNotSet; }

  void check_statement(const Statement& st, const Policy& policy, Context& cx) const override {
    if (!is_ceph(cx.target())) return;
    const bool deny = condition::is_deny(st, cx.target());
    const std::span<const condition::ClauseLookups> lookups = condition::clause_lookups(st, policy, cx);
    for (std::size_t i = 0; i < st.conditions.size(); ++i) {
      const ConditionClause& c = st.conditions[i];
      const ConditionKeyInfo* key = lookups[i].key.info;
      if (key == nullptr || key->populated != Populated::Never) continue;
      const OperatorLookup& op = lookups[i].op;
      if (!op.accepted()) continue;  // the policy is rejected anyway (S3P501)
      const condition::Absent outcome = condition::when_key_absent(c, op, cx.target());
      Finding& f = cx.report_key(*c.key_member, std::string(display(cx)) + " never sets " + quote(c.key) + ": " +
                                                    absent_consequence(c, st, cx.target()));
      // A Deny that protects nothing, or an Allow whose restriction is void, widens access.
      const bool widens = deny || outcome == condition::Absent::AlwaysTrue;
      f.level = widens ? Level::Error : Level::Warning;
      f.help = deny ? "protect the bucket with a condition on a key RGW sets (aws:SourceIp, aws:username, "
                      "aws:SecureTransport with BoolIfExists, ...)"
                    : "use a key RGW sets, or grant through Principal instead of a condition";
    }
  }
};

// RGW fills some request keys only for the requests listed in its documentation (ceph.git
// doc/radosgw/bucketpolicy.rst) and in NOTES §6; for every other key the AWS per-action list in
// the catalog is the best description there is.
struct RgwKeyScope {
  std::string_view key;  // canonical, tag-style keys end in '/'
  std::initializer_list<std::string_view> actions;
};
const RgwKeyScope kRgwKeyScopes[] = {
    {"s3:prefix", {"s3:ListBucket", "s3:ListBucketVersions"}},
    {"s3:delimiter", {"s3:ListBucket", "s3:ListBucketVersions"}},
    {"s3:max-keys", {"s3:ListBucket", "s3:ListBucketVersions"}},
    {"s3:x-amz-copy-source", {"s3:PutObject"}},
    {"s3:x-amz-metadata-directive", {"s3:PutObject"}},
    {"s3:x-amz-server-side-encryption", {"s3:PutObject"}},
    {"s3:x-amz-server-side-encryption-aws-kms-key-id", {"s3:PutObject"}},
    {"s3:x-amz-server-side-encryption-customer-algorithm", {"s3:PutObject"}},
    {"s3:RequestObjectTag/", {"s3:PutObject", "s3:PutObjectTagging", "s3:PutObjectVersionTagging"}},
};

// Access point and access grant keys are set on requests that arrive through an access point
// or grant, for more actions than the catalog lists (AWS's own examples test
// s3:DataAccessPointAccount on s3:GetObject), so their absence from an action's list proves nothing.
bool set_through_access_points(std::string_view key) {
  return ascii::starts_with_ci(key, "s3:AccessPoint") || ascii::starts_with_ci(key, "s3:DataAccessPoint") ||
         ascii::starts_with_ci(key, "s3:AccessGrant");
}

bool same_key(std::string_view listed, std::string_view canonical) {
  const auto slash = listed.find('/');
  return ascii::equal_ci(slash == std::string_view::npos ? listed : listed.substr(0, slash + 1), canonical);
}

// Whether a request for `action` can carry `key` on the target; nullopt when nothing is known
// (RGW extensions have no per-action key list).
std::optional<bool> key_applies(const ActionInfo& action, const ConditionKeyInfo& key, Target t) {
  if (is_ceph(t))
    for (const RgwKeyScope& scope : kRgwKeyScopes)
      if (ascii::equal_ci(scope.key, key.name)) {
        for (std::string_view a : scope.actions)
          if (ascii::equal_ci(a, action.name)) return true;
        return false;
      }
  if (!action.in_aws) return std::nullopt;
  for (const std::string& k : action.condition_keys)
    if (same_key(k, key.name)) return true;
  return false;
}

constexpr RuleMeta kNotApplicable{
    .id = "S3P512", .name = "condition-key-not-applicable",
    .summary = "A condition key that none of the statement's actions ever has",
    .category = Category::Condition, .level = Level::Note, .precision = "medium"};

class ConditionKeyNotApplicable final : public Rule {
 public:
  const RuleMeta& meta() const override { return kNotApplicable; }

  void check_statement(const Statement& st, const Policy& policy, Context& cx) const override {
    if (!st.actions.present() || st.actions.negated || st.actions.items.empty()) return;
    const Catalog& cat = condition::catalog(cx);
    // The statement's actions, expanded when the first clause needs them: most statements test
    // no s3: key, and expanding "s3:*" costs more than the rest of the rule.
    std::vector<const ActionInfo*> actions;
    bool expanded = false;
    const std::span<const condition::ClauseLookups> lookups = condition::clause_lookups(st, policy, cx);
    for (std::size_t clause = 0; clause < st.conditions.size(); ++clause) {
      const ConditionClause& c = st.conditions[clause];
      if (!ascii::starts_with_ci(c.key, "s3:")) continue;  // global keys apply to every request
      const ConditionKeyInfo* key = lookups[clause].key.info;
      if (key == nullptr || key->populated == Populated::Never) continue;  // S3P502, S3P503
      if (set_through_access_points(key->name)) continue;
      if (!expanded) {
        for (const StringItem& item : st.actions.items) {
          const auto matched = cat.match_actions(item.text);
          if (matched.empty()) return;  // an unknown action: the action rules speak, we cannot judge
          actions.insert(actions.end(), matched.begin(), matched.end());
        }
        expanded = true;
      }
      bool applies = false, unknown = false;
      for (const ActionInfo* a : actions) {
        const auto r = key_applies(*a, *key, cx.target());
        applies = applies || r.value_or(false);
        unknown = unknown || !r;
      }
      if (applies || unknown) continue;
      std::string names;
      for (std::size_t i = 0; i < actions.size() && i < 3; ++i) names += (i ? ", " : "") + actions[i]->name;
      if (actions.size() > 3) names += ", ...";
      Finding& f = cx.report_key(*c.key_member, "condition key " + quote(c.key) + " is never present on " + names +
                                                    " requests in " + std::string(display(cx)) + ": " +
                                                    absent_consequence(c, st, cx.target()));
      f.help = where_set(cat, *key, cx.target());
    }
  }

 private:
  static std::string where_set(const Catalog& cat, const ConditionKeyInfo& key, Target t) {
    std::vector<std::string_view> names;
    for (const ActionInfo& a : cat.actions())
      if (key_applies(a, key, t).value_or(false)) names.push_back(a.name);
    if (names.empty()) return {};
    std::string out = "the key is set for ";
    for (std::size_t i = 0; i < names.size() && i < 4; ++i) out += (i ? ", " : "") + std::string(names[i]);
    if (names.size() > 4) out += " and " + std::to_string(names.size() - 4) + " more";
    return out;
  }
};

}  // namespace

const Rule* unknown_condition_key() { static const UnknownConditionKey r; return &r; }
const Rule* condition_key_not_set_by_target() { static const ConditionKeyNotSetByTarget r; return &r; }
const Rule* condition_key_not_applicable() { static const ConditionKeyNotApplicable r; return &r; }

}  // namespace s3policy::rules
