#include "analysis/analyzer.h"

#include <algorithm>
#include <chrono>
#include <utility>

#include "analysis/analyzer_detail.h"
#include "analysis/conditions.h"
#include "analysis/key_scope.h"
#include "analysis/match.h"
#include "catalog/ascii.h"
#include "catalog/catalog.h"
#include "catalog/wildcard.h"

namespace s3policy::analysis {

namespace detail {

// clause_values(c) without the copies: only string and number values can hold "${".
bool reads_variables(const ConditionClause& c) {
  return std::any_of(c.values.begin(), c.values.end(), [](const JsonValue* v) {
    return (v->kind == JsonKind::String || v->kind == JsonKind::Number) &&
           v->text().find("${") != std::string_view::npos;
  });
}

bool same_caller(const Caller& a, const Caller& b) {
  return a.kind == b.kind && a.project == b.project && a.user == b.user && a.subuser == b.subuser &&
         a.session == b.session && a.stand_in == b.stand_in;
}

bool names_one_project(principal::Kind k) {
  using principal::Kind;
  return k == Kind::AccountRoot || k == Kind::BareAccount || k == Kind::User || k == Kind::Role ||
         k == Kind::AssumedRole;
}

}  // namespace detail

namespace {

using detail::names_one_project;
using detail::reads_variables;

// False when every Resource item names another bucket literally: such a statement applies to no
// request for this bucket, and leaving it out of the index keeps a policy for many buckets
// linear (the cells of this bucket never look at the others' statements).
bool may_name_bucket(const Statement& st, std::string_view bucket) {
  if (!st.resources.present() || st.resources.negated || st.resources.items.empty()) return true;
  for (const StringItem& item : st.resources.items) {
    const S3Arn arn = classify_s3_arn(item.text);
    if (arn.kind != ArnKind::Bucket && arn.kind != ArnKind::Object) return true;
    if (arn.bucket == bucket || has_wildcard(arn.bucket) || arn.bucket.find("${") != std::string_view::npos)
      return true;
  }
  return false;
}

bool reads_policy_variables(const Statement& st) {
  return std::any_of(st.conditions.begin(), st.conditions.end(), reads_variables);
}

}  // namespace

Analyzer::Analyzer(Target target, const Policy& policy, Scope scope,
                   std::vector<std::span<const principal::Parsed>> parsed)
    : target_(target),
      policy_(policy),
      scope_(std::move(scope)),
      now_(std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
               .count()),
      parsed_(std::move(parsed)) {
  for (Access a : kAccesses) {
    actions_[static_cast<std::size_t>(a)] = &actions_of(target, a);
    indices_[static_cast<std::size_t>(a)] = &catalog_indices_of(target, a);
  }
  if (parsed_.size() != policy.statements.size()) {
    // Reserved exactly: the spans below point into it.
    std::size_t items = 0;
    for (const Statement& st : policy.statements) items += st.principals.items.size();
    own_parsed_.reserve(items);
    parsed_.clear();
    parsed_.reserve(policy.statements.size());
    for (const Statement& st : policy.statements) {
      const std::size_t first = own_parsed_.size();
      for (const PrincipalItem& item : st.principals.items) own_parsed_.push_back(principal::parse(item, target));
      parsed_.emplace_back(own_parsed_.data() + first, own_parsed_.size() - first);
    }
  }
  denies_.reserve(policy.statements.size());
  std::vector<std::string_view> projects;
  for (std::size_t i = 0; i < policy.statements.size(); ++i) {
    const Statement& st = policy.statements[i];
    denies_.push_back(statement_denies(target, st));
    if (!denies_.back() || !st.principals.present()) continue;  // never applies
    if (!may_name_bucket(st, scope_.bucket)) continue;          // applies to other buckets only
    bool anyone = st.principals.negated;
    projects.clear();
    for (const principal::Parsed& p : parsed_[i]) {
      if (!principal_kept(target, p)) continue;
      if (p.kind == principal::Kind::Wildcard)
        anyone = true;
      else if (names_one_project(p.kind) && std::find(projects.begin(), projects.end(), p.account()) == projects.end())
        projects.push_back(p.account());
    }
    if (anyone)
      any_caller_.push_back(i);
    else
      for (std::string_view project : projects) by_project_.emplace_back(project, static_cast<std::uint32_t>(i));
  }
  std::sort(by_project_.begin(), by_project_.end());
  for (const Statement& st : policy.statements)
    for (const StringItem& item : st.resources.items)
      resource_variables_ = resource_variables_ || item.text.find("${") != std::string::npos;
  keys_case_sensitive_ = catalog_for(target).facts().condition_keys_case_sensitive;
  dims_ = dimensions(target, policy);
  static_assert(kMaxDimensions <= sizeof(DimMask) * 8 - 1, "a DimMask holds a bit per dimension, and kMaskUnknown");
  // Request keys that only some actions' requests carry (s3:prefix, s3:x-amz-acl); global keys
  // (aws:) reach every request, and access point keys more than the catalog lists.
  for (std::size_t d = 0; d < dims_.size(); ++d) {
    if (!scoped_to_actions(dims_[d].key)) continue;
    const KeyLookup k = catalog_for(target).lookup_condition_key(dims_[d].key);
    if (k.info == nullptr || k.info->populated == Populated::Never) continue;
    scoped_dims_.emplace_back(d, k.info);
    scoped_mask_ |= DimMask{1} << d;
  }
  varies_stand_ins_ = std::any_of(dims_.begin(), dims_.end(), [](const Dimension& d) { return d.stand_in_only; });
  object_keys_ = analysis::object_keys(policy, scope_.bucket, &object_key_patterns_, scope_.more_keys_from);
  classes_ = principal_classes(target, policy, parsed_, scope_);
  classes_by_project_.reserve(classes_.size());
  for (std::size_t c = 0; c < classes_.size(); ++c)
    classes_by_project_.emplace_back(classes_[c].caller.project, static_cast<std::uint32_t>(c));
  std::sort(classes_by_project_.begin(), classes_by_project_.end());
  first_clause_.reserve(policy.statements.size() + 1);
  first_clause_.push_back(0);
  for (const Statement& st : policy.statements)
    first_clause_.push_back(first_clause_.back() + static_cast<std::uint32_t>(st.conditions.size()));
  for (const Statement& st : policy.statements)
    for (const ConditionClause& c : st.conditions) {
      condition_variables_ = condition_variables_ || reads_variables(c);
      reads_signed_only_keys_ = reads_signed_only_keys_ || absent_for_anonymous(target, c.key);
      if (std::find(condition_keys_.begin(), condition_keys_.end(), c.key) == condition_keys_.end())
        condition_keys_.emplace_back(c.key);
    }
}

bool Analyzer::admits(std::size_t i, const Caller& caller) const {
  return principal_admits(target_, policy_.statements[i].principals, parsed_[i], caller);
}

std::optional<std::size_t> Analyzer::class_of(const Caller& caller) const {
  // Asked for every probe and cell: found from the address instead of a scan of classes_.
  if (classes_.empty()) return std::nullopt;
  const auto at = reinterpret_cast<std::uintptr_t>(&caller);
  const auto first = reinterpret_cast<std::uintptr_t>(&classes_.front().caller);
  if (at < first) return std::nullopt;
  const std::size_t w = (at - first) / sizeof(PrincipalClass);
  if (w < classes_.size() && &classes_[w].caller == &caller) return w;
  return std::nullopt;
}

const Analyzer::StatementIndices& Analyzer::admitting(const Caller& caller, StatementIndices& scratch) const {
  // Each class is asked about once per access category and rule: its answer is kept.
  if (const auto w = class_of(caller)) {
    if (admitted_.empty()) admitted_.resize(classes_.size());
    if (!admitted_[*w]) admitted_[*w] = admitting(caller);
    return *admitted_[*w];
  }
  scratch = admitting(caller);
  return scratch;
}

bool Analyzer::may_allow(const Caller& caller, Access access) const {
  const auto w = class_of(caller);
  return !w || may_allow(*w, access);  // not one of classes(): no kept answer, the cells will tell
}

bool Analyzer::may_allow(std::size_t w, Access access) const {
  // Rules ask each class about every category, and most classes are granted one or two: the
  // answer for all five is found once, from the actions the class's Allows name.
  if (allowable_.empty()) allowable_.assign(classes_.size(), 0);
  std::uint8_t& mask = allowable_[w];
  if (mask == 0) {
    mask = kAllowableKnown;
    ActionSet all;
    StatementIndices scratch;
    for (std::size_t i : admitting(classes_[w].caller, scratch))
      if (!*denies_[i]) all.add(action_set(i));
    for (Access a : kAccesses) {
      const std::vector<std::size_t>& in = indices(a);
      if (std::any_of(in.begin(), in.end(), [&](std::size_t index) { return all.contains(index); }))
        mask |= static_cast<std::uint8_t>(1U << static_cast<unsigned>(a));
    }
  }
  return (mask & (1U << static_cast<unsigned>(access))) != 0;
}

std::pair<Analyzer::ProjectIndex::const_iterator, Analyzer::ProjectIndex::const_iterator> Analyzer::entries_of(
    const ProjectIndex& index, std::string_view project) {
  struct ByProject {
    bool operator()(const ProjectIndex::value_type& e, std::string_view p) const { return e.first < p; }
    bool operator()(std::string_view p, const ProjectIndex::value_type& e) const { return p < e.first; }
  };
  if (index.empty()) return {index.end(), index.end()};  // most policies name no project alone
  return std::equal_range(index.begin(), index.end(), project, ByProject{});
}

Analyzer::StatementIndices Analyzer::admitting(const Caller& caller) const {
  StatementIndices out;
  // Both in statement order (a statement is in one of them): merged, then filtered.
  auto [mine, mine_end] = entries_of(by_project_, caller.project);
  out.reserve(any_caller_.size() + static_cast<std::size_t>(mine_end - mine));
  for (std::size_t i : any_caller_) {
    for (; mine != mine_end && mine->second < i; ++mine)
      if (admits(mine->second, caller)) out.push_back(static_cast<std::uint32_t>(mine->second));
    if (admits(i, caller)) out.push_back(static_cast<std::uint32_t>(i));
  }
  for (; mine != mine_end; ++mine)
    if (admits(mine->second, caller)) out.push_back(static_cast<std::uint32_t>(mine->second));
  return out;
}

std::vector<const Dimension*> Analyzer::dims_read_by(const std::vector<const Statement*>& statements) const {
  std::vector<const Dimension*> out;
  dims_read_by(statements, {}, out);
  return out;
}

void Analyzer::dims_read_by(const std::vector<const Statement*>& a, const std::vector<const Statement*>& b,
                            std::vector<const Dimension*>& out, DimMask absent) const {
  out.clear();
  DimMask read = 0;
  for (const std::vector<const Statement*>* list : {&a, &b})
    for (const Statement* st : *list) read |= dims_read_mask(static_cast<std::size_t>(st - policy_.statements.data()));
  read &= ~absent;
  for (std::size_t d = 0; d < dims_.size(); ++d)
    if ((read >> d & 1U) != 0) out.push_back(&dims_[d]);
}

Analyzer::DimMask Analyzer::dims_read_mask(std::size_t i) const {
  if (read_masks_.empty()) read_masks_.assign(policy_.statements.size(), kMaskUnknown);
  DimMask& mask = read_masks_[i];
  if (mask != kMaskUnknown) return mask;
  const Statement& st = policy_.statements[i];
  const bool everything = reads_policy_variables(st);
  mask = 0;
  for (std::size_t d = 0; d < dims_.size(); ++d)
    if (everything || std::any_of(st.conditions.begin(), st.conditions.end(), [&](const ConditionClause& c) {
          return is_ceph(target_) ? c.key == dims_[d].key : ascii::equal_ci(c.key, dims_[d].key);
        }))
      mask |= DimMask{1} << d;
  return mask;
}

Analyzer::DimMask Analyzer::absent_dims(std::optional<std::size_t> index) const {
  if (scoped_dims_.empty() || !index) return 0;
  if (absent_by_action_.empty()) absent_by_action_.assign(catalog_for(target_).actions().size(), kMaskUnknown);
  DimMask& mask = absent_by_action_[*index];
  if (mask != kMaskUnknown) return mask;
  const ActionInfo& action = catalog_for(target_).actions()[*index];
  mask = 0;
  for (const auto& [d, key] : scoped_dims_)
    if (key_applies(target_, action, *key) == false) mask |= DimMask{1} << d;
  return mask;
}

Analyzer::DimMask Analyzer::cell_absent(DimMask absent, std::span<const std::uint32_t> statements) const {
  if (absent == 0) return 0;
  DimMask read = 0;
  for (std::uint32_t i : statements) read |= dims_read_mask(i);
  return absent & read;
}

const std::string& Analyzer::fixed_resource(std::size_t slot) const {
  if (fixed_resources_.empty()) {
    for (const std::string& key : object_keys_) fixed_resources_.push_back("arn:aws:s3:::" + scope_.bucket + "/" + key);
    fixed_resources_.push_back("arn:aws:s3:::" + scope_.bucket);
  }
  return fixed_resources_[slot];
}

std::string Analyzer::probed_resource(std::size_t slot, const Caller& caller, const std::string& action) const {
  if (!resource_variables_) return fixed_resource(slot);  // the same for every caller
  std::string resource = "arn:aws:s3:::" + scope_.bucket;
  if (slot == object_keys_.size()) return resource;
  // On AWS an object key taken from a home-folder pattern ("home/${aws:username}/x") is the
  // caller's own folder; RGW does not fill variables in a Resource, so there it stays literal.
  if (!is_ceph(target_) && resource_variables_) {
    Request at;
    at.caller = caller;
    at.action = action;
    at.owner = scope_.owner;
    add_server_keys(target_, at, Transport::Https, now_);
    if (auto filled = fill_policy_variables(object_keys_[slot], at)) return resource + "/" + *filled;
  }
  return resource + "/" + object_keys_[slot];
}

bool Analyzer::resource_hit(std::size_t i, std::size_t slot, const Caller& caller, const std::string& action) const {
  auto compute = [&] {
    // Resource patterns may name policy variables (${aws:username}): the caller's keys fill them.
    thread_local Request at;  // rewritten in place, strings keep their capacity
    at.context.clear();
    at.owner = scope_.owner;
    if (resource_variables_) {
      at.caller = caller;
      at.action = action;
      add_server_keys(target_, at, Transport::Https, now_);
      at.resource = probed_resource(slot, caller, action);
    } else {
      at.resource = fixed_resource(slot);  // nothing else of the request is read then
    }
    return resource_applies(target_, policy_.statements[i], at);
  };
  if (resource_variables_) return compute();
  // Otherwise the answer depends on the statement and the probed resource only.
  const std::size_t slots = object_keys_.size() + 1;
  if (resource_hits_.empty()) resource_hits_.assign(policy_.statements.size() * slots, -1);
  std::int8_t& hit = resource_hits_[i * slots + slot];
  if (hit < 0) hit = compute() ? 1 : 0;
  return hit == 1;
}

std::optional<std::size_t> Analyzer::action_index(const std::string& action) const {
  // The actions asked about are few and mostly the same strings (actions_of's lists): found by
  // address, confirmed by content (another string may live at an address later).
  for (const ActionIndex& a : action_indices_)
    if (a.address == &action && a.name == action) return a.index;
  for (ActionIndex& a : action_indices_)
    if (a.name == action) {
      a.address = &action;
      return a.index;
    }
  return action_indices_.emplace_back(ActionIndex{&action, action, catalog_index(target_, action)}).index;
}

const ActionSet& Analyzer::action_set(std::size_t i) const {
  if (action_sets_.empty()) action_sets_.resize(policy_.statements.size());
  if (!action_sets_[i]) action_sets_[i] = ActionSet::of(target_, policy_.statements[i]);
  return *action_sets_[i];
}

bool Analyzer::names_action(std::size_t i, const std::string& action, std::optional<std::size_t> index) const {
  if (index) return action_set(i).contains(*index);
  return action_applies(target_, policy_.statements[i], action);  // not in the catalog
}

std::vector<Analyzer::Cell> Analyzer::cells(const Caller& caller, const std::vector<std::string>& actions, Need need,
                                            bool distinct) const {
  StatementIndices scratch;
  const StatementIndices& admitted = admitting(caller, scratch);
  std::vector<Cell> out;
  std::vector<std::size_t> naming;
  std::vector<const Statement*> allows, denies;  // of the slot at hand, before it becomes a cell
  for (const std::string& action : actions) {
    naming.clear();
    const std::optional<std::size_t> index = action_index(action);
    for (std::size_t i : admitted)
      if (names_action(i, action, index)) naming.push_back(i);
    // A cell no statement reaches is asked nothing: no Allow lets its probes in, no Deny stops them.
    if (naming.empty()) continue;
    const bool obj = object_action(action);
    const bool listing = sets_listing_keys(target_, action);
    const DimMask action_absent = absent_dims(index);
    for (std::size_t k = 0; k < (obj ? object_keys_.size() : 1); ++k) {
      const std::size_t slot = obj ? k : object_keys_.size();
      allows.clear();
      denies.clear();
      DimMask read = 0;
      for (std::size_t i : naming) {
        if (!resource_hit(i, slot, caller, action)) continue;
        (*denies_[i] ? denies : allows).push_back(&policy_.statements[i]);
        if (action_absent != 0) read |= dims_read_mask(i);
      }
      if ((need == Need::Allow ? allows : denies).empty()) continue;  // nothing the caller asks about
      // What decides a cell's probes: the statements that reach it, whether the server sets
      // listing keys (RGW's s3:max-keys) and which keys the action's requests never carry.
      // Conditions read neither the action nor the resource otherwise, so a cell equal in these
      // to an earlier one answers every probe as that one did.
      const DimMask absent = action_absent & read;
      if (distinct && std::any_of(out.begin(), out.end(), [&](const Cell& c) {
            return c.listing == listing && c.absent == absent && c.allows == allows && c.denies == denies;
          }))
        continue;
      Cell cell;
      cell.allows = allows;
      cell.denies = denies;
      cell.listing = listing;
      cell.absent = absent;
      cell.action = action;
      cell.resource = probed_resource(slot, caller, action);
      dims_read_by(cell.denies, cell.allows, cell.dims, absent);
      out.push_back(std::move(cell));
    }
  }
  return out;
}

Evaluation Analyzer::evaluate_cell(const std::vector<const Statement*>& cell_allows,
                                   const std::vector<const Statement*>& cell_denies, const Request& r) const {
  Evaluation e;
  std::vector<const Statement*> reaching = cell_denies;
  reaching.insert(reaching.end(), cell_allows.begin(), cell_allows.end());
  std::sort(reaching.begin(), reaching.end(),
            [](const Statement* a, const Statement* b) { return a->index < b->index; });
  std::vector<const Statement*> allows, denies;
  for (const Statement* st : reaching) {
    StatementTrace t;
    t.statement = st;
    t.denies = *denies_[static_cast<std::size_t>(st - policy_.statements.data())];
    t.applies = true;
    for (const ConditionClause& c : st->conditions)
      if (ClauseResult cr = eval_clause(target_, c, r); !cr.holds) {
        t.applies = false;
        t.miss = Miss::Condition;
        t.why = "condition " + cr.why;
        break;
      }
    if (t.applies) (t.denies ? denies : allows).push_back(st);
    e.trace.push_back(std::move(t));
  }
  decide(e, std::move(allows), std::move(denies));
  return e;
}

Evaluation Analyzer::evaluate(const Request& r) const {
  Cell cell;
  cell.action = r.action;
  cell.resource = r.resource;
  for (std::size_t i : admitting(r.caller)) {
    const Statement& st = policy_.statements[i];
    if (!resource_applies(target_, st, r) || !action_applies(target_, st, r.action)) continue;
    (*denies_[i] ? cell.denies : cell.allows).push_back(&st);
  }
  return evaluate_cell(cell.allows, cell.denies, r);
}

void Analyzer::allowed_probes(const Caller& caller, const std::vector<std::string>& actions,
                              std::optional<Transport> only,
                              const std::function<bool(const Probe&, const Statement&)>& visit) const {
  const std::vector<Cell> cs = cells(caller, actions, Need::Allow);
  PooledProbe pooled;
  ProbeSlot& probe_slot = pooled.get();
  const Probe& p = probe_slot.probe;
  std::vector<const Candidate*> combo;  // combinations(cell.dims), one at a time
  for (Transport tr : {Transport::Https, Transport::Http})
    for (const Cell& cell : cs) {
      if (only && *only != tr) break;
      for (std::size_t k = 0, n = combination_count(cell.dims); k < n; ++k) {
        combination_at(cell.dims, k, combo);
        fill_request(probe_slot, caller, cell.action, cell.resource, cell.dims, combo, tr);
        if (std::any_of(cell.denies.begin(), cell.denies.end(),
                        [&](const Statement* st) { return conditions_hold(*st, p.request); }))
          continue;
        const auto allow = std::find_if(cell.allows.begin(), cell.allows.end(),
                                        [&](const Statement* st) { return conditions_hold(*st, p.request); });
        if (allow != cell.allows.end() && !visit(p, **allow)) return;
      }
    }
}

std::string Analyzer::condition_signature(const Caller& caller, const Statement& st) const {
  const bool everything = reads_policy_variables(st);
  std::string sig;
  for (const ServerKey& e : server_keys(caller, Transport::Https, false)) {
    const bool read = everything || std::any_of(st.conditions.begin(), st.conditions.end(), [&](const auto& c) {
                        return is_ceph(target_) ? c.key == e.key : ascii::equal_ci(c.key, e.key);
                      });
    if (!read) continue;
    sig.append(e.key).append(1, '\x1f').append(e.value).append(1, '\x1e');
  }
  return sig;
}

}  // namespace s3policy::analysis
