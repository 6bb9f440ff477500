// S3P306 action-resource-mismatch: an action paired only with resources of a type it does not
// apply to (s3:GetObject on the bucket ARN, s3:ListBucket on objects). AWS refuses such a policy;
// RGW accepts it and the pair silently never matches, which is how "my Deny does nothing" and
// "ListBucket is still denied" happen.
#include <algorithm>
#include <array>
#include <string>
#include <unordered_map>
#include <vector>

#include "catalog/ascii.h"
#include "catalog/wildcard.h"
#include "rules/action/classify.h"
#include "rules/resource/arn_text.h"
#include "rules/resource/family.h"

namespace s3policy::rules {
namespace {

// Whether the action can apply to something the resource string names. Strings other rules
// report (not an ARN, another service) count as fitting, so this rule stays quiet on them.
bool fits(const ActionInfo& a, const S3Arn& arn, Target t) {
  switch (arn.kind) {
    case ArnKind::NotArn:
    case ArnKind::NotS3: return true;
    case ArnKind::Bucket:
      return (arn.may_match_bucket && a.applies_to("bucket")) || (arn.may_match_object && a.applies_to("object"));
    case ArnKind::Object: return a.applies_to("object");
    case ArnKind::AccessPoint:
    case ArnKind::AccessPointObject:
    case ArnKind::OtherS3:
      // RGW's catalog knows only buckets and objects; these ARNs are other rules' business there.
      return is_ceph(t) || a.applies_to(arn.resource_type);
  }
  return true;
}

// The statement's resources, classified once per file (resource_facts): a wildcard action is
// checked against every one of them for each action it matches (hundreds for "s3:*").
struct Resources {
  bool any_star = false;  // a "*" fits every action: the others need not be looked at then
  std::span<const ResourceFacts> facts;
  Resources(const StringList& list, std::span<const ResourceFacts> of_list) : facts(of_list) {
    any_star = std::any_of(list.items.begin(), list.items.end(), [](const StringItem& r) { return r.text == "*"; });
  }
};

bool fits_any(const ActionInfo& a, const Resources& resources, Target t) {
  return resources.any_star || std::any_of(resources.facts.begin(), resources.facts.end(),
                                           [&](const ResourceFacts& r) { return fits(a, r.arn, t); });
}

struct TextHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
};

// Catalog::match_actions(pattern) on the target, remembered by this thread: policies repeat a few
// wildcard actions ("s3:Get*", "s3:*") in statement after statement, and each use walked the
// catalog's candidates again (3,500 instructions a time). Bounded, so that hostile input with
// endless distinct patterns cannot grow it.
// Patterns longer than kRememberedLength are matched anew each time (a count bound alone would
// let hostile files leave 64 megabyte-long keys behind).
const std::vector<const ActionInfo*>& matching_actions(std::string_view pattern, Target t) {
  constexpr std::size_t kRememberedPerTarget = 64, kRememberedLength = 256;
  thread_local std::vector<const ActionInfo*> unkept;
  if (pattern.size() > kRememberedLength) return unkept = catalog_for(t).match_actions(pattern);
  using Remembered = std::unordered_map<std::string, std::vector<const ActionInfo*>, TextHash, std::equal_to<>>;
  thread_local std::array<Remembered, std::size(kTargets)> remembered;
  Remembered& known = remembered[static_cast<std::size_t>(t)];
  if (const auto it = known.find(pattern); it != known.end()) return it->second;
  if (known.size() >= kRememberedPerTarget) known.clear();
  return known.try_emplace(std::string(pattern), catalog_for(t).match_actions(pattern)).first->second;
}

// "the bucket ARN arn:aws:s3:::b", "objects (arn:aws:s3:::b/*)", ...
std::string what_it_needs(const ActionInfo& a, const StringList& resources) {
  std::optional<std::pair<std::string_view, S3Arn>> example;
  for (const StringItem& r : resources.items) {
    const S3Arn arn = classify_s3_arn(r.text);
    if ((arn.kind == ArnKind::Bucket || arn.kind == ArnKind::Object) && !arn.bucket.empty()) {
      example.emplace(r.text, arn);
      break;
    }
  }
  if (a.resource_types.empty()) return "\"*\" only (it is not an action on a bucket or object)";
  const bool bucket = a.applies_to("bucket");
  const bool object = a.applies_to("object");
  if (bucket && !object)
    return "the bucket" + (example ? " ARN " + bucket_arn(example->first, example->second) : std::string());
  if (object && !bucket)
    return "objects" + (example ? " (" + objects_arn(example->first, example->second) + ")" : std::string());
  std::string types;
  for (const ResourceTypeRef& r : a.resource_types) types += (types.empty() ? "" : " or ") + r.name;
  return types + " resources";
}

std::string what_they_are(const StringList& resources) {
  if (resources.items.size() != 1) return "any resource of the statement";
  const std::string_view text = resources.items.front().text;
  const S3Arn arn = classify_s3_arn(text);
  if (arn.kind == ArnKind::Object) return "objects (" + quoted(text) + ")";
  if (arn.kind == ArnKind::Bucket && !has_wildcard(text)) return "the bucket itself (" + quoted(text) + ")";
  return quoted(text);
}

constexpr RuleMeta kMismatch{
    .id = "S3P306", .name = "action-resource-mismatch",
    .summary = "An action whose statement has no resource of a type it applies to",
    .category = Category::Resource, .level = Level::Error};

class ActionResourceMismatch final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMismatch; }
  void check_statement(const Statement& st, const Policy& policy, Context& cx) const override {
    if (st.effect != Effect::Allow && st.effect != Effect::Deny) return;
    if (st.actions.negated || st.resources.negated || st.resources.items.empty()) return;
    const Target t = cx.target();
    const Catalog& cat = catalog_for(t);
    const Resources resources(st.resources, resource_facts(st, policy, cx));
    const std::span<const ActionCheck> checks = action_checks(st, policy, cx);
    for (std::size_t i = 0; i < st.actions.items.size(); ++i) {
      const StringItem& item = st.actions.items[i];
      const auto colon = item.text.find(':');
      if (colon == std::string_view::npos || !ascii::equal_ci(item.text.substr(0, colon), "s3")) continue;
      std::string msg;
      if (!has_wildcard(item.text)) {
        const ActionInfo* a = checks[i].action;  // cat.find_action(item.text)
        if (a == nullptr || fits_any(*a, resources, t)) continue;
        msg = quoted(a->name) + " applies to " + what_it_needs(*a, st.resources) + ", not to " +
              what_they_are(st.resources);
      } else {
        // The first s3 action the pattern matches that fits a resource, in the catalog's order
        // (Catalog::find_action_match's answer).
        bool any_s3 = false, one_fits = false;
        for (const ActionInfo* a : matching_actions(item.text, t)) {
          if (!ascii::equal_ci(a->service, "s3")) continue;
          any_s3 = true;
          one_fits = fits_any(*a, resources, t);
          if (one_fits) break;
        }
        if (one_fits || !any_s3) continue;
        // A finding (rare): some s3 action matches and none fits. The matches again, for the message.
        std::vector<const ActionInfo*> matched = cat.match_actions(item.text);
        std::erase_if(matched, [](const ActionInfo* a) { return !ascii::equal_ci(a->service, "s3"); });
        msg = "none of the " + std::to_string(matched.size()) + " actions " + quoted(item.text) +
              " matches applies to " + what_they_are(st.resources) + "; " + quoted(matched.front()->name) +
              ", for one, applies to " + what_it_needs(*matched.front(), st.resources);
      }
      msg += is_ceph(t) ? "; " + std::string(target_info(t).display) + " accepts it, but the statement never " +
                              (st.allows() ? "grants" : "denies") + " it"
                        : "; AWS rejects the policy (\"Action does not apply to any resource(s) in statement\")";
      // One resource: the action is the odd one out. Several: the statement's resource list is.
      const TargetEffect effect = is_ceph(t) ? TargetEffect::None : TargetEffect::RejectsPolicy;
      if (st.resources.items.size() == 1) {
        Finding& f = cx.report(*item.node, msg);
        f.target_effect = effect;
        const JsonValue& res = *st.resources.items.front().node;
        f.notes.push_back({{res.span, {}, {}, json_pointer(res)}, "the statement's only resource"});
      } else {
        cx.report_key(*st.resources.member, msg).target_effect = effect;
      }
    }
  }
};

}  // namespace

const Rule* action_resource_mismatch() { static const ActionResourceMismatch r; return &r; }

}  // namespace s3policy::rules
