// S3P806 policy-drift (`s3policy audit --compare DIR`): the live policy is not the one kept in
// the repository. Reported at the first line that differs in the live text, with a short
// unified-style diff as notes (repository file = "-", live = "+").
#include <string>

#include "rules/online/family.h"
#include "rules/online/line_diff.h"

namespace s3policy::rules {
namespace {

std::string quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }

// Editors add a final newline that the uploaded policy may lack (or the other way round); that
// difference changes nothing on the server.
std::string_view without_trailing_space(std::string_view s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

constexpr std::size_t kContext = 1;     // unchanged lines shown around a change
constexpr std::size_t kMaxNotes = 12;  // diff lines shown; the rest are counted

constexpr RuleMeta kDrift{
    .id = "S3P806", .name = "policy-drift",
    .summary = "The live bucket policy differs from the file kept for it (audit --compare)",
    .category = Category::Online, .level = Level::Warning};

// A finding about the bucket and its file as a whole: no place in the policy text.
Finding& about_bucket(Context& cx, std::string message) {
  Finding& f = cx.report_span({0, 0}, "", std::move(message));
  f.about_bucket = true;
  return f;
}

class Drift final : public Rule {
 public:
  const RuleMeta& meta() const override { return kDrift; }

  void check_bucket(const BucketFacts& b, Context& cx) const override {
    const DriftFacts& d = b.drift;
    if (!d.compared || b.policy == BucketFacts::Policy::Unreadable) return;  // policy-unreadable says it
    if (d.bucket_missing) {
      about_bucket(cx, d.file + " is kept for bucket " + quoted(b.name) + ", but the account has no such bucket").help =
          "remove the file, or create the bucket and put the policy";
      return;
    }
    const bool live = b.policy == BucketFacts::Policy::Present;
    if (!d.file_text) {
      if (live)
        about_bucket(cx, "the live policy of bucket " + quoted(b.name) + " has no file " + d.file).help =
            "save it with: s3policy fetch " + b.name + " --out DIR";
      return;
    }
    if (!live) {
      about_bucket(cx, "bucket " + quoted(b.name) + " has no policy, but " + d.file + " has one").help =
          "put the policy from the file, or remove the file";
      return;
    }
    if (without_trailing_space(*d.file_text) == without_trailing_space(b.policy_text)) return;
    report_diff(b, cx);
  }

 private:
  static void report_diff(const BucketFacts& b, Context& cx) {
    const auto lines = diff_lines(without_trailing_space(*b.drift.file_text), without_trailing_space(b.policy_text));
    std::size_t removed = 0, added = 0, first = lines.size();
    for (std::size_t i = 0; i < lines.size(); ++i) {
      if (lines[i].op == ' ') continue;
      (lines[i].op == '-' ? removed : added)++;
      if (first == lines.size()) first = i;
    }
    if (first == lines.size()) return;  // differs only in line breaks (\r\n)
    const uint32_t at = lines[first].new_offset;
    Finding& f = cx.report_span({at, at}, "", "the live policy of bucket " + quoted(b.name) + " differs from " +
                                                  b.drift.file + ": " + std::to_string(removed) + " line" +
                                                  (removed == 1 ? "" : "s") + " only in the file, " +
                                                  std::to_string(added) + " only live");
    // Notes: changed lines with kContext lines of context, at most kMaxNotes.
    std::size_t shown = 0, hidden = 0;
    for (std::size_t i = 0; i < lines.size(); ++i) {
      bool near = false;
      for (std::size_t k = i >= kContext ? i - kContext : 0; k <= i + kContext && k < lines.size(); ++k)
        near = near || lines[k].op != ' ';
      if (!near) continue;
      if (lines[i].op != ' ' && shown >= kMaxNotes) ++hidden;
      if (shown >= kMaxNotes) continue;
      f.notes.push_back({{{lines[i].new_offset, lines[i].new_offset}, {}, {}, ""},
                         std::string(1, lines[i].op) + " " + std::string(lines[i].text)});
      ++shown;
    }
    if (hidden > 0) f.notes.push_back({{{at, at}, {}, {}, ""}, "… and " + std::to_string(hidden) + " more changed lines"});
    f.help = "put the file's policy back, or update the file (s3policy fetch " + b.name + " --out DIR)";
  }
};

}  // namespace

const Rule* policy_drift() { static const Drift r; return &r; }

}  // namespace s3policy::rules
