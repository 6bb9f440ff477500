// S3P608 allow-shadowed-by-deny, S3P609 redundant-statement, S3P610 deny-protects-nothing: one
// statement made pointless by another. Each is proved by Analyzer::covers (element by element:
// principal classes, every catalog action, resource patterns, condition clauses), never guessed
// from samples, so a finding is certain and a pair that only covers together is not reported.
// Comparing every pair is quadratic: policies with more statements than
// Analyzer::kMaxCompared are not judged.
#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
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

// What the three rules compare, derived once per file and shared: which statements deny (as the
// target reads them: on RGW a missing Effect denies) and which statements cover which (few: most
// policies have no pair at all).
struct Overlaps {
  std::vector<std::optional<bool>> denies;                          // statement_denies, per statement
  std::vector<std::pair<std::uint32_t, std::uint32_t>> covered_by;  // (st, other), by st then other
  std::vector<std::uint32_t> first;  // per statement, where its pairs start in covered_by; one past the end last

  // Statement k's pairs: the statements that cover it, in policy order.
  std::span<const std::pair<std::uint32_t, std::uint32_t>> of(std::size_t k) const {
    return std::span(covered_by).subspan(first[k], first[k + 1] - first[k]);
  }
};

const Overlaps& overlaps(const Policy& policy, Context& cx) {
  return cx.shared<Overlaps>([&] {
    auto out = std::make_unique<Overlaps>();
    const std::size_t n = policy.statements.size();
    out->denies.reserve(n);
    for (const Statement& st : policy.statements) out->denies.push_back(analysis::statement_denies(cx.target(), st));
    // Only what the rules ask: whether a Deny covers a statement, or an Allow another Allow.
    if (n > 1)
      out->covered_by = analyzer(policy, cx).coverage([&](std::size_t other, std::size_t st) {
        return out->denies[other] == true || (out->denies[other] == false && out->denies[st] == false);
      });
    out->first.assign(n + 1, 0);
    for (const auto& pair : out->covered_by) ++out->first[pair.first + 1];
    for (std::size_t k = 0; k < n; ++k) out->first[k + 1] += out->first[k];
    return out;
  });
}

// Statements of the given effect that cover statement `k`; `skip` (when given) marks statements
// already reported, which do not count as covering.
std::vector<const Statement*> covering(const Policy& policy, const Overlaps& ov, std::size_t k, bool deny,
                                       const std::vector<bool>* skip = nullptr) {
  std::vector<const Statement*> out;
  for (const auto& [st, other] : ov.of(k))
    if (ov.denies[other] == deny && (skip == nullptr || !(*skip)[other])) out.push_back(&policy.statements[other]);
  return out;
}

bool covered(const Overlaps& ov, std::size_t k, bool deny) {
  const auto pairs = ov.of(k);
  return std::any_of(pairs.begin(), pairs.end(), [&](const auto& pair) { return ov.denies[pair.second] == deny; });
}

class ShadowedAllow final : public Rule {
 public:
  const RuleMeta& meta() const override;
  void check_policy(const Policy& policy, Context& cx) const override {
    if (!judged(policy)) return;
    const Overlaps& ov = overlaps(policy, cx);
    if (ov.covered_by.empty()) return;
    const std::size_t n = policy.statements.size();
    for (std::size_t k = 0; k < n; ++k) {
      if (ov.denies[k] != false || !covered(ov, k, true)) continue;
      const Statement& st = policy.statements[k];
      const auto denies = covering(policy, ov, k, true);
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
    const Overlaps& ov = overlaps(policy, cx);
    if (ov.covered_by.empty()) return;
    const std::size_t n = policy.statements.size();
    // From the end, so that of two equal statements the later one is reported, and a reported
    // statement no longer counts as covering the earlier one.
    std::vector<bool> reported(n, false);
    std::vector<std::pair<const Statement*, std::vector<const Statement*>>> found;
    for (std::size_t k = n; k-- > 0;) {
      if (ov.denies[k] != deny_) continue;
      // An Allow that a Deny shadows is S3P608's.
      if (!deny_ && covered(ov, k, true)) continue;
      auto by = covering(policy, ov, k, deny_, &reported);
      if (by.empty()) continue;
      const Statement& st = policy.statements[k];
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
