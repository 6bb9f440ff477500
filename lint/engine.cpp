#include "engine.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <iostream>
#include <tuple>

#include "catalog/catalog.h"

namespace s3policy {

namespace {

std::optional<uint32_t> first_invalid_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  std::size_t i = 0;
  // Policies are almost all ASCII: skip 32 such bytes at a time, then eight.
  while (i + 32 <= n) {
    std::uint64_t w[4];
    std::memcpy(w, p + i, sizeof w);
    if (((w[0] | w[1] | w[2] | w[3]) & 0x8080808080808080ull) != 0) break;
    i += 32;
  }
  while (i < n) {
    if (i + 8 <= n) {
      std::uint64_t word;
      std::memcpy(&word, p + i, sizeof word);
      if ((word & 0x8080808080808080ull) == 0) {
        i += 8;
        continue;
      }
    }
    const unsigned char c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len = 0;
    unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF)
      len = 2;
    else if (c == 0xE0) {
      len = 3;
      lo = 0xA0;
    } else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) {
      len = 3;
    } else if (c == 0xED) {
      len = 3;
      hi = 0x9F;  // no UTF-16 surrogates
    } else if (c == 0xF0) {
      len = 4;
      lo = 0x90;
    } else if (c >= 0xF1 && c <= 0xF3)
      len = 4;
    else if (c == 0xF4) {
      len = 4;
      hi = 0x8F;
    } else
      return static_cast<uint32_t>(i);
    if (i + len > n || p[i + 1] < lo || p[i + 1] > hi) return static_cast<uint32_t>(i);
    for (std::size_t k = 2; k < len; ++k)
      if ((p[i + k] & 0xC0) != 0x80) return static_cast<uint32_t>(i);
    i += len;
  }
  return std::nullopt;
}

// The Sid of the statement a JSON pointer lies in ("/Statement/2/Action/0" or, for a lone
// statement object, "/Statement/Action"): suppressions and fingerprints name statements by Sid
// so that reordering statements does not change them.
std::string statement_sid(const std::string& pointer, const Policy& policy) {
  constexpr std::string_view kPrefix = "/Statement";
  if (pointer.compare(0, kPrefix.size(), kPrefix) != 0 || policy.statements.empty()) return {};
  if (policy.statement == nullptr) return {};
  const Statement* st = nullptr;
  if (policy.statement->value->is_object()) {
    st = &policy.statements.front();
  } else {
    std::size_t i = kPrefix.size() + 1, index = 0;
    if (i >= pointer.size() || !std::isdigit(static_cast<unsigned char>(pointer[i]))) return {};
    for (; i < pointer.size() && std::isdigit(static_cast<unsigned char>(pointer[i])); ++i)
      index = index * 10 + static_cast<std::size_t>(pointer[i] - '0');
    for (const Statement& s : policy.statements)
      if (s.index == index) st = &s;
  }
  if (st == nullptr || st->sid == nullptr || !st->sid->value->is_string()) return {};
  return std::string(st->sid->value->text());
}

// A finding whose rule defers to another rule that reported at the same span (RuleMeta::defers_to).
void drop_deferred(std::vector<Finding>& findings) {
  const auto defers = [&](const Finding& f) {
    if (f.rule->defers_to.empty()) return false;
    return std::any_of(findings.begin(), findings.end(), [&](const Finding& g) {
      return &g != &f && g.location.span.begin == f.location.span.begin && g.location.span.end == f.location.span.end &&
             std::find(f.rule->defers_to.begin(), f.rule->defers_to.end(), g.rule->id) != f.rule->defers_to.end();
    });
  };
  if (std::none_of(findings.begin(), findings.end(), [](const Finding& f) { return !f.rule->defers_to.empty(); }))
    return;
  std::vector<bool> drop(findings.size());
  for (std::size_t i = 0; i < findings.size(); ++i) drop[i] = defers(findings[i]);
  std::size_t kept = 0;
  for (std::size_t i = 0; i < findings.size(); ++i)
    if (!drop[i]) {
      if (kept != i) findings[kept] = std::move(findings[i]);
      ++kept;
    }
  findings.resize(kept);
}

// Every start and end of the findings and their notes, resolved in one ascending sweep of the
// text (no index of all its lines: a file's findings are a handful of offsets).
void resolve_positions(std::vector<Finding>& findings, std::string_view text) {
  std::vector<std::pair<uint32_t, Position*>> wanted;
  for (Finding& f : findings) {
    wanted.emplace_back(f.location.span.begin, &f.location.start);
    wanted.emplace_back(f.location.span.end, &f.location.end);
    for (RelatedNote& n : f.notes) {
      wanted.emplace_back(n.location.span.begin, &n.location.start);
      wanted.emplace_back(n.location.span.end, &n.location.end);
    }
  }
  std::sort(wanted.begin(), wanted.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  PositionSweep sweep(text);
  for (const auto& [offset, position] : wanted) *position = sweep.position(offset);
}

}  // namespace

Engine::Engine(std::span<const Rule* const> rules, RuleSelection selection, InputLimits limits)
    : selection_(std::move(selection)), limits_(limits) {
  for (const Rule* r : rules) {
    if (!selection_.enabled(r->meta())) continue;
    enabled_.push_back(r);
    levels_.push_back(selection_.level_for(r->meta()));
    level_is_set_.push_back(selection_.levels.count(std::string(r->meta().id)) != 0 ||
                            selection_.levels.count(std::string(r->meta().name)) != 0);
  }
}

FileResult Engine::lint(SourceFile source, const LintSettings& settings) const {
  FileResult result;
  result.source = std::move(source);
  const std::string_view bytes = result.source.bytes;

  InputFacts facts;
  facts.bytes = bytes;
  facts.has_bom = bytes.substr(0, 3) == "\xEF\xBB\xBF";
  if (auto nul = bytes.find('\0'); nul != std::string_view::npos)
    facts.nul_offset = static_cast<uint32_t>(nul);
  else
    facts.invalid_utf8_offset = first_invalid_utf8(bytes);

  JsonParseResult parsed;
  std::string blanked;  // outlives the rules: the text without its comments, same offsets
  std::unique_ptr<Policy> policy;
  // A live bucket without a readable policy has no text to check: only the bucket hooks run.
  const BucketFacts* bucket = settings.bucket_facts;
  const bool has_text = bucket == nullptr || bucket->policy == BucketFacts::Policy::Present;
  // Binary or mis-encoded input is reported by invalid-encoding alone: a parse of it would only
  // add noise at the same spot.
  if (has_text && !facts.nul_offset && !facts.invalid_utf8_offset) {
    // Valid UTF-8 here (checked above), also once comments are blanked out.
    const JsonLimits json_limits{.max_depth = limits_.max_depth, .known_valid_utf8 = true};
    // The tree refers to the text, which result.source keeps (findings need it for positions).
    parsed = parse_json_borrowing(result.source.bytes, json_limits);
    // RGW stores a policy with comments (measured): on such a target, check the rest of it.
    if (parsed.error && catalog_for(settings.target).facts().accepts_json_comments &&
        starts_json_comment(bytes, parsed.error->offset)) {
      blanked = blank_json_comments(bytes);
      if (JsonParseResult again = parse_json_borrowing(blanked, json_limits); again.document) {
        again.error = parsed.error;
        parsed = std::move(again);
        facts.comments_blanked = true;
      }
    }
    facts.syntax_error = parsed.error;
    facts.document = parsed.document.get();
    if (facts.document != nullptr) policy = build_policy(*facts.document);
  }

  Context cx(settings, result.findings, bytes);
  for (std::size_t i = 0; i < enabled_.size(); ++i) {
    const Rule* rule = enabled_[i];
    cx.set_rule(&rule->meta());
    const std::size_t first = result.findings.size();
    if (has_text) rule->check_input(facts, cx);
    // The access analysis judges what a policy means; a template's values are only known once
    // the stack renders it (cloudformation-function says so).
    if (policy && !(policy->is_template() && rule->meta().category == Category::Analysis)) {
      rule->check_policy(*policy, cx);
      for (const Statement& st : policy->statements) rule->check_statement(st, *policy, cx);
    }
    if (bucket != nullptr) rule->check_bucket(*bucket, cx);
    if (level_is_set_[i])
      for (std::size_t k = first; k < result.findings.size(); ++k) result.findings[k].level = levels_[i];
  }

  if (!result.findings.empty()) {
    drop_deferred(result.findings);
    if (policy)
      for (Finding& f : result.findings) f.sid = statement_sid(f.location.pointer, *policy);
    resolve_positions(result.findings, bytes);
    std::stable_sort(result.findings.begin(), result.findings.end(), [](const Finding& a, const Finding& b) {
      return std::tie(a.location.start.line, a.location.start.column, a.rule->id) <
             std::tie(b.location.start.line, b.location.start.column, b.rule->id);
    });
  }
  return result;
}

FileResult read_input(const std::string& path, const InputLimits& limits) {
  FileResult result;
  result.source.path = path;
  auto fail = [&](std::string why) {
    result.error = std::move(why);
    return result;
  };
  const bool is_stdin = path == "-";
  const int fd = is_stdin ? STDIN_FILENO : ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return fail(std::string("cannot open: ") + std::strerror(errno));
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    const int e = errno;
    if (!is_stdin) ::close(fd);
    return fail(std::string("cannot stat: ") + std::strerror(e));
  }
  if (!is_stdin && !S_ISREG(st.st_mode)) {
    ::close(fd);
    return fail(S_ISDIR(st.st_mode) ? "is a directory" : "not a regular file (device, FIFO or socket)");
  }
  if (!is_stdin && static_cast<std::size_t>(st.st_size) > limits.max_bytes) {
    ::close(fd);
    return fail("file is " + std::to_string(st.st_size) + " bytes, over the input limit of " +
                std::to_string(limits.max_bytes) + " bytes (raise it with --max-bytes)");
  }
  // O_NONBLOCK only guarded the open of a FIFO: regular files ignore it (open(2)), so it stays set
  // rather than cost an fcntl per file, unless a file system does answer EAGAIN (a FUSE one may).
  bool blocking = is_stdin;
  std::string& bytes = result.source.bytes;
  // A regular file is read at its size in one buffer, the one the linter keeps (grown by
  // doubling, the text of a large policy would take up to twice its size); a pipe in chunks.
  const bool sized = S_ISREG(st.st_mode) && st.st_size > 0;
  if (sized) bytes.reserve(std::min(static_cast<std::size_t>(st.st_size), limits.max_bytes) + 1);
  std::size_t filled = 0;
  for (;;) {
    if (bytes.size() == filled) bytes.resize(std::max<std::size_t>(filled + (sized ? 1 : 65536), bytes.capacity()));
    const ssize_t n = ::read(fd, bytes.data() + filled, bytes.size() - filled);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN && !blocking) {
      blocking = true;
      if (::fcntl(fd, F_SETFL, 0) == 0) continue;
      errno = EAGAIN;
    }
    if (n < 0) {
      const int e = errno;
      if (!is_stdin) ::close(fd);
      bytes.clear();
      return fail(std::string("read error: ") + std::strerror(e));
    }
    if (n == 0) break;
    filled += static_cast<std::size_t>(n);
    if (filled > limits.max_bytes) {
      if (!is_stdin) ::close(fd);
      std::string().swap(bytes);
      return fail("input is over the limit of " + std::to_string(limits.max_bytes) +
                  " bytes (raise it with --max-bytes)");
    }
  }
  bytes.resize(filled);
  if (!sized) bytes.shrink_to_fit();
  if (!is_stdin) ::close(fd);
  return result;
}

}  // namespace s3policy
