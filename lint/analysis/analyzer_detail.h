// Helpers the Analyzer's source files (analyzer*.cpp) share.
#pragma once

#include "analysis/principal_parse.h"
#include "analysis/request.h"
#include "policy.h"

namespace s3policy::analysis::detail {

// Whether a value of the clause names a policy variable ("${aws:username}").
bool reads_variables(const ConditionClause& c);
// The same caller, field by field.
bool same_caller(const Caller& a, const Caller& b);
// Principal kinds that can name a caller only of the project in their account field (every
// other kind except the wildcard names nobody the analysis models).
bool names_one_project(principal::Kind k);

}  // namespace s3policy::analysis::detail
