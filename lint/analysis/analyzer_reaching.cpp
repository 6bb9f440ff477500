// The probe requests that reach one statement's Condition (probes_reaching, condition_met: what
// S3P607 statement-never-applies asks), and the principal classes a statement admits.
#include <algorithm>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "analysis/analyzer.h"
#include "analysis/analyzer_detail.h"
#include "catalog/ascii.h"

namespace s3policy::analysis {

using detail::names_one_project;

void Analyzer::project_classes(std::size_t index, std::vector<std::size_t>& out) const {
  for (const principal::Parsed& p : parsed_[index])
    if (names_one_project(p.kind))
      for (auto [it, end] = entries_of(classes_by_project_, p.account()); it != end; ++it) out.push_back(it->second);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
}

template <typename Visit>
void Analyzer::for_each_class_admitted_by(std::size_t index, Visit&& visit) const {
  // All classes for a wildcard or NotPrincipal, else those of the projects the Principal names;
  // each is asked admits() only when reached: probes_reaching mostly stops at the first.
  if (std::binary_search(any_caller_.begin(), any_caller_.end(), index)) {
    for (std::size_t c = 0; c < classes_.size(); ++c)
      if (admits(index, classes_[c].caller) && !visit(c)) return;
    return;
  }
  std::vector<std::size_t> candidates;
  project_classes(index, candidates);
  for (std::size_t c : candidates)
    if (admits(index, classes_[c].caller) && !visit(c)) return;
}

std::vector<std::size_t> Analyzer::classes_admitted_by(std::size_t index) const {
  std::vector<std::size_t> admitted;
  for_each_class_admitted_by(index, [&](std::size_t c) {
    admitted.push_back(c);
    return true;
  });
  return admitted;
}

void Analyzer::probes_reaching(const Statement& st, const std::function<bool(const Probe&)>& visit) const {
  walk_probes(st, false, visit);
}

std::optional<bool> Analyzer::condition_met(const Statement& st) const {
  std::optional<bool> met;
  walk_probes(st, true, [&](const Probe& p) {
    met = conditions_hold(st, p.request);
    return !*met;
  });
  return met;
}

template <typename Visit>
void Analyzer::walk_probes(const Statement& st, bool distinct, Visit&& visit) const {
  const std::size_t index = static_cast<std::size_t>(&st - policy_.statements.data());
  if (!denies_[index]) return;
  const std::vector<const Dimension*> dims = dims_read_by({&st});
  // Keys the Condition reads that only some actions' requests carry (s3:prefix): then the
  // probes of an action leave out what it never carries (absent_dims), and actions that leave
  // out the same keys repeat each other's probes.
  const DimMask scoped = dims_read_mask(index) & scoped_mask_;
  std::vector<const Dimension*> shaped_dims;  // dims without an action's absent ones
  std::vector<const Candidate*> combo;  // combinations(dims), one at a time
  const ActionSet& named = action_set(index);
  // With `distinct`, a group of probes (class, transport, listing or not, keys absent) whose
  // Condition sees what an earlier group's saw is left out. A clause that names no policy variable reads nothing
  // but its key's first entry (clause_holds); fill_request puts the combinations of `dims` and the
  // default source address alike into every group, before the server's keys: groups whose first
  // server key matching each clause's key is the same (or none), with the same value, repeat each
  // other. (RGW's cap on s3:max-keys for a listing may change a combination's value: such a group
  // is always tried.)
  const bool groups_may_repeat =
      distinct && std::none_of(st.conditions.begin(), st.conditions.end(), detail::reads_variables);
  auto matches = [&](std::string_view clause_key, std::string_view key) {
    return keys_case_sensitive_ ? clause_key == key : ascii::equal_ci(clause_key, key);
  };
  // What the Condition sees of a group's server keys; nullopt when the cap may apply.
  auto group_view = [&](const Caller& caller, Transport tr, bool listing,
                        DimMask absent) -> std::optional<std::string> {
    const std::vector<ServerKey>& keys = server_keys(caller, tr, listing);
    std::string view(varies_stand_ins_ && caller.stands_in() ? 1 : 0, '\x1c');  // as in signature()
    view.append(reinterpret_cast<const char*>(&absent), sizeof absent);
    for (const ConditionClause& c : st.conditions) {
      if (listing && matches(c.key, "s3:max-keys")) return std::nullopt;
      const auto e = std::find_if(keys.begin(), keys.end(), [&](const ServerKey& k) { return matches(c.key, k.key); });
      if (e != keys.end()) view.append(e->key).append(1, '\x1f').append(e->value);
      view.append(1, '\x1e');
    }
    return view;
  };
  std::vector<std::string> seen_views;
  // The first group's view is asked only when a second one comes: most statements stop in it.
  struct Group {
    const Caller* caller;
    Transport transport;
    bool listing;
    DimMask absent;
  };
  bool grouped = false;
  std::optional<Group> unasked;
  // A class whose signature equals a tried one's repeats its probes. Most statements apply to
  // the first probe that meets their Condition: signatures are only computed from the second
  // class on.
  std::vector<std::string> tried;
  std::vector<std::size_t> tried_signatures;  // signature() of the classes tried, for the cheap test
  std::optional<std::size_t> first;
  PooledProbe pooled;
  ProbeSlot& probe_slot = pooled.get();
  const Probe& p = probe_slot.probe;
  bool reached = false;  // some (action, object key) of a class got past the Resource
  // Each probe of class c: false when `visit` stopped.
  auto probe_class = [&](std::size_t c) {
    const PrincipalClass& who = classes_[c];
    for (Transport tr : {Transport::Https, Transport::Http}) {
      bool tried_listing[2] = {false, false};
      std::vector<std::pair<bool, DimMask>> tried_shapes;  // with `scoped`: (listing, absent) tried
      for (Access access : kAccesses) {
        const std::vector<std::string>& actions = this->actions(access);
        const std::vector<std::size_t>& indices = this->indices(access);
        for (std::size_t a = 0; a < actions.size(); ++a) {
          // Only listing keys (and with `scoped`, the keys an action never carries) tell probes
          // of the same caller and transport apart.
          if (scoped == 0 && tried_listing[0] && (tried_listing[1] || !is_ceph(target_))) break;
          if (!named.contains(indices[a])) continue;
          const std::string& action = actions[a];
          const DimMask absent = absent_dims(indices[a]) & scoped;
          const bool obj = object_action(action);
          for (std::size_t k = 0; k < (obj ? object_keys_.size() : 1); ++k) {
            const std::size_t slot = obj ? k : object_keys_.size();
            if (!resource_hit(index, slot, who.caller, action)) continue;
            reached = true;
            // The Condition reads neither the action nor the resource: another (action, key)
            // with the same server keys would repeat these probes.
            const bool listing = sets_listing_keys(target_, action);
            if (scoped == 0) {
              if (std::exchange(tried_listing[listing ? 1 : 0], true)) continue;
            } else {
              if (std::find(tried_shapes.begin(), tried_shapes.end(), std::pair{listing, absent}) != tried_shapes.end())
                continue;
              tried_shapes.emplace_back(listing, absent);
            }
            if (groups_may_repeat) {
              if (unasked) {
                if (auto view = group_view(*unasked->caller, unasked->transport, unasked->listing, unasked->absent))
                  seen_views.push_back(std::move(*view));
                unasked.reset();
              }
              if (!grouped) {
                grouped = true;
                unasked = Group{&who.caller, tr, listing, absent};
              } else if (auto view = group_view(who.caller, tr, listing, absent)) {
                if (std::find(seen_views.begin(), seen_views.end(), *view) != seen_views.end()) continue;
                seen_views.push_back(std::move(*view));
              }
            }
            const std::vector<const Dimension*>* probed = &dims;
            if (absent != 0) {
              dims_read_by({&st}, {}, shaped_dims, absent);
              probed = &shaped_dims;
            }
            const std::string resource = probed_resource(slot, who.caller, action);
            for (std::size_t j = 0, combos = combination_count(*probed); j < combos; ++j) {
              combination_at(*probed, j, combo);
              fill_request(probe_slot, who.caller, action, resource, *probed, combo, tr);
              if (!visit(p)) return false;
            }
          }
        }
      }
    }
    return true;
  };
  for_each_class_admitted_by(index, [&](std::size_t c) {
    if (first) {
      // Which (action, object key) pairs get past the Resource depends on the caller only
      // through a policy variable: without one, a class that reached none tells for all.
      if (!reached && !resource_variables_) return false;
      // Equal policy-wide signatures mean equal keys for every Condition, this one's included.
      if (tried_signatures.empty()) tried_signatures.push_back(signature(classes_[*first].caller));
      const std::size_t policy_signature = signature(classes_[c].caller);
      if (std::find(tried_signatures.begin(), tried_signatures.end(), policy_signature) != tried_signatures.end())
        return true;
      if (tried.empty()) tried.push_back(condition_signature(classes_[*first].caller, st));
      std::string sig = condition_signature(classes_[c].caller, st);
      if (std::find(tried.begin(), tried.end(), sig) != tried.end()) return true;
      tried.push_back(std::move(sig));
      tried_signatures.push_back(policy_signature);
    } else {
      first = c;
    }
    return probe_class(c);
  });
}

}  // namespace s3policy::analysis
