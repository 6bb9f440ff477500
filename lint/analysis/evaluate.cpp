#include "analysis/evaluate.h"

#include "analysis/conditions.h"
#include "analysis/match.h"
#include "analysis/principal_parse.h"
#include "catalog/catalog.h"

namespace s3policy::analysis {

std::string_view to_string(Decision d) {
  switch (d) {
    case Decision::Allow: return "allowed";
    case Decision::ExplicitDeny: return "denied explicitly";
    case Decision::ImplicitDeny: return "denied implicitly";
  }
  return "";
}

std::optional<bool> statement_denies(Target target, const Statement& st) {
  switch (st.effect) {
    case Effect::Allow: return false;
    case Effect::Deny: return true;
    case Effect::Missing:
      if (catalog_for(target).facts().quirks.missing_effect_is_deny) return true;
      return std::nullopt;
    case Effect::Invalid: return std::nullopt;
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

// Whether the Principal/NotPrincipal element lets the caller in; `why` says why not.
bool principal_applies(Target target, const Statement& st, const Caller& caller, std::string& why) {
  const Principals& ps = st.principals;
  if (!ps.present()) {
    why = "it has no Principal, so it never applies";
    return false;
  }
  bool any_kept = false;
  bool named = false;
  for (const PrincipalItem& item : ps.items) {
    const principal::Parsed p = principal::parse(item, target);
    if (!principal_kept(target, p)) continue;
    any_kept = true;
    named = named || principal_names(target, p, caller);
  }
  if (!any_kept) {
    why = "no principal in it is one the target keeps, so it never applies";
    return false;
  }
  if (ps.negated == named) {
    why = ps.negated ? "NotPrincipal names the caller" : "no principal names the caller";
    return false;
  }
  return true;
}

bool action_applies(Target target, const Statement& st, const std::string& action, std::string& why) {
  const StringList& a = st.actions;
  if (!a.present()) {
    why = "it has no Action, so it never applies";
    return false;
  }
  if (a.negated && catalog_for(target).facts().quirks.not_action_only_never_matches) {
    why = "a statement with only NotAction never applies on this target";
    return false;
  }
  bool matched = false;
  for (const StringItem& item : a.items) matched = matched || action_matches(target, item.text, action);
  if (a.negated == matched) {
    why = a.negated ? "NotAction names " + action : "no Action names " + action;
    return false;
  }
  return true;
}

bool resource_applies(Target target, const Statement& st, const Request& r, std::string& why) {
  const StringList& res = st.resources;
  if (!res.present()) {
    why = "it has no Resource, so it never applies";
    return false;
  }
  bool kept = false;
  bool matched = false;
  for (const StringItem& item : res.items) {
    const ResourceItem m = match_resource(target, item.text, r.resource, r.owner);
    kept = kept || m != ResourceItem::Dropped;
    matched = matched || m == ResourceItem::Matches;
  }
  if (!kept && is_ceph(target)) {
    why = "the target drops every resource in it (invalid, or another tenant's), so it never applies";
    return false;
  }
  if (res.negated == matched) {
    why = res.negated ? "NotResource names " + r.resource : "no Resource names " + r.resource;
    return false;
  }
  return true;
}

}  // namespace

StatementTrace evaluate_statement(Target target, const Statement& st, const Request& r) {
  StatementTrace t;
  t.statement = &st;
  const auto denies = statement_denies(target, st);
  t.denies = denies.value_or(false);
  if (!denies) return miss(t, Miss::Effect, "its Effect is missing or invalid, so it never applies");
  std::string why;
  if (!principal_applies(target, st, r.caller, why)) return miss(t, Miss::Principal, why);
  if (!resource_applies(target, st, r, why)) return miss(t, Miss::Resource, why);
  if (is_ceph(target) && catalog_for(target).find_action(r.action) == nullptr)
    return miss(t, Miss::Action, r.action + " is not an action the target knows");
  if (!action_applies(target, st, r.action, why)) return miss(t, Miss::Action, why);
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
  if (!denies.empty()) {
    e.decision = Decision::ExplicitDeny;
    e.deciding = std::move(denies);
  } else if (!allows.empty()) {
    e.decision = Decision::Allow;
    e.deciding = std::move(allows);
  }
  return e;
}

}  // namespace s3policy::analysis
