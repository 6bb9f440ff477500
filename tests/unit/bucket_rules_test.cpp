// S3P801 bucket-acl-public and S3P802 bucket-acl-authenticated-users: a group grant that the
// server does not honour now (IgnorePublicAcls on, or a Deny of the policy refusing every request
// it allows) is latent, a note that says so; otherwise it is the error it always was. (The
// fixtures prove that the rules fire; this checks the level and the words.)
#include <catch2/catch.hpp>
#include <sstream>

#include "report/report.h"
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

// `policy` linted with only `rule` as the live policy of a bucket described by `spec`.
FileResult lint_live(const std::string& rule, const std::string& spec, const std::string& policy) {
  const BucketFacts facts = test::parse_bucket_facts(spec, policy);
  LintSettings settings;
  settings.target = Target::CephPacific;
  settings.bucket_facts = &facts;
  return test::lint_text(policy, {rule}, settings);
}

FileResult lint_with(const std::string& rule, const std::string& spec) { return lint_live(rule, spec, kPolicy); }

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

namespace {

// A bucket policy of one Deny (with `extra` members) over `resource` (the bucket itself by
// default), linted as the live policy of bucket "data" whose ACL is `acl`.
FileResult lint_deny(const std::string& rule, const std::string& acl, const std::string& principal,
                     const std::string& actions, const std::string& extra = "",
                     const std::string& resource = R"("arn:aws:s3:::data")") {
  const std::string policy = R"({"Version": "2012-10-17", "Statement": [{"Sid": "NoListing", "Effect": "Deny",
    "Principal": )" + principal + R"(, "Action": )" + actions + R"(, "Resource": )" + resource + extra + "}]}";
  return lint_live(rule, "name=data; owner=projecta$alice; acl=" + acl, policy);
}

const char* kListings = R"(["s3:ListBucket", "s3:ListBucketVersions", "s3:ListBucketMultipartUploads"])";

}  // namespace

TEST_CASE("S3P801: a Deny of every listing to everyone makes a public READ grant a note", "[rules][online]") {
  const Finding latent = only_finding(lint_deny("S3P801", "AllUsers:READ", R"("*")", kListings), "S3P801");
  CHECK(latent.level == Level::Note);
  CHECK(latent.message == "the ACL of bucket \"data\" grants READ to AllUsers, which statement \"NoListing\" of the "
                          "bucket policy overrides (a Deny of every request it allows): nobody gets access through "
                          "it now, but without that Deny anyone, without credentials, could list the bucket's objects");
  CHECK(only_finding(lint_deny("S3P801", "AllUsers:READ", R"({"AWS": "*"})", R"("s3:List*")"), "S3P801").level ==
        Level::Note);
  // Not every request: ListBucketVersions is left open, a Condition may not hold, another
  // principal is denied, or the permission reaches objects the Deny does not name.
  CHECK(only_finding(lint_deny("S3P801", "AllUsers:READ", R"("*")", R"("s3:ListBucket")"), "S3P801").level ==
        Level::Error);
  CHECK(only_finding(lint_deny("S3P801", "AllUsers:READ", R"("*")", kListings,
                               R"(, "Condition": {"Bool": {"aws:SecureTransport": "false"}})"),
                     "S3P801")
            .level == Level::Error);
  CHECK(only_finding(lint_deny("S3P801", "AllUsers:READ", R"({"AWS": "arn:aws:iam::projectb:root"})", kListings),
                     "S3P801")
            .level == Level::Error);
  CHECK(only_finding(lint_deny("S3P801", "AllUsers:WRITE", R"("*")", R"("s3:*")"), "S3P801").level == Level::Error);
}

TEST_CASE("S3P801: Denies that refuse the grant's requests only together are all named", "[rules][online]") {
  const std::string policy = R"({"Version": "2012-10-17", "Statement": [
    {"Sid": "NoListing", "Effect": "Deny", "Principal": "*", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::data"},
    {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::projectb:root"}, "Action": "s3:GetObject",
     "Resource": "arn:aws:s3:::data/*"},
    {"Sid": "NoOtherListings", "Effect": "Deny", "Principal": "*",
     "Action": ["s3:ListBucketMultipartUploads", "s3:ListBucketVersions"], "Resource": "arn:aws:s3:::data"}]})";
  const Finding latent =
      only_finding(lint_live("S3P801", "name=data; owner=projecta$alice; acl=AllUsers:READ", policy), "S3P801");
  CHECK(latent.level == Level::Note);
  CHECK(latent.message ==
        "the ACL of bucket \"data\" grants READ to AllUsers, which statements \"NoListing\" and "
        "\"NoOtherListings\" of the bucket policy override (Denies that together refuse every "
        "request it allows): nobody gets access through it now, but without those Denies anyone, "
        "without credentials, could list the bucket's objects");
  // A Deny that refuses every request alone is the one named, even when a later one repeats it.
  const std::string twice = R"({"Version": "2012-10-17", "Statement": [
    {"Sid": "First", "Effect": "Deny", "Principal": "*", "Action": "s3:List*", "Resource": "arn:aws:s3:::data"},
    {"Sid": "Second", "Effect": "Deny", "Principal": "*", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::data"}]})";
  const Finding first =
      only_finding(lint_live("S3P801", "name=data; owner=projecta$alice; acl=AllUsers:READ", twice), "S3P801");
  CHECK(first.message.find("which statement \"First\" of the bucket policy overrides (a Deny of every request it "
                           "allows)") != std::string::npos);
}

TEST_CASE("S3P802: a Deny of the ACL reads to every project makes a READ_ACP grant a note", "[rules][online]") {
  const Finding latent =
      only_finding(lint_deny("S3P802", "AuthenticatedUsers:READ_ACP", R"("*")", R"("s3:GetBucketAcl")"), "S3P802");
  CHECK(latent.level == Level::Note);
  CHECK(latent.message.find("which statement \"NoListing\" of the bucket policy overrides") != std::string::npos);
  // A Deny for one project leaves the others.
  CHECK(only_finding(lint_deny("S3P802", "AuthenticatedUsers:READ_ACP", R"({"AWS": "arn:aws:iam::projectb:root"})",
                               R"("s3:GetBucketAcl")"),
                     "S3P802")
            .level == Level::Error);
}

TEST_CASE("S3P801: a Deny of every write to every object makes a public WRITE grant a note", "[rules][online]") {
  // What RGW 16.2.15 refused with such a Deny on a public-read-write bucket (rules/online/bucket_rules.cpp).
  const std::string writes = R"(["s3:PutObject", "s3:DeleteObject", "s3:DeleteObjectVersion", "s3:AbortMultipartUpload"])";
  auto level = [&](const std::string& acl, const std::string& actions, const std::string& resource) {
    return only_finding(lint_deny("S3P801", acl, R"("*")", actions, "", resource), "S3P801").level;
  };
  const Finding latent = only_finding(lint_deny("S3P801", "AllUsers:WRITE", R"("*")", writes, "",
                                                R"("arn:aws:s3:::data/*")"),
                                      "S3P801");
  CHECK(latent.level == Level::Note);
  CHECK(latent.message.find("could create, overwrite and delete objects in the bucket") != std::string::npos);
  // Every object: "data/*", "data*", "*", any account field RGW reads as the owner's.
  CHECK(level("AllUsers:WRITE", R"("s3:*")", R"("arn:aws:s3:::data*")") == Level::Note);
  CHECK(level("AllUsers:WRITE", R"("s3:*")", R"("*")") == Level::Note);
  CHECK(level("AllUsers:WRITE", R"("s3:*")", R"("arn:aws:s3:::*")") == Level::Note);
  // Not every object, or not every write: measured, an abort or a delete then still succeeds.
  CHECK(level("AllUsers:WRITE", R"("s3:*")", R"("arn:aws:s3:::data/tmp/*")") == Level::Error);
  CHECK(level("AllUsers:WRITE", R"("s3:*")", R"("arn:aws:s3:::data/?")") == Level::Error);
  CHECK(level("AllUsers:WRITE", R"("s3:*")", R"("arn:aws:s3:::other/*")") == Level::Error);
  CHECK(level("AllUsers:WRITE", R"(["s3:PutObject", "s3:DeleteObject", "s3:DeleteObjectVersion"])",
              R"("arn:aws:s3:::data/*")") == Level::Error);
  CHECK(level("AllUsers:WRITE", R"("s3:PutObject")", R"("arn:aws:s3:::data/*")") == Level::Error);
  // FULL_CONTROL is every permission: the listings and ACL actions on the bucket, the writes on objects.
  CHECK(level("AllUsers:FULL_CONTROL", R"("s3:*")", R"(["arn:aws:s3:::data", "arn:aws:s3:::data/*"])") ==
        Level::Note);
  CHECK(level("AllUsers:FULL_CONTROL", R"("s3:*")", R"("arn:aws:s3:::data/*")") == Level::Error);
  CHECK(level("AllUsers:FULL_CONTROL", writes, R"(["arn:aws:s3:::data", "arn:aws:s3:::data/*"])") == Level::Error);
}

// A finding about the bucket (its settings, not a place in its policy) has no code frame under it in
// the text report; a finding in the live policy text keeps its frame.
TEST_CASE("bucket findings: the text report shows no code frame for the bucket itself", "[rules][online][report]") {
  const BucketFacts facts = test::parse_bucket_facts("name=data; pab=none", kPolicy);
  LintSettings settings;
  settings.target = Target::CephPacific;
  settings.projects.owner = "projecta";
  settings.bucket_facts = &facts;
  RunResult run;
  run.files.push_back(test::lint_text(kPolicy, {"S3P805", "S3P605"}, settings, "s3://data"));
  REQUIRE(run.files.front().findings.size() == 2);
  std::ostringstream out;
  write_text(out, run, ReportOptions{});
  const std::string text = out.str();
  const auto bucket_note = text.find("note[S3P805 public-access-block-off]");
  const auto share_note = text.find("note[S3P605 cross-project-access]");
  REQUIRE(bucket_note != std::string::npos);
  REQUIRE(share_note != std::string::npos);
  const std::string after_bucket_note = text.substr(bucket_note, text.find("\n\n", bucket_note) - bucket_note);
  CHECK(after_bucket_note.find(" | ") == std::string::npos);
  CHECK(text.find(" 2 |   \"Principal\"", share_note) != std::string::npos);
}

namespace {

// `policy` as the live policy of bucket "ingest" owned by projecta$alice, whose first page of
// objects `objects` describes (audit --object-owners), linted with S3P807 only.
FileResult lint_owners(const std::string& objects, const std::string& policy, const std::string& extra = "") {
  const BucketFacts facts =
      test::parse_bucket_facts("name=ingest; owner=projecta$alice; objects=" + objects + extra, policy);
  LintSettings settings;
  settings.target = Target::CephPacific;
  settings.projects.owner = "projecta";
  settings.bucket_facts = &facts;
  return test::lint_text(policy, {"S3P807"}, settings);
}

const char* kBobUploads = R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
  "Principal": {"AWS": "arn:aws:iam::projectb:root"}, "Action": "s3:PutObject", "Resource": "arn:aws:s3:::ingest/*"}]})";

}  // namespace

TEST_CASE("S3P807: others' uploads are a warning unless the policy lets the owner project read them",
          "[rules][online]") {
  const Finding warning = only_finding(lint_owners("projecta$alice:4,projectb$bob:3,more", kBobUploads), "S3P807");
  CHECK(warning.level == Level::Warning);
  CHECK(warning.message ==
        "bucket \"ingest\" holds 3 objects that other users uploaded (3 by projectb$bob, of the first 7 listed); on "
        "RGW (pacific) they are theirs: the owner project projecta cannot read them, because no statement of the "
        "bucket policy lets it (measured: the bucket owner gets 403 on another user's upload)");
  const std::string reads = R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
    "Principal": {"AWS": "arn:aws:iam::projecta:root"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::ingest/*"}]})";
  // The policy lets the owner project read them: nobody is kept from them.
  CHECK(lint_owners("projectb$bob:1,projecta$carol:2", reads).findings.empty());
  const Finding two = only_finding(lint_owners("projectb$bob:1,projecta$carol:2", kBobUploads), "S3P807");
  CHECK_THAT(two.message, Catch::Contains("holds 3 objects that other users uploaded (1 by projectb$bob, 2 by "
                                          "projecta$carol, of 3 listed)"));
  // A policy that could not be read says nothing either way.
  const Finding unread =
      only_finding(lint_owners("projectb$bob:1", "", "; policy=unreadable:HTTP 403 AccessDenied"), "S3P807");
  CHECK(
      unread.message.ends_with("the owner project projecta reads them only if the bucket policy lets it, and the "
                               "policy could not be read"));
  // Only the owner's own objects, or nothing listed: nothing to say.
  CHECK(lint_owners("projecta$alice:9", kBobUploads).findings.empty());
  CHECK(lint_owners("", kBobUploads).findings.empty());
}
