// The condition value parsers: what they accept, what they refuse and why, and the edge cases
// where a lenient parser would hide a broken policy (leading zeros, two "::", a 31st of February).
#include <catch2/catch.hpp>

#include "analysis/condition_values.h"

using namespace s3policy::condition_values;

namespace {
IpNetwork cidr(std::string_view s) {
  const auto r = parse_cidr(s);
  INFO(s << ": " << r.error);
  REQUIRE(r.network.has_value());
  return *r.network;
}
std::string cidr_error(std::string_view s) {
  const auto r = parse_cidr(s);
  INFO(s << " parsed as " << (r.network ? r.network->to_string() : ""));
  REQUIRE_FALSE(r.network.has_value());
  return r.error;
}
}  // namespace

TEST_CASE("condition values: IPv4 addresses and CIDR blocks", "[condition][values]") {
  CHECK(cidr("10.0.0.0/8").prefix == 8);
  CHECK(cidr("10.0.0.0/8").prefix_given);
  CHECK(cidr("198.51.100.7").prefix == 32);
  CHECK_FALSE(cidr("198.51.100.7").prefix_given);
  CHECK(cidr("0.0.0.0/0").prefix == 0);

  CHECK(cidr_error("10.0.0.300/24") == "octet 300 is out of range");
  CHECK(cidr_error("10.0.0.0/33") == "prefix length /33 exceeds 32");
  CHECK(cidr_error("10.0.0/8").find("four octets") != std::string::npos);
  CHECK(cidr_error("010.0.0.0/8").find("leading zero") != std::string::npos);
  CHECK(cidr_error("10.0.0.0/").find("not a number") != std::string::npos);
  CHECK(cidr_error("10.0.0.0/08").find("not a number") != std::string::npos);
  CHECK_FALSE(cidr_error("hello").empty());
  CHECK_FALSE(cidr_error("").empty());
  CHECK_FALSE(cidr_error("10.0.0.1 ").empty());
}

TEST_CASE("condition values: IPv6 addresses", "[condition][values]") {
  CHECK(cidr("2001:db8::/32").v6);
  CHECK(cidr("::/0").prefix == 0);
  CHECK(cidr("::1").prefix == 128);
  CHECK(cidr("::ffff:192.0.2.1").bytes[15] == 1);
  CHECK(cidr("1:2:3:4:5:6:7:8").bytes[15] == 8);
  CHECK(cidr("2001:DB8::1").to_string() == "2001:db8::1");

  CHECK_FALSE(cidr_error("2001:db8::1::2").empty());  // two "::"
  CHECK_FALSE(cidr_error("1:2:3:4:5:6:7:8:9").empty());
  CHECK_FALSE(cidr_error("1:2:3:4:5:6:7").empty());     // too few groups, no "::"
  CHECK_FALSE(cidr_error("12345::").empty());
  CHECK_FALSE(cidr_error("2001:db8::g").empty());
  CHECK_FALSE(cidr_error("2001:db8::/129").empty());
  CHECK_FALSE(cidr_error("2001:db8:").empty());
}

TEST_CASE("condition values: host bits, network form, scope", "[condition][values]") {
  CHECK(cidr("10.0.0.1/8").host_bits_set());
  CHECK(cidr("10.0.0.1/8").network().to_string() == "10.0.0.0/8");
  CHECK_FALSE(cidr("10.0.0.0/8").host_bits_set());
  CHECK_FALSE(cidr("10.0.0.1").host_bits_set());
  CHECK(cidr("2001:db8::1/32").network().to_string() == "2001:db8::/32");
  CHECK(cidr("fe80:0:0:1::/64").to_string() == "fe80:0:0:1::/64");

  CHECK(classify(cidr("10.1.0.0/16")) == IpScope::Private);
  CHECK(classify(cidr("172.16.0.0/12")) == IpScope::Private);
  CHECK(classify(cidr("172.32.0.0/16")) == IpScope::Public);
  CHECK(classify(cidr("100.64.1.0/24")) == IpScope::Private);
  CHECK(classify(cidr("127.0.0.1")) == IpScope::Loopback);
  CHECK(classify(cidr("::1")) == IpScope::Loopback);
  CHECK(classify(cidr("169.254.169.254")) == IpScope::LinkLocal);
  CHECK(classify(cidr("fd00::/8")) == IpScope::Private);
  CHECK(classify(cidr("0.0.0.0/0")) == IpScope::Any);
  CHECK(classify(cidr("203.0.113.0/24")) == IpScope::Public);
  // A block wider than the private range is not private.
  CHECK(classify(cidr("10.0.0.0/7")) == IpScope::Public);
}

TEST_CASE("condition values: dates", "[condition][values]") {
  CHECK(parse_date("1970-01-01T00:00:00Z").epoch_seconds == 0);
  CHECK(parse_date("2024-02-29").epoch_seconds == 1709164800);
  CHECK(parse_date("2024-02-29T12:00:00+02:00").epoch_seconds == 1709164800 + 10 * 3600);
  CHECK(parse_date("2019-07-16T12:00Z").epoch_seconds.has_value());
  CHECK(parse_date("2019-07-16T12:00:00.123Z").epoch_seconds.has_value());
  CHECK(parse_date("2019-07").epoch_seconds.has_value());
  CHECK(parse_date("1893456000").epoch_seconds == 1893456000);

  CHECK(parse_date("2023-02-29").error.find("does not exist") != std::string::npos);
  CHECK(parse_date("2023-13-01").error.find("month 13") != std::string::npos);
  CHECK(parse_date("2023-01-01T25:00:00Z").error.find("out of range") != std::string::npos);
  CHECK_FALSE(parse_date("not-a-date").epoch_seconds.has_value());
  CHECK_FALSE(parse_date("2023-01-01 00:00:00").epoch_seconds.has_value());
  CHECK_FALSE(parse_date("2023-01-01T00:00:00Q").epoch_seconds.has_value());
  CHECK_FALSE(parse_date("").epoch_seconds.has_value());
  CHECK_FALSE(parse_date("99999999999999").epoch_seconds.has_value());
}

TEST_CASE("condition values: numbers, booleans, ARNs, base64, variables", "[condition][values]") {
  CHECK(parse_number("42") == 42.0);
  CHECK(parse_number("-0.5") == -0.5);
  CHECK(parse_number("+7") == 7.0);
  CHECK(parse_number(".5") == 0.5);
  CHECK_FALSE(parse_number("abc"));
  CHECK_FALSE(parse_number(""));
  CHECK_FALSE(parse_number("."));
  CHECK_FALSE(parse_number("1e3"));
  CHECK_FALSE(parse_number(" 1"));
  CHECK_FALSE(parse_number("0x10"));

  CHECK(parse_bool("true") == true);
  CHECK(parse_bool("False") == false);
  CHECK_FALSE(parse_bool("yes"));
  CHECK_FALSE(parse_bool("1"));
  CHECK_FALSE(parse_bool(""));

  CHECK(looks_like_arn("arn:aws:s3:::bucket/key"));
  CHECK(looks_like_arn("arn:aws:iam::123456789012:role/r"));
  CHECK(looks_like_arn("arn:aws:iam::*:*"));
  // Arn operators match field by field: the '*' cannot stand for the missing sixth field.
  CHECK_FALSE(looks_like_arn("arn:aws:iam::*"));
  CHECK(looks_like_arn("*"));
  CHECK_FALSE(looks_like_arn("bucket"));
  CHECK_FALSE(looks_like_arn("arn:aws:s3"));

  CHECK(is_base64("Ym9i"));
  CHECK(is_base64("Ym8="));
  CHECK_FALSE(is_base64("Ym9"));
  CHECK_FALSE(is_base64("Y=9i"));
  CHECK_FALSE(is_base64(""));

  CHECK(has_policy_variable("home/${aws:username}/*"));
  CHECK_FALSE(has_policy_variable("home/$user"));
}
