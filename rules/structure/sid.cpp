// S3P113 duplicate-sid and S3P114 invalid-sid.
#include <cstdio>
#include <map>

#include "rules/structure/family.h"

namespace s3policy::rules {
namespace {

constexpr RuleMeta kDuplicateSid{
    .id = "S3P113", .name = "duplicate-sid", .summary = "Two statements have the same Sid",
    .category = Category::Structure, .level = Level::Error};

class DuplicateSid final : public Rule {
 public:
  const RuleMeta& meta() const override { return kDuplicateSid; }
  void check_policy(const Policy& p, Context& cx) const override {
    // The first statement with the same Sid: found by looking back in a small policy (most are),
    // through a map in a large one.
    std::map<std::string_view, const JsonValue*> seen;
    const bool small = p.statements.size() <= kLookBackLimit;
    for (std::size_t i = 0; i < p.statements.size(); ++i) {
      const JsonValue* sid_value = sid_of(p.statements[i]);
      // An empty Sid names nothing, so two of them clash over nothing: AWS's own example policies
      // and MinIO's generated ones repeat "Sid": "" in every statement. invalid-sid reports each.
      if (sid_value == nullptr || sid_value->text().empty()) continue;
      const JsonValue& sid = *sid_value;
      const JsonValue* first = nullptr;
      if (small) {
        for (std::size_t j = 0; j < i && first == nullptr; ++j)
          if (const JsonValue* other = sid_of(p.statements[j]); other != nullptr && other->text() == sid.text()) first = other;
      } else if (auto [it, inserted] = seen.emplace(sid.text(), &sid); !inserted) {
        first = it->second;
      }
      if (first == nullptr) continue;
      // Measured: RGW accepts duplicate Sids; AWS refuses them.
      const bool ceph = is_ceph(cx.target());
      Finding& f = cx.report(sid, std::string("Sid \"").append(sid.text()) + "\" is already used by an earlier statement; " +
                                      (ceph ? std::string(target_info(cx.target()).display) +
                                                  " accepts it, but AWS rejects duplicate Sids and tools that address "
                                                  "statements by Sid pick the wrong one"
                                            : std::string("AWS rejects duplicate Sids")));
      if (ceph) f.level = Level::Warning;
      else f.target_effect = TargetEffect::RejectsPolicy;
      f.notes.push_back({{first->span, {}, {}, json_pointer(*first)}, "first used here"});
    }
  }

 private:
  static constexpr std::size_t kLookBackLimit = 32;

  static const JsonValue* sid_of(const Statement& st) {
    return st.sid != nullptr && st.sid->value->is_string() ? st.sid->value : nullptr;
  }
};

constexpr RuleMeta kInvalidSid{
    .id = "S3P114", .name = "invalid-sid", .summary = "A Sid contains characters S3 services do not accept",
    .category = Category::Structure, .level = Level::Warning};

// AWS's S3 documentation itself uses Sids with spaces and punctuation, and RGW accepts any
// string, so only what is certain trouble is flagged: control characters, non-ASCII, empty.
class InvalidSid final : public Rule {
 public:
  const RuleMeta& meta() const override { return kInvalidSid; }
  void check_statement(const Statement& st, const Policy&, Context& cx) const override {
    if (st.sid == nullptr || !st.sid->value->is_string()) return;
    const JsonValue& sid = *st.sid->value;
    if (sid.text().empty()) {
      cx.report(sid, "Sid is empty; remove it or give the statement a name");
      return;
    }
    for (unsigned char c : sid.text()) {
      if (c >= 0x20 && c < 0x7F) continue;
      char code[32];
      if (c < 0x20 || c == 0x7F) std::snprintf(code, sizeof code, "control character 0x%02X", c);
      else std::snprintf(code, sizeof code, "non-ASCII text");
      cx.report(sid, "Sid \"" + printable(sid.text()) + "\" contains " + code +
                         "; AWS accepts only printable ASCII in a Sid (safest: A-Z, a-z, 0-9)");
      return;
    }
  }

 private:
  static std::string printable(std::string_view s) {
    std::string out;
    for (unsigned char c : s) out += (c < 0x20 || c == 0x7F) ? '?' : static_cast<char>(c);
    return out;
  }
};

}  // namespace

const Rule* duplicate_sid() { static const DuplicateSid r; return &r; }
const Rule* invalid_sid() { static const InvalidSid r; return &r; }

}  // namespace s3policy::rules
