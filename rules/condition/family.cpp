#include "rules/condition/family.h"

#include <memory>

#include "catalog/ascii.h"
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

bool condition::covered_prefix(std::string_view key) {
  return ascii::starts_with_ci(key, "aws:") || ascii::starts_with_ci(key, "s3:");
}

namespace {

bool never_met_for_want_of_key(const ConditionClause& c, const condition::ClauseLookups& lookups, Target t) {
  using condition::Absent;
  if (!lookups.op.accepted() || condition::when_key_absent(c, lookups.op, t) != Absent::NeverTrue) return false;
  const KeyLookup& key = lookups.key;
  if (key.info != nullptr && key.info->populated == Populated::Never) return true;
  if (!is_ceph(t)) return false;
  if (key.info != nullptr) return !key.exact_case && catalog_for(t).facts().condition_keys_case_sensitive;
  return c.key.find(':') == std::string_view::npos || condition::covered_prefix(c.key);
}

}  // namespace

bool condition::never_applies_for_want_of_key(const Statement& st, const Policy& policy, Context& cx) {
  const std::span<const ClauseLookups> lookups = clause_lookups(st, policy, cx);
  for (std::size_t i = 0; i < lookups.size(); ++i)
    if (never_met_for_want_of_key(st.conditions[i], lookups[i], cx.target())) return true;
  return false;
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
          source_ip_suspicious(),
          tls_guard_inverted(),
          condition_variable_unsupported_by_target()};
}

}  // namespace s3policy::rules
