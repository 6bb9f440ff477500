#include "suggest.h"

#include <algorithm>
#include <vector>

namespace s3policy {

namespace {
char fold(char c, bool ci) { return ci && c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
}  // namespace

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (fold(a[i], true) != fold(b[i], true)) return false;
  return true;
}

std::size_t edit_distance(std::string_view a, std::string_view b, bool ci) {
  const std::size_t n = a.size(), m = b.size();
  // Three rolling rows: the transposition step looks two rows back.
  std::vector<std::size_t> prev2(m + 1), prev(m + 1), cur(m + 1);
  for (std::size_t j = 0; j <= m; ++j) prev[j] = j;
  for (std::size_t i = 1; i <= n; ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= m; ++j) {
      const bool same = fold(a[i - 1], ci) == fold(b[j - 1], ci);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (same ? 0 : 1)});
      if (i > 1 && j > 1 && fold(a[i - 1], ci) == fold(b[j - 2], ci) && fold(a[i - 2], ci) == fold(b[j - 1], ci))
        cur[j] = std::min(cur[j], prev2[j - 2] + 1);
    }
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return prev[m];
}

std::optional<std::string_view> closest_match(std::string_view word, std::span<const std::string_view> candidates,
                                              bool ci, std::optional<std::size_t> max_distance) {
  const std::size_t limit = max_distance.value_or(std::max<std::size_t>(1, word.size() / 3));
  std::optional<std::string_view> best;
  std::size_t best_distance = limit + 1;
  bool tie = false;
  for (std::string_view c : candidates) {
    // Cheap bound: the length difference alone exceeds the limit.
    const std::size_t diff = c.size() > word.size() ? c.size() - word.size() : word.size() - c.size();
    if (diff > limit) continue;
    const std::size_t d = edit_distance(word, c, ci);
    if (d < best_distance) {
      best = c;
      best_distance = d;
      tie = false;
    } else if (d == best_distance) {
      tie = true;
    }
  }
  if (tie) return std::nullopt;
  return best;
}

}  // namespace s3policy
