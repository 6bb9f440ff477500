// S3P612 owner-cannot-read-uploads: another project may upload objects into the bucket that the
// owner project cannot read. On Ceph RGW an object belongs to the user who uploads it, and its ACL
// grants that user alone; the bucket owner reads it only through the bucket policy or a canned ACL
// the uploader sets. Measured on RGW 16.2.15 (tests/online/rgw_ownership_test.cpp): bob of
// projectb uploads into alice's bucket under a policy that grants projectb s3:PutObject; alice,
// the bucket owner, gets 403 on GetObject and on the object's ACL (she can list and delete it),
// and so does carol of her project. With "x-amz-acl: bucket-owner-full-control" alice reads it
// (carol still does not: the grant names the owner's user); with a statement that grants
// projecta s3:GetObject both read every object. A Condition on "s3:x-amz-acl" holds for a plain
// upload (the key is empty without the header) but RGW never sets the key for the request that
// starts a multipart upload: an Allow that requires the canned ACL refuses every multipart
// upload, and a Deny of uploads without it does not stop one.
// AWS is not checked: new buckets there default to BucketOwnerEnforced, where the bucket owner
// owns every object.
#include <algorithm>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "analysis/evaluate.h"
#include "catalog/catalog.h"
#include "catalog/wildcard.h"
#include "rules/analysis/family.h"

namespace s3policy::rules {
namespace {

const std::vector<std::string>& put_object() {
  static const std::vector<std::string> actions{"s3:PutObject"};
  return actions;
}

// Whether the probe's upload carries a canned ACL that lets the bucket owner read the object.
// Measured on RGW 16.2.15 (bob's upload, alice the bucket owner): bucket-owner-full-control and
// bucket-owner-read let alice read (not carol of her project); public-read, public-read-write and
// authenticated-read let both; private (or no header) neither.
bool owner_can_read(const analysis::Request& r) {
  static constexpr std::string_view kReadable[] = {"bucket-owner-full-control", "bucket-owner-read", "public-read",
                                                   "public-read-write", "authenticated-read"};
  const analysis::ContextEntry* acl = r.find("s3:x-amz-acl", true);
  return acl != nullptr && std::any_of(acl->values.begin(), acl->values.end(), [](const std::string& v) {
           return std::find(std::begin(kReadable), std::end(kReadable), v) != std::end(kReadable);
         });
}

// The Action item that lets s3:PutObject in (RGW matches actions case-insensitively), else the
// Action or NotAction key, else the statement.
Finding& report_at(const Statement& st, Context& cx, std::string msg) {
  if (!st.actions.negated)
    for (const StringItem& item : st.actions.items)
      if (item.node != nullptr && rgw_wildcard_match_fields(item.text, "s3:PutObject", true))
        return cx.report(*item.node, std::move(msg));
  if (st.actions.member != nullptr) return cx.report_key(*st.actions.member, std::move(msg));
  return cx.report_span(head_span(*st.node), json_pointer(*st.node), std::move(msg));
}

// The unsafe fix: a statement after `st` that lets the owner project read the objects `st` lets
// others upload (its object Resource items, as written), when there is such an item and
// `st` is an item of a "Statement" array (else nothing).
void add_owner_read_fix(Finding& f, const Statement& st, const Policy& policy, Context& cx, const std::string& owner) {
  if (st.resources.negated || policy.statement == nullptr || !policy.statement->value->is_array()) return;
  std::string resources;
  for (const StringItem& item : st.resources.items) {
    if (item.node == nullptr || (item.text != "*" && classify_s3_arn(item.text).kind != ArnKind::Object)) continue;
    resources.append(resources.empty() ? "" : ", ").append(cx.text(item.node->span));
  }
  if (resources.empty()) return;
  std::string sid = "OwnerReadsUploads";
  for (int n = 2; std::any_of(policy.statements.begin(), policy.statements.end(),
                              [&](const Statement& other) {
                                return other.sid != nullptr && other.sid->value->is_string() &&
                                       other.sid->value->text() == sid;
                              });
       ++n)
    sid = "OwnerReadsUploads" + std::to_string(n);
  // The new statement starts its own line, indented as `st`'s.
  const std::string_view before = cx.text({0, st.node->span.begin});
  const std::size_t line = before.rfind('\n') == std::string_view::npos ? 0 : before.rfind('\n') + 1;
  std::string_view indent = before.substr(line);
  indent = indent.substr(0, std::min(indent.find_first_not_of(" \t"), indent.size()));
  const bool crlf = line >= 2 && before[line - 2] == '\r';  // keep the file's line endings
  f.fix.push_back({{st.node->span.end, st.node->span.end},
                   (crlf ? ",\r\n" : ",\n") + std::string(indent) + "{\"Sid\": \"" + sid +
                       "\", \"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"arn:aws:iam::" + owner +
                       ":root\"}, \"Action\": \"s3:GetObject\", \"Resource\": [" + resources + "]}"});
  f.fix_safety = FixSafety::Unsafe;
}

// "project projectb", "project projectb and user etl of project projectc"
std::string joined(const std::vector<const analysis::PrincipalClass*>& who) {
  std::string out;
  for (std::size_t i = 0; i < who.size(); ++i) {
    if (i > 0) out += i + 1 == who.size() ? " and " : ", ";
    out += who[i]->label;
  }
  return out;
}

class OwnerCannotReadUploads final : public Rule {
 public:
  const RuleMeta& meta() const override;

  void check_policy(const Policy& policy, Context& cx) const override {
    const Target t = cx.target();
    if (!is_ceph(t)) return;
    // Most policies let no one upload: then there is nothing to analyse.
    if (std::none_of(policy.statements.begin(), policy.statements.end(), [&](const Statement& st) {
          return analysis::statement_denies(t, st) == false && analysis::action_applies(t, st, "s3:PutObject");
        }))
      return;
    const analysis::Analyzer& az = analyzer(policy, cx);
    const auto& classes = az.classes();
    const auto owner = std::find_if(classes.begin(), classes.end(), [](const auto& c) { return c.is_owner; });
    const bool owner_known = owner != classes.end();
    // Whether the owner project reads objects through the policy (asked first: most policies that
    // let another project upload let the owner read, and this is the cheaper question). Unknown
    // owner: a project no principal names (what the owner usually is), and only when no project
    // the policy names may read either: one that may (the uploader too) could be the owner.
    std::string owner_label = "the bucket owner's project";
    if (owner_known) {
      if (owner_project_reads(az) == true) return;
      owner_label = owner->label;
    } else if (std::any_of(policy.statements.begin(), policy.statements.end(), [&](const Statement& st) {
                 return analysis::statement_denies(t, st) == false && analysis::action_applies(t, st, "s3:GetObject");
               })) {
      for (std::size_t w = 0; w < classes.size(); ++w)
        if (!classes[w].is_public && az.summary(w, analysis::Access::Read).state != analysis::Verdict::State::Denied)
          return;
      static const analysis::PrincipalClass kSomeOwner{
          "the bucket owner", analysis::Caller::some_member("s3policy-bucket-owner"), false, true};
      if (az.analyse(kSomeOwner, analysis::Access::Read).state != analysis::Verdict::State::Denied) return;
    }
    // Anyone may upload: the public-access rules (S3P603) report that, and it is the worse news.
    bool anyone_uploads = false;
    az.allowed_probes(analysis::Caller::anonymous(), put_object(), analysis::Transport::Https,
                      [&](const analysis::Probe&, const Statement&) { return !(anyone_uploads = true); });
    if (anyone_uploads) return;
    // Per granting statement, the classes outside the owner project whose uploads it lets in
    // without the canned ACL that hands the owner the object.
    struct Grant {
      const Statement* statement;
      std::vector<const analysis::PrincipalClass*> who;
      bool with_canned_acl = false;  // some such upload names a canned ACL (private): not a multipart upload
    };
    std::vector<Grant> grants;
    for (const analysis::PrincipalClass& who : classes) {
      if (who.is_public || who.is_owner) continue;
      // The owner project's other users are left out: on a Keystone cloud they are all one RGW
      // user, the bucket owner itself.
      if (owner_known && who.caller.project == owner->caller.project) continue;
      az.allowed_probes(
          who.caller, put_object(), analysis::Transport::Https, [&](const analysis::Probe& p, const Statement& st) {
            if (owner_can_read(p.request)) return true;
            auto it = std::find_if(grants.begin(), grants.end(), [&](const Grant& g) { return g.statement == &st; });
            if (it == grants.end()) it = grants.insert(grants.end(), Grant{&st, {}});
            if (std::find(it->who.begin(), it->who.end(), &who) == it->who.end()) it->who.push_back(&who);
            it->with_canned_acl = it->with_canned_acl || p.request.find("s3:x-amz-acl", true) != nullptr;
            return true;
          });
    }
    if (grants.empty()) return;
    const std::string server(target_info(t).display);
    // A Condition on the canned ACL cannot demand one of a multipart upload: RGW puts no
    // s3:x-amz-acl into the request that starts one (measured). When only such uploads get past
    // the policy's Conditions on it, that is the way in to name.
    const bool reads_canned_acl =
        std::any_of(policy.statements.begin(), policy.statements.end(), [](const Statement& st) {
          return std::any_of(st.conditions.begin(), st.conditions.end(),
                             [](const ConditionClause& c) { return c.key == "s3:x-amz-acl"; });
        });
    for (const Grant& g : grants) {
      const Statement* st = g.statement;
      const bool multipart_only = reads_canned_acl && !g.with_canned_acl;
      std::string msg = joined(g.who) + (g.who.size() == 1 ? " can" : " can each") + " upload objects through " +
                        st->label() + " that " + owner_label + " cannot read: on " + server +
                        " an object belongs to the user who uploads it, and no statement lets the owner project read "
                        "objects (measured: the bucket owner gets 403 on another project's upload)";
      if (multipart_only)
        msg +=
            "; the Condition on s3:x-amz-acl does not stop a multipart upload, whose request carries no "
            "s3:x-amz-acl on " +
            server + " (measured)";
      Finding& f = report_at(*st, cx, std::move(msg));
      // The owner's project by its ID: plain_json_string keeps a name that JSON would need to
      // escape out of a fix.
      if (owner_known && plain_json_string(owner->caller.project))
        add_owner_read_fix(f, *st, policy, cx, owner->caller.project);
      f.help = multipart_only
                   ? "grant the owner project s3:GetObject on the bucket's objects in the policy: no Condition can "
                     "demand the canned ACL of a multipart upload"
                   : "grant the owner project s3:GetObject on the bucket's objects in the policy, or require the "
                     "canned ACL that hands the bucket owner each upload: \"Condition\": {\"StringEquals\": "
                     "{\"s3:x-amz-acl\": \"bucket-owner-full-control\"}} (RGW then refuses multipart uploads)";
    }
  }
};

constexpr RuleMeta kOwnerCannotReadUploads{
    .id = "S3P612",
    .name = "owner-cannot-read-uploads",
    .summary =
        "Another project can upload objects that the bucket owner's project cannot read (RGW: the uploader "
        "owns them)",
    .category = Category::Analysis,
    .level = Level::Warning,
    .precision = "high"};

const RuleMeta& OwnerCannotReadUploads::meta() const { return kOwnerCannotReadUploads; }

}  // namespace

const Rule* owner_cannot_read_uploads() {
  static const OwnerCannotReadUploads r;
  return &r;
}

}  // namespace s3policy::rules
