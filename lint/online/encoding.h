// URL building for S3 requests signed by libcurl's CURLOPT_AWS_SIGV4.
//
// libcurl 7.88 (Debian 12) signs the path and the query string exactly as written, without
// canonicalising them. So the URL we hand it must already be in AWS canonical form: every path
// segment AWS-encoded (RFC 3986 unreserved kept, everything else %XX upper-case; so the RGW
// tenant separator becomes "tenant%3Abucket"), and the query sorted with "k=" for empty values
// ("?policy=" -- "?policy" makes RGW answer SignatureDoesNotMatch). These functions are pure and
// unit-tested.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace s3policy::online {

using QueryParams = std::vector<std::pair<std::string, std::string>>;

// AWS SigV4 URI encoding. encode_slash=false keeps '/' (object keys).
std::string aws_uri_encode(std::string_view s, bool encode_slash = true);

// "a=1&b=&c=x%2Fy": keys and values encoded, sorted by encoded key then value.
std::string canonical_query(const QueryParams& params);

struct Endpoint {
  std::string scheme;     // "http" or "https"
  std::string host;       // "s3.example.com", "127.0.0.1", "[::1]"
  std::string port;       // "" for the scheme's default
  std::string base_path;  // "" or "/prefix" (already encoded, no trailing '/')
  std::string authority() const;  // host[:port]
  std::string origin() const;     // scheme://host[:port]
};

// Accepts http(s)://host[:port][/path]. Rejects user-info (credentials never belong in a URL),
// query strings and fragments. On failure returns nullopt and sets *error (if given).
std::optional<Endpoint> parse_endpoint(std::string_view url, std::string* error = nullptr);

// Can the bucket be a DNS label for virtual-host addressing? ("tenant:bucket", upper case,
// '_' and, over https, '.' cannot.)
bool dns_compatible_bucket(std::string_view bucket, bool https);

// Syntactic check only, lenient enough for legacy RGW names and the "tenant:bucket" form.
// Returns an empty string when fine, else the reason.
std::string bucket_name_problem(std::string_view bucket);

enum class AddressingStyle { path, virtual_host };

// Full request URL. Virtual-host style falls back to path style for buckets that cannot be a
// DNS label (always the case for "tenant:bucket").
std::string build_url(const Endpoint& endpoint, AddressingStyle style, std::string_view bucket,
                      std::string_view key, const QueryParams& query);

// SHA-256 (FIPS 180-4) as lower-case hex: the x-amz-content-sha256 of a request body.
std::string sha256_hex(std::string_view data);

// "ABCD…YZ": enough to tell keys apart in messages, never the whole key.
std::string mask_key_id(std::string_view key_id);

}  // namespace s3policy::online
