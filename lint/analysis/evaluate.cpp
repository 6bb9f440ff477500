#include "analysis/evaluate.h"

#include "analysis/conditions.h"
#include "analysis/match.h"
#include "analysis/principal_parse.h"
#include "catalog/catalog.h"

namespace s3policy::analysis {

std::string_view to_string(Decision d) {
  switch (d) {
    case Decision::Allow:
      return "allowed";
    case Decision::ExplicitDeny:
      return "denied explicitly";
    case Decision::ImplicitDeny:
      return "denied implicitly";
  }
  return "";
}

std::optional<bool> statement_denies(Target target, const Statement& st) {
  switch (st.effect) {
    case Effect::Allow:
      return false;
    case Effect::Deny:
      return true;
    case Effect::Missing:
      if (catalog_for(target).facts().quirks.missing_effect_is_deny) return true;
      return std::nullopt;
    case Effect::Invalid:
      return std::nullopt;
  }
  return std::nullopt;
}

namespace {

StatementTrace miss(StatementTrace t, Miss m, std::string why) {
  t.applies = false;
  t.miss = m;
  t.why = std::move(why);
  return t;
}

}  // namespace

bool principal_admits(Target target, const Principals& ps, std::span<const principal::Parsed> parsed,
                      const Caller& caller, std::string* why) {
  auto no = [&](const char* reason) {
    if (why) *why = reason;
    return false;
  };
  if (!ps.present()) return no("it has no Principal, so it never applies");
  bool any_kept = false;
  bool named = false;
  for (const principal::Parsed& p : parsed) {
    if (!principal_kept(target, p)) continue;
    any_kept = true;
    named = named || principal_names(target, p, caller);
  }
  if (!any_kept) return no("no principal in it is one the target keeps, so it never applies");
  if (ps.negated == named) return no(ps.negated ? "NotPrincipal names the caller" : "no principal names the caller");
  return true;
}

bool action_applies(Target target, const Statement& st, const std::string& action, std::string* why) {
  const StringList& a = st.actions;
  auto no = [&](std::string reason) {
    if (why) *why = std::move(reason);
    return false;
  };
  if (is_ceph(target) && catalog_for(target).find_action(action) == nullptr)
    return why ? no(action + " is not an action the target knows") : false;
  if (!a.present()) return no("it has no Action, so it never applies");
  if (a.negated && catalog_for(target).facts().quirks.not_action_only_never_matches)
    return no("a statement with only NotAction never applies on this target");
  bool matched = false;
  for (const StringItem& item : a.items) matched = matched || action_matches(target, item.text, action);
  if (a.negated == matched)
    return why ? no(a.negated ? "NotAction names " + action : "no Action names " + action) : false;
  return true;
}

bool resource_applies(Target target, const Statement& st, const Request& r, std::string* why) {
  const StringList& res = st.resources;
  auto no = [&](std::string reason) {
    if (why) *why = std::move(reason);
    return false;
  };
  if (!res.present()) return no("it has no Resource, so it never applies");
  bool kept = false;
  bool matched = false;
  for (const StringItem& item : res.items) {
    const ResourceItem m = match_resource(target, item.text, r);
    kept = kept || m != ResourceItem::Dropped;
    matched = matched || m == ResourceItem::Matches;
  }
  if (!kept && is_ceph(target))
    return no("the target drops every resource in it (invalid, or another tenant's), so it never applies");
  if (res.negated == matched)
    return why ? no(res.negated ? "NotResource names " + r.resource : "no Resource names " + r.resource) : false;
  return true;
}

StatementTrace evaluate_statement(Target target, const Statement& st, const Request& r) {
  std::vector<principal::Parsed> parsed;
  parsed.reserve(st.principals.items.size());
  for (const PrincipalItem& item : st.principals.items) parsed.push_back(principal::parse(item, target));
  return evaluate_statement(target, st, parsed, r);
}

StatementTrace evaluate_statement(Target target, const Statement& st, std::span<const principal::Parsed> parsed,
                                  const Request& r) {
  StatementTrace t;
  t.statement = &st;
  const auto denies = statement_denies(target, st);
  t.denies = denies.value_or(false);
  if (!denies) return miss(t, Miss::Effect, "its Effect is missing or invalid, so it never applies");
  std::string why;
  if (!principal_admits(target, st.principals, parsed, r.caller, &why)) return miss(t, Miss::Principal, why);
  if (!resource_applies(target, st, r, &why)) return miss(t, Miss::Resource, why);
  if (!action_applies(target, st, r.action, &why)) return miss(t, Miss::Action, why);
  for (const ConditionClause& c : st.conditions) {
    ClauseResult cr = eval_clause(target, c, r);
    if (!cr.holds) return miss(t, Miss::Condition, "condition " + cr.why);
  }
  t.applies = true;
  return t;
}

Evaluation evaluate(Target target, const Policy& policy, const Request& r) {
  Evaluation e;
  std::vector<const Statement*> allows;
  std::vector<const Statement*> denies;
  for (const Statement& st : policy.statements) {
    e.trace.push_back(evaluate_statement(target, st, r));
    const StatementTrace& t = e.trace.back();
    if (t.applies) (t.denies ? denies : allows).push_back(&st);
  }
  decide(e, std::move(allows), std::move(denies));
  return e;
}

void decide(Evaluation& e, std::vector<const Statement*> allows, std::vector<const Statement*> denies) {
  if (!denies.empty()) {
    e.decision = Decision::ExplicitDeny;
    e.deciding = std::move(denies);
  } else if (!allows.empty()) {
    e.decision = Decision::Allow;
    e.deciding = std::move(allows);
  }
}

}  // namespace s3policy::analysis
