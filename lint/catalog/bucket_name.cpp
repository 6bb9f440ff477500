// Bucket naming rules per target (schema/README.md, "Bucket naming"). RGW's strict rules differ
// from AWS's: it also forbids ".-" and "-.", rejects IPv6-looking names, and does not reserve
// AWS's prefixes and suffixes. Its relaxed mode (rgw_relaxed_s3_bucket_names) does not look at
// the last character at all, apart from the checks every request gets.
#include <arpa/inet.h>

#include <array>
#include <string>

#include "catalog/catalog.h"

namespace s3policy {
namespace {

bool is_lower_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool is_alnum(char c) { return is_lower_alnum(c) || (c >= 'A' && c <= 'Z'); }

// Exactly what inet_pton accepts, which is what RGW uses. inet_pton takes only digits and '.'
// (IPv4), or hex digits, ':' and '.' (IPv6): a name with any other byte is not asked, without
// the copy (this runs for every bucket ARN).
bool looks_like_ip(std::string_view name, bool v6) {
  for (char c : name) {
    const bool hex_letter = (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    if (!((c >= '0' && c <= '9') || c == '.' || (v6 && (c == ':' || hex_letter)))) return false;
  }
  const std::string s(name);
  std::array<unsigned char, 16> buf{};
  return inet_pton(v6 ? AF_INET6 : AF_INET, s.c_str(), buf.data()) == 1;
}

std::string length_error(std::string_view name, std::size_t max) {
  if (name.size() >= 3 && name.size() <= max) return {};
  return "must be 3 to " + std::to_string(max) + " characters long, not " + std::to_string(name.size());
}

std::string char_error(char c, std::string_view allowed) {
  const auto byte = static_cast<unsigned char>(c);
  std::string shown = (byte >= 0x21 && byte < 0x7f) ? std::string("'") + c + "'" : "byte " + std::to_string(byte);
  return "contains " + shown + "; allowed are " + std::string(allowed);
}

std::string aws_check(std::string_view name, bool relaxed) {
  if (relaxed) {
    if (auto e = length_error(name, 255); !e.empty()) return e;
    for (char c : name)
      if (!is_alnum(c) && c != '.' && c != '-' && c != '_') return char_error(c, "letters, digits, '.', '-' and '_'");
    return {};
  }
  if (auto e = length_error(name, 63); !e.empty()) return e;
  for (char c : name)
    if (!is_lower_alnum(c) && c != '.' && c != '-') return char_error(c, "a-z, 0-9, '.' and '-'");
  if (!is_lower_alnum(name.front()) || !is_lower_alnum(name.back())) return "must begin and end with a letter or digit";
  if (name.find("..") != std::string_view::npos) return "must not contain \"..\"";
  if (looks_like_ip(name, false)) return "must not be formatted as an IP address";
  for (std::string_view p : {"xn--", "sthree-", "amzn-s3-demo-"})
    if (name.starts_with(p)) return "must not start with the reserved prefix \"" + std::string(p) + "\"";
  for (std::string_view s : {"-s3alias", "--ol-s3", ".mrap", "--x-s3"})
    if (name.ends_with(s)) return "must not end with the reserved suffix \"" + std::string(s) + "\"";
  return {};
}

std::string rgw_check(std::string_view name, bool relaxed) {
  // Most names use only a-z, 0-9, '.' and '-': then the character checks below cannot fail.
  bool plain = true, has_dot = false;
  for (char c : name) {
    plain = plain && (is_lower_alnum(c) || c == '.' || c == '-');
    has_dot = has_dot || c == '.';
  }
  // Every request, whatever the mode.
  if (auto e = length_error(name, 255); !e.empty()) return e;
  if (!plain)
    for (char c : name)
      if (c == '/' || static_cast<unsigned char>(c) == 0xff) return char_error(c, "anything but '/' and byte 255");
  if (relaxed) {
    for (std::size_t i = 0; !plain && i + 1 < name.size(); ++i) {
      const char c = name[i];
      if (!is_alnum(c) && c != '.' && c != '-' && c != '_') return char_error(c, "letters, digits, '.', '-' and '_'");
    }
  } else {
    if (auto e = length_error(name, 63); !e.empty()) return e;
    if (!plain)
      for (char c : name)
        if (!is_lower_alnum(c) && c != '.' && c != '-') return char_error(c, "a-z, 0-9, '.' and '-'");
    if (!is_lower_alnum(name.front()) || !is_lower_alnum(name.back())) return "must begin and end with a letter or digit";
    // "..", ".-" and "-." in one pass, reported in that order (each has a '.').
    bool dot_dot = false, dot_dash = false, dash_dot = false;
    for (std::size_t i = 0; has_dot && i + 1 < name.size(); ++i) {
      dot_dot = dot_dot || (name[i] == '.' && name[i + 1] == '.');
      dot_dash = dot_dash || (name[i] == '.' && name[i + 1] == '-');
      dash_dot = dash_dot || (name[i] == '-' && name[i + 1] == '.');
    }
    if (dot_dot) return "must not contain \"..\"";
    if (dot_dash) return "must not contain \".-\"";
    if (dash_dot) return "must not contain \"-.\"";
  }
  if (looks_like_ip(name, false) || looks_like_ip(name, true)) return "must not be formatted as an IP address";
  return {};
}

}  // namespace

std::string check_bucket_name(std::string_view name, Target target, bool relaxed) {
  return is_ceph(target) ? rgw_check(name, relaxed) : aws_check(name, relaxed);
}

}  // namespace s3policy
