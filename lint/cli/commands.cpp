#include "cli/commands.h"

#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <vector>

#include "cli/cli.h"
#include "docs.h"
#include "report/json_writer.h"
#include "rules/registry.h"
#include "catalog/ascii.h"
#include "catalog/suggest.h"

namespace s3policy::cli {

int usage_error(const std::string& message) {
  std::cerr << "s3policy: error: " << message << '\n';
  return kExitError;
}

bool selector_known(const std::string& selector) {
  for (const Rule* r : all_rules())
    if (selector_matches(selector, r->meta())) return true;
  return false;
}

std::string rule_suggestion(const std::string& selector) {
  std::vector<std::string_view> names;
  for (const Rule* r : all_rules()) {
    names.push_back(r->meta().id);
    names.push_back(r->meta().name);
  }
  return did_you_mean(closest_match(selector, names, default_max_distance(selector)));
}

std::string target_list() {
  std::string out;
  for (const auto& t : kTargets) out += (out.empty() ? "" : ", ") + std::string(t.name);
  return out;
}

namespace {

bool want_color(const std::string& color, bool to_stdout) {
  if (color == "always") return true;
  if (color == "never" || !to_stdout) return false;
  const char* term = std::getenv("TERM");
  return std::getenv("NO_COLOR") == nullptr && ::isatty(STDOUT_FILENO) && !(term && std::strcmp(term, "dumb") == 0);
}

}  // namespace

int emit_report(const RunResult& run, const std::string& format, const std::string& output, const std::string& color) {
  ReportOptions options;
  options.color = want_color(color, output.empty());
  std::ostringstream text;
  if (format == "json") write_json(text, run, options);
  else if (format == "sarif") write_sarif(text, run, options);
  else if (format == "github") write_github(text, run, options);
  else write_text(text, run, options);

  const std::string report = text.str();
  if (output.empty()) {
    std::cout << report << std::flush;
    if (!std::cout) return usage_error("cannot write the report to stdout");
  } else {
    std::ofstream file(output, std::ios::binary | std::ios::trunc);
    if (file) file << report << std::flush;
    if (!file) return usage_error("cannot write the report to " + output + ": " + std::strerror(errno));
  }

  const Tally t = tally(run);
  if (t.unreadable > 0) return kExitError;
  for (const FileResult& f : run.files)
    for (const Finding& x : f.findings)
      if (x.level >= run.fail_level) return kExitFindings;
  return kExitClean;
}

int rules_command(const std::string& format) {
  if (format == "json") {
    JsonOut j;
    auto& w = j.w();
    w.StartArray();
    for (const Rule* r : all_rules()) {
      const RuleMeta& m = r->meta();
      w.StartObject();
      j.kv("id", m.id);
      j.kv("name", m.name);
      j.kv("level", level_name(m.level));
      j.kv("category", category_name(m.category));
      j.kv_bool("enabled", m.enabled_by_default);
      j.kv("summary", m.summary);
      w.EndObject();
    }
    w.EndArray();
    std::cout << j.text() << '\n';
    return kExitClean;
  }
  std::cout << "ID      NAME                              LEVEL    CATEGORY   SUMMARY\n";
  for (const Rule* r : all_rules()) {
    const RuleMeta& m = r->meta();
    std::string name(m.name);
    std::string level(level_name(m.level));
    std::string cat(category_name(m.category));
    name.resize(std::max<std::size_t>(name.size(), 33), ' ');
    level.resize(8, ' ');
    cat.resize(std::max<std::size_t>(cat.size(), 10), ' ');
    std::cout << m.id << "  " << name << ' ' << level << ' ' << cat << ' ' << m.summary
              << (m.enabled_by_default ? "" : " (off by default)") << '\n';
  }
  return kExitClean;
}

int rule_command(const std::string& id_or_name) {
  const Rule* r = find_rule(id_or_name);
  if (r == nullptr) return usage_error("no rule \"" + id_or_name + "\"" + rule_suggestion(id_or_name));
  const auto doc = rule_doc(r->meta().id);
  if (!doc) return usage_error("rule " + std::string(r->meta().id) + " has no documentation page (a build defect)");
  std::cout << *doc;
  return kExitClean;
}

}  // namespace s3policy::cli
