// Parsers for the values of condition operators: IP addresses and CIDR blocks, dates, numbers,
// booleans written as strings, ARNs, base64. They say whether a value means anything to the
// operator and, where it helps a message, why not. Shared by the condition rules and the access
// analysis, so they take plain text and allocate only for error strings.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace s3policy::condition_values {

// An IPv4 or IPv6 network as written in an IpAddress/NotIpAddress value ("10.0.0.0/8",
// "2001:db8::/32", or a bare address, which means /32 or /128).
struct IpNetwork {
  bool v6 = false;
  std::array<std::uint8_t, 16> bytes{};  // IPv4 uses the first 4
  unsigned prefix = 0;                   // 0..32 or 0..128
  bool prefix_given = false;             // false for a bare address

  unsigned bits() const { return v6 ? 128 : 32; }
  // Bits set below the prefix ("10.0.0.1/8"): both AWS and RGW compare only the prefix, so the
  // block is really network().
  bool host_bits_set() const;
  IpNetwork network() const;  // host bits cleared
  std::string to_string() const;  // "10.0.0.0/8", IPv6 compressed ("2001:db8::/32")
  // Every address of this network is also in `outer`.
  bool within(const IpNetwork& outer) const;
};

struct CidrParse {
  std::optional<IpNetwork> network;
  std::string error;  // set when network is empty: "octet 300 is out of range", ...
};
CidrParse parse_cidr(std::string_view text);

// Where a network lies. Private covers RFC 1918, 100.64/10 (carrier-grade NAT) and fc00::/7;
// the classification holds only when the whole network lies inside the range.
enum class IpScope : std::uint8_t { Public, Any, Private, Loopback, LinkLocal };
IpScope classify(const IpNetwork& network);
std::string_view to_string(IpScope scope);  // "public", "every address", "private", ...

// Dates as AWS documents them (the W3C profile of ISO 8601: "2024-01-31", "2024-01-31T12:00Z",
// "2024-01-31T12:00:00.5+02:00") or as epoch seconds ("1706702400"). Returns epoch seconds.
struct DateParse {
  std::optional<std::int64_t> epoch_seconds;
  std::string error;
};
DateParse parse_date(std::string_view text);

// A decimal number: optional sign, digits, optional fraction ("-12", "0.5"). No exponent, no
// spaces, no hex: AWS documents integers and decimals only.
std::optional<double> parse_number(std::string_view text);

// "true"/"false", ASCII case-insensitive. Anything else is not a boolean; note that RGW reads
// every other non-empty, non-numeric string as true.
std::optional<bool> parse_bool(std::string_view text);

// "arn:partition:service:region:account:resource" with at least the six fields; "*" alone counts
// too.
bool looks_like_arn(std::string_view text);

// Standard base64 with padding (BinaryEquals values).
bool is_base64(std::string_view text);

// The value contains a policy variable ("${aws:username}"); its final text is known only at
// request time, so type checks skip it.
bool has_policy_variable(std::string_view text);

}  // namespace s3policy::condition_values
