// S3P608 allow-shadowed-by-deny, S3P609 redundant-statement, S3P610 deny-protects-nothing: one
// statement made pointless by another. Each is proved by Analyzer::covers (element by element:
// principal classes, every catalog action, resource patterns, condition clauses), never guessed
// from samples, so a finding is certain and a pair that only covers together is not reported.
// Comparing every pair is quadratic: policies with more statements than
// Analyzer::kMaxCompared are not judged.
#include <vector>

#include "rules/analysis/family.h"

namespace s3policy::rules {
namespace {

const JsonMember* anchor(const Statement& st) {
  if (st.sid != nullptr) return st.sid;
  return st.effect_member;
}

Finding& report_at(const Statement& st, Context& cx, std::string msg) {
  if (const JsonMember* at = anchor(st)) return cx.report_key(*at, std::move(msg));
  return cx.report_span(head_span(*st.node), json_pointer(*st.node), std::move(msg));
}

std::string labels(const std::vector<const Statement*>& sts) {
  std::string out;
  for (std::size_t i = 0; i < sts.size(); ++i)
    out += (i == 0 ? "" : i + 1 == sts.size() ? " and " : ", ") + sts[i]->label();
  return out;
}

bool judged(const Policy& policy) { return policy.statements.size() <= analysis::Analyzer::kMaxCompared; }

// Statements of the given effect (as the target reads it: on RGW a missing Effect denies) that
// cover `st`; `skip` marks statements already reported, which do not count as covering.
std::vector<const Statement*> covering(const analysis::Analyzer& az, const Statement& st, bool deny,
                                       const std::vector<bool>& skip) {
  std::vector<const Statement*> out;
  const auto& all = az.policy().statements;
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (skip[i] || &all[i] == &st || analysis::statement_denies(az.target(), all[i]) != deny) continue;
    if (az.covers(all[i], st)) out.push_back(&all[i]);
  }
  return out;
}

class ShadowedAllow final : public Rule {
 public:
  const RuleMeta& meta() const override;
  void check_policy(const Policy& policy, Context& cx) const override {
    if (!judged(policy)) return;
    const analysis::Analyzer& az = analyzer(policy, cx);
    const std::vector<bool> none(policy.statements.size(), false);
    for (const Statement& st : policy.statements) {
      if (analysis::statement_denies(cx.target(), st) != false) continue;
      const auto denies = covering(az, st, true, none);
      if (denies.empty()) continue;
      Finding& f = report_at(st, cx,
                             st.label() + " grants nothing: every request it allows is denied by " + labels(denies) +
                                 ", and a Deny always wins");
      f.help =
          "remove the Allow, or narrow the Deny (its Principal, Action, Resource or Condition) so that it "
          "leaves out what the Allow is for";
    }
  }
};

class RedundantStatement final : public Rule {
 public:
  RedundantStatement(const RuleMeta& meta, bool deny) : meta_(meta), deny_(deny) {}
  const RuleMeta& meta() const override { return meta_; }
  void check_policy(const Policy& policy, Context& cx) const override {
    if (!judged(policy)) return;
    const analysis::Analyzer& az = analyzer(policy, cx);
    const std::size_t n = policy.statements.size();
    const std::vector<bool> none(n, false);
    // From the end, so that of two equal statements the later one is reported, and a reported
    // statement no longer counts as covering the earlier one.
    std::vector<bool> reported(n, false);
    std::vector<std::pair<const Statement*, std::vector<const Statement*>>> found;
    for (std::size_t k = n; k-- > 0;) {
      const Statement& st = policy.statements[k];
      if (analysis::statement_denies(cx.target(), st) != deny_) continue;
      // An Allow that a Deny shadows is S3P608's.
      if (!deny_ && !covering(az, st, true, none).empty()) continue;
      auto by = covering(az, st, deny_, reported);
      if (by.empty()) continue;
      reported[k] = true;
      found.emplace_back(&st, std::move(by));
    }
    for (auto it = found.rbegin(); it != found.rend(); ++it) {
      const Statement& st = *it->first;
      const std::string msg =
          deny_ ? "the Deny in " + st.label() + " protects nothing that " + labels(it->second) +
                      " does not already deny: every request it applies to is denied there too"
                : st.label() + " is redundant: " + labels(it->second) + " already allows every request it allows";
      Finding& f = report_at(st, cx, msg);
      f.help = deny_ ? "remove it, or make it deny what it was meant to and the other Deny does not"
                     : "remove it, or check whether it was meant for another principal, action or resource";
    }
  }

 private:
  const RuleMeta& meta_;
  bool deny_;
};

constexpr RuleMeta kShadowedAllow{.id = "S3P608",
                                  .name = "allow-shadowed-by-deny",
                                  .summary = "An Allow grants nothing: a Deny applies to every request it allows",
                                  .category = Category::Analysis,
                                  .level = Level::Warning,
                                  .precision = "very-high"};
constexpr RuleMeta kRedundantStatement{
    .id = "S3P609",
    .name = "redundant-statement",
    .summary = "An Allow adds nothing: another Allow already allows every request it allows",
    .category = Category::Analysis,
    .level = Level::Note,
    .precision = "very-high"};
constexpr RuleMeta kDenyProtectsNothing{
    .id = "S3P610",
    .name = "deny-protects-nothing",
    .summary = "A Deny adds nothing: another Deny already applies to every request it applies to",
    .category = Category::Analysis,
    .level = Level::Note,
    .precision = "very-high"};

const RuleMeta& ShadowedAllow::meta() const { return kShadowedAllow; }

}  // namespace

const Rule* allow_shadowed_by_deny() {
  static const ShadowedAllow r;
  return &r;
}
const Rule* redundant_statement() {
  static const RedundantStatement r(kRedundantStatement, false);
  return &r;
}
const Rule* deny_protects_nothing() {
  static const RedundantStatement r(kDenyProtectsNothing, true);
  return &r;
}

}  // namespace s3policy::rules
