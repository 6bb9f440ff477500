#include "rules/condition/family.h"

namespace s3policy::rules {

Family condition_family() {
  return {unknown_condition_operator(),
          unknown_condition_key(),
          condition_key_not_set_by_target(),
          condition_value_type(),
          operator_key_type_mismatch(),
          json_literal_in_condition(),
          set_operator_on_single_valued_key(),
          wildcard_without_like_operator(),
          null_operator_misuse(),
          negated_operator_multi_value(),
          arn_operator_ineffective(),
          condition_key_not_applicable(),
          source_ip_suspicious()};
}

}  // namespace s3policy::rules
