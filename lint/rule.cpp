#include "rule.h"

namespace s3policy {

std::string_view category_name(Category category) {
  switch (category) {
    case Category::Input: return "input";
    case Category::Structure: return "structure";
    case Category::Action: return "action";
    case Category::Resource: return "resource";
    case Category::Principal: return "principal";
    case Category::Condition: return "condition";
    case Category::Analysis: return "analysis";
    case Category::Online: return "online";
  }
  return "other";
}

Finding& Context::report_span(Span span, std::string pointer, std::string message) {
  Finding& f = sink_.emplace_back();
  f.rule = rule_;
  f.level = rule_ != nullptr ? rule_->level : Level::Error;  // the engine applies overrides
  f.message = std::move(message);
  f.location.span = span;
  f.location.pointer = std::move(pointer);
  return f;
}

Finding& Context::report(const JsonValue& at, std::string message) {
  return report_span(at.span, json_pointer(at), std::move(message));
}

Finding& Context::report_key(const JsonMember& at, std::string message) {
  return report_span(at.key_span, json_pointer(*at.value), std::move(message));
}

std::string did_you_mean(const std::optional<std::string>& suggestion) {
  if (!suggestion) return {};
  return "; did you mean \"" + *suggestion + "\"?";
}

}  // namespace s3policy
