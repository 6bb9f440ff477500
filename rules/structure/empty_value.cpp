// S3P115 empty-value: `[]`, `""` or `{}` where the policy language needs a value. Such a
// statement is accepted by RGW (measured: `"Action": []`, `"Principal": {"AWS": []}`) and then
// silently matches nothing, which is never what the author meant.
#include "rules/structure/family.h"

namespace s3policy::rules {
namespace {

constexpr RuleMeta kEmptyValue{
    .id = "S3P115", .name = "empty-value", .summary = "An element is empty where a value is required",
    .category = Category::Structure, .level = Level::Error};

bool is_empty(const JsonValue& v) {
  return (v.is_array() && v.items().empty()) || (v.is_object() && v.members().empty()) ||
         (v.is_string() && v.text().empty());
}

class EmptyValue final : public Rule {
 public:
  const RuleMeta& meta() const override { return kEmptyValue; }

  void check_policy(const Policy& p, Context& cx) const override {
    if (p.statement != nullptr && is_empty(*p.statement->value))
      cx.report(*p.statement->value, "\"Statement\" is empty: the policy grants and denies nothing");
  }

  void check_statement(const Statement& st, const Policy&, Context& cx) const override {
    for (const Element e : {Element::Principal, Element::NotPrincipal, Element::Action, Element::NotAction,
                            Element::Resource, Element::NotResource}) {
      const JsonMember* m = st.element(e);
      if (m == nullptr) continue;
      check_list(*m, st, cx);
      // Principal {"AWS": []}; not a CloudFormation function's arguments (cloudformation-function).
      if (m->value->is_object() && template_function(*m->value).empty())
        for (const JsonMember& type : m->value->members()) check_list(type, st, cx);
    }
    if (st.condition != nullptr && st.condition->value->is_object() &&
        template_function(*st.condition->value).empty()) {
      for (const JsonMember& op : st.condition->value->members()) {
        if (is_empty(*op.value)) {
          cx.report(*op.value, std::string("condition operator \"").append(op.key) + "\" has no keys");
          continue;
        }
        if (op.value->is_object() && template_function(*op.value).empty())
          for (const JsonMember& key : op.value->members())
            if (key.value->is_array() && key.value->items().empty())
              cx.report(*key.value, std::string("condition key \"").append(key.key) + "\" has no values: the condition can never be true");
      }
    }
  }

 private:
  static void check_list(const JsonMember& m, const Statement& st, Context& cx) {
    const JsonValue& v = *m.value;
    if (is_empty(v)) {
      cx.report(v, std::string("\"").append(m.key) + "\" is empty in " + st.label() + ": the statement matches nothing");
      return;
    }
    if (v.is_array())
      for (const JsonValue* item : v.items())
        if (item->is_string() && item->text().empty()) cx.report(*item, std::string("empty string in \"").append(m.key) + "\"");
  }
};

}  // namespace

const Rule* empty_value() { static const EmptyValue r; return &r; }

}  // namespace s3policy::rules
