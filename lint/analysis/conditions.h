// Evaluates one condition clause of a statement against a request context, the way the target
// does: key lookup (case-insensitive on AWS, case-sensitive on RGW), missing keys, IfExists,
// ForAllValues/ForAnyValue, Null, value parsing per operator type and policy variables, plus
// RGW's measured differences (see Quirks in lint/catalog/catalog.h and docs/analysis.md).
#pragma once

#include <string>
#include <string_view>

#include "analysis/request.h"
#include "policy.h"
#include "target.h"

namespace s3policy::analysis {

struct ClauseResult {
  bool holds = false;
  // Why, for traces: "aws:SourceIp is absent", "203.0.113.7 is not in 10.0.0.0/8", ...
  std::string why;
};

// `explain` = false leaves `why` empty (the analysis asks for the answer alone, very often).
ClauseResult eval_clause(Target target, const ConditionClause& clause, const Request& request, bool explain = true);

// RGW's "runtime" value (rgw_iam_policy.cc): one that starts with "${" and ends with "}". A clause
// with one compares with the values of the key that its last value names (eval_clause).
bool rgw_runtime_value(std::string_view value);
// What a request must carry for `value` (a policy value with policy variables) to equal it, for
// the caller of `request`: the variables the target substitutes replaced by that request's values
// (AWS: ${key} anywhere; RGW: a whole "${key}" value only), the rest as written.
std::string request_value_for(Target target, const std::string& value, const Request& request);

// The values of a clause as text (strings and numbers as written; JSON true/false as
// "true"/"false"; null, arrays and objects left out).
std::vector<std::string> clause_values(const ConditionClause& clause);

// Date/time and numbers as RGW reads them (std::stod over the whole string; dates also ISO 8601).
std::optional<double> rgw_number(std::string_view s);
// RGW's boolean: "" and "false" (any case) are false, a number is its truth, anything else true.
bool rgw_bool(std::string_view s);

}  // namespace s3policy::analysis
