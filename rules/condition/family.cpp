#include "rules/condition/family.h"

#include <memory>

#include "rules/condition/common.h"
#include "rules/per_item.h"

namespace s3policy::rules {

std::span<const condition::ClauseLookups> condition::clause_lookups(const Statement& st, const Policy& policy,
                                                                    Context& cx) {
  if (st.conditions.empty()) return {};
  using Lookups = PerItem<ClauseLookups>;
  const Catalog& cat = catalog(cx);
  return cx
      .shared<Lookups>([&] {
        return std::make_unique<Lookups>(
            policy, [](const Statement& s) -> const auto& { return s.conditions; },
            [&](const ConditionClause& c) {
              return ClauseLookups{cat.check_operator(c.op), cat.lookup_condition_key(c.key)};
            });
      })
      .of(st, policy);
}

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
