// The exposure analysis of one policy, prepared once and shared by every rule and command that
// asks about it. The work that does not depend on the request context is done once per policy
// (principals parsed and indexed by project, the condition dimensions, the object keys) or once
// per (caller, action, resource) (which statements get past Principal, Resource and Action);
// only the conditions of those statements are evaluated per probe request, and only over the
// dimensions those conditions read. A 500-statement policy with 500 projects is analysed in
// milliseconds instead of minutes; the verdicts are those of evaluating every probe against the
// whole policy.
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "analysis/action_set.h"
#include "analysis/evaluate.h"
#include "analysis/exposure.h"
#include "analysis/principal_parse.h"
#include "analysis/probe_space.h"
#include "catalog/catalog.h"

namespace s3policy::analysis {

class Analyzer {
 public:
  // `parsed`: every statement's principals as `target` reads them (per statement, per item), when
  // the caller has parsed them already (the lint rules have); the Analyzer refers to them and must
  // not outlive them. Empty: the Analyzer parses them itself.
  Analyzer(Target target, const Policy& policy, Scope scope,
           std::vector<std::span<const principal::Parsed>> parsed = {});
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
  // The same without `example` and `evaluation` (empty): what rules that only ask whether and how
  // a class gets in need (state, condition, over_http, grant), without building the request.
  // Not kept (the lint rules ask each once; with hundreds of classes the kept verdicts were most
  // of the analysis's memory), except as part of a verdict() already asked for.
  Verdict summary(std::size_t who, Access access) const;
  // The same for any caller class (e.g. one that only another version of the policy names).
  Verdict analyse(const PrincipalClass& who, Access access) const;

  // Which objects classes()[who]'s `access` reaches, when not every one: "read (public/* only)",
  // "read (except private/*)", "delete (tmp/* and the bucket itself only)". The analysis tries one
  // key of each of the policy's Resource patterns (object_keys); nullopt when the access is denied,
  // reaches every key tried, or includes an action on the bucket itself that reaches every object
  // (ListBucket, PutBucketPolicy, PutBucketAcl; DeleteBucket reaches none and is named instead).
  struct KeyScope {
    bool only = false;                       // only these patterns; false: every key but these
    std::vector<std::string_view> patterns;  // as the Resource writes the key ("public/*")
    bool bucket = false;                     // the bucket itself too (delete: DeleteBucket)
    // "public/*, site/*"; for `only`, with " and the bucket itself" when `bucket`.
    std::string listed() const;
  };
  std::optional<KeyScope> key_scope(std::size_t who, Access access) const { return key_scope(classes_.at(who), access); }
  // The same for any caller class (e.g. one that only another version of the policy names).
  std::optional<KeyScope> key_scope(const PrincipalClass& who, Access access) const;
  // Per object key tried (object_keys()), whether some request of `who`'s `access` the policy
  // allows reaches it, then (last) whether one reaches the bucket itself (ListBucket,
  // DeleteBucket, PutBucketPolicy: such a category is not scoped).
  std::vector<bool> reached_keys(const PrincipalClass& who, Access access) const;
  // "any-key" and one key of each Resource pattern of the bucket, and the patterns ("*" for
  // "any-key"), parallel.
  const std::vector<std::string>& object_keys() const { return object_keys_; }
  const std::vector<std::string_view>& object_key_patterns() const { return object_key_patterns_; }
  // " (public/*, site/* only)", " (except private/*)", " (tmp/* and the bucket itself only)",
  // " (the bucket itself and every key except private/*)", or "" without a scope: how explain and
  // the rules write it after the access category.
  static std::string to_text(const std::optional<KeyScope>& scope);

  // Each probe request, for every class the statement's Principal admits and every action of
  // every access category (actions_of, in category order) and object key its Action and
  // Resource match, that reaches the statement's Condition: its Principal, Action and Resource
  // apply to the request. The condition keys the statement reads are explored, the others left
  // at their generic value. Classes that differ only in what the Condition cannot see are tried
  // once, and so are actions and object keys (no Condition reads them) that get the same server
  // keys. `visit` returns false to stop; it must not call probes_reaching.
  void probes_reaching(const Statement& st, const std::function<bool(const Probe&)>& visit) const;
  // Whether some probe of probes_reaching(st) meets st's Condition (conditions_hold); nullopt when
  // no probe reaches it. Probes that can only repeat an earlier one's answer are not asked.
  std::optional<bool> condition_met(const Statement& st) const;

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

  // Whether every Condition clause of `st` (one of policy()'s statements) holds for `r` (no
  // explanation built).
  bool conditions_hold(const Statement& st, const Request& r) const;

  // Pairwise comparison is quadratic in the number of statements; beyond this many the
  // cross-statement rules (S3P608-S3P610) do not judge the policy.
  static constexpr std::size_t kMaxCompared = 200;

 private:
  // The statements that get past Principal, Resource and Action for one (caller, action,
  // resource), in policy order, and the dimensions their conditions read.
  // Dimensions as bit sets, bit d for dims_[d] (dimensions() makes at most kMaxDimensions).
  using DimMask = std::uint32_t;
  struct Cell {
    std::string action;
    std::string resource;
    std::vector<const Statement*> allows, denies;
    std::vector<const Dimension*> dims;
    bool listing = false;  // the server sets listing keys
    DimMask absent = 0;    // dimensions its statements read whose key the action never carries
  };

  // Statement indices, 32 bits: kept per class, and a policy may have hundreds of classes.
  using StatementIndices = std::vector<std::uint32_t>;
  StatementIndices admitting(const Caller& caller) const;
  // The same, kept per class when `caller` is one of classes() (else computed into `scratch`).
  const StatementIndices& admitting(const Caller& caller, StatementIndices& scratch) const;
  mutable std::vector<std::optional<StatementIndices>> admitted_;
  std::optional<std::size_t> class_of(const Caller& caller) const;  // by address: one of classes()' own
  // False when no Allow admitting `caller` (a class) names any of the actions of `access`: then
  // it is denied them.
  bool may_allow(const Caller& caller, Access access) const;
  bool may_allow(std::size_t who, Access access) const;  // classes()[who]
  // Per class, bit (1 << access) when may_allow; kAllowableKnown once computed.
  static constexpr std::uint8_t kAllowableKnown = 0x80;
  mutable std::vector<std::uint8_t> allowable_;
  // The classes (indices into classes()) whose callers the statement's Principal admits.
  std::vector<std::size_t> classes_admitted_by(std::size_t statement) const;
  // The same one at a time, in ascending order: visit(class) returns false to stop.
  template <typename Visit>
  void for_each_class_admitted_by(std::size_t statement, Visit&& visit) const;
  void project_classes(std::size_t statement, std::vector<std::size_t>& out) const;  // of the projects it names
  // probes_reaching's walk; with `distinct`, leaving out probes whose Condition sees what an
  // earlier one's saw (condition_met).
  template <typename Visit>
  void walk_probes(const Statement& st, bool distinct, Visit&& visit) const;
  const ActionSet& action_set(std::size_t statement) const;
  // catalog_index(target(), action), kept per action name.
  std::optional<std::size_t> action_index(const std::string& action) const;
  struct ActionIndex {
    const std::string* address;
    std::string name;
    std::optional<std::size_t> index;
  };
  mutable std::vector<ActionIndex> action_indices_;
  mutable std::vector<std::string> fixed_resources_;  // per slot, when no Resource names a variable
  // A probe with the Analyzer's note of the server keys fill_request appended to it last: the
  // next probe with the same keys before them finds them in place.
  struct ProbeSlot {
    Probe probe;
    const void* server_keys_from = nullptr;
    std::size_t server_keys_at = 0, server_keys_end = 0;
  };
  // A probe from the calling thread's pool, given back when it goes: fill_request rewrites a
  // probe in place, and a pooled one keeps its strings' capacity from file to file (a fresh one
  // per Analyzer was some 60 allocations per file).
  class PooledProbe {
   public:
    PooledProbe();
    ~PooledProbe();
    PooledProbe(const PooledProbe&) = delete;
    PooledProbe& operator=(const PooledProbe&) = delete;
    ProbeSlot& get() { return *slot_; }

   private:
    std::unique_ptr<ProbeSlot> slot_;
  };
  static std::vector<std::unique_ptr<ProbeSlot>>& idle_probes();  // the calling thread's pool
  bool admits(std::size_t statement, const Caller& caller) const;
  // The cells of `caller` over `actions` that some Allow (Need::Allow) or some Deny (Need::Deny)
  // reaches, in action and object key order; with `distinct`, only the first of cells that every
  // probe answers alike.
  enum class Need { Allow, Deny };
  std::vector<Cell> cells(const Caller& caller, const std::vector<std::string>& actions, Need need,
                          bool distinct = false) const;
  std::vector<const Dimension*> dims_read_by(const std::vector<const Statement*>& statements) const;
  // The same for the statements of `a` and `b` together, into `out`, without those in `absent`.
  void dims_read_by(const std::vector<const Statement*>& a, const std::vector<const Statement*>& b,
                    std::vector<const Dimension*>& out, DimMask absent = 0) const;
  // The dimensions statement i's Condition reads (every one when it names a policy variable).
  DimMask dims_read_mask(std::size_t statement) const;
  mutable std::vector<DimMask> read_masks_;  // per statement, kMaskUnknown until computed
  // The dimensions whose key no request for the catalog's action `index` carries (key_applies:
  // s3:prefix on a GetObject): its probes leave them absent, as the server does. 0 for an
  // action outside the catalog and when no dimension's key is scoped to some actions.
  DimMask absent_dims(std::optional<std::size_t> index) const;
  static constexpr DimMask kMaskUnknown = ~DimMask{0};
  std::vector<std::pair<std::size_t, const ConditionKeyInfo*>> scoped_dims_;  // (index into dims_, its key)
  DimMask scoped_mask_ = 0;                                                   // their bits
  mutable std::vector<DimMask> absent_by_action_;  // per catalog action, kMaskUnknown until computed
  // What a cell of an action that leaves `absent` out and is reached by `statements` leaves out
  // of the dimensions they read.
  DimMask cell_absent(DimMask absent, std::span<const std::uint32_t> statements) const;
  // Whether `caller`'s requests leave dimension `d` at its generic value: no anonymous request
  // carries the keys that describe a signed principal, and a caller does not choose its name or
  // type unless it stands in for callers of any. A combination varying only such dimensions is
  // the generic request again.
  bool leaves_generic(const Caller& caller, const Dimension& d) const;
  // What makes the combination's request special: the "special" of each of its non-generic
  // candidates that `caller`'s request takes, joined by " and " ("aws:SourceIp in 10.0.0.0/8 and
  // aws:username like ci-*"); null when none. Joined texts are kept in conjunctions_.
  const std::string* special_of(const Caller& caller, const std::vector<const Dimension*>& dims,
                                const std::vector<const Candidate*>& combo) const;
  // Makes p the probe of `caller` asking `action` on `resource` for one combination of candidate
  // values of `dims` over `transport`.
  void fill_request(ProbeSlot& slot, const Caller& caller, const std::string& action, const std::string& resource,
                    const std::vector<const Dimension*>& dims, const std::vector<const Candidate*>& combo,
                    Transport transport) const;
  // The keys the server sets (add_server_keys) for `caller` over `transport`, computed once, each
  // with its one value. Kept as views into one string per set: as ContextEntry objects they were
  // a dozen allocations per set, the most of any part of the analysis.
  struct ServerKey {
    std::string_view key, value;
  };
  const std::vector<ServerKey>& server_keys(const Caller& caller, Transport transport, bool listing) const;
  struct ServerKeys {
    Caller caller;  // of a caller that is none of classes() (a class finds its sets by index)
    bool of_class = false;
    Transport transport = Transport::Https;
    bool listing = false;
    std::string text;  // every key and value, one after the other
    std::vector<ServerKey> entries;
  };
  static constexpr std::size_t kUnset = static_cast<std::size_t>(-1);
  mutable std::deque<ServerKeys> server_keys_;
  mutable std::vector<std::size_t> class_server_keys_;  // per (class, transport, listing): index into server_keys_
  static constexpr std::uint32_t kNoAnswer = static_cast<std::uint32_t>(-1);
  // A clause's answers are a list through clause_answers_, newest first: a policy of hundreds of
  // statements has thousands of clauses, most asked about few values (a vector of answers per
  // clause was 32 bytes for each, and its growth more).
  struct ClauseMemo {
    std::int8_t pure = -1;             // 1: reads no policy variable, a function of its key's values alone
    std::uint32_t newest = kNoAnswer;  // index into clause_answers_
  };
  struct ClauseAnswer {
    std::uint32_t older;  // the clause's previous answer, or kNoAnswer
    bool present;
    bool holds;
    std::string values;  // the key's values, each after its length (one string: fewer allocations)
  };
  bool clause_holds(const ConditionClause& c, ClauseMemo& memo, const Request& r) const;
  // Per clause of the policy, in statement order: statement i's start at first_clause_[i].
  mutable std::vector<ClauseMemo> clause_memos_;
  mutable std::vector<ClauseAnswer> clause_answers_;
  std::vector<std::uint32_t> first_clause_;
  bool keys_case_sensitive_ = true;
  // The trace of the statements of `cell` for request `r` (the others never reach their
  // Condition), and the decision.
  Evaluation evaluate_cell(const std::vector<const Statement*>& allows, const std::vector<const Statement*>& denies,
                           const Request& r) const;

  // analyser_verdict.cpp. What the probes of a cell find depends on the statements that reach it,
  // whether the server sets listing keys, the transport and the caller's keys that some Condition
  // reads (its signature); classes and categories whose cells agree in these share the answer.
  struct Outcome {  // one combination of candidate values whose probe the policy allows (16 bytes)
    const std::string* special;  // what Probe::special says (a Candidate's); null when the probe is generic
    std::uint32_t combo;         // its position in combinations(dims)
    std::uint32_t grant;         // the first Allow that applies to it (index into policy().statements)
    bool generic() const { return special == nullptr; }
  };
  // A cell's statements are kept only in its key (outcomes_): a policy of hundreds of projects
  // shares no cell, and keeping them twice was most of the analysis's memory.
  struct CellOutcomes {
    bool conditional = false;  // some statement has a Condition
    bool known[2] = {false, false};  // allowed[t] computed
    // No Condition of the cell can tell HTTPS from HTTP (none reads aws:SecureTransport, the only
    // key the transport changes): the second transport's answer is the first's. Set with the first.
    bool transport_blind = false;
    // Per transport, computed on first use: the allowed combinations in order, up to the first
    // generic one (after it nothing in the cell can change a verdict).
    std::vector<Outcome> allowed[2];
  };
  mutable std::map<const Outcome*, Evaluation> example_evaluations_;  // per Outcome that became an example
  mutable std::unordered_map<std::string, CellOutcomes> outcomes_;
  std::vector<Outcome>& allowed_outcomes(const std::string& key, CellOutcomes& cell, Transport transport,
                                         const Caller& caller, const std::string& action, std::size_t slot) const;
  struct CellStatements {  // what a cell's key stands for
    std::vector<const Statement*> allows, denies;
    std::vector<const Dimension*> dims;  // dims_read_by(denies and allows)
  };
  void statements_of(const std::string& key, CellStatements& out) const;
  mutable CellStatements cell_statements_;  // allowed_outcomes()'s, kept for its capacity
  // Equal for callers whose server keys agree on every key a Condition of the policy may read.
  std::size_t signature(const Caller& caller) const;
  mutable std::vector<std::size_t> class_signatures_;  // per class
  mutable std::vector<std::string> signatures_;
  std::vector<std::string> condition_keys_;  // every key a Condition names
  bool condition_variables_ = false;         // some Condition value names a policy variable
  bool reads_signed_only_keys_ = false;      // some Condition names a key absent_for_anonymous
  bool varies_stand_ins_ = false;            // a dimension tries names (types) for stand-in callers
  // A caller's identity as the Condition can see it (the keys the server sets from it).
  std::string condition_signature(const Caller& caller, const Statement& st) const;

  // actions_of and catalog_indices_of per access category (each a call_once per ask otherwise).
  const std::vector<std::string>& actions(Access a) const { return *actions_[static_cast<std::size_t>(a)]; }
  const std::vector<std::size_t>& indices(Access a) const { return *indices_[static_cast<std::size_t>(a)]; }
  std::array<const std::vector<std::string>*, std::size(kAccesses)> actions_{};
  std::array<const std::vector<std::size_t>*, std::size(kAccesses)> indices_{};

  Target target_;
  const Policy& policy_;
  Scope scope_;
  std::int64_t now_;
  std::vector<principal::Parsed> own_parsed_;                             // when the caller gave none
  std::vector<std::span<const principal::Parsed>> parsed_;                // per statement, per principal item
  std::vector<std::optional<bool>> denies_;                               // statement_denies per statement
  std::vector<std::size_t> any_caller_;                                   // statements that may admit anyone
  // The others as (project, statement), sorted: a few entries for most policies, no map nodes.
  using ProjectIndex = std::vector<std::pair<std::string_view, std::uint32_t>>;
  ProjectIndex by_project_;
  // [first, last) of `index` for `project`, in ascending order of the second.
  static std::pair<ProjectIndex::const_iterator, ProjectIndex::const_iterator> entries_of(const ProjectIndex& index,
                                                                                          std::string_view project);
  bool resource_variables_ = false;  // some Resource names a policy variable (${aws:username})
  std::vector<Dimension> dims_;
  std::vector<std::string> object_keys_;
  std::vector<std::string_view> object_key_patterns_;  // what each of object_keys_ stands for
  std::vector<PrincipalClass> classes_;
  ProjectIndex classes_by_project_;  // (project, class), sorted
  // Where the example of a verdict comes from, to build it when it is asked for.
  struct ExampleAt {
    const std::string* key = nullptr;  // of the cell in outcomes_
    const std::string* action = nullptr;
    std::size_t slot = 0;
    Outcome* outcome = nullptr;
    Transport transport = Transport::Https;
  };
  Verdict summarise(const PrincipalClass& who, Access access, ExampleAt& at) const;
  struct CellAt {  // a cell as for_each_cell visits it
    const std::string* key;
    const std::string* action;
    std::size_t slot;
    CellOutcomes* outcomes;
  };
  // summarise()'s: the cells of its last walk without repeats, and every one, for reached_keys()
  // of the same class (by address: one of classes()) and category.
  mutable std::vector<CellAt> distinct_cells_, last_walk_;
  mutable std::vector<const std::string*> ways_in_;  // summarise()'s
  mutable const Caller* last_walk_caller_ = nullptr;
  mutable Access last_walk_access_ = Access::Read;
  // reached_keys() into `reached` (object keys, then the bucket; all false on entry).
  void mark_reached(const PrincipalClass& who, Access access, std::vector<bool>& reached) const;
  mutable std::vector<bool> reached_scratch_;  // key_scope()'s
  // Each cell of `caller` over the category's actions that some Allow reaches, in action and slot
  // order: visit(key, outcomes, action, slot) returns false to stop. False when no Allow admits
  // the caller or names any of the actions (then there is no cell).
  template <typename Visit>
  bool for_each_cell(const Caller& caller, Access access, Visit&& visit) const;
  void complete(Verdict& v, const PrincipalClass& who, const ExampleAt& at) const;
  struct Known {
    Verdict verdict;
    ExampleAt at;
  };
  // By class * 5 + access. A map: rules complete few verdicts, and a slot per (class, access) of a
  // policy naming hundreds of projects was 95 KB.
  mutable std::unordered_map<std::size_t, Known> verdicts_;
  // summarise()'s working lists, kept between calls for their capacity.
  mutable std::vector<std::size_t> naming_scratch_;
  mutable std::vector<std::uint32_t> reaching_scratch_;
  mutable std::string key_scratch_;
  mutable std::vector<const Candidate*> combo_scratch_;  // allowed_outcomes()'s
  mutable std::unordered_set<std::string> conjunctions_;  // special_of()'s joined texts (stable addresses)
  // Whether statement i's Action names `action` (action_applies); `index` is its catalog position.
  bool names_action(std::size_t statement, const std::string& action, std::optional<std::size_t> index) const;
  // The ARN probed in slot `slot`: object_keys_[slot], or the bucket (slot == object_keys_.size()),
  // as `caller` would address it.
  std::string probed_resource(std::size_t slot, const Caller& caller, const std::string& action) const;
  // The same when no Resource names a variable (then it does not depend on the caller).
  const std::string& fixed_resource(std::size_t slot) const;
  // Whether statement i's Resource matches the ARN probed in `slot`.
  bool resource_hit(std::size_t statement, std::size_t slot, const Caller& caller, const std::string& action) const;
  mutable std::vector<std::int8_t> resource_hits_;  // per (statement, slot) when no Resource names a variable
  // Per statement, which catalog actions it names, computed on first use.
  mutable std::vector<std::optional<ActionSet>> action_sets_;

 public:
  // covers() of each ordered pair of policy()'s statements that `asked(other, st)` wants, at once
  // (analyzer_compare.cpp): the pairs (st, other) where other covers st, by st then other. What a
  // statement brings to a comparison is derived once, not once per pair. For policies of at most
  // kMaxCompared statements.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> coverage(
      const std::function<bool(std::size_t other, std::size_t st)>& asked) const;
};

}  // namespace s3policy::analysis
