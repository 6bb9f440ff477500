#pragma once
#include "rules/registry.h"
namespace s3policy::rules {
const Rule* missing_version();
const Rule* invalid_version();
const Rule* old_version();
const Rule* unknown_element();
const Rule* missing_statement();
const Rule* invalid_element_type();
const Rule* missing_effect();
const Rule* invalid_effect();
const Rule* missing_principal();
const Rule* missing_action();
const Rule* missing_resource();
const Rule* conflicting_elements();
const Rule* duplicate_sid();
const Rule* invalid_sid();
const Rule* empty_value();
const Rule* cloudformation_function();
}  // namespace s3policy::rules
