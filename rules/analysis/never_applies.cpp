// S3P607 statement-never-applies: a statement that no request can match on the target, proved
// by the evaluator over the exposure analysis's probe requests (every principal class, every
// action of every access category, the condition values that can change an outcome). What the
// structure rules already say is left to them: a missing Principal, Action or Resource
// (S3P109-S3P111), an Effect that is missing or invalid, an Allow with NotAction on RGW (S3P207).
// What remains is what only evaluation shows: a Condition no request can meet on the target
// (a key the target never sets, a key it sets to other values, contradictory clauses), and, on
// RGW, a NotAction-only Deny — a guard that protects nothing.
#include <algorithm>
#include <optional>
#include <span>

#include "analysis/condition_values.h"
#include "analysis/evaluate.h"
#include "analysis/exposure.h"
#include "analysis/key_scope.h"
#include "analysis/principal_parse.h"
#include "analysis/probe_space.h"
#include "catalog/ascii.h"
#include "catalog/catalog.h"
#include "rules/analysis/family.h"
#include "rules/condition/common.h"
#include "rules/principal/family.h"

namespace s3policy::rules {
namespace {

// A clause failed only because its key was absent from every request tried. That proves
// something only when no request could carry the key: on RGW a key the release never sets (or
// spelled in another case: RGW's keys are case-sensitive), a key that none of the requests'
// actions ever has, or a key the analysis did put into some request (so its values were
// explored). Elsewhere (AWS keys such as aws:PrincipalArn that
// the requests do not model) the statement is not judged.
bool absence_proved(Target t, const std::vector<std::string>& absent, const std::vector<std::string>& probed,
                    const std::vector<std::string>& actions) {
  const Catalog& cat = catalog_for(t);
  for (const std::string& key : absent) {
    if (std::find(probed.begin(), probed.end(), key) != probed.end()) continue;
    const KeyLookup k = cat.lookup_condition_key(key);
    // No request of the actions probed has the key (s3:prefix on s3:GetObject): the probes leave
    // it out as the server does (analysis::key_applies).
    if (k.info != nullptr && analysis::scoped_to_actions(key) && !actions.empty() &&
        std::all_of(actions.begin(), actions.end(), [&](const std::string& a) {
          const ActionInfo* info = cat.find_action(a);
          return info != nullptr && analysis::key_applies(t, *info, *k.info) == false;
        }))
      continue;
    if (!is_ceph(t)) return false;
    if (k.info != nullptr && k.exact_case && k.info->populated != Populated::Never) return false;
  }
  return true;
}

// Whether a clause that some probe failed (`failed`: "condition <operator> <key>", as the
// evaluator names them) has a value naming a policy variable whose key no probe carried (AWS's
// aws:userid, aws:PrincipalTag/...: keys the requests do not model), with no default to fall back
// to: the probes cannot have tried the value it stands for, so its failures prove nothing.
bool unmodelled_variable(const Statement& st, const std::vector<std::string>& probed,
                         const std::vector<std::string>& failed) {
  for (const ConditionClause& c : st.conditions) {
    const std::string head = "condition " + std::string(c.op) + " " + std::string(c.key);
    if (std::find(failed.begin(), failed.end(), head) == failed.end()) continue;
    for (const JsonValue* v : c.values) {
      const std::string_view text = v->text();
      for (std::size_t open = text.find("${"); open != std::string_view::npos; open = text.find("${", open + 2)) {
        const std::size_t close = text.find('}', open);
        if (close == std::string_view::npos) break;
        const std::string_view inner = text.substr(open + 2, close - open - 2);
        if (inner == "*" || inner == "?" || inner == "$" || inner.find(',') != std::string_view::npos) continue;
        if (std::none_of(probed.begin(), probed.end(), [&](const std::string& k) { return ascii::equal_ci(k, inner); }))
          return true;
      }
    }
  }
  return false;
}

// The "TLS only" Deny of AWS's guides: Bool aws:SecureTransport "false". RGW leaves the key out
// of plain-HTTP requests instead of setting it to "false", and Bool on a missing key is false, so
// on RGW the guard never fires: the commonest copy of a policy that silently does nothing there.
bool classic_tls_guard(const ConditionClause& c) {
  return c.op == "Bool" && c.key == "aws:SecureTransport" && !c.values.empty() &&
         std::all_of(c.values.begin(), c.values.end(),
                     [](const JsonValue* v) { return v->is_string() && ascii::equal_ci(v->text(), "false"); });
}

// Bool -> BoolIfExists on the guard's operator, when that changes nothing but the guard: the
// operator's block holds no other key, and the Condition has no BoolIfExists block already (the
// renamed one would be a duplicate key).
std::optional<Edit> if_exists_edit(const Statement& st, const ConditionClause& c) {
  if (c.op_member == nullptr || c.op_member->value == nullptr || c.op_member->value->members().size() != 1)
    return std::nullopt;
  if (st.condition == nullptr || st.condition->value == nullptr || st.condition->value->find("BoolIfExists") != nullptr)
    return std::nullopt;
  return Edit{c.op_member->key_span, "\"BoolIfExists\""};
}

class NeverApplies final : public Rule {
 public:
  const RuleMeta& meta() const override;

  void check_policy(const Policy& policy, Context& cx) const override {
    const Target t = cx.target();
    const std::string display(target_info(t).display);
    const analysis::Analyzer& az = analyzer(policy, cx);
    // Whether the requests carry the caller's own aws:PrincipalArn: asked once per policy, and only
    // of a policy with a statement that fails its Condition.
    std::optional<bool> arn_from_caller_memo;
    for (const Statement& st : policy.statements) {
      if (st.effect != Effect::Allow && st.effect != Effect::Deny) continue;
      if (!st.principals.member || !st.actions.present() || !st.resources.present()) continue;
      const bool not_action_only = st.actions.negated && st.node->find("Action") == nullptr;
      if (not_action_only && catalog_for(t).facts().quirks.not_action_only_never_matches) {
        if (st.effect == Effect::Deny) {
          Finding& f = cx.report_key(*st.actions.member, st.label() + " never applies on " + display +
                                                             ", which ignores a statement with \"NotAction\" "
                                                             "instead of \"Action\": this Deny protects nothing");
          f.help = "list the actions to deny in \"Action\" (\"s3:*\" with the exceptions in a separate Allow)";
        }
        continue;  // an Allow of this form is S3P207's
      }
      if (st.conditions.empty()) continue;
      // Most statements apply to some probe: find that out without explaining the misses (the
      // probes get past Principal, Action and Resource; only the Condition is left to ask). When
      // no probe gets that far (nullopt), the walk below would find no reason either.
      const std::optional<bool> met = az.condition_met(st);
      if (!met || *met) continue;
      bool applies = false;
      // Why requests that matched everything but the Condition failed it: one reason per clause
      // (a generic request's first), so contradictory clauses show both sides.
      std::vector<std::string> whys;
      std::vector<std::string> absent_keys;  // clauses that failed because their key was absent
      std::vector<std::string> probed_keys;  // keys some request carried
      std::vector<std::string> probed_actions;
      std::vector<std::string> failed;       // the clauses some request failed, when one names a variable
      const bool variables = std::any_of(st.conditions.begin(), st.conditions.end(), [](const ConditionClause& c) {
        return std::any_of(c.values.begin(), c.values.end(),
                           [](const JsonValue* v) { return condition_values::has_policy_variable(v->text()); });
      });
      bool unjudged = false;
      if (!arn_from_caller_memo) arn_from_caller_memo = analysis::principal_arn_from_caller(t, policy);
      const bool arn_from_caller = *arn_from_caller_memo;
      const std::span<const principal::Parsed> parsed = parsed_principals(st, policy, cx);
      std::string last_why;
      az.probes_reaching(st, [&](const analysis::Probe& p) {
        const analysis::StatementTrace tr = analysis::evaluate_statement(t, st, parsed, p.request);
        if (tr.applies) {
          applies = true;
          return false;
        }
        for (const auto& c : p.request.context)
          if (std::find(probed_keys.begin(), probed_keys.end(), c.key) == probed_keys.end())
            probed_keys.push_back(c.key);
        if (std::find(probed_actions.begin(), probed_actions.end(), p.request.action) == probed_actions.end())
          probed_actions.push_back(p.request.action);
        if (tr.miss == analysis::Miss::Condition) {
          // The reason of the last miss again changes nothing below (a transport's listing and
          // other probes mostly fail alike).
          if (tr.why == last_why) return true;
          last_why = tr.why;
          const std::string clause = tr.why.substr(0, tr.why.find(": "));
          if (variables && std::find(failed.begin(), failed.end(), clause) == failed.end()) failed.push_back(clause);
          if (tr.why.ends_with("the key is absent")) absent_keys.push_back(clause.substr(clause.rfind(' ') + 1));
          // AWS ARN matching against ARNs the requests do not model (aws:SourceArn: they carry a
          // placeholder value) proves nothing there. aws:PrincipalArn is the caller's when the
          // principal classes include one for each value (principal_arn_from_caller).
          if (!is_ceph(t) && clause.starts_with("condition Arn") &&
              !(arn_from_caller && ascii::ends_with_ci(clause, " aws:PrincipalArn")))
            unjudged = true;
          bool seen = false;
          for (const std::string& w : whys) seen = seen || w.starts_with(clause + ": ");
          if (!seen && whys.size() < 3) whys.push_back(tr.why);
          // The reason a reader needs: on RGW "absent" is the one that surprises; on AWS, which
          // sets the principal keys on every signed request, the value that does not match.
          else if (seen && is_ceph(t) == tr.why.ends_with("the key is absent"))
            for (std::string& w : whys)
              if (w.starts_with(clause + ": ")) w = tr.why;
        }
        return true;
      });
      // No request got as far as the Condition: the analysis does not model the principal or the
      // resource (a role, a service, another bucket), so it proves nothing about the statement.
      if (applies || unjudged || whys.empty() || !absence_proved(t, absent_keys, probed_keys, probed_actions) ||
          (variables && unmodelled_variable(st, probed_keys, failed)))
        continue;
      std::string why;
      for (std::string& w : whys) {
        // The caller's ARN (account) the probe carried is a stand-in's ("s3policy-unnamed-project"):
        // what matters is that no caller's matches.
        const std::size_t colon = w.find(": ");
        if (colon != std::string::npos && !is_ceph(t) && !w.ends_with("the key is absent")) {
          const std::string_view clause = std::string_view(w).substr(0, colon);
          if (arn_from_caller && ascii::ends_with_ci(clause, " aws:PrincipalArn"))
            w = w.substr(0, colon) +
                ": no caller's ARN matches it, callers being accounts' root users, IAM users and roles";
          else if (ascii::ends_with_ci(clause, " aws:PrincipalAccount"))
            w = w.substr(0, colon) + ": no caller's account matches it, accounts being 12-digit IDs";
        }
        why += (why.empty() ? "" : "; otherwise ") + w;
      }
      // Point at the clause the evaluator names, else the first.
      const ConditionClause* clause = &st.conditions.front();
      for (const ConditionClause& c : st.conditions)
        if (!c.key.empty() && why.find(" " + std::string(c.key) + ":") != std::string::npos) {
          clause = &c;
          break;
        }
      // A clause RGW reads as a variable of a key no request has: S3P515 says so on its last
      // value, and this finding goes there too (left out when S3P515 reports).
      const ConditionClause* variable_clause = nullptr;
      if (is_ceph(t)) {
        const auto lookups = condition::clause_lookups(st, policy, cx);
        for (std::size_t i = 0; i < st.conditions.size() && variable_clause == nullptr; ++i)
          if (condition::rgw_variable_clause_never_true(st.conditions[i], lookups[i].op, t))
            variable_clause = &st.conditions[i];
      }
      const JsonMember* at = clause->key_member != nullptr ? clause->key_member : clause->op_member;
      const bool tls_guard = is_ceph(t) && st.effect == Effect::Deny && whys.size() == 1 &&
                             why.ends_with("the key is absent") && classic_tls_guard(*clause);
      const std::string msg =
          tls_guard
              ? "no request can meet the Condition of " + st.label() + " on " + display +
                    ", which leaves aws:SecureTransport out of plain-HTTP requests instead of setting it to "
                    "\"false\" (Bool is false on a missing key): this Deny does not refuse plain HTTP, it "
                    "protects nothing"
              : "no request can meet the Condition of " + st.label() + " on " + display + " (" + why + "), so this " +
                    (st.effect == Effect::Deny ? "Deny protects nothing" : "Allow grants nothing");
      Finding& f = variable_clause != nullptr ? cx.report(*variable_clause->values.back(), msg)
                   : at != nullptr            ? cx.report_key(*at, msg)
                                              : cx.report_key(*st.principals.member, msg);
      if (!tls_guard) {
        f.help = "check the condition keys and values against what " + display + " puts into requests";
        continue;
      }
      f.help =
          "test aws:SecureTransport with \"BoolIfExists\": it also holds when the key is missing, so the Deny "
          "refuses plain HTTP on " +
          display + " (and still on AWS, which sets the key to \"false\")";
      // The author's intent is plain, but the fixed Deny starts refusing the plain-HTTP clients the
      // bucket serves today: unsafe.
      if (const auto edit = if_exists_edit(st, *clause)) {
        f.fix.push_back(*edit);
        f.fix_safety = FixSafety::Unsafe;
      }
    }
  }
};

// A key unknown to RGW (S3P502) or one it never sets (S3P503), an Arn* operator RGW never
// matches (S3P511), or a "${...}" clause whose last value names no key (S3P515): their finding on
// the clause already says the statement never applies.
constexpr std::string_view kSaidBy[] = {"S3P502", "S3P503", "S3P511", "S3P512", "S3P515"};

constexpr RuleMeta kNeverApplies{
    .id = "S3P607",
    .name = "statement-never-applies",
    .summary =
        "No request can match the statement on the target: its Condition can never hold, or RGW ignores its form",
    .category = Category::Analysis,
    .level = Level::Warning,
    .precision = "high",
    .defers_to = kSaidBy};

const RuleMeta& NeverApplies::meta() const { return kNeverApplies; }

}  // namespace

const Rule* statement_never_applies() {
  static const NeverApplies r;
  return &r;
}

}  // namespace s3policy::rules
