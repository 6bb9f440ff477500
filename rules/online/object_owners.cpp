// S3P807 objects-owned-by-others: `audit --object-owners` lists the first page of each bucket and
// reports the objects that users other than the bucket owner uploaded. On Ceph RGW an object
// belongs to its uploader and its ACL grants the uploader alone: the bucket owner, and the rest of
// its project, read such an object only through the bucket policy (measured on 16.2.15,
// tests/online/rgw_ownership_test.cpp; S3P612 owner-cannot-read-uploads is the same fact read from
// the policy). Reported when the policy does not let the owner project read objects; when it does,
// the objects are still the uploaders' but nobody is kept from them. When the audit runs as the
// bucket owner it asks up to 100 such objects with a HEAD (fetch_all): an upload with the canned
// ACL bucket-owner-full-control or bucket-owner-read answers 200 and is not reported.
#include <memory>
#include <string>

#include "rules/analysis/family.h"
#include "rules/online/family.h"

namespace s3policy::rules {
namespace {

// Whether the live policy lets the owner project read objects, found by the policy hook (which
// runs before the bucket hook) and kept for it. No policy: it does not.
struct OwnerReads {
  bool reads = false;
};

constexpr RuleMeta kObjectsOwnedByOthers{
    .id = "S3P807",
    .name = "objects-owned-by-others",
    .summary =
        "The bucket holds objects other users uploaded, which the owner project reads only if the policy lets "
        "it (audit --object-owners)",
    .category = Category::Online,
    .level = Level::Warning,
    .precision = "high"};

class ObjectsOwnedByOthers final : public Rule {
 public:
  const RuleMeta& meta() const override { return kObjectsOwnedByOthers; }

  void check_policy(const Policy& policy, Context& cx) const override {
    const BucketFacts* b = cx.settings().bucket_facts;
    if (b == nullptr || !b->object_owners.listed || policy.is_template()) return;
    if (const auto reads = owner_project_reads(analyzer(policy, cx)))
      cx.shared<OwnerReads>([] { return std::make_unique<OwnerReads>(); }).reads = *reads;
  }

  void check_bucket(const BucketFacts& b, Context& cx) const override {
    const ObjectOwnerFacts& o = b.object_owners;
    if (!o.listed) return;
    // The objects the audit asked with a HEAD (as the bucket owner) are judged by the answer: a
    // 403 is one the owner cannot read (no canned ACL, no statement lets it). The others are
    // judged by the policy, as when nothing was asked.
    const bool policy_reads =
        is_ceph(cx.target()) && cx.shared<OwnerReads>([] { return std::make_unique<OwnerReads>(); }).reads;
    std::string others;
    std::size_t checked = 0, refused = 0, unchecked = 0;
    for (const ObjectOwnerFacts::Owner& w : o.owners) {
      if (w.id == b.owner_id) continue;
      const std::size_t unread = w.refused + (policy_reads ? 0 : w.objects - w.checked);
      checked += w.checked;
      refused += w.refused;
      unchecked += w.objects - w.checked;
      if (unread == 0) continue;
      others.append(others.empty() ? "" : ", ")
          .append(std::to_string(unread))
          .append(" by ")
          .append(w.id.empty() ? "an unnamed owner" : w.id);
    }
    const std::size_t reported = refused + (policy_reads ? 0 : unchecked);
    if (reported == 0) return;
    const std::string owner = cx.settings().projects.owner.empty()
                                  ? "the owner project"
                                  : "the owner project " + cx.settings().projects.owner;
    const std::string server(target_info(cx.target()).display);
    std::string msg = "bucket \"" + b.name + "\" holds " + std::to_string(reported) +
                      (reported == 1 ? " object" : " objects") + " that other users uploaded (" + others +
                      (o.truncated ? ", of the first " : ", of ") + std::to_string(o.objects) + " listed)";
    if (checked > 0) {
      msg += "; the audit asked " + std::to_string(checked) + " of them as the bucket owner and got 403 for " +
             std::to_string(refused);
      if (unchecked > 0 && !policy_reads) msg += " (" + std::to_string(unchecked) + " more not asked)";
    }
    if (!is_ceph(cx.target())) {
      // AWS: unless the bucket enforces BucketOwnerEnforced (the default since 2023), the same holds.
      msg += "; unless the bucket's object ownership is BucketOwnerEnforced, they belong to their uploaders";
    } else if (b.policy == BucketFacts::Policy::Unreadable) {
      msg += "; on " + server + " they are theirs: " + owner +
             " reads them only if the bucket policy lets it, and the policy could not be read";
    } else if (policy_reads) {
      msg += "; on " + server + " the bucket policy lets " + owner +
             " read, yet the server refused the bucket owner: a Deny or a Condition (source address, ...) applies "
             "to the audit's requests";
    } else {
      msg += "; on " + server + " they are theirs: " + owner +
             " cannot read them, because no statement of the bucket policy lets it (measured: the bucket owner "
             "gets 403 on another user's upload)";
    }
    Finding& f = cx.report_span({0, 0}, "", std::move(msg));
    f.about_bucket = true;
    f.help =
        "let the owner project read the bucket's objects in the policy (s3:GetObject for "
        "arn:aws:iam::OWNER:root), and have uploaders set the canned ACL bucket-owner-full-control; each existing "
        "object's ACL only its uploader can change";
  }
};

}  // namespace

const Rule* objects_owned_by_others() {
  static const ObjectsOwnedByOthers r;
  return &r;
}

}  // namespace s3policy::rules
