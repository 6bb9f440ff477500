// The S3 client against a real radosgw. Setup and cross-checks go through curl (s3curl.sh),
// never through the client under test.
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <iostream>

#include "online/s3_client.h"
#include "rgw_rig.h"

using namespace s3policy::online;
using namespace s3p_test;
using Codes = std::vector<int>;

#define REQUIRE_OK(r)                                          \
  do {                                                         \
    INFO(((r).ok() ? std::string() : (r).error().describe())); \
    REQUIRE((r).ok());                                         \
  } while (false)

namespace {

std::string bucket(const std::string& what) { return "s3p" + run_tag() + "-" + what; }

bool has_bucket(const BucketList& l, const std::string& name) {
  for (const auto& b : l.buckets)
    if (b.name == name) return true;
  return false;
}

std::string grant_policy(const std::string& b, const std::string& principal, const std::string& actions) {
  return R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":[")" + principal +
         R"("]},"Action":[)" + actions + R"(],"Resource":["arn:aws:s3:::)" + b + R"("]}]})";
}

// Shown in the test log on purpose: these are the messages users will see, and the
// leaked-secret check greps them.
void show(const S3Error& e) { std::cout << "error message: " << e.describe() << "\n"; }

int closed_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  REQUIRE(bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
  REQUIRE(getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0);
  close(fd);  // nobody listens there now
  return ntohs(a.sin_port);
}

}  // namespace

TEST_CASE("ListBuckets: owner ID and only the caller's own buckets", "[online][list]") {
  const Rig& rig = Rig::get();
  const std::string b1 = bucket("list-a"), b2 = bucket("list-b");
  REQUIRE(rig.curl("ALICE", {{"PUT", "/" + b1}, {"PUT", "/" + b2}}) == Codes{200, 200});
  const auto r = rig.client("ALICE").list_buckets();
  REQUIRE_OK(r);
  CHECK(r.value().owner_id == "projecta$alice");
  CHECK(r.value().owner_display_name == "alice");
  CHECK(has_bucket(r.value(), b1));
  CHECK(has_bucket(r.value(), b2));
  for (const auto& b : r.value().buckets) CHECK_FALSE(b.creation_date.empty());
  // carol is in the same tenant but lists only her own buckets.
  const auto c = rig.client("CAROL").list_buckets();
  REQUIRE_OK(c);
  CHECK(c.value().owner_id == "projecta$carol");
  CHECK_FALSE(has_bucket(c.value(), b1));
  const auto p = rig.client("PLAIN").list_buckets();
  REQUIRE_OK(p);
  CHECK(p.value().owner_id == "plain");
}

TEST_CASE("Put/Get bucket policy round trip is byte-exact", "[online][policy]") {
  const Rig& rig = Rig::get();
  const auto alice = rig.client("ALICE");
  const std::string b = bucket("exact");
  REQUIRE(rig.curl("ALICE", {{"PUT", "/" + b}}) == Codes{200});
  // Odd whitespace, CRLF, tabs, key order, non-ASCII in a Sid, trailing blank lines.
  const std::string policy = "{\n  \"Version\" :  \"2012-10-17\",\n\t\"Statement\": [ {\"Sid\": \"caf\xC3\xA9 \xE2\x9C\x93\","
                             "  \"Principal\": {\"AWS\": [\"arn:aws:iam::projectb:root\"]},\r\n \"Effect\":\"Allow\", "
                             "\"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws:s3:::" + b + "/*\"}]   }\n\n";
  const auto put = alice.put_bucket_policy(b, policy);
  REQUIRE_OK(put);
  const auto got = alice.get_bucket_policy(b);
  REQUIRE_OK(got);
  CHECK(got.value().present);
  CHECK(got.value().text == policy);
  // The independent client sees the same bytes.
  const auto out = temp_dir() / "exact.out";
  REQUIRE(rig.curl("ALICE", {{"GET", "/" + b + "?policy=", "-", out.string()}}) == Codes{200});
  CHECK(read_file(out) == policy);
  // And the other direction: uploaded by curl, read by us.
  const std::string policy2 = "{ \"Statement\" : [{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:DeleteBucket\","
                              "\"Resource\":\"arn:aws:s3:::" + b + "\"}],\"Version\":\"2012-10-17\" }";
  const auto in = write_temp("exact2.json", policy2);
  REQUIRE(rig.curl("ALICE", {{"PUT", "/" + b + "?policy=", in.string()}}) == Codes{204});
  const auto got2 = alice.get_bucket_policy(b);
  REQUIRE_OK(got2);
  CHECK(got2.value().text == policy2);
}

TEST_CASE("No policy, deleted policy, no such bucket", "[online][policy]") {
  const Rig& rig = Rig::get();
  const auto alice = rig.client("ALICE");
  const std::string b = bucket("nopolicy");
  REQUIRE(rig.curl("ALICE", {{"PUT", "/" + b}}) == Codes{200});
  auto r = alice.get_bucket_policy(b);
  REQUIRE_OK(r);  // NoSuchBucketPolicy is a state, not an error
  CHECK_FALSE(r.value().present);
  CHECK(r.value().text.empty());
  REQUIRE_OK(alice.delete_bucket_policy(b));  // RGW: 200 even without a policy
  REQUIRE_OK(alice.put_bucket_policy(b, grant_policy(b, "arn:aws:iam::projectb:root", "\"s3:ListBucket\"")));
  REQUIRE(alice.get_bucket_policy(b).value().present);
  REQUIRE_OK(alice.delete_bucket_policy(b));
  r = alice.get_bucket_policy(b);
  REQUIRE_OK(r);
  CHECK_FALSE(r.value().present);
  const auto missing = alice.get_bucket_policy(bucket("does-not-exist"));
  REQUIRE_FALSE(missing.ok());
  show(missing.error());
  CHECK(missing.error().kind == ErrorKind::not_found);
  CHECK(missing.error().http_status == 404);
  CHECK(missing.error().code == "NoSuchBucket");
  CHECK(missing.error().attempts == 1);  // 4xx is never retried
}

TEST_CASE("Large policies: 300 KiB round trip, over 1 MiB refused by RGW", "[online][policy]") {
  const Rig& rig = Rig::get();
  const auto alice = rig.client("ALICE");
  const std::string b = bucket("large");
  REQUIRE(rig.curl("ALICE", {{"PUT", "/" + b}}) == Codes{200});
  const std::string base = grant_policy(b, "arn:aws:iam::projectb:root", "\"s3:ListBucket\"");
  const std::string big = base.substr(0, base.size() - 1) + std::string(300 * 1024, ' ') + "}";
  REQUIRE_OK(alice.put_bucket_policy(b, big));
  const auto got = alice.get_bucket_policy(b);
  REQUIRE_OK(got);
  CHECK(got.value().text == big);
  // The body is signed and sent whole (no 100-continue); RGW then applies its 1 MiB limit.
  const std::string huge = base.substr(0, base.size() - 1) + std::string(1100 * 1024, ' ') + "}";
  const auto r = alice.put_bucket_policy(b, huge);
  REQUIRE_FALSE(r.ok());
  show(r.error());
  CHECK(r.error().http_status == 416);
  CHECK(r.error().code == "InvalidRange");
}

TEST_CASE("Non-owners get AccessDenied; tenant:bucket reaches another tenant's bucket", "[online][tenant]") {
  const Rig& rig = Rig::get();
  const std::string shared = bucket("xshare"), closed = bucket("xclosed");
  const std::string policy = grant_policy(shared, "arn:aws:iam::projectb:root", R"("s3:GetBucketPolicy","s3:GetBucketAcl")");
  const auto pf = write_temp("xshare.json", policy);
  REQUIRE(rig.curl("ALICE", {{"PUT", "/" + shared}, {"PUT", "/" + shared + "?policy=", pf.string()}, {"PUT", "/" + closed},
                             {"PUT", "/" + closed + "?policy=", write_temp("xc.json", grant_policy(closed,
                                  "arn:aws:iam::projectb:root", "\"s3:ListBucket\"")).string()}}) ==
          Codes{200, 204, 200, 204});
  const auto bob = rig.client("BOB");
  // Granted: bob reads alice's policy through "projecta:<bucket>" (sent as projecta%3A<bucket>).
  const auto r = bob.get_bucket_policy("projecta:" + shared);
  REQUIRE_OK(r);
  CHECK(r.value().present);
  CHECK(r.value().text == policy);
  const auto acl = bob.get_bucket_acl("projecta:" + shared);
  REQUIRE_OK(acl);
  CHECK(acl.value().owner_id == "projecta$alice");
  // Without the tenant, the name is looked up in bob's own tenant.
  const auto own = bob.get_bucket_policy(shared);
  REQUIRE_FALSE(own.ok());
  CHECK(own.error().code == "NoSuchBucket");
  // Not granted: AccessDenied, for another tenant and for a user of the same tenant.
  const std::vector<std::pair<std::string, std::string>> denied = {{"BOB", "projecta:" + closed}, {"CAROL", closed}};
  for (const auto& [who, name] : denied) {
    INFO(who);
    const auto d = rig.client(who).get_bucket_policy(name);
    REQUIRE_FALSE(d.ok());
    show(d.error());
    CHECK(d.error().kind == ErrorKind::access_denied);
    CHECK(d.error().http_status == 403);
    CHECK(d.error().code == "AccessDenied");
    CHECK(d.error().describe().find("GET policy of bucket '" + name + "'") != std::string::npos);
  }
}

TEST_CASE("GetBucketAcl of a public-read bucket", "[online][acl]") {
  const Rig& rig = Rig::get();
  const std::string b = bucket("public-read"), p = bucket("private");
  REQUIRE(rig.curl("ALICE", {{"PUT", "/" + b, "-", "-", {"x-amz-acl:public-read"}}, {"PUT", "/" + p}}) == Codes{200, 200});
  const auto alice = rig.client("ALICE");
  const auto r = alice.get_bucket_acl(b);
  REQUIRE_OK(r);
  CHECK(r.value().owner_id == "projecta$alice");
  bool all_users_read = false, owner_full = false;
  for (const auto& g : r.value().grants) {
    if (g.type == GranteeType::group && g.uri == "http://acs.amazonaws.com/groups/global/AllUsers" && g.permission == "READ")
      all_users_read = true;
    if (g.type == GranteeType::canonical_user && g.id == "projecta$alice" && g.permission == "FULL_CONTROL")
      owner_full = true;
  }
  CHECK(all_users_read);
  CHECK(owner_full);
  CHECK(r.value().grants.size() == 2);
  const auto priv = alice.get_bucket_acl(p);
  REQUIRE_OK(priv);
  REQUIRE(priv.value().grants.size() == 1);
  CHECK(priv.value().grants[0].type_name == "CanonicalUser");
}

TEST_CASE("GetBucketPolicyStatus and GetPublicAccessBlock", "[online][status]") {
  const Rig& rig = Rig::get();
  const auto alice = rig.client("ALICE");
  const std::string b = bucket("status");
  REQUIRE(rig.curl("ALICE", {{"PUT", "/" + b}}) == Codes{200});
  auto st = alice.get_bucket_policy_status(b);
  REQUIRE_OK(st);
  CHECK(st.value().support == Support::supported);  // RGW answers even without a policy
  CHECK_FALSE(st.value().is_public);
  const auto open = write_temp("open.json", R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*",)"
                                            R"("Action":"s3:GetObject","Resource":"arn:aws:s3:::)" + b + R"(/*"}]})");
  REQUIRE(rig.curl("ALICE", {{"PUT", "/" + b + "?policy=", open.string()}}) == Codes{204});
  st = alice.get_bucket_policy_status(b);
  REQUIRE_OK(st);
  CHECK(st.value().is_public);

  auto pab = alice.get_public_access_block(b);
  REQUIRE_OK(pab);
  CHECK(pab.value().support == Support::supported);
  CHECK_FALSE(pab.value().block_public_acls);
  CHECK_FALSE(pab.value().block_public_policy);
  const auto conf = write_temp("pab.xml", R"(<PublicAccessBlockConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">)"
                                          "<BlockPublicAcls>true</BlockPublicAcls><IgnorePublicAcls>false</IgnorePublicAcls>"
                                          "<BlockPublicPolicy>true</BlockPublicPolicy><RestrictPublicBuckets>false"
                                          "</RestrictPublicBuckets></PublicAccessBlockConfiguration>");
  const auto codes = rig.curl("ALICE", {{"PUT", "/" + b + "?publicAccessBlock=", conf.string()}});
  REQUIRE(codes[0] / 100 == 2);
  pab = alice.get_public_access_block(b);
  REQUIRE_OK(pab);
  CHECK(pab.value().block_public_acls);
  CHECK_FALSE(pab.value().ignore_public_acls);
  CHECK(pab.value().block_public_policy);
  CHECK_FALSE(pab.value().restrict_public_buckets);
}

TEST_CASE("Wrong secret or unknown key: auth error, clear message, no secret in it", "[online][errors]") {
  const Rig& rig = Rig::get();
  Credentials c = rig.credentials("ALICE");
  const std::string real = c.secret_key;
  c.secret_key = "WRONGsecretWRONGsecretWRONGsecret0000000";
  auto client = S3Client::create(c, rig.options());
  REQUIRE_OK(client);
  const auto r = client.value().list_buckets();
  REQUIRE_FALSE(r.ok());
  const S3Error& e = r.error();
  show(e);
  std::cout << "credentials: " << c.describe() << "\n";
  CHECK(e.kind == ErrorKind::auth);
  CHECK(e.http_status == 403);
  CHECK(e.code == "SignatureDoesNotMatch");
  CHECK(e.attempts == 1);
  CHECK(e.describe().find("check the secret key of access key") != std::string::npos);
  for (const std::string& s : {c.secret_key, real}) {
    CHECK(e.describe().find(s) == std::string::npos);
    CHECK(c.describe().find(s) == std::string::npos);
  }
  CHECK(e.describe().find(c.access_key) == std::string::npos);  // masked

  c.access_key = "NOSUCHKEY0000000000X";
  const auto u = S3Client::create(c, rig.options()).value().get_bucket_policy(bucket("whatever"));
  REQUIRE_FALSE(u.ok());
  show(u.error());
  CHECK(u.error().kind == ErrorKind::auth);
  CHECK(u.error().code == "InvalidAccessKeyId");
}

TEST_CASE("Unreachable endpoint: a network error, quickly, after bounded retries", "[online][errors]") {
  const Rig& rig = Rig::get();
  ClientOptions o = rig.options();
  o.endpoint = "http://127.0.0.1:" + std::to_string(closed_port());
  o.connect_timeout = std::chrono::milliseconds(1000);
  o.request_timeout = std::chrono::milliseconds(2000);
  o.max_attempts = 3;
  o.backoff_base = std::chrono::milliseconds(50);
  const auto client = rig.client("ALICE", o);
  const auto t0 = Clock::now();
  const auto r = client.list_buckets();
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t0).count();
  REQUIRE_FALSE(r.ok());
  show(r.error());
  std::cout << "closed port: failed after " << ms << " ms\n";
  CHECK(r.error().kind == ErrorKind::network);
  CHECK(r.error().http_status == 0);
  CHECK(r.error().attempts == 3);
  CHECK(ms < 2000);
  // A deadline already in the past: nothing is sent at all.
  const auto d = client.get_bucket_policy("anything", Clock::now() - std::chrono::seconds(1));
  REQUIRE_FALSE(d.ok());
  CHECK(d.error().kind == ErrorKind::timeout);
  // A name that cannot be a bucket is refused before any request.
  const auto bad = client.get_bucket_acl("bad/name");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().kind == ErrorKind::invalid_argument);
}
