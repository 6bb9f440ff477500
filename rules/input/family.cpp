#include "rules/input/family.h"

namespace s3policy::rules {

Family input_family() { return {invalid_json(), duplicate_key(), policy_too_large(), invalid_encoding()}; }

}  // namespace s3policy::rules
