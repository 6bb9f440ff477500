#pragma once
#include "rules/registry.h"
namespace s3policy::rules {
const Rule* principal_wildcard();
const Rule* invalid_principal();
const Rule* unknown_project();
const Rule* cross_project_grant();
const Rule* not_principal_with_allow();
const Rule* principal_unsupported_by_target();
const Rule* project_name_not_id();
}  // namespace s3policy::rules
