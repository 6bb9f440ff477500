// IAM-style wildcard matching, shared by the catalogs (Action patterns), the resource matcher
// and the evaluator. '*' matches any run of characters (including none, and including '/' and
// ':'), '?' exactly one character; there is no escape. Time is O(|pattern| * |text|) at worst
// and never exponential: patterns such as "*a*a*a*a*b" come from untrusted policy files.
#pragma once

#include <cstddef>
#include <string_view>

namespace s3policy {

bool wildcard_match(std::string_view pattern, std::string_view text, bool case_insensitive);

// Same, but each ':'-separated field of pattern and text is matched on its own, so wildcards
// never cross ':' and both need the same number of fields (how RGW matches Action strings).
bool wildcard_match_fields(std::string_view pattern, std::string_view text, bool case_insensitive);

// RGW's matcher (every release read so far): at a '*' it moves on as soon as the next pattern
// character equals the current input character and never backtracks, so "a*b" does not match
// "axbxb" and "s3:Get*Tagging" names no action (measured on Pacific 16.2.15: 403, and a policy
// refused by PutBucketPolicy). A '?' right after '*' is compared literally.
bool rgw_wildcard_match(std::string_view pattern, std::string_view text, bool case_insensitive);
// The same per ':'-separated field, as RGW matches Action strings and ARN fields.
bool rgw_wildcard_match_fields(std::string_view pattern, std::string_view text, bool case_insensitive);

// The first '*' or '?', or npos. A plain loop: find_first_of("*?") searches the two-character set
// once per character of `s`, and this runs for every Action and Resource string, from many rules.
constexpr std::size_t first_wildcard(std::string_view s) {
  for (std::size_t i = 0; i < s.size(); ++i)
    if (s[i] == '*' || s[i] == '?') return i;
  return std::string_view::npos;
}
constexpr bool has_wildcard(std::string_view s) { return first_wildcard(s) != std::string_view::npos; }

}  // namespace s3policy
