#pragma once
#include <optional>

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

// Whether the policy lets the owner project read objects (some request of its read category
// gets in), or nullopt when the owner project is not known (S3P612, S3P807).
std::optional<bool> owner_project_reads(const analysis::Analyzer& az);
}  // namespace s3policy::rules
