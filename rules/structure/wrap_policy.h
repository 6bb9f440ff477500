// The policy around statements written without it: a bare statement (missing-statement) or an
// array of statements (invalid-element-type) becomes {"Version": "2012-10-17", "Statement": ...}.
#pragma once

#include <string>
#include <string_view>

namespace s3policy::rules {

// `text` (one statement object, or an array of them: `is_array`) as the Statement of a policy,
// each of its lines indented to its new depth (JSON strings hold no raw newline, so no value
// changes), with the file's line ending.
inline std::string wrap_in_policy(std::string_view text, bool is_array) {
  const std::string_view eol = text.find("\r\n") != std::string_view::npos ? "\r\n" : "\n";
  const std::string_view indent = is_array ? "  " : "    ";
  std::string out;
  out.reserve(text.size() + 64);
  out.append("{").append(eol).append("  \"Version\": \"2012-10-17\",").append(eol).append("  \"Statement\": ");
  if (!is_array) out.append("[").append(eol).append(indent);
  for (const char c : text) {
    out += c;
    if (c == '\n') out.append(indent);
  }
  if (!is_array) out.append(eol).append("  ]");
  out.append(eol).append("}");
  return out;
}

}  // namespace s3policy::rules
