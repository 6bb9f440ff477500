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

// The positions of offsets asked for in ascending order, found in one pass over the text up to
// the last of them: LineIndex::position's answers (same line breaks, offsets past the end
// clamped) without first indexing every line, for the engine, which resolves each file's
// findings at once.
class PositionSweep {
 public:
  explicit PositionSweep(std::string_view text);
  // `offset` must not be smaller than the one asked for before.
  Position position(uint32_t offset);

 private:
  uint32_t start_of_next_line(uint32_t line_start) const;

  std::string_view text_;
  bool has_carriage_return_;
  uint32_t line_ = 1, line_start_ = 0, next_line_start_;
  uint32_t counted_to_ = 0, column_ = 1;  // the column of offset counted_to_, on line_
};

// Counts code points in a UTF-8 byte range; a stray byte that is not a continuation byte counts
// as one, so invalid input still gets stable columns.
uint32_t count_code_points(std::string_view bytes);

// The offset of the first line break ("\n", "\r\n" or a lone "\r") at or after `from`, or the
// text's size; `has_carriage_return` (whether the text holds a '\r' at all) lets a text without
// one be searched with memchr. The walkers over a file's lines (PositionSweep, the text report)
// share it so that they agree on where lines end.
std::size_t line_break_at(std::string_view text, std::size_t from, bool has_carriage_return);
// The length of the break at `at` (line_break_at's answer, not the text's end): 2 for "\r\n".
inline std::size_t line_break_length(std::string_view text, std::size_t at) {
  return text[at] == '\r' && at + 1 < text.size() && text[at + 1] == '\n' ? 2 : 1;
}

// One input to lint: a file on disk, stdin, or a live bucket policy (uri "s3://bucket").
struct SourceFile {
  std::string path;   // as given by the user, or "s3://bucket"; shown in every report
  std::string bytes;  // exact contents
};

}  // namespace s3policy
