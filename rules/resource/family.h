#pragma once
#include "rules/registry.h"
namespace s3policy::rules {
const Rule* invalid_arn();
const Rule* resource_not_s3();
const Rule* s3_arn_region_or_account();
const Rule* resource_other_tenant();
const Rule* resource_other_bucket();
const Rule* action_resource_mismatch();
const Rule* broad_resource_wildcard();
const Rule* not_resource_with_allow();
const Rule* resource_unsupported_by_target();
const Rule* folder_resource_without_wildcard();
}  // namespace s3policy::rules
