// The stream and the escape decoder under the located JSON parser (lint/json.cpp), and RapidJSON's
// hook for skipping a string's plain bytes on that stream. Only json.cpp includes it.
#pragma once

#include <rapidjson/reader.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace s3policy::json_detail {

// Reads NUL-terminated text for RapidJSON's in-situ mode without writing to it: a string's
// decoded bytes are only counted (their number tells whether it has escapes; see
// JsonBuilder::string_value). Unlike RapidJSON's InsituStringStream it has no copy optimization:
// the reader would parse each token on a copy of the stream and write the position back only
// after the event, while the handler needs the position during the event.
class TextStream {
 public:
  using Ch = char;
  // `end` is where the text ends (its NUL terminator).
  TextStream(const char* text, const char* end) : src_(text), head_(text), end_(end) {}
  Ch Peek() const { return *src_; }
  Ch Take() { return *src_++; }
  std::size_t Tell() const { return static_cast<std::size_t>(src_ - head_); }
  Ch* PutBegin() {
    decoded_ = 0;
    return nullptr;
  }
  void Put(Ch) { ++decoded_; }
  void Flush() {}
  std::size_t PutEnd(Ch*) const { return decoded_; }

  // Inside a string: skips the bytes up to the next '"', '\\' or control character, which decode
  // to themselves, eight at a time. RapidJSON would take them one by one, a dozen instructions
  // each, and a policy is mostly strings (ARNs, action names).
  void skip_plain_string_bytes() {
    const Ch* p = src_;
    for (; end_ - p >= 8; p += 8) {
      std::uint64_t word;
      std::memcpy(&word, p, sizeof word);
      if (has_string_special(word)) break;
    }
    while (p < end_ && !is_string_special(*p)) ++p;
    decoded_ += static_cast<std::size_t>(p - src_);
    src_ = p;
  }

 private:
  static bool is_string_special(Ch c) { return c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20; }
  static bool has_string_special(std::uint64_t word) {
    constexpr std::uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
    auto has_zero_byte = [](std::uint64_t v) { return (v - kOnes) & ~v & kHigh; };
    const std::uint64_t below_space = (word - kOnes * 0x20) & ~word & kHigh;
    return (has_zero_byte(word ^ (kOnes * '"')) | has_zero_byte(word ^ (kOnes * '\\')) | below_space) != 0;
  }

  const Ch* src_;
  const Ch* head_;
  const Ch* end_;
  std::size_t decoded_ = 0;
};

// Decodes one string token, for the few strings with escapes.
struct DecodedString : rapidjson::BaseReaderHandler<rapidjson::UTF8<>, DecodedString> {
  std::string_view value;
  bool String(const char* str, rapidjson::SizeType len, bool) {
    value = {str, len};
    return true;
  }
};

}  // namespace s3policy::json_detail

// RapidJSON's hook for skipping the plain stretches of a string, which does nothing for a stream
// type it does not know (it has SSE versions for its own streams only). Not called when the
// parse validates UTF-8: the bytes are then taken one by one, as before.
template <>
template <>
inline void rapidjson::GenericReader<rapidjson::UTF8<>, rapidjson::UTF8<>, rapidjson::CrtAllocator>::
    ScanCopyUnescapedString<s3policy::json_detail::TextStream, s3policy::json_detail::TextStream>(s3policy::json_detail::TextStream& is,
                                                                        s3policy::json_detail::TextStream& /*same stream*/) {
  is.skip_plain_string_bytes();
}

