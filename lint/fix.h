// --fix: applies the edits rules attach to findings, minimally, leaving all other bytes —
// formatting, key order, comments — as they were. Safe fixes keep the meaning or the author's
// evident intent; unsafe ones (did-you-mean guesses) are applied only when asked for (--unsafe).
// See the "Fix" section of docs/rules/*.md.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "finding.h"

namespace s3policy {

struct FixResult {
  std::string text;
  std::size_t applied = 0;  // findings whose edits were applied
};

// Applies the fixes of `findings` to `text`. A finding's edits are applied together or not at
// all; a finding whose edits overlap an already chosen one is left for the next round (the CLI
// re-lints and repeats, as ruff does). Suppressed findings are not fixed, and unsafe fixes only
// with `include_unsafe`.
FixResult apply_fixes(std::string_view text, const std::vector<Finding>& findings, bool include_unsafe = false);

}  // namespace s3policy
