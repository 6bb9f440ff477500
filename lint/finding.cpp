#include "finding.h"

namespace s3policy {

std::string_view level_name(Level level) {
  switch (level) {
    case Level::Note: return "note";
    case Level::Warning: return "warning";
    case Level::Error: return "error";
  }
  return "error";
}

std::optional<Level> parse_level(std::string_view name) {
  if (name == "note") return Level::Note;
  if (name == "warning") return Level::Warning;
  if (name == "error") return Level::Error;
  return std::nullopt;
}

std::string_view target_effect_name(TargetEffect effect) {
  switch (effect) {
    case TargetEffect::None: return "none";
    case TargetEffect::RejectsPolicy: return "rejects-policy";
    case TargetEffect::DropsElement: return "drops-element";
  }
  return "none";
}

std::optional<std::string> plain_json_string(std::string_view text) {
  for (const char c : text)
    if (c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20) return std::nullopt;
  std::string token;
  token.reserve(text.size() + 2);
  return token.append(1, '"').append(text).append(1, '"');
}

}  // namespace s3policy
