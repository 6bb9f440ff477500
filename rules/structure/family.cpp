#include "rules/structure/family.h"

namespace s3policy::rules {

Family structure_family() {
  return {missing_version(),   invalid_version(),      old_version(),      unknown_element(),
          missing_statement(), invalid_element_type(), missing_effect(),   invalid_effect(),
          missing_principal(), missing_action(),       missing_resource(), conflicting_elements(),
          duplicate_sid(),     invalid_sid(),          empty_value(),      cloudformation_function()};
}

}  // namespace s3policy::rules
