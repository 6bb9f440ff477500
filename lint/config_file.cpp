#include "config_file.h"

#include <fnmatch.h>

#include <array>
#include <cctype>

#include "catalog/suggest.h"
#include "engine.h"
#include "json.h"

namespace s3policy {

namespace fs = std::filesystem;

std::string blank_json_comments(std::string_view text) {
  std::string out(text);
  bool in_string = false;
  for (std::size_t i = 0; i < out.size(); ++i) {
    const char c = out[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '/' && i + 1 < out.size() && out[i + 1] == '/') {
      for (; i < out.size() && out[i] != '\n'; ++i) out[i] = ' ';
    } else if (c == '/' && i + 1 < out.size() && out[i + 1] == '*') {
      const std::size_t close = out.find("*/", i + 2);
      const std::size_t end = close == std::string::npos ? out.size() : close + 2;
      for (std::size_t j = i; j < end; ++j)
        if (out[j] != '\n') out[j] = ' ';
      i = end - 1;
    }
  }
  return out;
}

namespace {

constexpr std::array<std::string_view, 12> kKeys = {"target",  "projects", "buckets", "bucket_from_file_name",
                                                    "relaxed_bucket_names", "select", "ignore", "levels",
                                                    "fail_on", "max_bytes", "max_depth", "suppress"};

class Loader {
 public:
  Loader(std::string path, std::string text) : path_(std::move(path)), text_(std::move(text)), lines_(text_) {}

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
      return path_ + ":" + std::to_string(p.line) + ":" + std::to_string(p.column) + ": invalid JSON: " +
             parsed.error->message;
    }
    const JsonValue& root = *parsed.document->root();
    if (!root.is_object()) return error(root, "the configuration must be a JSON object");
    for (const JsonDuplicate& d : parsed.document->duplicates())
      return error_key(d.object->members[d.member_index], "duplicate key \"" + d.object->members[d.member_index].key + "\"");
    for (const JsonMember& m : root.members)
      if (auto e = member(m, cfg)) return e;
    return std::nullopt;
  }

 private:
  std::optional<std::string> string_of(const JsonMember& m, std::string& out) const {
    if (!m.value->is_string()) return error(*m.value, "\"" + m.key + "\" must be a string");
    out = m.value->text;
    return std::nullopt;
  }
  std::optional<std::string> strings_of(const JsonMember& m, std::vector<std::string>& out) const {
    if (!m.value->is_array()) return error(*m.value, "\"" + m.key + "\" must be an array of strings");
    for (const JsonValue* v : m.value->items) {
      if (!v->is_string()) return error(*v, "\"" + m.key + "\" must contain strings only");
      out.push_back(v->text);
    }
    return std::nullopt;
  }
  std::optional<std::string> bool_of(const JsonMember& m, bool& out) const {
    if (m.value->kind != JsonKind::True && m.value->kind != JsonKind::False)
      return error(*m.value, "\"" + m.key + "\" must be true or false");
    out = m.value->kind == JsonKind::True;
    return std::nullopt;
  }
  std::optional<std::string> size_of(const JsonMember& m, std::optional<std::size_t>& out) const {
    const std::string& t = m.value->text;
    if (m.value->kind != JsonKind::Number || t.empty() || t.find_first_not_of("0123456789") != std::string::npos ||
        t.size() > 12)
      return error(*m.value, "\"" + m.key + "\" must be a positive whole number");
    out = std::stoull(t);
    return std::nullopt;
  }

  std::optional<std::string> member(const JsonMember& m, ConfigFile& cfg) const {
    const std::string& k = m.key;
    std::string s;
    if (k == "target") {
      if (auto e = string_of(m, s)) return e;
      cfg.target = parse_target(s);
      if (!cfg.target) return error(*m.value, "unknown target \"" + s + "\"; use aws, ceph-pacific, ceph-reef, ceph-squid or ceph-tentacle");
    } else if (k == "projects") {
      return projects(*m.value, cfg.projects);
    } else if (k == "buckets") {
      if (!m.value->is_object()) return error(*m.value, "\"buckets\" must map file globs to bucket names");
      for (const JsonMember& b : m.value->members) {
        if (!b.value->is_string()) return error(*b.value, "bucket name for \"" + b.key + "\" must be a string");
        cfg.buckets.emplace_back(b.key, b.value->text);
      }
    } else if (k == "bucket_from_file_name") {
      return bool_of(m, cfg.bucket_from_file_name);
    } else if (k == "relaxed_bucket_names") {
      bool b = false;
      if (auto e = bool_of(m, b)) return e;
      cfg.relaxed_bucket_names = b;
    } else if (k == "select") {
      return strings_of(m, cfg.selection.select);
    } else if (k == "ignore") {
      return strings_of(m, cfg.selection.ignore);
    } else if (k == "levels") {
      if (!m.value->is_object()) return error(*m.value, "\"levels\" must map rule IDs or names to levels");
      for (const JsonMember& l : m.value->members) {
        const auto level = l.value->is_string() ? parse_level(l.value->text) : std::nullopt;
        if (!level) return error(*l.value, "level for \"" + l.key + "\" must be \"error\", \"warning\" or \"note\"");
        cfg.selection.levels[l.key] = *level;
      }
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
    } else {
      const auto near = closest_match(k, kKeys, default_max_distance(k));
      return error_key(m, "unknown setting \"" + k + "\"" + (near ? "; did you mean \"" + *near + "\"?" : ""));
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
    for (const JsonValue* item : v.items) {
      if (!item->is_object()) return error(*item, "each \"suppress\" entry must be an object");
      SuppressEntry e;
      e.where = where(*item);
      for (const JsonMember& m : item->members) {
        std::string* field = m.key == "rule" ? &e.rule : m.key == "reason" ? &e.reason : m.key == "file" ? &e.file
                           : m.key == "sid" ? &e.sid : m.key == "pointer" ? &e.pointer
                           : m.key == "expires" ? &e.expires : nullptr;
        if (field == nullptr) {
          const auto near = closest_match(m.key, keys, default_max_distance(m.key));
          return error_key(m, "unknown key \"" + m.key + "\" in a \"suppress\" entry" +
                                  (near ? "; did you mean \"" + *near + "\"?" : ""));
        }
        if (auto err = string_of(m, *field)) return err;
      }
      if (e.rule.empty()) return error(*item, "a \"suppress\" entry needs \"rule\" (an ID, name or ID prefix)");
      if (e.reason.empty()) return error(*item, "a \"suppress\" entry needs a \"reason\": say why the finding is accepted");
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
    for (const JsonMember& m : v.members) {
      if (m.key == "owner") {
        if (auto e = string_of(m, out.owner)) return e;
      } else if (m.key == "known") {
        if (!m.value->is_object()) return error(*m.value, "\"known\" must map project IDs to names");
        for (const JsonMember& p : m.value->members) {
          if (!p.value->is_string()) return error(*p.value, "the name of project \"" + p.key + "\" must be a string");
          out.known[p.key] = p.value->text;
        }
      } else {
        constexpr std::array<std::string_view, 2> keys = {"owner", "known"};
        const auto near = closest_match(m.key, keys, default_max_distance(m.key));
        return error_key(m, "unknown key \"" + m.key + "\" in \"projects\"" +
                                (near ? "; did you mean \"" + *near + "\"?" : ""));
      }
    }
    return std::nullopt;
  }

  std::string path_;
  std::string text_;
  LineIndex lines_;
};

}  // namespace

std::variant<ConfigFile, std::string> load_config_file(const std::string& path) {
  const FileResult read = read_input(path, InputLimits{});
  if (read.error) return path + ": " + *read.error;
  ConfigFile cfg;
  cfg.path = path;
  std::error_code ec;
  cfg.dir = fs::absolute(fs::path(path), ec).parent_path();
  Loader loader(path, read.source.bytes);
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
    if (::fnmatch(glob.c_str(), rel.c_str(), FNM_PATHNAME) == 0) return bucket;
  if (config.bucket_from_file_name) return abs.stem().string();
  return std::nullopt;
}

}  // namespace s3policy
