// "Did you mean" support: a bounded edit distance and a closest-candidate search, shared by the
// catalogs (actions, operators, condition keys) and by rules that suggest element names, target
// names or project IDs.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace s3policy {

// Optimal-string-alignment distance (insertions, deletions, substitutions and transpositions of
// adjacent characters each cost 1), ASCII case folded when asked. Returns limit + 1 as soon as
// the distance is known to exceed limit, so a long candidate list stays cheap.
std::size_t edit_distance(std::string_view a, std::string_view b, bool case_insensitive,
                          std::size_t limit);

// What to answer when several candidates share the smallest distance: a hint may name the first;
// an edit made on the user's behalf (--fix --unsafe) needs the nearest to be the only one.
enum class OnTie { First, Nothing };

// Index of the candidate nearest to word within max_distance, if any.
std::optional<std::size_t> closest_index(std::string_view word, std::span<const std::string_view> candidates,
                                         std::size_t max_distance, bool case_insensitive = true,
                                         OnTie on_tie = OnTie::First);

std::optional<std::string> closest_match(std::string_view word, std::span<const std::string_view> candidates,
                                         std::size_t max_distance, bool case_insensitive = true,
                                         OnTie on_tie = OnTie::First);
std::optional<std::string> closest_match(std::string_view word, const std::vector<std::string>& candidates,
                                         std::size_t max_distance, bool case_insensitive = true,
                                         OnTie on_tie = OnTie::First);

// A distance that catches typos without proposing unrelated names: 1 up to 4 characters, then
// about one edit per four characters, at most 3.
std::size_t default_max_distance(std::string_view word);

}  // namespace s3policy
