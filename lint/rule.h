// The contract between the engine and the rules. A rule is self-describing (RuleMeta next to its
// check) and overrides the hooks it needs; the engine makes one pass over a file's model and
// dispatches. Rules see the located JSON tree and the policy model, never the raw text.
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "bucket_facts.h"
#include "config.h"
#include "finding.h"
#include "json.h"
#include "policy.h"

namespace s3policy {

enum class Category { Input, Structure, Action, Resource, Principal, Condition, Analysis, Online };
std::string_view category_name(Category category);

struct RuleMeta {
  std::string_view id;       // "S3P104": stable forever, never reused
  std::string_view name;     // "unknown-element": kebab-case, stable
  std::string_view summary;  // one line, SARIF shortDescription and doc title
  Category category = Category::Structure;
  Level level = Level::Error;
  bool enabled_by_default = true;
  // For security rules only: GitHub code scanning's 0.0-10.0 score, as text ("8.6").
  std::string_view security_severity = {};
  std::string_view precision = "very-high";  // SARIF/CodeQL: very-high, high, medium, low
  // Rules whose finding at the same span already says what this rule's would: when one of them
  // reports there, the engine leaves this rule's finding out (one defect, one finding). Only
  // while they run: with them deselected this rule still reports.
  std::span<const std::string_view> defers_to = {};
};

// What the input stage learned about a file before (and while) parsing it.
struct InputFacts {
  std::string_view bytes;
  bool has_bom = false;
  std::optional<uint32_t> nul_offset;           // first NUL byte: a binary file
  std::optional<uint32_t> invalid_utf8_offset;  // first byte of an invalid UTF-8 sequence
  std::optional<JsonSyntaxError> syntax_error;
  const JsonDocument* document = nullptr;  // null unless the text is valid JSON
  // The target accepts comments (RGW) and the text parsed once they were blanked out: `document`
  // is that parse, `syntax_error` still the first comment.
  bool comments_blanked = false;
};

class Context;

class Rule {
 public:
  virtual ~Rule() = default;
  virtual const RuleMeta& meta() const = 0;

  // Called for every file, also when it is not valid JSON (input rules).
  virtual void check_input(const InputFacts&, Context&) const {}
  // Called when the file parsed as JSON with an object at the root.
  virtual void check_policy(const Policy&, Context&) const {}
  virtual void check_statement(const Statement&, const Policy&, Context&) const {}
  // Called for a live bucket (settings().bucket_facts set), after the policy hooks. Findings of
  // it point at the start of the policy text (the whole bucket, not a place in the policy).
  virtual void check_bucket(const BucketFacts&, Context&) const {}
};

// The rule-facing side of the engine: settings for the file and a sink for findings.
class Context {
 public:
  // `source`: the file's text as read (comments included), for fixes that rewrite a region.
  Context(const LintSettings& settings, std::vector<Finding>& sink, std::string_view source = {})
      : settings_(settings), sink_(sink), source_(source) {}

  const LintSettings& settings() const { return settings_; }
  Target target() const { return settings_.target; }
  // The text of `span` (empty when the Context has no source).
  std::string_view text(Span span) const {
    return span.end <= source_.size() && span.begin <= span.end ? source_.substr(span.begin, span.end - span.begin)
                                                                : std::string_view();
  }

  // Reports at a value (its whole span), at a member's key, or at a raw span.
  Finding& report(const JsonValue& at, std::string message);
  Finding& report_key(const JsonMember& at, std::string message);
  Finding& report_span(Span span, std::string pointer, std::string message);

  void set_rule(const RuleMeta* rule) { rule_ = rule; }

  // Derived data that several rules compute from the same file (the access analysis): made by
  // the first rule that asks (`make` returns a std::unique_ptr<T>), shared by the others, dropped
  // with the Context. One object per type T.
  template <class T, class Make>
  T& shared(Make&& make) {
    for (auto& [tag, value] : shared_)
      if (tag == &shared_tag<T>) return *static_cast<T*>(value.get());
    shared_.emplace_back(&shared_tag<T>, std::shared_ptr<T>(make()));
    return *static_cast<T*>(shared_.back().second.get());
  }

 private:
  template <class T>
  static inline const char shared_tag = 0;

  const LintSettings& settings_;
  std::vector<Finding>& sink_;
  std::string_view source_;
  const RuleMeta* rule_ = nullptr;
  std::vector<std::pair<const void*, std::shared_ptr<void>>> shared_;
};

// The first byte of a value ("{" of an object): where "missing X" findings point, so the code
// frame shows one line instead of the whole object.
inline Span head_span(const JsonValue& v) { return {v.span.begin, v.span.begin + 1}; }

// Human-readable did-you-mean suffix: "; did you mean \"Effect\"?" or "".
std::string did_you_mean(const std::optional<std::string>& suggestion);

}  // namespace s3policy
