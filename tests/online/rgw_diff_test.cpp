// `s3policy diff` with a live side, s3://bucket, against the real radosgw. The buckets and their
// policies are put with curl (rgw/s3curl.sh) by a user of this test; s3policy only reads them.
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>

#include "audit_cli.h"
#include "rgw_rig.h"

using namespace s3p_test;
namespace fs = std::filesystem;

namespace {

std::string share_with_b(const std::string& bucket) {
  return R"({"Version":"2012-10-17","Statement":[{"Sid":"ShareWithB","Effect":"Allow",)"
         R"("Principal":{"AWS":"arn:aws:iam::projectb:root"},"Action":"s3:GetObject",)"
         R"("Resource":"arn:aws:s3:::)" + bucket + R"(/*"}]})";
}

std::string share_and_public(const std::string& bucket) {
  return R"({"Version":"2012-10-17","Statement":[{"Sid":"ShareWithB","Effect":"Allow",)"
         R"("Principal":{"AWS":"arn:aws:iam::projectb:root"},"Action":"s3:GetObject",)"
         R"("Resource":"arn:aws:s3:::)" + bucket + R"(/*"},{"Sid":"PublicRead","Effect":"Allow",)"
         R"("Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::)" + bucket + R"(/*"}]})";
}

// "change principal access" of every entry of a diff --format json report.
std::vector<std::string> changes(const rapidjson::Document& d) {
  std::vector<std::string> out;
  for (const auto& c : d["changes"].GetArray())
    out.push_back(std::string(c["change"].GetString()) + " " + c["principal"].GetString() + " " +
                  c["access"].GetString());
  return out;
}

bool has(const std::vector<std::string>& v, const std::string& x) { return std::find(v.begin(), v.end(), x) != v.end(); }

}  // namespace

// Per process: users.env may already hold a DIFFU of an earlier run on the same cluster.
const std::string& diff_var() {
  static const std::string var = upper_var("DIFFU");
  return var;
}

// Once per process: Catch2 runs the test case again for each SECTION.
const Rig& diff_user() {
  static const Rig rig = [] {
    Rig r = add_user(Rig::get(), diff_var(), "projectd", "diff" + run_tag());
    const std::string shared = "df" + run_tag() + "-shared";
    const fs::path put = write_temp(shared + ".json", share_with_b(shared));
    for (int code : r.curl(diff_var(), {{"PUT", "/" + shared}, {"PUT", "/" + shared + "?policy=", put.string()},
                                     {"PUT", "/df" + run_tag() + "-bare"}}))
      REQUIRE(code / 100 == 2);
    return r;
  }();
  return rig;
}

TEST_CASE("diff against a live bucket: s3://bucket on either side", "[online][diff-live]") {
  const Rig& rig = diff_user();
  const std::string shared = "df" + run_tag() + "-shared", bare = "df" + run_tag() + "-bare";
  const fs::path dir = temp_dir() / "diff";
  fs::create_directories(dir);
  write_ec2_sh(rig, diff_var(), dir);
  std::ofstream(dir / "public.json") << share_and_public(shared);
  const std::string live = "s3://" + shared;

  SECTION("live -> a file that adds anonymous read: exit 1, bucket and owner from the live bucket") {
    const auto r = run_s3policy({"diff", live, "public.json", "--rc", "ec2.sh", "--format", "json"}, dir);
    CHECK(r.exit_code == 1);
    const auto d = parse_json(r.out);
    CHECK(std::string(d["old"].GetString()) == live);
    CHECK(std::string(d["bucket"].GetString()) == shared);
    CHECK(std::string(d["owner"].GetString()) == "projectd");  // from the bucket's ACL owner
    CHECK(d["access_added"].GetBool());
    const auto c = changes(d);
    CHECK(has(c, "new anonymous read"));
    CHECK_FALSE(has(c, "new project projectb read"));  // unchanged: the live policy grants it already

    const auto text = run_s3policy({"diff", live, "public.json", "--rc", "ec2.sh"}, dir);
    CHECK(text.exit_code == 1);
    CHECK(text.out.find("new: anonymous read on s3://" + shared + "/*") != std::string::npos);
  }
  SECTION("the file -> live: access only removed, exit 0") {
    const auto r = run_s3policy({"diff", "public.json", live, "--rc", "ec2.sh", "--format", "json"}, dir);
    CHECK(r.exit_code == 0);
    const auto d = parse_json(r.out);
    CHECK_FALSE(d["access_added"].GetBool());
    CHECK(has(changes(d), "removed anonymous read"));
  }
  SECTION("two live buckets; one without a policy counts as granting nothing") {
    const auto r = run_s3policy({"diff", "s3://" + bare, live, "--rc", "ec2.sh", "--format", "json"}, dir);
    CHECK(r.exit_code == 1);
    const auto d = parse_json(r.out);
    CHECK(std::string(d["old"].GetString()) == "s3://" + bare + " (no bucket policy)");
    CHECK(has(changes(d), "new project projectb read"));
    // One client serves both sides: the credentials are resolved (and said) once.
    const auto v = run_s3policy({"diff", "s3://" + bare, live, "--rc", "ec2.sh", "--verbose"}, dir);
    CHECK(v.exit_code == 1);
    const auto first = v.err.find("s3policy: using ");
    CHECK(first != std::string::npos);
    CHECK(v.err.find("s3policy: using ", first + 1) == std::string::npos);
  }
  SECTION("a bucket that does not exist: exit 3 with S3's reason; wrong secret: exit 3") {
    const auto r = run_s3policy({"diff", "s3://" + shared + "-missing", "public.json", "--rc", "ec2.sh"}, dir);
    CHECK(r.exit_code == 3);
    CHECK(r.err.find("NoSuchBucket") != std::string::npos);
    CHECK(r.out.empty());
    const RgwUser& u = rig.user(diff_var());
    std::ofstream(dir / "wrong.sh") << "export EC2_ACCESS_KEY=" << u.access_key << "\nexport EC2_SECRET_KEY=WRONG"
                                    << u.secret_key.substr(5) << "\nexport S3_URL=" << rig.endpoint() << '\n';
    fs::permissions(dir / "wrong.sh", fs::perms::owner_read | fs::perms::owner_write);
    const auto w = run_s3policy({"diff", live, "public.json", "--rc", "wrong.sh"}, dir);
    CHECK(w.exit_code == 3);
    CHECK(w.err.find("SignatureDoesNotMatch") != std::string::npos);
  }
}
