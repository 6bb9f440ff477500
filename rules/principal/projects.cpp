// S3P403 unknown-project, S3P404 cross-project-grant and S3P407 project-name-not-id: the projects
// (RGW tenants, AWS accounts) that principals name, checked against settings.projects. RGW
// accepts any tenant without an existence check (measured), so a one-character typo in a Keystone
// project ID makes a grant that silently reaches no one; only the user's list of projects can
// tell.
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "analysis/condition_values.h"
#include "analysis/exposure.h"
#include "analysis/principal_parse.h"
#include "catalog/ascii.h"
#include "catalog/catalog.h"
#include "catalog/suggest.h"
#include "catalog/wildcard.h"
#include "rules/condition/common.h"
#include "rules/principal/family.h"
#include "rules/resource/arn_text.h"

namespace s3policy::rules {
namespace {

std::string quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }

std::string_view noun(Target t) { return is_ceph(t) ? "project" : "account"; }

std::vector<std::string> configured_ids(const ProjectSettings& ps) {
  std::vector<std::string> ids;
  if (!ps.owner.empty()) ids.push_back(ps.owner);
  for (const auto& [id, name] : ps.known)
    if (id != ps.owner) ids.push_back(id);
  return ids;
}

// The cloud names its projects by Keystone ID: every configured ID is 32 hex characters. Only
// then is a non-hex tenant suspicious; in clouds with named tenants it is the normal case.
bool keystone_ids_configured(const ProjectSettings& ps) {
  const auto ids = configured_ids(ps);
  return !ids.empty() && std::all_of(ids.begin(), ids.end(), [](const std::string& id) {
    return principal::is_keystone_project_id(id);
  });
}

// S3P407's case: on RGW in a Keystone-ID cloud, a tenant that is not an ID (nor an RGW account).
bool name_instead_of_id(std::string_view project, const ProjectSettings& ps, Target t) {
  return is_ceph(t) && !project.empty() && keystone_ids_configured(ps) && !principal::is_keystone_project_id(project) &&
         !principal::is_rgw_account_id(project) && !ps.is_known(std::string(project));
}

// "analytics (0b2c...)" when the project has a human name, else "\"0b2c...\"".
std::string describe(std::string_view id, const ProjectSettings& ps) {
  const auto it = ps.known.find(std::string(id));
  if (it != ps.known.end() && !it->second.empty()) return it->second + " (" + std::string(id) + ")";
  return quoted(id);
}

// The principal as a JSON string token with its project replaced by `id` ("arn:aws:iam::web:root"
// -> "arn:aws:iam::0123...:root"): the fix writes the whole token anew, so not when the project is
// not a part of the text or the text holds a character that needs escaping.
std::optional<std::string> with_project(const principal::Parsed& p, std::string_view project, std::string_view id) {
  const std::string_view text = p.text;
  if (project.data() < text.data() || project.data() + project.size() > text.data() + text.size()) return std::nullopt;
  const std::size_t at = static_cast<std::size_t>(project.data() - text.data());
  std::string replaced(text.substr(0, at));
  replaced.append(id).append(text.substr(at + project.size()));
  return plain_json_string(replaced);
}

// Replacing the project grants access to another one than the text names: a guess, so unsafe.
void offer_project(Finding& f, const PrincipalItem& item, const principal::Parsed& p, std::string_view project,
                   std::string_view id) {
  if (const auto token = with_project(p, project, id)) {
    f.fix.push_back({item.value.node->span, *token});
    f.fix_safety = FixSafety::Unsafe;
  }
}

constexpr RuleMeta kUnknownProject{
    .id = "S3P403", .name = "unknown-project",
    .summary = "A principal names a project or account that is neither the owner nor a known one",
    .category = Category::Principal, .level = Level::Error};

class UnknownProject final : public Rule {
 public:
  const RuleMeta& meta() const override { return kUnknownProject; }

  void check_statement(const Statement& st, const Policy& policy, Context& cx) const override {
    const ProjectSettings& ps = cx.settings().projects;
    // Only a list of known projects says which other projects are intended; the owner alone
    // (from --owner, or from S3 in audit) would make every cross-project grant "unknown".
    if (ps.known.empty()) return;
    const auto parsed = parsed_principals(st, policy, cx);
    for (std::size_t i = 0; i < st.principals.items.size(); ++i) {
      const PrincipalItem& item = st.principals.items[i];
      const principal::Parsed& p = parsed[i];
      const auto project = p.project();
      // The empty (default) tenant is no project; "arn:aws:iam:::root" is invalid-principal's.
      if (!project || project->empty() || ps.is_known(std::string(*project))) continue;
      if (name_instead_of_id(*project, ps, cx.target())) continue;  // project-name-not-id says more
      const std::string n(noun(cx.target()));
      std::string message = n + " " + quoted(*project) + " is neither the owner's " + n + " nor a known " + n +
                            ", so this principal may match no one";
      const auto ids = configured_ids(ps);
      const auto match = closest_match(*project, ids, default_max_distance(*project));
      if (match) {
        if (ascii::equal_ci(*match, *project)) message += "; IDs are case-sensitive";
        message += "; did you mean " + describe(*match, ps) + "?";
      }
      Finding& f = cx.report(*item.value.node, message);
      f.help = "if the " + n + " is right, add it to projects.known in .s3policy.json";
      if (match) offer_project(f, item, p, *project, *match);
    }
  }
};

// The owner's project: configured, or on RGW the tenant every tenanted Resource ARN names (as the
// access analysis has it: analysis::scope_of).
std::string owner_project(const Policy& policy, Context& cx) {
  if (!cx.settings().projects.owner.empty()) return cx.settings().projects.owner;
  if (!is_ceph(cx.target())) return {};
  return analysis::resources_tenant(policy);
}

// Off by default: S3P605 (cross-project-access) reports every project that gets in, at the
// principal that names it, with what it can do; this rule's note beside it said the same with less.
// On, it lists every naming principal per statement, also where a Deny or a Condition leaves the
// project nothing, and costs no analysis.
constexpr RuleMeta kCrossProjectGrant{.id = "S3P404",
                                      .name = "cross-project-grant",
                                      .summary = "An Allow statement grants access to another project or account",
                                      .category = Category::Principal,
                                      .level = Level::Note,
                                      .enabled_by_default = false};

class CrossProjectGrant final : public Rule {
 public:
  const RuleMeta& meta() const override { return kCrossProjectGrant; }

  // The owner is a property of the whole policy: found once, not once per statement (that made
  // a policy of n statements cost n^2).
  void check_policy(const Policy& policy, Context& cx) const override {
    const std::string owner = owner_project(policy, cx);
    if (owner.empty()) return;
    for (const Statement& st : policy.statements) check(st, policy, owner, cx);
  }

 private:
  void check(const Statement& st, const Policy& policy, const std::string& owner, Context& cx) const {
    if (!st.allows() || st.principals.negated) return;
    const ProjectSettings& ps = cx.settings().projects;
    const std::string n(noun(cx.target()));
    const auto parsed = parsed_principals(st, policy, cx);
    for (std::size_t i = 0; i < st.principals.items.size(); ++i) {
      const PrincipalItem& item = st.principals.items[i];
      const principal::Parsed& p = parsed[i];
      const auto project = p.project();
      if (!project || *project == owner) continue;
      if (project->empty() && p.kind == principal::Kind::AccountRoot) continue;  // invalid-principal's case
      std::string who;
      if (project->empty()) who = "the default (empty) tenant";
      else who = n + " " + describe(*project, ps);
      if (p.kind == principal::Kind::User) who = "user \"" + std::string(p.name()) + "\" of " + who;
      else if (p.kind == principal::Kind::Role) who = "role \"" + std::string(p.name()) + "\" of " + who;
      else if (p.kind == principal::Kind::AssumedRole)
        who = "sessions of role \"" + std::string(p.name()) + "\" of " + who;
      cx.report(*item.value.node, st.label() + " grants " + who + " access");
    }
  }
};

constexpr RuleMeta kProjectNameNotId{
    .id = "S3P407",
    .name = "project-name-not-id",
    .summary = "A tenant or aws:username that is a name where Keystone-backed RGW has project IDs",
    .category = Category::Principal,
    .level = Level::Warning};

class ProjectNameNotId final : public Rule {
 public:
  const RuleMeta& meta() const override { return kProjectNameNotId; }

  void check_statement(const Statement& st, const Policy& policy, Context& cx) const override {
    const ProjectSettings& ps = cx.settings().projects;
    if (is_ceph(cx.target()) && keystone_ids_configured(ps)) check_usernames(st, policy, cx);
    const auto parsed = parsed_principals(st, policy, cx);
    for (std::size_t i = 0; i < st.principals.items.size(); ++i) {
      const PrincipalItem& item = st.principals.items[i];
      const principal::Parsed& p = parsed[i];
      const auto project = p.project();
      if (!project || !name_instead_of_id(*project, ps, cx.target())) continue;
      std::string message = "tenant " + quoted(*project) +
                            " is not a project ID, but Keystone-backed RGW matches project IDs (32 hex characters, "
                            "like the configured projects), so no Keystone user matches it";
      if (principal::looks_like_placeholder(*project)) message += " (it looks like a template placeholder)";
      // Which configured project is called that (exactly, or nearly)?
      std::vector<std::string> names, ids;
      for (const auto& [id, name] : ps.known)
        if (!name.empty()) {
          names.push_back(name);
          ids.push_back(id);
        }
      std::optional<std::size_t> at;
      if (!names.empty()) {
        std::vector<std::string_view> views(names.begin(), names.end());
        at = closest_index(*project, views, default_max_distance(*project));
      }
      Finding& f = cx.report(*item.value.node,
                             at ? message + "; project " + names[*at] + " has the ID \"" + ids[*at] + "\"" : message);
      f.help = at ? "use the project ID \"" + ids[*at] + "\" instead of its name"
                  : "use the project ID (openstack project show -f value -c id NAME)";
      if (at) offer_project(f, item, p, *project, ids[*at]);
    }
  }

 private:
  // RGW sets aws:username to the RGW user's ID, and a Keystone-authenticated caller's RGW user is
  // named after the project (measured by online_keystone: "carol" matched no one, the project ID
  // matched every user of the project). Patterns are left alone: "*" matches IDs too.
  static void check_usernames(const Statement& st, const Policy& policy, Context& cx) {
    const std::span<const condition::ClauseLookups> lookups = condition::clause_lookups(st, policy, cx);
    for (std::size_t i = 0; i < st.conditions.size(); ++i) {
      const ConditionClause& c = st.conditions[i];
      if (!ascii::equal_ci(c.key, "aws:username") || lookups[i].op.base == nullptr ||
          lookups[i].op.base->type != ValueType::String)
        continue;
      for (const JsonValue* v : c.values) {
        const auto text = condition::value_text(v);
        if (!text || text->empty() || has_wildcard(*text) || condition_values::has_policy_variable(*text) ||
            principal::is_keystone_project_id(*text))
          continue;
        Finding& f = cx.report(*v, "aws:username " + quoted(*text) +
                                       " is a name, but Keystone-backed RGW sets aws:username to the caller's "
                                       "project ID (32 hex characters, like the configured projects), so no "
                                       "Keystone user has this value (measured)");
        f.help =
            "Keystone users of one project cannot be told apart: name the project in the Principal "
            "(\"arn:aws:iam::PROJECT_ID:root\")";
      }
    }
  }
};

}  // namespace

const Rule* unknown_project() { static const UnknownProject r; return &r; }
const Rule* cross_project_grant() { static const CrossProjectGrant r; return &r; }
const Rule* project_name_not_id() { static const ProjectNameNotId r; return &r; }

}  // namespace s3policy::rules
