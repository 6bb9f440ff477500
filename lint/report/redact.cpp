#include "report/redact.h"

#include <algorithm>
#include <array>

#include "catalog/ascii.h"

namespace s3policy {

namespace {

bool name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

bool says_secret(std::string_view name) {
  static constexpr std::array<std::string_view, 4> kWords = {"secret", "password", "passwd", "token"};
  for (std::size_t at = 0; at < name.size(); ++at)
    for (std::string_view w : kWords)
      if (ascii::equal_ci(name.substr(at, w.size()), w)) return true;
  return false;
}

// Whether "secret", "passw" or "token" occurs anywhere (any case): a text without one has no
// name to redact after, and most texts (policy lines in code frames) have none.
bool mentions_secret(std::string_view text) {
  for (std::size_t at = 0; at + 5 <= text.size(); ++at) {
    const char c = static_cast<char>(text[at] | 0x20);  // ASCII letters to lower case
    if ((c == 's' && ascii::equal_ci(text.substr(at, 6), "secret")) ||
        (c == 'p' && ascii::equal_ci(text.substr(at, 5), "passw")) ||
        (c == 't' && ascii::equal_ci(text.substr(at, 5), "token")))
      return true;
  }
  return false;
}

// Where the name that ends just before `sep` (spaces and one closing quote between) begins, and
// whether it stands on its own: at the start of a line, after a space, a quote, '{', '[' or ','.
bool assignment_name(std::string_view text, std::size_t sep, std::string_view& name) {
  std::size_t end = sep;
  while (end > 0 && (text[end - 1] == ' ' || text[end - 1] == '\t')) --end;
  if (end > 0 && (text[end - 1] == '"' || text[end - 1] == '\'')) --end;
  std::size_t begin = end;
  while (begin > 0 && name_char(text[begin - 1])) --begin;
  if (begin == end) return false;
  std::size_t before = begin;
  if (before > 0 && (text[before - 1] == '"' || text[before - 1] == '\'')) --before;
  if (before > 0) {
    const char c = text[before - 1];
    if (c != '\n' && c != '\r' && c != ' ' && c != '\t' && c != '{' && c != '[' && c != ',') return false;
  }
  name = text.substr(begin, end - begin);
  return true;
}

}  // namespace

std::string redact_credentials(std::string_view text) {
  std::string out(text);
  if (!mentions_secret(text)) return out;
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (out[i] != '=' && out[i] != ':') continue;
    std::string_view name;
    if (!assignment_name(out, i, name) || !says_secret(name)) continue;
    std::size_t v = i + 1;
    while (v < out.size() && (out[v] == ' ' || out[v] == '\t')) ++v;
    char quote = 0;
    if (v < out.size() && (out[v] == '"' || out[v] == '\'')) quote = out[v++];
    std::size_t end = v;
    for (; end < out.size(); ++end) {
      const char c = out[end];
      // Unquoted, the rest of the line: an INI or shell value may hold a space.
      if (c == '\n' || c == '\r' || (quote ? c == quote : (c == ',' || c == '}'))) break;
      out[end] = '*';
    }
    i = end;
  }
  return out;
}

std::string redact_credentials(std::string_view text, std::size_t from, std::size_t size) {
  // A name and its separator fit in this much (a longer one goes unrecognised: a window shows a
  // piece of a long line, and credentials files have short ones).
  constexpr std::size_t kContext = 256;
  from = std::min(from, text.size());
  size = std::min(size, text.size() - from);
  const std::size_t start = from > kContext ? from - kContext : 0;
  return redact_credentials(text.substr(start, from - start + size)).substr(from - start);
}

}  // namespace s3policy
