#include "rules/analysis/family.h"

#include "rules/principal/family.h"

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
          owner_lockout(),
          owner_cannot_read_uploads()};
}

const analysis::Analyzer& analyzer(const Policy& policy, Context& cx) {
  return cx.shared<analysis::Analyzer>([&] {
    // The principal rules' parse of every principal, not a second one (a parsed principal is over
    // 200 bytes: a copy per item was 116 KB of a 500-statement policy's peak).
    std::vector<std::span<const principal::Parsed>> parsed;
    parsed.reserve(policy.statements.size());
    for (const Statement& st : policy.statements) parsed.push_back(parsed_principals(st, policy, cx));
    return std::make_unique<analysis::Analyzer>(
        cx.target(), policy,
        analysis::scope_of(cx.target(), policy, cx.settings().bucket, cx.settings().projects.owner), std::move(parsed));
  });
}

std::optional<bool> owner_project_reads(const analysis::Analyzer& az) {
  for (std::size_t w = 0; w < az.classes().size(); ++w)
    if (az.classes()[w].is_owner)
      return az.summary(w, analysis::Access::Read).state != analysis::Verdict::State::Denied;
  return std::nullopt;
}

}  // namespace s3policy::rules
