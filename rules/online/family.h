#pragma once
#include "rules/registry.h"
namespace s3policy::rules {
const Rule* bucket_acl_public();
const Rule* bucket_acl_authenticated_users();
const Rule* bucket_without_policy();
const Rule* policy_unreadable();
const Rule* public_access_block_off();
const Rule* policy_drift();
const Rule* objects_owned_by_others();
}  // namespace s3policy::rules
