#pragma once
#include "analysis/analyzer.h"
#include "rules/registry.h"
namespace s3policy::rules {
const Rule* public_read();
const Rule* public_list();
const Rule* public_write();
const Rule* public_permissions();
const Rule* cross_project_access();
const Rule* insecure_transport_allowed();
const Rule* statement_never_applies();
const Rule* allow_shadowed_by_deny();
const Rule* redundant_statement();
const Rule* deny_protects_nothing();
const Rule* owner_lockout();
const Rule* owner_cannot_read_uploads();

// The file's access analysis, shared by the rules of this family (built once per file).
const analysis::Analyzer& analyzer(const Policy& policy, Context& cx);
}  // namespace s3policy::rules
