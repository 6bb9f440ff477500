#include "catalog/suggest.h"

#include <algorithm>

namespace s3policy {
namespace {

char fold(char c, bool ci) { return (ci && c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::size_t length_gap(std::size_t x, std::size_t y) { return x > y ? x - y : y - x; }

// The same candidate listed twice (or in two cases, when case does not count) is no tie.
bool ascii_equal(std::string_view a, std::string_view b, bool ci) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (fold(a[i], ci) != fold(b[i], ci)) return false;
  return true;
}

}  // namespace

std::size_t edit_distance(std::string_view a, std::string_view b, bool ci, std::size_t limit) {
  if (length_gap(a.size(), b.size()) > limit) return limit + 1;
  // Three rolling rows: the transposition step looks two rows back.
  std::vector<std::size_t> prev2(b.size() + 1), prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    std::size_t row_min = cur[0];
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const bool eq = fold(a[i - 1], ci) == fold(b[j - 1], ci);
      std::size_t d = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (eq ? 0 : 1)});
      if (i > 1 && j > 1 && fold(a[i - 1], ci) == fold(b[j - 2], ci) && fold(a[i - 2], ci) == fold(b[j - 1], ci))
        d = std::min(d, prev2[j - 2] + 1);
      cur[j] = d;
      row_min = std::min(row_min, d);
    }
    if (row_min > limit) return limit + 1;
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return std::min(prev[b.size()], limit + 1);
}

std::optional<std::size_t> closest_index(std::string_view word, std::span<const std::string_view> candidates,
                                         std::size_t max_distance, bool ci, OnTie on_tie) {
  std::optional<std::size_t> best;
  std::size_t best_distance = max_distance + 1;
  bool tied = false;
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    // Looking for ties means measuring candidates at the best distance too, not only closer ones.
    const std::size_t limit = on_tie == OnTie::Nothing ? std::min(best_distance, max_distance)
                              : best_distance == 0     ? 0
                                                       : best_distance - 1;
    const std::size_t d = edit_distance(word, candidates[i], ci, limit);
    if (d < best_distance) {
      best_distance = d;
      best = i;
      tied = false;
      if (d == 0 && on_tie == OnTie::First) break;
    } else if (d == best_distance && d <= max_distance && !ascii_equal(candidates[i], candidates[*best], ci)) {
      tied = true;
    }
  }
  if (tied && on_tie == OnTie::Nothing) return std::nullopt;
  return best;
}

std::optional<std::string> closest_match(std::string_view word, std::span<const std::string_view> candidates,
                                         std::size_t max_distance, bool ci, OnTie on_tie) {
  if (auto i = closest_index(word, candidates, max_distance, ci, on_tie)) return std::string(candidates[*i]);
  return std::nullopt;
}

std::optional<std::string> closest_match(std::string_view word, const std::vector<std::string>& candidates,
                                         std::size_t max_distance, bool ci, OnTie on_tie) {
  std::vector<std::string_view> views(candidates.begin(), candidates.end());
  return closest_match(word, std::span<const std::string_view>(views), max_distance, ci, on_tie);
}

std::size_t default_max_distance(std::string_view word) {
  if (word.size() <= 4) return 1;
  return std::min<std::size_t>(3, std::max<std::size_t>(1, word.size() / 4));
}

}  // namespace s3policy
