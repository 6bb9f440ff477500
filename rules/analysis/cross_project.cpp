// S3P605 cross-project-access: for each project (RGW tenant, AWS account) other than the owner
// that the policy names, or a user of one, what the exposure analysis says it can do to the
// bucket (read, list, write, delete, change permissions), with the objects and conditions it
// needs. A note, not a problem: sharing with another project is what such policies are for; the
// finding makes the grant visible in review ("project projectb can read, list/write (only when
// aws:SourceIp in 10.0.0.0/8)") and catches a share that grants more than its author meant.
#include <algorithm>
#include <array>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "analysis/access_text.h"
#include "analysis/exposure.h"
#include "analysis/match.h"
#include "analysis/principal_parse.h"
#include "catalog/ascii.h"
#include "rules/analysis/family.h"
#include "rules/principal/family.h"

namespace s3policy::rules {
namespace {
using analysis::Access;
using analysis::Verdict;

// The principal entry of `st` that names `caller`, so the finding points at it (`parsed`: its
// items as the principal rules parsed them). The most specific one: a statement that names both
// "projectb:root" and "projectb:user/bob" grants bob through either, and bob's finding belongs on
// the entry that names bob, and the project's on "projectb:root" (on AWS a role session's on its
// assumed-role entry rather than its role's). Failing that, the first entry of the caller's project.
const PrincipalItem* naming(Target t, const Statement& st, std::span<const principal::Parsed> parsed,
                            const analysis::Caller& caller, bool* names_caller = nullptr) {
  if (names_caller != nullptr) *names_caller = false;
  const std::size_t n = std::min(st.principals.items.size(), parsed.size());
  const PrincipalItem* whole_project = nullptr;  // the first entry naming every user of the project
  const PrincipalItem* of_project = nullptr;     // the first entry of the project at all
  const PrincipalItem* role = nullptr;           // AWS: the first role entry that covers a session caller
  for (std::size_t i = 0; i < n; ++i) {
    const auto project = parsed[i].project();
    if (!project || *project != caller.project) continue;
    const PrincipalItem* item = &st.principals.items[i];
    if (of_project == nullptr) of_project = item;
    if (parsed[i].kind == principal::Kind::AccountRoot || parsed[i].kind == principal::Kind::BareAccount) {
      if (whole_project == nullptr) whole_project = item;
    } else if (analysis::principal_names(t, parsed[i], caller)) {
      if (names_caller != nullptr) *names_caller = true;
      // A session's own entry, if the statement has one, before its role's.
      if (caller.kind != analysis::Caller::Kind::Session || parsed[i].kind == principal::Kind::AssumedRole) return item;
      if (role == nullptr) role = item;
    }
  }
  return role != nullptr ? role : whole_project != nullptr ? whole_project : of_project;
}

// The projects an Allow's Principal names (naming() finds an entry for their callers), found in
// one pass: asked per class, and a hostile policy has as many classes as statements.
std::unordered_set<std::string_view> projects_named_by_allows(const Policy& policy, Context& cx) {
  std::unordered_set<std::string_view> out;
  for (const Statement& st : policy.statements) {
    if (!st.allows() || st.principals.negated) continue;
    for (const principal::Parsed& p : parsed_principals(st, policy, cx))
      if (const auto project = p.project()) out.insert(*project);
  }
  return out;
}

// Whether any authenticated user the policy does not name has each of `accesses` as class `w`
// has it (`granted`: its qualifiers, in the same order).
bool same_as_anyone(const analysis::Analyzer& az, std::size_t w, std::span<const Access> accesses,
                    const std::vector<analysis::GrantedAccess>& granted) {
  for (std::size_t anyone = 0; anyone < az.classes().size(); ++anyone) {
    const analysis::PrincipalClass& c = az.classes()[anyone];
    if (anyone == w || !c.is_public || !c.caller.authenticated()) continue;
    for (std::size_t i = 0; i < accesses.size(); ++i) {
      const Verdict v = az.summary(anyone, accesses[i]);
      if (v.state == Verdict::State::Denied ||
          analysis::access_qualifier(v, az.key_scope(anyone, accesses[i])) != granted[i].qualifier)
        return false;
    }
    return true;
  }
  return false;
}

class CrossProjectAccess final : public Rule {
 public:
  const RuleMeta& meta() const override;

  void check_policy(const Policy& policy, Context& cx) const override {
    const Target t = cx.target();
    const auto& projects = cx.settings().projects;
    const analysis::Analyzer& az = analyzer(policy, cx);
    std::optional<std::unordered_set<std::string_view>> named_by_allows;  // projects_named_by_allows, once
    for (std::size_t w = 0; w < az.classes().size(); ++w) {
      const analysis::PrincipalClass& who = az.classes()[w];
      if (who.is_public || who.is_owner) continue;
      // The statements that grant the categories, each once, in category order: the finding
      // points at the first; the message names them all.
      std::vector<const Statement*> grants;
      std::vector<analysis::GrantedAccess> granted;
      granted.reserve(std::size(analysis::kAccesses));
      std::array<Access, std::size(analysis::kAccesses)> accesses{};  // those granted, as in `granted`
      for (Access a : analysis::kAccesses) {
        const Verdict v = az.summary(w, a);
        if (v.state == Verdict::State::Denied || v.grant == nullptr) continue;
        if (std::find(grants.begin(), grants.end(), v.grant) == grants.end()) grants.push_back(v.grant);
        granted.push_back({a == Access::Permissions ? "change permissions" : analysis::to_string(a),
                           analysis::access_qualifier(v, az.key_scope(w, a))});
        accesses[granted.size() - 1] = a;
      }
      if (grants.empty()) continue;
      // The finding goes on the first granting statement that names the caller itself (user ci's
      // upload grant, not the project-wide read), else on the first that names its project (a
      // share beside a public read belongs on the share's principal, not on "*"), else on the first.
      const Statement* grant = grants.front();
      const PrincipalItem* item = nullptr;
      for (const Statement* g : grants) {
        bool names_caller = false;
        const PrincipalItem* named = naming(t, *g, parsed_principals(*g, policy, cx), who.caller, &names_caller);
        if (named != nullptr && (item == nullptr || names_caller)) {
          grant = g;
          item = named;
        }
        if (names_caller) break;
      }
      // A caller no Principal names but a Condition does (AWS: "*" limited by aws:PrincipalAccount
      // or aws:PrincipalArn): the value that names it.
      const JsonValue* condition_value = nullptr;
      if (item == nullptr)
        for (const ConditionClause& c : grant->conditions) {
          const analysis::PrincipalKey key = analysis::principal_key(c.key);
          if (key == analysis::PrincipalKey::None) continue;
          for (const JsonValue* v : c.values)
            if (condition_value == nullptr && v->kind == JsonKind::String &&
                analysis::condition_value_names(key, v->text(), who.caller))
              condition_value = v;
        }
      // Named by no Allow, the project has what every authenticated caller has: the public-access
      // rules (S3P601-S3P604) report that, and this would only repeat it per project.
      if (item == nullptr && condition_value == nullptr &&
          same_as_anyone(az, w, std::span(accesses).first(granted.size()), granted)) {
        if (!named_by_allows) named_by_allows = projects_named_by_allows(policy, cx);
        if (!named_by_allows->contains(who.caller.project)) continue;
      }
      // "<label> (<project name>) can <can> on <target>, granted by <statement> and <statement>",
      // appended in place; <can> as "read, write/delete (only when aws:SourceIp in 10.0.0.0/8)".
      const std::string can = analysis::access_list(granted);
      std::string msg;
      msg.reserve(who.label.size() + can.size() + 96);
      msg += who.label;
      if (const auto k = projects.known.find(who.caller.project); k != projects.known.end() && !k->second.empty())
        msg.append(" (").append(k->second).append(")");
      msg.append(" can ").append(can).append(" on ").append(target_info(t).display).append(", granted by ");
      for (std::size_t g = 0; g < grants.size(); ++g)
        msg.append(g == 0 ? "" : g + 1 == grants.size() ? " and " : ", ").append(grants[g]->label());
      if (item != nullptr && item->value.node != nullptr)
        cx.report(*item->value.node, std::move(msg));
      else if (condition_value != nullptr)
        cx.report(*condition_value, std::move(msg));
      else if (grant->principals.member != nullptr)
        cx.report_key(*grant->principals.member, std::move(msg));
      else
        cx.report_span(head_span(*grant->node), json_pointer(*grant->node), std::move(msg));
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
