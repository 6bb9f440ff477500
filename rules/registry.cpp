#include "rules/registry.h"

namespace s3policy {

std::span<const Rule* const> all_rules() {
  static const std::vector<const Rule*> table = [] {
    std::vector<const Rule*> all;
    for (const auto& family : {rules::input_family(), rules::structure_family(), rules::action_family(),
                               rules::resource_family(), rules::principal_family(), rules::condition_family(),
                               rules::analysis_family(), rules::online_family()})
      all.insert(all.end(), family.begin(), family.end());
    return all;
  }();
  return table;
}

const Rule* find_rule(std::string_view id_or_name) {
  for (const Rule* r : all_rules())
    if (r->meta().id == id_or_name || r->meta().name == id_or_name) return r;
  return nullptr;
}

}  // namespace s3policy
