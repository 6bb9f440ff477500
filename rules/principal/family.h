#pragma once
#include <span>

#include "analysis/principal_parse.h"
#include "rule.h"
#include "rules/registry.h"
namespace s3policy::rules {
// The statement's principals parsed on the target, parallel to st.principals.items: parsed once
// per file and shared by the principal rules.
std::span<const principal::Parsed> parsed_principals(const Statement& st, const Policy& policy, Context& cx);

const Rule* principal_wildcard();
const Rule* invalid_principal();
const Rule* unknown_project();
const Rule* cross_project_grant();
const Rule* not_principal_with_allow();
const Rule* principal_unsupported_by_target();
const Rule* project_name_not_id();
}  // namespace s3policy::rules
