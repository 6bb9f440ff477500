#include "text_encoding.h"

#include <cstdint>

namespace s3policy {
namespace {

constexpr WideEncoding kUtf16Le{"UTF-16LE", 2, false, 0};
constexpr WideEncoding kUtf16Be{"UTF-16BE", 2, true, 0};
constexpr WideEncoding kUtf32Le{"UTF-32LE", 4, false, 0};
constexpr WideEncoding kUtf32Be{"UTF-32BE", 4, true, 0};

WideEncoding with_bom(WideEncoding e) {
  e.bom = e.unit;
  return e;
}

std::uint32_t unit_at(std::string_view bytes, std::size_t at, const WideEncoding& enc) {
  std::uint32_t v = 0;
  for (std::size_t i = 0; i < enc.unit; ++i) {
    const auto b = static_cast<unsigned char>(bytes[at + (enc.big_endian ? i : enc.unit - 1 - i)]);
    v = (v << 8) | b;
  }
  return v;
}

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

bool is_surrogate(std::uint32_t u) { return u >= 0xD800 && u <= 0xDFFF; }

}  // namespace

std::optional<WideEncoding> detect_wide_encoding(std::string_view bytes) {
  auto b = [&](std::size_t i) { return i < bytes.size() ? static_cast<unsigned char>(bytes[i]) : 0x100U; };
  // UTF-32LE's mark begins with UTF-16LE's: the longer one first.
  if (b(0) == 0xFF && b(1) == 0xFE && b(2) == 0 && b(3) == 0) return with_bom(kUtf32Le);
  if (b(0) == 0 && b(1) == 0 && b(2) == 0xFE && b(3) == 0xFF) return with_bom(kUtf32Be);
  if (b(0) == 0xFF && b(1) == 0xFE) return with_bom(kUtf16Le);
  if (b(0) == 0xFE && b(1) == 0xFF) return with_bom(kUtf16Be);
  // Without a mark: the first two characters are ASCII ('{' and whitespace, or '{' and '"').
  if (bytes.size() < 4) return std::nullopt;
  auto ascii = [](unsigned v) { return v != 0 && v < 0x80; };
  if (ascii(b(0)) && b(1) == 0 && b(2) == 0 && b(3) == 0) return kUtf32Le;
  if (b(0) == 0 && b(1) == 0 && b(2) == 0 && ascii(b(3))) return kUtf32Be;
  if (ascii(b(0)) && b(1) == 0 && ascii(b(2)) && b(3) == 0) return kUtf16Le;
  if (b(0) == 0 && ascii(b(1)) && b(2) == 0 && ascii(b(3))) return kUtf16Be;
  return std::nullopt;
}

std::optional<std::string> wide_to_utf8(std::string_view bytes, const WideEncoding& enc) {
  if (bytes.size() < enc.bom) return std::nullopt;
  bytes.remove_prefix(enc.bom);
  if (bytes.size() % enc.unit != 0) return std::nullopt;
  std::string out;
  out.reserve(bytes.size() / enc.unit);
  for (std::size_t at = 0; at < bytes.size(); at += enc.unit) {
    std::uint32_t cp = unit_at(bytes, at, enc);
    if (enc.unit == 2 && cp >= 0xD800 && cp <= 0xDBFF) {  // a high surrogate: its pair follows
      at += 2;
      if (at >= bytes.size()) return std::nullopt;
      const std::uint32_t low = unit_at(bytes, at, enc);
      if (low < 0xDC00 || low > 0xDFFF) return std::nullopt;
      cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
    } else if (is_surrogate(cp) || cp > 0x10FFFF) {
      return std::nullopt;
    }
    append_utf8(out, cp);
  }
  return out;
}

}  // namespace s3policy
