// The text side of the located JSON: RFC 6901 pointers to a node (every finding has one) and the
// comments a configuration file may hold.
#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

#include "json.h"

namespace s3policy {

std::string escape_pointer_token(std::string_view token) {
  std::string out;
  out.reserve(token.size());
  for (char c : token) {
    if (c == '~')
      out += "~0";
    else if (c == '/')
      out += "~1";
    else
      out += c;
  }
  return out;
}

namespace {

std::size_t escaped_size(std::string_view token) {
  return token.size() + static_cast<std::size_t>(std::count_if(token.begin(), token.end(),
                                                               [](char c) { return c == '~' || c == '/'; }));
}

std::size_t decimal_size(uint32_t n) {
  std::size_t size = 1;
  for (; n >= 10; n /= 10) ++size;
  return size;
}

}  // namespace

// Every finding has a pointer: it is written in place, from its last token back to its first,
// into a string sized by a first walk up the tree (a vector of token strings joined with
// temporaries took 2,400 instructions and a dozen allocations for "/Statement/3/Principal/AWS/0").
std::string json_pointer(const JsonValue& value) {
  std::size_t size = 0;
  for (const JsonValue* v = &value; v->parent != nullptr; v = v->parent)
    size += 1 + (v->parent->is_object() ? escaped_size(v->parent->members()[v->index_in_parent].key)
                                        : decimal_size(v->index_in_parent));
  std::string out(size, '/');
  char* at = out.data() + size;
  for (const JsonValue* v = &value; v->parent != nullptr; v = v->parent) {
    if (v->parent->is_object()) {
      const std::string_view key = v->parent->members()[v->index_in_parent].key;
      for (auto c = key.rbegin(); c != key.rend(); ++c) {
        if (*c == '~' || *c == '/') {
          *--at = *c == '~' ? '0' : '1';
          *--at = '~';
        } else {
          *--at = *c;
        }
      }
    } else {
      uint32_t n = v->index_in_parent;
      do {
        *--at = static_cast<char>('0' + n % 10);
        n /= 10;
      } while (n != 0);
    }
    --at;  // the '/' before the token, written by the constructor
  }
  return out;
}

std::string blank_json_comments(std::string_view text) {
  std::string out(text);
  bool in_string = false;
  for (std::size_t i = 0; i < out.size(); ++i) {
    const char c = out[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '/' && i + 1 < out.size() && out[i + 1] == '/') {
      for (; i < out.size() && out[i] != '\n'; ++i) out[i] = ' ';
    } else if (c == '/' && i + 1 < out.size() && out[i + 1] == '*') {
      const std::size_t close = out.find("*/", i + 2);
      const std::size_t end = close == std::string::npos ? out.size() : close + 2;
      for (std::size_t j = i; j < end; ++j)
        if (out[j] != '\n') out[j] = ' ';
      i = end - 1;
    }
  }
  return out;
}

bool starts_json_comment(std::string_view text, std::size_t offset) {
  return offset + 1 < text.size() && text[offset] == '/' && (text[offset + 1] == '/' || text[offset + 1] == '*');
}

}  // namespace s3policy
