// Suppressions in .s3policy.json and baselines, through the binary as CI would use them.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "support/harness.h"
#include "support/temp_dir.h"

using namespace s3policy;
namespace fs = std::filesystem;

namespace {

// Two statements: a public read (S3P401) and a mis-cased element (S3P104).
const char* kPolicy = R"({
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "PublicRead", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::www/*"},
    {"Sid": "Typo", "effect": "Deny", "Principal": "*", "Action": "s3:DeleteObject", "Resource": "arn:aws:s3:::www/*"}
  ]
})";

// The same policy with the statements swapped and whitespace changed.
const char* kReordered = R"({"Version": "2012-10-17", "Statement": [
    {"Sid": "Typo",   "effect": "Deny", "Principal": "*", "Action": "s3:DeleteObject", "Resource": "arn:aws:s3:::www/*"},
    {"Sid": "PublicRead",
     "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::www/*"}]})";

}  // namespace

TEST_CASE("suppress: an entry with a reason hides a finding by rule, file and Sid, SARIF keeps it", "[suppress]") {
  test::TempDir d;
  d.write(".s3policy.json", R"({"suppress": [
    {"rule": "principal-wildcard", "file": "policies/*.json", "sid": "PublicRead", "reason": "public website"}]})");
  d.write("policies/www.json", kPolicy);
  const auto text = test::run_cli("lint --select S3P401 --color never " + d.quoted("policies/www.json"));
  CHECK(text.exit_code == 0);
  CHECK_THAT(text.out, !Catch::Contains("error[S3P401"));
  CHECK_THAT(text.out, Catch::Contains("1 suppressed"));
  const auto shown = test::run_cli("lint --select S3P401 --show-suppressed --color never " + d.quoted("policies/www.json"));
  CHECK(shown.exit_code == 0);
  CHECK_THAT(shown.out, Catch::Contains("= suppressed: public website"));
  const auto sarif = test::run_cli("lint --select S3P401 --format sarif " + d.quoted("policies/www.json"));
  CHECK(sarif.exit_code == 0);
  CHECK_THAT(sarif.out, Catch::Contains("\"kind\": \"external\""));
  CHECK_THAT(sarif.out, Catch::Contains("\"justification\": \"public website\""));
  // The same rule in the other statement is not covered by the Sid-specific entry.
  d.write("policies/www.json", R"({"Version": "2012-10-17", "Statement": [
    {"Sid": "PublicList", "Effect": "Allow", "Principal": "*", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::www"}]})");
  const auto other = test::run_cli("lint --select S3P401 --color never " + d.quoted("policies/www.json"));
  CHECK(other.exit_code == 1);
}

TEST_CASE("suppress: expired entries stop applying and are reported, unused ones on request", "[suppress]") {
  test::TempDir d;
  d.write(".s3policy.json", R"({"suppress": [
    {"rule": "S3P401", "reason": "temporary", "expires": "2020-01-01"},
    {"rule": "S3P2", "reason": "never matches"}]})");
  d.write("p.json", kPolicy);
  const auto r = test::run_cli("lint --select S3P401 --report-unused-suppressions --color never " + d.quoted("p.json"));
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Catch::Contains("expired on 2020-01-01 and no longer applies"));
  CHECK_THAT(r.err, Catch::Contains("the suppression of S3P2 matched no finding"));
}

TEST_CASE("suppress: an entry without a reason is a configuration error", "[suppress]") {
  test::TempDir d;
  d.write(".s3policy.json", "{\"suppress\": [{\"rule\": \"S3P401\"}]}");
  d.write("p.json", kPolicy);
  const auto r = test::run_cli("lint " + d.quoted("p.json"));
  CHECK(r.exit_code == 2);  // p.json is not linted: no finding slips past the missing reason
  CHECK_THAT(r.out, Catch::Contains("p.json: error: not linted: its configuration "));
  CHECK_THAT(r.out, Catch::Contains("needs a \"reason\""));
  CHECK_THAT(r.out, !Catch::Contains("S3P401"));
}

TEST_CASE("baseline: reordering and reformatting keep old findings old, a new one is reported", "[suppress]") {
  test::TempDir d;
  d.write("p.json", kPolicy);
  const auto written =
      test::run_cli("lint --select S3P401,S3P104 --write-baseline " + d.quoted("base.json") + " " + d.quoted("p.json"));
  CHECK(written.exit_code == 0);
  CHECK(test::run_cli("lint --select S3P401,S3P104 --baseline " + d.quoted("base.json") + " " + d.quoted("p.json")).exit_code ==
        0);
  d.write("p.json", kReordered);
  const auto moved =
      test::run_cli("lint --select S3P401,S3P104 --color never --baseline " + d.quoted("base.json") + " " + d.quoted("p.json"));
  INFO(moved.out);
  CHECK(moved.exit_code == 0);
  // A third statement with a new public grant is new.
  std::string grown = kPolicy;
  grown.insert(
      grown.rfind("  ]"),
      R"(,    {"Sid": "PublicList", "Effect": "Allow", "Principal": "*", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::www"}
)");
  d.write("p.json", grown);
  const auto added =
      test::run_cli("lint --select S3P401,S3P104 --format json --baseline " + d.quoted("base.json") + " " + d.quoted("p.json"));
  CHECK(added.exit_code == 1);
  CHECK_THAT(added.out, Catch::Contains("\"sid\": \"PublicList\""));
  CHECK_THAT(added.out, !Catch::Contains("\"sid\": \"PublicRead\""));
  CHECK(test::run_cli("lint --baseline " + d.quoted("missing.json") + " " + d.quoted("p.json")).exit_code == 2);
}
