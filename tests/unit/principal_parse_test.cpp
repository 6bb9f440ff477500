// The principal parser: the same text read as AWS and as Ceph RGW read it.
#include <catch2/catch.hpp>

#include "analysis/principal_parse.h"

using namespace s3policy;
using principal::Kind;
using principal::parse;

TEST_CASE("principal parse: wildcard forms", "[principal]") {
  CHECK(parse("*", "*", Target::Aws).kind == Kind::Wildcard);
  CHECK(parse("AWS", "*", Target::CephSquid).kind == Kind::Wildcard);
  // A bare string other than "*" is refused everywhere.
  CHECK(parse("*", "arn:aws:iam::projectb:root", Target::CephPacific).kind == Kind::Malformed);
  CHECK(parse("Bogus", "x", Target::CephReef).kind == Kind::UnknownType);
  CHECK(parse("aws", "*", Target::Aws).kind == Kind::UnknownType);
}

TEST_CASE("principal parse: RGW tenants, users and subusers", "[principal]") {
  const auto root = parse("AWS", "arn:aws:iam::0b2c6a9e4f7d4c1b9a8e3d2f1c0b5a47:root", Target::CephSquid);
  CHECK(root.kind == Kind::AccountRoot);
  CHECK(root.project() == std::optional<std::string_view>("0b2c6a9e4f7d4c1b9a8e3d2f1c0b5a47"));

  const auto bare = parse("AWS", "projectb", Target::CephPacific);
  CHECK(bare.kind == Kind::BareAccount);
  CHECK(bare.project() == std::optional<std::string_view>("projectb"));

  const auto sub = parse("AWS", "arn:aws:iam::usfolks:user/fred:swift", Target::CephTentacle);
  CHECK(sub.kind == Kind::User);
  CHECK(sub.name() == "fred");
  CHECK(sub.subuser() == "swift");
  CHECK(sub.project() == std::optional<std::string_view>("usfolks"));

  const auto path = parse("AWS", "arn:aws:iam::projectb:user/dept/bob", Target::CephSquid);
  CHECK(path.kind == Kind::User);
  CHECK(path.path() == "dept/");
  CHECK(path.name() == "bob");

  const auto empty = parse("AWS", "arn:aws:iam:::root", Target::CephSquid);
  CHECK(empty.kind == Kind::AccountRoot);
  CHECK(empty.project() == std::optional<std::string_view>(""));

  CHECK(parse("AWS", "arn:aws:sts::projectb:assumed-role/reader/s1", Target::CephReef).kind == Kind::AssumedRole);
  CHECK(parse("Federated", "arn:aws:iam::projectb:oidc-provider/idp.example.com", Target::CephReef).kind ==
        Kind::OidcProvider);
  // The service field is not checked by RGW.
  CHECK(parse("AWS", "arn:aws:s3::projectb:root", Target::CephSquid).kind == Kind::AccountRoot);
}

TEST_CASE("principal parse: what RGW cannot read", "[principal]") {
  for (const char* s : {"arn:aws:iam::*:root", "arn:aws:iam:projectb", "projectb/bob",
                        "arn:aws:sts::projectb:federated-user/carol", "arn:aws:iam::projectb:group/admins",
                        "arn:nope:iam::projectb:root"}) {
    INFO(s);
    const auto p = parse("AWS", s, Target::CephSquid);
    CHECK(p.kind == Kind::Malformed);
    CHECK_FALSE(p.problem.empty());
    CHECK_FALSE(p.project().has_value());
  }
  CHECK(parse("Service", "s3.amazonaws.com", Target::CephPacific).kind == Kind::Service);
  CHECK(parse("CanonicalUser", "projectb$bob", Target::CephPacific).kind == Kind::CanonicalUser);
}

TEST_CASE("principal parse: AWS accounts and ARNs", "[principal]") {
  CHECK(parse("AWS", "arn:aws:iam::123456789012:root", Target::Aws).kind == Kind::AccountRoot);
  CHECK(parse("AWS", "123456789012", Target::Aws).kind == Kind::BareAccount);
  const auto user = parse("AWS", "arn:aws:iam::123456789012:user/division/team/bob", Target::Aws);
  CHECK(user.kind == Kind::User);
  CHECK(user.path() == "division/team/");
  CHECK(user.name() == "bob");
  CHECK(parse("AWS", "arn:aws:sts::123456789012:federated-user/carol", Target::Aws).kind == Kind::FederatedUser);
  CHECK(parse("AWS", "arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity E2QWRUHAPOMQZL", Target::Aws)
            .kind == Kind::User);
  CHECK(parse("Federated", "accounts.google.com", Target::Aws).kind == Kind::IdentityProvider);
  CHECK(parse("Federated", "arn:aws:iam::123456789012:saml-provider/corp", Target::Aws).kind == Kind::SamlProvider);

  // The seed scenario on AWS: a Keystone project ID is not an account.
  const auto seed = parse("AWS", "arn:aws:iam::0b2c6a9e4f7d4c1b9a8e3d2f1c0b5a47:root", Target::Aws);
  CHECK(seed.kind == Kind::Malformed);
  CHECK(seed.problem.find("OpenStack project ID") != std::string::npos);
  for (const char* s : {"arn:aws:iam::12345678901:user/Dave", "arn:aws:iam::*:root", "arn:aws:iam::projectb:root",
                        "arn:aws:iam::123456789012:role/*", "arn:aws:iam:us-east-1:123456789012:root", "projectb",
                        "arn:aws:s3:::bucket"}) {
    INFO(s);
    CHECK(parse("AWS", s, Target::Aws).kind == Kind::Malformed);
  }
  CHECK(parse("CanonicalUser", "64-digit-alphanumeric-value", Target::Aws).kind == Kind::Malformed);
}

TEST_CASE("principal parse: ID shapes and placeholders", "[principal]") {
  CHECK(principal::is_keystone_project_id("0b2c6a9e4f7d4c1b9a8e3d2f1c0b5a47"));
  CHECK_FALSE(principal::is_keystone_project_id("0B2C6A9E4F7D4C1B9A8E3D2F1C0B5A47"));
  CHECK_FALSE(principal::is_keystone_project_id("0b2c6a9e4f7d4c1b9a8e3d2f1c0b5a4"));
  CHECK(principal::is_aws_account_id("123456789012"));
  CHECK_FALSE(principal::is_aws_account_id("12345678901"));
  CHECK(principal::is_rgw_account_id("RGW12345678901234567"));
  CHECK_FALSE(principal::is_rgw_account_id("RGW1234"));
  for (const char* s : {"AccountB-ID", "<account-id>", "${aws_iam_user.appuser.arn}", "PROJECT_ID", "elb-account-id"})
    CHECK(principal::looks_like_placeholder(s));
  for (const char* s : {"projectb", "123456789012", "0b2c6a9e4f7d4c1b9a8e3d2f1c0b5a47", "analytics"})
    CHECK_FALSE(principal::looks_like_placeholder(s));
}

// What a value compared with aws:PrincipalArn can name (AWS): a caller's ARN is its account's
// root, an IAM user or role (a session's is its role's), or an STS federated user.
TEST_CASE("principal parse: values of aws:PrincipalArn", "[principal]") {
  CHECK(principal::iam_arn_account("arn:aws:iam::111122223333:role/*") == "111122223333");
  CHECK(principal::iam_arn_account("arn:aws:iam::111122223333:root") == "111122223333");
  for (const char* s : {"arn:aws:iam::*:role/Admin", "arn:aws:iam::1111*:root", "arn:aws:sts::111122223333:x",
                        "arn:aws-cn:iam::111122223333:root", "arn:aws:iam::111122223333", "111122223333"}) {
    INFO(s);
    CHECK_FALSE(principal::iam_arn_account(s));
  }
  for (const char* s : {"arn:aws:iam::111122223333:root", "arn:aws:iam::111122223333:user/ci-*",
                        "arn:aws:iam::111122223333:role/path/Deployer", "arn:aws:iam::111122223333:*",
                        "arn:aws:iam::111122223333:us*", "arn:aws:iam::*:role/Admin", "arn:aws:iam::*",
                        "arn:aws:sts::111122223333:federated-user/bob", "arn:aws:iam::cloudfront:user/OAI"}) {
    INFO(s);
    CHECK(principal::principal_arn_problem(s).empty());
  }
  CHECK_THAT(principal::principal_arn_problem("arn:aws:iam::12345555555555:user/u"), Catch::Contains("not 12 digits"));
  CHECK_THAT(principal::principal_arn_problem("arn:aws:iam::111122223333:group/admins"), Catch::Contains("IAM group"));
  CHECK_THAT(principal::principal_arn_problem("arn:aws:iam::111122223333:policy/p"), Catch::Contains("\"policy\""));
  CHECK_THAT(principal::principal_arn_problem("arn:aws:sts::111122223333:assumed-role/R/s"),
             Catch::Contains("its role's"));
  CHECK_THAT(principal::principal_arn_problem("arn:aws:s3:::bucket"), Catch::Contains("\"s3\" ARN"));
  CHECK_THAT(principal::principal_arn_problem("AROAEXAMPLE"), Catch::Contains("not an ARN"));
  CHECK(principal::principal_arn_problem("arn:aws:iam::111122223333:root/x") != "");
}
