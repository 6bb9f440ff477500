// A small line diff for policy-drift: policies are short, so a longest-common-subsequence table
// over the lines between the common prefix and suffix is cheap; past a size cap the whole middle
// counts as replaced, which is still a correct (if not minimal) diff.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace s3policy::rules {

struct DiffLine {
  char op;                // ' ' same, '-' only in the old text, '+' only in the new text
  std::string_view text;  // without the line break
  uint32_t new_offset;    // byte offset in the new text of this line (or where it would be)
};

// The edit script turning `old_text` into `new_text`, line by line, in order.
std::vector<DiffLine> diff_lines(std::string_view old_text, std::string_view new_text);

}  // namespace s3policy::rules
