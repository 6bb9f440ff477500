#include "rules/online/family.h"

namespace s3policy::rules {

// Rules about a live bucket rather than a policy text: they run only in `s3policy audit`
// (settings carry BucketFacts) and in tests that supply facts.
Family online_family() {
  return {bucket_acl_public(),      bucket_acl_authenticated_users(), bucket_without_policy(),
          policy_unreadable(),      public_access_block_off(),        policy_drift(),
          objects_owned_by_others()};
}

}  // namespace s3policy::rules
