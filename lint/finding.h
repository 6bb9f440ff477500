// What a rule reports. Findings carry byte spans; positions are resolved by the engine once per
// file, and wording for people is left to the reporters.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "source.h"

namespace s3policy {

enum class Level { Note = 0, Warning = 1, Error = 2 };

std::string_view level_name(Level level);  // "note", "warning", "error"
std::optional<Level> parse_level(std::string_view name);

struct RuleMeta;

struct Location {
  Span span;
  Position start;  // resolved by the engine
  Position end;
  std::string pointer;  // RFC 6901, "" for the document root
};

struct RelatedNote {
  Location location;
  std::string message;
};

// A text edit that fixes a finding (used by --fix and SARIF fixes[]).
struct Edit {
  Span span;
  std::string replacement;
};

// A safe fix keeps the policy's meaning or the author's evident intent (`--fix`). An unsafe one is
// a guess that may change what the policy allows, such as the nearest action to a typo; only
// `--fix --unsafe` applies it.
enum class FixSafety { Safe, Unsafe };

// Why a finding does not count: a `suppress` entry of .s3policy.json, or a baseline file.
// SARIF keeps suppressed results (suppressions[], kind "external"); text and JSON hide them
// unless --show-suppressed.
struct Suppression {
  std::string justification;  // the entry's reason, or "in baseline FILE"
};

struct Finding {
  const RuleMeta* rule = nullptr;
  Level level = Level::Error;
  std::string message;
  Location location;
  std::vector<RelatedNote> notes;
  std::string help;  // one line: what to do instead (may be empty)
  std::vector<Edit> fix;  // empty when there is no fix
  FixSafety fix_safety = FixSafety::Safe;
  std::string sid;        // Sid of the statement the finding is in, when it has one
  std::optional<Suppression> suppressed;
};

}  // namespace s3policy
