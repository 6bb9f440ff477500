// Helpers the Analyzer's source files (analyzer*.cpp) share.
#pragma once

#include "analysis/request.h"
#include "policy.h"

namespace s3policy::analysis::detail {

// Whether a value of the clause names a policy variable ("${aws:username}").
bool reads_variables(const ConditionClause& c);
// The same caller, field by field.
bool same_caller(const Caller& a, const Caller& b);

}  // namespace s3policy::analysis::detail
