// S3P605 cross-project-access: for each project (RGW tenant, AWS account) other than the owner
// that the policy names, or a user of one, what the exposure analysis says it can do to the
// bucket (read, list, write, delete, permissions), with the conditions it needs. A note, not a
// problem: sharing with another project is what such policies are for; the finding makes the
// grant visible in review ("project projectb can read, list, write (only when aws:SourceIp in
// 10.0.0.0/8)") and catches a share that grants more than its author meant.
#include "analysis/exposure.h"
#include "analysis/principal_parse.h"
#include "rules/analysis/family.h"

namespace s3policy::rules {
namespace {
using analysis::Access;
using analysis::Verdict;

// The principal entry of `st` that names `caller`'s project, so the finding points at it.
const PrincipalItem* naming(const Statement& st, const analysis::Caller& caller, Target t) {
  for (const PrincipalItem& item : st.principals.items) {
    const auto p = principal::parse(item, t);
    if (const auto project = p.project(); project && *project == caller.project) return &item;
  }
  return nullptr;
}

class CrossProjectAccess final : public Rule {
 public:
  const RuleMeta& meta() const override;

  void check_policy(const Policy& policy, Context& cx) const override {
    const Target t = cx.target();
    const auto& projects = cx.settings().projects;
    const analysis::Analyzer& az = analyzer(policy, cx);
    for (std::size_t w = 0; w < az.classes().size(); ++w) {
      const analysis::PrincipalClass& who = az.classes()[w];
      if (who.is_public || who.is_owner) continue;
      std::string can;
      const Statement* grant = nullptr;
      for (Access a : analysis::kAccesses) {
        const Verdict v = az.summary(w, a);
        if (v.state == Verdict::State::Denied || v.grant == nullptr) continue;
        if (grant == nullptr) grant = v.grant;
        can += (can.empty() ? "" : ", ") + std::string(analysis::to_string(a));
        if (v.state == Verdict::State::Conditional) can += " (only when " + v.condition + ")";
        if (!v.over_http) can += " (HTTPS only)";
      }
      if (grant == nullptr) continue;
      std::string label = who.label;
      if (const auto k = projects.known.find(who.caller.project); k != projects.known.end() && !k->second.empty())
        label += " (" + k->second + ")";
      const std::string msg =
          label + " can " + can + " on " + std::string(target_info(t).display) + ", granted by " + grant->label();
      const PrincipalItem* item = naming(*grant, who.caller, t);
      if (item != nullptr && item->value.node != nullptr)
        cx.report(*item->value.node, msg);
      else if (grant->principals.member != nullptr)
        cx.report_key(*grant->principals.member, msg);
      else
        cx.report_span(head_span(*grant->node), json_pointer(*grant->node), msg);
    }
  }
};

constexpr RuleMeta kCrossProjectAccess{
    .id = "S3P605",
    .name = "cross-project-access",
    .summary =
        "Another project can access the bucket: what it can do (read, list, write, delete, permissions) and when",
    .category = Category::Analysis,
    .level = Level::Note,
    .precision = "high"};

const RuleMeta& CrossProjectAccess::meta() const { return kCrossProjectAccess; }

}  // namespace

const Rule* cross_project_access() {
  static const CrossProjectAccess r;
  return &r;
}

}  // namespace s3policy::rules
