// The policy evaluator: one request against one bucket policy, with the semantics of the target
// (AWS, or the RGW release). Deny overrides Allow; a request no statement allows is denied
// implicitly (RGW then falls back to the bucket and object ACLs, which is how the owner keeps
// access; that fallback is not part of the policy and not modelled here).
#pragma once

#include <span>
#include <string>
#include <vector>

#include "analysis/principal_parse.h"
#include "analysis/request.h"
#include "policy.h"
#include "target.h"

namespace s3policy::analysis {

enum class Decision { Allow, ExplicitDeny, ImplicitDeny };
std::string_view to_string(Decision d);  // "allowed", "denied explicitly", "denied implicitly"

// The element of a statement that kept it from applying, for traces and rules.
enum class Miss { None, Effect, Principal, Action, Resource, Condition };

struct StatementTrace {
  const Statement* statement = nullptr;
  bool applies = false;
  bool denies = false;  // the statement's effect as the target reads it (RGW: a missing Effect denies)
  Miss miss = Miss::None;
  std::string why;  // why it does not apply (empty when it applies)
};

struct Evaluation {
  Decision decision = Decision::ImplicitDeny;
  // The statements that decided: every applying Deny (explicit deny) or every applying Allow.
  std::vector<const Statement*> deciding;
  std::vector<StatementTrace> trace;  // one per statement, in policy order
};

StatementTrace evaluate_statement(Target target, const Statement& st, const Request& request);
// The same with the statement's principal items already parsed (in order) as `parsed`: callers
// that evaluate one statement against many requests parse them once.
StatementTrace evaluate_statement(Target target, const Statement& st, std::span<const principal::Parsed> parsed,
                                  const Request& request);
// The decision from the statements that apply, in policy order: any Deny wins, then any Allow.
void decide(Evaluation& e, std::vector<const Statement*> allows, std::vector<const Statement*> denies);
Evaluation evaluate(Target target, const Policy& policy, const Request& request);

// The parts of evaluate_statement that do not read the request context, for the exposure
// analysis, which asks them once per (caller, action, resource) instead of once per request.
// `why`, when not null, receives the reason for a false answer.
// Whether a Principal/NotPrincipal element whose items were parsed (in order) as `parsed` lets
// the caller in.
bool principal_admits(Target target, const Principals& principals, std::span<const principal::Parsed> parsed,
                      const Caller& caller, std::string* why = nullptr);
bool resource_applies(Target target, const Statement& st, const Request& request, std::string* why = nullptr);
// Includes the RGW rule that an action the release does not know matches nothing.
bool action_applies(Target target, const Statement& st, const std::string& action, std::string* why = nullptr);

// The effect a statement has on the target: true = Deny, false = Allow, nullopt = it never applies
// (an Effect that is neither, or missing on AWS).
std::optional<bool> statement_denies(Target target, const Statement& st);

}  // namespace s3policy::analysis
