#include "rules/registry.h"

#include <array>

namespace s3policy {

std::span<const Rule* const> all_rules() {
  static const auto table = std::to_array<const Rule*>({
      rules::invalid_json(),          // S3P001
      rules::duplicate_key(),         // S3P002
      rules::policy_too_large(),      // S3P003
      rules::invalid_encoding(),      // S3P004
      rules::missing_version(),       // S3P101
      rules::invalid_version(),       // S3P102
      rules::old_version(),           // S3P103
      rules::unknown_element(),       // S3P104
      rules::missing_statement(),     // S3P105
      rules::invalid_element_type(),  // S3P106
      rules::missing_effect(),        // S3P107
      rules::invalid_effect(),        // S3P108
      rules::missing_principal(),     // S3P109
      rules::missing_action(),        // S3P110
      rules::missing_resource(),      // S3P111
      rules::conflicting_elements(),  // S3P112
      rules::duplicate_sid(),         // S3P113
      rules::invalid_sid(),           // S3P114
      rules::empty_value(),           // S3P115
  });
  return table;
}

const Rule* find_rule(std::string_view id_or_name) {
  for (const Rule* r : all_rules())
    if (r->meta().id == id_or_name || r->meta().name == id_or_name) return r;
  return nullptr;
}

}  // namespace s3policy
