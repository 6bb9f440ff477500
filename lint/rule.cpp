#include "rule.h"

#include <algorithm>

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

namespace {

// Messages quote the policy's values, and a value can be a 10 MB string: a run of more than
// kLongRun bytes without a space keeps its first and last bytes around an ellipsis, cut at
// code-point boundaries, so every reporter gets a message a person can read.
constexpr std::size_t kLongRun = 200, kKeepHead = 80, kKeepTail = 40;

bool continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

std::string elide_long_runs(std::string message) {
  if (message.size() <= kLongRun) return message;
  // Most long messages (the analysis rules' notes) are many short words: one pass tells, and
  // they are kept as they are instead of being copied word by word.
  std::size_t run = 0, longest = 0;
  for (const char c : message) {
    run = c == ' ' ? 0 : run + 1;
    longest = std::max(longest, run);
  }
  if (longest <= kLongRun) return message;
  std::string out;
  std::size_t at = 0;
  while (at < message.size()) {
    const std::size_t space = message.find(' ', at);
    const std::size_t end = space == std::string::npos ? message.size() : space;
    if (end - at <= kLongRun) {
      out.append(message, at, end - at);
    } else {
      std::size_t head = at + kKeepHead, tail = end - kKeepTail;
      while (head > at && continuation(message[head])) --head;
      while (tail < end && continuation(message[tail])) ++tail;
      out.append(message, at, head - at).append("\u2026").append(message, tail, end - tail);
    }
    if (space == std::string::npos) break;
    out += ' ';
    at = space + 1;
  }
  return out;
}

}  // namespace

Finding& Context::report_span(Span span, std::string pointer, std::string message) {
  Finding& f = sink_.emplace_back();
  f.rule = rule_;
  f.level = rule_ != nullptr ? rule_->level : Level::Error;  // the engine applies overrides
  f.message = elide_long_runs(std::move(message));
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
