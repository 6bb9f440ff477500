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

}  // namespace s3policy
