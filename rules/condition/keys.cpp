// S3P502 unknown-condition-key, S3P503 condition-key-not-set-by-target and
// S3P512 condition-key-not-applicable: whether a request can carry the key a condition tests.
#include <algorithm>

#include "analysis/exposure.h"
#include "analysis/key_scope.h"
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

constexpr RuleMeta kNotApplicable{
    .id = "S3P512",
    .name = "condition-key-not-applicable",
    .summary = "A condition key that some of the statement's actions never have: an Allow never grants them",
    .category = Category::Condition,
    .level = Level::Warning,
    .precision = "medium"};

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
      if (!analysis::scoped_to_actions(c.key)) continue;  // global keys apply to every request
      const ConditionKeyInfo* key = lookups[clause].key.info;
      if (key == nullptr || key->populated == Populated::Never) continue;  // S3P502, S3P503
      if (!expanded) {
        for (const StringItem& item : st.actions.items) {
          const auto matched = cat.match_actions(item.text);
          if (matched.empty()) return;  // an unknown action: the action rules speak, we cannot judge
          actions.insert(actions.end(), matched.begin(), matched.end());
        }
        expanded = true;
      }
      bool applies = false, unknown = false;
      std::vector<const ActionInfo*> without;  // the actions whose requests never have the key
      for (const ActionInfo* a : actions) {
        const auto r = analysis::key_applies(cx.target(), *a, *key);
        applies = applies || r.value_or(false);
        unknown = unknown || !r;
        if (r == false && std::find(without.begin(), without.end(), a) == without.end()) without.push_back(a);
      }
      if (unknown) continue;
      if (applies) {
        report_some_actions(st, c, lookups, clause, *key, without, cx);
        continue;
      }
      Finding& f = cx.report_key(*c.key_member, "condition key " + quote(c.key) + " is never present on " +
                                                    names_of(actions, 3) + " requests in " + std::string(display(cx)) +
                                                    ": " + absent_consequence(c, st, cx.target()));
      f.help = where_set(cat, *key, cx.target());
      // A warning when the statement never applies (S3P607's warning, which defers to this one)
      // or cuts off what it names; a note when the Condition only restricts nothing.
      if (!cuts_off(st, c, lookups[clause].op, cx.target()) &&
          !(lookups[clause].op.accepted() &&
            condition::when_key_absent(c, lookups[clause].op, cx.target()) == condition::Absent::NeverTrue))
        f.level = Level::Note;
    }
  }

 private:
  // Whether the clause, on a request without its key, takes the statement's actions away from
  // what the author wrote: an Allow never true (it grants none of them), or a Deny of this one
  // clause always true (it refuses them all; with more clauses, another may still tell the
  // requests apart). These are warnings; what else a missing key does (a Deny that never applies,
  // an Allow without the restriction) is how such statements are usually meant, a note at most.
  static bool cuts_off(const Statement& st, const ConditionClause& c, const OperatorLookup& op, Target t) {
    if (!op.accepted()) return false;
    const condition::Absent absent = condition::when_key_absent(c, op, t);
    return condition::is_deny(st, t) ? absent == condition::Absent::AlwaysTrue && st.conditions.size() == 1
                                     : absent == condition::Absent::NeverTrue;
  }

  // "s3:GetObject, s3:PutObject, s3:DeleteObject and 4 more"
  static std::string names_of(const std::vector<const ActionInfo*>& actions, std::size_t shown) {
    std::string names;
    for (std::size_t i = 0; i < actions.size() && i < shown; ++i) names += (i ? ", " : "") + actions[i]->name;
    if (actions.size() > shown) names += " and " + std::to_string(actions.size() - shown) + " more";
    return names;
  }

  // The actions a reader knows first: those of the access categories (reads, listings, writes,
  // deletes, permission changes, in that order), then the rest in catalog order, so that "s3:*"
  // is named by s3:GetObject rather than s3:AbortMultipartUpload.
  static void most_used_first(std::vector<const ActionInfo*>& actions, Target t) {
    auto rank = [&](const ActionInfo* a) {
      std::size_t r = 0;
      for (analysis::Access access : analysis::kAccesses)
        for (const std::string& name : analysis::actions_of(t, access)) {
          if (name == a->name) return r;
          ++r;
        }
      return r;
    };
    std::stable_sort(actions.begin(), actions.end(),
                     [&](const ActionInfo* a, const ActionInfo* b) { return rank(a) < rank(b); });
  }

  // The statement's actions mix some whose requests have the key with others (`without`) whose
  // requests never do ("s3:*" under a Condition on s3:prefix). Reported when the missing key cuts
  // them off (cuts_off): a Deny on "s3:*" unless s3:x-amz-server-side-encryption is AES256
  // refuses every read.
  void report_some_actions(const Statement& st, const ConditionClause& c,
                           std::span<const condition::ClauseLookups> lookups, std::size_t clause,
                           const ConditionKeyInfo& key, const std::vector<const ActionInfo*>& without,
                           Context& cx) const {
    if (without.empty()) return;
    const Catalog& cat = condition::catalog(cx);
    const bool deny = condition::is_deny(st, cx.target());
    if (!cuts_off(st, c, lookups[clause].op, cx.target())) return;
    std::vector<const ActionInfo*> named = without;
    most_used_first(named, cx.target());
    const std::string names = names_of(named, 3);
    const std::string message =
        "condition key " + quote(c.key) + " is never present on " + names + " requests in " + std::string(display(cx)) +
        (deny ? ", and the condition holds without it: this Deny refuses every one of them"
              : ", so this Allow never grants them; it grants only the actions whose requests have the key");
    Finding& f = cx.report_key(*c.key_member, message);
    f.help = where_set(cat, key, cx.target());
    if (!f.help.empty()) f.help += "; name only those actions in this statement";
  }

  static std::string where_set(const Catalog& cat, const ConditionKeyInfo& key, Target t) {
    std::vector<std::string_view> names;
    for (const ActionInfo& a : cat.actions())
      if (analysis::key_applies(t, a, key).value_or(false)) names.push_back(a.name);
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
