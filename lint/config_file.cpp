#include "config_file.h"

#include <fnmatch.h>

#include <array>
#include <cctype>

#include "catalog/suggest.h"
#include "engine.h"
#include "json.h"
#include "path_glob.h"
#include "rule.h"

namespace s3policy {

namespace fs = std::filesystem;

namespace {

constexpr std::array<std::string_view, 14> kKeys = {"target",
                                                    "projects",
                                                    "buckets",
                                                    "bucket_from_file_name",
                                                    "relaxed_bucket_names",
                                                    "select",
                                                    "extend_select",
                                                    "ignore",
                                                    "levels",
                                                    "fail_on",
                                                    "max_bytes",
                                                    "max_depth",
                                                    "suppress",
                                                    "overrides"};
constexpr std::array<std::string_view, 6> kOverrideKeys = {"files",         "target", "select",
                                                           "extend_select", "ignore", "levels"};

// "unknown setting "x"", with a did-you-mean; "severity" is what other linters call "levels".
std::string unknown_key_message(const std::string& key, std::span<const std::string_view> keys, const std::string& in) {
  std::string message = "unknown " + std::string(in.empty() ? "setting" : "key") + " \"" + key + "\"" + in;
  if (key == "severity" || key == "severities" || key == "rules")
    return message + "; per-rule levels are set with \"levels\": {\"S3P401\": \"note\"}";
  return message + did_you_mean(closest_match(key, keys, default_max_distance(key)));
}

class Loader {
 public:
  Loader(std::string path, std::string text, std::span<const Rule* const> rules)
      : path_(std::move(path)), text_(std::move(text)), lines_(text_), rules_(rules) {}

  std::string error(const JsonValue& at, const std::string& message) const {
    const Position p = lines_.position(at.span.begin);
    return path_ + ":" + std::to_string(p.line) + ":" + std::to_string(p.column) + ": " + message;
  }
  std::string error_key(const JsonMember& at, const std::string& message) const {
    const Position p = lines_.position(at.key_span.begin);
    return path_ + ":" + std::to_string(p.line) + ":" + std::to_string(p.column) + ": " + message;
  }

  std::optional<std::string> load(ConfigFile& cfg) {
    const auto parsed = parse_json(blank_json_comments(text_));
    if (parsed.error) {
      const Position p = lines_.position(parsed.error->offset);
      return path_ + ":" + std::to_string(p.line) + ":" + std::to_string(p.column) +
             ": invalid JSON: " + parsed.error->message;
    }
    const JsonValue& root = *parsed.document->root();
    if (!root.is_object()) return error(root, "the configuration must be a JSON object");
    for (const JsonDuplicate& d : parsed.document->duplicates())
      return error_key(d.object->members()[d.member_index],
                       std::string("duplicate key \"").append(d.object->members()[d.member_index].key) + "\"");
    for (const JsonMember& m : root.members())
      if (auto e = member(m, cfg)) return e;
    return std::nullopt;
  }

 private:
  std::optional<std::string> string_of(const JsonMember& m, std::string& out) const {
    if (!m.value->is_string()) return error(*m.value, std::string("\"").append(m.key) + "\" must be a string");
    out = std::string(m.value->text());
    return std::nullopt;
  }
  std::optional<std::string> strings_of(const JsonMember& m, std::vector<std::string>& out) const {
    if (!m.value->is_array()) return error(*m.value, std::string("\"").append(m.key) + "\" must be an array of strings");
    for (const JsonValue* v : m.value->items()) {
      if (!v->is_string()) return error(*v, std::string("\"").append(m.key) + "\" must contain strings only");
      out.emplace_back(v->text());
    }
    return std::nullopt;
  }
  // An array of rule selectors (IDs, names, ID prefixes), each naming at least one rule.
  std::optional<std::string> selectors_of(const JsonMember& m, std::vector<std::string>& out) const {
    const std::size_t first = out.size();
    if (auto e = strings_of(m, out)) return e;
    for (std::size_t i = first; i < out.size(); ++i)
      if (auto unknown = unknown_selector(out[i], rules_)) return error(*m.value->items()[i - first], *unknown);
    return std::nullopt;
  }
  // {"S3P101": "error", "broad-action-wildcard": "note", "S3P4": "warning"}
  std::optional<std::string> levels_of(const JsonMember& m, std::map<std::string, Level>& out) const {
    if (!m.value->is_object()) return error(*m.value, "\"levels\" must map rule IDs or names to levels");
    for (const JsonMember& l : m.value->members()) {
      if (auto unknown = unknown_selector(std::string(l.key), rules_)) return error_key(l, *unknown);
      const auto level = l.value->is_string() ? parse_level(l.value->text()) : std::nullopt;
      if (level) {
        out[std::string(l.key)] = *level;
        continue;
      }
      const bool off = l.value->is_string() && (l.value->text() == "off" || l.value->text() == "none");
      return error(*l.value, std::string("level for \"").append(l.key) + "\" must be \"error\", \"warning\" or \"note\"" +
                                 (off ? "; to turn the rule off, list it in \"ignore\"" : ""));
    }
    return std::nullopt;
  }
  std::optional<std::string> target_of(const JsonMember& m, std::optional<Target>& out) const {
    std::string s;
    if (auto e = string_of(m, s)) return e;
    out = parse_target(s);
    if (!out) return error(*m.value, unknown_target_message(s));
    return std::nullopt;
  }
  std::optional<std::string> bool_of(const JsonMember& m, bool& out) const {
    if (m.value->kind != JsonKind::True && m.value->kind != JsonKind::False)
      return error(*m.value, std::string("\"").append(m.key) + "\" must be true or false");
    out = m.value->kind == JsonKind::True;
    return std::nullopt;
  }
  std::optional<std::string> size_of(const JsonMember& m, std::optional<std::size_t>& out) const {
    const std::string_view t = m.value->text();
    if (m.value->kind != JsonKind::Number || t.empty() || t.find_first_not_of("0123456789") != std::string_view::npos ||
        t.size() > 12)
      return error(*m.value, std::string("\"").append(m.key) + "\" must be a positive whole number");
    out = std::stoull(std::string(t));
    return std::nullopt;
  }

  std::optional<std::string> member(const JsonMember& m, ConfigFile& cfg) const {
    const std::string k(m.key);
    std::string s;
    if (k == "target") {
      return target_of(m, cfg.target);
    } else if (k == "projects") {
      return projects(*m.value, cfg.projects);
    } else if (k == "buckets") {
      if (!m.value->is_object()) return error(*m.value, "\"buckets\" must map file globs to bucket names");
      for (const JsonMember& b : m.value->members()) {
        if (!b.value->is_string()) return error(*b.value, std::string("bucket name for \"").append(b.key) + "\" must be a string");
        cfg.buckets.emplace_back(b.key, b.value->text());
      }
    } else if (k == "bucket_from_file_name") {
      return bool_of(m, cfg.bucket_from_file_name);
    } else if (k == "relaxed_bucket_names") {
      bool b = false;
      if (auto e = bool_of(m, b)) return e;
      cfg.relaxed_bucket_names = b;
    } else if (k == "select") {
      return selectors_of(m, cfg.selection.select);
    } else if (k == "extend_select") {
      return selectors_of(m, cfg.selection.extend_select);
    } else if (k == "ignore") {
      return selectors_of(m, cfg.selection.ignore);
    } else if (k == "levels") {
      return levels_of(m, cfg.selection.levels);
    } else if (k == "fail_on") {
      if (auto e = string_of(m, s)) return e;
      cfg.fail_on = parse_level(s);
      if (!cfg.fail_on) return error(*m.value, "\"fail_on\" must be \"error\", \"warning\" or \"note\"");
    } else if (k == "max_bytes") {
      return size_of(m, cfg.max_bytes);
    } else if (k == "max_depth") {
      return size_of(m, cfg.max_depth);
    } else if (k == "suppress") {
      return suppressions(*m.value, cfg.suppress);
    } else if (k == "overrides") {
      return overrides(*m.value, cfg.overrides);
    } else {
      return error_key(m, unknown_key_message(k, kKeys, ""));
    }
    return std::nullopt;
  }

  // [{"files": [globs], "target"?, "select"?, "extend_select"?, "ignore"?, "levels"?}]
  std::optional<std::string> overrides(const JsonValue& v, std::vector<ConfigOverride>& out) const {
    if (!v.is_array()) return error(v, "\"overrides\" must be an array of {\"files\": [...], ...} entries");
    for (const JsonValue* item : v.items()) {
      if (!item->is_object()) return error(*item, "each \"overrides\" entry must be an object");
      ConfigOverride o;
      o.where = where(*item);
      const JsonMember* files = nullptr;
      for (const JsonMember& m : item->members()) {
        std::optional<std::string> e;
        if (m.key == "files") {
          files = &m;
          e = strings_of(m, o.files);
        } else if (m.key == "target") {
          e = target_of(m, o.target);
        } else if (m.key == "select") {
          o.select.emplace();
          e = selectors_of(m, *o.select);
        } else if (m.key == "extend_select") {
          e = selectors_of(m, o.extend_select);
        } else if (m.key == "ignore") {
          e = selectors_of(m, o.ignore);
        } else if (m.key == "levels") {
          e = levels_of(m, o.levels);
        } else {
          e = error_key(m, unknown_key_message(std::string(m.key), kOverrideKeys, " in an \"overrides\" entry"));
        }
        if (e) return e;
      }
      if (files == nullptr || o.files.empty())
        return error(files ? *files->value : *item,
                     "an \"overrides\" entry needs \"files\": globs of the policy files (or s3://bucket) it is for");
      for (std::size_t i = 0; i < o.files.size(); ++i)
        if (o.files[i].empty() || o.files[i].front() == '/')
          return error(*files->value->items()[i],
                       "\"files\" globs are relative to the configuration's directory, "
                       "not \"" +
                           o.files[i] + "\"");
      out.push_back(std::move(o));
    }
    return std::nullopt;
  }

  std::string where(const JsonValue& v) const {
    const Position p = lines_.position(v.span.begin);
    return path_ + ":" + std::to_string(p.line) + ":" + std::to_string(p.column);
  }

  // [{"rule": …, "reason": …, "file"?, "sid"?, "pointer"?, "expires"?: "YYYY-MM-DD"}]
  std::optional<std::string> suppressions(const JsonValue& v, std::vector<SuppressEntry>& out) const {
    if (!v.is_array()) return error(v, "\"suppress\" must be an array of {\"rule\", \"reason\", ...} entries");
    constexpr std::array<std::string_view, 6> keys = {"rule", "reason", "file", "sid", "pointer", "expires"};
    for (const JsonValue* item : v.items()) {
      if (!item->is_object()) return error(*item, "each \"suppress\" entry must be an object");
      SuppressEntry e;
      e.where = where(*item);
      for (const JsonMember& m : item->members()) {
        std::string* field = m.key == "rule"      ? &e.rule
                             : m.key == "reason"  ? &e.reason
                             : m.key == "file"    ? &e.file
                             : m.key == "sid"     ? &e.sid
                             : m.key == "pointer" ? &e.pointer
                             : m.key == "expires" ? &e.expires
                                                  : nullptr;
        if (field == nullptr) return error_key(m, unknown_key_message(std::string(m.key), keys, " in a \"suppress\" entry"));
        if (auto err = string_of(m, *field)) return err;
      }
      if (e.rule.empty()) return error(*item, "a \"suppress\" entry needs \"rule\" (an ID, name or ID prefix)");
      if (auto unknown = unknown_selector(e.rule, rules_)) return error(*item->find("rule")->value, *unknown);
      if (e.reason.empty())
        return error(*item, "a \"suppress\" entry needs a \"reason\": say why the finding is accepted");
      if (!e.expires.empty() && !valid_date(e.expires))
        return error(*item, "\"expires\" must be a date written YYYY-MM-DD, not \"" + e.expires + "\"");
      if (!e.pointer.empty() && e.pointer.front() != '/')
        return error(*item, "\"pointer\" must be a JSON Pointer starting with '/', e.g. \"/Statement/0/Principal\"");
      out.push_back(std::move(e));
    }
    return std::nullopt;
  }

  static bool valid_date(const std::string& d) {
    if (d.size() != 10 || d[4] != '-' || d[7] != '-') return false;
    for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u})
      if (!std::isdigit(static_cast<unsigned char>(d[i]))) return false;
    const int month = std::stoi(d.substr(5, 2)), day = std::stoi(d.substr(8, 2));
    return month >= 1 && month <= 12 && day >= 1 && day <= 31;
  }

  std::optional<std::string> projects(const JsonValue& v, ProjectSettings& out) const {
    if (!v.is_object()) return error(v, "\"projects\" must be an object with \"owner\" and \"known\"");
    for (const JsonMember& m : v.members()) {
      if (m.key == "owner") {
        if (auto e = string_of(m, out.owner)) return e;
      } else if (m.key == "known") {
        if (!m.value->is_object()) return error(*m.value, "\"known\" must map project IDs to names");
        for (const JsonMember& p : m.value->members()) {
          if (!p.value->is_string()) return error(*p.value, std::string("the name of project \"").append(p.key) + "\" must be a string");
          out.known[std::string(p.key)] = std::string(p.value->text());
        }
      } else {
        constexpr std::array<std::string_view, 2> keys = {"owner", "known"};
        return error_key(m, unknown_key_message(std::string(m.key), keys, " in \"projects\""));
      }
    }
    return std::nullopt;
  }

  std::string path_;
  std::string text_;
  LineIndex lines_;
  std::span<const Rule* const> rules_;
};

}  // namespace

std::variant<ConfigFile, std::string> load_config_file(const std::string& path, std::span<const Rule* const> rules) {
  const FileResult read = read_input(path, InputLimits{});
  if (read.error) return path + ": " + *read.error;
  ConfigFile cfg;
  cfg.path = path;
  std::error_code ec;
  cfg.dir = fs::absolute(fs::path(path), ec).parent_path();
  Loader loader(path, read.source.bytes, rules);
  if (auto e = loader.load(cfg)) return *e;
  return cfg;
}

std::optional<std::string> find_config_file(const fs::path& dir) {
  std::error_code ec;
  fs::path d = fs::absolute(dir, ec);
  for (int guard = 0; guard < 256 && !d.empty(); ++guard) {
    const fs::path candidate = d / kConfigFileName;
    if (fs::is_regular_file(candidate, ec)) return candidate.string();
    if (d == d.root_path()) break;
    d = d.parent_path();
  }
  return std::nullopt;
}

std::optional<std::string> bucket_for_file(const ConfigFile& config, const std::string& file_path) {
  std::error_code ec;
  const fs::path abs = fs::absolute(file_path, ec);
  const std::string rel = abs.lexically_relative(config.dir).generic_string();
  for (const auto& [glob, bucket] : config.buckets)
    if (path_glob_matches(glob, rel)) return bucket;
  if (config.bucket_from_file_name) return abs.stem().string();
  return std::nullopt;
}

bool override_applies(const ConfigOverride& entry, const ConfigFile& config, const std::string& source) {
  if (source == "-") return false;
  const bool live = source.rfind("s3://", 0) == 0;
  std::error_code ec;
  const std::string rel = live ? source : fs::absolute(source, ec).lexically_relative(config.dir).generic_string();
  for (const std::string& glob : entry.files)
    if (live ? ::fnmatch(glob.c_str(), rel.c_str(), 0) == 0 : path_glob_matches(glob, rel)) return true;
  return false;
}

}  // namespace s3policy
