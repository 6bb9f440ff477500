// Source text and positions. Offsets are bytes; positions are 1-based lines and 1-based columns
// counted in Unicode code points (SARIF columnKind "unicodeCodePoints"), end exclusive.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace s3policy {

struct Span {
  uint32_t begin = 0;  // byte offset of the first byte
  uint32_t end = 0;    // byte offset one past the last byte
};

struct Position {
  uint32_t line = 1;
  uint32_t column = 1;
};

// Maps byte offsets to line/column. Line breaks are "\n", "\r\n" and a lone "\r".
class LineIndex {
 public:
  explicit LineIndex(std::string_view text);

  Position position(uint32_t offset) const;
  uint32_t line_count() const { return static_cast<uint32_t>(starts_.size()); }
  // The text of a 1-based line without its line break.
  std::string_view line_text(uint32_t line) const;
  uint32_t line_start(uint32_t line) const { return starts_[line - 1]; }

 private:
  std::string_view text_;
  std::vector<uint32_t> starts_;
};

// Counts code points in a UTF-8 byte range; a stray byte that is not a continuation byte counts
// as one, so invalid input still gets stable columns.
uint32_t count_code_points(std::string_view bytes);

// One input to lint: a file on disk, stdin, or a live bucket policy (uri "s3://bucket").
struct SourceFile {
  std::string path;   // as given by the user, or "s3://bucket"; shown in every report
  std::string bytes;  // exact contents
};

}  // namespace s3policy
