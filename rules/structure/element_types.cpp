// S3P106 invalid-element-type: an element whose JSON type the policy language does not allow.
#include <algorithm>

#include "rules/structure/family.h"
#include "rules/structure/wrap_policy.h"

namespace s3policy::rules {
namespace {

constexpr RuleMeta kInvalidElementType{
    .id = "S3P106", .name = "invalid-element-type", .summary = "An element has a JSON type the policy language does not allow",
    .category = Category::Structure, .level = Level::Error};

std::string found(const JsonValue& v) { return std::string(json_kind_name(v.kind)); }

// Every element of the wrong JSON type makes the target's parser refuse the policy (measured on
// RGW: Version as a number, Effect as an array, Principal as an array, "Sid": null, a Condition
// value that is an object, nested Statement arrays; AWS validates the same grammar).
// A CloudFormation function in the element's place is cloudformation-function's finding.
void refused(Context& cx, const JsonValue& at, const std::string& message) {
  if (!template_function(at).empty()) return;
  cx.report(at, message + "; " + std::string(target_info(cx.target()).display) + " rejects the whole policy")
      .target_effect = TargetEffect::RejectsPolicy;
}

class InvalidElementType final : public Rule {
 public:
  const RuleMeta& meta() const override { return kInvalidElementType; }

  void check_input(const InputFacts& in, Context& cx) const override {
    if (in.document == nullptr || in.document->root()->is_object()) return;
    const JsonValue& root = *in.document->root();
    Finding& f = cx.report_span(head_span(root), "",
                                "a bucket policy is a JSON object, found " + found(root) + "; " +
                                    std::string(target_info(cx.target()).display) + " rejects the whole policy");
    f.target_effect = TargetEffect::RejectsPolicy;
    // A list of statements without the policy around them (measured on RGW: refused as it is).
    const auto items = root.items();
    if (items.empty() || !std::all_of(items.begin(), items.end(), [](const JsonValue* v) {
          return v->is_object() && template_function(*v).empty() && v->find("Statement") == nullptr &&
                 v->find("Version") == nullptr;
        }))
      return;
    f.help = "these are statements: wrap them as {\"Version\": \"2012-10-17\", \"Statement\": [...]}";
    const std::string_view text = in.bytes.substr(root.span.begin, root.span.end - root.span.begin);
    f.fix.push_back({root.span, wrap_in_policy(text, true)});
  }

  void check_policy(const Policy& p, Context& cx) const override {
    expect_string(p.version, cx);
    expect_string(p.id, cx);
    if (p.statement == nullptr) return;
    const JsonValue& sv = *p.statement->value;
    if (sv.is_array()) {
      for (const JsonValue* item : sv.items())
        if (!item->is_object())
          refused(cx, *item, "each statement must be an object, found " + found(*item));
    } else if (!sv.is_object()) {
      refused(cx, sv, "\"Statement\" must be an object or an array of objects, found " + found(sv));
    }
  }

  void check_statement(const Statement& st, const Policy&, Context& cx) const override {
    expect_string(st.sid, cx);
    expect_string(st.effect_member, cx);
    check_principal(st.principals.member, cx);
    expect_strings(st.actions.member, cx);
    expect_strings(st.resources.member, cx);
    // Both forms present (conflicting-elements): the model holds the positive one; check the other.
    for (const char* other : {"NotPrincipal", "NotAction", "NotResource"}) {
      const JsonMember* m = st.find(other);
      if (m == nullptr || m == st.principals.member || m == st.actions.member || m == st.resources.member) continue;
      if (std::string_view(other) == "NotPrincipal") check_principal(m, cx);
      else expect_strings(m, cx);
    }
    check_condition(st.condition, cx);
  }

 private:
  static void expect_string(const JsonMember* m, Context& cx) {
    if (m != nullptr && !m->value->is_string())
      refused(cx, *m->value, std::string("\"").append(m->key) + "\" must be a string, found " + found(*m->value));
  }

  static void expect_strings(const JsonMember* m, Context& cx) {
    if (m == nullptr) return;
    const JsonValue& v = *m->value;
    if (v.is_string()) return;
    if (!v.is_array()) {
      refused(cx, v, std::string("\"").append(m->key) + "\" must be a string or an array of strings, found " + found(v));
      return;
    }
    for (const JsonValue* item : v.items())
      if (!item->is_string())
        refused(cx, *item, std::string("items of \"").append(m->key) + "\" must be strings, found " + found(*item));
  }

  static void check_principal(const JsonMember* m, Context& cx) {
    if (m == nullptr) return;
    const JsonValue& v = *m->value;
    if (v.is_string()) return;  // only "*" is valid; that is invalid-principal's business
    if (!template_function(v).empty()) return;
    if (!v.is_object()) {
      refused(cx, v, std::string("\"").append(m->key) + "\" must be \"*\" or an object such as {\"AWS\": [\"arn:aws:iam::PROJECT:root\"]}, "
                   "found " + found(v));
      return;
    }
    for (const JsonMember& type : v.members()) expect_strings(&type, cx);
  }

  static void check_condition(const JsonMember* m, Context& cx) {
    if (m == nullptr) return;
    const JsonValue& v = *m->value;
    if (!v.is_object()) {
      refused(cx, v, "\"Condition\" must be an object of operators, found " + found(v));
      return;
    }
    if (!template_function(v).empty()) return;
    for (const JsonMember& op : v.members()) {
      if (!template_function(*op.value).empty()) continue;
      if (!op.value->is_object()) {
        refused(cx, *op.value, std::string("condition operator \"").append(op.key) + "\" must map to an object of keys, found " +
                                 found(*op.value));
        continue;
      }
      for (const JsonMember& key : op.value->members()) {
        auto check_scalar = [&](const JsonValue& val) {
          // true/false/null are json-literal-in-condition's business; only containers are wrong here.
          if (val.is_object() || val.is_array())
            refused(cx, val, std::string("condition value for \"").append(key.key) + "\" must be a string (or an array of strings), "
                           "found " + found(val));
        };
        if (key.value->is_array()) {
          for (const JsonValue* item : key.value->items()) check_scalar(*item);
        } else {
          check_scalar(*key.value);
        }
      }
    }
  }
};

}  // namespace

const Rule* invalid_element_type() { static const InvalidElementType r; return &r; }

}  // namespace s3policy::rules
