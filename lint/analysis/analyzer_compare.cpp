// The Analyzer's statement-against-statement questions: does another statement apply to every
// request this one applies to (shadowed Allows, redundant statements, Denies that add nothing),
// and which requests a Deny stops (owner lockout).
#include <algorithm>

#include "analysis/analyzer.h"
#include "analysis/conditions.h"
#include "analysis/match.h"
#include "catalog/ascii.h"
#include "catalog/catalog.h"
#include "catalog/wildcard.h"

namespace s3policy::analysis {
namespace {

// Whether every string the Resource pattern `inner` matches is matched by `outer`. Only the
// forms whose answer is certain: equal text, "*", or `outer` = "PREFIX*" with `inner` starting
// with PREFIX (both matchers, AWS's and RGW's, read a trailing '*' as "any rest").
bool resource_within(std::string_view inner, std::string_view outer) {
  if (inner == outer || outer == "*") return true;
  if (outer.empty() || outer.back() != '*') return false;
  const std::string_view prefix = outer.substr(0, outer.size() - 1);
  return !has_wildcard(prefix) && inner.starts_with(prefix);
}

bool modelled_by_classes(principal::Kind k) {
  using principal::Kind;
  return k == Kind::Wildcard || k == Kind::AccountRoot || k == Kind::BareAccount || k == Kind::User;
}

bool same_items(const Principals& a, const Principals& b) {
  if (a.items.size() != b.items.size()) return false;
  for (std::size_t i = 0; i < a.items.size(); ++i)
    if (a.items[i].type != b.items[i].type || a.items[i].value.text != b.items[i].value.text) return false;
  return true;
}

bool same_clause(const ConditionClause& a, const ConditionClause& b, Target t) {
  if (a.op != b.op || !(is_ceph(t) ? a.key == b.key : ascii::equal_ci(a.key, b.key))) return false;
  std::vector<std::string> va = clause_values(a), vb = clause_values(b);
  std::sort(va.begin(), va.end());
  std::sort(vb.begin(), vb.end());
  return va == vb;
}

}  // namespace

bool Analyzer::covers(const Statement& other, const Statement& st) const {
  const auto& statements = policy_.statements;
  const std::size_t i = static_cast<std::size_t>(&st - statements.data());
  const std::size_t o = static_cast<std::size_t>(&other - statements.data());
  if (i == o || !denies_[i] || !denies_[o]) return false;
  // The answer is a conjunction: the cheapest parts are asked first, most pairs fail there.
  // Actions: over the whole catalog.
  const ActionSet& mine = action_set(i);
  if (!mine.subset_of(action_set(o))) return false;
  if (mine.empty()) return false;  // st names no action: it never applies (other rules say so)
  // Resources: Resource within Resource; NotResource only when both exclude the same items.
  if (st.resources.negated != other.resources.negated || !st.resources.present() || !other.resources.present())
    return false;
  if (st.resources.negated) {
    for (const StringItem& x : other.resources.items)
      if (std::none_of(st.resources.items.begin(), st.resources.items.end(),
                       [&](const StringItem& y) { return resource_within(x.text, y.text); }))
        return false;
  } else {
    // On RGW an item the release drops (not an ARN, another tenant's) covers nothing.
    auto kept = [&](std::string_view y) {
      return !is_ceph(target_) || y == "*" ||
             match_resource(target_, y, "arn:aws:s3:::bucket", scope_.owner) != ResourceItem::Dropped;
    };
    for (const StringItem& x : st.resources.items)
      if (std::none_of(other.resources.items.begin(), other.resources.items.end(),
                       [&](const StringItem& y) { return resource_within(x.text, y.text) && kept(y.text); }))
        return false;
  }
  // Principals: every class st admits. Callers no statement names behave like the classes
  // "anonymous" and "any authenticated user", which are always among them. Roles, sessions,
  // services and providers are not classes: st may name them only if other names the same or
  // everyone; a NotPrincipal admits them too.
  const bool other_everyone =
      !other.principals.negated && std::any_of(parsed_[o].begin(), parsed_[o].end(), [&](const auto& p) {
        return p.kind == principal::Kind::Wildcard && principal_kept(target_, p);
      });
  if ((st.principals.negated || other.principals.negated) && !other_everyone &&
      !(st.principals.negated && other.principals.negated && same_items(st.principals, other.principals)))
    return false;
  for (const principal::Parsed& p : parsed_[i])
    if (principal_kept(target_, p) && !modelled_by_classes(p.kind) && !other_everyone &&
        std::none_of(parsed_[o].begin(), parsed_[o].end(),
                     [&](const auto& q) { return q.type == p.type && q.text == p.text; }))
      return false;
  // Conditions: each of other's clauses is one of st's.
  for (const ConditionClause& c : other.conditions)
    if (std::none_of(st.conditions.begin(), st.conditions.end(),
                     [&](const auto& d) { return same_clause(c, d, target_); }))
      return false;
  for (std::size_t c : classes_admitted_by(i))
    if (!admits(o, classes_[c].caller)) return false;
  return !classes_admitted_by(i).empty();
}

void Analyzer::deny_probes(const Caller& caller, const std::vector<std::string>& actions, Transport transport,
                           const std::function<bool(const Probe&, const Statement*)>& visit) const {
  PooledProbe pooled;
  Probe& p = pooled.get();
  std::vector<const Candidate*> combo;  // combinations(cell.dims), one at a time
  for (const Cell& cell : cells(caller, actions, Need::Deny)) {
    for (std::size_t k = 0, n = combination_count(cell.dims); k < n; ++k) {
      combination_at(cell.dims, k, combo);
      fill_request(p, caller, cell.action, cell.resource, cell.dims, combo, transport);
      const auto deny = std::find_if(cell.denies.begin(), cell.denies.end(),
                                     [&](const Statement* st) { return conditions_hold(*st, p.request); });
      if (!visit(p, deny == cell.denies.end() ? nullptr : *deny)) return;
    }
  }
}

}  // namespace s3policy::analysis
