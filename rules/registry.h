// The one place that lists every rule. Rule files expose one accessor per rule; registry.cpp
// puts them in a table sorted by ID (a test checks the order and uniqueness).
#pragma once

#include <span>
#include <string_view>

#include "rule.h"

namespace s3policy {

std::span<const Rule* const> all_rules();
// By ID ("S3P104") or name ("unknown-element"); null when there is none.
const Rule* find_rule(std::string_view id_or_name);

namespace rules {
// input/
const Rule* invalid_json();
const Rule* duplicate_key();
const Rule* policy_too_large();
const Rule* invalid_encoding();
// structure/
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
}  // namespace rules

}  // namespace s3policy
