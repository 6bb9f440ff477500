// XML bodies exactly as RGW 16.2 sends them (ceph-rgw.md §9), AWS variants, and hostile input;
// plus the mapping of HTTP errors to error kinds.
#include <catch2/catch.hpp>

#include "online/s3_client.h"
#include "online/s3_xml.h"

using namespace s3policy::online;

TEST_CASE("ListAllMyBucketsResult", "[unit][xml]") {
  const std::string body =
      R"(<?xml version="1.0" encoding="UTF-8"?><ListAllMyBucketsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">)"
      R"(<Owner><ID>projecta$alice</ID><DisplayName>alice</DisplayName></Owner><Buckets><Bucket><Name>bucketx</Name>)"
      R"(<CreationDate>2026-11-28T20:19:35.896Z</CreationDate></Bucket><Bucket><Name>a&amp;b</Name></Bucket></Buckets>)"
      R"(</ListAllMyBucketsResult>)";
  BucketList l;
  std::string token;
  REQUIRE(parse_list_buckets(body, l, token).empty());
  CHECK(l.owner_id == "projecta$alice");
  CHECK(l.owner_display_name == "alice");
  REQUIRE(l.buckets.size() == 2);
  CHECK(l.buckets[0].name == "bucketx");
  CHECK(l.buckets[0].creation_date == "2026-11-28T20:19:35.896Z");
  CHECK(l.buckets[1].name == "a&b");
  CHECK(token.empty());
  BucketList empty;
  REQUIRE(parse_list_buckets("<ListAllMyBucketsResult><Buckets/><ContinuationToken>t1</ContinuationToken>"
                             "</ListAllMyBucketsResult>", empty, token).empty());
  CHECK(empty.buckets.empty());
  CHECK(token == "t1");
  CHECK_FALSE(parse_list_buckets("<Error/>", l, token).empty());
}

TEST_CASE("AccessControlPolicy with user and group grantees", "[unit][xml]") {
  const std::string body =
      R"(<?xml version="1.0" encoding="UTF-8"?><AccessControlPolicy xmlns="http://s3.amazonaws.com/doc/2006-03-01/">)"
      R"(<Owner><ID>projecta$alice</ID><DisplayName>alice</DisplayName></Owner><AccessControlList>)"
      R"(<Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="Group">)"
      R"(<URI>http://acs.amazonaws.com/groups/global/AllUsers</URI></Grantee><Permission>READ</Permission></Grant>)"
      R"(<Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser">)"
      R"(<ID>projecta$alice</ID><DisplayName>alice</DisplayName></Grantee><Permission>FULL_CONTROL</Permission></Grant>)"
      R"(<Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="AmazonCustomerByEmail">)"
      R"(<EmailAddress>x@example.org</EmailAddress></Grantee><Permission>WRITE_ACP</Permission></Grant>)"
      R"(</AccessControlList></AccessControlPolicy>)";
  AccessControlList acl;
  REQUIRE(parse_acl(body, acl).empty());
  CHECK(acl.owner_id == "projecta$alice");
  REQUIRE(acl.grants.size() == 3);
  CHECK(acl.grants[0].type == GranteeType::group);
  CHECK(acl.grants[0].uri == "http://acs.amazonaws.com/groups/global/AllUsers");
  CHECK(acl.grants[0].permission == "READ");
  CHECK(acl.grants[1].type == GranteeType::canonical_user);
  CHECK(acl.grants[1].id == "projecta$alice");
  CHECK(acl.grants[1].display_name == "alice");
  CHECK(acl.grants[2].type == GranteeType::email);
  CHECK(acl.grants[2].email == "x@example.org");
}

TEST_CASE("PolicyStatus and both PublicAccessBlock root names", "[unit][xml]") {
  PolicyStatus ps;
  REQUIRE(parse_policy_status(R"(<?xml version="1.0" encoding="UTF-8"?><PolicyStatus xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><IsPublic>true</IsPublic></PolicyStatus>)", ps).empty());
  CHECK(ps.is_public);
  CHECK_FALSE(parse_policy_status("<PolicyStatus/>", ps).empty());
  PublicAccessBlock pab;
  REQUIRE(parse_public_access_block(
              "<BlockPublicAccessBlockConfiguration><BlockPublicAcls>true</BlockPublicAcls><IgnorePublicAcls>false"
              "</IgnorePublicAcls><BlockPublicPolicy>true</BlockPublicPolicy><RestrictPublicBuckets>false"
              "</RestrictPublicBuckets></BlockPublicAccessBlockConfiguration>", pab).empty());
  CHECK(pab.block_public_acls);
  CHECK_FALSE(pab.ignore_public_acls);
  CHECK(pab.block_public_policy);
  CHECK_FALSE(pab.restrict_public_buckets);
  REQUIRE(parse_public_access_block(R"(<PublicAccessBlockConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><RestrictPublicBuckets>true</RestrictPublicBuckets></PublicAccessBlockConfiguration>)", pab).empty());
  CHECK(pab.restrict_public_buckets);
}

// ListObjects (v1) as RGW 16.2.15 answers it: an <Owner> per object, the uploader's tenant$uid.
TEST_CASE("ListBucketResult: the owners of the objects listed", "[unit][xml]") {
  ObjectOwners o;
  REQUIRE(
      parse_object_owners(
          R"(<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">)"
          "<Name>own1</Name><Prefix></Prefix><MaxKeys>1000</MaxKeys><IsTruncated>true</IsTruncated>"
          "<Contents><Key>a</Key><Owner><ID>projectb$bob</ID><DisplayName>bob</DisplayName></Owner></Contents>"
          "<Contents><Key>b</Key><Owner><ID>projecta$alice</ID></Owner></Contents>"
          "<Contents><Key>c</Key><Owner><ID>projectb$bob</ID></Owner></Contents>"
          "<Contents><Key>d</Key></Contents></ListBucketResult>",
          o)
          .empty());
  CHECK(o.listed == 4);
  CHECK(o.truncated);
  REQUIRE(o.owners.size() == 3);
  CHECK(o.owners[0].id == "projectb$bob");
  CHECK(o.owners[0].objects == 2);
  CHECK(o.owners[0].keys == std::vector<std::string>{"a", "c"});
  CHECK(o.owners[1].id == "projecta$alice");
  CHECK(o.owners[1].keys == std::vector<std::string>{"b"});
  CHECK(o.owners[2].id.empty());
  CHECK(o.owners[2].objects == 1);
  ObjectOwners empty;
  REQUIRE(parse_object_owners("<ListBucketResult><IsTruncated>false</IsTruncated></ListBucketResult>", empty).empty());
  CHECK(empty.listed == 0);
  CHECK_FALSE(empty.truncated);
  CHECK_FALSE(parse_object_owners("<ListAllMyBucketsResult/>", empty).empty());
}

TEST_CASE("Error bodies", "[unit][xml]") {
  ErrorBody e;
  REQUIRE(parse_error_body(
      R"(<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchBucketPolicy</Code><Message>The bucket policy does not exist</Message><BucketName>bucketx</BucketName><RequestId>tx1-default</RequestId><HostId>1018-default-default</HostId></Error>)",
      e));
  CHECK(e.code == "NoSuchBucketPolicy");
  CHECK(e.message == "The bucket policy does not exist");
  CHECK(e.bucket_name == "bucketx");
  CHECK(e.request_id == "tx1-default");
  CHECK_FALSE(parse_error_body("<html><body>502 Bad Gateway</body></html>", e));
  CHECK_FALSE(parse_error_body("", e));
  CHECK_FALSE(parse_error_body("not xml at all", e));
}

TEST_CASE("hostile or broken XML is refused", "[unit][xml]") {
  std::string err;
  CHECK_FALSE(parse_xml("<a><b></a>", &err));
  CHECK(err.find("malformed XML") != std::string::npos);
  CHECK_FALSE(parse_xml(R"(<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><Error><Code>&lol2;</Code></Error>)", &err));
  CHECK(err.find("DOCTYPE") != std::string::npos);
  std::string deep;
  for (int i = 0; i < 100; ++i) deep += "<x>";
  for (int i = 0; i < 100; ++i) deep += "</x>";
  CHECK_FALSE(parse_xml(deep, &err));
  CHECK(err.find("deeply") != std::string::npos);
  CHECK_FALSE(parse_xml("", &err));
}

TEST_CASE("HTTP errors map to kinds, with hints for auth mistakes", "[unit][xml]") {
  const std::string key = "ALICEKEY0000000000AB";
  auto err = [&](long status, const std::string& code) {
    return classify_http_error(status, "<Error><Code>" + code + "</Code><Message></Message></Error>", "GET x", key);
  };
  auto e = err(403, "SignatureDoesNotMatch");
  CHECK(e.kind == ErrorKind::auth);
  CHECK(e.detail.find("secret key of access key ALIC…AB") != std::string::npos);
  CHECK(e.describe() == "GET x: HTTP 403 SignatureDoesNotMatch (authentication failed); "
                        "the server rejected the request signature: check the secret key of access key ALIC…AB");
  CHECK(err(403, "InvalidAccessKeyId").kind == ErrorKind::auth);
  CHECK(err(403, "RequestTimeTooSkewed").detail.find("clock") != std::string::npos);
  CHECK(err(403, "AccessDenied").kind == ErrorKind::access_denied);
  CHECK(err(404, "NoSuchBucket").kind == ErrorKind::not_found);
  CHECK(err(503, "SlowDown").kind == ErrorKind::throttled);
  CHECK(err(500, "InternalError").kind == ErrorKind::server);
  CHECK(err(400, "InvalidArgument").kind == ErrorKind::other);
  CHECK(err(301, "PermanentRedirect").detail.find("redirect") != std::string::npos);
  e = classify_http_error(502, "<html>Bad Gateway</html>", "GET y", key);
  CHECK(e.kind == ErrorKind::server);
  CHECK(e.code.empty());
  CHECK(e.detail.find("proxy") != std::string::npos);
  CHECK(classify_http_error(401, "", "GET z", key).kind == ErrorKind::auth);
}

TEST_CASE("only server-side failures are retried, never a 4xx", "[unit][xml]") {
  const std::string slow = "<Error><Code>SlowDown</Code></Error>";
  for (long s : {500L, 502L, 503L, 504L}) CHECK(retryable_http_error(s, ""));
  CHECK(retryable_http_error(507, "<Error><Code>ServiceUnavailable</Code></Error>"));
  CHECK_FALSE(retryable_http_error(501, "<Error><Code>NotImplemented</Code></Error>"));
  for (long s : {400L, 401L, 403L, 404L, 409L, 416L, 429L}) CHECK_FALSE(retryable_http_error(s, slow));
  CHECK_FALSE(retryable_http_error(200, ""));
}
