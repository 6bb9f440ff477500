#include "source.h"

#include <algorithm>
#include <bit>
#include <cstring>

namespace s3policy {
namespace {
constexpr std::size_t kExactlySizedFrom = std::size_t{64} * 1024;
}  // namespace

LineIndex::LineIndex(std::string_view text) : text_(text) {
  starts_.push_back(0);
  // Nearly every file breaks lines with "\n" alone: memchr finds those much faster than a loop.
  if (text.find('\r') == std::string_view::npos) {
    const char* const base = text.data();
    const char* const end = base + text.size();
    // A large file's index is sized exactly (grown by doubling it took up to twice its size, at
    // the file's memory peak); counting first costs a second pass, not worth it for small files.
    if (text.size() > kExactlySizedFrom) starts_.reserve(static_cast<std::size_t>(std::count(base, end, '\n')) + 1);
    for (const char* p = base; (p = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)))) != nullptr;)
      starts_.push_back(static_cast<uint32_t>(++p - base));
    return;
  }
  for (uint32_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') {
      starts_.push_back(i + 1);
    } else if (text[i] == '\r') {
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
      starts_.push_back(i + 1);
    }
  }
}

Position LineIndex::position(uint32_t offset) const {
  offset = std::min<uint32_t>(offset, static_cast<uint32_t>(text_.size()));
  auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
  const auto line = static_cast<uint32_t>(it - starts_.begin());
  const uint32_t start = starts_[line - 1];
  return {line, count_code_points(text_.substr(start, offset - start)) + 1};
}

std::string_view LineIndex::line_text(uint32_t line) const {
  if (line == 0 || line > starts_.size()) return {};
  const uint32_t start = starts_[line - 1];
  uint32_t end = line < starts_.size() ? starts_[line] : static_cast<uint32_t>(text_.size());
  while (end > start && (text_[end - 1] == '\n' || text_[end - 1] == '\r')) --end;
  return text_.substr(start, end - start);
}

namespace {
constexpr uint32_t kNoLine = UINT32_MAX;
}  // namespace

PositionSweep::PositionSweep(std::string_view text)
    : text_(text), has_carriage_return_(std::memchr(text.data(), '\r', text.size()) != nullptr) {
  next_line_start_ = start_of_next_line(0);
}

std::size_t line_break_at(std::string_view text, std::size_t from, bool has_carriage_return) {
  const char* const base = text.data();
  const std::size_t size = text.size();
  if (!has_carriage_return) {
    const void* newline = std::memchr(base + from, '\n', size - from);
    return newline != nullptr ? static_cast<std::size_t>(static_cast<const char*>(newline) - base) : size;
  }
  while (from < size && base[from] != '\n' && base[from] != '\r') ++from;
  return from;
}

uint32_t PositionSweep::start_of_next_line(uint32_t line_start) const {
  const std::size_t at = line_break_at(text_, line_start, has_carriage_return_);
  return at == text_.size() ? kNoLine : static_cast<uint32_t>(at + line_break_length(text_, at));
}

Position PositionSweep::position(uint32_t offset) {
  offset = std::min<uint32_t>(offset, static_cast<uint32_t>(text_.size()));
  while (next_line_start_ <= offset) {
    ++line_;
    line_start_ = counted_to_ = next_line_start_;
    column_ = 1;
    next_line_start_ = start_of_next_line(line_start_);
  }
  // Code points add up byte range by byte range: count on from the previous offset of the line.
  column_ += count_code_points(text_.substr(counted_to_, offset - counted_to_));
  counted_to_ = offset;
  return {line_, column_};
}

uint32_t count_code_points(std::string_view bytes) {
  // Eight bytes at a time: a continuation byte is 10xxxxxx, and ASCII text has none (every finding
  // counts the code points before its start and end, and the text report those of its line).
  constexpr std::uint64_t kHighBits = 0x8080808080808080ull;
  const char* p = bytes.data();
  const char* const end = p + bytes.size();
  uint32_t n = 0;
  for (; end - p >= 8; p += 8) {
    std::uint64_t word;
    std::memcpy(&word, p, sizeof word);
    const std::uint64_t continuation = word & ~(word << 1) & kHighBits;
    n += 8;
    if (continuation != 0) n -= static_cast<uint32_t>(std::popcount(continuation));
  }
  for (; p < end; ++p)
    if ((static_cast<unsigned char>(*p) & 0xC0) != 0x80) ++n;
  return n;
}

}  // namespace s3policy
