#include "analysis/condition_values.h"

#include <charconv>
#include <cstdio>
#include <iterator>
#include <vector>

#include "catalog/ascii.h"

namespace s3policy::condition_values {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Dotted quad into out[0..3]. Leading zeros are refused, as inet_pton does: "010" is ambiguous
// (octal in some parsers).
std::string parse_v4(std::string_view s, std::uint8_t* out) {
  int part = 0;
  std::size_t i = 0;
  while (true) {
    const std::size_t start = i;
    unsigned value = 0;
    while (i < s.size() && is_digit(s[i]) && i - start < 4) value = value * 10 + static_cast<unsigned>(s[i++] - '0');
    const std::size_t len = i - start;
    if (len == 0) return "\"" + std::string(s) + "\" is not an IPv4 address";
    if (len > 3 || value > 255) return "octet " + std::string(s.substr(start, len)) + " is out of range";
    if (len > 1 && s[start] == '0') return "octet " + std::string(s.substr(start, len)) + " has a leading zero";
    out[part++] = static_cast<std::uint8_t>(value);
    if (part == 4) break;
    if (i >= s.size() || s[i] != '.') return "\"" + std::string(s) + "\" does not have four octets";
    ++i;
  }
  if (i != s.size()) return "unexpected \"" + std::string(s.substr(i)) + "\" after the address";
  return {};
}

// RFC 4291 text form: up to eight groups of 1-4 hex digits, one "::", optional IPv4 tail.
std::string parse_v6(std::string_view s, std::uint8_t* out) {
  std::string bad = "\"" + std::string(s) + "\" is not an IPv6 address";  // not const: returned by move
  std::vector<std::uint16_t> head, tail;
  bool compressed = false;
  std::size_t i = 0;
  if (s.starts_with("::")) {
    compressed = true;
    i = 2;
  }
  std::uint8_t v4[4] = {};
  bool has_v4 = false;
  while (i < s.size()) {
    std::size_t j = i;
    while (j < s.size() && s[j] != ':') ++j;
    const std::string_view group = s.substr(i, j - i);
    if (group.find('.') != std::string_view::npos) {
      if (j != s.size()) return bad;
      if (!parse_v4(group, v4).empty()) return bad;
      has_v4 = true;
      break;
    }
    if (group.empty() || group.size() > 4) return bad;
    unsigned value = 0;
    for (char c : group) {
      const int h = hex_value(c);
      if (h < 0) return bad;
      value = value * 16 + static_cast<unsigned>(h);
    }
    (compressed ? tail : head).push_back(static_cast<std::uint16_t>(value));
    if (j == s.size()) break;
    if (j + 1 < s.size() && s[j + 1] == ':') {
      if (compressed) return bad;  // a second "::"
      compressed = true;
      i = j + 2;
    } else {
      if (j + 1 == s.size()) return bad;  // trailing single ':'
      i = j + 1;
    }
  }
  const std::size_t groups = head.size() + tail.size() + (has_v4 ? 2 : 0);
  if (groups > 8 || (!compressed && groups != 8) || (compressed && groups == 8)) return bad;
  std::vector<std::uint16_t> all = head;
  all.resize(8 - tail.size() - (has_v4 ? 2 : 0), 0);
  all.insert(all.end(), tail.begin(), tail.end());
  for (std::size_t g = 0; g < all.size(); ++g) {
    out[2 * g] = static_cast<std::uint8_t>(all[g] >> 8);
    out[2 * g + 1] = static_cast<std::uint8_t>(all[g] & 0xff);
  }
  if (has_v4)
    for (int k = 0; k < 4; ++k) out[12 + k] = v4[k];
  return {};
}

bool bit(const IpNetwork& n, unsigned i) { return ((n.bytes[i / 8] >> (7 - i % 8)) & 1) != 0; }

IpNetwork net(std::string_view cidr) { return *parse_cidr(cidr).network; }

}  // namespace

bool IpNetwork::host_bits_set() const {
  for (unsigned i = prefix; i < bits(); ++i)
    if (bit(*this, i)) return true;
  return false;
}

IpNetwork IpNetwork::network() const {
  IpNetwork n = *this;
  for (unsigned i = prefix; i < bits(); ++i) n.bytes[i / 8] &= static_cast<std::uint8_t>(~(0x80u >> (i % 8)));
  return n;
}

std::string IpNetwork::to_string() const {
  std::string out;
  if (!v6) {
    out.reserve(15);  // "255.255.255.255"
    for (int k = 0; k < 4; ++k) {
      if (k != 0) out += '.';
      char digits[3];
      out.append(digits, std::to_chars(std::begin(digits), std::end(digits), static_cast<unsigned>(bytes[k])).ptr);
    }
  } else {
    std::uint16_t g[8];
    for (std::size_t k = 0; k < 8; ++k) g[k] = static_cast<std::uint16_t>(bytes[2 * k] << 8 | bytes[2 * k + 1]);
    // The longest run of two or more zero groups becomes "::" (RFC 5952).
    int best = -1, best_len = 0;
    for (int k = 0; k < 8;) {
      int len = 0;
      while (k + len < 8 && g[k + len] == 0) ++len;
      if (len > best_len && len >= 2) best = k, best_len = len;
      k += len ? len : 1;
    }
    for (int k = 0; k < 8; ++k) {
      if (k == best) {
        out += "::";
        k += best_len - 1;
        continue;
      }
      if (!out.empty() && !out.ends_with(':')) out += ':';
      char buf[8];
      std::snprintf(buf, sizeof buf, "%x", g[k]);
      out += buf;
    }
  }
  if (prefix_given) {
    char text[12];
    out += '/';
    out.append(text, std::to_chars(text, std::end(text), prefix).ptr);
  }
  return out;
}

bool IpNetwork::within(const IpNetwork& outer) const {
  if (v6 != outer.v6 || prefix < outer.prefix) return false;
  for (unsigned i = 0; i < outer.prefix; ++i)
    if (bit(*this, i) != bit(outer, i)) return false;
  return true;
}

CidrParse parse_cidr(std::string_view text) {
  CidrParse r;
  IpNetwork n;
  std::string_view addr = text;
  const auto slash = text.find('/');
  if (slash != std::string_view::npos) addr = text.substr(0, slash);
  n.v6 = addr.find(':') != std::string_view::npos;
  if (addr.empty()) {
    r.error = "the address is empty";
    return r;
  }
  r.error = n.v6 ? parse_v6(addr, n.bytes.data()) : parse_v4(addr, n.bytes.data());
  if (!r.error.empty()) return r;
  n.prefix = n.bits();
  if (slash != std::string_view::npos) {
    const std::string_view p = text.substr(slash + 1);
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(p.data(), p.data() + p.size(), value);
    if (p.empty() || ec != std::errc() || end != p.data() + p.size() || (p.size() > 1 && p[0] == '0')) {
      r.error = "prefix length \"" + std::string(p) + "\" is not a number";
      return r;
    }
    if (value > n.bits()) {
      r.error = "prefix length /" + std::string(p) + " exceeds " + std::to_string(n.bits());
      return r;
    }
    n.prefix = value;
    n.prefix_given = true;
  }
  r.network = n;
  return r;
}

IpScope classify(const IpNetwork& n) {
  if (n.prefix == 0) return IpScope::Any;
  static const IpNetwork kLoopback[] = {net("127.0.0.0/8"), net("::1/128")};
  static const IpNetwork kLinkLocal[] = {net("169.254.0.0/16"), net("fe80::/10")};
  static const IpNetwork kPrivate[] = {net("10.0.0.0/8"), net("172.16.0.0/12"), net("192.168.0.0/16"),
                                       net("100.64.0.0/10"), net("fc00::/7")};
  const IpNetwork base = n.network();
  for (const auto& r : kLoopback)
    if (base.within(r)) return IpScope::Loopback;
  for (const auto& r : kLinkLocal)
    if (base.within(r)) return IpScope::LinkLocal;
  for (const auto& r : kPrivate)
    if (base.within(r)) return IpScope::Private;
  return IpScope::Public;
}

std::string_view to_string(IpScope scope) {
  switch (scope) {
    case IpScope::Public: return "public";
    case IpScope::Any: return "every address";
    case IpScope::Private: return "private";
    case IpScope::Loopback: return "loopback";
    case IpScope::LinkLocal: return "link-local";
  }
  return "public";
}

}  // namespace s3policy::condition_values
