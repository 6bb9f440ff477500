// Compiler-style text: "path:line:col: level[ID name]: message", a code frame with the span
// underlined, related notes, and a summary line.
//
// Measure (c) of docs/performance.md writes about five findings per file: each finding is built
// in one reused buffer with plain appends and handed to the stream in one write (an operator<< per
// piece cost a stream sentry each, and the pieces' temporary strings an allocation each), and the
// source line of a frame is found by walking forward from the previous finding's line instead of
// indexing every line of the file.
#include <algorithm>
#include <cstring>
#include <map>

#include "report.h"
#include "report/redact.h"
#include "rule.h"

namespace s3policy {

namespace {

struct Style {
  bool on;
  std::string_view operator()(std::string_view code) const { return on ? code : std::string_view{}; }
  void put(std::string& out, std::string_view code) const {
    if (on) out.append(code.data(), code.size());
  }
};
constexpr std::string_view kBold = "\x1b[1m", kReset = "\x1b[0m", kRed = "\x1b[1;31m", kYellow = "\x1b[1;33m",
                           kCyan = "\x1b[1;36m", kBlue = "\x1b[1;34m";

std::string_view level_color(Level l) { return l == Level::Error ? kRed : l == Level::Warning ? kYellow : kCyan; }

void append_number(std::string& out, std::size_t n) {
  char digits[20];
  char* const end = digits + sizeof digits;
  char* first = end;
  do {
    *--first = static_cast<char>('0' + n % 10);
    n /= 10;
  } while (n != 0);
  out.append(first, static_cast<std::size_t>(end - first));
}

std::size_t decimal_width(uint32_t n) {
  std::size_t width = 1;
  for (; n >= 10; n /= 10) ++width;
  return width;
}

constexpr std::uint64_t kEveryByte = 0x0101010101010101ull, kHighBits = 0x8080808080808080ull;

// True when one of the eight bytes of `word` is a control character (below 0x20, or 0x7F).
bool has_control_byte(std::uint64_t word) {
  const std::uint64_t below_space = (word - kEveryByte * 0x20) & ~word & kHighBits;
  const std::uint64_t del = word ^ (kEveryByte * 0x7F);
  const std::uint64_t is_del = (del - kEveryByte) & ~del & kHighBits;
  return (below_space | is_del) != 0;
}

// What the terminal shows of a source line: a tab as one space and control characters as U+FFFD,
// one code point each, so the underline stays aligned and binary input cannot drive the terminal.
void append_printable(std::string& out, std::string_view line) {
  const char* p = line.data();
  const char* const end = p + line.size();
  // Source lines almost never hold a control character: copy clean runs of eight bytes whole.
  const char* run = p;
  while (p < end) {
    if (end - p >= 8) {
      std::uint64_t word;
      std::memcpy(&word, p, sizeof word);
      if (!has_control_byte(word)) {
        p += 8;
        continue;
      }
    }
    const auto u = static_cast<unsigned char>(*p);
    if (u < 0x20 || u == 0x7F) {
      out.append(run, static_cast<std::size_t>(p - run));
      if (*p == '\t')
        out += " ";
      else
        out += "\xEF\xBF\xBD";
      run = p + 1;
    }
    ++p;
  }
  out.append(run, static_cast<std::size_t>(end - run));
}

// Code points [first, first + count) of a UTF-8 line (first is 1-based).
std::string_view code_point_slice(std::string_view text, uint32_t first, uint32_t count) {
  std::size_t begin = 0;
  uint32_t cp = 1;
  auto advance = [&](std::size_t& at) {
    ++at;
    while (at < text.size() && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80) ++at;
  };
  while (begin < text.size() && cp < first) {
    advance(begin);
    ++cp;
  }
  std::size_t end = begin;
  for (uint32_t n = 0; end < text.size() && n < count; ++n) advance(end);
  return text.substr(begin, end - begin);
}

// The text of 1-based lines, as LineIndex::line_text gives it (breaks "\n", "\r\n" and a lone
// "\r"), found by walking on from the line asked for last: a file's findings come sorted by line,
// so its text is scanned once at most, and only up to the last finding.
class LineWalker {
 public:
  explicit LineWalker(std::string_view text)
      : text_(text), has_carriage_return_(std::memchr(text.data(), '\r', text.size()) != nullptr) {
    end_ = line_break_at(text_, 0, has_carriage_return_);
  }

  std::string_view line_text(uint32_t line) {
    if (line == 0) return {};
    if (line < line_) {
      line_ = 1;
      start_ = 0;
      end_ = line_break_at(text_, 0, has_carriage_return_);
    }
    while (line_ < line) {
      if (end_ == text_.size()) return {};  // the last line has no break
      start_ = end_ + line_break_length(text_, end_);
      end_ = line_break_at(text_, start_, has_carriage_return_);
      ++line_;
    }
    return text_.substr(start_, end_ - start_);
  }

 private:
  std::string_view text_;
  bool has_carriage_return_;
  uint32_t line_ = 1;
  std::size_t start_ = 0, end_ = 0;  // the current line's first byte and its break
};

// Code frames show at most this many code points of a line: a minified policy, or a 10 MB
// string, is one line, and the report should not repeat it.
constexpr uint32_t kMaxFrameWidth = 120;
constexpr uint32_t kContextBeforeSpan = 30;

void write_frame(std::string& out, std::string_view full, const Location& loc, Level level, const Style& st) {
  const uint32_t line = loc.start.line;
  const std::size_t number_width = decimal_width(line);
  const uint32_t width = count_code_points(full);
  uint32_t from = std::min(loc.start.column, width + 1);
  // A span over several lines is underlined to the end of its first line.
  uint32_t to = loc.end.line == line ? loc.end.column : width + 1;
  to = std::max(to, from + 1);

  out.append(number_width + 2, ' ');
  st.put(out, kBlue);
  out += "|";
  st.put(out, kReset);
  out += "\n ";
  st.put(out, kBlue);
  append_number(out, line);
  out += " |";
  st.put(out, kReset);
  out += " ";
  if (width <= kMaxFrameWidth) {
    append_printable(out, redact_credentials(full));
  } else {
    // A window around the start of the span, marked with an ellipsis where the line goes on.
    const uint32_t first = from > kContextBeforeSpan ? from - kContextBeforeSpan : 1;
    const uint32_t last = std::min(width, first + kMaxFrameWidth - 1);
    const uint32_t lead = first > 1 ? 1 : 0;
    if (lead) out += "\u2026";
    const std::string_view window = code_point_slice(full, first, last - first + 1);
    append_printable(out,
                     redact_credentials(full, static_cast<std::size_t>(window.data() - full.data()), window.size()));
    if (last < width) out += "\u2026";
    to = std::min(to, last + 1) - first + 1 + lead;
    from = from - first + 1 + lead;
    to = std::max(to, from + 1);
  }
  out += "\n";
  out.append(number_width + 2, ' ');
  st.put(out, kBlue);
  out += "|";
  st.put(out, kReset);
  out.append(from, ' ');  // one after the gutter, then up to the span
  st.put(out, level_color(level));
  out.append(to - from, '^');
  st.put(out, kReset);
  out += "\n";
}

}  // namespace

namespace {

class TextReport final : public ReportStream {
 public:
  TextReport(std::ostream& out, const ReportOptions& options) : out_(out), options_(options), st_{options.color} {}

  void add(const FileResult& file) override {
    ++files_;
    tally_.add(file);
    for (const Finding& f : file.findings)
      if (options_.fix_hints && !f.fix.empty() && !f.suppressed)
        ++(f.fix_safety == FixSafety::Safe ? safe_fixes_ : unsafe_fixes_);
    if (file.error) {
      out_ << st_(kBold) << file.source.path << st_(kReset) << ": " << st_(kRed) << "error" << st_(kReset) << ": "
           << *file.error << '\n';
      return;
    }
    if (file.findings.empty()) return;
    LineWalker lines(file.source.bytes);
    for (const Finding& f : file.findings) {
      if (f.suppressed && !options_.show_suppressed) continue;
      write_finding(file, lines, f);
      // Written in pieces of a few kilobytes: the report of a file with thousands of findings is
      // never held whole.
      if (text_.size() >= kWriteFrom) flush();
    }
    flush();
  }

  void finish() override {
    const Tally& t = tally_;
    auto plural = [](std::size_t n, std::string_view word) {
      return std::to_string(n) + " " + std::string(word) + (n == 1 ? "" : "s");
    };
    if (t.total() == 0) {
      out_ << "No findings in " << plural(files_ - t.unreadable, "file");
    } else {
      out_ << "Found " << plural(t.total(), "finding") << " (" << plural(t.errors, "error") << ", "
           << plural(t.warnings, "warning") << ", " << plural(t.notes, "note") << ") in " << t.files_with_findings
           << " of " << plural(files_ - t.unreadable, "file");
    }
    if (t.suppressed > 0) out_ << "; " << t.suppressed << " suppressed";
    // Not linted: unreadable, or its .s3policy.json is not valid (each input's line says which).
    if (t.unreadable > 0) out_ << "; " << plural(t.unreadable, "input") << " could not be linted";
    out_ << ".\n";
    if (safe_fixes_ > 0 && unsafe_fixes_ > 0)
      out_ << safe_fixes_ << " fixable with --fix; " << unsafe_fixes_ << " more with --fix --unsafe.\n";
    else if (safe_fixes_ > 0)
      out_ << safe_fixes_ << " fixable with --fix.\n";
    else if (unsafe_fixes_ > 0)
      out_ << unsafe_fixes_ << " fixable with --fix --unsafe.\n";
    if (!seen_rules_.empty()) {
      out_ << "Rule documentation: s3policy rule <ID>";
      std::size_t shown = 0;
      for (const auto& [id, r] : seen_rules_) {
        out_ << (shown++ == 0 ? " (" : ", ") << r->id << ' ' << r->name;
        if (shown == 5 && seen_rules_.size() > 5) {
          out_ << ", ...";
          break;
        }
      }
      out_ << ")\n";
    }
  }

 private:
  static constexpr std::size_t kWriteFrom = std::size_t{16} * 1024;

  void flush() {
    out_.write(text_.data(), static_cast<std::streamsize>(text_.size()));
    text_.clear();
  }

  void write_finding(const FileResult& file, LineWalker& lines, const Finding& f) {
    // Findings of one rule tend to come in runs: the map is searched when the rule changes.
    if (f.rule != last_rule_) {
      seen_rules_.try_emplace(f.rule->id, f.rule);
      last_rule_ = f.rule;
    }
    const Location& loc = f.location;
    std::string& out = text_;
    st_.put(out, kBold);
    out += file.source.path;
    out += ":";
    append_number(out, loc.start.line);
    out += ":";
    append_number(out, loc.start.column);
    out += ":";
    st_.put(out, kReset);
    out += " ";
    st_.put(out, level_color(f.level));
    out += level_name(f.level);
    out += "[";
    out += f.rule->id;
    out += " ";
    out += f.rule->name;
    out += "]";
    st_.put(out, kReset);
    st_.put(out, kBold);
    out += ": ";
    out += f.message;
    st_.put(out, kReset);
    out += "\n";
    // A live bucket without a policy has no text to show, and a finding about the bucket itself
    // no place in it.
    if (!file.source.bytes.empty() && !f.about_bucket)
      write_frame(out, lines.line_text(loc.start.line), loc, f.level, st_);
    // "=" lines align with the frame's gutter, which widens with the line number.
    const std::size_t gutter = decimal_width(loc.start.line) + 1;
    for (const RelatedNote& n : f.notes) {
      out.append(gutter, ' ');
      out += " = note: ";
      out += n.message;
      out += " (";
      append_number(out, n.location.start.line);
      out += ":";
      append_number(out, n.location.start.column);
      out += ")\n";
    }
    if (!f.help.empty()) {
      out.append(gutter, ' ');
      out += " = help: ";
      out += f.help;
      out += "\n";
    }
    if (options_.fix_hints && !f.fix.empty() && !f.suppressed) {
      out.append(gutter, ' ');
      out += " = fix available with ";
      out += f.fix_safety == FixSafety::Safe ? "--fix" : "--fix --unsafe (it may change the meaning: review it)";
      out += "\n";
    }
    if (f.suppressed) {
      out.append(gutter, ' ');
      out += " = suppressed: ";
      out += f.suppressed->justification;
      out += "\n";
    }
    out += "\n";
  }

  std::ostream& out_;
  const ReportOptions options_;
  const Style st_;
  Tally tally_;
  std::size_t files_ = 0, safe_fixes_ = 0, unsafe_fixes_ = 0;
  std::string text_;  // what is not written yet, reused from finding to finding
  const RuleMeta* last_rule_ = nullptr;
  // By ID, for a deterministic order; rule metadata outlives the run, so views of its IDs stay valid.
  std::map<std::string_view, const RuleMeta*> seen_rules_;
};

}  // namespace

std::unique_ptr<ReportStream> open_text(std::ostream& out, const RunHeader&, const ReportOptions& options) {
  return std::make_unique<TextReport>(out, options);
}

}  // namespace s3policy
