// S3P201-S3P204 and S3P206: Action/NotAction strings that name no action the target knows.
// Every item is classified once (classify.h) and each rule reports only its own verdict, so one
// string never gets two findings. On RGW an unknown action is not a harmless no-op: the parser
// refuses the whole policy with an empty 400 InvalidArgument, so the messages say so.
#include <memory>
#include <span>

#include "rules/action/api_names.h"
#include "rules/action/classify.h"
#include "rules/action/family.h"

namespace s3policy::rules {
namespace {

std::string quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }

// AWS answers MalformedPolicy "Policy has invalid action" for actions it does not know.
constexpr std::string_view kAwsRejects = "AWS rejects the policy (\"Policy has invalid action\")";

// ceph-squid's catalog is a copy of Reef's: a name missing there is only probably unknown.
constexpr std::string_view kNotInReef = " is not in Reef's action list, which this release's catalog copies unverified";

std::string not_known(bool certain) {
  return certain ? std::string(" is not an action it knows") : std::string(kNotInReef);
}

std::string consequence(Target t, bool certain = true) {
  return is_ceph(t) ? rejects_whole_policy(t, certain) : std::string(kAwsRejects);
}

void replace_with(Finding& f, const JsonValue& at, const std::string& action,
                  FixSafety safety = FixSafety::Safe) {
  f.fix.push_back({at.span, quoted(action)});
  f.fix_safety = safety;
}

// Shared loop: every string of Action and NotAction, with its verdict on the target.
class ActionNameRule : public Rule {
 public:
  void check_statement(const Statement& st, const Policy& policy, Context& cx) const override {
    if (st.actions.items.empty()) return;
    // Classified once per file by the first of the five rules below (or action-resource-mismatch).
    const std::span<const ActionCheck> checks = action_checks(st, policy, cx);
    for (std::size_t i = 0; i < st.actions.items.size(); ++i) {
      const StringItem& item = st.actions.items[i];
      if (item.text.empty()) continue;  // empty-value's
      if (checks[i].verdict == ActionVerdict::Known) continue;  // nothing for any of the five
      check_item(item, checks[i], cx);
    }
  }

 protected:
  virtual void check_item(const StringItem& item, const ActionCheck& c, Context& cx) const = 0;
};

constexpr RuleMeta kUnknownAction{
    .id = "S3P201", .name = "unknown-action", .summary = "An action the target does not have at all",
    .category = Category::Action, .level = Level::Error};

class UnknownAction final : public ActionNameRule {
 public:
  const RuleMeta& meta() const override { return kUnknownAction; }

 protected:
  void check_item(const StringItem& item, const ActionCheck& c, Context& cx) const override {
    const Target t = cx.target();
    if (c.verdict == ActionVerdict::Unknown) {
      const std::string what = is_ceph(t) ? consequence(t) + ": " + quoted(item.text) + " is not an action it knows"
                                          : quoted(item.text) + " is not an S3 action; " + consequence(t);
      Finding& f = cx.report(*item.node, what + did_you_mean(c.replacement.empty() ? std::nullopt
                                                                                   : std::optional(c.replacement)));
      f.target_effect = TargetEffect::RejectsPolicy;
      if (!c.replacement.empty()) f.help = "use " + quoted(c.replacement);
      // A typo's nearest action is a guess: it may grant something else than the author meant.
      if (c.unambiguous) replace_with(f, *item.node, c.replacement, FixSafety::Unsafe);
    } else if (c.verdict == ActionVerdict::RgwNameOnAws) {
      std::string msg = quoted(item.text) + " is a Ceph RGW action, not an AWS one; " + consequence(t);
      if (!c.replacement.empty()) msg += "; AWS calls it " + quoted(c.replacement);
      Finding& f = cx.report(*item.node, msg);
      f.target_effect = TargetEffect::RejectsPolicy;
      if (c.one_to_one) {
        replace_with(f, *item.node, c.replacement);
        f.help = "use " + quoted(c.replacement) + " on AWS";
      }
    }
  }
};

constexpr RuleMeta kUnsupported{
    .id = "S3P202", .name = "action-unsupported-by-target",
    .summary = "A real S3 action that the chosen Ceph RGW release does not know",
    .category = Category::Action, .level = Level::Error};

class ActionUnsupportedByTarget final : public ActionNameRule {
 public:
  const RuleMeta& meta() const override { return kUnsupported; }

 protected:
  void check_item(const StringItem& item, const ActionCheck& c, Context& cx) const override {
    if (c.verdict != ActionVerdict::UnsupportedByTarget) return;
    const Target t = cx.target();
    std::string msg = rejects_whole_policy(t, c.certain) + ": " + quoted(item.text) +
                      not_known(c.certain) + "; it exists on " + known_in_text(c.known_in);
    Finding& f = cx.report(*item.node, msg);
    // Also when uncertain (ceph-squid): the catalog treats Squid as Reef, which rejects it.
    f.target_effect = TargetEffect::RejectsPolicy;
    if (!c.certain) f.level = Level::Warning;
    f.help = "remove it from the policy, or lint with the --target you deploy to";
  }
};

constexpr RuleMeta kWrongService{
    .id = "S3P203", .name = "action-wrong-service",
    .summary = "An action of another service, or one without a service prefix, in a bucket policy",
    .category = Category::Action, .level = Level::Error};

class ActionWrongService final : public ActionNameRule {
 public:
  const RuleMeta& meta() const override { return kWrongService; }

 protected:
  void check_item(const StringItem& item, const ActionCheck& c, Context& cx) const override {
    const Target t = cx.target();
    if (c.verdict == ActionVerdict::NoService) {
      Finding& f = cx.report(*item.node, quoted(item.text) + " has no service prefix such as \"s3:\"; " +
                                             consequence(t) +
                                             did_you_mean(c.replacement.empty() ? std::nullopt
                                                                                : std::optional(c.replacement)));
      f.target_effect = TargetEffect::RejectsPolicy;
      if (c.one_to_one) replace_with(f, *item.node, c.replacement);
      else if (c.unambiguous) replace_with(f, *item.node, c.replacement, FixSafety::Unsafe);
      return;
    }
    if (c.verdict != ActionVerdict::OtherService) return;
    const std::string service = quoted(std::string(c.service) + ":");
    if (!is_ceph(t)) {
      cx.report(*item.node, quoted(item.text) + " is an action of the " + service +
                                " service, not of S3: a bucket policy governs only S3 requests, and " +
                                std::string(kAwsRejects))
          .target_effect = TargetEffect::RejectsPolicy;
    } else if (c.target_accepts) {
      Finding& f = cx.report(*item.node, quoted(item.text) + " is an action of the " + service + " service, not of S3: " +
                                             std::string(target_info(t).display) +
                                             " accepts it in a bucket policy, but it has no effect there");
      f.level = Level::Warning;
    } else {
      const std::string msg = rejects_whole_policy(t, c.certain) + ": " + quoted(item.text) +
                              not_known(c.certain) +
                              ", and a bucket policy governs only S3 requests";
      Finding& f = cx.report(*item.node, msg);
      f.target_effect = TargetEffect::RejectsPolicy;
      if (!c.certain) f.level = Level::Warning;
    }
  }
};

constexpr RuleMeta kWildcardNothing{
    .id = "S3P204", .name = "wildcard-matches-nothing", .summary = "An action wildcard that matches no action",
    .category = Category::Action, .level = Level::Error};

class WildcardMatchesNothing final : public ActionNameRule {
 public:
  const RuleMeta& meta() const override { return kWildcardNothing; }

 protected:
  void check_item(const StringItem& item, const ActionCheck& c, Context& cx) const override {
    if (c.verdict != ActionVerdict::WildcardNoMatch) return;
    const Target t = cx.target();
    std::string msg = is_ceph(t) ? rejects_whole_policy(t, c.certain) + ": " + quoted(item.text) + " matches no action it knows"
                                 : quoted(item.text) + " matches no S3 action, so the statement does nothing";
    if (c.known_in != 0) msg += " (it does match on " + known_in_text(c.known_in) + ")";
    Finding& f = cx.report(*item.node, msg);
    // AWS accepts a pattern that matches nothing; RGW's parser refuses it.
    if (is_ceph(t)) f.target_effect = TargetEffect::RejectsPolicy;
    if (!c.certain) f.level = Level::Warning;
    f.help = "check the pattern: '*' and '?' match within the action name, and names are listed in the S3 "
             "Service Authorization Reference";
  }
};

constexpr RuleMeta kApiName{
    .id = "S3P206", .name = "api-name-not-action",
    .summary = "An S3 API operation name used where an IAM action is needed",
    .category = Category::Action, .level = Level::Error};

class ApiNameNotAction final : public ActionNameRule {
 public:
  const RuleMeta& meta() const override { return kApiName; }

 protected:
  void check_item(const StringItem& item, const ActionCheck& c, Context& cx) const override {
    if (c.verdict != ActionVerdict::ApiName) return;
    const ApiName* api = find_api_name(item.text.substr(item.text.find(':') + 1));
    std::string msg = quoted(item.text) + " is an S3 API operation, not an IAM action: " + std::string(api->api) +
                      " is authorized by " + quoted(c.replacement);
    if (!api->one_to_one) msg += " (and s3:GetObject on the source object)";
    msg += "; " + consequence(cx.target());
    Finding& f = cx.report(*item.node, msg);
    f.target_effect = TargetEffect::RejectsPolicy;
    f.help = "use " + quoted(c.replacement);
    if (c.one_to_one) replace_with(f, *item.node, c.replacement);
  }
};

}  // namespace

const Rule* unknown_action() { static const UnknownAction r; return &r; }
const Rule* action_unsupported_by_target() { static const ActionUnsupportedByTarget r; return &r; }
const Rule* action_wrong_service() { static const ActionWrongService r; return &r; }
const Rule* wildcard_matches_nothing() { static const WildcardMatchesNothing r; return &r; }
const Rule* api_name_not_action() { static const ApiNameNotAction r; return &r; }

}  // namespace s3policy::rules
