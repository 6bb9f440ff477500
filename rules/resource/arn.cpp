// S3P301-S3P304 and S3P309: whether each Resource/NotResource string is an ARN the target can
// parse, of the right service, with the fields S3 expects. Target facts decide the consequence:
// AWS refuses the policy; RGW refuses it whole (measured on Pacific; the catalog keeps a Drop
// behaviour for releases where that would be the case).
#include <algorithm>
#include <array>
#include <map>
#include <optional>

#include "catalog/ascii.h"
#include "catalog/wildcard.h"
#include "rules/action/classify.h"
#include "rules/resource/arn_text.h"
#include "rules/resource/family.h"

namespace s3policy::rules {
namespace {

// Every string of Resource and NotResource of every statement, in order, with its facts.
template <typename F>
void for_each_resource(const Policy& p, Context& cx, F&& f) {
  for (const Statement& st : p.statements) {
    const std::span<const ResourceFacts> facts = resource_facts(st, p, cx);
    for (std::size_t i = 0; i < st.resources.items.size(); ++i)
      if (!st.resources.items[i].text.empty()) f(st.resources.items[i], facts[i]);
  }
}

std::size_t count_colons(std::string_view s) { return static_cast<std::size_t>(std::count(s.begin(), s.end(), ':')); }

constexpr std::array<std::string_view, 8> kAwsPartitions = {"aws",     "aws-cn",    "aws-us-gov", "aws-iso",
                                                            "aws-iso-b", "aws-iso-e", "aws-iso-f",  "aws-eusc"};

bool partition_ok(std::string_view partition, Target t) {
  if (has_wildcard(partition) && !is_ceph(t)) return true;  // not ours to judge on AWS
  if (is_ceph(t)) {
    const auto& accepted = catalog_for(t).facts().arn_partitions;
    return std::find(accepted.begin(), accepted.end(), partition) != accepted.end();
  }
  return std::find(kAwsPartitions.begin(), kAwsPartitions.end(), partition) != kAwsPartitions.end();
}

constexpr RuleMeta kInvalidArn{
    .id = "S3P301", .name = "invalid-arn", .summary = "A Resource that is not a valid ARN or \"*\"",
    .category = Category::Resource, .level = Level::Error};

class InvalidArn final : public Rule {
 public:
  const RuleMeta& meta() const override { return kInvalidArn; }

  void check_policy(const Policy& p, Context& cx) const override {
    // Templates repeat their placeholder in every statement: one finding says it all.
    const StringItem* first_placeholder = nullptr;
    std::string_view placeholder;
    std::size_t more = 0;
    // A bad bucket name is reported at its first use only, with the count of the others: the
    // uses of every name, counted when the first bad name turns up (most policies have none).
    std::optional<BucketUses> bucket_uses;
    const auto uses_of_names = [&]() -> BucketUses& {
      if (!bucket_uses) {
        bucket_uses.emplace();
        for_each_resource(p, cx, [&](const StringItem& item, const ResourceFacts& facts) {
          if (!facts.placeholder) ++(*bucket_uses)[bucket_to_check(item.text, facts.arn, cx)];
        });
      }
      return *bucket_uses;
    };
    for_each_resource(p, cx, [&](const StringItem& item, const ResourceFacts& facts) {
      if (const auto& ph = facts.placeholder) {
        if (first_placeholder == nullptr) {
          first_placeholder = &item;
          placeholder = *ph;
        } else {
          ++more;
        }
        return;
      }
      check_item(item, facts.arn, cx, uses_of_names);
    });
    if (first_placeholder == nullptr) return;
    std::string msg = quoted(first_placeholder->text) + " looks like an unfilled template placeholder (" +
                      quoted(placeholder) + "); fill it in before applying the policy";
    if (more > 0) msg += " (" + std::to_string(more) + " more resource" + (more == 1 ? "" : "s") + " in this policy too)";
    Finding& f = cx.report(*first_placeholder->node, msg);
    f.help = "render the template, then lint the result";
  }

 private:
  using BucketUses = std::map<std::string_view, std::size_t>;

  // The bucket part when check_item would judge its name ("" otherwise).
  static std::string_view bucket_to_check(std::string_view text, const S3Arn& arn, const Context& cx) {
    if (!text.starts_with("arn:") || count_colons(text) < 5) return {};
    if (arn.kind != ArnKind::Bucket && arn.kind != ArnKind::Object) return {};
    if (is_ceph(cx.target()) &&
        (arn.resource.find(':') != std::string_view::npos || arn.resource.find("${") != std::string_view::npos))
      return {};
    if (has_wildcard(arn.bucket) || arn.bucket.find("${") != std::string_view::npos) return {};
    return arn.bucket;
  }

  // The ARN an s3:// URL or a short ARN most likely meant is still a guess, so the fix is unsafe;
  // and none is offered for text that would need JSON escapes.
  static void offer_unsafe_fix(Finding& f, const JsonValue& at, const std::optional<std::string>& arn) {
    const auto token = arn ? plain_json_string(*arn) : std::nullopt;
    if (!token) return;
    f.fix.push_back({at.span, *token});
    f.fix_safety = FixSafety::Unsafe;
  }

  // `arn`: classify_s3_arn(item.text); `uses_of_names()`: the BucketUses of the policy.
  template <class UsesOfNames>
  static void check_item(const StringItem& item, const S3Arn& arn, Context& cx, UsesOfNames&& uses_of_names) {
    const std::string_view text = item.text;
    const Target t = cx.target();
    if (text == "*") return;
    if (!text.starts_with("arn:")) {
      std::optional<std::string> near;
      if (check_bucket_name(text, t, cx.settings().relaxed_bucket_names).empty()) near = "arn:aws:s3:::" + std::string(text);
      else if (text.starts_with("s3://")) near = "arn:aws:s3:::" + std::string(text.substr(5));
      Finding& f = cx.report(*item.node, quoted(text) + " is not an ARN or \"*\"; " +
                                             invalid_resource_consequence(t) + did_you_mean(near));
      f.target_effect = invalid_resource_effect(t);
      // A bare bucket name may have meant the bucket or its objects ("/*"): no fix guesses. An
      // s3:// URL with a key part names objects.
      const auto key_at = text.starts_with("s3://") ? text.find('/', 5) : std::string_view::npos;
      if (key_at != std::string_view::npos && key_at + 1 < text.size()) offer_unsafe_fix(f, *item.node, near);
      return;
    }
    if (count_colons(text) < 5) {
      std::optional<std::string> near;
      // S3Arn views into its argument: the padded text must outlive `guess`.
      const std::string padded = std::string(text) + ":::";
      const S3Arn guess = classify_s3_arn(padded);
      if (count_colons(text) == 3 && guess.service == "s3")
        near = std::string(text.substr(0, text.rfind(':'))) + ":::" + std::string(text.substr(text.rfind(':') + 1));
      Finding& f = cx.report(*item.node, quoted(text) + " is not a complete ARN: it needs six ':'-separated fields, "
                                                        "arn:partition:service:region:account:resource; " +
                                             invalid_resource_consequence(t) + did_you_mean(near));
      f.target_effect = invalid_resource_effect(t);
      offer_unsafe_fix(f, *item.node, near);
      return;
    }
    if (!partition_ok(arn.partition, t)) {
      cx.report(*item.node, quoted(text) + " has the partition " + quoted(arn.partition) + ", which " +
                                std::string(target_info(t).display) + " does not know; " +
                                invalid_resource_consequence(t))
          .target_effect = invalid_resource_effect(t);
      return;
    }
    if (arn.service.empty()) {
      cx.report(*item.node, quoted(text) + " names no service; " + invalid_resource_consequence(t))
          .target_effect = invalid_resource_effect(t);
      return;
    }
    if (arn.kind != ArnKind::Bucket && arn.kind != ArnKind::Object) return;
    // RGW cannot parse a ':' or a policy variable there: resource-unsupported-by-target's item.
    if (is_ceph(t) && (arn.resource.find(':') != std::string_view::npos || arn.resource.find("${") != std::string_view::npos))
      return;
    if (arn.bucket.empty()) {
      // RGW's ARN parser takes an empty resource field (read in its source), so only AWS refuses it.
      Finding& f = cx.report(*item.node, quoted(text) + " names no bucket; " +
                                             (is_ceph(t) ? std::string(target_info(t).display) +
                                                               " accepts it, but it matches nothing"
                                                         : invalid_resource_consequence(t)));
      if (!is_ceph(t)) f.target_effect = TargetEffect::RejectsPolicy;
      return;
    }
    if (has_wildcard(arn.bucket) || arn.bucket.find("${") != std::string_view::npos) return;
    const std::string why = check_bucket_name(arn.bucket, t, cx.settings().relaxed_bucket_names);
    if (why.empty()) return;
    std::size_t& uses = uses_of_names()[arn.bucket];
    if (uses == 0) return;  // reported at its first use
    const std::size_t others = uses - 1;
    uses = 0;
    Finding& f = cx.report(*item.node, "bucket name " + quoted(arn.bucket) + " in " + quoted(text) + " is not valid on " +
                                           std::string(target_info(t).display) + ": it " + why +
                                           "; no bucket has this name, so the resource matches nothing" +
                                           (others == 0 ? std::string()
                                                        : " (" + std::to_string(others) + " more resource" +
                                                              (others == 1 ? "" : "s") + " use it)"));
    if (is_ceph(t) && !cx.settings().relaxed_bucket_names &&
        check_bucket_name(arn.bucket, t, true).empty())
      f.help = "if the gateway runs with rgw_relaxed_s3_bucket_names=true, say so in the configuration";
    else if (!is_ceph(t) && !cx.settings().relaxed_bucket_names && check_bucket_name(arn.bucket, t, true).empty())
      f.help = "only legacy us-east-1 buckets (created before March 2018) can have such a name; if this is one, "
               "enable relaxed bucket names in the configuration";
  }
};

constexpr RuleMeta kNotS3{
    .id = "S3P302", .name = "resource-not-s3", .summary = "A non-S3 ARN in a bucket policy",
    .category = Category::Resource, .level = Level::Error};

class ResourceNotS3 final : public Rule {
 public:
  const RuleMeta& meta() const override { return kNotS3; }
  void check_statement(const Statement& st, const Policy& policy, Context& cx) const override {
    const Target t = cx.target();
    const std::span<const ResourceFacts> facts = resource_facts(st, policy, cx);
    for (std::size_t i = 0; i < st.resources.items.size(); ++i) {
      const StringItem& item = st.resources.items[i];
      const S3Arn& arn = facts[i].arn;
      if (arn.kind != ArnKind::NotS3 || count_colons(item.text) < 5 || arn.service.empty() || facts[i].placeholder)
        continue;
      const std::string head = quoted(item.text) + " is a resource of the " + quoted(arn.service) +
                               " service, not of S3: a bucket policy governs only its bucket and objects";
      if (!is_ceph(t)) {
        cx.report(*item.node, head + ", and AWS rejects the policy (\"Policy has invalid resource\")")
            .target_effect = TargetEffect::RejectsPolicy;
        continue;
      }
      const auto& refused = catalog_for(t).facts().arn_services_rejected;
      if (std::find(refused.begin(), refused.end(), arn.service) != refused.end()) {
        cx.report(*item.node, head + "; " + invalid_resource_consequence(t) + ": its ARN parser does not know " +
                                  quoted(arn.service))
            .target_effect = invalid_resource_effect(t);
        continue;
      }
      Finding& f = cx.report(*item.node, head + "; " + std::string(target_info(t).display) +
                                             " accepts it, but it never matches a request");
      f.level = Level::Warning;
    }
  }
};

constexpr RuleMeta kRegionAccount{
    .id = "S3P303", .name = "s3-arn-region-or-account",
    .summary = "An S3 bucket or object ARN with a region or account",
    .category = Category::Resource, .level = Level::Error};

class S3ArnRegionOrAccount final : public Rule {
 public:
  const RuleMeta& meta() const override { return kRegionAccount; }
  void check_statement(const Statement& st, const Policy& policy, Context& cx) const override {
    const Target t = cx.target();
    const std::span<const ResourceFacts> facts = resource_facts(st, policy, cx);
    for (std::size_t i = 0; i < st.resources.items.size(); ++i) {
      const StringItem& item = st.resources.items[i];
      const S3Arn& arn = facts[i].arn;
      if ((arn.kind != ArnKind::Bucket && arn.kind != ArnKind::Object) || facts[i].placeholder) continue;
      if (is_ceph(t)) {
        // The account field is the RGW tenant (resource-other-tenant's business); the region is
        // accepted (measured on Pacific) and serves no purpose.
        if (arn.region.empty() || arn.region == "*") continue;
        Finding& f = cx.report(*item.node, quoted(item.text) + " has the region " + quoted(arn.region) + ": " +
                                               std::string(target_info(t).display) +
                                               " accepts it, but S3 bucket and object ARNs carry none, and AWS "
                                               "would not accept it");
        f.level = Level::Note;
        continue;
      }
      if (arn.region.empty() && arn.account.empty()) continue;
      const std::string fixed = "arn:" + std::string(arn.partition) + ":" + std::string(arn.service) + ":::" +
                                std::string(arn.resource);
      const std::string what = !arn.region.empty() && !arn.account.empty() ? "a region and an account"
                               : !arn.region.empty()                         ? "a region"
                                                                             : "an account";
      Finding& f = cx.report(*item.node, quoted(item.text) + " has " + what +
                                             ", but AWS S3 bucket and object ARNs leave both empty, so it does not "
                                             "name the bucket" + did_you_mean(fixed));
      f.fix.push_back({item.node->span, quoted(fixed)});
    }
  }
};

constexpr RuleMeta kOtherTenant{
    .id = "S3P304", .name = "resource-other-tenant",
    .summary = "An RGW resource ARN naming a tenant other than the bucket owner's",
    .category = Category::Resource, .level = Level::Error};

// The configured owner project, else the tenant of a "tenant:bucket" setting (as RGW names a
// bucket of another tenant, and as an audit of such a bucket records it).
std::string owner_tenant(const LintSettings& settings) {
  if (!settings.projects.owner.empty()) return settings.projects.owner;
  if (!settings.bucket) return {};
  const auto colon = settings.bucket->find(':');
  return colon == std::string::npos ? std::string() : settings.bucket->substr(0, colon);
}

class ResourceOtherTenant final : public Rule {
 public:
  const RuleMeta& meta() const override { return kOtherTenant; }
  void check_statement(const Statement& st, const Policy& policy, Context& cx) const override {
    const Target t = cx.target();
    const std::string owner = owner_tenant(cx.settings());
    if (!is_ceph(t) || owner.empty()) return;  // nothing to compare with
    const std::span<const ResourceFacts> facts = resource_facts(st, policy, cx);
    for (std::size_t i = 0; i < st.resources.items.size(); ++i) {
      const StringItem& item = st.resources.items[i];
      const S3Arn& arn = facts[i].arn;
      if (arn.kind != ArnKind::Bucket && arn.kind != ArnKind::Object) continue;
      if (arn.account.empty() || has_wildcard(arn.account) || arn.account == owner || facts[i].placeholder)
        continue;
      std::string tenant = quoted(arn.account);
      if (auto k = cx.settings().projects.known.find(std::string(arn.account));
          k != cx.settings().projects.known.end() && !k->second.empty())
        tenant += " (" + k->second + ")";
      std::string msg = quoted(item.text) + " names the tenant " + tenant + ", but the bucket belongs to " +
                        quoted(owner) + "; ";
      const bool drops = catalog_for(t).facts().foreign_tenant_resource == Behavior::Drop;
      msg += drops ? std::string(target_info(t).display) + " silently drops this resource"
                   : rejects_whole_policy(t) + " (\"cannot grant access to resource owned by tenant\")";
      if (ascii::equal_ci(arn.account, owner)) msg += "; tenant names are case-sensitive";
      Finding& f = cx.report(*item.node, msg);
      f.target_effect = drops ? TargetEffect::DropsElement : TargetEffect::RejectsPolicy;
      f.help = "leave the account field empty (arn:aws:s3:::" + std::string(arn.resource) +
               "): it means the owner's tenant; name the other project in Principal";
    }
  }
};

constexpr RuleMeta kUnsupportedByTarget{
    .id = "S3P309", .name = "resource-unsupported-by-target",
    .summary = "A resource Ceph RGW cannot express: a ':' in the key, or a policy variable",
    .category = Category::Resource, .level = Level::Error};

class ResourceUnsupportedByTarget final : public Rule {
 public:
  const RuleMeta& meta() const override { return kUnsupportedByTarget; }
  void check_statement(const Statement& st, const Policy& policy, Context& cx) const override {
    const Target t = cx.target();
    if (catalog_for(t).facts().resource_part_may_contain_colon) return;
    const std::span<const ResourceFacts> facts = resource_facts(st, policy, cx);
    for (std::size_t i = 0; i < st.resources.items.size(); ++i) {
      const StringItem& item = st.resources.items[i];
      if (!item.text.starts_with("arn:") || count_colons(item.text) < 5 || facts[i].placeholder) continue;
      const S3Arn& arn = facts[i].arn;
      const bool colon = arn.resource.find(':') != std::string_view::npos;
      const std::string display(target_info(t).display);
      if (const auto var = arn.resource.find("${"); var != std::string_view::npos) {
        const std::string_view name = arn.resource.substr(var, arn.resource.find('}', var) - var + 1);
        std::string msg = display + " does not expand policy variables in Resource: " + quoted(name) + " in " +
                          quoted(item.text) + " is taken literally";
        if (colon) msg += ", and the ':' in it makes the ARN invalid there: " + invalid_resource_consequence(t);
        Finding& f = cx.report(*item.node, msg);
        if (colon) f.target_effect = invalid_resource_effect(t);
        f.help = "name the prefix explicitly, one statement per user, or use a condition on s3:prefix";
      } else if (colon) {
        std::string msg = display + " cannot name a resource containing ':' (its ARN parser splits on ':'): " +
                          quoted(item.text) + " is invalid there; " + invalid_resource_consequence(t);
        const std::string_view before = arn.resource.substr(0, arn.resource.find(':'));
        Finding& f = cx.report(*item.node, msg);
        f.target_effect = invalid_resource_effect(t);
        if (arn.account.empty() && before.find('/') == std::string_view::npos)
          f.help = "a tenant goes into the account field: arn:aws:s3::" + std::string(before) + ":" +
                   std::string(arn.resource.substr(before.size() + 1));
      }
    }
  }
};

}  // namespace

const Rule* invalid_arn() { static const InvalidArn r; return &r; }
const Rule* resource_not_s3() { static const ResourceNotS3 r; return &r; }
const Rule* s3_arn_region_or_account() { static const S3ArnRegionOrAccount r; return &r; }
const Rule* resource_other_tenant() { static const ResourceOtherTenant r; return &r; }
const Rule* resource_unsupported_by_target() { static const ResourceUnsupportedByTarget r; return &r; }

}  // namespace s3policy::rules
