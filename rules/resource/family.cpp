#include "rules/resource/family.h"

namespace s3policy::rules {

Family resource_family() {
  return {invalid_arn(),
          resource_not_s3(),
          s3_arn_region_or_account(),
          resource_other_tenant(),
          resource_other_bucket(),
          action_resource_mismatch(),
          broad_resource_wildcard(),
          not_resource_with_allow(),
          resource_unsupported_by_target(),
          folder_resource_without_wildcard()};
}

}  // namespace s3policy::rules
