// S3P611 owner-lockout: a Deny that stops the bucket owner's own project from reading, changing
// or deleting the bucket policy, for an ordinary request (over HTTPS, from an address the policy
// does not name). On Ceph RGW this cannot be undone through S3: measured on Pacific, the owner
// got 403 on PutBucketPolicy, DeleteBucketPolicy and GetBucketPolicy, and only radosgw-admin
// could repair it. On AWS the account's root user can still delete the policy, so it is a
// warning there. A Deny that only applies over plain HTTP (the usual TLS guard) is not a lockout.
#include <algorithm>
#include <array>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/exposure.h"
#include "analysis/principal_parse.h"
#include "catalog/catalog.h"
#include "rules/analysis/family.h"

namespace s3policy::rules {
namespace {

bool exempts_by_identity(std::string_view escape) {
  static constexpr std::string_view kDependsOn = "depends on ";
  // The names the Deny's Condition compares aws:username with, tried for a project's users.
  if (escape.starts_with("aws:username is ") || escape.starts_with("aws:username like ")) return true;
  // ... and the ARN patterns of any account it compares aws:PrincipalArn with (AWS).
  if (escape.starts_with("aws:PrincipalArn like ")) return true;
  if (!escape.starts_with(kDependsOn)) return false;
  escape.remove_prefix(kDependsOn.size());
  // (aws:PrincipalAccount is no escape key: on AWS it is set from the caller, on RGW never.)
  for (std::string_view key : {"aws:PrincipalArn", "aws:userid", "aws:username", "aws:PrincipalOrgID",
                               "aws:PrincipalOrgPaths", "aws:PrincipalTag/"})
    if (escape.starts_with(key)) return true;
  return false;
}

// A Deny whose Condition names principals (on AWS the analysis sets these keys from the caller, so
// they make no escape of their own): like NotPrincipal, it usually spares the owner.
bool exempts_by_condition(const Statement& deny) {
  return std::any_of(deny.conditions.begin(), deny.conditions.end(), [](const ConditionClause& c) {
    return analysis::principal_key(c.key) != analysis::PrincipalKey::None;
  });
}

// "depends on aws:SourceVpce" -> "the request's aws:SourceVpce meets the Deny's condition"
std::string phrase(const std::string& escape) {
  if (!escape.starts_with("depends on ")) return escape;
  return "the request's " + escape.substr(11) + " meets the Deny's condition";
}

// The bucket policy's actions that the target's catalog knows, in the order they are reported
// (found once per target and thread rather than three catalog lookups per file).
const std::vector<std::string>& policy_actions(Target t) {
  thread_local std::array<std::optional<std::vector<std::string>>, std::size(kTargets)> per_target;
  std::size_t k = 0;
  while (k + 1 < std::size(kTargets) && kTargets[k].target != t) ++k;
  if (!per_target[k]) {
    per_target[k].emplace();
    for (const char* action : {"s3:PutBucketPolicy", "s3:DeleteBucketPolicy", "s3:GetBucketPolicy"})
      if (catalog_for(t).find_action(action) != nullptr) per_target[k]->emplace_back(action);
  }
  return *per_target[k];
}

// Who of the owner project (`owner`: its class) a Deny that locks the project out spares by name,
// so that they keep the policy: its users of the name an aws:username Condition compares with, or
// (AWS) its principals of an ARN pattern of any account (`escape`: the way out the probes found), else the first of its
// users or roles the policy names (on AWS its admin role in NotPrincipal or aws:PrincipalArn) that no Deny stops. ""
// when none.
struct Keeper {
  std::string who;  // "" when the Deny spares no one of the owner project by name
  // A local RGW user of a project named by its Keystone ID: the project's Keystone users are one
  // RGW user named after it (measured), so none of them is this user.
  bool local_only = false;
};

Keeper kept_by(const analysis::Analyzer& az, const analysis::PrincipalClass& owner, const std::string& escape,
               Target t) {
  if (escape.find(" and ") == std::string::npos) {  // a name alone, not a name from some network
    if (escape.starts_with("aws:username is ")) return {"its users named " + escape.substr(16)};
    if (escape.starts_with("aws:username like ")) return {"its users whose names are like " + escape.substr(18)};
    if (escape.starts_with("aws:PrincipalArn like ")) return {"its principals like " + escape.substr(22)};
  }
  if (!escape.empty()) return {};
  // The first few: each costs a walk of the statements, and hostile policies name thousands.
  constexpr std::size_t kMaxTried = 16;
  std::size_t tried = 0;
  for (const analysis::PrincipalClass& c : az.classes()) {
    if (&c == &owner || c.caller.project != owner.caller.project || c.caller.stands_in()) continue;
    if (++tried > kMaxTried) break;
    bool locked = false;
    az.deny_probes(c.caller, policy_actions(t), analysis::Transport::Https,
                   [&](const analysis::Probe& p, const Statement* deny) {
                     locked = locked || (deny != nullptr && p.generic);
                     return !locked;
                   });
    if (!locked) {
      const analysis::Caller& k = c.caller;
      return {c.label,
              is_ceph(t) && k.kind == analysis::Caller::Kind::User && principal::is_local_only_user(k.project, k.user)};
    }
  }
  return {};
}

class OwnerLockout final : public Rule {
 public:
  const RuleMeta& meta() const override;

  void check_policy(const Policy& policy, Context& cx) const override {
    const Target t = cx.target();
    // Only a Deny locks the owner out, and most policies have none (then no probe can find one).
    if (std::none_of(policy.statements.begin(), policy.statements.end(),
                     [&](const Statement& st) { return analysis::statement_denies(t, st) == true; }))
      return;
    const analysis::Analyzer& az = analyzer(policy, cx);
    // The owner's project when known; otherwise a project no principal names, which only
    // wildcard and NotPrincipal Denies reach.
    static const analysis::PrincipalClass kSomeOwner{
        "the bucket owner", analysis::Caller::some_member("s3policy-bucket-owner"), false, true};
    // The analyzer's own class when there is one: what it knows of the class is kept by address.
    const analysis::PrincipalClass* owner_class = &kSomeOwner;
    // The first: the owner project itself comes before any user or role of it the policy names.
    for (const auto& c : az.classes())
      if (c.is_owner) {
        owner_class = &c;
        break;
      }
    const analysis::PrincipalClass& owner = *owner_class;
    const bool owner_known = owner_class != &kSomeOwner;
    struct Lock {
      analysis::Request example;
      std::string what;
    };
    std::vector<std::pair<const Statement*, Lock>> locks;
    std::string escape;  // what lets the owner through after all ("aws:SourceIp in 10.0.0.0/8")
    // The three actions in one pass: the probes come in action order, as three passes gave them,
    // and which statements admit the owner is found once.
    az.deny_probes(owner.caller, policy_actions(t), analysis::Transport::Https,
                   [&](const analysis::Probe& p, const Statement* deny) {
                     if (deny == nullptr) {
                       if (!p.generic && escape.empty()) escape = p.special;
                       return true;
                     }
                     if (!p.generic) return true;
                     const std::string& action = p.request.action;
                     auto it = std::find_if(locks.begin(), locks.end(), [&](auto& l) { return l.first == deny; });
                     if (it == locks.end())
                       locks.push_back({deny, {p.request, action}});
                     else if (it->second.what.find(action) == std::string::npos)
                       it->second.what += ", " + action;
                     return true;
                   });
    // Who of the owner project keeps the policy when a Deny spares them by name, as a note.
    const Keeper keeper = owner_known && !locks.empty() ? kept_by(az, owner, escape, t) : Keeper{};
    // A Deny that exempts principals by name (NotPrincipal, aws:PrincipalArn, ...) usually
    // exempts the owner: without knowing the owner's project (--owner, the config, or the audit)
    // that cannot be told, so it is not reported.
    if (!owner_known && exempts_by_identity(escape)) return;
    for (const auto& [deny, lock] : locks) {
      if (!owner_known && (deny->principals.negated || exempts_by_condition(*deny))) continue;
      const std::string request = analysis::describe_request(lock.example, &owner) + " is denied by " + deny->label();
      if (!keeper.who.empty()) {
        std::string msg = request + ": of the owner project, only " + keeper.who +
                          " can still manage the bucket policy (" + lock.what + ")";
        if (keeper.local_only)
          msg += "; no user who signs with the project's Keystone EC2 credentials is that user (measured), so where " +
                 std::string(target_info(t).display) + " checks them with Keystone the project is locked out";
        Finding& f = report_at(*deny, cx, std::move(msg));
        f.level = keeper.local_only ? Level::Warning : Level::Note;
        continue;
      }
      std::string msg = request + ": the owner can no longer manage the bucket policy (" + lock.what + ")" +
                        (escape.empty() ? "" : ", except when " + phrase(escape));
      Level level = meta().level;
      if (is_ceph(t)) {
        msg += "; " + std::string(target_info(t).display) +
               " gives the owner no way back through S3, only an administrator with radosgw-admin can repair it";
      } else {
        msg += "; only the account's root user can then delete the policy";
        level = Level::Warning;
      }
      Finding& f = report_at(*deny, cx, std::move(msg));
      f.level = level;
      f.help =
          "leave s3:GetBucketPolicy, s3:PutBucketPolicy and s3:DeleteBucketPolicy out of the Deny's Action "
          "(list what it denies instead of s3:*), or narrow its Principal so that it does not reach the owner "
          "project";
    }
  }

 private:
  // At the Deny's Action (what to change), else at the statement.
  static Finding& report_at(const Statement& deny, Context& cx, std::string msg) {
    return deny.actions.member != nullptr
               ? cx.report_key(*deny.actions.member, std::move(msg))
               : cx.report_span(head_span(*deny.node), json_pointer(*deny.node), std::move(msg));
  }
};

constexpr RuleMeta kOwnerLockout{.id = "S3P611",
                                 .name = "owner-lockout",
                                 .summary = "A Deny stops the bucket owner from reading or changing the bucket policy",
                                 .category = Category::Analysis,
                                 .level = Level::Error,
                                 .security_severity = "6.5",
                                 .precision = "high"};

const RuleMeta& OwnerLockout::meta() const { return kOwnerLockout; }

}  // namespace

const Rule* owner_lockout() {
  static const OwnerLockout r;
  return &r;
}

}  // namespace s3policy::rules
