// S3P0xx: what is wrong with the bytes before any policy semantics: syntax, duplicate keys,
// size, encoding.
#include <algorithm>
#include <cstdio>

#include "catalog/catalog.h"
#include "rules/input/family.h"
#include "text_encoding.h"

namespace s3policy::rules {
namespace {

constexpr RuleMeta kInvalidJson{.id = "S3P001",
                                .name = "invalid-json",
                                .summary = "The policy is not valid JSON",
                                .category = Category::Input,
                                .level = Level::Error};

class InvalidJson final : public Rule {
 public:
  const RuleMeta& meta() const override { return kInvalidJson; }
  void check_input(const InputFacts& in, Context& cx) const override {
    if (!in.syntax_error) return;
    const uint32_t at = in.syntax_error->offset;
    const uint32_t end = at < in.bytes.size() ? at + 1 : at;
    const bool comment = starts_json_comment(in.bytes, at);
    const Target t = cx.target();
    if (in.comments_blanked) {
      // Measured: RGW stores a policy with // and /* */ comments. The rest parsed with the
      // comments blanked out, and every other rule checks it; what remains is portability.
      Finding& f = cx.report_span({at, end}, "",
                                  "the policy has comments: " + std::string(target_info(t).display) +
                                      " accepts them, but AWS and JSON tools do not (the rest of the "
                                      "file is checked as if they were spaces)");
      f.level = Level::Warning;
      return;
    }
    if (comment && catalog_for(t).facts().accepts_json_comments) {
      // The text does not parse even without its comments: the first error after them is not
      // known here, so no verdict.
      cx.report_span({at, end}, "",
                     "invalid JSON: " + in.syntax_error->message + "; " + std::string(target_info(t).display) +
                         " accepts comments, but AWS and JSON tools do not, and s3policy checks "
                         "nothing else in this file");
      return;
    }
    cx.report_span({at, end}, "",
                   "invalid JSON: " + in.syntax_error->message + "; " + std::string(target_info(t).display) +
                       " rejects the whole policy")
        .target_effect = TargetEffect::RejectsPolicy;
  }
};

constexpr RuleMeta kDuplicateKey{.id = "S3P002",
                                 .name = "duplicate-key",
                                 .summary = "An object has the same key twice",
                                 .category = Category::Input,
                                 .level = Level::Error};

class DuplicateKey final : public Rule {
 private:
  // RGW refuses a policy that repeats an element of the policy, of a statement or of a Principal
  // (measured: Effect, Version, Statement); it does not check condition operators and keys.
  static bool is_element_object(const JsonValue& object) {
    const std::string pointer = json_pointer(object);
    if (pointer.empty() || pointer == "/Statement") return true;
    constexpr std::string_view kStatements = "/Statement/";
    if (pointer.starts_with(kStatements) && pointer.find('/', kStatements.size()) == std::string::npos) return true;
    return pointer.ends_with("/Principal") || pointer.ends_with("/NotPrincipal");
  }

 public:
  const RuleMeta& meta() const override { return kDuplicateKey; }
  void check_input(const InputFacts& in, Context& cx) const override {
    if (in.document == nullptr) return;
    for (const JsonDuplicate& d : in.document->duplicates()) {
      const JsonMember& later = d.object->members()[d.member_index];
      const JsonMember* first = d.object->find(later.key);
      const bool element = is_element_object(*d.object);
      const bool ceph = is_ceph(cx.target());
      std::string message = std::string("duplicate key \"").append(later.key) + "\": JSON parsers disagree on which value wins";
      if (element)
        message += ceph ? ", and " + std::string(target_info(cx.target()).display) +
                              " rejects the whole policy when an element repeats"
                        : ", and Ceph RGW rejects a repeated policy element";
      Finding& f = cx.report_key(later, message);
      if (ceph && element) f.target_effect = TargetEffect::RejectsPolicy;
      std::string note = std::string("first \"").append(later.key) + "\" is here";
      f.notes.push_back({{first->key_span, {}, {}, json_pointer(*first->value)}, std::move(note)});
    }
  }
};

constexpr RuleMeta kPolicyTooLarge{.id = "S3P003",
                                   .name = "policy-too-large",
                                   .summary = "The policy exceeds the target's size limit",
                                   .category = Category::Input,
                                   .level = Level::Error};

// AWS counts the policy without insignificant whitespace; RGW reads the raw request body.
std::size_t size_without_whitespace(std::string_view bytes) {
  std::size_t n = 0;
  bool in_string = false, escaped = false;
  for (char c : bytes) {
    if (in_string) {
      ++n;
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        in_string = false;
    } else if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
      ++n;
      in_string = c == '"';
    }
  }
  return n;
}

class PolicyTooLarge final : public Rule {
 public:
  const RuleMeta& meta() const override { return kPolicyTooLarge; }
  void check_input(const InputFacts& in, Context& cx) const override {
    if (in.document == nullptr) return;
    const bool aws = cx.target() == Target::Aws;
    const std::size_t limit = aws ? 20 * 1024 : 1024 * 1024;
    const std::size_t size = aws ? size_without_whitespace(in.bytes) : in.bytes.size();
    if (size <= limit) return;
    const std::string display(target_info(cx.target()).display);
    const uint32_t root = in.document->root()->span.begin;
    cx.report_span(
          {root, root + 1}, "",
          "policy is " + std::to_string(size) + " bytes" + (aws ? " without whitespace" : "") + "; " + display +
              " limits a bucket policy to " + std::to_string(limit) + " bytes" +
              (aws ? " (20 KB) and rejects a larger one" : " (rgw_max_put_param_size) and answers 416 InvalidRange"))
        .target_effect = TargetEffect::RejectsPolicy;
  }
};

constexpr RuleMeta kInvalidEncoding{
    .id = "S3P004",
    .name = "invalid-encoding",
    .summary = "The file is not UTF-8 text (binary, UTF-16 or UTF-32, invalid UTF-8, or a BOM)",
    .category = Category::Input,
    .level = Level::Error};

class InvalidEncoding final : public Rule {
 public:
  const RuleMeta& meta() const override { return kInvalidEncoding; }
  void check_input(const InputFacts& in, Context& cx) const override {
    if (const auto wide = detect_wide_encoding(in.bytes)) {
      report_wide(in, *wide, cx);
    } else if (in.nul_offset) {
      const uint32_t at = *in.nul_offset;
      cx.report_span({at, at + 1}, "",
                     "binary file: NUL byte at offset " + std::to_string(at) + "; a policy is UTF-8 JSON text");
    } else if (in.invalid_utf8_offset) {
      const uint32_t at = *in.invalid_utf8_offset;
      char hex[8];
      std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned>(static_cast<unsigned char>(in.bytes[at])));
      cx.report_span({at, at + 1}, "",
                     std::string("invalid UTF-8: byte ") + hex + " at offset " + std::to_string(at) +
                         " does not start a valid sequence; save the file as UTF-8");
    }
    if (in.has_bom) {
      // Measured: RGW answers 400 InvalidArgument to a policy with a BOM. AWS is not verified.
      const bool ceph = is_ceph(cx.target());
      Finding& f = cx.report_span({0, 3}, "",
                                  ceph ? "file starts with a UTF-8 byte order mark; " +
                                             std::string(target_info(cx.target()).display) +
                                             " rejects the whole policy (400 InvalidArgument)"
                                       : std::string("file starts with a UTF-8 byte order mark; S3 APIs expect plain "
                                                     "UTF-8 JSON"));
      if (ceph)
        f.target_effect = TargetEffect::RejectsPolicy;
      else
        f.level = Level::Warning;
      f.help = "remove the byte order mark";
      f.fix.push_back({{0, 3}, ""});
    }
  }

 private:
  // A policy saved as UTF-16 or UTF-32 (Windows PowerShell 5 writes UTF-16LE by default).
  // Measured on RGW 16.2.15: UTF-16LE and UTF-16BE with and without a byte order mark, and UTF-32LE
  // with one, are each rejected with 400 InvalidArgument; the same policy in UTF-8 is stored.
  static void report_wide(const InputFacts& in, const WideEncoding& wide, Context& cx) {
    const bool ceph = is_ceph(cx.target());
    const std::string name(wide.name);
    std::string msg = "file is " + name + " text" + (wide.bom > 0 ? " (with a byte order mark)" : "") + ", not UTF-8; ";
    msg += ceph ? std::string(target_info(cx.target()).display) + " rejects the whole policy (400 InvalidArgument)"
                : std::string("S3 APIs expect UTF-8 JSON text");
    const uint32_t end = static_cast<uint32_t>(std::min(in.bytes.size(), wide.bom > 0 ? wide.bom : wide.unit));
    Finding& f = cx.report_span({0, end}, "", std::move(msg));
    if (ceph) f.target_effect = TargetEffect::RejectsPolicy;
    // iconv reads the byte order mark when given the family's name, and drops it.
    const std::string from = wide.bom > 0 ? name.substr(0, 6) : name;
    f.help = "save it as UTF-8: iconv -f " + from + " -t UTF-8 policy.json > policy.utf8.json";
    // The same characters in UTF-8: offered when the text converts without loss and holds no NUL
    // character, so binary bytes that only look like UTF-16 are never rewritten.
    if (auto utf8 = wide_to_utf8(in.bytes, wide); utf8 && utf8->find('\0') == std::string::npos)
      f.fix.push_back({{0, static_cast<uint32_t>(in.bytes.size())}, std::move(*utf8)});
  }
};

}  // namespace

const Rule* invalid_json() {
  static const InvalidJson r;
  return &r;
}
const Rule* duplicate_key() {
  static const DuplicateKey r;
  return &r;
}
const Rule* policy_too_large() {
  static const PolicyTooLarge r;
  return &r;
}
const Rule* invalid_encoding() {
  static const InvalidEncoding r;
  return &r;
}

}  // namespace s3policy::rules
