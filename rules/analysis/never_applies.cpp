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

#include "analysis/conditions.h"
#include "analysis/evaluate.h"
#include "analysis/exposure.h"
#include "analysis/principal_parse.h"
#include "catalog/catalog.h"
#include "rules/analysis/family.h"

namespace s3policy::rules {
namespace {

// A clause failed only because its key was absent from every request tried. That proves
// something only when no request could carry the key: on RGW a key the release never sets (or
// spelled in another case: RGW's keys are case-sensitive), or a key the analysis did put into
// some request (so its values were explored). Elsewhere (AWS keys such as aws:PrincipalArn that
// the requests do not model) the statement is not judged.
bool absence_proved(Target t, const std::vector<std::string>& absent, const std::vector<std::string>& probed) {
  for (const std::string& key : absent) {
    if (std::find(probed.begin(), probed.end(), key) != probed.end()) continue;
    if (!is_ceph(t)) return false;
    const KeyLookup k = catalog_for(t).lookup_condition_key(key);
    if (k.info != nullptr && k.exact_case && k.info->populated != Populated::Never) return false;
  }
  return true;
}

// analysis::evaluate_statement for the probes of one statement, as far as the rule reads it (whether
// the statement applies; else whether the Condition failed, and why). evaluate_statement parses the
// Principal and matches the Resource again for every probe, while the probes share a caller and a
// few (action, resource) pairs: whether a request gets past Principal, Resource and Action is kept
// per caller, action and resource (the probes' owner is the Analyzer's; a Resource item that names
// a policy variable on AWS reads more of the request: then evaluate_statement answers every probe). The Condition is then evaluated
// clause by clause as evaluate_statement does.
class ConditionTracer {
 public:
  ConditionTracer(Target t, const Statement& st)
      : target_(t),
        st_(st),
        keys_case_sensitive_(catalog_for(t).facts().condition_keys_case_sensitive),
        clauses_(st.conditions.size()),
        effect_known_(analysis::statement_denies(t, st).has_value()),
        resource_reads_request_(!is_ceph(t) && std::any_of(st.resources.items.begin(), st.resources.items.end(),
                                                            [](const StringItem& item) {
                                                              return item.text.find("${") != std::string::npos;
                                                            })) {
    for (std::size_t i = 0; i < st.conditions.size(); ++i)
      for (const std::string& v : analysis::clause_values(st.conditions[i]))
        clauses_[i].pure = clauses_[i].pure && v.find("${") == std::string::npos;
    parsed_.reserve(st.principals.items.size());
    for (const PrincipalItem& item : st.principals.items) parsed_.push_back(principal::parse(item, t));
  }

  const analysis::StatementTrace& trace(const analysis::Request& r) {
    if (resource_reads_request_) {
      last_ = analysis::evaluate_statement(target_, st_, r);
      return last_;
    }
    last_.applies = false;
    last_.why.clear();  // the rule reads it only for a Condition miss
    last_.miss = !effect_known_   ? analysis::Miss::Effect
                 : !admits(r.caller) ? analysis::Miss::Principal
                 : !known(resources_, r.resource, [&] { return analysis::resource_applies(target_, st_, r); })
                     ? analysis::Miss::Resource
                 : !known(actions_, r.action, [&] { return analysis::action_applies(target_, st_, r.action); })
                     ? analysis::Miss::Action
                     : analysis::Miss::None;
    if (last_.miss != analysis::Miss::None) return last_;
    for (std::size_t i = 0; i < st_.conditions.size(); ++i)
      if (const analysis::ClauseResult& cr = clause_result(i, r); !cr.holds) {
        last_.miss = analysis::Miss::Condition;
        last_.why = "condition " + cr.why;
        return last_;
      }
    last_.applies = true;
    return last_;
  }

 private:
  using Known = std::vector<std::pair<std::string, bool>>;
  template <typename Compute>
  static bool known(Known& answers, const std::string& key, Compute&& compute) {
    for (const auto& [k, answer] : answers)
      if (k == key) return answer;
    return answers.emplace_back(key, compute()).second;
  }

  // eval_clause of clause i, kept per value of its key when the clause names no policy variable
  // (then it reads nothing else of the request, see Analyzer::clause_holds): the probes repeat
  // the same few values, and explaining a clause builds text.
  const analysis::ClauseResult& clause_result(std::size_t i, const analysis::Request& r) {
    const ConditionClause& c = st_.conditions[i];
    ClauseAnswers& answers = clauses_[i];
    if (!answers.pure) {
      answers.scratch = analysis::eval_clause(target_, c, r);
      return answers.scratch;
    }
    const analysis::ContextEntry* entry = r.find(c.key, keys_case_sensitive_);
    for (const ClauseAnswer& a : answers.known)
      if (a.present == (entry != nullptr) && (entry == nullptr || a.values == entry->values)) return a.result;
    return answers.known
        .emplace_back(ClauseAnswer{entry != nullptr, entry != nullptr ? entry->values : std::vector<std::string>{},
                                   analysis::eval_clause(target_, c, r)})
        .result;
  }

  bool admits(const analysis::Caller& c) {
    for (const auto& [caller, answer] : callers_)
      if (c.kind == caller.kind && c.project == caller.project && c.user == caller.user &&
          c.subuser == caller.subuser && c.session == caller.session)
        return answer;
    return callers_.emplace_back(c, analysis::principal_admits(target_, st_.principals, parsed_, c)).second;
  }

  struct ClauseAnswer {
    bool present;
    std::vector<std::string> values;
    analysis::ClauseResult result;
  };
  struct ClauseAnswers {
    bool pure = true;  // names no policy variable
    std::vector<ClauseAnswer> known;
    analysis::ClauseResult scratch;  // the last answer of a clause that is not pure
  };

  Target target_;
  const Statement& st_;
  bool keys_case_sensitive_;
  std::vector<ClauseAnswers> clauses_;
  bool effect_known_;
  bool resource_reads_request_;
  std::vector<principal::Parsed> parsed_;
  std::vector<std::pair<analysis::Caller, bool>> callers_;
  Known resources_, actions_;
  analysis::StatementTrace last_;
};

class NeverApplies final : public Rule {
 public:
  const RuleMeta& meta() const override;

  void check_policy(const Policy& policy, Context& cx) const override {
    const Target t = cx.target();
    const std::string display(target_info(t).display);
    const analysis::Analyzer& az = analyzer(policy, cx);
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
      bool unjudged = false;
      ConditionTracer tracer(t, st);
      std::string last_why;
      az.probes_reaching(st, [&](const analysis::Probe& p) {
        const analysis::StatementTrace& tr = tracer.trace(p.request);
        if (tr.applies) {
          applies = true;
          return false;
        }
        for (const auto& c : p.request.context)
          if (std::find(probed_keys.begin(), probed_keys.end(), c.key) == probed_keys.end())
            probed_keys.push_back(c.key);
        if (tr.miss == analysis::Miss::Condition) {
          // The reason of the last miss again changes nothing below (a transport's listing and
          // other probes mostly fail alike).
          if (tr.why == last_why) return true;
          last_why = tr.why;
          const std::string clause = tr.why.substr(0, tr.why.find(": "));
          if (tr.why.ends_with("the key is absent")) absent_keys.push_back(clause.substr(clause.rfind(' ') + 1));
          // AWS ARN matching against the principal's real ARN is not modelled by the requests
          // (they carry a placeholder value), so an Arn* clause proves nothing there.
          if (!is_ceph(t) && clause.starts_with("condition Arn")) unjudged = true;
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
      if (applies || unjudged || whys.empty() || !absence_proved(t, absent_keys, probed_keys)) continue;
      std::string why;
      for (const std::string& w : whys) why += (why.empty() ? "" : "; otherwise ") + w;
      // Point at the clause the evaluator names, else the first.
      const ConditionClause* clause = &st.conditions.front();
      for (const ConditionClause& c : st.conditions)
        if (!c.key.empty() && why.find(" " + std::string(c.key) + ":") != std::string::npos) {
          clause = &c;
          break;
        }
      const JsonMember* at = clause->key_member != nullptr ? clause->key_member : clause->op_member;
      const std::string msg = "no request can meet the Condition of " + st.label() + " on " + display + " (" + why +
                              "), so this " +
                              (st.effect == Effect::Deny ? "Deny protects nothing" : "Allow grants nothing");
      Finding& f = at != nullptr ? cx.report_key(*at, msg) : cx.report_key(*st.principals.member, msg);
      f.help = "check the condition keys and values against what " + display + " puts into requests";
    }
  }
};

constexpr RuleMeta kNeverApplies{
    .id = "S3P607",
    .name = "statement-never-applies",
    .summary =
        "No request can match the statement on the target: its Condition can never hold, or RGW ignores its form",
    .category = Category::Analysis,
    .level = Level::Warning,
    .precision = "high"};

const RuleMeta& NeverApplies::meta() const { return kNeverApplies; }

}  // namespace

const Rule* statement_never_applies() {
  static const NeverApplies r;
  return &r;
}

}  // namespace s3policy::rules
