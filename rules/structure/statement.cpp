// S3P107-S3P112: the elements every bucket-policy statement needs, and pairs that exclude each
// other. Where RGW accepts the policy but ignores the statement, the message says so: that is
// the silent failure users hit.
#include <array>

#include "rules/structure/family.h"
#include "catalog/ascii.h"
#include "catalog/suggest.h"

namespace s3policy::rules {
namespace {

constexpr RuleMeta kMissingEffect{
    .id = "S3P107", .name = "missing-effect", .summary = "A statement has no Effect",
    .category = Category::Structure, .level = Level::Error};

class MissingEffect final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMissingEffect; }
  void check_statement(const Statement& st, const Policy&, Context& cx) const override {
    if (st.effect_member != nullptr || has_other_case(st, "Effect")) return;
    Finding& f = cx.report_span(head_span(*st.node), json_pointer(*st.node),
                                st.label() + " has no \"Effect\"" +
                                    (is_ceph(cx.target()) ? std::string("; ") +
                                                                std::string(target_info(cx.target()).display) +
                                                                " accepts it and treats the statement as Deny"
                                                          : "; AWS rejects the policy"));
    if (!is_ceph(cx.target())) f.target_effect = TargetEffect::RejectsPolicy;
  }

 public:
  // A mis-cased element is unknown-element's finding; do not also call it missing.
  static bool has_other_case(const Statement& st, std::string_view name) {
    for (const JsonMember& m : st.node->members())
      if (ascii::equal_ci(m.key, name)) return true;
    return false;
  }
};

constexpr RuleMeta kInvalidEffect{
    .id = "S3P108", .name = "invalid-effect", .summary = "Effect is not \"Allow\" or \"Deny\"",
    .category = Category::Structure, .level = Level::Error};

class InvalidEffect final : public Rule {
 public:
  const RuleMeta& meta() const override { return kInvalidEffect; }
  void check_statement(const Statement& st, const Policy&, Context& cx) const override {
    // A mis-cased key ("effect": "allow") is unknown-element's; its value is still checked here,
    // so fixing the key alone does not leave a second surprise.
    const JsonMember* m = st.effect_member;
    if (m == nullptr)
      for (const JsonMember& other : st.node->members())
        if (ascii::equal_ci(other.key, "Effect")) m = &other;
    if (m == nullptr || !m->value->is_string()) return;
    const JsonValue& v = *m->value;
    if (v.text() == "Allow" || v.text() == "Deny") return;
    constexpr std::array<std::string_view, 2> kEffects = {"Allow", "Deny"};
    std::optional<std::string> near;
    for (std::string_view e : kEffects)
      if (ascii::equal_ci(e, v.text())) near = std::string(e);
    if (!near) near = closest_match(v.text(), kEffects, default_max_distance(v.text()));
    Finding& f = cx.report(v, std::string("\"").append(v.text()) + "\" is not an effect: use \"Allow\" or \"Deny\" (case-sensitive); "
                              "S3 rejects the whole policy" + did_you_mean(near));
    f.target_effect = TargetEffect::RejectsPolicy;  // measured on RGW ("allow", "Permit")
    if (near && ascii::equal_ci(*near, v.text())) {
      f.fix.push_back({v.span, "\"" + *near + "\""});
    } else if (const auto only = closest_match(v.text(), kEffects, default_max_distance(v.text()), true, OnTie::Nothing)) {
      // "Alow" -> "Allow" is a guess, and the two effects are opposites: unsafe.
      f.fix.push_back({v.span, "\"" + *only + "\""});
      f.fix_safety = FixSafety::Unsafe;
    }
  }
};

// S3P109-S3P111 share one shape: an element (or its Not- form) a bucket-policy statement needs.
struct Required {
  std::string_view element;
  std::string_view negated;
  std::string_view consequence_aws;
  std::string_view consequence_ceph;
};

class MissingElement final : public Rule {
 public:
  MissingElement(const RuleMeta& meta, Required req) : meta_(meta), req_(req) {}
  const RuleMeta& meta() const override { return meta_; }
  void check_statement(const Statement& st, const Policy&, Context& cx) const override {
    if (st.find(req_.element) != nullptr || st.find(req_.negated) != nullptr) return;
    if (MissingEffect::has_other_case(st, req_.element) || MissingEffect::has_other_case(st, req_.negated)) return;
    const std::string consequence = is_ceph(cx.target())
                                        ? std::string(target_info(cx.target()).display) + " " + std::string(req_.consequence_ceph)
                                        : std::string(req_.consequence_aws);
    Finding& f = cx.report_span(head_span(*st.node), json_pointer(*st.node),
                                st.label() + " has no \"" + std::string(req_.element) + "\" or \"" +
                                    std::string(req_.negated) + "\"; " + consequence);
    if (!is_ceph(cx.target())) f.target_effect = TargetEffect::RejectsPolicy;
  }

 private:
  const RuleMeta& meta_;
  Required req_;
};

constexpr RuleMeta kMissingPrincipal{
    .id = "S3P109", .name = "missing-principal", .summary = "A bucket-policy statement has no Principal",
    .category = Category::Structure, .level = Level::Error};
constexpr RuleMeta kMissingAction{
    .id = "S3P110", .name = "missing-action", .summary = "A statement has no Action or NotAction",
    .category = Category::Structure, .level = Level::Error};
constexpr RuleMeta kMissingResource{
    .id = "S3P111", .name = "missing-resource", .summary = "A statement has no Resource or NotResource",
    .category = Category::Structure, .level = Level::Error};

constexpr RuleMeta kConflictingElements{
    .id = "S3P112", .name = "conflicting-elements",
    .summary = "A statement has both an element and its Not- form",
    .category = Category::Structure, .level = Level::Error};

class ConflictingElements final : public Rule {
 public:
  const RuleMeta& meta() const override { return kConflictingElements; }
  void check_statement(const Statement& st, const Policy&, Context& cx) const override {
    for (auto [pos, neg] : {std::pair{Element::Principal, Element::NotPrincipal},
                            std::pair{Element::Action, Element::NotAction},
                            std::pair{Element::Resource, Element::NotResource}}) {
      const JsonMember* a = st.element(pos);
      const JsonMember* b = st.element(neg);
      if (a == nullptr || b == nullptr) continue;
      const JsonMember* later = a->key_span.begin > b->key_span.begin ? a : b;
      const JsonMember* earlier = later == a ? b : a;
      // RGW's parser tracks the element and its Not- form separately, so it keeps both (read in
      // its source, not measured); AWS documents them as exclusive.
      const bool ceph = is_ceph(cx.target());
      Finding& f = cx.report_key(*later, st.label() + " has both \"" + std::string(a->key) + "\" and \"" +
                                             std::string(b->key) + "\"; a statement may have only one" +
                                             (ceph ? std::string(": AWS rejects such a policy, and ") +
                                                         std::string(target_info(cx.target()).display) +
                                                         " accepts it with both in force"
                                                   : std::string(", and AWS rejects the policy")));
      if (!ceph) f.target_effect = TargetEffect::RejectsPolicy;
      std::string note = std::string("\"").append(earlier->key) + "\" is here";
      f.notes.push_back({{earlier->key_span, {}, {}, json_pointer(*earlier->value)}, std::move(note)});
    }
  }
};

}  // namespace

const Rule* missing_effect() { static const MissingEffect r; return &r; }
const Rule* invalid_effect() { static const InvalidEffect r; return &r; }
const Rule* missing_principal() {
  static const MissingElement r(kMissingPrincipal, {"Principal", "NotPrincipal",
                                                    "AWS rejects a bucket policy statement without a principal",
                                                    "accepts it, but the statement never applies to anyone"});
  return &r;
}
const Rule* missing_action() {
  static const MissingElement r(kMissingAction, {"Action", "NotAction", "AWS rejects the policy",
                                                 "accepts it, but the statement never matches a request"});
  return &r;
}
const Rule* missing_resource() {
  static const MissingElement r(kMissingResource, {"Resource", "NotResource", "AWS rejects the policy",
                                                   "accepts it, but the statement never applies"});
  return &r;
}
const Rule* conflicting_elements() { static const ConflictingElements r; return &r; }

}  // namespace s3policy::rules
