#pragma once
#include "rules/registry.h"
namespace s3policy::rules {
const Rule* public_read();
const Rule* public_list();
const Rule* public_write();
const Rule* public_permissions();
const Rule* cross_project_access();
const Rule* insecure_transport_allowed();
const Rule* statement_never_applies();
}  // namespace s3policy::rules
