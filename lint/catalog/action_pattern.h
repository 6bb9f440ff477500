// How names and patterns find actions, for both ways of asking (internal to the catalog): a built
// Catalog (catalog.cpp) and the generated tables of a target that has no catalog built
// (find_action_name and target_knows_action, catalog_load.cpp). One definition, so both answer
// the same.
#pragma once

#include <algorithm>
#include <cstddef>
#include <span>
#include <string_view>

#include "catalog/ascii.h"
#include "catalog/wildcard.h"

namespace s3policy {

// Whether a pattern with wildcards names an action, with a target's wildcard rules (its
// TargetFacts::action_wildcards_cross_colon). Inline: rules ask it for every candidate action of
// every wildcard Action string.
class ActionPattern {
 public:
  ActionPattern(std::string_view pattern, bool wildcards_cross_colon)
      : pattern_(pattern), wildcards_cross_colon_(wildcards_cross_colon) {
    const std::size_t w = first_wildcard(pattern);
    if (w != 0 && w + 1 == pattern.size() && pattern[w] == '*') prefix_only_ = w;
  }

  // The common shape "s3:Get*" / "s3:*" (a literal prefix and one final '*') needs no matcher:
  // every candidate (a name starting with the prefix) matches, except that on RGW the '*' stays
  // inside its ':'-separated field.
  bool operator()(std::string_view action_name) const {
    if (prefix_only_ == 0) return matches_any_shape(action_name);
    return wildcards_cross_colon_ || action_name.find(':', prefix_only_) == std::string_view::npos;
  }

 private:
  bool matches_any_shape(std::string_view action_name) const;  // catalog.cpp

  std::string_view pattern_;
  bool wildcards_cross_colon_;
  std::size_t prefix_only_ = 0;  // length of the literal prefix of a "prefix*" pattern, else 0
};

// The elements of `sorted` (ordered by ascii::compare_ci of name_of(element)) whose names start
// with `prefix` ignoring case: one contiguous run.
template <class T, class NameOf>
std::span<const T> prefix_run_ci(std::span<const T> sorted, std::string_view prefix, NameOf name_of) {
  const auto first = std::lower_bound(sorted.begin(), sorted.end(), prefix, [&](const T& e, std::string_view p) {
    return ascii::compare_ci(name_of(e), p) < 0;
  });
  const auto last = std::partition_point(first, sorted.end(),
                                         [&](const T& e) { return ascii::starts_with_ci(name_of(e), prefix); });
  return {first, last};
}

// The first element of `sorted` (as above) whose name equals `name` but for case, or null: the
// entry Catalog::find_action's indexes give.
template <class T, class NameOf>
const T* find_ci(std::span<const T> sorted, std::string_view name, NameOf name_of) {
  const auto run = prefix_run_ci(sorted, name, name_of);
  return !run.empty() && name_of(run.front()).size() == name.size() ? &run.front() : nullptr;
}

}  // namespace s3policy
