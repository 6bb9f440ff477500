// The exposure analysis's verdicts for conditions on the source address: every way in is named,
// and a network that covers every address restricts nothing.
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
  const analysis::Analyzer az(Target::CephSquid, *p.policy, analysis::scope_of(*p.policy, std::nullopt, "projecta"));
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
  const analysis::Analyzer az(Target::Aws, *p.policy, analysis::scope_of(*p.policy, std::nullopt, "444455556666"));
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
