#include "fix.h"

#include <algorithm>

namespace s3policy {

FixResult apply_fixes(std::string_view text, const std::vector<Finding>& findings, bool include_unsafe) {
  std::vector<const Finding*> fixable;
  for (const Finding& f : findings)
    if (!f.fix.empty() && !f.suppressed && (include_unsafe || f.fix_safety == FixSafety::Safe)) fixable.push_back(&f);
  std::stable_sort(fixable.begin(), fixable.end(), [](const Finding* a, const Finding* b) {
    return a->fix.front().span.begin < b->fix.front().span.begin;
  });

  std::vector<Edit> chosen;
  FixResult result;
  for (const Finding* f : fixable) {
    auto overlaps = [&](const Edit& e) {
      return std::any_of(chosen.begin(), chosen.end(), [&](const Edit& c) {
        // Two insertions at the same point, or any intersecting ranges, conflict.
        return e.span.begin < c.span.end + (c.span.begin == c.span.end ? 1 : 0) &&
               c.span.begin < e.span.end + (e.span.begin == e.span.end ? 1 : 0);
      });
    };
    const bool in_range = std::all_of(f->fix.begin(), f->fix.end(), [&](const Edit& e) {
      return e.span.begin <= e.span.end && e.span.end <= text.size();
    });
    if (!in_range || std::any_of(f->fix.begin(), f->fix.end(), overlaps)) continue;
    chosen.insert(chosen.end(), f->fix.begin(), f->fix.end());
    ++result.applied;
  }
  std::sort(chosen.begin(), chosen.end(), [](const Edit& a, const Edit& b) { return a.span.begin < b.span.begin; });
  std::size_t at = 0;
  for (const Edit& e : chosen) {
    result.text.append(text.substr(at, e.span.begin - at));
    result.text.append(e.replacement);
    at = e.span.end;
  }
  result.text.append(text.substr(at));
  return result;
}

}  // namespace s3policy
