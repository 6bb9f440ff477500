// UTF-16 and UTF-32 policies (lint/text_encoding.h) and how S3P004 reports and fixes them.
#include "text_encoding.h"

#include <catch2/catch.hpp>
#include <string>

#include "support/harness.h"

using namespace s3policy;
using namespace std::string_literals;

namespace {

// `text` as UTF-16LE or UTF-16BE bytes.
std::string utf16(const std::u16string& text, bool big_endian) {
  std::string out;
  for (char16_t u : text) {
    const char hi = static_cast<char>(u >> 8), lo = static_cast<char>(u & 0xFF);
    out += big_endian ? hi : lo;
    out += big_endian ? lo : hi;
  }
  return out;
}

std::string utf32le(const std::u32string& text) {
  std::string out;
  for (char32_t c : text)
    for (int i = 0; i < 4; ++i) out += static_cast<char>((c >> (8 * i)) & 0xFF);
  return out;
}

}  // namespace

TEST_CASE("text encoding: UTF-16 and UTF-32 are told by their mark or their zero bytes", "[encoding]") {
  const std::u16string json = u"{\"Version\":\"2012-10-17\"}";
  struct Case {
    std::string bytes;
    std::string_view name;
    std::size_t bom;
  };
  const Case cases[] = {
      {"\xFF\xFE"s + utf16(json, false), "UTF-16LE", 2},
      {"\xFE\xFF"s + utf16(json, true), "UTF-16BE", 2},
      {utf16(json, false), "UTF-16LE", 0},
      {utf16(json, true), "UTF-16BE", 0},
      {"\xFF\xFE\0\0"s + utf32le(U"{ }"), "UTF-32LE", 4},
      {utf32le(U"{ }"), "UTF-32LE", 0},
      {"\0\0\xFE\xFF\0\0\0{"s, "UTF-32BE", 4},
      {"\0\0\0{\0\0\0}"s, "UTF-32BE", 0},
  };
  for (const Case& c : cases) {
    INFO(c.name << " with a mark of " << c.bom << " bytes");
    const auto enc = detect_wide_encoding(c.bytes);
    REQUIRE(enc);
    CHECK(enc->name == c.name);
    CHECK(enc->bom == c.bom);
  }
  // UTF-8 (with or without its mark), binary junk, and too little to tell are not wide text.
  CHECK_FALSE(detect_wide_encoding("{\"Version\":\"2012-10-17\"}"));
  CHECK_FALSE(detect_wide_encoding("\xEF\xBB\xBF{}"));
  CHECK_FALSE(detect_wide_encoding("\0\0\0\0\x01\x02"s));
  CHECK_FALSE(detect_wide_encoding("\x7F"s + "ELF\x02\x01\x01\0"s));
  CHECK_FALSE(detect_wide_encoding("{\0"s));
  CHECK_FALSE(detect_wide_encoding(""));
}

TEST_CASE("text encoding: wide text converts to UTF-8 losslessly, or not at all", "[encoding]") {
  // "é" (U+00E9) and "📦" (U+1F4E6, a surrogate pair in UTF-16).
  const std::u16string text = u"{\"Id\":\"caf\u00E9 \U0001F4E6\"}";
  const std::string expected = "{\"Id\":\"caf\xC3\xA9 \xF0\x9F\x93\xA6\"}";
  const auto le = detect_wide_encoding("\xFF\xFE"s + utf16(text, false));
  REQUIRE(le);
  CHECK(wide_to_utf8("\xFF\xFE"s + utf16(text, false), *le) == expected);
  const auto be = detect_wide_encoding(utf16(text, true));
  REQUIRE(be);
  CHECK(wide_to_utf8(utf16(text, true), *be) == expected);
  const auto w32 = detect_wide_encoding(utf32le(U"{\"Id\":\"caf\u00E9 \U0001F4E6\"}"));
  REQUIRE(w32);
  CHECK(wide_to_utf8(utf32le(U"{\"Id\":\"caf\u00E9 \U0001F4E6\"}"), *w32) == expected);

  // Malformed: a lone high or low surrogate, half a code unit at the end, beyond U+10FFFF.
  CHECK_FALSE(wide_to_utf8(utf16(u"{\"a\":\"", false) + "\x3D\xD8"s + utf16(u"\"}", false), *le));
  CHECK_FALSE(wide_to_utf8("\xFF\xFE"s + utf16(u"{\"", false) + "\x00\xDC"s, *le));
  CHECK_FALSE(wide_to_utf8("\xFF\xFE"s + utf16(u"{}", false) + "\x20"s, *le));
  CHECK_FALSE(wide_to_utf8(utf32le(U"{ ") + "\x00\x00\x11\x00"s, *w32));
}

TEST_CASE("S3P004: a UTF-16 policy is reported once, with a fix only when it converts cleanly", "[encoding]") {
  const std::string good = "\xFF\xFE"s + utf16(u"{\"Version\":\"2012-10-17\",\"Statement\":[]}", false);
  FileResult r = test::lint_text(good, {});
  REQUIRE(test::finding_keys(r) == std::vector<std::string>{"S3P004 1:1"});
  const Finding& f = r.findings.front();
  CHECK(f.message.find("UTF-16LE text (with a byte order mark)") != std::string::npos);
  CHECK(f.help.find("iconv -f UTF-16 -t UTF-8") != std::string::npos);
  REQUIRE(f.fix.size() == 1);
  CHECK(f.fix.front().replacement == "{\"Version\":\"2012-10-17\",\"Statement\":[]}");

  // Without a mark iconv must be told the byte order.
  r = test::lint_text(utf16(u"{\"Version\":\"2012-10-17\"}", true), {"S3P004"});
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings.front().help.find("iconv -f UTF-16BE -t UTF-8") != std::string::npos);

  // A lone surrogate: still UTF-16, but no lossless UTF-8 exists, so no fix is offered.
  r = test::lint_text("\xFF\xFE"s + utf16(u"{\"Id\":\"", false) + "\x3D\xD8"s + utf16(u"\"}", false), {"S3P004"});
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings.front().message.find("UTF-16LE") != std::string::npos);
  CHECK(r.findings.front().fix.empty());

  // A NUL character would be a binary file once converted: no fix either.
  r = test::lint_text(utf16(u"{\"Id\":\"a", false) + "\0\0"s + utf16(u"\"}", false), {"S3P004"});
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings.front().fix.empty());

  // Plain binary with NUL bytes keeps the binary-file message.
  r = test::lint_text("\x7F"s + "ELF\x02\x01\x01\0\0\0"s, {"S3P004"});
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings.front().message.find("binary file: NUL byte at offset") != std::string::npos);
}
