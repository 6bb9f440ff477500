// S3P402 invalid-principal and S3P406 principal-unsupported-by-target: principals the target
// cannot read, and principal types it does not support. On RGW both can pass PutBucketPolicy
// and then match no one (Pacific), so the author never learns the grant went nowhere.
#include <algorithm>
#include <array>
#include <set>

#include "catalog/ascii.h"
#include "catalog/catalog.h"
#include "catalog/suggest.h"
#include "rules/principal/family.h"
#include "analysis/principal_parse.h"

namespace s3policy::rules {
namespace {

using principal::Kind;

constexpr std::array<std::string_view, 4> kTypes = {"AWS", "Service", "Federated", "CanonicalUser"};

std::string display(Target t) { return std::string(target_info(t).display); }

// Roles an OpenStack deployment gives a project's users in Keystone (its defaults, and the ones
// its services add) that an RGW IAM role is unlikely to be named: not "reader", "admin" or
// "manager", which an STS role may well be.
bool is_keystone_role_name(std::string_view name) {
  for (std::string_view role :
       {"member", "_member_", "swiftoperator", "creator", "load-balancer_member", "heat_stack_owner", "ResellerAdmin"})
    if (ascii::equal_ci(name, role)) return true;
  return false;
}

// What the target does with a principal string it cannot parse. RGW's parser yields no principal
// for it, exactly as for an unsupported type, and then drops it (Pacific) or refuses the policy
// (Reef and later, rgw_policy_reject_invalid_principals=true); CanonicalUser takes that path on
// every release, so its catalog entry stands for both.
std::string unreadable_consequence(Target t) {
  if (!is_ceph(t)) return "AWS rejects the policy (\"Invalid principal in policy\")";
  if (catalog_for(t).facts().principal_canonical_user == Behavior::Drop)
    return display(t) + " accepts the policy but drops this principal, so it matches no one";
  return display(t) + " rejects the whole policy";
}

TargetEffect unreadable_effect(Target t) {
  if (is_ceph(t) && catalog_for(t).facts().principal_canonical_user == Behavior::Drop) return TargetEffect::DropsElement;
  return TargetEffect::RejectsPolicy;
}

constexpr RuleMeta kInvalidPrincipal{
    .id = "S3P402", .name = "invalid-principal",
    .summary = "A principal the target cannot read, or reads differently from what was meant",
    .category = Category::Principal, .level = Level::Error};

class InvalidPrincipal final : public Rule {
 public:
  const RuleMeta& meta() const override { return kInvalidPrincipal; }

  void check_statement(const Statement& st, const Policy& policy, Context& cx) const override {
    std::set<const JsonMember*> reported_types;
    const auto parsed = parsed_principals(st, policy, cx);
    for (std::size_t i = 0; i < st.principals.items.size(); ++i) {
      const PrincipalItem& item = st.principals.items[i];
      const principal::Parsed& p = parsed[i];
      if (p.kind == Kind::UnknownType) {
        if (reported_types.insert(item.type_member).second) report_type(item, p, *st.principals.member->value, cx);
      } else if (p.kind == Kind::Malformed) {
        report_malformed(item, p, cx);
      } else if (is_ceph(cx.target())) {
        check_rgw_meaning(item, p, cx);
      }
    }
  }

 private:
  static void report_type(const PrincipalItem& item, const principal::Parsed& p, const JsonValue& principal_object,
                          Context& cx) {
    const std::string consequence = is_ceph(cx.target()) ? display(cx.target()) + " rejects the whole policy (measured)"
                                                         : "AWS rejects the policy";
    const auto suggestion = closest_match(item.type, kTypes, default_max_distance(item.type));
    Finding& f = cx.report_key(*item.type_member, p.problem + "; " + consequence + did_you_mean(suggestion));
    f.target_effect = TargetEffect::RejectsPolicy;
    if (suggestion && ascii::equal_ci(*suggestion, item.type)) {  // only the case differs: same meaning
      f.fix.push_back({item.type_member->key_span, "\"" + *suggestion + "\""});
    } else if (const auto only = closest_match(item.type, kTypes, default_max_distance(item.type), true,
                                               OnTie::Nothing);
               only && principal_object.find(*only) == nullptr) {
      // "AWSS" -> "AWS": likely, but a guess about who is granted access, so unsafe. Not when
      // the object already has that type: the fix would write a duplicate key.
      f.fix.push_back({item.type_member->key_span, "\"" + *only + "\""});
      f.fix_safety = FixSafety::Unsafe;
    }
  }

  static void report_malformed(const PrincipalItem& item, const principal::Parsed& p, Context& cx) {
    const std::string value(item.value.text);
    if (item.type == "*") {  // `"Principal": "arn:..."`: refused by every target (measured on RGW)
      Finding& f = cx.report(*item.value.node, "principal \"" + value + "\": " + p.problem + "; " +
                                                   (is_ceph(cx.target()) ? display(cx.target()) : std::string("AWS")) +
                                                   " rejects the whole policy");
      f.target_effect = TargetEffect::RejectsPolicy;
      f.help = "write {\"AWS\": \"" + value + "\"}";
      return;
    }
    std::string message = "invalid principal \"" + value + "\": " + p.problem;
    const std::string_view suspect = p.is_arn ? p.account() : p.text;
    if (principal::looks_like_placeholder(suspect) || principal::looks_like_placeholder(p.text))
      message += " (it looks like a template placeholder: put the real value in)";
    Finding& f = cx.report(*item.value.node, message + "; " + unreadable_consequence(cx.target()));
    f.target_effect = unreadable_effect(cx.target());
    if (!is_ceph(cx.target()) && p.is_arn && principal::is_keystone_project_id(p.account()))
      f.help = "AWS accounts are 12 digits; this policy is written for Ceph RGW (use --target ceph-...)";
  }

  // "projectb$bob" where "arn:aws:iam::projectb:user/bob" was meant: RGW prints a user ID as
  // "tenant$user" (ListBuckets' Owner, radosgw-admin), but compares a principal's tenant and user
  // name as written, and neither ever holds a '$' (measured on 16.2.15: these forms let bob of
  // projectb in nowhere, the ARN with the tenant in its account field did).
  static void report_tenant_in_name(const PrincipalItem& item, const principal::Parsed& p, Context& cx) {
    const std::string_view value = item.value.text;
    const std::string_view id = p.kind == Kind::User ? p.resource().substr(5) : p.account();
    const std::size_t dollar = id.find('$');
    Finding& f = cx.report(*item.value.node,
                           "principal \"" + std::string(value) + "\" holds RGW's printed user ID \"" + std::string(id) +
                               "\" (\"tenant$user\"): " + display(cx.target()) +
                               " compares the tenant and the user name as written, and neither ever contains a "
                               "\"$\", so this principal matches no one (measured)");
    const std::string_view tenant = id.substr(0, dollar);
    const std::string_view user = id.substr(dollar + 1);
    // The tenant can move into the account field when that field says nothing else.
    const bool movable =
        dollar != std::string_view::npos && !tenant.empty() && !user.empty() &&
        user.find('$') == std::string_view::npos &&
        (p.kind == Kind::BareAccount || (p.kind == Kind::User && (p.account().empty() || p.account() == tenant)));
    if (!movable) {
      f.help = "name a user as \"arn:aws:iam::TENANT:user/NAME\" and a whole tenant as \"arn:aws:iam::TENANT:root\"";
      return;
    }
    const std::string arn = "arn:aws:iam::" + std::string(tenant) + ":user/" + std::string(user);
    f.help = "write \"" + arn + "\": the tenant goes in the ARN's account field";
    // It grants access the policy gives no one today: a guess about who, so unsafe.
    f.fix.push_back({item.value.node->span, "\"" + arn + "\""});
    f.fix_safety = FixSafety::Unsafe;
  }

  // Principals RGW accepts but reads differently from what their author almost certainly meant.
  static void check_rgw_meaning(const PrincipalItem& item, const principal::Parsed& p, Context& cx) {
    const std::string_view value = item.value.text;
    if (p.tenant_in_name) {
      report_tenant_in_name(item, p, cx);
      return;
    }
    if (p.wildcard_in_name) {
      Finding& f = cx.report(*item.value.node, "principal \"" + std::string(value) + "\": " + display(cx.target()) +
                                                   " compares a user name as written, with no wildcards, so \"" +
                                                   std::string(p.name()) +
                                                   "\" matches no user and this principal no one (measured)");
      f.help = "name the users one by one, or the whole tenant as \"arn:aws:iam::" + std::string(p.account()) +
               ":root\" (every user of it)";
      return;
    }
    // RGW's parser takes Federated like AWS: a bare name is a tenant, so an identity provider's
    // domain ("graph.facebook.com", "accounts.google.com") grants a tenant of that name instead.
    if (item.type == "Federated" && p.kind == Kind::BareAccount) {
      Finding& f =
          cx.report(*item.value.node,
                    "principal {\"Federated\": \"" + std::string(value) + "\"}: " + display(cx.target()) +
                        " reads a Federated name as it reads an AWS one, as the tenant \"" + std::string(value) +
                        "\", not as an identity provider: the grant goes to that tenant's users, if such a "
                        "tenant exists (measured)");
      f.help =
          "web-identity users reach a bucket through the role they assume: grant "
          "\"arn:aws:iam::PROJECT_ID:role/NAME\" (its trust policy names the oidc-provider)";
      return;
    }
    if (p.kind == Kind::AccountRoot && p.account().empty()) {
      Finding& f = cx.report(*item.value.node, "principal \"" + std::string(value) + "\" names RGW's default (empty) tenant, and " +
                                                   display(cx.target()) +
                                                   " also matches anonymous callers with it (measured): in an Allow "
                                                   "this makes the grant public");
      f.help = "name the tenant (\"arn:aws:iam::PROJECT_ID:root\") or the user (\"arn:aws:iam:::user/NAME\")";
      return;
    }
    // "arn:aws:iam::PROJECT:role/member": Keystone's role of the project's members, but RGW reads
    // role/NAME as one of its own IAM roles, which only STS sessions assume.
    if (p.kind == Kind::Role && p.path().empty() && is_keystone_role_name(p.name())) {
      Finding& f =
          cx.report(*item.value.node,
                    "principal \"" + std::string(value) + "\": \"" + std::string(p.name()) +
                        "\" is a Keystone role, but " + display(cx.target()) +
                        " reads role/NAME as an RGW IAM role, which only STS sessions assume: no user of "
                        "the project with EC2 credentials matches it (measured: a role principal let no user in)");
      f.level = Level::Warning;
      f.help =
          "to share with every user of the project name it: \"arn:aws:iam::" + std::string(p.account()) + ":root\"";
      if (!principal::is_keystone_project_id(p.account()))
        f.help += "; or name its users (\"arn:aws:iam::" + std::string(p.account()) + ":user/NAME\")";
      return;
    }
    // "arn:aws:iam::<project ID>:user/alice": Keystone users cannot be named one by one
    // (RemoteApplier::is_identity compares a user principal's name with the project ID; measured
    // by online_keystone: user/carol and user/<carol's Keystone ID> let her in nowhere).
    if (p.kind == Kind::User && p.path().empty() && principal::is_local_only_user(p.account(), p.name())) {
      Finding& f = cx.report(*item.value.node,
                             "principal \"" + std::string(value) + "\": " + display(cx.target()) +
                                 " takes every user of OpenStack project " + std::string(p.account()) +
                                 " who signs with Keystone EC2 credentials as one user named after the project, "
                                 "so \"" +
                                 std::string(p.name()) +
                                 "\" matches none of them, only a local RGW user of that name in the tenant "
                                 "(measured)");
      f.level = Level::Warning;
      f.help = "Keystone users of one project cannot be told apart: name the project, \"arn:aws:iam::" +
               std::string(p.account()) + ":root\"";
      return;
    }
    if ((p.kind == Kind::User || p.kind == Kind::Role) && !p.path().empty()) {
      Finding& f = cx.report(*item.value.node,
                             "principal \"" + std::string(value) + "\": RGW has no IAM paths, so this matches only a " +
                                 std::string(principal::kind_name(p.kind)) + " whose ID is \"" + std::string(p.path()) +
                                 std::string(p.name()) + "\", not \"" + std::string(p.name()) + "\" (measured)");
      f.help = "drop the path: \"" + std::string(p.resource().substr(0, p.resource().find('/') + 1)) +
               std::string(p.name()) + "\"";
    }
  }
};

// "\"a\"" or "\"a\" (and 2 more)": the values written under one principal type.
std::string values_of(const Statement& st, const JsonMember* type_member) {
  std::string first;
  std::size_t n = 0;
  for (const PrincipalItem& i : st.principals.items)
    if (i.type_member == type_member && n++ == 0) first = "\"" + std::string(i.value.text) + "\"";
  return n > 1 ? first + " (and " + std::to_string(n - 1) + " more)" : first;
}

constexpr RuleMeta kUnsupported{
    .id = "S3P406", .name = "principal-unsupported-by-target",
    .summary = "A principal type the target rejects or silently ignores",
    .category = Category::Principal, .level = Level::Error};

class PrincipalUnsupportedByTarget final : public Rule {
 public:
  const RuleMeta& meta() const override { return kUnsupported; }

  void check_statement(const Statement& st, const Policy&, Context& cx) const override {
    if (!is_ceph(cx.target())) return;  // AWS supports all four types
    const Catalog& cat = catalog_for(cx.target());
    std::set<const JsonMember*> done;
    const bool others_remain = std::any_of(st.principals.items.begin(), st.principals.items.end(), [&](const auto& i) {
      return principal::is_principal_type(i.type) && cat.principal_behavior(i.type) == Behavior::Accept;
    });
    for (const PrincipalItem& item : st.principals.items) {
      if (item.type_member == nullptr || !principal::is_principal_type(item.type)) continue;
      const Behavior b = cat.principal_behavior(item.type);
      if (b == Behavior::Accept || !done.insert(item.type_member).second) continue;
      const std::string type(item.type);
      const std::string values = values_of(st, item.type_member);
      std::string message;
      if (b == Behavior::Reject) {
        message = display(cx.target()) + " rejects the whole policy: \"" + type + "\" principals such as " + values +
                  " are not supported";
      } else {
        message = display(cx.target()) + " accepts the policy but silently drops the \"" + type + "\" principal " +
                  values + ", so it matches no one";
        if (!others_remain) message += "; " + st.label() + " is left without a principal and never applies";
      }
      Finding& f = cx.report_key(*item.type_member, message);
      f.target_effect = b == Behavior::Reject ? TargetEffect::RejectsPolicy : TargetEffect::DropsElement;
      if (item.type == "CanonicalUser")
        f.help = "name the RGW user instead: {\"AWS\": \"arn:aws:iam::TENANT:user/NAME\"}";
      else if (item.type == "Service")
        f.help = "RGW has no AWS services calling it; remove the statement or name the RGW user the service uses";
    }
  }
};

}  // namespace

const Rule* invalid_principal() { static const InvalidPrincipal r; return &r; }
const Rule* principal_unsupported_by_target() { static const PrincipalUnsupportedByTarget r; return &r; }

}  // namespace s3policy::rules
