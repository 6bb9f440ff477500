// ASCII case folding for catalog lookups. Policy names (actions, keys, operators) are ASCII;
// locale-aware folding would be slower and could differ between machines.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace s3policy::ascii {

constexpr char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

inline std::string to_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = lower(c);
  return out;
}

constexpr int compare_ci(std::string_view a, std::string_view b) {
  const std::size_t n = a.size() < b.size() ? a.size() : b.size();
  for (std::size_t i = 0; i < n; ++i) {
    const char x = lower(a[i]);
    const char y = lower(b[i]);
    if (x != y) return x < y ? -1 : 1;
  }
  return a.size() == b.size() ? 0 : (a.size() < b.size() ? -1 : 1);
}

constexpr bool equal_ci(std::string_view a, std::string_view b) {
  return a.size() == b.size() && compare_ci(a, b) == 0;
}

constexpr bool starts_with_ci(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && equal_ci(s.substr(0, prefix.size()), prefix);
}

constexpr bool ends_with_ci(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && equal_ci(s.substr(s.size() - suffix.size()), suffix);
}

}  // namespace s3policy::ascii
