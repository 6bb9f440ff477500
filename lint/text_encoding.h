// Policies saved as UTF-16 or UTF-32: Windows PowerShell 5's `>` and `Out-File` write UTF-16LE
// with a byte order mark by default, so `aws s3api get-bucket-policy ... > policy.json` there
// gives a file every S3 service rejects. Recognised from the first bytes (RFC 4627, section 3: a
// JSON text starts with two ASCII characters, so the pattern of zero bytes names the encoding)
// and converted back losslessly when the text is well-formed.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace s3policy {

struct WideEncoding {
  std::string_view name;  // "UTF-16LE", "UTF-16BE", "UTF-32LE", "UTF-32BE"
  std::size_t unit = 2;   // bytes per code unit
  bool big_endian = false;
  std::size_t bom = 0;  // bytes of the byte order mark at the start (0: none)
};

// The encoding of `bytes` when they are JSON text in UTF-16 or UTF-32: a byte order mark, or
// else the zero bytes of two leading ASCII characters. nullopt for anything else (UTF-8, binary).
std::optional<WideEncoding> detect_wide_encoding(std::string_view bytes);

// `bytes` (after the byte order mark) as UTF-8, without a byte order mark; nullopt when they are
// not well-formed in `enc`: a trailing partial unit, an unpaired surrogate, a code point beyond
// U+10FFFF.
std::optional<std::string> wide_to_utf8(std::string_view bytes, const WideEncoding& enc);

}  // namespace s3policy
