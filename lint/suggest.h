// Did-you-mean: the closest candidate by edit distance (optimal string alignment, so a swap of
// two neighbours costs 1), for unknown element names, actions, operators and project IDs.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string_view>

namespace s3policy {

std::size_t edit_distance(std::string_view a, std::string_view b, bool case_insensitive);

// The candidate nearest to `word`, if it is within `max_distance` (default: a third of the
// word's length, at least 1) and strictly nearer than any other candidate at that distance.
std::optional<std::string_view> closest_match(std::string_view word, std::span<const std::string_view> candidates,
                                              bool case_insensitive = true,
                                              std::optional<std::size_t> max_distance = std::nullopt);

bool iequals(std::string_view a, std::string_view b);

}  // namespace s3policy
