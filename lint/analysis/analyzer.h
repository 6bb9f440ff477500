// The exposure analysis of one policy, prepared once and shared by every rule and command that
// asks about it. The work that does not depend on the request context is done once per policy
// (principals parsed and indexed by project, the condition dimensions, the object keys) or once
// per (caller, action, resource) (which statements get past Principal, Resource and Action);
// only the conditions of those statements are evaluated per probe request, and only over the
// dimensions those conditions read. A 500-statement policy with 500 projects is analysed in
// milliseconds instead of minutes; the verdicts are those of evaluating every probe against the
// whole policy.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "analysis/evaluate.h"
#include "analysis/exposure.h"
#include "analysis/principal_parse.h"
#include "analysis/probe_space.h"

namespace s3policy::analysis {

class Analyzer {
 public:
  Analyzer(Target target, const Policy& policy, Scope scope);
  Analyzer(const Analyzer&) = delete;
  Analyzer& operator=(const Analyzer&) = delete;

  Target target() const { return target_; }
  const Policy& policy() const { return policy_; }
  const Scope& scope() const { return scope_; }
  // Anonymous, any authenticated user, the owner project, then each project and user the policy
  // names (see principal_classes).
  const std::vector<PrincipalClass>& classes() const { return classes_; }

  // The verdict for classes()[who] and `access`, computed on first use.
  const Verdict& verdict(std::size_t who, Access access) const;
  // The same for any caller class (e.g. one that only another version of the policy names).
  Verdict analyse(const PrincipalClass& who, Access access) const;

  // Each probe request, for every class the statement's Principal admits and every one of
  // `actions` and object keys its Action and Resource match, that reaches the statement's
  // Condition; the condition keys the statement reads are explored, the others left at their
  // generic value. Classes that differ only in what the Condition cannot see are tried once.
  // `visit` returns false to stop.
  void probes_reaching(const Statement& st, const std::vector<std::string>& actions,
                       const std::function<bool(const Probe&)>& visit) const;

  // Each probe request of `caller` over `actions` (and over `only` when given) that the policy
  // allows, in probe order, with the first Allow statement that decides it. `visit` returns
  // false to stop.
  void allowed_probes(const Caller& caller, const std::vector<std::string>& actions, std::optional<Transport> only,
                      const std::function<bool(const Probe&, const Statement&)>& visit) const;

  // One request, decided as analysis::evaluate decides it; the trace holds only the statements
  // that get past Principal, Resource and Action (the others cannot apply).
  Evaluation evaluate(const Request& request) const;

  // Statement against statement (analyzer_compare.cpp): whether `other` applies to every request
  // `st` applies to. Proved element by element, never sampled: every principal class `st` admits
  // is admitted by `other`; every action of the target's catalog `st` names, `other` names; each
  // of `st`'s resources lies within one of `other`'s (equal, "*", or a prefix pattern "p*"
  // covering it); and each Condition clause of `other` is also a clause of `st` (same operator,
  // key and values), so it holds whenever `st`'s conditions do. A false answer may be a miss
  // (two Denies that cover an Allow only together), never a false claim.
  bool covers(const Statement& other, const Statement& st) const;

  // Each probe request of `caller` over `actions` and `transport` that some Deny could stop, with
  // the first Deny that applies to it (null when none does). `visit` returns false to stop.
  void deny_probes(const Caller& caller, const std::vector<std::string>& actions, Transport transport,
                   const std::function<bool(const Probe&, const Statement*)>& visit) const;

  // Pairwise comparison is quadratic in the number of statements; beyond this many the
  // cross-statement rules (S3P608-S3P610) do not judge the policy.
  static constexpr std::size_t kMaxCompared = 200;

 private:
  // The statements that get past Principal, Resource and Action for one (caller, action,
  // resource), in policy order, and the dimensions their conditions read.
  struct Cell {
    std::string action;
    std::string resource;
    std::vector<const Statement*> allows, denies;
    std::vector<const Dimension*> dims;
  };

  std::vector<std::size_t> admitting(const Caller& caller) const;
  // The classes (indices into classes()) whose callers the statement's Principal admits.
  std::vector<std::size_t> classes_admitted_by(std::size_t statement) const;
  const std::vector<bool>& named_actions(std::size_t statement) const;
  bool admits(std::size_t statement, const Caller& caller) const;
  std::vector<Cell> cells(const Caller& caller, const std::vector<std::string>& actions) const;
  std::vector<const Dimension*> dims_read_by(const std::vector<const Statement*>& statements) const;
  Request request(const Caller& caller, const Cell& cell, const std::vector<const Candidate*>& combo,
                  Transport transport, Probe* probe) const;
  bool conditions_hold(const Statement& st, const Request& r) const;
  // The trace of the statements of `cell` for request `r` (the others never reach their
  // Condition), and the decision.
  Evaluation evaluate_cell(const Cell& cell, const Request& r) const;
  // A caller's identity as the Condition can see it (the keys the server sets from it).
  std::string condition_signature(const Caller& caller, const Statement& st) const;

  Target target_;
  const Policy& policy_;
  Scope scope_;
  std::int64_t now_;
  std::vector<std::vector<principal::Parsed>> parsed_;                    // per statement, per principal item
  std::vector<std::optional<bool>> denies_;                               // statement_denies per statement
  std::vector<std::size_t> any_caller_;                                   // statements that may admit anyone
  std::unordered_map<std::string, std::vector<std::size_t>> by_project_;  // the others, by project
  bool resource_variables_ = false;  // some Resource names a policy variable (${aws:username})
  std::vector<Dimension> dims_;
  std::vector<std::string> object_keys_;
  std::vector<PrincipalClass> classes_;
  std::unordered_map<std::string, std::vector<std::size_t>> classes_by_project_;
  mutable std::map<std::pair<std::size_t, Access>, Verdict> verdicts_;
  // Whether statement i's Action names `action` (action_applies), per action, computed once.
  bool names_action(std::size_t statement, const std::string& action) const;
  // The bucket's ARN, or the ARN of one of object_keys_ as the caller of `at` would address it.
  std::string resource_of(const std::string* object_key, const Request& at) const;
  mutable std::unordered_map<std::string, std::vector<std::int8_t>> action_cache_;
  // Per statement, which catalog actions it names (by position in the catalog), for covers().
  mutable std::vector<std::vector<bool>> named_actions_;
};

}  // namespace s3policy::analysis
