#include "rules/action/family.h"

namespace s3policy::rules {

Family action_family() {
  return {unknown_action(),        action_unsupported_by_target(), action_wrong_service(), wildcard_matches_nothing(),
          broad_action_wildcard(), api_name_not_action(),          not_action_with_allow()};
}

}  // namespace s3policy::rules
