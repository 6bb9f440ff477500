// The exposure analysis's verdicts for conditions on the source address: every way in is named,
// and a network that covers every address restricts nothing.
#include <array>
#include <catch2/catch.hpp>

#include "analysis/analyzer.h"
#include "analysis_support.h"

using namespace s3policy;

namespace {

analysis::Verdict read_verdict(const std::string& cidrs) {
  const std::string text = test::policy_of(test::statement(R"("Allow")", R"({"AWS": "arn:aws:iam::projectb:root"})",
                                                           R"("s3:GetObject")", R"("arn:aws:s3:::shared/*")",
                                                           R"({"IpAddress": {"aws:SourceIp": )" + cidrs + "}}"));
  const test::ParsedPolicy p = test::policy_from(text);
  const analysis::Analyzer az(Target::CephSquid, *p.policy,
                              analysis::scope_of(Target::CephSquid, *p.policy, std::nullopt, "projecta"));
  for (std::size_t w = 0; w < az.classes().size(); ++w)
    if (az.classes()[w].caller.project == "projectb") return az.verdict(w, analysis::Access::Read);
  FAIL("no class for projectb");
  return {};
}

}  // namespace

TEST_CASE("analysis: a conditional verdict names every network that lets the caller in", "[analysis]") {
  const analysis::Verdict v = read_verdict(R"(["10.0.0.0/8", "192.168.0.0/16"])");
  CHECK(v.state == analysis::Verdict::State::Conditional);
  CHECK(v.condition == "aws:SourceIp in 10.0.0.0/8 or aws:SourceIp in 192.168.0.0/16");
  CHECK(v.real_restriction);
}

TEST_CASE("analysis: 0.0.0.0/0 restricts nothing for IPv4 callers", "[analysis]") {
  const analysis::Verdict v = read_verdict(R"("0.0.0.0/0")");
  CHECK(v.state == analysis::Verdict::State::Allowed);
  CHECK(v.condition.empty());
}

TEST_CASE("analysis: on AWS a home-folder Resource lets the user it names into its own folder", "[analysis]") {
  const std::string text = test::policy_of(
      test::statement(R"("Allow")", R"({"AWS": "arn:aws:iam::111122223333:user/alice"})",
                      R"(["s3:GetObject", "s3:PutObject"])", R"("arn:aws:s3:::team-data/home/${aws:username}/*")"));
  const test::ParsedPolicy p = test::policy_from(text);
  const analysis::Analyzer az(Target::Aws, *p.policy,
                              analysis::scope_of(Target::Aws, *p.policy, std::nullopt, "444455556666"));
  bool seen = false;
  for (std::size_t w = 0; w < az.classes().size(); ++w) {
    const analysis::Verdict& v = az.verdict(w, analysis::Access::Read);
    if (az.classes()[w].caller.user == "alice") {
      seen = true;
      CHECK(v.state == analysis::Verdict::State::Allowed);
      REQUIRE(v.example);
      CHECK(v.example->resource == "arn:aws:s3:::team-data/home/alice/x");
    } else {
      CHECK(v.state == analysis::Verdict::State::Denied);
    }
  }
  CHECK(seen);
}

TEST_CASE("analysis: key_scope says which objects an access reaches when not all", "[analysis]") {
  // Anonymous may read public/* only; projectb everything but private/*, and list the bucket.
  const std::string text = test::policy_of(
      test::statement(R"("Allow")", R"("*")", R"("s3:GetObject")", R"("arn:aws:s3:::site/public/*")") + "," +
      test::statement(R"("Allow")", R"({"AWS": "arn:aws:iam::projectb:root"})", R"(["s3:GetObject", "s3:ListBucket"])",
                      R"(["arn:aws:s3:::site/*", "arn:aws:s3:::site"])") +
      "," +
      test::statement(R"("Deny")", R"({"AWS": "arn:aws:iam::projectb:root"})", R"("s3:*")",
                      R"("arn:aws:s3:::site/private/*")"));
  const test::ParsedPolicy p = test::policy_from(text);
  const analysis::Analyzer az(Target::CephSquid, *p.policy,
                              analysis::scope_of(Target::CephSquid, *p.policy, std::nullopt, "projecta"));
  std::optional<std::size_t> anonymous, projectb;
  for (std::size_t w = 0; w < az.classes().size(); ++w) {
    if (az.classes()[w].label == "anonymous") anonymous = w;
    if (az.classes()[w].label == "project projectb") projectb = w;
  }
  REQUIRE(anonymous);
  REQUIRE(projectb);
  using analysis::Access;
  const auto public_read = az.key_scope(*anonymous, Access::Read);
  REQUIRE(public_read);
  CHECK(public_read->only);
  CHECK(public_read->patterns == std::vector<std::string_view>{"public/*"});
  const auto shared_read = az.key_scope(*projectb, Access::Read);
  REQUIRE(shared_read);
  CHECK_FALSE(shared_read->only);
  CHECK(shared_read->patterns == std::vector<std::string_view>{"private/*"});
  // Denied, or on the bucket itself: nothing to say about keys.
  CHECK_FALSE(az.key_scope(*anonymous, Access::Write));
  CHECK_FALSE(az.key_scope(*projectb, Access::List));
  // Asked right after the summary (as the rules ask), the answer comes from the summary's walk
  // over the cells: the same answer.
  const analysis::Analyzer again(Target::CephSquid, *p.policy,
                                 analysis::scope_of(Target::CephSquid, *p.policy, std::nullopt, "projecta"));
  CHECK(again.summary(*projectb, Access::Read).state == analysis::Verdict::State::Allowed);
  const auto after_summary = again.key_scope(*projectb, Access::Read);
  REQUIRE(after_summary);
  CHECK(after_summary->only == shared_read->only);
  CHECK(after_summary->patterns == shared_read->patterns);
  CHECK(again.summary(*anonymous, Access::Read).state == analysis::Verdict::State::Allowed);
  CHECK_FALSE(again.key_scope(*projectb, Access::List));  // another class and category: walked anew

  // A policy whose Resources name no key pattern but "*" reaches every key it tries.
  const test::ParsedPolicy whole = test::policy_from(
      test::policy_of(test::statement(R"("Allow")", R"("*")", R"("s3:GetObject")", R"("arn:aws:s3:::site/*")")));
  const analysis::Analyzer all(Target::CephSquid, *whole.policy,
                               analysis::scope_of(Target::CephSquid, *whole.policy, std::nullopt, "projecta"));
  CHECK(all.verdict(0, Access::Read).state == analysis::Verdict::State::Allowed);
  CHECK_FALSE(all.key_scope(0, Access::Read));
}

TEST_CASE("analysis: delete names the bucket beside the objects it reaches, permissions on it are unscoped",
          "[analysis]") {
  // projectb may do anything to the bucket and to tmp/*; projectc may only delete the bucket;
  // projectd may delete any object but private/* and the bucket.
  const std::string text = test::policy_of(
      test::statement(R"("Allow")", R"({"AWS": "arn:aws:iam::projectb:root"})", R"("s3:*")",
                      R"(["arn:aws:s3:::site", "arn:aws:s3:::site/tmp/*"])") +
      "," +
      test::statement(R"("Allow")", R"({"AWS": "arn:aws:iam::projectc:root"})", R"("s3:DeleteBucket")",
                      R"("arn:aws:s3:::site")") +
      "," +
      test::statement(R"("Allow")", R"({"AWS": "arn:aws:iam::projectd:root"})", R"(["s3:DeleteObject", "s3:DeleteBucket"])",
                      R"(["arn:aws:s3:::site", "arn:aws:s3:::site/*"])") +
      "," +
      test::statement(R"("Deny")", R"({"AWS": "arn:aws:iam::projectd:root"})", R"("s3:DeleteObject")",
                      R"("arn:aws:s3:::site/private/*")"));
  const test::ParsedPolicy p = test::policy_from(text);
  const analysis::Analyzer az(Target::CephSquid, *p.policy,
                              analysis::scope_of(Target::CephSquid, *p.policy, std::nullopt, "projecta"));
  auto class_of = [&](std::string_view label) {
    for (std::size_t w = 0; w < az.classes().size(); ++w)
      if (az.classes()[w].label == label) return w;
    FAIL("no class " << label);
    return std::size_t{0};
  };
  using analysis::Access;
  using analysis::Analyzer;
  const std::size_t b = class_of("project projectb"), c = class_of("project projectc"), d = class_of("project projectd");
  const auto b_delete = az.key_scope(b, Access::Delete);
  REQUIRE(b_delete);
  CHECK(b_delete->only);
  CHECK(b_delete->bucket);
  CHECK(b_delete->patterns == std::vector<std::string_view>{"tmp/*"});
  CHECK(Analyzer::to_text(b_delete) == " (tmp/* and the bucket itself only)");
  // PutBucketPolicy on the bucket governs every object: not scoped, though PutObjectAcl reaches tmp/* only.
  CHECK_FALSE(az.key_scope(b, Access::Permissions));
  CHECK(Analyzer::to_text(az.key_scope(b, Access::Read)) == " (tmp/* only)");
  CHECK(Analyzer::to_text(az.key_scope(c, Access::Delete)) == " (the bucket itself only)");
  CHECK(Analyzer::to_text(az.key_scope(d, Access::Delete)) == " (the bucket itself and every key except private/*)");
}

TEST_CASE("analysis: a key only some actions carry is absent from the others' requests", "[analysis]") {
  // No GetObject request carries s3:prefix (a listing's), nor s3:x-amz-acl (an upload's): under
  // such a Condition the listing (the upload) is granted, the download never (online_differential
  // measures both on RGW).
  const auto verdicts = [](Target t, const std::string& statements, const std::string& project) {
    const test::ParsedPolicy p = test::policy_from(test::policy_of(statements));
    const analysis::Analyzer az(t, *p.policy, analysis::scope_of(t, *p.policy, std::nullopt, "projecta"));
    for (std::size_t w = 0; w < az.classes().size(); ++w)
      if (project.empty() ? az.classes()[w].caller.kind == analysis::Caller::Kind::Anonymous
                          : az.classes()[w].caller.project == project)
        return std::array{az.summary(w, analysis::Access::Read).state, az.summary(w, analysis::Access::List).state,
                          az.summary(w, analysis::Access::Write).state};
    FAIL("no class for " + (project.empty() ? std::string("anonymous") : project));
    return std::array<analysis::Verdict::State, 3>{};
  };
  using State = analysis::Verdict::State;
  const std::string public_prefix = test::statement(R"("Allow")", R"("*")", R"(["s3:ListBucket", "s3:GetObject"])",
                                                    R"(["arn:aws:s3:::photos", "arn:aws:s3:::photos/*"])",
                                                    R"({"StringLike": {"s3:prefix": "pub*"}})");
  for (Target t : {Target::CephPacific, Target::CephSquid, Target::Aws}) {
    const auto anyone = verdicts(t, public_prefix, "");  // anonymous
    CHECK(anyone[0] == State::Denied);
    CHECK(anyone[1] == State::Allowed);
  }
  const std::string handed = test::statement(R"("Allow")", R"({"AWS": "arn:aws:iam::projectb:root"})",
                                             R"(["s3:GetObject", "s3:PutObject"])", R"("arn:aws:s3:::photos/*")",
                                             R"({"StringEquals": {"s3:x-amz-acl": "bucket-owner-full-control"}})");
  const auto projectb = verdicts(Target::CephSquid, handed, "projectb");
  CHECK(projectb[0] == State::Denied);
  CHECK(projectb[2] == State::Allowed);  // the caller sets the header
  // On AWS a negated operator holds on a missing key: the Deny refuses every download.
  const std::string encrypted =
      test::statement(R"("Allow")", R"({"AWS": "arn:aws:iam::111122223333:root"})",
                      R"(["s3:GetObject", "s3:PutObject"])", R"("arn:aws:s3:::photos/*")") +
      "," +
      test::statement(R"("Deny")", R"("*")", R"("s3:*")", R"("arn:aws:s3:::photos/*")",
                      R"({"StringNotEquals": {"s3:x-amz-server-side-encryption": "AES256"}})");
  const auto account = verdicts(Target::Aws, encrypted, "111122223333");
  CHECK(account[0] == State::Denied);
  CHECK(account[2] == State::Allowed);
}
