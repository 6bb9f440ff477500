#pragma once
#include "rules/registry.h"
namespace s3policy::rules {
const Rule* invalid_json();
const Rule* duplicate_key();
const Rule* policy_too_large();
const Rule* invalid_encoding();
}  // namespace s3policy::rules
