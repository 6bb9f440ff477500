// S3P310 folder-resource-without-wildcard: "arn:aws:s3:::bucket/uploads/" where the objects under
// uploads/ were meant. S3 has no folders: the ARN names the one object whose key is "uploads/"
// (the marker a console writes), so the grant or Deny reaches none of the objects "in" it. Both
// AWS and RGW accept the policy, so nothing tells the author.
#include <algorithm>

#include "catalog/wildcard.h"
#include "rules/action/classify.h"
#include "rules/resource/arn_text.h"
#include "rules/resource/family.h"

namespace s3policy::rules {
namespace {

// Whether some action of the statement may act on an object. Only then does an object ARN matter
// to it; a bucket action paired with one is action-resource-mismatch's finding.
bool may_act_on_objects(const Statement& st, const Policy& policy, Context& cx) {
  if (st.actions.negated) return st.actions.present();
  const std::span<const ActionCheck> checks = action_checks(st, policy, cx);
  for (std::size_t i = 0; i < st.actions.items.size(); ++i) {
    if (checks[i].action != nullptr) {
      if (checks[i].action->applies_to("object")) return true;
    } else if (has_wildcard(st.actions.items[i].text)) {
      const auto matched = catalog_for(cx.target()).match_actions(st.actions.items[i].text);
      if (std::any_of(matched.begin(), matched.end(), [](const ActionInfo* a) { return a->applies_to("object"); }))
        return true;
    }
  }
  return false;
}

constexpr RuleMeta kFolderResource{
    .id = "S3P310",
    .name = "folder-resource-without-wildcard",
    .summary = "An object ARN ending in \"/\" names one object, not the objects under that prefix",
    .category = Category::Resource,
    .level = Level::Warning,
    .precision = "high"};

class FolderResourceWithoutWildcard final : public Rule {
 public:
  const RuleMeta& meta() const override { return kFolderResource; }
  void check_statement(const Statement& st, const Policy& policy, Context& cx) const override {
    const std::span<const ResourceFacts> facts = resource_facts(st, policy, cx);
    bool objects_checked = false, objects = false;
    for (std::size_t i = 0; i < st.resources.items.size(); ++i) {
      const StringItem& item = st.resources.items[i];
      const S3Arn& arn = facts[i].arn;
      const bool folder_like = arn.key.empty() || arn.key.ends_with('/');  // "b/" or "b/uploads/"
      // A policy variable in the bucket ("b-${aws:PrincipalTag/team}/") may hold the '/' the ARN was
      // split at: where the key starts is unknown then.
      if (arn.kind != ArnKind::Object || facts[i].placeholder || !folder_like || has_wildcard(arn.key) ||
          has_wildcard(arn.bucket) || arn.bucket.find("${") != std::string_view::npos)
        continue;
      if (!objects_checked) {  // looked up once, and only for a statement that has such a resource
        objects = may_act_on_objects(st, policy, cx);
        objects_checked = true;
      }
      if (!objects) return;
      report(st, item, arn, cx);
    }
  }

 private:
  static void report(const Statement& st, const StringItem& item, const S3Arn& arn, Context& cx) {
    const std::string what = st.resources.negated ? "exempts" : st.allows() ? "grants" : "denies";
    std::string message;
    if (arn.key.empty()) {  // S3 keys are at least one character long
      message = quoted(item.text) +
                " names the object with an empty key, which cannot exist, not the bucket or its "
                "objects: " +
                st.label() + " " + what + " nothing through it";
    } else {
      message = quoted(item.text) + " names only the object whose key is " + quoted(arn.key) +
                " (a folder marker), not the objects under that prefix: S3 has no folders, so " + st.label() + " " +
                what + " none of them";
    }
    Finding& f = cx.report(*item.node, message);
    f.help = "write " + quoted(std::string(item.text) + "*") +
             (arn.key.empty() ? " for every object of the bucket" : " for every object under the prefix");
    if (const auto token = plain_json_string(std::string(item.text) + "*")) {
      // It widens what the statement reaches (a grant to more objects): a guess, so unsafe.
      f.fix.push_back({item.node->span, *token});
      f.fix_safety = FixSafety::Unsafe;
    }
  }
};

}  // namespace

const Rule* folder_resource_without_wildcard() {
  static const FolderResourceWithoutWildcard r;
  return &r;
}

}  // namespace s3policy::rules
