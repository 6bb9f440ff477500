// The explain table of the access-analysis subcommands, shared by explain and diff.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "analysis/analyzer.h"
#include "analysis/exposure.h"
#include "cli/analysis_common.h"

namespace s3policy::cli {

struct ExplainRow {
  analysis::PrincipalClass who;
  std::vector<analysis::Verdict> cells;  // one per analysis::kAccesses
  // Parallel to cells: which objects the access reaches when not every one (Analyzer::key_scope).
  // The patterns are views into the policy's text.
  std::vector<std::optional<analysis::Analyzer::KeyScope>> keys;
};
struct ExplainTable {
  analysis::Scope scope;
  std::vector<ExplainRow> rows;
  ProjectSettings projects;  // the configured names of projects, for the rows' labels
  std::vector<Finding> refusals;  // target_refusals: why the target would not store the policy
};
ExplainTable explain_table(Target target, const Policy& policy, const std::optional<std::string>& bucket,
                           const std::string& owner);
std::string explain_text(const ExplainTable& t, const LoadedPolicy& lp, Target target);

}  // namespace s3policy::cli
