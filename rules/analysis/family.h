#pragma once
#include "rules/registry.h"
namespace s3policy::rules {
const Rule* public_read();
const Rule* public_list();
const Rule* public_write();
const Rule* public_permissions();
const Rule* cross_project_access();
}  // namespace s3policy::rules
