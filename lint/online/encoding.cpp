#include "encoding.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace s3policy::online {

namespace {

bool unreserved(unsigned char c) {
  return std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.' || c == '~';
}

bool ascii_lower_or_digit(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

}  // namespace

std::string aws_uri_encode(std::string_view s, bool encode_slash) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (unreserved(c) || (c == '/' && !encode_slash)) {
      out += ch;
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 0xF];
    }
  }
  return out;
}

std::string canonical_query(const QueryParams& params) {
  std::vector<std::pair<std::string, std::string>> enc;
  enc.reserve(params.size());
  for (const auto& [k, v] : params) enc.emplace_back(aws_uri_encode(k), aws_uri_encode(v));
  std::sort(enc.begin(), enc.end());  // byte order of the encoded forms, as SigV4 requires
  std::string out;
  for (const auto& [k, v] : enc) {
    if (!out.empty()) out += '&';
    out += k;
    out += '=';  // always: "policy=" not "policy"
    out += v;
  }
  return out;
}

std::string Endpoint::authority() const { return port.empty() ? host : host + ":" + port; }
std::string Endpoint::origin() const { return scheme + "://" + authority(); }

std::optional<Endpoint> parse_endpoint(std::string_view url, std::string* error) {
  auto fail = [&](const std::string& why) -> std::optional<Endpoint> {
    if (error != nullptr) *error = "invalid endpoint URL: " + why;
    return std::nullopt;
  };
  Endpoint ep;
  const auto sep = url.find("://");
  if (sep == std::string_view::npos) return fail("it must start with http:// or https://");
  ep.scheme = std::string(url.substr(0, sep));
  std::transform(ep.scheme.begin(), ep.scheme.end(), ep.scheme.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (ep.scheme != "http" && ep.scheme != "https") return fail("scheme must be http or https");
  std::string_view rest = url.substr(sep + 3);
  if (rest.find_first_of("?#") != std::string_view::npos) return fail("no query or fragment allowed");
  const auto slash = rest.find('/');
  std::string_view auth = rest.substr(0, slash);
  std::string_view path = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash);
  // Do not echo the authority back: it might contain a password.
  if (auth.find('@') != std::string_view::npos) return fail("credentials must not be part of the URL");
  if (auth.empty()) return fail("missing host");
  if (auth.front() == '[') {  // IPv6 literal
    const auto close = auth.find(']');
    if (close == std::string_view::npos) return fail("unterminated IPv6 address");
    ep.host = std::string(auth.substr(0, close + 1));
    auth.remove_prefix(close + 1);
    if (!auth.empty() && auth.front() != ':') return fail("garbage after IPv6 address");
    if (!auth.empty()) ep.port = std::string(auth.substr(1));
  } else {
    const auto colon = auth.find(':');
    ep.host = std::string(auth.substr(0, colon));
    if (colon != std::string_view::npos) ep.port = std::string(auth.substr(colon + 1));
  }
  if (ep.host.empty()) return fail("missing host");
  for (char c : ep.host)
    if (std::isspace(static_cast<unsigned char>(c)) != 0) return fail("space in host");
  if (!ep.port.empty()) {
    if (ep.port.size() > 5 || !std::all_of(ep.port.begin(), ep.port.end(),
                                           [](unsigned char c) { return std::isdigit(c) != 0; }))
      return fail("bad port");
    const long p = std::stol(ep.port);
    if (p < 1 || p > 65535) return fail("port out of range");
  }
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  ep.base_path = std::string(path);
  return ep;
}

bool dns_compatible_bucket(std::string_view b, bool https) {
  if (b.size() < 3 || b.size() > 63) return false;
  if (!ascii_lower_or_digit(b.front()) || !ascii_lower_or_digit(b.back())) return false;
  for (std::size_t i = 0; i < b.size(); ++i) {
    const char c = b[i];
    if (c == '.') {
      if (https) return false;  // *.s3.example.com wildcard certificates cover one label only
      if (i + 1 < b.size() && b[i + 1] == '.') return false;
    } else if (c != '-' && !ascii_lower_or_digit(c)) {
      return false;
    }
  }
  return true;
}

std::string bucket_name_problem(std::string_view bucket) {
  std::string_view name = bucket;
  if (const auto colon = bucket.find(':'); colon != std::string_view::npos) {
    const auto tenant = bucket.substr(0, colon);
    name = bucket.substr(colon + 1);
    if (tenant.empty()) return "empty tenant before ':'";
    if (name.find(':') != std::string_view::npos) return "more than one ':'";
  }
  if (name.empty()) return "empty bucket name";
  if (name.size() > 255) return "bucket name longer than 255 characters";
  for (char c : bucket) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x21 || u >= 0x7f || c == '/') return "bucket name contains '/', a space or a non-printable character";
  }
  return {};
}

std::string build_url(const Endpoint& ep, AddressingStyle style, std::string_view bucket,
                      std::string_view key, const QueryParams& query) {
  std::string url;
  const bool vhost = style == AddressingStyle::virtual_host && !bucket.empty() &&
                     dns_compatible_bucket(bucket, ep.scheme == "https");
  if (vhost) {
    url = ep.scheme + "://" + std::string(bucket) + "." + ep.authority() + ep.base_path + "/";
  } else {
    url = ep.origin() + ep.base_path + "/";
    if (!bucket.empty()) {
      url += aws_uri_encode(bucket);
      if (!key.empty()) url += '/';
    }
  }
  url += aws_uri_encode(key, /*encode_slash=*/false);
  if (!query.empty()) url += "?" + canonical_query(query);
  return url;
}

std::string mask_key_id(std::string_view key_id) {
  if (key_id.size() < 12) return "…";  // too short to reveal any part of it safely
  return std::string(key_id.substr(0, 4)) + "…" + std::string(key_id.substr(key_id.size() - 2));
}

// ---- SHA-256, straight from FIPS 180-4 section 6.2 ----
namespace {

constexpr std::array<std::uint32_t, 64> K = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

constexpr std::uint32_t rotr(std::uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

void compress(std::array<std::uint32_t, 8>& h, const unsigned char* block) {
  std::array<std::uint32_t, 64> w{};
  for (std::size_t t = 0; t < 16; ++t)
    w[t] = (std::uint32_t{block[4 * t]} << 24) | (std::uint32_t{block[4 * t + 1]} << 16) |
           (std::uint32_t{block[4 * t + 2]} << 8) | std::uint32_t{block[4 * t + 3]};
  for (int t = 16; t < 64; ++t) {
    const std::uint32_t s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3);
    const std::uint32_t s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10);
    w[t] = w[t - 16] + s0 + w[t - 7] + s1;
  }
  auto [a, b, c, d, e, f, g, hh] = h;
  for (int t = 0; t < 64; ++t) {
    const std::uint32_t t1 = hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[t] + w[t];
    const std::uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
    hh = g; g = f; f = e; e = d + t1; d = c; c = b; b = a; a = t1 + t2;
  }
  h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
}

}  // namespace

std::string sha256_hex(std::string_view data) {
  std::array<std::uint32_t, 8> h = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                    0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  const auto* p = reinterpret_cast<const unsigned char*>(data.data());
  std::size_t n = data.size();
  for (; n >= 64; n -= 64, p += 64) compress(h, p);
  // Padding: 0x80, zeros, then the bit length big-endian in the last 8 bytes.
  std::array<unsigned char, 128> tail{};
  std::copy(p, p + n, tail.begin());
  tail[n] = 0x80;
  const std::size_t blocks = n + 9 > 64 ? 2 : 1;
  const std::uint64_t bits = static_cast<std::uint64_t>(data.size()) * 8;
  for (int i = 0; i < 8; ++i) tail[blocks * 64 - 1 - i] = static_cast<unsigned char>(bits >> (8 * i));
  for (std::size_t i = 0; i < blocks; ++i) compress(h, tail.data() + 64 * i);
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  for (std::uint32_t v : h)
    for (int s = 28; s >= 0; s -= 4) out += hex[(v >> s) & 0xF];
  return out;
}

}  // namespace s3policy::online
