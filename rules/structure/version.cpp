// S3P101-S3P103: the Version element.
#include "rules/structure/family.h"
#include "catalog/ascii.h"
#include "catalog/suggest.h"

namespace s3policy::rules {
namespace {

constexpr std::string_view kCurrent = "2012-10-17";
constexpr std::string_view kOld = "2008-10-17";

constexpr RuleMeta kMissingVersion{
    .id = "S3P101", .name = "missing-version", .summary = "The policy has no Version element",
    .category = Category::Structure, .level = Level::Warning};

class MissingVersion final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMissingVersion; }
  void check_policy(const Policy& p, Context& cx) const override {
    // A bare statement's wrapper (missing-statement's fix) brings the Version.
    if (p.version != nullptr || p.is_only_template_function() || p.bare_statement) return;
    // A mis-cased "version" is unknown-element's finding; do not also call it missing.
    for (const JsonMember& m : p.root->members())
      if (ascii::equal_ci(m.key, "Version")) return;
    Finding& f = cx.report_span(head_span(*p.root), "",
                                "policy has no \"Version\": it is read as version 2008-10-17, where policy "
                                "variables such as ${aws:username} are not expanded");
    f.help = "add \"Version\": \"2012-10-17\" as the first element";
    f.fix.push_back({{p.root->span.begin + 1, p.root->span.begin + 1}, "\n  \"Version\": \"2012-10-17\","});
  }
};

constexpr RuleMeta kInvalidVersion{
    .id = "S3P102", .name = "invalid-version", .summary = "Version is not 2012-10-17 or 2008-10-17",
    .category = Category::Structure, .level = Level::Error};

class InvalidVersion final : public Rule {
 public:
  const RuleMeta& meta() const override { return kInvalidVersion; }
  void check_policy(const Policy& p, Context& cx) const override {
    if (p.version == nullptr || !p.version->value->is_string()) return;
    const std::string v(p.version->value->text());
    if (v == kCurrent || v == kOld) return;
    const std::string_view known[] = {kCurrent, kOld};
    auto near = closest_match(v, known, 3);
    Finding& f = cx.report(*p.version->value, "\"" + v + "\" is not a policy language version; S3 accepts only "
                                              "\"2012-10-17\" and \"2008-10-17\" and rejects the whole policy" +
                                                  did_you_mean(near));
    f.target_effect = TargetEffect::RejectsPolicy;
    // The two versions differ in how policy variables are read: a guess between them is unsafe,
    // and none is made when both are as near ("2002-10-17").
    if (auto only = closest_match(v, known, 3, true, OnTie::Nothing)) {
      f.fix.push_back({p.version->value->span, "\"" + *only + "\""});
      f.fix_safety = FixSafety::Unsafe;
    }
  }
};

constexpr RuleMeta kOldVersion{
    .id = "S3P103", .name = "old-version", .summary = "Version 2008-10-17 disables policy variables",
    .category = Category::Structure, .level = Level::Warning};

class OldVersion final : public Rule {
 public:
  const RuleMeta& meta() const override { return kOldVersion; }
  void check_policy(const Policy& p, Context& cx) const override {
    if (p.version == nullptr || !p.version->value->is_string() || p.version->value->text() != kOld) return;
    Finding& f = cx.report(*p.version->value,
                           "version \"2008-10-17\" is the legacy policy language: policy variables such as "
                           "${aws:username} are taken literally");
    f.help = "use \"2012-10-17\"";
    f.fix.push_back({p.version->value->span, "\"2012-10-17\""});
  }
};

}  // namespace

const Rule* missing_version() { static const MissingVersion r; return &r; }
const Rule* invalid_version() { static const InvalidVersion r; return &r; }
const Rule* old_version() { static const OldVersion r; return &r; }

}  // namespace s3policy::rules
