// S3P104 unknown-element and S3P105 missing-statement: the names of the policy's elements.
#include <algorithm>
#include <array>

#include "catalog/ascii.h"
#include "catalog/suggest.h"
#include "rules/structure/family.h"
#include "rules/structure/wrap_policy.h"

namespace s3policy::rules {
namespace {

constexpr std::array<std::string_view, 3> kPolicyElements = {"Version", "Id", "Statement"};
constexpr std::array<std::string_view, 9> kStatementElements = {
    "Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"};

constexpr RuleMeta kUnknownElement{
    .id = "S3P104", .name = "unknown-element", .summary = "An element name the policy language does not have",
    .category = Category::Structure, .level = Level::Error};

class UnknownElement final : public Rule {
 public:
  const RuleMeta& meta() const override { return kUnknownElement; }

  void check_policy(const Policy& p, Context& cx) const override {
    if (!p.is_only_template_function()) check_members(*p.root, kPolicyElements, nullptr, p.bare_statement, cx);
  }
  void check_statement(const Statement& st, const Policy& p, Context& cx) const override {
    // A bare statement's root is checked as the policy too: its policy elements are known there.
    check_members(*st.node, kStatementElements, &st, p.bare_statement, cx);
  }

 private:
  // `st` is null for the policy's own members. Its label is made only for a finding.
  // `bare`: the document is a bare statement (missing-statement's finding), checked both as the
  // policy and as statement #1; each pass leaves the other's names alone.
  static void check_members(const JsonValue& obj, std::span<const std::string_view> known, const Statement* st,
                            bool bare, Context& cx) {
    const auto where = [st] { return st != nullptr ? st->label() : std::string("policy"); };
    for (const JsonMember& m : obj.members()) {
      // The usual case; a statement's names are the Element names.
      if (st != nullptr ? element_named(m.key).has_value() : std::find(known.begin(), known.end(), m.key) != known.end())
        continue;
      if (bare &&
          (st != nullptr ? std::find(kPolicyElements.begin(), kPolicyElements.end(), m.key) != kPolicyElements.end()
                         : element_named(m.key).has_value()))
        continue;
      std::optional<std::string> other_case;
      for (std::string_view k : known)
        if (ascii::equal_ci(k, m.key)) other_case = std::string(k);
      if (other_case) {
        // Measured on RGW ("version", "statement", "effect"); AWS is not verified.
        const bool ceph = is_ceph(cx.target());
        Finding& f = cx.report_key(m, std::string("\"").append(m.key) + "\" in " + where() + " is not an element name: names are "
                                      "case-sensitive" +
                                          (ceph ? ", and " + std::string(target_info(cx.target()).display) +
                                                      " rejects the whole policy"
                                                : std::string()) +
                                          did_you_mean(other_case));
        f.fix.push_back({m.key_span, "\"" + *other_case + "\""});
        if (ceph) f.target_effect = TargetEffect::RejectsPolicy;
        continue;
      }
      Finding& f = cx.report_key(m, std::string("unknown element \"").append(m.key) + "\" in " + where() + "; S3 rejects the whole policy" +
                                        did_you_mean(closest_match(m.key, known, default_max_distance(m.key))));
      f.target_effect = TargetEffect::RejectsPolicy;
      // "Actoin" -> "Action": a guess (unsafe), offered only when no other name is as near and
      // the object does not already have that element.
      const auto only = closest_match(m.key, known, default_max_distance(m.key), true, OnTie::Nothing);
      if (only && !has_member_ci(obj, *only)) {
        f.fix.push_back({m.key_span, "\"" + *only + "\""});
        f.fix_safety = FixSafety::Unsafe;
      }
    }
  }

  static bool has_member_ci(const JsonValue& obj, std::string_view name) {
    for (const JsonMember& m : obj.members())
      if (ascii::equal_ci(m.key, name)) return true;
    return false;
  }
};

constexpr RuleMeta kMissingStatement{
    .id = "S3P105", .name = "missing-statement", .summary = "The policy has no Statement element",
    .category = Category::Structure, .level = Level::Error};

class MissingStatement final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMissingStatement; }
  void check_policy(const Policy& p, Context& cx) const override {
    if (p.bare_statement) {
      report_bare(p, cx);
      return;
    }
    if (p.statement != nullptr || p.is_only_template_function()) return;
    // A mis-cased "statement" is reported by unknown-element; say so rather than repeat it.
    for (const JsonMember& m : p.root->members())
      if (ascii::equal_ci(m.key, "Statement")) return;
    const std::string consequence = is_ceph(cx.target())
                                        ? std::string(target_info(cx.target()).display) + " accepts it, but it grants nothing"
                                        : "AWS rejects it";
    Finding& f = cx.report_span(head_span(*p.root), "", "policy has no \"Statement\"; " + consequence);
    if (!is_ceph(cx.target())) f.target_effect = TargetEffect::RejectsPolicy;
  }

 private:
  // Measured on RGW 16.2.15: a bare statement is refused (400 InvalidArgument), with or without a
  // "Version" beside its elements.
  static void report_bare(const Policy& p, Context& cx) {
    Finding& f = cx.report_span(head_span(*p.root), "",
                                "the document is a single statement, not a policy: its elements belong inside "
                                "\"Statement\", and " +
                                    std::string(target_info(cx.target()).display) + " rejects it as it is");
    f.target_effect = TargetEffect::RejectsPolicy;
    if (p.version != nullptr || p.id != nullptr) {
      f.help = "move the statement's elements into \"Statement\": [{...}] beside \"Version\"";
      return;
    }
    f.help = "wrap it: {\"Version\": \"2012-10-17\", \"Statement\": [ ...the statement... ]}";
    if (const std::string_view text = cx.text(p.root->span); !text.empty())
      f.fix.push_back({p.root->span, wrap_in_policy(text, false)});
  }
};

}  // namespace

const Rule* unknown_element() { static const UnknownElement r; return &r; }
const Rule* missing_statement() { static const MissingStatement r; return &r; }

}  // namespace s3policy::rules
