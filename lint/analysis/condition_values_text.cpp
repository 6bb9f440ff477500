// The non-IP half of condition_values.h: dates, numbers, booleans, ARNs, base64.
#include <algorithm>
#include <cstdlib>
#include <string>

#include "analysis/condition_values.h"
#include "catalog/ascii.h"

namespace s3policy::condition_values {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Reads exactly n digits at s[i]; advances i.
std::optional<int> digits(std::string_view s, std::size_t& i, std::size_t n) {
  if (i + n > s.size()) return std::nullopt;
  int v = 0;
  for (std::size_t k = 0; k < n; ++k) {
    if (!is_digit(s[i + k])) return std::nullopt;
    v = v * 10 + (s[i + k] - '0');
  }
  i += n;
  return v;
}

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : kDays[m - 1];
}

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's civil algorithm).
std::int64_t days_from_civil(int y, int m, int d) {
  y -= m <= 2 ? 1 : 0;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return static_cast<std::int64_t>(era) * 146097 + doe - 719468;
}

DateParse fail(std::string why) {
  DateParse r;
  r.error = std::move(why);
  return r;
}

}  // namespace

DateParse parse_date(std::string_view s) {
  if (s.empty()) return fail("the date is empty");
  // Epoch seconds: what aws:EpochTime (AWS) and aws:CurrentTime (RGW) hold.
  if (s.find_first_not_of("0123456789") == std::string_view::npos) {
    if (s.size() > 12) return fail("\"" + std::string(s) + "\" is too large for epoch seconds");
    DateParse r;
    r.epoch_seconds = std::stoll(std::string(s));
    return r;
  }
  const std::string shape = "\"" + std::string(s) + "\" is not an ISO 8601 date (YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ)";
  std::size_t i = 0;
  const auto year = digits(s, i, 4);
  if (!year) return fail(shape);
  int month = 1, day = 1;
  if (i < s.size()) {
    if (s[i++] != '-') return fail(shape);
    const auto mo = digits(s, i, 2);
    if (!mo) return fail(shape);
    month = *mo;
    if (i < s.size()) {
      if (s[i++] != '-') return fail(shape);
      const auto d = digits(s, i, 2);
      if (!d) return fail(shape);
      day = *d;
    }
  }
  if (month < 1 || month > 12) return fail("month " + std::to_string(month) + " is out of range");
  if (day < 1 || day > days_in_month(*year, month))
    return fail("day " + std::to_string(day) + " does not exist in month " + std::to_string(month));
  std::int64_t seconds = days_from_civil(*year, month, day) * 86400;
  if (i < s.size()) {
    if (s[i] != 'T' && s[i] != 't') return fail(shape);
    ++i;
    const auto hh = digits(s, i, 2);
    if (!hh || i >= s.size() || s[i++] != ':') return fail(shape);
    const auto mm = digits(s, i, 2);
    if (!mm) return fail(shape);
    int ss = 0;
    if (i < s.size() && s[i] == ':') {
      ++i;
      const auto sec = digits(s, i, 2);
      if (!sec) return fail(shape);
      ss = *sec;
      if (i < s.size() && s[i] == '.') {
        ++i;
        const std::size_t start = i;
        while (i < s.size() && is_digit(s[i])) ++i;
        if (i == start) return fail(shape);
      }
    }
    if (*hh > 23 || *mm > 59 || ss > 60) return fail("the time of day in \"" + std::string(s) + "\" is out of range");
    seconds += *hh * 3600 + *mm * 60 + ss;
    // A time needs a zone designator in the W3C profile; accept its absence (UTC) quietly,
    // since both services do, but not garbage.
    if (i < s.size()) {
      if (s[i] == 'Z' || s[i] == 'z') {
        ++i;
      } else if (s[i] == '+' || s[i] == '-') {
        const int sign = s[i++] == '+' ? 1 : -1;
        const auto oh = digits(s, i, 2);
        if (!oh) return fail(shape);
        if (i < s.size() && s[i] == ':') ++i;
        const auto om = digits(s, i, 2);
        if (!om || *oh > 23 || *om > 59) return fail(shape);
        seconds -= std::int64_t{sign} * (std::int64_t{*oh} * 3600 + std::int64_t{*om} * 60);
      } else {
        return fail(shape);
      }
    }
  }
  if (i != s.size()) return fail(shape);
  DateParse r;
  r.epoch_seconds = seconds;
  return r;
}

std::optional<double> parse_number(std::string_view s) {
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
  const std::size_t int_start = i;
  while (i < s.size() && is_digit(s[i])) ++i;
  std::size_t frac_digits = 0;
  if (i < s.size() && s[i] == '.') {
    ++i;
    const std::size_t start = i;
    while (i < s.size() && is_digit(s[i])) ++i;
    frac_digits = i - start;
  }
  if (i != s.size() || (i == int_start && frac_digits == 0) || (i - int_start == 1 && s[int_start] == '.'))
    return std::nullopt;
  return std::strtod(std::string(s).c_str(), nullptr);
}

std::optional<bool> parse_bool(std::string_view s) {
  if (ascii::equal_ci(s, "true")) return true;
  if (ascii::equal_ci(s, "false")) return false;
  return std::nullopt;
}

bool looks_like_arn(std::string_view s) {
  if (s == "*") return true;
  if (!ascii::starts_with_ci(s, "arn:")) return false;
  // Arn operators match field by field, on AWS and RGW alike: a '*' stands for one field, never
  // for the rest, so "arn:aws:iam::*" matches nothing.
  return std::count(s.begin(), s.end(), ':') >= 5;
}

bool is_base64(std::string_view s) {
  if (s.empty() || s.size() % 4 != 0) return false;
  std::size_t pad = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '=') {
      if (i < s.size() - 2) return false;
      ++pad;
      continue;
    }
    if (pad > 0) return false;  // data after padding
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || is_digit(c) || c == '+' || c == '/';
    if (!ok) return false;
  }
  return true;
}

bool has_policy_variable(std::string_view s) { return s.find("${") != std::string_view::npos; }

}  // namespace s3policy::condition_values
