// Compiler-style text: "path:line:col: level[ID name]: message", a code frame with the span
// underlined, related notes, and a summary line.
#include <algorithm>
#include <map>

#include "report.h"
#include "rule.h"

namespace s3policy {

namespace {

struct Style {
  bool on;
  std::string_view operator()(std::string_view code) const { return on ? code : std::string_view{}; }
};
constexpr std::string_view kBold = "\x1b[1m", kReset = "\x1b[0m", kRed = "\x1b[1;31m", kYellow = "\x1b[1;33m",
                           kCyan = "\x1b[1;36m", kBlue = "\x1b[1;34m";

std::string_view level_color(Level l) { return l == Level::Error ? kRed : l == Level::Warning ? kYellow : kCyan; }

// What the terminal shows of a source line: a tab as one space and control characters as U+FFFD,
// one code point each, so the underline stays aligned and binary input cannot drive the terminal.
std::string printable(std::string_view line) {
  std::string out;
  out.reserve(line.size());
  for (char c : line) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '\t') out += ' ';
    else if (u < 0x20 || u == 0x7F) out += "\xEF\xBF\xBD";
    else out += c;
  }
  return out;
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

// Code frames show at most this many code points of a line: a minified policy, or a 10 MB
// string, is one line, and the report should not repeat it.
constexpr uint32_t kMaxFrameWidth = 120;
constexpr uint32_t kContextBeforeSpan = 30;

void write_frame(std::ostream& out, const LineIndex& lines, const Location& loc, const std::string& label, Level level,
                 const Style& st) {
  const uint32_t line = loc.start.line;
  const std::string number = std::to_string(line);
  const std::string pad(number.size(), ' ');
  const std::string_view full = lines.line_text(line);
  const uint32_t width = count_code_points(full);
  uint32_t from = std::min(loc.start.column, width + 1);
  // A span over several lines is underlined to the end of its first line.
  uint32_t to = loc.end.line == line ? loc.end.column : width + 1;
  to = std::max(to, from + 1);
  std::string shown;
  if (width <= kMaxFrameWidth) {
    shown = printable(full);
  } else {
    // A window around the start of the span, marked with an ellipsis where the line goes on.
    const uint32_t first = from > kContextBeforeSpan ? from - kContextBeforeSpan : 1;
    const uint32_t last = std::min(width, first + kMaxFrameWidth - 1);
    const uint32_t lead = first > 1 ? 1 : 0;
    shown = (lead ? "\u2026" : "") + printable(code_point_slice(full, first, last - first + 1)) +
            (last < width ? "\u2026" : "");
    to = std::min(to, last + 1) - first + 1 + lead;
    from = from - first + 1 + lead;
    to = std::max(to, from + 1);
  }
  out << ' ' << pad << ' ' << st(kBlue) << '|' << st(kReset) << '\n';
  out << ' ' << st(kBlue) << number << " |" << st(kReset) << ' ' << shown << '\n';
  out << ' ' << pad << ' ' << st(kBlue) << '|' << st(kReset) << ' ' << std::string(from - 1, ' ') << st(level_color(level))
      << std::string(to - from, '^') << (label.empty() ? "" : " " + label) << st(kReset) << '\n';
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
    const LineIndex lines(file.source.bytes);
    for (const Finding& f : file.findings)
      if (!f.suppressed || options_.show_suppressed) write_finding(file, lines, f);
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
    if (t.unreadable > 0) out_ << "; " << plural(t.unreadable, "input") << " could not be read";
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
  void write_finding(const FileResult& file, const LineIndex& lines, const Finding& f) {
    seen_rules_.emplace(f.rule->id, f.rule);
    const Location& loc = f.location;
    out_ << st_(kBold) << file.source.path << ':' << loc.start.line << ':' << loc.start.column << ":" << st_(kReset)
         << ' ' << st_(level_color(f.level)) << level_name(f.level) << '[' << f.rule->id << ' ' << f.rule->name << ']'
         << st_(kReset) << st_(kBold) << ": " << f.message << st_(kReset) << '\n';
    // A live bucket without a policy has no text to show.
    if (!file.source.bytes.empty()) write_frame(out_, lines, loc, "", f.level, st_);
    // "=" lines align with the frame's gutter, which widens with the line number.
    const std::string gutter(std::to_string(loc.start.line).size() + 1, ' ');
    for (const RelatedNote& n : f.notes)
      out_ << gutter << " = note: " << n.message << " (" << n.location.start.line << ':' << n.location.start.column
           << ")\n";
    if (!f.help.empty()) out_ << gutter << " = help: " << f.help << '\n';
    if (options_.fix_hints && !f.fix.empty() && !f.suppressed)
      out_ << gutter << " = fix available with "
           << (f.fix_safety == FixSafety::Safe ? "--fix" : "--fix --unsafe (it may change the meaning: review it)")
           << '\n';
    if (f.suppressed) out_ << gutter << " = suppressed: " << f.suppressed->justification << '\n';
    out_ << '\n';
  }

  std::ostream& out_;
  const ReportOptions options_;
  const Style st_;
  Tally tally_;
  std::size_t files_ = 0, safe_fixes_ = 0, unsafe_fixes_ = 0;
  // By ID, for a deterministic order; rule metadata outlives the run, so views of its IDs stay valid.
  std::map<std::string_view, const RuleMeta*> seen_rules_;
};

}  // namespace

std::unique_ptr<ReportStream> open_text(std::ostream& out, const RunHeader&, const ReportOptions& options) {
  return std::make_unique<TextReport>(out, options);
}

}  // namespace s3policy
