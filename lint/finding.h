// What a rule reports. Findings carry byte spans; positions are resolved by the engine once per
// file, and wording for people is left to the reporters.
#pragma once

#include <cstdint>
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

// `text` as the JSON string token an edit writes ("\"text\""), or nothing when the text would need
// escapes: a fix is then not offered rather than risk breaking the document.
std::optional<std::string> plain_json_string(std::string_view text);

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

// What the target itself does with the policy because of what the finding points at, when the rule
// knows it: refuses the whole policy at PutBucketPolicy (RGW answers 400 InvalidArgument, AWS
// MalformedPolicy), or accepts the policy but silently discards the element (RGW Pacific with a
// CanonicalUser or Service principal). None when the target accepts the text as written (the
// finding is about meaning, style or risk) or when its behaviour is not known. Rules decide it;
// reporters only copy it (JSON "target_effect", SARIF property "targetEffect").
enum class TargetEffect : std::uint8_t { None = 0, RejectsPolicy, DropsElement };

std::string_view target_effect_name(TargetEffect effect);  // "none", "rejects-policy", "drops-element"

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
  TargetEffect target_effect = TargetEffect::None;
  std::optional<Suppression> suppressed;
  // About the live bucket (its ACL, settings, a missing policy), not a place in its policy text:
  // located at the text's start for formats that need a line, but shown without a code frame.
  bool about_bucket = false;
};

}  // namespace s3policy
