// S3P305, S3P307, S3P308: how far a statement's resources reach. A bucket policy governs one
// bucket; resources naming other buckets are dead weight (RGW) or refused (AWS), and "*" or
// NotResource in an Allow grant more than the author usually meant.
#include "catalog/wildcard.h"
#include "rules/action/classify.h"
#include "rules/condition/common.h"
#include "rules/resource/arn_text.h"
#include "rules/resource/family.h"

namespace s3policy::rules {
namespace {

// Whether a bucket pattern (the resource up to its first '/') can name `bucket`. A '*' may also
// swallow the '/' that follows the bucket, so with a '*' only the literal text before the first
// wildcard is compared: when in doubt, stay quiet.
bool may_name_bucket(std::string_view pattern, std::string_view bucket) {
  if (!has_wildcard(pattern)) return pattern == bucket;
  if (pattern.find('*') == std::string_view::npos) return wildcard_match(pattern, bucket, false);
  return bucket.starts_with(pattern.substr(0, first_wildcard(pattern)));
}

constexpr RuleMeta kOtherBucket{
    .id = "S3P305", .name = "resource-other-bucket",
    .summary = "A resource naming a bucket other than the one the policy is for",
    .category = Category::Resource, .level = Level::Error};

class ResourceOtherBucket final : public Rule {
 public:
  const RuleMeta& meta() const override { return kOtherBucket; }
  void check_statement(const Statement& st, const Policy& policy, Context& cx) const override {
    const std::string_view bucket = configured_bucket(cx.settings());
    if (bucket.empty()) return;
    const Target t = cx.target();
    const std::span<const ResourceFacts> facts = resource_facts(st, policy, cx);
    for (std::size_t i = 0; i < st.resources.items.size(); ++i) {
      const StringItem& item = st.resources.items[i];
      const S3Arn& arn = facts[i].arn;
      if (arn.kind != ArnKind::Bucket && arn.kind != ArnKind::Object) continue;
      if (arn.bucket.empty() || facts[i].placeholder || may_name_bucket(arn.bucket, bucket)) continue;
      std::string msg = quoted(item.text) + " names the bucket " + quoted(arn.bucket) + ", but this policy is for " +
                        quoted(bucket) + "; ";
      msg += is_ceph(t) ? std::string(target_info(t).display) +
                              " accepts it, but a bucket policy governs only its own bucket, so it never matches"
                        : "AWS rejects a bucket policy whose resources are outside its bucket (\"Policy has invalid "
                          "resource\")";
      Finding& f = cx.report(*item.node, msg);
      if (!is_ceph(t)) f.target_effect = TargetEffect::RejectsPolicy;
      f.help = "use arn:aws:s3:::" + std::string(bucket) + " for the bucket and arn:aws:s3:::" + std::string(bucket) +
               "/* for its objects";
    }
  }
};

constexpr RuleMeta kBroadResource{
    .id = "S3P307", .name = "broad-resource-wildcard",
    .summary = "An Allow on every resource (\"*\" or \"arn:aws:s3:::*\")",
    .category = Category::Resource, .level = Level::Warning, .security_severity = "4.3", .precision = "high"};

class BroadResourceWildcard final : public Rule {
 public:
  const RuleMeta& meta() const override { return kBroadResource; }
  void check_statement(const Statement& st, const Policy& policy, Context& cx) const override {
    if (!st.allows() || st.resources.negated) return;
    // It allows nothing on this target (the condition rules say why): not on every resource.
    if (condition::never_applies_for_want_of_key(st, policy, cx)) return;
    const std::span<const ResourceFacts> facts = resource_facts(st, policy, cx);
    for (std::size_t i = 0; i < st.resources.items.size(); ++i) {
      const StringItem& item = st.resources.items[i];
      const S3Arn& arn = facts[i].arn;
      const bool everything = item.text == "*" ||
                              (arn.kind == ArnKind::Bucket && arn.bucket == "*") ||
                              (arn.kind == ArnKind::Object && arn.bucket == "*" && arn.key == "*");
      if (!everything) continue;
      const std::string scope = principal_scope(st);
      Finding& f = cx.report(*item.node, st.label() + " allows its actions on every resource (" + quoted(item.text) + ")" +
                                             (scope.empty() ? "" : " " + scope) +
                                             ": the bucket and every object in it, whatever the key");
      f.help = "name the bucket ARN and the object prefix the principal needs, e.g. arn:aws:s3:::BUCKET/shared/*";
    }
  }
};

constexpr RuleMeta kNotResourceAllow{
    .id = "S3P308", .name = "not-resource-with-allow", .summary = "An Allow statement uses NotResource",
    .category = Category::Resource, .level = Level::Warning, .security_severity = "4.3", .precision = "high"};

class NotResourceWithAllow final : public Rule {
 public:
  const RuleMeta& meta() const override { return kNotResourceAllow; }
  void check_statement(const Statement& st, const Policy&, Context& cx) const override {
    if (!st.allows() || !st.resources.negated || !st.resources.present()) return;
    if (st.find("Resource") != nullptr) return;  // conflicting-elements
    const std::string scope = principal_scope(st);
    Finding& f = cx.report_key(*st.resources.member, st.label() + " allows its actions on every resource except the "
                                                                  "listed ones" +
                                                         (scope.empty() ? "" : " " + scope) +
                                                         ", including objects and prefixes added later");
    f.help = "list the resources to allow in \"Resource\"; use NotResource only in Deny statements";
  }
};

}  // namespace

const Rule* resource_other_bucket() { static const ResourceOtherBucket r; return &r; }
const Rule* broad_resource_wildcard() { static const BroadResourceWildcard r; return &r; }
const Rule* not_resource_with_allow() { static const NotResourceWithAllow r; return &r; }

}  // namespace s3policy::rules
