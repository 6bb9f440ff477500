// The verdicts of the exposure analysis (Analyzer::analyse): for one principal class and access
// category, whether some request the policy allows exists, and which. The probes of a cell are
// answered once for all classes and categories that share its statements, listing keys,
// transport and the caller's keys the Conditions read (its signature): most classes of a policy
// meet the same few statements.
#include <algorithm>
#include <array>
#include <cstring>
#include <mutex>
#include <optional>

#include "analysis/analyzer.h"
#include "analysis/conditions.h"
#include "catalog/ascii.h"

namespace s3policy::analysis {

namespace {

// The parts of a way in: "aws:SourceIp in 10.0.0.0/8 and aws:username like ci-*" (special_of).
template <typename Visit>
void for_each_part(std::string_view way, Visit&& visit) {
  static constexpr std::string_view kAnd = " and ";
  while (true) {
    const std::size_t end = way.find(kAnd);
    visit(way.substr(0, end));
    if (end == std::string_view::npos) return;
    way.remove_prefix(end + kAnd.size());
  }
}

// Every part of `other` is a part of `way`, which has more.
bool needs_all_of(std::string_view way, std::string_view other) {
  if (way.size() <= other.size()) return false;
  bool all = true;
  for_each_part(other, [&](std::string_view part) {
    bool found = false;
    for_each_part(way, [&](std::string_view mine) { found = found || mine == part; });
    all = all && found;
  });
  return all;
}

bool has_condition(const Statement* st) { return !st->conditions.empty(); }

// The keys the server sets differently for different callers (aws:username, aws:PrincipalType,
// ...): those add_server_keys leaves out or fills differently for some caller of another kind.
const std::vector<std::string>& caller_dependent_keys(Target t) {
  static std::array<std::once_flag, std::size(kTargets)> once;
  static std::array<std::vector<std::string>, std::size(kTargets)> keys;
  const auto ti = static_cast<std::size_t>(t);
  std::call_once(once[ti], [&] {
    const Caller callers[] = {Caller::anonymous(), Caller::member("p1"), Caller::named("p2", "u2"),
                              Caller{Caller::Kind::Role, "p3", "r3", {}, {}, false},
                              Caller{Caller::Kind::Session, "p4", "r4", {}, "s4", false}};
    std::vector<std::vector<ContextEntry>> sets;
    for (const Caller& c : callers) {
      Request r;
      r.caller = c;
      add_server_keys(t, r, Transport::Https, 0);
      sets.push_back(std::move(r.context));
    }
    for (const auto& set : sets)
      for (const ContextEntry& e : set) {
        const bool everywhere_alike = std::all_of(sets.begin(), sets.end(), [&](const auto& other) {
          return std::any_of(other.begin(), other.end(),
                             [&](const ContextEntry& o) { return o.key == e.key && o.values == e.values; });
        });
        if (!everywhere_alike && std::find(keys[ti].begin(), keys[ti].end(), e.key) == keys[ti].end())
          keys[ti].push_back(e.key);
      }
  });
  return keys[ti];
}

template <typename T>
void append_bytes(std::string& key, const T& value) {
  char bytes[sizeof(T)];
  std::memcpy(bytes, &value, sizeof(T));
  key.append(bytes, sizeof(T));
}

}  // namespace

std::size_t Analyzer::signature(const Caller& caller) const {
  const std::optional<std::size_t> w = class_of(caller);
  if (w && !class_signatures_.empty() && class_signatures_[*w] != kUnset) return class_signatures_[*w];
  // Unless a Condition names a policy variable or a key the server sets from the caller, no
  // Condition reads anything of the caller.
  const std::vector<std::string>& dependent = caller_dependent_keys(target_);
  // An anonymous caller lacks the keys of a signed request that a Condition reads (fill_request).
  const bool unsigned_reads = reads_signed_only_keys_ && caller.kind == Caller::Kind::Anonymous;
  if (!unsigned_reads && !condition_variables_ &&
      std::none_of(condition_keys_.begin(), condition_keys_.end(), [&](const std::string& k) {
        return std::any_of(dependent.begin(), dependent.end(),
                           [&](const std::string& d) { return ascii::equal_ci(k, d); });
      }))
    return 0;
  // Signature 0 is "reads nothing of the caller", whichever way a caller gets it.
  if (signatures_.empty()) signatures_.emplace_back();
  // The caller's part of a probe is the keys the server sets from it, the same over either
  // transport and for listings. A Condition that names a policy variable may read any of them.
  std::string sig = unsigned_reads ? "\x1d" : "";
  // A stand-in caller also tries other names (Dimension::stand_in_only): never the same probes as
  // a named caller's, whatever its name.
  if (varies_stand_ins_ && caller.stands_in()) sig += '\x1c';
  for (const ServerKey& e : server_keys(caller, Transport::Https, false)) {
    const bool read =
        condition_variables_ || std::any_of(condition_keys_.begin(), condition_keys_.end(),
                                            [&](const std::string& k) { return ascii::equal_ci(k, e.key); });
    if (!read) continue;
    sig.append(e.key).append(1, '\x1f').append(e.value).append(1, '\x1e');
  }
  auto it = std::find(signatures_.begin(), signatures_.end(), sig);
  const std::size_t id = static_cast<std::size_t>(it - signatures_.begin());
  if (it == signatures_.end()) signatures_.push_back(std::move(sig));
  if (w) {
    if (class_signatures_.empty()) class_signatures_.assign(classes_.size(), kUnset);
    class_signatures_[*w] = id;
  }
  return id;
}

// A cell's key: the caller's signature and whether listing keys are set (one word: twice the
// signature, plus one with listing keys); when some dimension's key only some actions' requests
// carry, a word of the dimensions the cell leaves absent (cell_absent); then the indices of the
// statements that reach it (summarise). A key of up to two statements stays within
// std::string's inline buffer.
void Analyzer::statements_of(const std::string& key, CellStatements& out) const {
  out.allows.clear();
  out.denies.clear();
  DimMask absent = 0;
  std::size_t at = sizeof(std::uint32_t);
  if (!scoped_dims_.empty()) {
    std::memcpy(&absent, key.data() + at, sizeof absent);
    at += sizeof absent;
  }
  for (; at + sizeof(std::uint32_t) <= key.size(); at += sizeof(std::uint32_t)) {
    std::uint32_t i = 0;
    std::memcpy(&i, key.data() + at, sizeof i);
    (*denies_[i] ? out.denies : out.allows).push_back(&policy_.statements[i]);
  }
  dims_read_by(out.denies, out.allows, out.dims, absent);
}

std::vector<Analyzer::Outcome>& Analyzer::allowed_outcomes(const std::string& key, CellOutcomes& cell,
                                                           Transport transport, const Caller& caller,
                                                           const std::string& action, std::size_t slot) const {
  const int t = transport == Transport::Http ? 1 : 0;
  std::vector<Outcome>* known = &cell.allowed[t];
  if (cell.known[t]) return *known;
  cell.known[t] = true;
  if (cell.known[1 - t] && cell.transport_blind) return *known = cell.allowed[1 - t];
  statements_of(key, cell_statements_);
  const auto& [allows, denies, dims] = cell_statements_;
  auto reads_transport = [&](const Statement* st) {
    return std::any_of(st->conditions.begin(), st->conditions.end(), [](const ConditionClause& c) {
      return ascii::equal_ci(c.key, "aws:SecureTransport");
    });
  };
  // A policy variable may name any key, aws:SecureTransport too.
  cell.transport_blind = !condition_variables_ && std::none_of(allows.begin(), allows.end(), reads_transport) &&
                         std::none_of(denies.begin(), denies.end(), reads_transport);
  // Statements without a Condition read no request: the probe is only built when one does.
  std::string variable_resource;  // only when a Resource names a policy variable
  if (cell.conditional && resource_variables_) variable_resource = probed_resource(slot, caller, action);
  const std::string& resource = !cell.conditional || resource_variables_ ? variable_resource : fixed_resource(slot);
  std::vector<const Candidate*>& combo = combo_scratch_;
  // Statements without a Condition read nothing of the request: then none is taken.
  static const Probe kUnread;
  std::optional<PooledProbe> pooled;
  if (cell.conditional) pooled.emplace();
  const Probe& p = pooled ? pooled->get().probe : kUnread;
  for (std::size_t k = 0, n = combination_count(dims); k < n; ++k) {
    combination_at(dims, k, combo);
    // A value the caller's request does not take makes the generic request again, which an
    // earlier combination (the generic value comes first) has asked.
    bool repeats = false;
    for (std::size_t i = 0; i < dims.size() && !repeats; ++i)
      repeats = !combo[i]->generic && leaves_generic(caller, *dims[i]);
    if (repeats) continue;
    if (cell.conditional) fill_request(pooled->get(), caller, action, resource, dims, combo, transport);
    if (std::any_of(denies.begin(), denies.end(), [&](const Statement* st) { return conditions_hold(*st, p.request); }))
      continue;
    const auto grant = std::find_if(allows.begin(), allows.end(),
                                    [&](const Statement* st) { return conditions_hold(*st, p.request); });
    if (grant == allows.end()) continue;
    // fill_request's generic and special, without the request (no dimension: the generic one).
    Outcome o{special_of(caller, dims, combo), static_cast<std::uint32_t>(k),
              static_cast<std::uint32_t>(*grant - policy_.statements.data())};
    known->push_back(o);
    if (o.generic()) break;
  }
  return *known;
}

Verdict Analyzer::analyse(const PrincipalClass& who, Access access) const {
  ExampleAt at;
  Verdict v = summarise(who, access, at);
  complete(v, who, at);
  return v;
}

template <typename Visit>
bool Analyzer::for_each_cell(const Caller& caller, Access access, Visit&& visit) const {
  StatementIndices scratch;
  const StatementIndices& admitted = admitting(caller, scratch);
  if (std::none_of(admitted.begin(), admitted.end(), [&](std::size_t i) { return !*denies_[i]; }))
    return false;  // no Allow admits the caller: denied, whatever the request
  const std::vector<std::string>& actions = this->actions(access);
  const std::vector<std::size_t>& indices = this->indices(access);
  if (!may_allow(caller, access)) return false;  // nor names any of the actions
  const std::size_t sig = signature(caller);
  std::vector<std::size_t>& naming = naming_scratch_;
  std::vector<std::uint32_t>& reaching = reaching_scratch_;
  std::string& key = key_scratch_;
  for (std::size_t a = 0; a < actions.size(); ++a) {
    const std::string& action = actions[a];
    naming.clear();
    for (std::size_t i : admitted)
      if (action_set(i).contains(indices[a])) naming.push_back(i);
    if (naming.empty()) continue;
    const bool obj = object_action(action);
    const bool listing = sets_listing_keys(target_, action);
    const DimMask action_absent = absent_dims(indices[a]);
    for (std::size_t k = 0; k < (obj ? object_keys_.size() : 1); ++k) {
      const std::size_t slot = obj ? k : object_keys_.size();
      reaching.clear();
      bool allows = false;
      for (std::size_t i : naming)
        if (resource_hit(i, slot, caller, action)) {
          reaching.push_back(static_cast<std::uint32_t>(i));
          allows = allows || !*denies_[i];
        }
      if (!allows) continue;  // no Allow lets its probes in
      key.clear();
      append_bytes(key, static_cast<std::uint32_t>(sig * 2 + (listing ? 1 : 0)));
      if (!scoped_dims_.empty()) append_bytes(key, cell_absent(action_absent, reaching));
      key.append(reinterpret_cast<const char*>(reaching.data()), reaching.size() * sizeof(std::uint32_t));
      auto it = outcomes_.find(key);
      if (it == outcomes_.end()) {
        it = outcomes_.emplace(key, CellOutcomes{}).first;
        it->second.conditional = std::any_of(reaching.begin(), reaching.end(),
                                             [&](std::uint32_t i) { return has_condition(&policy_.statements[i]); });
      }
      if (!visit(it->first, it->second, action, slot)) return true;
    }
  }
  return true;
}

Verdict Analyzer::summarise(const PrincipalClass& who, Access access, ExampleAt& at) const {
  Verdict v;
  // The cells some Allow reaches, in action and object key order. A cell whose statements and
  // listing keys equal an earlier one's answers every probe as that one did: skipping it changes
  // neither the state, the first example, the ways in nor over_http. Every cell visited is kept
  // too (last_walk_): the rules ask key_scope() of the same class and category next.
  std::vector<CellAt>& cs = distinct_cells_;
  cs.clear();
  last_walk_.clear();
  last_walk_caller_ = nullptr;
  const bool may = for_each_cell(
      who.caller, access, [&](const std::string& key, CellOutcomes& cell, const std::string& action, std::size_t slot) {
        last_walk_.push_back(CellAt{&key, &action, slot, &cell});
        if (std::none_of(cs.begin(), cs.end(), [&](const CellAt& c) { return c.outcomes == &cell; }))
          cs.push_back(last_walk_.back());
        return true;
      });
  // Only a class of this Analyzer stays at its address: another caller may be a temporary.
  if (class_of(who.caller)) last_walk_caller_ = &who.caller;
  last_walk_access_ = access;
  if (!may) return v;

  const CellAt* example_cell = nullptr;
  Outcome* example = nullptr;  // in the first cell that lets the example in
  Transport example_transport = Transport::Https;
  std::vector<const std::string*>& ways_in = ways_in_;  // what the allowed non-generic requests need
  ways_in.clear();
  for (Transport tr : {Transport::Https, Transport::Http})
    for (const CellAt& cell : cs)
      for (Outcome& o : allowed_outcomes(*cell.key, *cell.outcomes, tr, who.caller, *cell.action, cell.slot)) {
        // The HTTPS pass is complete before the HTTP one can end the walk: over_https is exact.
        (tr == Transport::Http ? v.over_http : v.over_https) = true;
        if (o.generic() && v.state != Verdict::State::Allowed) {
          v.state = Verdict::State::Allowed;
          example_cell = &cell;
          example = &o;
          example_transport = tr;
        } else if (!o.generic() && v.state != Verdict::State::Allowed) {
          // Every distinct way in is kept ("aws:SourceIp in 10.0.0.0/8 or aws:SourceIp in ..."); the
          // first one's request is the example.
          if (std::none_of(ways_in.begin(), ways_in.end(), [&](const std::string* w) { return *w == *o.special; }))
            ways_in.push_back(o.special);
          if (v.state == Verdict::State::Denied) {
            v.state = Verdict::State::Conditional;
            example_cell = &cell;
            example = &o;
            example_transport = tr;
          }
        }
        // Nothing later can change the verdict.
        if (v.state == Verdict::State::Allowed && v.over_http) goto done;
      }
done:
  if (v.state == Verdict::State::Conditional) {
    v.real_restriction = true;
    for (const std::string* way : ways_in) {
      // A way that needs all of another's parts and more says nothing that one does not.
      if (std::any_of(ways_in.begin(), ways_in.end(),
                      [&](const std::string* other) { return other != way && needs_all_of(*way, *other); }))
        continue;
      v.condition += (v.condition.empty() ? "" : " or ") + *way;
      // A source network or a time window limits who gets in; a name, a type or a key the
      // caller sets does not.
      bool restricts = false;
      for_each_part(*way, [&](std::string_view part) {
        restricts = restricts || part.starts_with("aws:SourceIp") || part.find("time window") != std::string::npos;
      });
      v.real_restriction = v.real_restriction && restricts;
    }
  }
  if (example != nullptr) {
    at = ExampleAt{example_cell->key, example_cell->action, example_cell->slot, example, example_transport};
    v.grant = &policy_.statements[example->grant];
  }
  return v;
}

void Analyzer::complete(Verdict& v, const PrincipalClass& who, const ExampleAt& at) const {
  if (at.outcome == nullptr) return;
  CellStatements c;
  statements_of(*at.key, c);
  ProbeSlot probe_slot;
  Probe& p = probe_slot.probe;
  std::vector<const Candidate*> combo;
  combination_at(c.dims, at.outcome->combo, combo);
  fill_request(probe_slot, who.caller, *at.action, probed_resource(at.slot, who.caller, *at.action), c.dims, combo,
               at.transport);
  // The trace reads only what the Conditions read: the same for every caller of this signature.
  auto [it, fresh] = example_evaluations_.try_emplace(at.outcome);
  if (fresh) it->second = evaluate_cell(c.allows, c.denies, p.request);
  v.evaluation = it->second;
  v.example = std::move(p.request);
}

std::vector<bool> Analyzer::reached_keys(const PrincipalClass& who, Access access) const {
  std::vector<bool> reached(object_keys_.size() + 1);
  mark_reached(who, access, reached);
  return reached;
}

void Analyzer::mark_reached(const PrincipalClass& who, Access access, std::vector<bool>& reached) const {
  // Which slots (object keys, then the bucket) some request of the class reaches: one walk over
  // the cells, whose answers summarise() has mostly computed already (and, when it has just
  // summarised this class and category, its walk).
  auto mark = [&](const std::string& key, CellOutcomes& cell, const std::string& action, std::size_t slot) {
    if (reached[slot]) return true;
    for (Transport tr : {Transport::Https, Transport::Http})
      if (!allowed_outcomes(key, cell, tr, who.caller, action, slot).empty()) {
        reached[slot] = true;
        break;
      }
    return true;
  };
  if (last_walk_caller_ == &who.caller && last_walk_access_ == access) {
    for (const CellAt& c : last_walk_) mark(*c.key, *c.outcomes, *c.action, c.slot);
  } else {
    for_each_cell(who.caller, access, mark);
  }
}

std::optional<Analyzer::KeyScope> Analyzer::key_scope(const PrincipalClass& who, Access access) const {
  const std::size_t keys = object_keys_.size();
  // DeleteBucket reaches no object (RGW and AWS delete only an empty bucket), so a delete
  // category that includes it is still scoped by the objects it reaches; the other categories'
  // bucket actions reach every object (a listing names them all; a new bucket policy or ACL
  // governs them all), and such a category is not scoped.
  const bool bucket_apart = access == Access::Delete;
  if (keys < 2 && !bucket_apart) return std::nullopt;
  std::vector<bool>& reached = reached_scratch_;  // asked for nearly every verdict a rule reports
  reached.assign(keys + 1, false);
  mark_reached(who, access, reached);
  const bool bucket = reached[keys];
  if (bucket && !bucket_apart) return std::nullopt;
  const auto objects_end = reached.begin() + static_cast<std::ptrdiff_t>(keys);
  const bool none = std::none_of(reached.begin(), objects_end, [](bool r) { return r; });
  if (none) {
    if (!bucket) return std::nullopt;  // denied
    return KeyScope{.only = true, .patterns = {}, .bucket = true};
  }
  if (keys < 2 || std::all_of(reached.begin(), objects_end, [](bool r) { return r; })) return std::nullopt;
  // Keys no pattern names ("any-key") reached: every key but the ones denied. Otherwise only the
  // patterns reached.
  KeyScope scope;
  scope.only = !reached[0];
  scope.bucket = bucket;
  for (std::size_t k = 1; k < keys; ++k)
    if (reached[k] == scope.only) scope.patterns.push_back(object_key_patterns_[k]);
  return scope;
}

std::string Analyzer::KeyScope::listed() const {
  std::string list;
  // An empty key ("arn:aws:s3:::b/") would vanish from the list: shown as the JSON string it is.
  for (std::string_view p : patterns) (list += list.empty() ? "" : ", ") += p.empty() ? "\"\"" : p;
  if (only && bucket) list += list.empty() ? "the bucket itself" : " and the bucket itself";
  return list;
}

std::string Analyzer::to_text(const std::optional<KeyScope>& scope) {
  if (!scope) return "";
  if (scope->only) return " (" + scope->listed() + " only)";
  return (scope->bucket ? " (the bucket itself and every key except " : " (except ") + scope->listed() + ")";
}

Verdict Analyzer::summary(std::size_t who, Access access) const {
  const std::size_t at = who * std::size(kAccesses) + static_cast<std::size_t>(access);
  if (const auto known = verdicts_.find(at); known != verdicts_.end()) {
    Verdict v = known->second.verdict;
    v.example.reset();
    v.evaluation = Evaluation{};
    return v;
  }
  const PrincipalClass& who_class = classes_.at(who);
  if (!may_allow(who, access)) return Verdict{};  // the common answer, without a walk
  ExampleAt unused;
  return summarise(who_class, access, unused);
}

const Verdict& Analyzer::verdict(std::size_t who, Access access) const {
  const PrincipalClass& who_class = classes_.at(who);
  auto [it, fresh] = verdicts_.try_emplace(who * std::size(kAccesses) + static_cast<std::size_t>(access));
  Known& known = it->second;
  if (fresh) {
    known.verdict = summarise(who_class, access, known.at);
    complete(known.verdict, who_class, known.at);
  }
  return known.verdict;
}

}  // namespace s3policy::analysis
