// simulate and explain through the real binary: exit codes and golden output (policy on stdin).
#include <catch2/catch.hpp>

#include "support/harness.h"
#include "support/temp_dir.h"

using s3policy::test::run_cli;

namespace {
// A public website with an office-only upload, a share with another project and the classic
// "TLS only" Deny, which RGW never fires (aws:SecureTransport is absent on plain HTTP).
const char* kSite = R"({"Version":"2012-10-17","Statement":[
 {"Sid":"PublicRead","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::site/*"},
 {"Sid":"Office","Effect":"Allow","Principal":"*","Action":"s3:PutObject","Resource":"arn:aws:s3:::site/*",
  "Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}},
 {"Sid":"Share","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::projectb:root"},"Action":["s3:ListBucket","s3:GetObject"],
  "Resource":["arn:aws:s3:::site","arn:aws:s3:::site/*"]},
 {"Sid":"TLS","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::site","arn:aws:s3:::site/*"],
  "Condition":{"Bool":{"aws:SecureTransport":"false"}}}
]})";
}  // namespace

TEST_CASE("simulate: decision, deciding statement and exit code", "[analysis][cli]") {
  const auto http = run_cli("simulate - --target ceph-pacific --principal anonymous --action s3:GetObject "
                            "--resource s3://projecta:site/index.html --http",
                            kSite);
  CHECK(http.exit_code == 0);
  CHECK(http.out.starts_with("allowed: anonymous s3:GetObject arn:aws:s3:::site/index.html"));
  CHECK(http.out.find("<stdin>:2:2: statement \"PublicRead\" allows it") != std::string::npos);
  CHECK(http.out.find("statement \"TLS\" does not apply: condition Bool aws:SecureTransport: the key is absent") !=
        std::string::npos);
  const auto aws = run_cli("simulate - --target aws --principal anonymous --action s3:GetObject "
                           "--resource s3://site/index.html --http",
                           kSite);
  CHECK(aws.exit_code == 1);
  CHECK(aws.out.starts_with("denied explicitly"));
  const auto none = run_cli("simulate - --target ceph-pacific --principal 'projectb$bob' --action s3:PutObject "
                            "--resource s3://projecta:site/x",
                            kSite);
  CHECK(none.exit_code == 1);
  CHECK(none.out.starts_with("denied implicitly"));
  CHECK(run_cli("simulate - --principal anonymous --action s3:GetObjectz --resource site/x", kSite).exit_code == 2);
}

// RGW sets s3:x-amz-acl for a plain PUT (empty without the header) but not for the start of a
// multipart upload (measured, online_ownership): simulate says which one it answered for.
TEST_CASE("simulate: an upload without s3:x-amz-acl is said to be the start of a multipart upload", "[analysis][cli]") {
  const std::string policy = R"({"Version":"2012-10-17","Statement":[
 {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::projectb:root"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::in/*"},
 {"Effect":"Deny","Principal":"*","Action":"s3:PutObject","Resource":"arn:aws:s3:::in/*",
  "Condition":{"StringNotEquals":{"s3:x-amz-acl":"bucket-owner-full-control"}}}]})";
  const std::string request =
      "simulate - --target ceph-pacific --principal 'projectb$bob' --action s3:PutObject --resource s3://projecta:in/x";
  const auto multipart = run_cli(request, policy);
  CHECK(multipart.exit_code == 0);
  CHECK_THAT(multipart.out, Catch::Contains("assumed: no s3:x-amz-acl, as for the request that starts a multipart "
                                            "upload; a plain PUT carries it (empty without the x-amz-acl header"));
  const auto plain = run_cli(request + " --context s3:x-amz-acl=", policy);
  CHECK(plain.exit_code == 1);
  CHECK_THAT(plain.out, !Catch::Contains("assumed: no s3:x-amz-acl"));
  // Not where no Condition reads the key, nor on AWS.
  CHECK_THAT(run_cli(request, kSite).out, !Catch::Contains("s3:x-amz-acl"));
  CHECK_THAT(
      run_cli("simulate - --target aws --principal 111122223333 --action s3:PutObject --resource in/x", policy).out,
      !Catch::Contains("assumed: no s3:x-amz-acl"));
}

TEST_CASE("explain: consecutive categories with the same qualification share it", "[analysis][cli]") {
  // Read plainly; list and write only from the office, written once after the last of them, as
  // cross-project-access writes them.
  const char* office = R"({"Version":"2012-10-17","Statement":[
 {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::projectb:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::site/*"},
 {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::projectb:root"},"Action":["s3:ListBucket","s3:PutObject"],
  "Resource":["arn:aws:s3:::site","arn:aws:s3:::site/*"],"Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}]})";
  const auto ex = run_cli("explain - --target ceph-squid --owner projecta", office);
  CHECK(ex.exit_code == 0);
  CHECK_THAT(ex.out, Catch::Contains("  project projectb: read, list/write (only when aws:SourceIp in 10.0.0.0/8)\n"));
  const auto lint = run_cli("lint - --target ceph-squid --select S3P605 --format json", office);
  CHECK_THAT(lint.out, Catch::Contains("project projectb can read, list/write (only when aws:SourceIp in 10.0.0.0/8)"));
}

TEST_CASE("explain: on AWS an anonymous caller has none of a signed principal's keys", "[analysis][cli]") {
  // aws:PrincipalOrgID (like aws:PrincipalArn, aws:PrincipalAccount, aws:PrincipalTag/...) is in
  // no anonymous request: the grant depends on it for signed callers and is closed to anonymous.
  const char* org = R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*",
 "Action":"s3:GetObject","Resource":"arn:aws:s3:::reports/*",
 "Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}]})";
  const auto ex = run_cli("explain - --target aws", org);
  CHECK(ex.exit_code == 0);
  CHECK_THAT(ex.out, Catch::Contains("  anonymous: nothing\n"));
  CHECK_THAT(ex.out,
             Catch::Contains(
                 "  any authenticated user: read (only when the request's aws:PrincipalOrgID meets the Condition)\n"));
  const auto lint = run_cli("lint - --target aws --select S3P601 --format json", org);
  CHECK_THAT(lint.out, Catch::Contains("any authenticated user read depends on aws:PrincipalOrgID"));
  CHECK(lint.out.find("anonymous read") == std::string::npos);
}

TEST_CASE("explain, S3P605 and diff say when only plain HTTP gets in", "[analysis][cli]") {
  // A Deny on aws:SecureTransport "true" (tls-guard-inverted) leaves projectb plain HTTP only.
  const char* inverted = R"({"Version":"2012-10-17","Statement":[
 {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::projectb:root"},"Action":"s3:GetObject",
  "Resource":"arn:aws:s3:::shared/*"},
 {"Effect":"Deny","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::shared/*",
  "Condition":{"Bool":{"aws:SecureTransport":"true"}}}]})";
  const auto ex = run_cli("explain - --owner projecta", inverted);
  CHECK(ex.exit_code == 0);
  CHECK_THAT(ex.out, Catch::Contains("  project projectb: read (plain HTTP only)\n"));
  const auto json = run_cli("explain - --owner projecta --format json", inverted);
  CHECK_THAT(json.out, Catch::Contains("\"over_https\": false"));
  const auto lint = run_cli("lint - --owner projecta --select S3P605,S3P514", inverted);
  CHECK_THAT(lint.out, Catch::Contains("project projectb can read (plain HTTP only) on RGW (squid)"));
  CHECK_THAT(lint.out, Catch::Contains("warning[S3P514 tls-guard-inverted]"));

  // From HTTPS only to plain HTTP only: one transport gained, one lost, so "changed" (added).
  const s3policy::test::TempDir dir;
  dir.write("old.json", R"({"Version":"2012-10-17","Statement":[
 {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::projectb:root"},"Action":"s3:GetObject",
  "Resource":"arn:aws:s3:::shared/*","Condition":{"Bool":{"aws:SecureTransport":"true"}}}]})");
  dir.write("new.json", inverted);
  const auto diff = run_cli(
      "diff " + dir.quoted("old.json") + " " + dir.quoted("new.json") + " --owner projecta --bucket shared", "");
  CHECK(diff.exit_code == 1);
  CHECK_THAT(diff.out, Catch::Contains("was allowed (HTTPS only), now allowed (plain HTTP only)"));
  CHECK_THAT(diff.out, Catch::Contains("changed:"));
}

TEST_CASE("explain: golden text per target", "[analysis][cli]") {
  const auto pacific = run_cli("explain - --target ceph-pacific --owner projecta", kSite);
  CHECK(pacific.exit_code == 0);
  CHECK(pacific.out ==
        "<stdin> on RGW (pacific), bucket site of project projecta\n"
        "  anonymous: read, write (only when aws:SourceIp in 10.0.0.0/8)\n"
        "  any authenticated user: read, write (only when aws:SourceIp in 10.0.0.0/8)\n"
        "  the owner project projecta: read, write (only when aws:SourceIp in 10.0.0.0/8)\n"
        "  project projectb: read, list, write (only when aws:SourceIp in 10.0.0.0/8)\n"
        "  (each row is what this policy grants; the bucket's owner also has the bucket ACL, which a Deny "
        "here still overrides: see S3P611; it does not reach objects others upload, which are theirs: see "
        "S3P612)\n");
  const auto aws_owner = run_cli("explain - --target aws --owner 111122223333", kSite);
  CHECK(aws_owner.out.ends_with("  (each row is what this policy grants; the bucket's owner also has its account's "
                                "IAM policies, which a Deny here still overrides: see S3P611)\n"));
  const auto aws = run_cli("explain - --target aws", kSite);
  CHECK(aws.out ==
        "<stdin> on AWS, bucket site (owner project not given)\n"
        "  warning: AWS refuses this policy: PutBucketPolicy answers 400 and the bucket keeps the policy it has; "
        "each row is what the text would grant if it were accepted:\n"
        "    <stdin>:5:53: S3P402 invalid-principal: invalid principal \"arn:aws:iam::projectb:root\": the account "
        "ID \"projectb\" is not 12 digits; AWS rejects the policy (\"Invalid principal in policy\")\n"
        "  anonymous: read (HTTPS only), write (only when aws:SourceIp in 10.0.0.0/8) (HTTPS only)\n"
        "  any authenticated user: read (HTTPS only), write (only when aws:SourceIp in 10.0.0.0/8) (HTTPS only)\n");
  const auto json = run_cli("explain - --target ceph-pacific --format json", kSite);
  CHECK(json.out.find("\"verdict\": \"conditional\"") != std::string::npos);
  CHECK(json.out.find("\"condition\": \"aws:SourceIp in 10.0.0.0/8\"") != std::string::npos);
  CHECK(json.out.find("\"example\": \"anonymous GET s3://site/any-key (s3:GetObject) over HTTPS from 203.0.113.7\"") !=
        std::string::npos);
}

// explain, simulate and diff answer for the policy what lint checks it as: the nearest
// .s3policy.json's target, owner project, bucket and project names, under their own flags.
TEST_CASE("explain, simulate and diff read the file's .s3policy.json as lint does", "[analysis][cli][config]") {
  s3policy::test::TempDir d;
  d.write("repo/.s3policy.json", R"({"target": "aws", "bucket_from_file_name": true,
    "projects": {"owner": "111122223333", "known": {"444455556666": "analytics"}}})");
  // For the bucket "reports" (its file name); the Resource names it, and another bucket too.
  const std::string policy = R"({"Version":"2012-10-17","Statement":[
 {"Sid":"Share","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"s3:GetObject",
  "Resource":["arn:aws:s3:::other/*","arn:aws:s3:::reports/*"]}]})";
  d.write("repo/policies/reports.json", policy);
  const std::string file = d.quoted("repo/policies/reports.json");

  const auto ex = run_cli("explain " + file);
  CHECK(ex.exit_code == 0);
  CHECK_THAT(ex.out, Catch::StartsWith(d.path.string() + "/repo/policies/reports.json on AWS, bucket reports of "
                                                          "project 111122223333\n"));
  CHECK_THAT(ex.out, Catch::Contains("  project 444455556666 (analytics): read\n"));
  const auto json = run_cli("explain -f json " + file);
  CHECK_THAT(json.out, Catch::Contains(R"("target": "aws")"));
  CHECK_THAT(json.out, Catch::Contains(R"("project_name": "analytics")"));
  // Flags win over the file; --no-config and --config as in lint.
  CHECK_THAT(run_cli("explain --target ceph-squid --owner 777788889999 " + file).out,
             Catch::StartsWith(d.path.string() + "/repo/policies/reports.json on RGW (squid), bucket reports of "
                                                 "project 777788889999\n"));
  const auto bare = run_cli("explain --no-config " + file);
  CHECK_THAT(bare.out, Catch::Contains("on RGW (squid), bucket other (owner project not given)\n"));
  CHECK_THAT(bare.out, Catch::Contains("  project 444455556666: read\n"));
  d.write("bad.json", R"({"target": "ceph-quincy"})");
  const auto bad = run_cli("explain --config " + d.quoted("bad.json") + " " + file);
  CHECK(bad.exit_code == 2);
  CHECK_THAT(bad.err, Catch::Contains("configuration: ") && Catch::Contains("unknown target \"ceph-quincy\""));

  // simulate: the target's semantics (AWS knows no tenant) and the configured owner as the bucket's.
  const auto sim = run_cli("simulate " + file + " --principal 444455556666 --action s3:GetObject --resource reports/x");
  CHECK(sim.exit_code == 0);
  CHECK_THAT(sim.out, Catch::StartsWith("allowed: ") && Catch::Contains(" on AWS"));
  const auto sim_rgw = run_cli("simulate " + d.quoted("repo/policies/reports.json") +
                               " --target ceph-squid --principal project:444455556666 --action s3:GetObject "
                               "--resource reports/x");
  CHECK_THAT(sim_rgw.out, Catch::Contains("(bucket tenant 111122223333)"));

  // diff: the same scope and names.
  d.write("repo/policies/old/reports.json", R"({"Version":"2012-10-17","Statement":[]})");
  const auto df = run_cli("diff " + d.quoted("repo/policies/old/reports.json") + " " + file);
  CHECK(df.exit_code == 1);
  CHECK_THAT(df.out, Catch::Contains(" on AWS, bucket reports of project 111122223333\n"));
  CHECK_THAT(df.out, Catch::Contains("new: project 444455556666 (analytics) read on s3://reports/*\n"));
}

namespace {

// explain, simulate and diff on the policy at `path` (quoted): each exits 2 with `expected` on
// stderr and nothing on stdout.
void refused_by_every_analysis_command(const std::string& path, const std::string& expected) {
  for (const std::string& args :
       {"explain " + path, "simulate " + path + " --principal anonymous --action s3:GetObject --resource site/x",
        "diff " + path + " " + path}) {
    INFO(args);
    const auto r = run_cli(args);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find(expected) != std::string::npos);
    CHECK(r.out.empty());
  }
}

}  // namespace

// A policy saved as UTF-16 (Windows PowerShell 5's redirect) is named as such, not "not valid JSON".
TEST_CASE("explain, simulate and diff name a UTF-16 policy's encoding", "[analysis][cli][encoding]") {
  s3policy::test::TempDir d;
  std::string wide = "\xFF\xFE";
  for (char c : std::string(kSite)) wide += std::string{c, '\0'};
  d.write("wide.json", wide);
  const std::string path = d.quoted("wide.json");
  refused_by_every_analysis_command(path, "wide.json: the file is UTF-16LE text, not UTF-8 (`s3policy lint --fix` converts it)");
}

// A CloudFormation template's grants depend on values the stack fills in: no command guesses them.
TEST_CASE("explain, simulate and diff refuse a CloudFormation template, naming the first function",
          "[analysis][cli][template]") {
  s3policy::test::TempDir d;
  d.write("template.json", R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*",
  "Action": "s3:GetObject", "Resource": {"Fn::Sub": "arn:aws:s3:::${Site}/*"}}]})");
  const std::string path = d.quoted("template.json");
  refused_by_every_analysis_command(
      path, "template.json:2:41: the CloudFormation function Fn::Sub stands where the policy needs a value: this is a "
            "template, not a policy; fill the values in first (`s3policy lint` lists every function)");
}

// simulate takes a project's configured name wherever it takes the project's ID, as grant does.
TEST_CASE("simulate: a project's configured name stands for its ID", "[analysis][cli][config]") {
  s3policy::test::TempDir d;
  d.write("repo/.s3policy.json", R"({"target": "ceph-squid", "projects": {"owner": "111122223333",
    "known": {"444455556666": "analytics", "777788889999": "shared", "121212121212": "shared"}}})");
  d.write("repo/reports.json", R"({"Version":"2012-10-17","Statement":[
 {"Sid":"Share","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"s3:GetObject",
  "Resource":"arn:aws:s3:::reports/*"}]})");
  const std::string sim = "simulate " + d.quoted("repo/reports.json") + " --action s3:GetObject --resource reports/x ";

  const auto by_name = run_cli(sim + "--principal project:analytics");
  CHECK(by_name.exit_code == 0);
  CHECK_THAT(by_name.out, Catch::StartsWith("allowed: ") && Catch::Contains("444455556666"));
  CHECK_THAT(by_name.err, Catch::Contains("project \"analytics\" is 444455556666 (.s3policy.json)"));
  // A user of the project by the project's name; a name nobody configured is taken as written.
  CHECK(run_cli(sim + "--principal 'analytics$bob'").exit_code == 0);
  CHECK(run_cli(sim + "--principal arn:aws:iam::analytics:root").exit_code == 0);
  const auto unknown = run_cli(sim + "--principal project:marketing");
  CHECK(unknown.exit_code == 1);
  CHECK(unknown.err.empty());
  // --owner by name.
  CHECK_THAT(run_cli(sim + "--principal project:analytics --owner analytics").out,
             Catch::Contains("(bucket tenant 444455556666)"));
  // A name two projects share is an error, never a guess.
  const auto ambiguous = run_cli(sim + "--principal project:shared");
  CHECK(ambiguous.exit_code == 2);
  CHECK_THAT(ambiguous.err, Catch::Contains("\"shared\" is the name of 2 projects in .s3policy.json "
                                            "(121212121212, 777788889999); give the project ID"));
  CHECK(run_cli(sim + "--principal project:analytics --owner shared").exit_code == 2);
  // The same in a --requests file; --no-config takes the name as written.
  d.write("requests.json",
          R"([{"principal": "project:analytics", "action": "s3:GetObject", "resource": "reports/x"}])");
  CHECK(run_cli("simulate " + d.quoted("repo/reports.json") + " --requests " + d.quoted("requests.json")).exit_code ==
        0);
  CHECK(run_cli(sim + "--no-config --principal project:analytics").exit_code == 1);
  // A bare word is RGW's user of the default tenant, unless it is a configured project: said both ways.
  const auto bare_project = run_cli(sim + "--principal analytics");
  CHECK(bare_project.exit_code == 0);
  CHECK_THAT(bare_project.out, Catch::Contains("\nassumed: --principal analytics is a configured project: "
                                               "project:analytics (give user:analytics for the user of that name in "
                                               "the default tenant)\n"));
  const auto bare_user = run_cli(sim + "--principal marketing");
  CHECK(bare_user.exit_code == 1);
  CHECK_THAT(bare_user.out, Catch::StartsWith("denied implicitly: user marketing of the default tenant ") &&
                                Catch::Contains("\nassumed: --principal marketing is the user marketing of the "
                                                "default tenant (give project:marketing for a user of project "
                                                "marketing)\n"));
  CHECK(run_cli(sim + "--principal user:analytics").out.find("configured project") == std::string::npos);
  // An endpoint URL is not a resource.
  const auto url = run_cli(sim.substr(0, sim.find(" --resource")) +
                           " --principal analytics --resource "
                           "https://s3.example.com/reports/x");
  CHECK(url.exit_code == 2);
  CHECK_THAT(url.err, Catch::Contains("--resource: give the bucket and key (s3://BUCKET/KEY or BUCKET/KEY), not an "
                                      "endpoint URL"));
}

// On RGW a Resource in another tenant is refused (Reef on) or dropped (Pacific), so the tenant the
// Resources name is the bucket owner's: explain and the analysis rules take it as S3P404 does.
TEST_CASE("explain: on RGW the owner project comes from the Resources' tenant when not given", "[analysis][cli]") {
  const char* tenanted = R"({"Version":"2012-10-17","Statement":[{"Sid":"B","Effect":"Allow",
 "Principal":{"AWS":"arn:aws:iam::projectb:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3::projecta:data/*"}]})";
  const auto rgw = run_cli("explain --no-config -", tenanted);
  CHECK_THAT(rgw.out, Catch::StartsWith("<stdin> on RGW (squid), bucket data of project projecta\n"));
  CHECK_THAT(rgw.out, Catch::Contains("  project projectb: read\n"));
  CHECK_THAT(run_cli("lint --no-config --select S3P605 -", tenanted).out,
             Catch::Contains("project projectb can read on RGW (squid)"));
  // Two tenants: no guess. --owner wins.
  const char* two = R"({"Version":"2012-10-17","Statement":[{"Sid":"B","Effect":"Allow",
 "Principal":{"AWS":"arn:aws:iam::projectb:root"},"Action":"s3:GetObject",
 "Resource":["arn:aws:s3::projecta:data/*","arn:aws:s3::projectc:data/*"]}]})";
  CHECK_THAT(run_cli("explain --no-config -", two).out, Catch::Contains("(owner project not given)"));
  CHECK_THAT(run_cli("explain --no-config --owner projectz -", tenanted).out,
             Catch::StartsWith("<stdin> on RGW (squid), bucket data of project projectz\n"));
}

// A project's principal covers every user of it, and each has an aws:username: a Condition on
// the name, or a home folder that names it, lets some of them in (explain and S3P605 used to say
// "nothing": the project's stand-in caller had no name).
TEST_CASE("explain: a project's users have names, in Conditions and in home folders", "[analysis][cli]") {
  const char* named = R"({"Version":"2012-10-17","Statement":[{"Sid":"AliceOnly","Effect":"Allow",
 "Principal":{"AWS":"arn:aws:iam::projectb:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::shared/*",
 "Condition":{"StringEquals":{"aws:username":["alice","bob"]}}}]})";
  const auto rgw = run_cli("explain --no-config --target ceph-squid -", named);
  // Ways that compare one key the same way share it in the text; JSON keeps each way whole.
  CHECK_THAT(rgw.out, Catch::Contains("  project projectb: read (only when aws:username is alice or bob)\n"));
  CHECK_THAT(run_cli("lint --no-config --target ceph-squid --select S3P605 -", named).out,
             Catch::Contains("project projectb can read (only when aws:username is alice or bob)"));
  CHECK_THAT(run_cli("explain --no-config --target ceph-squid -f json -", named).out,
             Catch::Contains(R"("condition": "aws:username is alice or aws:username is bob")"));
  const char* networks = R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow",
 "Principal":{"AWS":"arn:aws:iam::projectb:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::shared/*",
 "Condition":{"IpAddress":{"aws:SourceIp":["10.0.0.0/8","192.168.0.0/16"]}}}]})";
  CHECK_THAT(run_cli("explain --no-config --target ceph-squid -", networks).out,
             Catch::Contains("  project projectb: read (only when aws:SourceIp in 10.0.0.0/8 or 192.168.0.0/16)\n"));
  // Some user has one of the names: the statement applies (S3P607 stays quiet).
  CHECK(run_cli("lint --no-config --target ceph-squid --select S3P607 -", named).exit_code == 0);
  // A named user is who it is: bob of projectb gets in, carol does not.
  CHECK(run_cli("simulate --no-config --target ceph-squid - --principal 'projectb$bob' --action s3:GetObject "
                "--resource s3://shared/x",
                named)
            .exit_code == 0);
  CHECK(run_cli("simulate --no-config --target ceph-squid - --principal 'projectb$carol' --action s3:GetObject "
                "--resource s3://shared/x",
                named)
            .exit_code == 1);

  // Dropping the Condition widens the project's read; it does not create it.
  s3policy::test::TempDir d;
  d.write("old.json", named);
  d.write("new.json", R"({"Version":"2012-10-17","Statement":[{"Sid":"AliceOnly","Effect":"Allow",
 "Principal":{"AWS":"arn:aws:iam::projectb:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::shared/*"}]})");
  const auto diff =
      run_cli("diff --no-config --target ceph-squid " + d.quoted("old.json") + " " + d.quoted("new.json"));
  CHECK(diff.exit_code == 1);
  CHECK_THAT(diff.out, Catch::Contains("widened: project projectb read on s3://shared/*: was allowed only when "
                                       "aws:username is alice or bob, now allowed"));

  // AWS's home-folder example: each user of the account reads and writes its own folder.
  const char* home = R"({"Version":"2012-10-17","Statement":[
 {"Sid":"ListOwnHome","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"s3:ListBucket",
  "Resource":"arn:aws:s3:::shared","Condition":{"StringLike":{"s3:prefix":"home/${aws:username}/*"}}},
 {"Sid":"OwnHome","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},
  "Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3:::shared/home/${aws:username}/*"}]})";
  const auto aws = run_cli("explain --no-config --target aws -", home);
  CHECK_THAT(aws.out, Catch::Contains("  project 111122223333: read (home/${aws:username}/* only), list, "
                                      "write (home/${aws:username}/* only)\n"));
  CHECK_THAT(run_cli("lint --no-config --target aws -", home).out,
             Catch::Contains("project 111122223333 can read (home/${aws:username}/* only), list, write "
                             "(home/${aws:username}/* only) on AWS, granted by statement \"OwnHome\" and statement "
                             "\"ListOwnHome\""));
}

// The public-access finding on an Allow with NotPrincipal says why everyone gets in, and its help
// asks for Principal, not for replacing a "*" the statement does not have.
TEST_CASE("public-read names NotPrincipal as the way in", "[analysis][cli]") {
  const char* all_but = R"({"Version":"2012-10-17","Statement":[{"Sid":"AllButB","Effect":"Allow",
 "NotPrincipal":{"AWS":"arn:aws:iam::projectb:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::shared/*"}]})";
  const auto lint = run_cli("lint --no-config --target ceph-squid --select S3P601 -", all_but);
  CHECK(lint.exit_code == 1);
  CHECK_THAT(lint.out, Catch::Contains("is allowed by statement \"AllButB\" (its \"NotPrincipal\" lets in every caller "
                                       "except the principals listed); no Deny applies"));
  CHECK_THAT(lint.out, Catch::Contains("help: use \"Principal\" with the projects or accounts that need access instead "
                                       "of \"NotPrincipal\""));
  CHECK(lint.out.find("instead of \"*\"") == std::string::npos);
}

// "Only admin changes the policy": a Deny that spares one user name. The owner project's users
// are tried with that name, so the finding, a note, says who keeps the policy when the owner is
// known, and is not reported when it is not (such a Deny usually spares the owner), on either target.
TEST_CASE("owner-lockout: a Deny that spares a user name", "[analysis][cli]") {
  const char* admin_only = R"({"Version":"2012-10-17","Statement":[{"Sid":"OnlyAdmin","Effect":"Deny","Principal":"*",
 "Action":["s3:PutBucketPolicy","s3:DeleteBucketPolicy"],"Resource":"arn:aws:s3:::shared",
 "Condition":{"StringNotEquals":{"aws:username":"admin"}}}]})";
  for (const char* target : {"ceph-squid", "aws"}) {
    INFO(target);
    const std::string lint = std::string("lint --no-config --select S3P611 --target ") + target;
    CHECK_THAT(run_cli(lint + " --owner projecta -", admin_only).out,
               Catch::Contains("note[S3P611 owner-lockout]") &&
                   Catch::Contains("of the owner project, only its users named admin can still manage the bucket "
                                   "policy (s3:PutBucketPolicy, s3:DeleteBucketPolicy)"));
    const auto unknown_owner = run_cli(lint + " -", admin_only);
    CHECK(unknown_owner.exit_code == 0);
    CHECK(unknown_owner.out.find("S3P611") == std::string::npos);
  }
}

// "Principal": "*" limited by aws:username: a user name is unique in one project (RGW tenant, AWS
// account) only, so every project's user of that name gets in. explain shows the condition, and
// public-read warns (it used to say nothing: its authenticated caller had one fixed name).
TEST_CASE("explain and public-read: a user name limits no project", "[analysis][cli]") {
  const char* alice = R"({"Version":"2012-10-17","Statement":[{"Sid":"AliceReads","Effect":"Allow","Principal":"*",
 "Action":"s3:GetObject","Resource":"arn:aws:s3:::shared/*","Condition":{"StringEquals":{"aws:username":"alice"}}}]})";
  for (const char* target : {"ceph-squid", "aws"}) {
    INFO(target);
    const auto ex = run_cli(std::string("explain --no-config --target ") + target + " -", alice);
    CHECK_THAT(ex.out, Catch::Contains("  anonymous: nothing\n"));
    CHECK_THAT(ex.out, Catch::Contains("  any authenticated user: read (only when aws:username is alice)\n"));
    const auto lint = run_cli(std::string("lint --no-config --select S3P601 --target ") + target + " -", alice);
    CHECK_THAT(lint.out, Catch::Contains("warning[S3P601 public-read]: any authenticated user can read only when "
                                         "aws:username is alice, a name a user of any project can have"));
    CHECK_THAT(lint.out, Catch::Contains("help: name the project in the Principal"));
  }
}

// On RGW every request comes from a named user: simulate's project:ID is one whose name no
// Condition expects, so "Deny unless aws:username is alice" applies to it (a nameless caller
// used to slip past the negated operator, which is false on a missing key there).
TEST_CASE("simulate: on RGW a project's user has a name", "[analysis][cli]") {
  const char* alice_writes = R"({"Version":"2012-10-17","Statement":[
 {"Sid":"ShareB","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::projectb:root"},"Action":["s3:GetObject","s3:PutObject"],
  "Resource":"arn:aws:s3:::shared/*"},
 {"Sid":"OnlyAliceWrites","Effect":"Deny","Principal":{"AWS":"arn:aws:iam::projectb:root"},"Action":"s3:PutObject",
  "Resource":"arn:aws:s3:::shared/*","Condition":{"StringNotEquals":{"aws:username":"alice"}}}]})";
  const std::string sim =
      "simulate --no-config --target ceph-squid - --principal project:projectb --action s3:PutObject "
      "--resource s3://shared/x";
  const auto someone = run_cli(sim, alice_writes);
  CHECK(someone.exit_code == 1);
  CHECK_THAT(someone.out, Catch::StartsWith("denied explicitly: a user of project projectb s3:PutObject"));
  CHECK_THAT(someone.out, Catch::Contains("assumed: aws:username=some-member (give --principal 'projectb$NAME' for a "
                                          "named user)"));
  const auto alice = run_cli(sim + " --context aws:username=alice", alice_writes);
  CHECK(alice.exit_code == 0);
  CHECK(alice.out.find("assumed: aws:username") == std::string::npos);
  CHECK(run_cli("simulate --no-config --target ceph-squid - --principal 'projectb$alice' --action s3:PutObject "
                "--resource s3://shared/x",
                alice_writes)
            .exit_code == 0);
}

// On AWS an account's principal covers its IAM users (type User) and its root user (Account):
// the account's row is a stand-in of type User that also tries the types a Condition names.
// (It was the root user: "UsersOnly" read "nothing", and S3P607 said the Allow grants nothing.)
TEST_CASE("explain: on AWS an account's row covers its IAM users and its root user", "[analysis][cli]") {
  const std::string users = R"({"Version":"2012-10-17","Statement":[{"Sid":"UsersOnly","Effect":"Allow",
 "Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::shared/*",
 "Condition":{"StringEquals":{"aws:PrincipalType":"User"}}}]})";
  CHECK_THAT(run_cli("explain --no-config --target aws -", users).out,
             Catch::Contains("  project 111122223333: read\n"));
  CHECK(run_cli("lint --no-config --target aws --select S3P607 -", users).out.find("S3P607") == std::string::npos);
  std::string root_only = users;
  root_only.replace(root_only.find("\"User\""), 6, "\"Account\"");
  CHECK_THAT(run_cli("explain --no-config --target aws -", root_only).out,
             Catch::Contains("  project 111122223333: read (only when aws:PrincipalType is Account)\n"));
}

// A policy the target refuses at PutBucketPolicy never reaches the bucket: explain, simulate and diff
// still answer for its text, and say first that the bucket keeps the policy it has, and why.
TEST_CASE("explain, simulate and diff say when the target refuses the policy", "[analysis][cli][refusal]") {
  s3policy::test::TempDir d;
  const std::string typo = R"({"Version":"2012-10-17","Statement":[
 {"Sid":"Share","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::projectb:root"},
  "Action":["s3:ListBucket","s3:GetObjects"],"Resource":["arn:aws:s3:::site","arn:aws:s3:::site/*"]}]})";
  d.write("typo.json", typo);
  d.write("fixed.json", std::string(typo).replace(typo.find("GetObjects"), 10, "GetObject"));
  const std::string bad = d.quoted("typo.json");
  const std::string good = d.quoted("fixed.json");
  const std::string why =
      "typo.json:3:29: S3P201 unknown-action: RGW (squid) rejects the whole policy: "
      "\"s3:GetObjects\" is not an action it knows; did you mean \"s3:GetObject\"?\n";

  const auto ex = run_cli("explain --no-config " + bad);
  CHECK(ex.exit_code == 0);
  CHECK_THAT(ex.out, Catch::Contains("bucket site (owner project not given)\n  warning: RGW (squid) refuses this "
                                     "policy: PutBucketPolicy answers 400 and the bucket keeps the policy it has; each "
                                     "row is what the text would grant if it were accepted:\n    " +
                                     d.path.string() + "/" + why + "  anonymous: nothing\n"));
  CHECK_THAT(ex.out, Catch::Contains("  project projectb: list\n"));
  const auto ex_json = run_cli("explain --no-config -f json " + bad);
  CHECK_THAT(ex_json.out, Catch::Contains(R"("refused_by_target": [)"
                                          "\n"
                                          R"(    {)"
                                          "\n"
                                          R"(      "rule": "S3P201",)"
                                          "\n"
                                          R"(      "name": "unknown-action",)"
                                          "\n"
                                          R"(      "line": 3,)"
                                          "\n"
                                          R"(      "column": 29,)"));
  // The fixed text, and the same typo on a target that does not refuse it: no warning.
  const auto ok = run_cli("explain --no-config " + good);
  CHECK(ok.out.find("warning") == std::string::npos);
  CHECK_THAT(ok.out, Catch::Contains("  project projectb: read, list\n"));
  CHECK_THAT(run_cli("explain --no-config -f json " + good).out, Catch::Contains(R"("refused_by_target": [])"));
  // Every reason, in the text's order: AWS also refuses the account ID that is not 12 digits.
  CHECK_THAT(run_cli("explain --no-config --target aws " + bad).out,
             Catch::Contains("  warning: AWS refuses this policy: ") &&
                 Catch::Contains("/typo.json:2:53: S3P402 invalid-principal: ") &&
                 Catch::Contains("/typo.json:3:29: S3P201 unknown-action: \"s3:GetObjects\" is not an S3 action; AWS "
                                 "rejects the policy"));
  // The file's rule selection, as lint has it: a team that ignores S3P201 has said the rule is wrong for them.
  d.write("ignore.json", R"({"ignore": ["S3P201"]})");
  CHECK(run_cli("explain --config " + d.quoted("ignore.json") + " " + bad).out.find("warning") == std::string::npos);

  const std::string request = " --principal project:projectb --action s3:ListBucket --resource site";
  const auto sim = run_cli("simulate --no-config " + bad + request);
  CHECK(sim.exit_code == 0);
  CHECK_THAT(sim.out,
             Catch::StartsWith("allowed: ") &&
                 Catch::Contains(" allows it\nwarning: RGW (squid) refuses this policy: PutBucketPolicy "
                                 "answers 400 and the bucket keeps the policy it has; the answer above is what "
                                 "the text would decide if it were accepted:\n  " +
                                 d.path.string() + "/" + why + "context: "));
  CHECK(run_cli("simulate --no-config " + good + request).out.find("warning") == std::string::npos);
  CHECK_THAT(run_cli("simulate --no-config -f json " + bad + request).out,
             Catch::Contains(R"("refused_by_target": [)"
                             "\n"
                             R"(    {)"
                             "\n"
                             R"(      "rule": "S3P201")"));
  d.write("requests.json", R"([{"principal": "anonymous", "action": "s3:GetObject", "resource": "site/x"}])");
  const auto batch = run_cli("simulate --no-config " + bad + " --requests " + d.quoted("requests.json"));
  CHECK(batch.exit_code == 1);
  CHECK_THAT(batch.out, Catch::Contains(R"("rule": "S3P201")"));

  const auto df = run_cli("diff --no-config " + good + " " + bad);
  CHECK(df.exit_code == 0);  // read is lost, nothing gained
  CHECK_THAT(df.out, Catch::Contains("\nwarning: RGW (squid) refuses NEW (" + d.path.string() +
                                     "/typo.json): PutBucketPolicy answers 400 and the bucket keeps the policy it has; "
                                     "the changes below compare the texts as written:\n  " +
                                     d.path.string() + "/" + why + "removed: "));
  CHECK(df.out.find("refuses OLD") == std::string::npos);
  const auto df_json = run_cli("diff --no-config -f json " + bad + " " + good);
  CHECK_THAT(df_json.out, Catch::Contains(R"("old_refused_by_target": [)"
                                          "\n"
                                          R"(    {)") &&
                              Catch::Contains(R"("new_refused_by_target": [])"));
}

// A way in names every key its request needs ("A and B"), only keys the caller's request can take
// (a named user is never another name), and not a way that another one already implies.
TEST_CASE("explain: a way in needs all its keys, and only the caller's", "[analysis][cli]") {
  // Both the network and the name: neither alone lets the project's users in.
  const char* both = R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow",
 "Principal":{"AWS":"arn:aws:iam::projectb:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::shared/*",
 "Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"},"StringLike":{"aws:username":"ci-*"}}}]})";
  CHECK_THAT(run_cli("explain --no-config --target ceph-squid -", both).out,
             Catch::Contains("  project projectb: read (only when aws:SourceIp in 10.0.0.0/8 and aws:username like "
                             "ci-*)\n"));
  // Two networks: what every way needs is said once.
  std::string two_networks = both;
  two_networks.replace(two_networks.find(R"("10.0.0.0/8")"), 12, R"(["10.0.0.0/8","192.168.0.0/16"])");
  CHECK_THAT(run_cli("explain --no-config --target ceph-squid -", two_networks).out,
             Catch::Contains("  project projectb: read (only when (aws:SourceIp in 10.0.0.0/8 or 192.168.0.0/16) and "
                             "aws:username like ci-*)\n"));
  CHECK_THAT(run_cli("explain --no-config --target ceph-squid -f json -", two_networks).out,
             Catch::Contains(R"("condition": "aws:SourceIp in 10.0.0.0/8 and aws:username like ci-* or aws:SourceIp )"
                             R"(in 192.168.0.0/16 and aws:username like ci-*")"));
  // Open to any authenticated user, limited by the network too: a note, not a warning about names.
  const std::string open =
      std::string(both).replace(std::string(both).find(R"({"AWS":"arn:aws:iam::projectb:root"})"), 36, R"("*")");
  const auto pub = run_cli("lint --no-config --target ceph-squid --select S3P601 -", open);
  CHECK_THAT(pub.out, Catch::Contains("note[S3P601 public-read]: any authenticated user can read only when "
                                      "aws:SourceIp in 10.0.0.0/8 and aws:username like ci-*: "));

  // bob is bob: the name alice is no way in for him; the project's other users have both ways,
  // and "from 10.0.0.0/8 and named alice" adds nothing to either.
  const char* two = R"({"Version":"2012-10-17","Statement":[
 {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::projectb:user/bob"},"Action":"s3:GetObject",
  "Resource":"arn:aws:s3:::shared/*","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}},
 {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::projectb:root"},"Action":"s3:GetObject",
  "Resource":"arn:aws:s3:::shared/*","Condition":{"StringEquals":{"aws:username":"alice"}}},
 {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::projectb:root"},"Action":"s3:GetObject",
  "Resource":"arn:aws:s3:::shared/*","Condition":{"IpAddress":{"aws:SourceIp":"192.168.0.0/16"}}}]})";
  const auto ex = run_cli("explain --no-config --target ceph-squid -", two);
  CHECK_THAT(ex.out, Catch::Contains("  user bob of project projectb: read (only when aws:SourceIp in 10.0.0.0/8 or "
                                     "192.168.0.0/16)\n"));
  CHECK_THAT(ex.out,
             Catch::Contains("  project projectb: read (only when aws:SourceIp in 192.168.0.0/16 or aws:username "
                             "is alice)\n"));
}

// On AWS every signed request carries its account (aws:PrincipalAccount): an account a Condition
// compares it with is a principal class, and no other account meets it.
TEST_CASE("explain: on AWS an account a Condition names on aws:PrincipalAccount has a row", "[analysis][cli]") {
  const char* one = R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},
 "Action":"s3:GetObject","Resource":"arn:aws:s3:::drop/*",
 "Condition":{"StringEquals":{"aws:PrincipalAccount":"111122223333"}}}]})";
  const auto ex = run_cli("explain --no-config --target aws --owner 444455556666 -", one);
  CHECK_THAT(ex.out, Catch::Contains("  any authenticated user: nothing\n") &&
                         Catch::Contains("  project 111122223333: read\n"));
  CHECK(run_cli("lint --no-config --target aws --select S3P601 -", one).exit_code == 0);
  // "Deny everyone outside these accounts": a share with a third account grants it nothing.
  const char* outside = R"({"Version":"2012-10-17","Statement":[
 {"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111122223333:root","arn:aws:iam::777788889999:root"]},
  "Action":"s3:GetObject","Resource":"arn:aws:s3:::data/*"},
 {"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::data","arn:aws:s3:::data/*"],
  "Condition":{"StringNotEquals":{"aws:PrincipalAccount":["444455556666","111122223333"]}}}]})";
  const auto denied = run_cli("explain --no-config --target aws --owner 444455556666 -", outside);
  CHECK_THAT(denied.out,
             Catch::Contains("  project 111122223333: read\n") && Catch::Contains("  project 777788889999: nothing\n"));
}

// On AWS a role is a caller of its own (its account's root principal covers it too), and a
// principal ARN a Condition compares aws:PrincipalArn with is a principal class when it lies in
// one account; a pattern any account can match is tried by the stand-in callers, as a name is.
TEST_CASE("explain: on AWS roles, and principal ARNs a Condition names, have rows", "[analysis][cli]") {
  const char* role = R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow",
 "Principal":{"AWS":"arn:aws:iam::111122223333:role/Deployer"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::drop/*"}]})";
  CHECK_THAT(run_cli("explain --no-config --target aws --owner 444455556666 -", role).out,
             Catch::Contains("  role Deployer of project 111122223333: write\n"));
  const char* by_arn = R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*",
 "Action":"s3:GetObject","Resource":"arn:aws:s3:::drop/*","Condition":{"ArnLike":{"aws:PrincipalArn":[
 "arn:aws:iam::111122223333:role/Deployer","arn:aws:iam::111122223333:root","arn:aws:iam::777788889999:user/ci-*"]}}}]})";
  const auto ex = run_cli("explain --no-config --target aws --owner 444455556666 -", by_arn);
  CHECK_THAT(ex.out, Catch::Contains("  any authenticated user: nothing\n") &&
                         Catch::Contains("  role Deployer of project 111122223333: read\n") &&
                         Catch::Contains("  the root user of project 111122223333: read\n") &&
                         Catch::Contains("  principals like arn:aws:iam::777788889999:user/ci-*: read\n"));
  CHECK(run_cli("lint --no-config --target aws --select S3P601 -", by_arn).exit_code == 0);
  // A role named Auditor in any account: whoever calls may have that ARN, as a name.
  const char* any_account = R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*",
 "Action":"s3:GetObject","Resource":"arn:aws:s3:::drop/*",
 "Condition":{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/Auditor"}}}]})";
  CHECK_THAT(run_cli("explain --no-config --target aws --owner 444455556666 -", any_account).out,
             Catch::Contains("  any authenticated user: read (only when aws:PrincipalArn like "
                             "arn:aws:iam::*:role/Auditor)\n"));
}

// Every Keystone user of a project is one RGW user named after the project (online_keystone):
// another user name in a Keystone project can only be a local RGW user, and explain says so.
TEST_CASE("explain: a user of a Keystone project ID is a local RGW user", "[analysis][cli]") {
  const char* policy = R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":[
 "arn:aws:iam::0b2c6a9e4f7d4c1b9a8e3d2f1c0b5a47:user/etl",
 "arn:aws:iam::7d4c1b9a8e3d2f1c0b5a470b2c6a9e4f:user/7d4c1b9a8e3d2f1c0b5a470b2c6a9e4f",
 "arn:aws:iam::projectb:user/bob"]},"Action":"s3:GetObject","Resource":"arn:aws:s3:::drop/*"}]})";
  CHECK_THAT(run_cli("explain --no-config --owner projecta -", policy).out,
             Catch::Contains("  local RGW user etl of project 0b2c6a9e4f7d4c1b9a8e3d2f1c0b5a47: read\n") &&
                 Catch::Contains("  user 7d4c1b9a8e3d2f1c0b5a470b2c6a9e4f of project 7d4c1b9a8e3d2f1c0b5a470b2c6a9e4f: "
                                 "read\n") &&
                 Catch::Contains("  user bob of project projectb: read\n"));
}

// A Deny that spares only user/admin of an owner project named by its Keystone ID: the project's
// Keystone users are one RGW user named after it, so none is spared (online_keystone measured the
// lockout): a warning, where a local user of a named tenant keeping the policy is a note.
TEST_CASE("lint: sparing a local RGW user of a Keystone owner project locks the project out", "[analysis][cli]") {
  const auto policy = [](const std::string& owner) {
    return R"({"Version":"2012-10-17","Statement":[{"Sid":"OnlyAdminManages","Effect":"Deny",
 "NotPrincipal":{"AWS":"arn:aws:iam::)" +
           owner + R"(:user/admin"},
 "Action":["s3:PutBucketPolicy","s3:DeleteBucketPolicy"],"Resource":"arn:aws:s3:::shared-data"}]})";
  };
  const std::string keystone = "7d4c1b9a8e3d2f1c0b5a470b2c6a9e4f";
  const auto locked =
      run_cli("lint --no-config --select S3P611 --format json --owner " + keystone + " -", policy(keystone));
  CHECK_THAT(locked.out, Catch::Contains("\"level\": \"warning\"") &&
                             Catch::Contains("only local RGW user admin of project " + keystone) &&
                             Catch::Contains("where RGW (squid) checks them with Keystone the project is locked out"));
  const auto named = run_cli("lint --no-config --select S3P611 --format json --owner projecta -", policy("projecta"));
  CHECK_THAT(named.out, Catch::Contains("\"level\": \"note\"") && !Catch::Contains("locked out"));
}
