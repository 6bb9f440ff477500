// The S3P601-S3P607 boundaries that fixtures do not show: S3P606 is opt-in, S3P607 judges an
// absent key only where the absence is proved and defers to S3P503/S3P511 at the same clause, S3P605 names known
// projects and skips the owner, S3P605 and S3P601 name the objects an access reaches when it does not reach all.
#include <catch2/catch.hpp>

#include "analysis/exposure.h"
#include "support/harness.h"

using s3policy::FileResult;
using s3policy::LintSettings;
using s3policy::Target;

namespace {

std::vector<std::string> messages(const FileResult& r, std::string_view id) {
  std::vector<std::string> out;
  for (const auto& f : r.findings)
    if (f.rule->id == id) out.push_back(f.message);
  return out;
}

LintSettings on(Target t) {
  LintSettings s;
  s.target = t;
  return s;
}

// RGW (squid) for the bucket of project projecta.
LintSettings owned_by_projecta() {
  LintSettings s = on(Target::CephSquid);
  s.projects.owner = "projecta";
  return s;
}

// The messages of one rule's findings for `policy` in a bucket of projecta.
std::vector<std::string> notes_of(const char* rule, const char* policy) {
  return messages(s3policy::test::lint_text(policy, {rule}, owned_by_projecta()), rule);
}

// An Allow for every signed caller whose ARN matches a malformed pattern: the requests of the
// analysis carry a placeholder principal ARN, so on AWS nothing is proved.
const char* kArnCondition = R"({"Version":"2012-10-17","Statement":[{"Sid":"Arn","Effect":"Allow","Principal":{"AWS":"*"},
 "Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*","Condition":{"ArnEquals":{"aws:PrincipalArn":"arn:aws:iam::*"}}}]})";

// An Allow for another project's reads of objects a pipeline user wrote, told by an object tag
// compared with an ARN operator: RGW sets the tag, but Pacific to Squid never match Arn*.
const char* kArnOnTag = R"({"Version":"2012-10-17","Statement":[{"Sid":"Tagged","Effect":"Allow",
 "Principal":{"AWS":"arn:aws:iam::projectb:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*",
 "Condition":{"ArnLike":{"s3:ExistingObjectTag/written-by":"arn:aws:iam::projecta:user/pipeline-*"}}}]})";

// A share with two projects; which of them is "another project" depends on the owner.
const char* kShare = R"({"Version":"2012-10-17","Statement":[{"Sid":"Share","Effect":"Allow",
 "Principal":{"AWS":["arn:aws:iam::projecta:root","arn:aws:iam::projectb:root"]},"Action":"s3:GetObject",
 "Resource":"arn:aws:s3:::b/*"}]})";

}  // namespace

TEST_CASE("S3P606 runs only when selected", "[analysis][rules]") {
  const auto by_default = s3policy::test::lint_text(kShare, {}, on(Target::CephPacific));
  CHECK(messages(by_default, "S3P606").empty());
  const auto selected = s3policy::test::lint_text(kShare, {"S3P606"}, on(Target::CephPacific));
  REQUIRE(messages(selected, "S3P606").size() == 1);
  CHECK(messages(selected, "S3P606")[0].find("over HTTP") != std::string::npos);
  CHECK(messages(selected, "S3P606")[0].find("nothing in the policy requires TLS") != std::string::npos);
}

TEST_CASE("S3P607: an Arn* clause on AWS is not judged, on RGW it is", "[analysis][rules]") {
  CHECK(messages(s3policy::test::lint_text(kArnCondition, {"S3P607"}, on(Target::Aws)), "S3P607").empty());
  const auto rgw = messages(s3policy::test::lint_text(kArnCondition, {"S3P607"}, on(Target::CephPacific)), "S3P607");
  REQUIRE(rgw.size() == 1);
  CHECK(rgw[0].find("so this Allow grants nothing") != std::string::npos);
}

TEST_CASE("S3P607 leaves a clause that S3P503 or S3P511 reports as never matching to it, while they run",
          "[analysis][rules]") {
  // The same defect, at the same clause: RGW never sets aws:PrincipalArn, so S3P503 already says
  // the Allow grants nothing, and S3P511 (the operator) has nothing to add about an absent key.
  const auto never_set = s3policy::test::lint_text(kArnCondition, {}, on(Target::CephPacific));
  REQUIRE(messages(never_set, "S3P503").size() == 1);
  CHECK(messages(never_set, "S3P503")[0].find("never grants anything") != std::string::npos);
  CHECK(messages(never_set, "S3P511").empty());
  CHECK(messages(never_set, "S3P607").empty());
  // On a key RGW sets, the operator is the defect: S3P511 reports it, S3P505 (an ARN operator on a
  // string key) and S3P607 leave the clause to it.
  const auto set_key = s3policy::test::lint_text(kArnOnTag, {}, on(Target::CephPacific));
  REQUIRE(messages(set_key, "S3P511").size() == 1);
  CHECK(messages(set_key, "S3P511")[0].find("never grants anything") != std::string::npos);
  CHECK(messages(set_key, "S3P505").empty());
  CHECK(messages(set_key, "S3P607").empty());
  // Without S3P511 the finding is S3P607's; on AWS neither reports.
  CHECK(messages(s3policy::test::lint_text(kArnOnTag, {"S3P607"}, on(Target::CephPacific)), "S3P607").size() == 1);
  CHECK(messages(s3policy::test::lint_text(kArnOnTag, {"S3P511", "S3P607"}, on(Target::Aws)), "S3P511").empty());
}

TEST_CASE("S3P605 skips the owner and names known projects", "[analysis][rules]") {
  LintSettings s = on(Target::CephSquid);
  s.projects.owner = "projecta";
  s.projects.known["projectb"] = "analytics";
  const auto found = messages(s3policy::test::lint_text(kShare, {"S3P605"}, s), "S3P605");
  REQUIRE(found.size() == 1);
  CHECK(found[0] == "project projectb (analytics) can read on RGW (squid), granted by statement \"Share\"");
  s.projects.owner.clear();  // unknown owner: every named project is another project
  CHECK(messages(s3policy::test::lint_text(kShare, {"S3P605"}, s), "S3P605").size() == 2);
}

TEST_CASE("S3P607 on an unreadable value names the value, not the request (reproducible text)", "[analysis][rules]") {
  // The request's aws:CurrentTime is the clock: a message quoting it changed every second.
  const std::string policy = R"({"Version": "2012-10-17", "Statement": [{"Sid": "s1", "Effect": "Allow",
    "Principal": {"AWS": "arn:aws:iam::projectb:root"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*",
    "Condition": {"DateGreaterThan": {"aws:CurrentTime": "not-a-date"}}}]})";
  const auto found = messages(s3policy::test::lint_text(policy, {"S3P607"}, on(Target::CephSquid)), "S3P607");
  REQUIRE(found.size() == 1);
  CHECK(found[0] ==
        "no request can meet the Condition of statement \"s1\" on RGW (squid) (condition DateGreaterThan "
        "aws:CurrentTime: no policy value (\"not-a-date\") is a valid Date and the target skips values it cannot "
        "read, so no request satisfies it), so this Allow grants nothing");
}

namespace {

// projectb may read and upload under incoming/ only, and read everything but private/; anyone
// may read public/ only.
const char* kScoped = R"({"Version":"2012-10-17","Statement":[
 {"Sid":"Upload","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::projectb:root"},
  "Action":["s3:PutObject","s3:GetObject"],"Resource":"arn:aws:s3:::b/incoming/*"},
 {"Sid":"ReadAll","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::projectc:root"},
  "Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"},
 {"Sid":"NoPrivate","Effect":"Deny","Principal":{"AWS":"arn:aws:iam::projectc:root"},
  "Action":"s3:GetObject","Resource":"arn:aws:s3:::b/private/*"},
 {"Sid":"Public","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/public/*"}]})";

}  // namespace

TEST_CASE("S3P605 and S3P601 say which objects an access reaches when not all", "[analysis][rules]") {
  const auto shares = notes_of("S3P605", kScoped);
  REQUIRE(shares.size() == 2);
  // Only the statement for incoming/* lets projectb in; the public read adds public/*.
  CHECK(shares[0] == "project projectb can read (incoming/*, public/* only), write (incoming/* only) on RGW (squid), "
                     "granted by statement \"Upload\"");
  // projectc reads every key the policy names but private/*, and any other key.
  CHECK(shares[1] == "project projectc can read (except private/*) on RGW (squid), granted by statement \"ReadAll\"");
  const auto reads = notes_of("S3P601", kScoped);
  REQUIRE(reads.size() == 1);
  CHECK(reads[0].find("GET s3://b/public/x") != std::string::npos);
  CHECK(reads[0].find("; read reaches public/* only;") != std::string::npos);
}

TEST_CASE("S3P601 names no scope when every key is reached, and a single object as the request's", "[analysis][rules]") {
  const auto all = messages(s3policy::test::lint_text(kShare, {"S3P605"}, on(Target::CephSquid)), "S3P605");
  REQUIRE(all.size() == 2);
  CHECK(all[0].find("can read on") != std::string::npos);
  const char* one = R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*",
   "Action":"s3:GetObject","Resource":"arn:aws:s3:::b/index.html"}]})";
  const auto reads = messages(s3policy::test::lint_text(one, {"S3P601"}, on(Target::CephSquid)), "S3P601");
  REQUIRE(reads.size() == 1);
  CHECK(reads[0].find("GET s3://b/index.html") != std::string::npos);
  CHECK(reads[0].find("; read reaches this object only;") != std::string::npos);
}

TEST_CASE("S3P603 and S3P605 name the bucket beside the objects a delete reaches", "[analysis][rules]") {
  // Anyone may delete tmp/* and the (empty) bucket; projectb only the bucket.
  const char* cleanup = R"({"Version":"2012-10-17","Statement":[
   {"Sid":"Cleanup","Effect":"Allow","Principal":"*","Action":["s3:DeleteObject","s3:DeleteBucket"],
    "Resource":["arn:aws:s3:::b","arn:aws:s3:::b/tmp/*"]},
   {"Sid":"Drop","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::projectb:root"},"Action":"s3:DeleteBucket",
    "Resource":"arn:aws:s3:::b"}]})";
  const auto writes = notes_of("S3P603", cleanup);
  REQUIRE(writes.size() == 1);
  CHECK(writes[0].find("; delete reaches tmp/* and the bucket itself only;") != std::string::npos);
  const auto shares = notes_of("S3P605", cleanup);
  REQUIRE(shares.size() == 1);
  CHECK(shares[0] == "project projectb can delete (tmp/* and the bucket itself only) on RGW (squid), granted by "
                     "statement \"Cleanup\"");
}

TEST_CASE("S3P605 writes once what consecutive categories need alike", "[analysis][rules]") {
  // projectb reads anywhere, and writes, deletes and changes ACLs only from 10.0.0.0/8.
  const char* partners = R"({"Version":"2012-10-17","Statement":[
   {"Sid":"Read","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::projectb:root"},"Action":"s3:GetObject",
    "Resource":"arn:aws:s3:::site/*"},
   {"Sid":"Partners","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::projectb:root"},
    "Action":["s3:PutObject","s3:DeleteObject","s3:PutObjectAcl"],"Resource":"arn:aws:s3:::site/*",
    "Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}]})";
  const auto found = notes_of("S3P605", partners);
  REQUIRE(found.size() == 1);
  CHECK(found[0] ==
        "project projectb can read, write/delete/change permissions (only when aws:SourceIp in 10.0.0.0/8) on RGW "
        "(squid), granted by statement \"Read\" and statement \"Partners\"");
}

TEST_CASE("S3P605 names every statement that grants one of the categories, once", "[analysis][rules]") {
  // Read, write and delete come from three statements; the second also grants read again.
  const char* three = R"({"Version":"2012-10-17","Statement":[
   {"Sid":"Read","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::projectb:root"},"Action":"s3:GetObject",
    "Resource":"arn:aws:s3:::site/*"},
   {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::projectb:root"},"Action":["s3:PutObject","s3:GetObject"],
    "Resource":"arn:aws:s3:::site/*"},
   {"Sid":"Clean","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::projectb:root"},"Action":"s3:DeleteObject",
    "Resource":"arn:aws:s3:::site/*"}]})";
  const auto found = notes_of("S3P605", three);
  REQUIRE(found.size() == 1);
  CHECK(found[0] == "project projectb can read, write, delete on RGW (squid), granted by statement \"Read\", "
                    "statement #2 and statement \"Clean\"");
}

TEST_CASE("when_text: a condition reads after \"only when\"", "[analysis]") {
  using s3policy::analysis::when_text;
  CHECK(when_text("aws:SourceIp in 10.0.0.0/8") == "aws:SourceIp in 10.0.0.0/8");
  CHECK(when_text("depends on aws:SourceVpce") == "the request's aws:SourceVpce meets the Condition");
  CHECK(when_text("aws:SourceIp in 10.0.0.0/8 or depends on aws:Referer or aws:CurrentTime in a time window") ==
        "aws:SourceIp in 10.0.0.0/8 or the request's aws:Referer meets the Condition or aws:CurrentTime in a time "
        "window");
}

TEST_CASE("S3P605: a condition on a key the analysis cannot reason about reads as a sentence", "[analysis]") {
  const char* endpoint_only = R"({"Version":"2012-10-17","Statement":[{"Sid":"ViaEndpoint","Effect":"Allow",
 "Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*",
 "Condition":{"StringEquals":{"aws:SourceVpce":"vpce-1a2b3c4d"}}}]})";
  CHECK(messages(s3policy::test::lint_text(endpoint_only, {"S3P605"}, on(Target::Aws)), "S3P605") ==
        std::vector<std::string>{"project 444455556666 can read (only when the request's aws:SourceVpce meets the "
                                 "Condition) on AWS, granted by statement \"ViaEndpoint\""});
}

TEST_CASE("S3P602: a public listing that needs a prefix is limited to the prefixes the Condition accepts",
          "[analysis][rules]") {
  const char* prefix_only = R"({"Version": "2012-10-17", "Statement": [{"Sid": "ListPublic", "Effect": "Allow",
    "Principal": "*", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::b",
    "Condition": {"StringLike": {"s3:prefix": "public/*"}}}]})";
  const auto limited = notes_of("S3P602", prefix_only);
  REQUIRE(limited.size() == 1);
  CHECK(
      limited[0].ends_with("; its condition on s3:prefix (StringLike \"public/*\") limits the listing to the "
                           "prefixes it accepts"));
  // A listing without a prefix gets in as well: the Condition restricts nothing.
  const char* also_unprefixed = R"({"Version": "2012-10-17", "Statement": [{"Sid": "ListPublic", "Effect": "Allow",
    "Principal": "*", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::b",
    "Condition": {"StringLikeIfExists": {"s3:prefix": "public/*"}}}]})";
  const auto open = notes_of("S3P602", also_unprefixed);
  REQUIRE(open.size() == 1);
  CHECK(open[0].ends_with("; its condition on s3:prefix restricts nothing (the caller sets it)"));
}
