// The probes of the Analyzer: the request of each one, written in place (the keys the server
// sets are computed once per caller, transport and listing), and whether a statement's
// Condition holds for it, memoised per clause and value.
#include <cstdlib>
#include <cstring>
#include <memory>

#include "analysis/analyzer.h"
#include "analysis/analyzer_detail.h"
#include "analysis/conditions.h"
#include "catalog/ascii.h"

namespace s3policy::analysis {
namespace {

using detail::reads_variables;
using detail::same_caller;

// A key's values as one string: each value's length (four bytes), then the value.
void append_values(std::string& out, const std::vector<std::string>& values) {
  for (const std::string& v : values) {
    const auto n = static_cast<std::uint32_t>(v.size());
    out.append(reinterpret_cast<const char*>(&n), sizeof n).append(v);
  }
}

// Whether `joined` (append_values) holds exactly `values`.
bool same_values(std::string_view joined, const std::vector<std::string>& values) {
  for (const std::string& v : values) {
    std::uint32_t n = 0;
    if (joined.size() < sizeof n) return false;
    std::memcpy(&n, joined.data(), sizeof n);
    joined.remove_prefix(sizeof n);
    if (n != v.size() || joined.substr(0, n) != v) return false;
    joined.remove_prefix(n);
  }
  return joined.empty();
}

// The calling thread's context entries not in use: entries fill_request dropped from a probe.
std::vector<ContextEntry>& spare_entries() {
  thread_local std::vector<ContextEntry> spare;
  return spare;
}

// What the pool keeps: a hostile policy's long values are let go with their probe or entry.
constexpr std::size_t kPooledEntryBytes = 512;
constexpr std::size_t kPooledProbeBytes = 4096;

std::size_t bytes_of(const ContextEntry& e) {
  std::size_t n = e.key.capacity();
  for (const std::string& v : e.values) n += v.capacity();
  return n;
}

std::size_t bytes_of(const Probe& p) {
  const Request& r = p.request;
  std::size_t n = p.special.capacity() + r.action.capacity() + r.resource.capacity() + r.owner.capacity() +
                  r.caller.project.capacity() + r.caller.user.capacity() + r.caller.subuser.capacity() +
                  r.caller.session.capacity();
  for (const ContextEntry& e : r.context) n += bytes_of(e);
  return n;
}

}  // namespace

std::vector<std::unique_ptr<Analyzer::ProbeSlot>>& Analyzer::idle_probes() {
  thread_local std::vector<std::unique_ptr<ProbeSlot>> idle;
  return idle;
}

Analyzer::PooledProbe::PooledProbe() {
  auto& idle = idle_probes();
  if (idle.empty()) {
    slot_ = std::make_unique<ProbeSlot>();
  } else {
    slot_ = std::move(idle.back());
    idle.pop_back();
    slot_->server_keys_from = nullptr;  // another Analyzer's keys, maybe freed since
  }
}

Analyzer::PooledProbe::~PooledProbe() {
  if (bytes_of(slot_->probe) <= kPooledProbeBytes) idle_probes().push_back(std::move(slot_));
}

const std::vector<Analyzer::ServerKey>& Analyzer::server_keys(const Caller& caller, Transport transport,
                                                              bool listing) const {
  // A probe asks for its caller's keys every time: a class's are found by its index.
  const std::size_t variant = (transport == Transport::Http ? 2 : 0) + (listing ? 1 : 0);
  const std::optional<std::size_t> w = class_of(caller);
  if (w) {
    if (class_server_keys_.empty()) class_server_keys_.assign(classes_.size() * 4, kUnset);
    if (const std::size_t k = class_server_keys_[*w * 4 + variant]; k != kUnset) return server_keys_[k].entries;
  }
  std::size_t found = kUnset;
  for (std::size_t k = 0; k < server_keys_.size() && found == kUnset && !w; ++k)
    if (!server_keys_[k].of_class && server_keys_[k].transport == transport && server_keys_[k].listing == listing &&
        same_caller(server_keys_[k].caller, caller))
      found = k;
  if (found == kUnset) {
    found = server_keys_.size();
    ServerKeys& keys = server_keys_.emplace_back();
    if (w)
      keys.of_class = true;
    else
      keys.caller = caller;
    keys.transport = transport;
    keys.listing = listing;
    // What add_server_keys sets in a request of `caller` for a listing action (or another).
    const bool lists = listing && sets_listing_keys(target_, "s3:ListBucket");
    // Sizes first, then views into the finished text (it does not move once built). Built in
    // the thread's lists, then copied at their exact size: kept for the Analyzer's life, one set
    // per class and variant, so no room to spare, in one allocation each.
    thread_local std::string text;
    thread_local std::vector<ServerKey> entries;
    text.clear();
    entries.clear();
    for_each_server_key(target_, caller, lists, transport, now_, [&](std::string_view key, std::string_view value) {
      text.append(key).append(value);
      entries.push_back(ServerKey{std::string_view(nullptr, key.size()), std::string_view(nullptr, value.size())});
    });
    keys.text = text;
    keys.entries.assign(entries.begin(), entries.end());
    if (text.capacity() > kPooledProbeBytes) std::string().swap(text);  // a hostile caller's long names
    const char* at = keys.text.data();
    for (ServerKey& e : keys.entries) {
      e.key = std::string_view(at, e.key.size());
      at += e.key.size();
      e.value = std::string_view(at, e.value.size());
      at += e.value.size();
    }
  }
  if (w) class_server_keys_[*w * 4 + variant] = found;
  return server_keys_[found].entries;
}

bool Analyzer::leaves_generic(const Caller& caller, const Dimension& d) const {
  return (caller.kind == Caller::Kind::Anonymous && reads_signed_only_keys_ && absent_for_anonymous(target_, d.key)) ||
         (d.stand_in_only && !caller.stands_in());
}

const std::string* Analyzer::special_of(const Caller& caller, const std::vector<const Dimension*>& dims,
                                        const std::vector<const Candidate*>& combo) const {
  const std::string* only = nullptr;
  std::string joined;
  for (std::size_t i = 0; i < dims.size(); ++i) {
    if (combo[i]->generic || leaves_generic(caller, *dims[i])) continue;
    if (only == nullptr) {
      only = &combo[i]->special;
      continue;
    }
    if (joined.empty()) joined = *only;
    joined.append(" and ").append(combo[i]->special);
  }
  return joined.empty() ? only : &*conjunctions_.insert(std::move(joined)).first;
}

void Analyzer::fill_request(ProbeSlot& slot, const Caller& caller, const std::string& action, const std::string& resource,
                            const std::vector<const Dimension*>& dims, const std::vector<const Candidate*>& combo,
                            Transport transport) const {
  // Every probe rewrites the same Request in place: its strings keep their capacity, so a probe
  // costs no allocation once the first has been built.
  Probe& p = slot.probe;
  Request& r = p.request;
  p.generic = true;
  p.special.clear();
  if (!same_caller(r.caller, caller)) r.caller = caller;
  r.action = action;
  r.resource = resource;
  r.owner = scope_.owner;
  std::size_t n = 0;
  bool keys_moved = false;  // some entry's key differs from the last probe's at its place
  std::vector<ContextEntry>& spare = spare_entries();
  auto put = [&](std::string_view key, std::string_view value) {
    if (n == r.context.size()) {
      keys_moved = true;
      if (spare.empty()) {
        r.context.emplace_back();
      } else {
        r.context.push_back(std::move(spare.back()));
        spare.pop_back();
      }
    }
    // Consecutive probes mostly put the same keys and values in the same places: a comparison
    // is cheaper than a copy.
    ContextEntry& e = r.context[n++];
    if (e.key != key) {
      e.key = key;
      keys_moved = true;
    }
    e.values.resize(1);
    if (e.values.front() != value) e.values.front() = value;
  };
  auto has = [&](std::string_view key, bool case_sensitive, std::size_t among) {
    for (std::size_t i = 0; i < among; ++i)
      if (case_sensitive ? r.context[i].key == key : ascii::equal_ci(r.context[i].key, key)) return true;
    return false;
  };
  // Whether some candidate is a policy value with variables: filled in below, once the caller's
  // keys are in place.
  bool templated = false;
  for (std::size_t i = 0; i < dims.size(); ++i) {
    const Candidate* c = combo[i];
    if (leaves_generic(caller, *dims[i])) continue;
    templated = templated || (c->value && c->from_template != Candidate::Template::None);
    if (c->value) put(dims[i]->key, *c->value);
    if (!c->generic) {
      if (!p.generic) p.special += " and ";
      p.generic = false;
      p.special += c->special;
    }
  }
  static const std::string kSourceIp = "aws:SourceIp", kSomeAddress = "203.0.113.7";
  if (!has(kSourceIp, is_ceph(target_), n)) put(kSourceIp, kSomeAddress);
  // Then what add_server_keys adds: the keys the server sets, unless the probe set them (the
  // server's keys are distinct, so only the probe's own entries need a look).
  const bool listing = sets_listing_keys(target_, action);
  const std::size_t probe_entries = n;
  const std::vector<ServerKey>& keys = server_keys(caller, transport, listing);
  // Which server keys a probe entry hides depends only on the probe's keys: when those and the
  // set are the last probe's, its server entries are still in place (nothing else writes them).
  if (!keys_moved && slot.server_keys_from == &keys && slot.server_keys_at == probe_entries &&
      slot.server_keys_end == r.context.size()) {
    n = slot.server_keys_end;
  } else {
    for (const ServerKey& e : keys)
      if (!has(e.key, true, probe_entries)) put(e.key, e.value);
    slot.server_keys_from = &keys;
    slot.server_keys_at = probe_entries;
    slot.server_keys_end = n;
  }
  // Entries the next probe may need again keep their strings' capacity.
  while (r.context.size() > n) {
    if (bytes_of(r.context.back()) <= kPooledEntryBytes) spare.push_back(std::move(r.context.back()));
    r.context.pop_back();
  }
  if (templated)  // the dims' entries come first, in dims order
    for (std::size_t i = 0, at = 0; i < dims.size(); ++i) {
      const Candidate* c = combo[i];
      if (leaves_generic(caller, *dims[i]) || !c->value) continue;
      if (c->from_template != Candidate::Template::None) {
        std::string value = request_value_for(target_, *c->value, r);
        if (c->from_template == Candidate::Template::Instance) value = instance(value);
        r.context[at].values.front() = std::move(value);
      }
      ++at;
    }
  if (listing)  // RGW caps max-keys at 1000 before it sets the key (add_server_keys)
    for (ContextEntry& e : r.context)
      if (e.key == "s3:max-keys")
        for (std::string& v : e.values)
          if (std::strtod(v.c_str(), nullptr) > 1000) v = "1000";
}

bool Analyzer::clause_holds(const ConditionClause& c, ClauseMemo& memo, const Request& r) const {
  // Without policy variables a clause reads nothing of the request but its own key, and the
  // probes repeat the same few values: each (clause, value) is evaluated once.
  if (memo.pure < 0) memo.pure = reads_variables(c) ? 0 : 1;
  if (memo.pure == 0) return eval_clause(target_, c, r, false).holds;
  const ContextEntry* entry = r.find(c.key, keys_case_sensitive_);
  const bool present = entry != nullptr;
  for (std::uint32_t at = memo.newest; at != kNoAnswer;) {
    const ClauseAnswer& a = clause_answers_[at];
    if (a.present == present && (!present || same_values(a.values, entry->values))) return a.holds;
    at = a.older;
  }
  const bool holds = eval_clause(target_, c, r, false).holds;
  ClauseAnswer& a = clause_answers_.emplace_back(ClauseAnswer{memo.newest, present, holds, {}});
  if (present) append_values(a.values, entry->values);
  memo.newest = static_cast<std::uint32_t>(clause_answers_.size() - 1);
  return holds;
}

bool Analyzer::conditions_hold(const Statement& st, const Request& r) const {
  const auto i = static_cast<std::size_t>(&st - policy_.statements.data());
  if (clause_memos_.empty()) clause_memos_.resize(first_clause_.back());
  ClauseMemo* memo = clause_memos_.data() + first_clause_.at(i);
  for (const ConditionClause& c : st.conditions)
    if (!clause_holds(c, *memo++, r)) return false;
  return true;
}

}  // namespace s3policy::analysis
