// Suppressions without comments (JSON has none): `suppress` entries in .s3policy.json, each with
// a mandatory reason and an optional expiry date, and baseline files that adopt today's findings
// by fingerprint. Suppressed findings stay in the results (SARIF shows them as suppressed); they
// no longer count for the exit code.
#pragma once

#include <memory>
#include <ostream>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include "engine.h"

namespace s3policy {

struct SuppressEntry {
  std::string rule;     // ID, name or ID prefix
  std::string file;     // glob relative to the config's directory, or s3://bucket (glob); "" = any
  std::string sid;      // statement Sid; "" = any
  std::string pointer;  // JSON pointer prefix; "" = any
  std::string reason;   // mandatory
  std::string expires;  // YYYY-MM-DD, "" = never
  std::string where;    // "path:line:col" of the entry, for messages
};

// Marks the findings of `result` that an entry matches. `used[i]` is set for entries that matched;
// entries expired before `today` (YYYY-MM-DD) never match.
void apply_suppressions(FileResult& result, const std::vector<SuppressEntry>& entries, const std::string& config_dir,
                        const std::string& today, std::vector<bool>& used);

std::string today_utc();  // YYYY-MM-DD

// Baselines: {"version": 1, "findings": [{"fingerprint": …, "rule": …, "source": …, "message": …}]}.
std::string baseline_json(const std::vector<FileResult>& files);
class JsonStream;
// The same, written file by file as a run goes on.
class BaselineWriter {
 public:
  explicit BaselineWriter(std::ostream& out);
  ~BaselineWriter();
  BaselineWriter(const BaselineWriter&) = delete;
  BaselineWriter& operator=(const BaselineWriter&) = delete;
  void add(const FileResult& file);
  void finish();

 private:
  std::ostream& out_;
  std::unique_ptr<JsonStream> json_;
};
std::variant<std::set<std::string>, std::string> load_baseline(const std::string& path);
// Marks findings whose fingerprint is in the baseline; returns how many.
std::size_t apply_baseline(std::vector<FileResult>& files, const std::set<std::string>& fingerprints,
                           const std::string& baseline_path);
std::size_t apply_baseline(FileResult& file, const std::set<std::string>& fingerprints,
                           const std::string& baseline_path);

}  // namespace s3policy
