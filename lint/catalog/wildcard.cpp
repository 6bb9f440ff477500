#include "catalog/wildcard.h"

#include <cstddef>

#include "catalog/ascii.h"

namespace s3policy {
namespace {

char fold(char c, bool ci) { return (ci && c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool same(char p, char t, bool ci) { return p == '?' || fold(p, ci) == fold(t, ci); }

// Does the star-free segment `seg` match `text` starting at `at`?
bool segment_at(std::string_view seg, std::string_view text, std::size_t at, bool ci) {
  for (std::size_t i = 0; i < seg.size(); ++i)
    if (!same(seg[i], text[at + i], ci)) return false;
  return true;
}

}  // namespace

// Split the pattern at '*'. The first segment must match at the start, the last at the end, and
// each middle one at its leftmost position after the previous one: taking the leftmost match is
// always safe with '*' on both sides, so there is nothing to backtrack into.
bool wildcard_match(std::string_view pattern, std::string_view text, bool ci) {
  const std::size_t first_star = pattern.find('*');
  if (first_star == std::string_view::npos) return pattern.size() == text.size() && segment_at(pattern, text, 0, ci);

  const std::string_view head = pattern.substr(0, first_star);
  const std::size_t last_star = pattern.rfind('*');
  const std::string_view tail = pattern.substr(last_star + 1);
  if (head.size() + tail.size() > text.size()) return false;
  if (!segment_at(head, text, 0, ci)) return false;
  if (!segment_at(tail, text, text.size() - tail.size(), ci)) return false;

  std::size_t pos = head.size();
  const std::size_t end = text.size() - tail.size();
  std::size_t p = first_star + 1;
  while (p < last_star) {
    const std::size_t next_star = pattern.find('*', p);
    const std::string_view seg = pattern.substr(p, next_star - p);
    p = next_star + 1;
    if (seg.empty()) continue;
    bool found = false;
    for (; pos + seg.size() <= end; ++pos) {
      if (segment_at(seg, text, pos, ci)) {
        found = true;
        break;
      }
    }
    if (!found) return false;
    pos += seg.size();
  }
  return true;
}

bool wildcard_match_fields(std::string_view pattern, std::string_view text, bool ci) {
  for (;;) {
    const std::size_t pc = pattern.find(':');
    const std::size_t tc = text.find(':');
    if ((pc == std::string_view::npos) != (tc == std::string_view::npos)) return false;
    if (!wildcard_match(pattern.substr(0, pc), text.substr(0, tc), ci)) return false;
    if (pc == std::string_view::npos) return true;
    pattern.remove_prefix(pc + 1);
    text.remove_prefix(tc + 1);
  }
}

namespace {
bool char_eq(char a, char b, bool ci) { return ci ? ascii::lower(a) == ascii::lower(b) : a == b; }
}  // namespace

bool rgw_wildcard_match(std::string_view pattern, std::string_view text, bool ci) {
  std::size_t p = 0;
  std::size_t t = 0;
  while (true) {
    if (p == pattern.size()) return t == text.size();
    if (pattern[p] == '*') {
      if (p + 1 == pattern.size()) return true;
      // No backtracking: leave the '*' at the first input character equal to the next pattern
      // character (a '?' after '*' is compared literally here, as RGW does).
      if (t == text.size() || char_eq(pattern[p + 1], text[t], ci))
        ++p;
      else
        ++t;
      continue;
    }
    if (t == text.size()) return false;
    if (pattern[p] == '?' || char_eq(pattern[p], text[t], ci)) {
      ++p;
      ++t;
      continue;
    }
    return false;
  }
}

bool rgw_wildcard_match_fields(std::string_view pattern, std::string_view text, bool ci) {
  while (true) {
    const std::size_t pc = pattern.find(':');
    const std::size_t tc = text.find(':');
    if (!rgw_wildcard_match(pattern.substr(0, pc), text.substr(0, tc), ci)) return false;
    if (pc == std::string_view::npos) return tc == std::string_view::npos;
    if (tc == std::string_view::npos) return false;
    pattern.remove_prefix(pc + 1);
    text.remove_prefix(tc + 1);
  }
}

}  // namespace s3policy
