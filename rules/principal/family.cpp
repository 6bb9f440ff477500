#include "rules/principal/family.h"

#include <memory>

#include "rules/per_item.h"

namespace s3policy::rules {

std::span<const principal::Parsed> parsed_principals(const Statement& st, const Policy& policy, Context& cx) {
  using Parsed = PerItem<principal::Parsed>;
  const Target target = cx.target();
  return cx
      .shared<Parsed>([&] {
        return std::make_unique<Parsed>(
            policy, [](const Statement& s) -> const auto& { return s.principals.items; },
            [target](const PrincipalItem& item) { return principal::parse(item, target); });
      })
      .of(st, policy);
}

Family principal_family() {
  return {principal_wildcard(),       invalid_principal(),
          unknown_project(),          cross_project_grant(),
          not_principal_with_allow(), principal_unsupported_by_target(),
          project_name_not_id()};
}

}  // namespace s3policy::rules
