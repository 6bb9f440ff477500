// The Analyzer's statement-against-statement questions: does another statement apply to every
// request this one applies to (shadowed Allows, redundant statements, Denies that add nothing),
// and which requests a Deny stops (owner lockout).
#include <algorithm>
#include <functional>

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

// One statement as covers() compares it. A policy's statements are compared pair by pair and
// most pairs fail on their actions or resources: what only the pairs that get further need (which
// Resource items RGW keeps, the sorted values of a clause, the classes the Principal admits) is
// derived on first use, once per statement rather than once per pair.
struct Side {
  std::size_t index = 0;
  const Statement* st = nullptr;
  const ActionSet* actions = nullptr;  // null: no Effect the target reads, the statement never applies
  bool everyone = false;               // not a NotPrincipal, and names "*" as the target keeps it
  std::vector<std::int8_t> kept;       // per Resource item: the target keeps it (-1: not asked yet)
  std::vector<std::optional<std::vector<std::string>>> values;  // per clause, sorted
  std::optional<std::vector<std::size_t>> classes;              // the classes its Principal admits
};

// What a comparison asks of the Analyzer beyond the two statements.
struct Comparer {
  Target target;
  std::string_view owner;
  const std::vector<std::span<const principal::Parsed>>& parsed;
  std::function<std::vector<std::size_t>(std::size_t)> classes_admitted_by;
  std::function<bool(std::size_t statement, std::size_t principal_class)> admits;

  Side side(std::size_t index, const Statement& st, const ActionSet* actions) const {
    Side s;
    s.index = index;
    s.st = &st;
    s.actions = actions;
    s.everyone = !st.principals.negated && std::any_of(parsed[index].begin(), parsed[index].end(), [&](const auto& p) {
      return p.kind == principal::Kind::Wildcard && principal_kept(target, p);
    });
    return s;
  }

  // On RGW an item the release drops (not an ARN, another tenant's) covers nothing.
  bool kept(Side& s, std::size_t item) const {
    if (!is_ceph(target)) return true;
    const std::string_view y = s.st->resources.items[item].text;
    if (y == "*") return true;
    if (s.kept.empty()) s.kept.assign(s.st->resources.items.size(), -1);
    if (s.kept[item] < 0)
      s.kept[item] = match_resource(target, y, "arn:aws:s3:::bucket", owner) != ResourceItem::Dropped ? 1 : 0;
    return s.kept[item] != 0;
  }

  static const std::vector<std::string>& values(Side& s, std::size_t clause) {
    if (s.values.empty()) s.values.resize(s.st->conditions.size());
    auto& v = s.values[clause];
    if (!v) {
      v = clause_values(s.st->conditions[clause]);
      std::sort(v->begin(), v->end());
    }
    return *v;
  }

  // Same operator, key (as the target compares keys) and values, in any order.
  bool same_clause(Side& a, std::size_t ca, Side& b, std::size_t cb) const {
    const ConditionClause& x = a.st->conditions[ca];
    const ConditionClause& y = b.st->conditions[cb];
    if (x.op != y.op || !(is_ceph(target) ? x.key == y.key : ascii::equal_ci(x.key, y.key))) return false;
    return values(a, ca) == values(b, cb);
  }

  // Whether each of st's Resource items lies within one of other's that the target keeps.
  bool resources_within(Side& other_side, const Side& st_side) const {
    const auto& st_items = st_side.st->resources.items;
    const auto& other_items = other_side.st->resources.items;
    for (const StringItem& x : st_items) {
      bool within = false;
      for (std::size_t k = 0; k < other_items.size() && !within; ++k)
        within = resource_within(x.text, other_items[k].text) && kept(other_side, k);
      if (!within) return false;
    }
    return true;
  }

  bool covers(Side& other_side, Side& st_side) const;
};

bool Comparer::covers(Side& other_side, Side& st_side) const {
  const Statement& st = *st_side.st;
  const Statement& other = *other_side.st;
  const std::size_t i = st_side.index;
  const std::size_t o = other_side.index;
  // The answer is a conjunction: the cheapest parts are asked first, most pairs fail there (a Deny
  // with a Condition against an Allow without one at the Condition), and what costs most (RGW's
  // reading of a Resource, the principal classes) is asked last.
  if (i == o || st_side.actions == nullptr || other_side.actions == nullptr) return false;
  if (st.resources.negated != other.resources.negated || !st.resources.present() || !other.resources.present())
    return false;
  // Actions: over the whole catalog.
  const ActionSet& mine = *st_side.actions;
  if (!mine.subset_of(*other_side.actions)) return false;
  if (mine.empty()) return false;  // st names no action: it never applies (other rules say so)
  // Conditions: each of other's clauses is one of st's.
  for (std::size_t c = 0; c < other.conditions.size(); ++c) {
    bool found = false;
    for (std::size_t d = 0; d < st.conditions.size() && !found; ++d) found = same_clause(other_side, c, st_side, d);
    if (!found) return false;
  }
  // Principals: every class st admits. Callers no statement names behave like the classes
  // "anonymous" and "any authenticated user", which are always among them. Roles, sessions,
  // services and providers are not classes: st may name them only if other names the same or
  // everyone; a NotPrincipal admits them too.
  const bool other_everyone = other_side.everyone;
  if ((st.principals.negated || other.principals.negated) && !other_everyone &&
      !(st.principals.negated && other.principals.negated && same_items(st.principals, other.principals)))
    return false;
  if (!other_everyone)
    for (const principal::Parsed& p : parsed[i])
      if (principal_kept(target, p) && !modelled_by_classes(p.kind) &&
          std::none_of(parsed[o].begin(), parsed[o].end(),
                       [&](const auto& q) { return q.type == p.type && q.text == p.text; }))
        return false;
  // Resources: Resource within Resource; NotResource only when both exclude the same items.
  if (st.resources.negated) {
    for (const StringItem& x : other.resources.items)
      if (std::none_of(st.resources.items.begin(), st.resources.items.end(),
                       [&](const StringItem& y) { return resource_within(x.text, y.text); }))
        return false;
  } else if (!resources_within(other_side, st_side)) {
    return false;
  }
  if (!st_side.classes) st_side.classes = classes_admitted_by(i);
  for (std::size_t c : *st_side.classes)
    if (!admits(o, c)) return false;
  return !st_side.classes->empty();
}

// catalog_index of an action deny_probes is asked about, kept per thread: the same few actions
// (S3P611's three) are asked about for every file, and a catalog lookup costs more than a look
// through a handful of kept answers.
std::optional<std::size_t> known_index(Target target, const std::string& action) {
  struct Known {
    Target target;
    std::string action;
    std::optional<std::size_t> index;
  };
  static constexpr std::size_t kKept = 32;
  thread_local std::vector<Known> known;
  for (const Known& k : known)
    if (k.target == target && k.action == action) return k.index;
  const std::optional<std::size_t> index = catalog_index(target, action);
  if (known.size() < kKept) known.push_back({target, action, index});
  return index;
}

}  // namespace

bool Analyzer::covers(const Statement& other, const Statement& st) const {
  const auto& statements = policy_.statements;
  const std::size_t i = static_cast<std::size_t>(&st - statements.data());
  const std::size_t o = static_cast<std::size_t>(&other - statements.data());
  if (i == o || !denies_[i] || !denies_[o]) return false;
  const Comparer comparer{target_, scope_.owner, parsed_, [this](std::size_t s) { return classes_admitted_by(s); },
                          [this](std::size_t s, std::size_t c) { return admits(s, classes_[c].caller); }};
  Side other_side = comparer.side(o, other, &action_set(o));
  Side st_side = comparer.side(i, st, &action_set(i));
  return comparer.covers(other_side, st_side);
}

std::vector<std::pair<std::uint32_t, std::uint32_t>> Analyzer::coverage(
    const std::function<bool(std::size_t other, std::size_t st)>& asked) const {
  const auto& statements = policy_.statements;
  const std::size_t n = statements.size();
  const Comparer comparer{target_, scope_.owner, parsed_, [this](std::size_t s) { return classes_admitted_by(s); },
                          [this](std::size_t s, std::size_t c) { return admits(s, classes_[c].caller); }};
  std::vector<Side> sides;
  sides.reserve(n);
  for (std::size_t i = 0; i < n; ++i)
    sides.push_back(comparer.side(i, statements[i], denies_[i] ? &action_set(i) : nullptr));
  std::vector<std::pair<std::uint32_t, std::uint32_t>> out;
  for (std::size_t i = 0; i < n; ++i) {
    const ActionSet* mine = sides[i].actions;
    if (mine == nullptr || mine->empty()) continue;  // never applies: nothing to cover
    for (std::size_t o = 0; o < n; ++o) {
      // covers()'s first question, asked here: most pairs end at it.
      if (o == i || sides[o].actions == nullptr || !mine->subset_of(*sides[o].actions)) continue;
      if (asked(o, i) && comparer.covers(sides[o], sides[i]))
        out.emplace_back(static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(o));
    }
  }
  return out;
}

void Analyzer::deny_probes(const Caller& caller, const std::vector<std::string>& actions, Transport transport,
                           const std::function<bool(const Probe&, const Statement*)>& visit) const {
  // Most policies have no Deny that names any of `actions`: then no cell has one, and which
  // statements admit the caller need not be found. (Not action_index: its kept indices are a
  // list scanned per call, and cells() looks each action up there once anyway.)
  const bool some_deny_names = std::any_of(actions.begin(), actions.end(), [&](const std::string& action) {
    const std::optional<std::size_t> index = known_index(target_, action);
    for (std::size_t i = 0; i < denies_.size(); ++i)
      if (denies_[i] == true && names_action(i, action, index)) return true;
    return false;
  });
  if (!some_deny_names) return;
  PooledProbe pooled;
  ProbeSlot& probe_slot = pooled.get();
  const Probe& p = probe_slot.probe;
  std::vector<const Candidate*> combo;  // combinations(cell.dims), one at a time
  for (const Cell& cell : cells(caller, actions, Need::Deny)) {
    for (std::size_t k = 0, n = combination_count(cell.dims); k < n; ++k) {
      combination_at(cell.dims, k, combo);
      fill_request(probe_slot, caller, cell.action, cell.resource, cell.dims, combo, transport);
      const auto deny = std::find_if(cell.denies.begin(), cell.denies.end(),
                                     [&](const Statement* st) { return conditions_hold(*st, p.request); });
      if (!visit(p, deny == cell.denies.end() ? nullptr : *deny)) return;
    }
  }
}

}  // namespace s3policy::analysis
