#include "rules/analysis/family.h"

namespace s3policy::rules {

// Rules of this family are added here in ID order as they are written.
Family analysis_family() {
  return {public_read(),
          public_list(),
          public_write(),
          public_permissions(),
          cross_project_access(),
          insecure_transport_allowed(),
          statement_never_applies(),
          allow_shadowed_by_deny(),
          redundant_statement(),
          deny_protects_nothing(),
          owner_lockout()};
}

const analysis::Analyzer& analyzer(const Policy& policy, Context& cx) {
  return cx.shared<analysis::Analyzer>([&] {
    return std::make_unique<analysis::Analyzer>(
        cx.target(), policy, analysis::scope_of(policy, cx.settings().bucket, cx.settings().projects.owner));
  });
}

}  // namespace s3policy::rules
