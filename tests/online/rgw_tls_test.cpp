// TLS verification and virtual-host addressing against the real radosgw. start-rgw.sh gives
// radosgw a TLS listener with a throwaway self-signed certificate (for 127.0.0.1 and
// localhost) and "rgw dns name = localhost".
#include <catch2/catch.hpp>
#include <iostream>

#include "online/s3_client.h"
#include "rgw_rig.h"

using namespace s3policy::online;
using namespace s3p_test;

TEST_CASE("TLS: verified by default, CA bundle option, insecure only when asked", "[online][tls]") {
  const Rig& rig = Rig::get();
  const std::string tls = rig.value("RGW_TLS_ENDPOINT"), ca = rig.value("RGW_CA_FILE");
  if (tls.empty()) FAIL("the cluster has no TLS listener (openssl missing when it started?)");
  ClientOptions o = rig.options();
  o.endpoint = tls;
  o.max_attempts = 3;
  SECTION("self-signed certificate, system store: refused, not retried") {
    const auto r = rig.client("ALICE", o).list_buckets();
    REQUIRE_FALSE(r.ok());
    std::cout << "error message: " << r.error().describe() << "\n";
    CHECK(r.error().kind == ErrorKind::tls);
    CHECK(r.error().attempts == 1);
  }
  SECTION("with the CA bundle: accepted") {
    o.ca_bundle = ca;
    const auto r = rig.client("ALICE", o).list_buckets();
    INFO((r.ok() ? "" : r.error().describe()));
    REQUIRE(r.ok());
    CHECK(r.value().owner_id == "projecta$alice");
  }
  SECTION("the right CA but the wrong host name: refused") {
    o.ca_bundle = ca;
    const std::string port = tls.substr(tls.rfind(':') + 1);
    o.endpoint = "https://wrong-name.test:" + port;
    o.resolve = {"wrong-name.test:" + port + ":127.0.0.1"};
    const auto r = rig.client("ALICE", o).list_buckets();
    REQUIRE_FALSE(r.ok());
    std::cout << "error message: " << r.error().describe() << "\n";
    CHECK(r.error().kind == ErrorKind::tls);
  }
  SECTION("verify_tls=false: accepted") {
    o.verify_tls = false;
    const auto r = rig.client("ALICE", o).list_buckets();
    REQUIRE(r.ok());
  }
}

TEST_CASE("Virtual-host style addressing (bucket.localhost), path style for tenant:bucket", "[online][vhost]") {
  const Rig& rig = Rig::get();
  const std::string b = "s3p" + run_tag() + "-vhost";
  const std::string policy = R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::projectb:root"},"Action":"s3:GetBucketPolicy","Resource":"arn:aws:s3:::)" + b + R"("}]})";
  REQUIRE(rig.curl("ALICE", {{"PUT", "/" + b}, {"PUT", "/" + b + "?policy=", write_temp("vhost.json", policy).string()}}) ==
          std::vector<int>{200, 204});
  const std::string port = rig.value("RGW_PORT");
  ClientOptions o = rig.options();
  o.endpoint = "http://localhost:" + port;
  o.addressing = AddressingStyle::virtual_host;
  o.resolve = {b + ".localhost:" + port + ":127.0.0.1", "localhost:" + port + ":127.0.0.1"};
  const auto r = rig.client("ALICE", o).get_bucket_policy(b);
  INFO((r.ok() ? "" : r.error().describe()));
  REQUIRE(r.ok());
  CHECK(r.value().text == policy);
  const auto l = rig.client("ALICE", o).list_buckets();  // no bucket: plain host
  REQUIRE(l.ok());
  // "projecta:<bucket>" cannot be a DNS label: the client falls back to path style.
  const auto x = rig.client("BOB", o).get_bucket_policy("projecta:" + b);
  INFO((x.ok() ? "" : x.error().describe()));
  REQUIRE(x.ok());
  CHECK(x.value().text == policy);
}
