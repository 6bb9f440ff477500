#include "rules/online/line_diff.h"

#include <algorithm>

namespace s3policy::rules {
namespace {

struct Line {
  std::string_view text;
  uint32_t offset;
};

std::vector<Line> split_lines(std::string_view s) {
  std::vector<Line> out;
  std::size_t at = 0;
  while (at < s.size()) {
    std::size_t end = s.find('\n', at);
    if (end == std::string_view::npos) end = s.size();
    std::string_view line = s.substr(at, end - at);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    out.push_back({line, static_cast<uint32_t>(at)});
    at = end + 1;
  }
  return out;
}

constexpr std::size_t kMaxTable = 1u << 20;  // cells of the LCS table (4 MiB)

}  // namespace

std::vector<DiffLine> diff_lines(std::string_view old_text, std::string_view new_text) {
  const std::vector<Line> a = split_lines(old_text), b = split_lines(new_text);
  std::size_t pre = 0;
  while (pre < a.size() && pre < b.size() && a[pre].text == b[pre].text) ++pre;
  std::size_t suf = 0;
  while (suf < a.size() - pre && suf < b.size() - pre && a[a.size() - 1 - suf].text == b[b.size() - 1 - suf].text)
    ++suf;
  const std::size_t n = a.size() - pre - suf, m = b.size() - pre - suf;
  const auto end_of_new = static_cast<uint32_t>(new_text.size());
  auto new_offset = [&](std::size_t j) { return j < b.size() ? b[j].offset : end_of_new; };

  std::vector<DiffLine> out;
  for (std::size_t i = 0; i < pre; ++i) out.push_back({' ', b[i].text, b[i].offset});
  if ((n + 1) * (m + 1) <= kMaxTable) {
    // lcs[i][j]: common subsequence length of a[pre+i..] and b[pre+j..].
    std::vector<uint32_t> lcs((n + 1) * (m + 1), 0);
    auto at = [&](std::size_t i, std::size_t j) -> uint32_t& { return lcs[i * (m + 1) + j]; };
    for (std::size_t i = n; i-- > 0;)
      for (std::size_t j = m; j-- > 0;)
        at(i, j) = a[pre + i].text == b[pre + j].text ? at(i + 1, j + 1) + 1 : std::max(at(i + 1, j), at(i, j + 1));
    std::size_t i = 0, j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a[pre + i].text == b[pre + j].text) {
        out.push_back({' ', b[pre + j].text, b[pre + j].offset});
        ++i, ++j;
      } else if (i < n && (j == m || at(i + 1, j) >= at(i, j + 1))) {  // removals first, as diff -u
        out.push_back({'-', a[pre + i].text, new_offset(pre + j)});
        ++i;
      } else {
        out.push_back({'+', b[pre + j].text, b[pre + j].offset});
        ++j;
      }
    }
  } else {
    for (std::size_t i = 0; i < n; ++i) out.push_back({'-', a[pre + i].text, new_offset(pre)});
    for (std::size_t j = 0; j < m; ++j) out.push_back({'+', b[pre + j].text, b[pre + j].offset});
  }
  for (std::size_t k = 0; k < suf; ++k) {
    const std::size_t j = b.size() - suf + k;
    out.push_back({' ', b[j].text, b[j].offset});
  }
  return out;
}

}  // namespace s3policy::rules
