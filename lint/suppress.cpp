#include "suppress.h"

#include <fnmatch.h>

#include <ctime>
#include <filesystem>
#include <sstream>

#include "config.h"
#include "json.h"
#include "path_glob.h"
#include "report/json_writer.h"
#include "report/report.h"
#include "rule.h"

namespace s3policy {

namespace fs = std::filesystem;

namespace {

bool file_matches(const SuppressEntry& e, const std::string& source, const std::string& config_dir) {
  if (e.file.empty()) return true;
  if (source.rfind("s3://", 0) == 0) return ::fnmatch(e.file.c_str(), source.c_str(), 0) == 0;
  std::error_code ec;
  const std::string rel = fs::absolute(source, ec).lexically_relative(config_dir).generic_string();
  return path_glob_matches(e.file, rel);
}

bool pointer_matches(const std::string& prefix, const std::string& pointer) {
  return prefix.empty() || pointer == prefix || pointer.rfind(prefix + "/", 0) == 0;
}

}  // namespace

void apply_suppressions(FileResult& result, const std::vector<SuppressEntry>& entries, const std::string& config_dir,
                        const std::string& today, std::vector<bool>& used) {
  used.resize(entries.size(), false);
  for (Finding& f : result.findings) {
    if (f.suppressed) continue;
    for (std::size_t i = 0; i < entries.size(); ++i) {
      const SuppressEntry& e = entries[i];
      if (!e.expires.empty() && e.expires < today) continue;
      if (!selector_matches(e.rule, *f.rule) || !file_matches(e, result.source.path, config_dir) ||
          (!e.sid.empty() && e.sid != f.sid) || !pointer_matches(e.pointer, f.location.pointer))
        continue;
      f.suppressed = Suppression{e.reason};
      used[i] = true;
      break;
    }
  }
}

std::string today_utc() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  ::gmtime_r(&now, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

BaselineWriter::BaselineWriter(std::ostream& out) : out_(out), json_(std::make_unique<JsonStream>()) {
  auto& w = json_->w();
  w.StartObject();
  json_->kv("version", 1);
  json_->key("findings");
  w.StartArray();
  json_->pass_to(out_);
}

BaselineWriter::~BaselineWriter() = default;

void BaselineWriter::add(const FileResult& file) {
  JsonStream& j = *json_;
  for (const Finding& f : file.findings) {
    j.w().StartObject();
    j.kv("fingerprint", fingerprint(file, f));
    j.kv("rule", f.rule->id);
    j.kv("source", file.source.path);
    j.kv("message", f.message);
    j.w().EndObject();
  }
  j.pass_to(out_);
}

void BaselineWriter::finish() {
  json_->w().EndArray();
  json_->w().EndObject();
  json_->pass_to(out_);
  out_ << '\n';
}

std::string baseline_json(const std::vector<FileResult>& files) {
  std::ostringstream out;
  BaselineWriter baseline(out);
  for (const FileResult& file : files) baseline.add(file);
  baseline.finish();
  return out.str();
}

std::variant<std::set<std::string>, std::string> load_baseline(const std::string& path) {
  const FileResult read = read_input(path, InputLimits{64u << 20, 16});
  if (read.error) return path + ": " + *read.error;
  const auto parsed = parse_json(read.source.bytes);
  if (parsed.error) return path + ": not a baseline file: invalid JSON (" + parsed.error->message + ")";
  const JsonValue& root = *parsed.document->root();
  const JsonMember* findings = root.is_object() ? root.find("findings") : nullptr;
  if (findings == nullptr || !findings->value->is_array()) return path + ": not a baseline file: no \"findings\" array";
  std::set<std::string> out;
  for (const JsonValue* item : findings->value->items()) {
    const JsonMember* fp = item->is_object() ? item->find("fingerprint") : nullptr;
    if (fp == nullptr || !fp->value->is_string()) return path + ": not a baseline file: a finding has no fingerprint";
    out.emplace(fp->value->text());
  }
  return out;
}

std::size_t apply_baseline(FileResult& file, const std::set<std::string>& fingerprints,
                           const std::string& baseline_path) {
  std::size_t n = 0;
  for (Finding& f : file.findings)
    if (!f.suppressed && fingerprints.count(fingerprint(file, f)) != 0) {
      f.suppressed = Suppression{"in baseline " + baseline_path};
      ++n;
    }
  return n;
}

std::size_t apply_baseline(std::vector<FileResult>& files, const std::set<std::string>& fingerprints,
                           const std::string& baseline_path) {
  std::size_t n = 0;
  for (FileResult& file : files) n += apply_baseline(file, fingerprints, baseline_path);
  return n;
}

}  // namespace s3policy
