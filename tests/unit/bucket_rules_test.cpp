// S3P801 bucket-acl-public and S3P802 bucket-acl-authenticated-users against the bucket's public
// access block: a group grant that IgnorePublicAcls makes the server skip is latent, a note that
// says so; with the block off or absent it is the error it always was. (The fixtures prove that
// the rules fire; this checks the level and the words.)
#include <catch2/catch.hpp>

#include "support/bucket_facts_spec.h"
#include "support/harness.h"

using namespace s3policy;

namespace {

const char* kPolicy = R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
  "Principal": {"AWS": "arn:aws:iam::projectb:root"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::data/*"}]})";

// The one finding of `rule` (by value: the results it comes from are temporaries).
Finding only_finding(const FileResult& r, std::string_view rule) {
  REQUIRE(r.findings.size() == 1);
  REQUIRE(r.findings[0].rule != nullptr);
  CHECK(r.findings[0].rule->id == rule);
  return r.findings[0];
}

FileResult lint_with(const std::string& rule, const std::string& spec) {
  const BucketFacts facts = test::parse_bucket_facts(spec, kPolicy);
  LintSettings settings;
  settings.target = Target::CephPacific;
  settings.bucket_facts = &facts;
  return test::lint_text(kPolicy, {rule}, settings);
}

}  // namespace

TEST_CASE("S3P801: a public ACL grant is an error, and a note while IgnorePublicAcls is on", "[rules][online]") {
  const Finding live = only_finding(lint_with("S3P801", "name=data; acl=AllUsers:READ; pab=BlockPublicAcls"), "S3P801");
  CHECK(live.level == Level::Error);
  CHECK(live.message == "the ACL of bucket \"data\" grants READ to AllUsers: anyone, without credentials, can list "
                        "the bucket's objects");
  const Finding latent = only_finding(lint_with("S3P801", "name=data; acl=AllUsers:READ; pab=IgnorePublicAcls"), "S3P801");
  CHECK(latent.level == Level::Note);
  CHECK(latent.message == "the ACL of bucket \"data\" grants READ to AllUsers, which its public access block "
                          "ignores (IgnorePublicAcls): nobody gets access through it now, but with IgnorePublicAcls "
                          "off anyone, without credentials, could list the bucket's objects");
  CHECK_FALSE(latent.help.empty());
  // No block at all (404) ignores nothing.
  CHECK(only_finding(lint_with("S3P801", "name=data; acl=AllUsers:WRITE; pab=none"), "S3P801").level == Level::Error);
}

TEST_CASE("S3P802: an AuthenticatedUsers grant is a note while IgnorePublicAcls is on", "[rules][online]") {
  const std::string spec = "name=data; acl=AuthenticatedUsers:READ";
  CHECK(only_finding(lint_with("S3P802", spec), "S3P802").level == Level::Error);
  const Finding latent = only_finding(lint_with("S3P802", spec + "; pab=IgnorePublicAcls+RestrictPublicBuckets"), "S3P802");
  CHECK(latent.level == Level::Note);
  CHECK(latent.message.find("which its public access block ignores (IgnorePublicAcls)") != std::string::npos);
  CHECK(latent.message.find("every user of the whole RGW (pacific) cluster, in every project, could list") !=
        std::string::npos);
}
