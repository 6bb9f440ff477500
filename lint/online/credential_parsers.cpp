// The two file syntaxes credentials come in: shell assignments (OpenStack's ec2rc.sh) and INI
// (AWS CLI, s3cmd). Both are parsed as data: nothing is ever executed or expanded.
#include <cctype>

#include "credentials.h"

namespace s3policy::online {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())) != 0) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())) != 0) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const auto nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
  return lines;
}

bool name_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0 || c == '_'; }
bool name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; }

// Reads one shell word starting at s[0]. Returns false if a quote is not closed on this line.
bool read_shell_word(std::string_view s, std::string& out, bool& needs_shell) {
  std::size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (std::isspace(static_cast<unsigned char>(c)) != 0 || c == ';' || c == '&' || c == '|') break;
    if (c == '\'') {  // single quotes: everything literal up to the next '
      const auto end = s.find('\'', i + 1);
      if (end == std::string_view::npos) return false;
      out.append(s.substr(i + 1, end - i - 1));
      i = end + 1;
    } else if (c == '"') {  // double quotes: \" \\ \$ \` are escapes; $ and ` expand
      ++i;
      bool closed = false;
      while (i < s.size()) {
        const char d = s[i];
        if (d == '"') { closed = true; ++i; break; }
        if (d == '\\' && i + 1 < s.size() && std::string_view("\"\\$`").find(s[i + 1]) != std::string_view::npos) {
          out += s[i + 1];
          i += 2;
          continue;
        }
        if (d == '$' || d == '`') needs_shell = true;
        out += d;
        ++i;
      }
      if (!closed) return false;
    } else if (c == '\\' && i + 1 < s.size()) {
      out += s[i + 1];
      i += 2;
    } else {
      if (c == '$' || c == '`') needs_shell = true;
      out += c;
      ++i;
    }
  }
  return true;
}

}  // namespace

std::map<std::string, std::string> parse_shell_assignments(std::string_view text,
                                                           std::vector<std::string>* needs_shell) {
  std::map<std::string, std::string> vars;
  for (std::string_view line : split_lines(text)) {
    line = trim(line);
    if (line.empty() || line.front() == '#') continue;
    for (std::string_view kw : {"export", "declare -x", "typeset -x"}) {
      if (line.substr(0, kw.size()) == kw && line.size() > kw.size() &&
          std::isspace(static_cast<unsigned char>(line[kw.size()])) != 0) {
        line = trim(line.substr(kw.size()));
        break;
      }
    }
    if (line.empty() || !name_start(line.front())) continue;  // alias, if, function, ...
    std::size_t n = 1;
    while (n < line.size() && name_char(line[n])) ++n;
    if (n >= line.size() || line[n] != '=') continue;
    const std::string name(line.substr(0, n));
    std::string value;
    bool shell = false;
    if (!read_shell_word(line.substr(n + 1), value, shell)) continue;  // unclosed quote: ignore
    vars[name] = value;  // later assignments win, as in the shell
    if (needs_shell != nullptr) {
      std::erase(*needs_shell, name);
      if (shell) needs_shell->push_back(name);
    }
  }
  return vars;
}

IniFile parse_ini(std::string_view text) {
  IniFile ini;
  std::string section;
  std::string nested;  // AWS "s3 =" sub-section currently open
  bool in_section = false;
  for (std::string_view raw : split_lines(text)) {
    const std::string_view line = trim(raw);
    if (line.empty() || line.front() == '#' || line.front() == ';') continue;
    const bool indented = std::isspace(static_cast<unsigned char>(raw.front())) != 0;
    if (line.front() == '[' && line.back() == ']') {
      // "[profile   x]" -> "profile x"
      std::string name;
      for (char c : trim(line.substr(1, line.size() - 2))) {
        if (std::isspace(static_cast<unsigned char>(c)) != 0) {
          if (!name.empty() && name.back() != ' ') name += ' ';
        } else {
          name += c;
        }
      }
      section = name;
      ini[section];
      nested.clear();
      in_section = true;
      continue;
    }
    if (!in_section) continue;
    const auto eq = line.find('=');
    if (eq == std::string_view::npos) continue;
    const std::string key(trim(line.substr(0, eq)));
    const std::string value(trim(line.substr(eq + 1)));
    if (key.empty()) continue;
    if (indented && !nested.empty()) {
      ini[section][nested + "." + key] = value;
    } else if (value.empty()) {
      nested = key;  // "s3 =": the indented lines that follow belong to it
      ini[section][key] = value;
    } else {
      nested.clear();
      ini[section][key] = value;
    }
  }
  return ini;
}

}  // namespace s3policy::online
