// S3P801-S3P805: what the bucket's ACL, the presence of its policy and its public access block
// say about a live bucket. They read BucketFacts (S3P801 and S3P802 also the policy's Denies,
// which override an ACL grant of any permission), and report at the start of the policy text (the
// finding is about the whole bucket).
#include <algorithm>
#include <iterator>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/evaluate.h"
#include "analysis/match.h"
#include "catalog/catalog.h"
#include "rules/online/family.h"
#include "rules/principal/family.h"

namespace s3policy::rules {
namespace {

constexpr std::string_view kAllUsers = "http://acs.amazonaws.com/groups/global/AllUsers";
constexpr std::string_view kAuthenticatedUsers = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers";

std::string quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }

Finding& report_bucket(Context& cx, std::string message) {
  Finding& f = cx.report_span({0, 0}, "", std::move(message));
  f.about_bucket = true;
  return f;
}

// What a bucket ACL permission lets the grantee do (S3 ACL semantics, the same on RGW).
std::string_view permission_effect(std::string_view permission) {
  if (permission == "READ") return "list the bucket's objects";
  if (permission == "WRITE") return "create, overwrite and delete objects in the bucket";
  if (permission == "READ_ACP") return "read the bucket's ACL";
  if (permission == "WRITE_ACP") return "rewrite the bucket's ACL, and so grant themselves anything";
  if (permission == "FULL_CONTROL") return "list, write and delete objects and rewrite the ACL";
  return "use an unknown permission";
}

std::vector<const AclGrant*> group_grants(const BucketFacts& b, std::string_view uri) {
  std::vector<const AclGrant*> out;
  if (!b.acl) return out;
  for (const AclGrant& g : *b.acl)
    if (g.type == AclGrant::Grantee::Group && g.uri == uri) out.push_back(&g);
  return out;
}

// While the bucket's public access block has IgnorePublicAcls on, the server skips the grants to
// AllUsers and AuthenticatedUsers: measured on RGW 16.2.15, an anonymous listing and another
// project's read of such a bucket get 403, and 200 again once the block is deleted (AWS documents
// the same). The grant is then latent, not an exposure: reported as a note.
bool public_acls_ignored(const BucketFacts& b) {
  return b.public_access_block.state == PublicAccessBlockFacts::State::Configured &&
         b.public_access_block.ignore_public_acls;
}

// The bucket's policy, recorded by the rules' policy hook for their bucket hook (which runs after
// it): a bucket without a policy, or whose policy is not valid JSON, has none.
struct LivePolicy {
  const Policy* policy = nullptr;
};

void record_live_policy(const Policy& policy, Context& cx) {
  if (cx.settings().bucket_facts != nullptr)
    cx.shared<LivePolicy>([] { return std::make_unique<LivePolicy>(); }).policy = &policy;
}

const Policy* live_policy(Context& cx) {
  return cx.shared<LivePolicy>([] { return std::make_unique<LivePolicy>(); }).policy;
}

// What a bucket ACL permission lets its grantee do, as the actions a bucket policy names and
// whether they act on objects. Measured on RGW 16.2.15 with a public-read-write bucket: WRITE lets
// anyone PUT, copy, DELETE (one key or many), start and abort multipart uploads; a Deny of
// PutObject, DeleteObject, DeleteObjectVersion and AbortMultipartUpload on "bucket/*" turns each
// into 403 while the listing stays 200; leave out AbortMultipartUpload and aborts still succeed,
// deny only PutObject and deletes still do. Object tagging and ACLs are not WRITE's (403 without
// any policy).
struct AclAction {
  std::string_view permission;  // the ACL permission that grants it (FULL_CONTROL grants them all)
  std::string_view action;
  bool on_objects;
};
std::vector<AclAction> actions_of(std::string_view permission) {
  static constexpr AclAction kActions[] = {{"READ", "s3:ListBucket", false},
                                           {"READ", "s3:ListBucketVersions", false},
                                           {"READ", "s3:ListBucketMultipartUploads", false},
                                           {"WRITE", "s3:PutObject", true},
                                           {"WRITE", "s3:DeleteObject", true},
                                           {"WRITE", "s3:DeleteObjectVersion", true},
                                           {"WRITE", "s3:AbortMultipartUpload", true},
                                           {"READ_ACP", "s3:GetBucketAcl", false},
                                           {"WRITE_ACP", "s3:PutBucketAcl", false}};
  std::vector<AclAction> out;
  for (const AclAction& a : kActions)
    if (permission == "FULL_CONTROL" || permission == a.permission) out.push_back(a);
  return out;
}

// Whether one of `st`'s Resource items names every object of the bucket: "*", or an ARN whose
// resource part is a pattern that a prefix of "bucket/" matches followed by a final '*'
// ("bucket/*", "bucket*", "*"), on the bucket's account as the target reads it. Proved from the
// pattern, not by trying keys, so a Deny of "bucket/tmp/*" never counts.
bool names_every_object(Target t, const Statement& st, const analysis::Request& object_request,
                        std::string_view bucket) {
  if (st.resources.negated) return false;
  const std::string bucket_path = std::string(bucket) + "/";
  for (const StringItem& item : st.resources.items) {
    const std::string_view pattern = item.text;
    if (pattern == "*") return true;
    if (pattern.empty() || pattern.back() != '*') continue;
    // The account and partition fields as the target matches them (tenant rules included).
    if (analysis::match_resource(t, pattern, object_request) != analysis::ResourceItem::Matches) continue;
    std::size_t colons = 0, at = 0;
    while (colons < 5 && (at = pattern.find(':', at)) != std::string_view::npos) ++colons, ++at;
    if (colons < 5) continue;
    const std::string_view head = pattern.substr(at, pattern.size() - at - 1);  // the resource part, less its final '*'
    for (std::size_t n = 0; n <= bucket_path.size(); ++n)
      if (analysis::like_match(t, head, bucket_path.substr(0, n))) return true;
  }
  return false;
}

// The Denies of the policy that together refuse every request the grant lets `caller` make (for
// each action the first that refuses it, in policy order), or none. RGW asks the ACL only when
// the policy neither allows nor denies a request (measured on 16.2.15: a Deny of s3:ListBucket to
// "*" turns the anonymous listing of a public-read bucket into 403). Only a Deny without a
// Condition counts, so that it refuses every such request; every action of the permission that
// the target knows must be denied, on the bucket or, for object actions, on every object.
std::vector<const Statement*> overriding_denies(const Policy& policy, Context& cx, const BucketFacts& b,
                                                const AclGrant& g, const analysis::Caller& caller) {
  const Target t = cx.target();
  const std::vector<AclAction> actions = actions_of(g.permission);
  std::vector<const Statement*> denies_all;
  if (actions.empty()) return denies_all;
  analysis::Request r;
  r.caller = caller;
  // The bucket's project: "tenant:bucket" names another project's; RGW's owner ID is "tenant$uid".
  const auto colon = b.name.find(':');
  const auto dollar = b.owner_id.find('$');
  const std::string bucket = colon == std::string::npos ? b.name : b.name.substr(colon + 1);
  const std::string bucket_arn = "arn:aws:s3:::" + bucket;
  r.owner = colon != std::string::npos    ? b.name.substr(0, colon)
            : dollar != std::string::npos ? b.owner_id.substr(0, dollar)
                                          : cx.settings().projects.owner;
  for (const AclAction& a : actions) {
    if (catalog_for(t).find_action(a.action) == nullptr) continue;
    r.action = std::string(a.action);
    r.resource = a.on_objects ? bucket_arn + "/any-key" : bucket_arn;
    const Statement* denies = nullptr;
    for (const Statement& st : policy.statements) {
      if (analysis::statement_denies(t, st) != true || !st.conditions.empty()) continue;
      if (analysis::principal_admits(t, st.principals, parsed_principals(st, policy, cx), caller) &&
          analysis::action_applies(t, st, r.action) &&
          (a.on_objects ? names_every_object(t, st, r, bucket) : analysis::resource_applies(t, st, r))) {
        denies = &st;
        break;
      }
    }
    if (denies == nullptr) return {};
    if (std::find(denies_all.begin(), denies_all.end(), denies) == denies_all.end()) denies_all.push_back(denies);
  }
  std::sort(denies_all.begin(), denies_all.end());  // policy order: the statements are one array
  return denies_all;
}

// "statement "A"", "statements "A" and "B"", "statements #1, #2 and "C"".
std::string statement_labels(const std::vector<const Statement*>& statements) {
  std::string out = statements.size() == 1 ? "statement " : "statements ";
  for (std::size_t i = 0; i < statements.size(); ++i) {
    if (i > 0) out += i + 1 == statements.size() ? " and " : ", ";
    std::string label = statements[i]->label();
    if (label.starts_with("statement ")) label.erase(0, std::string_view("statement ").size());
    out += label;
  }
  return out;
}

// "the ACL of bucket "b" grants READ to AllUsers: WHO can list ...". A grant the server does not
// honour now is latent, a note that says why and what it would allow: while IgnorePublicAcls is
// on, or while a Deny of the policy refuses every request it allows.
Finding& report_group_grant(Context& cx, const BucketFacts& b, const AclGrant& g, std::string_view group,
                            std::string_view who, const analysis::Caller& caller) {
  std::string msg = "the ACL of bucket " + quoted(b.name) + " grants " + g.permission + " to " + std::string(group);
  std::string unless;  // what keeps the grant from applying now
  if (public_acls_ignored(b)) {
    msg += ", which its public access block ignores (IgnorePublicAcls)";
    unless = "with IgnorePublicAcls off";
  } else if (const Policy* policy = live_policy(cx)) {
    const std::vector<const Statement*> denies = overriding_denies(*policy, cx, b, g, caller);
    if (denies.size() == 1) {
      msg +=
          ", which " + statement_labels(denies) + " of the bucket policy overrides (a Deny of every request it allows)";
      unless = "without that Deny";
    } else if (denies.size() > 1) {
      msg += ", which " + statement_labels(denies) +
             " of the bucket policy override (Denies that together refuse every request it allows)";
      unless = "without those Denies";
    }
  }
  if (unless.empty())
    msg.append(": ").append(who).append(" can ");
  else
    msg.append(": nobody gets access through it now, but ").append(unless).append(" ").append(who).append(" could ");
  msg.append(permission_effect(g.permission));
  Finding& f = report_bucket(cx, std::move(msg));
  if (!unless.empty()) f.level = Level::Note;
  return f;
}

constexpr std::string_view kAclHelp =
    "set the bucket ACL to private (header x-amz-acl: private) and grant what is needed in the bucket policy";

constexpr RuleMeta kAclPublic{
    .id = "S3P801", .name = "bucket-acl-public",
    .summary = "The bucket ACL grants a permission to everyone (AllUsers), anonymous requests included",
    .category = Category::Online, .level = Level::Error, .security_severity = "9.1", .precision = "very-high"};

class AclPublic final : public Rule {
 public:
  const RuleMeta& meta() const override { return kAclPublic; }
  void check_policy(const Policy& policy, Context& cx) const override { record_live_policy(policy, cx); }
  void check_bucket(const BucketFacts& b, Context& cx) const override {
    for (const AclGrant* g : group_grants(b, kAllUsers))
      report_group_grant(cx, b, *g, "AllUsers", "anyone, without credentials,", analysis::Caller::anonymous()).help =
          std::string(kAclHelp);
  }
};

constexpr RuleMeta kAclAuthenticated{
    .id = "S3P802", .name = "bucket-acl-authenticated-users",
    .summary = "The bucket ACL grants a permission to AuthenticatedUsers: on RGW every user of the cluster",
    .category = Category::Online, .level = Level::Error, .security_severity = "7.5", .precision = "very-high"};

class AclAuthenticated final : public Rule {
 public:
  const RuleMeta& meta() const override { return kAclAuthenticated; }
  void check_policy(const Policy& policy, Context& cx) const override { record_live_policy(policy, cx); }
  void check_bucket(const BucketFacts& b, Context& cx) const override {
    const Target t = cx.target();
    const std::string who = is_ceph(t) ? "every user of the whole " + std::string(target_info(t).display) +
                                             " cluster, in every project,"
                                       : "every AWS account in the world, not only yours,";
    // Any user of a project the policy does not name: what the group holds that a policy cannot
    // tell apart.
    static const analysis::Caller kSomeUser = analysis::Caller::named("s3policy-unnamed-project", "someone");
    for (const AclGrant* g : group_grants(b, kAuthenticatedUsers)) {
      Finding& f = report_group_grant(cx, b, *g, "AuthenticatedUsers", who, kSomeUser);
      f.help = is_ceph(t) ? "grant the projects that need access by name in the bucket policy "
                            "({\"AWS\": \"arn:aws:iam::PROJECT:root\"}) and set the ACL to private"
                          : std::string(kAclHelp);
    }
  }
};

constexpr RuleMeta kWithoutPolicy{
    .id = "S3P803", .name = "bucket-without-policy",
    .summary = "The bucket has no bucket policy",
    .category = Category::Online, .level = Level::Note};

class WithoutPolicy final : public Rule {
 public:
  const RuleMeta& meta() const override { return kWithoutPolicy; }
  void check_bucket(const BucketFacts& b, Context& cx) const override {
    if (b.policy != BucketFacts::Policy::Absent || b.drift.bucket_missing) return;
    report_bucket(cx, "bucket " + quoted(b.name) +
                          " has no bucket policy: only its owner and the grants of its ACL have access");
  }
};

constexpr RuleMeta kUnreadable{
    .id = "S3P804", .name = "policy-unreadable",
    .summary = "The bucket policy could not be read, so it was not checked",
    .category = Category::Online, .level = Level::Error};

class Unreadable final : public Rule {
 public:
  const RuleMeta& meta() const override { return kUnreadable; }
  void check_bucket(const BucketFacts& b, Context& cx) const override {
    if (b.policy != BucketFacts::Policy::Unreadable) return;
    Finding& f = report_bucket(cx, "the policy of bucket " + quoted(b.name) + " could not be read (" +
                                       b.policy_error + "), so it was not checked");
    f.help = "audit with the owner's credentials, or grant s3:GetBucketPolicy to the auditing user";
  }
};

constexpr RuleMeta kPabOff{
    .id = "S3P805", .name = "public-access-block-off",
    .summary = "The bucket's public access block is off, fully or in part",
    .category = Category::Online, .level = Level::Note};

class PabOff final : public Rule {
 public:
  const RuleMeta& meta() const override { return kPabOff; }
  void check_bucket(const BucketFacts& b, Context& cx) const override {
    using State = PublicAccessBlockFacts::State;
    const PublicAccessBlockFacts& p = b.public_access_block;
    if (p.state != State::NotConfigured && p.state != State::Configured) return;  // unknown or unsupported
    std::string off;
    const std::pair<bool, std::string_view> flags[] = {{p.block_public_acls, "BlockPublicAcls"},
                                                       {p.ignore_public_acls, "IgnorePublicAcls"},
                                                       {p.block_public_policy, "BlockPublicPolicy"},
                                                       {p.restrict_public_buckets, "RestrictPublicBuckets"}};
    std::size_t n = 0;
    for (const auto& [on, name] : flags)
      if (!on) off += (n++ == 0 ? "" : ", ") + std::string(name);
    if (n == 0) return;
    const std::string what = p.state == State::NotConfigured ? "has no public access block"
                             : n == 4                       ? "has every public access block setting off"
                                                            : "has public access block settings off (" + off + ")";
    Finding& f = report_bucket(cx, "bucket " + quoted(b.name) + " " + what +
                                       ": nothing stops a public ACL or a public policy from being set on it");
    if (is_ceph(cx.target()))
      f.help = "RGW counts any unconditional Allow as public, so BlockPublicPolicy also refuses a policy that "
               "shares the bucket with another project; IgnorePublicAcls and BlockPublicAcls are safe to turn on";
    else
      f.help = "turn the four settings on unless the bucket must be public";
  }
};

}  // namespace

const Rule* bucket_acl_public() { static const AclPublic r; return &r; }
const Rule* bucket_acl_authenticated_users() { static const AclAuthenticated r; return &r; }
const Rule* bucket_without_policy() { static const WithoutPolicy r; return &r; }
const Rule* policy_unreadable() { static const Unreadable r; return &r; }
const Rule* public_access_block_off() { static const PabOff r; return &r; }

}  // namespace s3policy::rules
