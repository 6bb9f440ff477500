#include "rules/principal/family.h"

namespace s3policy::rules {

Family principal_family() {
  return {principal_wildcard(),       invalid_principal(),
          unknown_project(),          cross_project_grant(),
          not_principal_with_allow(), principal_unsupported_by_target(),
          project_name_not_id()};
}

}  // namespace s3policy::rules
