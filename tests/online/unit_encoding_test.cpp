// URL building and hashing: what libcurl 7.88 signs verbatim must already be canonical.
#include <catch2/catch.hpp>
#include <string>

#include "online/encoding.h"
#include "online/s3_client.h"

using namespace s3policy::online;

TEST_CASE("AWS URI encoding", "[unit][encoding]") {
  CHECK(aws_uri_encode("projecta:xshare") == "projecta%3Axshare");
  CHECK(aws_uri_encode("a b+c") == "a%20b%2Bc");
  CHECK(aws_uri_encode("AZaz09-_.~") == "AZaz09-_.~");
  CHECK(aws_uri_encode("\xC3\xA9") == "%C3%A9");  // é: UTF-8 bytes, upper-case hex
  CHECK(aws_uri_encode("a/b") == "a%2Fb");
  CHECK(aws_uri_encode("a/b", /*encode_slash=*/false) == "a/b");
  CHECK(aws_uri_encode("x=y&z") == "x%3Dy%26z");
}

TEST_CASE("canonical query: sorted, encoded, 'k=' for empty values", "[unit][encoding]") {
  CHECK(canonical_query({{"policy", ""}}) == "policy=");
  CHECK(canonical_query({{"prefix", "a/b"}, {"list-type", "2"}}) == "list-type=2&prefix=a%2Fb");
  CHECK(canonical_query({{"b", "2"}, {"a", "x y"}, {"a", "1"}}) == "a=1&a=x%20y&b=2");
  CHECK(canonical_query({{"continuation-token", "ab+/="}}) == "continuation-token=ab%2B%2F%3D");
}

TEST_CASE("endpoint parsing", "[unit][encoding]") {
  std::string err;
  auto ep = parse_endpoint("http://127.0.0.1:7480", &err);
  REQUIRE(ep);
  CHECK(ep->origin() == "http://127.0.0.1:7480");
  CHECK(ep->base_path.empty());
  ep = parse_endpoint("HTTPS://rgw.example.org/s3/", &err);
  REQUIRE(ep);
  CHECK(ep->scheme == "https");
  CHECK(ep->port.empty());
  CHECK(ep->base_path == "/s3");
  ep = parse_endpoint("http://[::1]:8080", &err);
  REQUIRE(ep);
  CHECK(ep->host == "[::1]");
  CHECK(ep->port == "8080");
  for (const char* bad : {"rgw.example.org", "ftp://x", "http://", "http://h:99999", "http://h:12a",
                          "http://h/?x=1", "http://h/#f", "http://[::1"}) {
    INFO(bad);
    CHECK_FALSE(parse_endpoint(bad, &err));
  }
  CHECK_FALSE(parse_endpoint("https://user:pa55word@rgw.example.org", &err));
  CHECK(err.find("credentials") != std::string::npos);
  CHECK(err.find("pa55word") == std::string::npos);
}

TEST_CASE("request URLs: path style, virtual-host style and its fallback", "[unit][encoding]") {
  const auto ep = *parse_endpoint("http://127.0.0.1:7480");
  CHECK(build_url(ep, AddressingStyle::path, "", "", {}) == "http://127.0.0.1:7480/");
  CHECK(build_url(ep, AddressingStyle::path, "bucket", "", {{"policy", ""}}) == "http://127.0.0.1:7480/bucket?policy=");
  CHECK(build_url(ep, AddressingStyle::path, "projecta:xshare", "", {{"acl", ""}}) ==
        "http://127.0.0.1:7480/projecta%3Axshare?acl=");
  CHECK(build_url(ep, AddressingStyle::path, "b", "dir/x:y z.txt", {}) == "http://127.0.0.1:7480/b/dir/x%3Ay%20z.txt");
  const auto aws = *parse_endpoint("https://s3.eu-west-1.amazonaws.com");
  CHECK(build_url(aws, AddressingStyle::virtual_host, "my-bucket", "", {{"policy", ""}}) ==
        "https://my-bucket.s3.eu-west-1.amazonaws.com/?policy=");
  // Cannot be a DNS label (tenant colon, dots over https, upper case): path style instead.
  CHECK(build_url(aws, AddressingStyle::virtual_host, "projecta:xshare", "", {}) ==
        "https://s3.eu-west-1.amazonaws.com/projecta%3Axshare");
  CHECK(build_url(aws, AddressingStyle::virtual_host, "a.b.c", "", {}) == "https://s3.eu-west-1.amazonaws.com/a.b.c");
  CHECK(build_url(aws, AddressingStyle::virtual_host, "Upper", "", {}) == "https://s3.eu-west-1.amazonaws.com/Upper");
  const auto based = *parse_endpoint("https://gw.example.org/s3");
  CHECK(build_url(based, AddressingStyle::path, "b1x", "", {}) == "https://gw.example.org/s3/b1x");
}

TEST_CASE("bucket name checks", "[unit][encoding]") {
  CHECK(bucket_name_problem("ok-bucket").empty());
  CHECK(bucket_name_problem("projecta:ok").empty());
  CHECK_FALSE(bucket_name_problem("").empty());
  CHECK_FALSE(bucket_name_problem(":x").empty());
  CHECK_FALSE(bucket_name_problem("a:b:c").empty());
  CHECK_FALSE(bucket_name_problem("a b").empty());
  CHECK_FALSE(bucket_name_problem("a/b").empty());
  CHECK(dns_compatible_bucket("abc", true));
  CHECK_FALSE(dns_compatible_bucket("ab", true));
  CHECK(dns_compatible_bucket("a.b.c", false));
  CHECK_FALSE(dns_compatible_bucket("a..b", false));
  CHECK_FALSE(dns_compatible_bucket("-ab", false));
}

TEST_CASE("SHA-256 of request bodies, across the padding boundaries", "[unit][encoding]") {
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256_hex(std::string(55, 'a')) == "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
  CHECK(sha256_hex(std::string(56, 'a')) == "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
  CHECK(sha256_hex(std::string(64, 'a')) == "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
  CHECK(sha256_hex(std::string(119, 'a')) == "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb");
  CHECK(sha256_hex(std::string(1000, 'a')) == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3");
}

TEST_CASE("key IDs are masked", "[unit][encoding]") {
  CHECK(mask_key_id("AKIAIOSFODNN7EXAMPLE") == "AKIA…LE");
  CHECK(mask_key_id("short") == "…");
}

TEST_CASE("S3Client::create validates its configuration", "[unit][encoding]") {
  Credentials c;
  c.access_key = "AKIAIOSFODNN7EXAMPLE";
  c.secret_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  c.region = "us-east-1";
  ClientOptions o = options_for(c);
  CHECK(S3Client::create(c, o).ok());  // empty endpoint: AWS default for the region
  CHECK(S3Client::create(c, o).value().options().endpoint == "https://s3.us-east-1.amazonaws.com");
  o.endpoint = "rgw.example.org";
  auto r = S3Client::create(c, o);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == ErrorKind::invalid_argument);
  c.secret_key.clear();
  CHECK_FALSE(S3Client::create(c, options_for(c)).ok());
}
