// SARIF 2.1.0 for GitHub code scanning and other viewers (docs/output-formats.md maps fields).
#include <unistd.h>

#include <climits>
#include <map>
#include <utility>
#include <vector>

#include "docs.h"
#include "json_writer.h"
#include "report.h"
#include "report/redact.h"
#include "report/spool.h"
#include "rule.h"

namespace s3policy {

namespace {

std::string percent_encode_path(std::string_view path) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : path) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
        c == '_' || c == '~' || c == '/') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string current_dir() {
  char buf[PATH_MAX];
  if (::getcwd(buf, sizeof buf) == nullptr) return "/";
  std::string d = buf;
  if (d.back() != '/') d += '/';
  return d;
}

bool is_remote(std::string_view path) { return path.substr(0, 5) == "s3://"; }

// A path relative to the base directory when it lies inside it; an absolute file URI otherwise.
struct ArtifactUri {
  std::string uri;
  bool relative;
};

ArtifactUri artifact_uri(const std::string& path, const std::string& base) {
  if (is_remote(path)) return {path, false};
  if (path == "-" || path == "<stdin>") return {"stdin", true};
  if (path.front() == '/') {
    if (path.compare(0, base.size(), base) == 0) return {percent_encode_path(path.substr(base.size())), true};
    return {"file://" + percent_encode_path(path), false};
  }
  std::string rel = path;
  while (rel.compare(0, 2, "./") == 0) rel.erase(0, 2);
  return {percent_encode_path(rel), true};
}

std::string_view first_paragraph_of_section(std::string_view doc, std::string_view heading) {
  auto at = doc.find(heading);
  if (at == std::string_view::npos) return {};
  doc.remove_prefix(at + heading.size());
  while (!doc.empty() && doc.front() == '\n') doc.remove_prefix(1);
  return doc.substr(0, doc.find("\n\n"));
}

// "artifactLocation": {"uri": ..., "uriBaseId": "SRCROOT"}
void write_artifact_location(JsonStream& j, const ArtifactUri& art) {
  j.key("artifactLocation");
  j.w().StartObject();
  j.kv("uri", art.uri);
  if (art.relative) j.kv("uriBaseId", "SRCROOT");
  j.w().EndObject();
}

// The four region numbers, inside an object the caller has opened (it may add a snippet).
void write_region_lines(JsonStream& j, const Position& start, const Position& end) {
  j.kv("startLine", start.line);
  j.kv("startColumn", start.column);
  j.kv("endLine", end.line);
  j.kv("endColumn", end.column);
}

void write_location(JsonStream& j, const ArtifactUri& art, const FileResult& file, const Location& loc, bool snippet) {
  auto& w = j.w();
  w.StartObject();
  j.key("physicalLocation");
  w.StartObject();
  write_artifact_location(j, art);
  j.key("region");
  w.StartObject();
  write_region_lines(j, loc.start, loc.end);
  if (snippet) {
    const std::string_view bytes = file.source.bytes;
    const Span s = loc.span;
    if (s.begin <= s.end && s.end <= bytes.size()) {
      j.key("snippet");
      w.StartObject();
      j.kv("text", redact_credentials(bytes, s.begin, std::min<uint32_t>(s.end - s.begin, 4096)));
      w.EndObject();
    }
  }
  w.EndObject();
  w.EndObject();
  w.EndObject();
}

// The results are the bulk of a report but come last, after what only the end of the run tells
// (unreadable inputs, live policies' texts): they wait in a spool, written by a second writer that
// stands at the results array's depth so their text is what one writer would have made.
class SarifReport final : public ReportStream {
 public:
  SarifReport(std::ostream& out, const RunHeader& run, const ReportOptions& options)
      : out_(out), options_(options), base_(options.base_dir.empty() ? current_dir() : options.base_dir) {
    for (std::size_t i = 0; i < run.rules.size(); ++i) rule_index_[run.rules[i]->meta().id] = i;
    write_head(run.rules);
    j_.pass_to(out_);
    for (int depth = 0; depth < 4; ++depth) results_.w().StartArray();  // document, runs, run, results
    results_.drop_pending();
    spool_.stream() << '[';
  }

  void add(const FileResult& file) override {
    if (file.error) unreadable_.emplace_back(file.source.path, *file.error);
    // Live policies have no file a viewer could open: their text is embedded.
    if (is_remote(file.source.path)) remote_.emplace_back(file.source.path, file.source.bytes);
    const ArtifactUri art = artifact_uri(file.source.path, base_);
    for (const Finding& f : file.findings) write_result(file, art, f);
    results_.pass_to(spool_.stream());
  }

  void finish() override;

 private:
  void write_head(const std::vector<const Rule*>& rules);
  void write_result(const FileResult& file, const ArtifactUri& art, const Finding& f);

  std::ostream& out_;
  const ReportOptions options_;
  const std::string base_;
  std::map<std::string_view, std::size_t> rule_index_;
  JsonStream j_;        // the document, except the results
  JsonStream results_;  // the results array, into spool_
  Spool spool_;
  std::vector<std::pair<std::string, std::string>> unreadable_;  // source, message
  std::vector<std::pair<std::string, std::string>> remote_;      // source, policy text
};

void SarifReport::write_head(const std::vector<const Rule*>& rules) {
  auto& j = j_;
  auto& w = j.w();
  w.StartObject();
  j.kv("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
  j.kv("version", "2.1.0");
  j.key("runs");
  w.StartArray();
  w.StartObject();

  j.key("tool");
  w.StartObject();
  j.key("driver");
  w.StartObject();
  j.kv("name", "s3policy");
  j.kv("semanticVersion", S3POLICY_VERSION);
  j.kv("informationUri", options_.docs_base_uri + "index.md");
  j.key("rules");
  w.StartArray();
  for (const Rule* r : rules) {
    const RuleMeta& m = r->meta();
    w.StartObject();
    j.kv("id", m.id);
    j.kv("name", m.name);
    j.key("shortDescription");
    w.StartObject();
    j.kv("text", m.summary);
    w.EndObject();
    // GitHub code scanning requires fullDescription and help on every rule; both come from the
    // rule's doc page, with the summary as the fallback.
    const auto doc = rule_doc(m.id);
    const std::string_view what = doc ? first_paragraph_of_section(*doc, "## What it does") : std::string_view{};
    j.key("fullDescription");
    w.StartObject();
    j.kv("text", what.empty() ? m.summary : what);
    w.EndObject();
    j.key("help");
    w.StartObject();
    j.kv("text", std::string(m.summary) + ". See " + options_.docs_base_uri + std::string(m.id) + ".md");
    if (doc) j.kv("markdown", *doc);
    w.EndObject();
    j.kv("helpUri", options_.docs_base_uri + std::string(m.id) + ".md");
    j.key("defaultConfiguration");
    w.StartObject();
    j.kv("level", level_name(m.level));
    j.kv_bool("enabled", m.enabled_by_default);
    w.EndObject();
    j.key("properties");
    w.StartObject();
    j.key("tags");
    w.StartArray();
    j.str(category_name(m.category));
    if (!m.security_severity.empty()) j.str("security");
    w.EndArray();
    j.kv("precision", m.precision);
    if (!m.security_severity.empty()) j.kv("security-severity", m.security_severity);
    w.EndObject();
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();  // driver
  w.EndObject();  // tool
}

void SarifReport::finish() {
  results_.w().EndArray();
  results_.pass_to(spool_.stream());

  auto& j = j_;
  auto& w = j.w();
  j.key("invocations");
  w.StartArray();
  w.StartObject();
  j.kv_bool("executionSuccessful", unreadable_.empty());
  j.key("toolExecutionNotifications");
  w.StartArray();
  for (const auto& [source, message] : unreadable_) {
    w.StartObject();
    j.kv("level", "error");
    j.key("message");
    w.StartObject();
    j.kv("text", source + ": " + message);
    w.EndObject();
    j.key("locations");
    w.StartArray();
    w.StartObject();
    j.key("physicalLocation");
    w.StartObject();
    write_artifact_location(j, artifact_uri(source, base_));
    w.EndObject();
    w.EndObject();
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  w.EndArray();

  j.key("originalUriBaseIds");
  w.StartObject();
  j.key("SRCROOT");
  w.StartObject();
  j.kv("uri", "file://" + percent_encode_path(base_));
  w.EndObject();
  w.EndObject();

  if (!remote_.empty()) {
    j.key("artifacts");
    w.StartArray();
    for (const auto& [source, text] : remote_) {
      w.StartObject();
      j.key("location");
      w.StartObject();
      j.kv("uri", source);
      w.EndObject();
      j.kv("mimeType", "application/json");
      j.key("contents");
      w.StartObject();
      j.kv("text", text);
      w.EndObject();
      w.EndObject();
    }
    w.EndArray();
  }

  j.kv("columnKind", "unicodeCodePoints");
  j.key("results");
  j.external_value();
  j.pass_to(out_);
  if (!spool_.copy_to(out_)) out_.setstate(std::ios::badbit);

  w.EndObject();  // run
  w.EndArray();
  w.EndObject();
  j.pass_to(out_);
  out_ << '\n';
}

void SarifReport::write_result(const FileResult& file, const ArtifactUri& art, const Finding& f) {
  auto& j = results_;
  auto& w = j.w();
  w.StartObject();
  j.kv("ruleId", f.rule->id);
  if (auto it = rule_index_.find(f.rule->id); it != rule_index_.end()) j.kv("ruleIndex", it->second);
  j.kv("level", level_name(f.level));
  j.key("message");
  w.StartObject();
  j.kv("text", f.help.empty() ? f.message : f.message + ". Help: " + f.help);
  w.EndObject();
  j.key("locations");
  w.StartArray();
  write_location(j, art, file, f.location, true);
  w.EndArray();
  if (!f.notes.empty()) {
    j.key("relatedLocations");
    w.StartArray();
    for (std::size_t i = 0; i < f.notes.size(); ++i) {
      // relatedLocations carry their message inside the location object.
      w.StartObject();
      j.kv("id", i + 1);
      j.key("message");
      w.StartObject();
      j.kv("text", f.notes[i].message);
      w.EndObject();
      j.key("physicalLocation");
      w.StartObject();
      write_artifact_location(j, art);
      j.key("region");
      w.StartObject();
      write_region_lines(j, f.notes[i].location.start, f.notes[i].location.end);
      w.EndObject();
      w.EndObject();
      w.EndObject();
    }
    w.EndArray();
  }
  if (!f.fix.empty()) {
    // SARIF fixes[]: the same edits --fix applies, as replacements viewers can offer.
    const LineIndex lines(file.source.bytes);
    j.key("fixes");
    w.StartArray();
    w.StartObject();
    j.key("description");
    w.StartObject();
    const bool unsafe = f.fix_safety == FixSafety::Unsafe;
    std::string description = f.help.empty() ? std::string("apply the suggested edit") : f.help;
    if (unsafe) description += " (unsafe: it may change the meaning; s3policy applies it only with --fix --unsafe)";
    j.kv("text", description);
    w.EndObject();
    j.key("properties");
    w.StartObject();
    j.kv("safety", unsafe ? "unsafe" : "safe");
    w.EndObject();
    j.key("artifactChanges");
    w.StartArray();
    w.StartObject();
    write_artifact_location(j, art);
    j.key("replacements");
    w.StartArray();
    for (const Edit& e : f.fix) {
      const Position from = lines.position(e.span.begin), to = lines.position(e.span.end);
      w.StartObject();
      j.key("deletedRegion");
      w.StartObject();
      write_region_lines(j, from, to);
      w.EndObject();
      j.key("insertedContent");
      w.StartObject();
      j.kv("text", e.replacement);
      w.EndObject();
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
    w.EndArray();
    w.EndObject();
    w.EndArray();
  }
  if (f.suppressed) {
    j.key("suppressions");
    w.StartArray();
    w.StartObject();
    j.kv("kind", "external");
    j.kv("justification", f.suppressed->justification);
    w.EndObject();
    w.EndArray();
  }
  j.key("partialFingerprints");
  w.StartObject();
  j.kv("s3policyFingerprint/v1", fingerprint(file, f));
  w.EndObject();
  if (f.target_effect != TargetEffect::None) {
    // The rule's verdict on what the target does with the policy (see lint/finding.h).
    j.key("properties");
    w.StartObject();
    j.kv("targetEffect", target_effect_name(f.target_effect));
    w.EndObject();
  }
  w.EndObject();
}

}  // namespace

std::unique_ptr<ReportStream> open_sarif(std::ostream& out, const RunHeader& run, const ReportOptions& options) {
  return std::make_unique<SarifReport>(out, run, options);
}

}  // namespace s3policy
