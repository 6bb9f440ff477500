#pragma once
#include "rules/registry.h"
namespace s3policy::rules {
const Rule* unknown_action();
const Rule* action_unsupported_by_target();
const Rule* action_wrong_service();
const Rule* wildcard_matches_nothing();
const Rule* broad_action_wildcard();
const Rule* api_name_not_action();
const Rule* not_action_with_allow();
}  // namespace s3policy::rules
