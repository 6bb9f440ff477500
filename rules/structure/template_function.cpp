// S3P116 cloudformation-function: the file is a CloudFormation template fragment, not a policy.
// {"Ref": "LogBucket"} or {"Fn::Sub": "arn:aws:s3:::${Bucket}/*"} stands where the stack puts a
// value when it deploys. Sent as it is, the policy is refused (an object where a string belongs,
// an element named "Fn::If"); what the stack sets is only known once it is rendered. Reported
// once per file, at the first function, with the others as notes: the type and element errors
// each function would otherwise raise say the same thing several times, and say it wrongly.
#include <string>

#include "rules/structure/family.h"

namespace s3policy::rules {
namespace {

constexpr RuleMeta kTemplateFunction{
    .id = "S3P116",
    .name = "cloudformation-function",
    .summary = "A CloudFormation intrinsic function (Ref, Fn::Sub, Fn::If...) where the policy needs a value",
    .category = Category::Structure,
    .level = Level::Error};

// Notes beyond this many would bury the report; the message still counts every function.
constexpr std::size_t kMaxNotes = 20;

// What the function stands for: "\"Resource\"", "an item of \"AWS\"", "statement #2".
std::string role_of(const JsonValue& fn) {
  const JsonValue* parent = fn.parent;
  if (parent == nullptr) return "the policy";
  std::string role;
  if (parent->is_object()) return role.append(1, '"').append(parent->members()[fn.index_in_parent].key).append(1, '"');
  const JsonValue* holder = parent->parent;  // the object whose member is the array
  if (holder == nullptr || !holder->is_object()) return "an item of an array";
  const std::string_view key = holder->members()[parent->index_in_parent].key;
  if (key == "Statement" && holder->parent == nullptr)
    return role.append("statement #").append(std::to_string(fn.index_in_parent + 1));
  return role.append("an item of \"").append(key).append(1, '"');
}

class TemplateFunction final : public Rule {
 public:
  const RuleMeta& meta() const override { return kTemplateFunction; }

  void check_policy(const Policy& p, Context& cx) const override {
    if (!p.is_template()) return;
    const JsonValue& first = *p.template_functions.front();
    const std::size_t more = p.template_functions.size() - 1;
    std::string msg = role_of(first) + " is the CloudFormation function " + std::string(template_function(first)) +
                      ", not a value: this is a template, and " + std::string(target_info(cx.target()).display) +
                      " rejects it as a policy";
    if (more > 0) msg += " (" + std::to_string(more) + " more function" + (more == 1 ? "" : "s") + " in this file)";
    Finding& f = cx.report(first, std::move(msg));
    f.target_effect = TargetEffect::RejectsPolicy;
    f.help =
        "fill the values in, or lint what the stack deployed (`s3policy fetch BUCKET`); the access analysis "
        "(S3P6xx) judges only a rendered policy";
    for (std::size_t i = 1; i < p.template_functions.size() && i <= kMaxNotes; ++i) {
      const JsonValue& fn = *p.template_functions[i];
      RelatedNote note;
      note.location.span = head_span(fn);
      note.location.pointer = json_pointer(fn);
      note.message = role_of(fn).append(" is ").append(template_function(fn)).append(" too");
      f.notes.push_back(std::move(note));
    }
  }
};

}  // namespace

const Rule* cloudformation_function() {
  static const TemplateFunction r;
  return &r;
}

}  // namespace s3policy::rules
