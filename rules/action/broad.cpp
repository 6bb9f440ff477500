// S3P205 broad-action-wildcard and S3P207 not-action-with-allow: Allow statements whose action
// set is (nearly) everything. Both are warnings: a bucket owner may mean it, but a shared bucket
// rarely needs it, and on RGW the NotAction form does not even do what it says.
#include "catalog/ascii.h"
#include "rules/action/classify.h"
#include "rules/action/family.h"
#include "rules/condition/common.h"

namespace s3policy::rules {
namespace {

constexpr RuleMeta kBroadAction{
    .id = "S3P205", .name = "broad-action-wildcard", .summary = "An Allow grants every action (\"*\" or \"s3:*\")",
    .category = Category::Action, .level = Level::Warning, .security_severity = "5.3", .precision = "high"};

class BroadActionWildcard final : public Rule {
 public:
  const RuleMeta& meta() const override { return kBroadAction; }
  void check_statement(const Statement& st, const Policy& policy, Context& cx) const override {
    if (!st.allows() || st.actions.negated) return;
    // It allows nothing on this target (the condition rules say why): not every action.
    if (condition::never_applies_for_want_of_key(st, policy, cx)) return;
    for (const StringItem& item : st.actions.items) {
      if (item.text != "*" && !ascii::equal_ci(item.text, "s3:*")) continue;
      const std::string scope = principal_scope(st);
      Finding& f = cx.report(*item.node, st.label() + " allows every " + (item.text == "*" ? "" : "S3 ") +
                                             "action (\"" + std::string(item.text) + "\")" +
                                             (scope.empty() ? "" : " " + scope) +
                                             ", including changing the bucket policy and deleting objects");
      f.help = "list only the actions the principal needs, e.g. \"s3:GetObject\" and \"s3:ListBucket\" to read";
    }
  }
};

constexpr RuleMeta kNotActionAllow{
    .id = "S3P207", .name = "not-action-with-allow", .summary = "An Allow statement uses NotAction",
    .category = Category::Action, .level = Level::Warning, .security_severity = "5.3", .precision = "high"};

class NotActionWithAllow final : public Rule {
 public:
  const RuleMeta& meta() const override { return kNotActionAllow; }
  void check_statement(const Statement& st, const Policy&, Context& cx) const override {
    if (!st.allows() || !st.actions.negated || !st.actions.present()) return;
    // With both Action and NotAction the statement is invalid (conflicting-elements reports it).
    if (st.find("Action") != nullptr) return;
    const Target t = cx.target();
    if (catalog_for(t).facts().quirks.not_action_only_never_matches) {
      Finding& f = cx.report_key(*st.actions.member,
                                 std::string(target_info(t).display) + " never matches a statement that has " +
                                     "\"NotAction\" instead of \"Action\": this Allow grants nothing there, while on " +
                                     "AWS it grants every action except the listed ones");
      f.help = "list the actions to allow in \"Action\"";
      return;
    }
    const std::string scope = principal_scope(st);
    Finding& f = cx.report_key(*st.actions.member, st.label() + " allows every action except the listed ones" +
                                                       (scope.empty() ? "" : " " + scope) +
                                                       ", including actions added to S3 later");
    f.help = "list the actions to allow in \"Action\"; use NotAction only in Deny statements";
  }
};

}  // namespace

const Rule* broad_action_wildcard() { static const BroadActionWildcard r; return &r; }
const Rule* not_action_with_allow() { static const NotActionWithAllow r; return &r; }

}  // namespace s3policy::rules
