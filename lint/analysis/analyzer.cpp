#include "analysis/analyzer.h"

#include <algorithm>
#include <chrono>
#include <unordered_set>

#include "analysis/conditions.h"
#include "analysis/match.h"
#include "catalog/ascii.h"
#include "catalog/catalog.h"
#include "catalog/wildcard.h"

namespace s3policy::analysis {
namespace {

// Principal kinds that can name a caller only of the project in their account field (every
// other kind except the wildcard names nobody the analysis models).
bool names_one_project(principal::Kind k) {
  using principal::Kind;
  return k == Kind::AccountRoot || k == Kind::BareAccount || k == Kind::User || k == Kind::Role ||
         k == Kind::AssumedRole;
}

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
  for (const ConditionClause& c : st.conditions)
    for (const std::string& v : clause_values(c))
      if (v.find("${") != std::string::npos) return true;
  return false;
}

}  // namespace

Analyzer::Analyzer(Target target, const Policy& policy, Scope scope)
    : target_(target),
      policy_(policy),
      scope_(std::move(scope)),
      now_(std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
               .count()) {
  parsed_.reserve(policy.statements.size());
  denies_.reserve(policy.statements.size());
  for (std::size_t i = 0; i < policy.statements.size(); ++i) {
    const Statement& st = policy.statements[i];
    auto& parsed = parsed_.emplace_back();
    parsed.reserve(st.principals.items.size());
    for (const PrincipalItem& item : st.principals.items) parsed.push_back(principal::parse(item, target));
    denies_.push_back(statement_denies(target, st));
    if (!denies_.back() || !st.principals.present()) continue;  // never applies
    if (!may_name_bucket(st, scope_.bucket)) continue;          // applies to other buckets only
    bool anyone = st.principals.negated;
    std::vector<std::string_view> projects;
    for (const principal::Parsed& p : parsed) {
      if (!principal_kept(target, p)) continue;
      if (p.kind == principal::Kind::Wildcard)
        anyone = true;
      else if (names_one_project(p.kind) && std::find(projects.begin(), projects.end(), p.account) == projects.end())
        projects.push_back(p.account);
    }
    if (anyone)
      any_caller_.push_back(i);
    else
      for (std::string_view project : projects) by_project_[std::string(project)].push_back(i);
  }
  for (const Statement& st : policy.statements)
    for (const StringItem& item : st.resources.items)
      resource_variables_ = resource_variables_ || item.text.find("${") != std::string::npos;
  dims_ = dimensions(target, policy);
  object_keys_ = object_keys(policy, scope_.bucket);
  classes_ = principal_classes(target, policy, scope_);
  for (std::size_t c = 0; c < classes_.size(); ++c) classes_by_project_[classes_[c].caller.project].push_back(c);
}

bool Analyzer::admits(std::size_t i, const Caller& caller) const {
  return principal_admits(target_, policy_.statements[i].principals, parsed_[i], caller);
}

std::vector<std::size_t> Analyzer::admitting(const Caller& caller) const {
  std::vector<std::size_t> out;
  const auto named = by_project_.find(caller.project);
  const std::vector<std::size_t> none;
  const std::vector<std::size_t>& mine = named == by_project_.end() ? none : named->second;
  std::merge(any_caller_.begin(), any_caller_.end(), mine.begin(), mine.end(), std::back_inserter(out));
  std::erase_if(out, [&](std::size_t i) { return !admits(i, caller); });
  return out;
}

std::vector<const Dimension*> Analyzer::dims_read_by(const std::vector<const Statement*>& statements) const {
  std::vector<const Dimension*> out;
  for (const Dimension& d : dims_) {
    bool read = false;
    for (const Statement* st : statements) {
      if (reads_policy_variables(*st)) read = true;
      for (const ConditionClause& c : st->conditions)
        read = read || (is_ceph(target_) ? c.key == d.key : ascii::equal_ci(c.key, d.key));
      if (read) break;
    }
    if (read) out.push_back(&d);
  }
  return out;
}

std::string Analyzer::resource_of(const std::string* object_key, const Request& at) const {
  std::string resource = "arn:aws:s3:::" + scope_.bucket;
  if (object_key == nullptr) return resource;
  // On AWS an object key taken from a home-folder pattern ("home/${aws:username}/x") is the
  // caller's own folder; RGW does not fill variables in a Resource, so there it stays literal.
  if (!is_ceph(target_) && resource_variables_)
    if (auto filled = fill_policy_variables(*object_key, at)) return resource + "/" + *filled;
  return resource + "/" + *object_key;
}

bool Analyzer::names_action(std::size_t i, const std::string& action) const {
  auto& known = action_cache_[action];
  if (known.empty()) known.assign(policy_.statements.size(), -1);
  if (known[i] < 0) known[i] = action_applies(target_, policy_.statements[i], action) ? 1 : 0;
  return known[i] == 1;
}

std::vector<Analyzer::Cell> Analyzer::cells(const Caller& caller, const std::vector<std::string>& actions) const {
  const std::vector<std::size_t> admitted = admitting(caller);
  std::vector<Cell> out;
  for (const std::string& action : actions) {
    const bool obj = object_action(action);
    for (std::size_t k = 0; k < (obj ? object_keys_.size() : 1); ++k) {
      Cell cell;
      cell.action = action;
      // Resource patterns may name policy variables (${aws:username}): the caller's keys fill them.
      Request at;
      at.caller = caller;
      at.action = action;
      at.owner = scope_.owner;
      if (resource_variables_) add_server_keys(target_, at, Transport::Https, now_);
      cell.resource = resource_of(obj ? &object_keys_[k] : nullptr, at);
      at.resource = cell.resource;
      for (std::size_t i : admitted) {
        const Statement& st = policy_.statements[i];
        if (!names_action(i, action) || !resource_applies(target_, st, at)) continue;
        (*denies_[i] ? cell.denies : cell.allows).push_back(&st);
      }
      std::vector<const Statement*> all = cell.denies;
      all.insert(all.end(), cell.allows.begin(), cell.allows.end());
      cell.dims = dims_read_by(all);
      out.push_back(std::move(cell));
    }
  }
  return out;
}

Request Analyzer::request(const Caller& caller, const Cell& cell, const std::vector<const Candidate*>& combo,
                          Transport transport, Probe* probe) const {
  Request r;
  r.caller = caller;
  r.action = cell.action;
  r.owner = scope_.owner;
  r.resource = cell.resource;
  r.context.reserve(cell.dims.size() + 8);  // the dimensions, then the keys the server sets
  for (std::size_t i = 0; i < cell.dims.size(); ++i) {
    const Candidate* c = combo[i];
    if (c->value) r.context.push_back({cell.dims[i]->key, {*c->value}});
    if (!c->generic && probe != nullptr) {
      probe->generic = false;
      probe->special = c->special;
    }
  }
  if (r.find("aws:SourceIp", is_ceph(target_)) == nullptr) r.set("aws:SourceIp", "203.0.113.7");
  add_server_keys(target_, r, transport, now_);
  return r;
}

bool Analyzer::conditions_hold(const Statement& st, const Request& r) const {
  for (const ConditionClause& c : st.conditions)
    if (!eval_clause(target_, c, r, false).holds) return false;
  return true;
}

Evaluation Analyzer::evaluate_cell(const Cell& cell, const Request& r) const {
  Evaluation e;
  std::vector<const Statement*> reaching = cell.denies;
  reaching.insert(reaching.end(), cell.allows.begin(), cell.allows.end());
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
  return evaluate_cell(cell, r);
}

void Analyzer::allowed_probes(const Caller& caller, const std::vector<std::string>& actions,
                              std::optional<Transport> only,
                              const std::function<bool(const Probe&, const Statement&)>& visit) const {
  const std::vector<Cell> cs = cells(caller, actions);
  for (Transport tr : {Transport::Https, Transport::Http})
    for (const Cell& cell : cs) {
      if (only && *only != tr) break;
      if (cell.allows.empty()) continue;
      for (const auto& combo : combinations(cell.dims)) {
        Probe p;
        p.request = request(caller, cell, combo, tr, &p);
        if (std::any_of(cell.denies.begin(), cell.denies.end(),
                        [&](const Statement* st) { return conditions_hold(*st, p.request); }))
          continue;
        const auto allow = std::find_if(cell.allows.begin(), cell.allows.end(),
                                        [&](const Statement* st) { return conditions_hold(*st, p.request); });
        if (allow != cell.allows.end() && !visit(p, **allow)) return;
      }
    }
}

Verdict Analyzer::analyse(const PrincipalClass& who, Access access) const {
  Verdict v;
  const std::vector<Cell> cs = cells(who.caller, actions_of(target_, access));
  const Cell* example_cell = nullptr;
  std::vector<std::string> ways_in;  // what the allowed non-generic requests need
  for (Transport tr : {Transport::Https, Transport::Http})
    for (const Cell& cell : cs) {
      if (cell.allows.empty()) continue;
      for (const auto& combo : combinations(cell.dims)) {
        Probe p;
        p.request = request(who.caller, cell, combo, tr, &p);
        if (std::any_of(cell.denies.begin(), cell.denies.end(),
                        [&](const Statement* st) { return conditions_hold(*st, p.request); }) ||
            std::none_of(cell.allows.begin(), cell.allows.end(),
                         [&](const Statement* st) { return conditions_hold(*st, p.request); }))
          continue;
        if (tr == Transport::Http) v.over_http = true;
        if (p.generic && v.state != Verdict::State::Allowed) {
          v.state = Verdict::State::Allowed;
          v.example = std::move(p.request);
          example_cell = &cell;
        } else if (!p.generic && v.state != Verdict::State::Allowed) {
          // Every distinct way in is kept ("aws:SourceIp in 10.0.0.0/8 or aws:SourceIp in ..."); the
          // first one's request is the example.
          if (std::find(ways_in.begin(), ways_in.end(), p.special) == ways_in.end()) ways_in.push_back(p.special);
          if (v.state == Verdict::State::Denied) {
            v.state = Verdict::State::Conditional;
            v.example = std::move(p.request);
            example_cell = &cell;
          }
        }
        // Nothing later can change the verdict.
        if (v.state == Verdict::State::Allowed && v.over_http) goto done;
      }
    }
done:
  if (v.state == Verdict::State::Conditional) {
    v.real_restriction = true;
    for (const std::string& way : ways_in) {
      v.condition += (v.condition.empty() ? "" : " or ") + way;
      v.real_restriction =
          v.real_restriction && (way.starts_with("aws:SourceIp") || way.find("time window") != std::string::npos);
    }
  }
  if (example_cell != nullptr) v.evaluation = evaluate_cell(*example_cell, *v.example);
  return v;
}

const Verdict& Analyzer::verdict(std::size_t who, Access access) const {
  const auto key = std::make_pair(who, access);
  if (const auto it = verdicts_.find(key); it != verdicts_.end()) return it->second;
  return verdicts_.emplace(key, analyse(classes_.at(who), access)).first->second;
}

std::string Analyzer::condition_signature(const Caller& caller, const Statement& st) const {
  Request r;
  r.caller = caller;
  add_server_keys(target_, r, Transport::Https, 0);
  const bool everything = reads_policy_variables(st);
  std::string sig;
  for (const ContextEntry& e : r.context) {
    const bool read = everything || std::any_of(st.conditions.begin(), st.conditions.end(), [&](const auto& c) {
                        return is_ceph(target_) ? c.key == e.key : ascii::equal_ci(c.key, e.key);
                      });
    if (!read) continue;
    sig += e.key;
    for (const std::string& v : e.values) sig += '\x1f' + v;
    sig += '\x1e';
  }
  return sig;
}

std::vector<std::size_t> Analyzer::classes_admitted_by(std::size_t index) const {
  // All classes for a wildcard or NotPrincipal, else those of the projects the Principal names.
  std::vector<std::size_t> candidates;
  if (std::binary_search(any_caller_.begin(), any_caller_.end(), index)) {
    for (std::size_t c = 0; c < classes_.size(); ++c) candidates.push_back(c);
  } else {
    for (const principal::Parsed& p : parsed_[index])
      if (names_one_project(p.kind))
        if (const auto it = classes_by_project_.find(std::string(p.account)); it != classes_by_project_.end())
          candidates.insert(candidates.end(), it->second.begin(), it->second.end());
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  }
  std::erase_if(candidates, [&](std::size_t c) { return !admits(index, classes_[c].caller); });
  return candidates;
}

void Analyzer::probes_reaching(const Statement& st, const std::vector<std::string>& actions,
                               const std::function<bool(const Probe&)>& visit) const {
  const std::size_t index = static_cast<std::size_t>(&st - policy_.statements.data());
  if (!denies_[index]) return;
  const std::vector<const Dimension*> dims = dims_read_by({&st});
  const auto combos = combinations(dims);
  const std::vector<std::size_t> candidates = classes_admitted_by(index);
  std::unordered_set<std::string> tried;
  for (std::size_t c : candidates) {
    const PrincipalClass& who = classes_[c];
    if (!tried.insert(condition_signature(who.caller, st)).second) continue;
    for (Transport tr : {Transport::Https, Transport::Http})
      for (const std::string& action : actions) {
        if (!action_applies(target_, st, action)) continue;
        const bool obj = object_action(action);
        for (std::size_t k = 0; k < (obj ? object_keys_.size() : 1); ++k) {
          Cell cell;
          cell.action = action;
          cell.dims = dims;
          Request at;
          at.caller = who.caller;
          at.action = action;
          at.owner = scope_.owner;
          if (resource_variables_) add_server_keys(target_, at, Transport::Https, now_);
          cell.resource = resource_of(obj ? &object_keys_[k] : nullptr, at);
          at.resource = cell.resource;
          if (!resource_applies(target_, st, at)) continue;
          for (const auto& combo : combos) {
            Probe p;
            p.request = request(who.caller, cell, combo, tr, &p);
            if (!visit(p)) return;
          }
        }
      }
  }
}

}  // namespace s3policy::analysis
