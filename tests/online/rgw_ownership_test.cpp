// Who can read what another project uploads into a bucket, on the real radosgw: the facts behind
// S3P612 owner-cannot-read-uploads (rules/analysis/uploads.cpp), measured on every run, and the
// rule itself on the same policies (lint, and audit of the live bucket). alice owns the bucket
// (projecta); carol is another user of projecta; bob is of projectb. Requests go through curl
// (rgw/s3curl.sh), never through s3policy's own client.
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "audit_cli.h"
#include "rgw_rig.h"

using namespace s3p_test;
namespace fs = std::filesystem;

namespace {

const std::string kUploadFor =
    R"({"Sid":"BUploads","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::projectb:root"},)";

// bob may upload (and read back) every object of `bucket`.
std::string bob_uploads(const std::string& bucket) {
  return R"({"Version":"2012-10-17","Statement":[)" + kUploadFor +
         R"("Action":["s3:PutObject","s3:GetObject"],"Resource":"arn:aws:s3:::)" + bucket + R"(/*"}]})";
}

// The same, and the owner project may read every object.
std::string bob_uploads_owner_reads(const std::string& bucket) {
  return R"({"Version":"2012-10-17","Statement":[)" + kUploadFor +
         R"("Action":["s3:PutObject","s3:GetObject"],"Resource":"arn:aws:s3:::)" + bucket +
         R"(/*"},{"Sid":"OwnerReads","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::projecta:root"},)"
         R"("Action":"s3:GetObject","Resource":"arn:aws:s3:::)" +
         bucket + R"(/*"}]})";
}

// bob may upload only with a Condition `clause` on s3:x-amz-acl (an Allow's or, with `deny`,
// a separate Deny's).
std::string bob_uploads_if(const std::string& bucket, const std::string& clause, bool deny = false) {
  const std::string resource = R"("Resource":"arn:aws:s3:::)" + bucket + R"(/*")";
  if (!deny)
    return R"({"Version":"2012-10-17","Statement":[)" + kUploadFor + R"("Action":"s3:PutObject",)" + resource +
           R"(,"Condition":)" + clause + "}]}";
  return R"({"Version":"2012-10-17","Statement":[)" + kUploadFor + R"("Action":"s3:PutObject",)" + resource +
         R"(},{"Sid":"RequireOwnerControl","Effect":"Deny","Principal":"*","Action":"s3:PutObject",)" + resource +
         R"(,"Condition":)" + clause + "}]}";
}

const std::string kOwnerControl = "x-amz-acl:bucket-owner-full-control";

// The bucket, as bob addresses it: another tenant's, "projecta:bucket" with the colon encoded.
std::string from_b(const std::string& bucket, const std::string& key) { return "/projecta%3A" + bucket + "/" + key; }

// Puts `policy` on alice's `bucket`.
void put_policy(const Rig& rig, const std::string& bucket, const std::string& name, const std::string& policy) {
  const fs::path file = write_temp(name + ".json", policy);
  REQUIRE(rig.curl("ALICE", {{"PUT", "/" + bucket + "?policy=", file.string()}}) == std::vector<int>{204});
}

// The S3P612 findings of `s3policy lint` on `policy` for owner projecta, as "LINE:COL".
std::vector<std::string> s3p612(const std::string& name, const std::string& policy) {
  const fs::path dir = temp_dir() / "ownership-lint";
  fs::create_directories(dir);
  std::ofstream(dir / (name + ".json")) << policy;
  const auto r = run_s3policy({"lint", "--no-config", "--target", "ceph-pacific", "--owner", "projecta", "--select",
                               "S3P612", "--format", "json", name + ".json"},
                              dir);
  REQUIRE((r.exit_code == 0 || r.exit_code == 1));
  std::vector<std::string> out;
  const auto d = parse_json(r.out);
  for (const auto& f : d["findings"].GetArray())
    out.push_back(std::to_string(f["line"].GetInt()) + ":" + std::to_string(f["column"].GetInt()));
  return out;
}

}  // namespace

TEST_CASE("another project's uploads belong to it: the owner reads them only through the policy", "[ownership]") {
  const Rig& rig = Rig::get();
  const std::string bucket = "own" + run_tag();
  const fs::path body = write_temp("ownership-body.txt", "uploaded by bob\n");
  REQUIRE(rig.curl("ALICE", {{"PUT", "/" + bucket}}) == std::vector<int>{200});

  // Only projectb is granted: bob's plain upload is his; alice, the bucket owner, cannot read it
  // or its ACL, nor can carol; with the canned ACL bucket-owner-full-control alice can (the grant
  // names her user, not her project: carol still cannot). alice lists and deletes either.
  put_policy(rig, bucket, "bob-uploads", bob_uploads(bucket));
  CHECK(rig.curl("BOB", {{"PUT", from_b(bucket, "plain"), body.string()},
                         {"PUT", from_b(bucket, "handed-over"), body.string(), "-", {kOwnerControl}},
                         {"GET", from_b(bucket, "plain")}}) == std::vector<int>{200, 200, 200});
  CHECK(rig.curl("ALICE", {{"GET", "/" + bucket + "/plain"},
                           {"GET", "/" + bucket + "/plain?acl="},
                           {"GET", "/" + bucket + "/handed-over"},
                           {"GET", "/" + bucket}}) == std::vector<int>{403, 403, 200, 200});
  CHECK(rig.curl("CAROL", {{"GET", "/" + bucket + "/plain"}, {"GET", "/" + bucket + "/handed-over"}}) ==
        std::vector<int>{403, 403});
  CHECK(s3p612("bob-uploads", bob_uploads(bucket)) == std::vector<std::string>{"1:132"});
  // The other canned ACLs (rules/analysis/uploads.cpp, owner_can_read). Last, alice deletes what
  // she cannot read: the bucket is hers.
  const std::vector<std::string> acls = {"bucket-owner-read", "public-read", "public-read-write", "authenticated-read",
                                         "private"};
  std::vector<CurlRequest> uploads, reads;
  for (const std::string& acl : acls) {
    uploads.push_back({"PUT", from_b(bucket, acl), body.string(), "-", {"x-amz-acl:" + acl}});
    reads.push_back({"GET", "/" + bucket + "/" + acl});
  }
  CHECK(rig.curl("BOB", uploads) == std::vector<int>{200, 200, 200, 200, 200});
  CHECK(rig.curl("ALICE", reads) == std::vector<int>{200, 200, 200, 200, 403});
  CHECK(rig.curl("CAROL", reads) == std::vector<int>{403, 200, 200, 200, 403});
  CHECK(rig.curl("ALICE", {{"DELETE", "/" + bucket + "/private"}, {"GET", "/" + bucket + "/private"}}) ==
        std::vector<int>{204, 404});

  // A statement that lets the owner project read: every user of it reads bob's uploads.
  put_policy(rig, bucket, "owner-reads", bob_uploads_owner_reads(bucket));
  CHECK(rig.curl("ALICE", {{"GET", "/" + bucket + "/plain"}}) == std::vector<int>{200});
  CHECK(rig.curl("CAROL", {{"GET", "/" + bucket + "/plain"}}) == std::vector<int>{200});
  CHECK(s3p612("owner-reads", bob_uploads_owner_reads(bucket)).empty());

  // An Allow that requires the canned ACL: a plain upload is refused, one with it accepted. A
  // multipart upload never gets in (RGW sets no s3:x-amz-acl when one starts, header or not).
  const std::string requires_acl = R"({"StringEquals":{"s3:x-amz-acl":"bucket-owner-full-control"}})";
  put_policy(rig, bucket, "requires-acl", bob_uploads_if(bucket, requires_acl));
  CHECK(rig.curl("BOB", {{"PUT", from_b(bucket, "refused"), body.string()},
                         {"PUT", from_b(bucket, "accepted"), body.string(), "-", {kOwnerControl}},
                         {"POST", from_b(bucket, "multipart?uploads=")},
                         {"POST", from_b(bucket, "multipart?uploads="), "-", "-", {kOwnerControl}}}) ==
        std::vector<int>{403, 200, 403, 403});
  CHECK(s3p612("requires-acl", bob_uploads_if(bucket, requires_acl)).empty());

  // The same demand as a Deny: it refuses a plain upload without the header (RGW sets the key,
  // empty), but not the start of a multipart upload, which carries no key: bob's multipart
  // upload is his alone, and the rule says so.
  const std::string denies_other = R"({"StringNotEquals":{"s3:x-amz-acl":"bucket-owner-full-control"}})";
  put_policy(rig, bucket, "deny-other", bob_uploads_if(bucket, denies_other, true));
  CHECK(rig.curl("BOB", {{"PUT", from_b(bucket, "denied"), body.string()},
                         {"POST", from_b(bucket, "multipart?uploads=")}}) == std::vector<int>{403, 200});
  CHECK(s3p612("deny-other", bob_uploads_if(bucket, denies_other, true)) == std::vector<std::string>{"1:131"});

  // What RGW puts into a plain upload's request without the header: s3:x-amz-acl, empty.
  put_policy(rig, bucket, "empty-acl", bob_uploads_if(bucket, R"({"StringEquals":{"s3:x-amz-acl":""}})"));
  CHECK(rig.curl("BOB", {{"PUT", from_b(bucket, "empty"), body.string()},
                         {"POST", from_b(bucket, "multipart?uploads=")}}) == std::vector<int>{200, 403});
  put_policy(rig, bucket, "no-acl", bob_uploads_if(bucket, R"({"Null":{"s3:x-amz-acl":"true"}})"));
  CHECK(rig.curl("BOB", {{"PUT", from_b(bucket, "absent"), body.string()},
                         {"POST", from_b(bucket, "multipart?uploads=")}}) == std::vector<int>{403, 200});
}

TEST_CASE("audit reports another project's unreadable uploads on the live bucket, and with --object-owners the uploads",
          "[ownership]") {
  const Rig& rig = Rig::get();
  const std::string bucket = "own" + run_tag() + "-audit";
  REQUIRE(rig.curl("ALICE", {{"PUT", "/" + bucket}}) == std::vector<int>{200});
  put_policy(rig, bucket, "audit-bob-uploads", bob_uploads(bucket));
  const fs::path dir = temp_dir() / "ownership-audit";
  fs::create_directories(dir);
  write_ec2_sh(rig, "ALICE", dir);
  // The owner comes from the bucket (projecta$alice): no --owner.
  const auto r = run_s3policy({"audit", bucket, "--rc", "ec2.sh", "--target", "ceph-pacific", "--select", "S3P612",
                               "--format", "json", "--quiet"},
                              dir);
  CHECK(r.exit_code == 0);  // a warning: below the default --fail-on error
  const auto keys = finding_keys(parse_json(r.out));
  CHECK(std::count_if(keys.begin(), keys.end(), [](const std::string& k) { return k.ends_with(" S3P612"); }) == 1);

  // --object-owners lists the bucket and finds bob's uploads beside alice's own (S3P807). The
  // audit runs as alice, the bucket owner: it asks each of bob's uploads with a HEAD. Two came
  // without a canned ACL (403; one under a key with a space and a "..", which the HEAD must name
  // as it is), one with bucket-owner-full-control (200, not reported).
  const fs::path body = write_temp("ownership-audit-body.txt", "uploaded\n");
  CHECK(rig.curl("BOB", {{"PUT", from_b(bucket, "b1"), body.string()},
                         {"PUT", from_b(bucket, "dir%20x/../b2"), body.string()},
                         {"PUT", from_b(bucket, "b3"), body.string(), "-", {kOwnerControl}}}) ==
        std::vector<int>{200, 200, 200});
  CHECK(rig.curl("ALICE", {{"PUT", "/" + bucket + "/a1", body.string()}}) == std::vector<int>{200});
  const auto listed = run_s3policy({"audit", bucket, "--rc", "ec2.sh", "--target", "ceph-pacific", "--select", "S3P807",
                                    "--object-owners", "--format", "json", "--quiet"},
                                   dir);
  CHECK(listed.exit_code == 0);
  const auto report = parse_json(listed.out);
  REQUIRE(report["findings"].Size() == 1);
  CHECK(std::string(report["findings"][0]["message"].GetString())
            .starts_with("bucket \"" + bucket +
                         "\" holds 2 objects that other users uploaded (2 by projectb$bob, of 4 "
                         "listed); the audit asked 3 of them as the bucket owner and got 403 for 2; on RGW (pacific) "
                         "they are theirs: the owner project projecta cannot read them"));
  // Once alice's project may read, nothing is left to report: the HEADs answer 200.
  put_policy(rig, bucket, "audit-bob-uploads-owner-reads",
             R"({"Version":"2012-10-17","Statement":[)" + kUploadFor +
                 R"("Action":"s3:PutObject","Resource":"arn:aws:s3:::)" + bucket +
                 R"(/*"},{"Sid":"OwnerReads","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::projecta:root"},)"
                 R"("Action":"s3:GetObject","Resource":"arn:aws:s3:::)" +
                 bucket + R"(/*"}]})");
  const auto readable = run_s3policy({"audit", bucket, "--rc", "ec2.sh", "--target", "ceph-pacific", "--select",
                                      "S3P807", "--object-owners", "--format", "json", "--quiet"},
                                     dir);
  CHECK(parse_json(readable.out)["findings"].Size() == 0);
  put_policy(rig, bucket, "audit-bob-uploads", bob_uploads(bucket));
  // bob may not list alice's bucket: the summary says the objects were not listed, and no
  // finding claims anything about them.
  const fs::path bob_dir = temp_dir() / "ownership-audit-bob";
  fs::create_directories(bob_dir);
  write_ec2_sh(rig, "BOB", bob_dir);
  const auto as_bob = run_s3policy({"audit", "projecta:" + bucket, "--rc", "ec2.sh", "--target", "ceph-pacific",
                                    "--object-owners", "--format", "json"},
                                   bob_dir);
  CHECK(as_bob.err.find("s3://projecta:" + bucket + ": objects not listed: ") != std::string::npos);
  CHECK(as_bob.err.find("AccessDenied") != std::string::npos);
  const auto bob_keys = finding_keys(parse_json(as_bob.out));
  CHECK(std::none_of(bob_keys.begin(), bob_keys.end(), [](const std::string& k) { return k.ends_with(" S3P807"); }));
  // Without the flag nothing is listed, and the rule says nothing.
  const auto unlisted = run_s3policy({"audit", bucket, "--rc", "ec2.sh", "--target", "ceph-pacific", "--select",
                                      "S3P807", "--format", "json", "--quiet"},
                                     dir);
  CHECK(parse_json(unlisted.out)["findings"].Size() == 0);
}
