// The evaluator's matching rules: wildcards per target, Action/NotAction, Resource/NotResource,
// Principal/NotPrincipal, Effect, and how the statements of a policy combine.
#include <catch2/catch.hpp>

#include "analysis/match.h"
#include "catalog/wildcard.h"
#include "analysis_support.h"

using namespace s3policy;
using namespace s3policy::analysis;
using s3policy::test::decide;
using s3policy::test::policy_of;
using s3policy::test::request;
using s3policy::test::statement;

namespace {
constexpr Target kAws = Target::Aws;
constexpr Target kPacific = Target::CephPacific;
const Caller kBob = Caller::named("projectb", "bob");
const std::string kGet = "s3:GetObject";
const std::string kObj = "arn:aws:s3:::site/index.html";
const std::string kBobPrincipal = R"({"AWS":"arn:aws:iam::projectb:root"})";
}  // namespace

TEST_CASE("analysis: RGW's wildcard matcher never backtracks", "[analysis]") {
  CHECK(rgw_wildcard_match("a*b", "axb", false));
  CHECK_FALSE(rgw_wildcard_match("a*b", "axbxb", false));  // measured: 403 on Pacific
  CHECK(wildcard_match("a*b", "axbxb", false));             // AWS matches it
  CHECK(rgw_wildcard_match("*", "", false));
  CHECK(rgw_wildcard_match("a?c", "abc", false));
  CHECK_FALSE(rgw_wildcard_match("a*?", "abc", false));  // '?' after '*' is compared literally
  CHECK_FALSE(rgw_wildcard_match("ABC", "abc", false));
  CHECK(rgw_wildcard_match("ABC", "abc", true));
  CHECK(rgw_wildcard_match_fields("s3:Get*", "s3:GetObject", true));
  CHECK_FALSE(rgw_wildcard_match_fields("s3*", "s3:GetObject", true));  // '*' does not cross ':'
}

TEST_CASE("analysis: action matching per target", "[analysis]") {
  CHECK(action_matches(kAws, "s3:get*", "s3:GetObject"));
  CHECK(action_matches(kAws, "s3:Get*Tagging", "s3:GetObjectTagging"));
  // RGW leaves the '*' at the 't' of "Object" (case-insensitive), then fails: matches nothing.
  CHECK_FALSE(action_matches(kPacific, "s3:Get*Tagging", "s3:GetObjectTagging"));
  CHECK(action_matches(kPacific, "*Foo", "s3:PutObject"));  // first character '*' = every action
  CHECK_FALSE(action_matches(kAws, "*Foo", "s3:PutObject"));
  CHECK(action_matches(kAws, "s3*", "s3:GetObject"));
  CHECK_FALSE(action_matches(kPacific, "s3*", "s3:GetObject"));
}

TEST_CASE("analysis: resource matching per target", "[analysis]") {
  using RI = ResourceItem;
  CHECK(match_resource(kPacific, "arn:aws:s3:::site/*", kObj, "projecta") == RI::Matches);
  CHECK(match_resource(kPacific, "arn:aws:s3::projecta:site/*", kObj, "projecta") == RI::Matches);
  CHECK(match_resource(kPacific, "arn:aws:s3::projectb:site/*", kObj, "projecta") == RI::Dropped);
  CHECK(match_resource(kPacific, "arn:aws:s3:::SITE/*", kObj, "projecta") == RI::NoMatch);
  CHECK(match_resource(kPacific, "arn:aws:s3:us-east-1::site/*", kObj, "projecta") == RI::NoMatch);
  CHECK(match_resource(kPacific, "*", kObj, "projecta") == RI::Matches);
  CHECK(match_resource(kPacific, "arn:aws:s3:::s*", kObj, "projecta") == RI::Matches);  // '*' crosses '/'
  CHECK(match_resource(kPacific, "site/*", kObj, "projecta") == RI::Dropped);
  CHECK(match_resource(kAws, "arn:aws:s3:::site/*", kObj, "") == RI::Matches);
  CHECK(match_resource(kAws, "arn:aws:s3:::site", kObj, "") == RI::NoMatch);
}

TEST_CASE("analysis: principals on RGW", "[analysis]") {
  const auto allow = [](const std::string& principal) {
    return policy_of(statement(R"("Allow")", principal, R"("s3:GetObject")", R"("arn:aws:s3:::site/*")"));
  };
  const auto r = [](const Caller& c) { return request(c, kGet, kObj); };
  const Caller anon = Caller::anonymous();
  const Caller plain = Caller::named("", "plain");
  const Caller carol = Caller::named("projecta", "carol");
  CHECK(decide(kPacific, allow(kBobPrincipal), r(kBob)) == Decision::Allow);
  CHECK(decide(kPacific, allow(kBobPrincipal), r(carol)) == Decision::ImplicitDeny);
  CHECK(decide(kPacific, allow(R"({"AWS":"arn:aws:iam::PROJECTB:root"})"), r(kBob)) == Decision::ImplicitDeny);
  CHECK(decide(kPacific, allow(R"({"AWS":"arn:aws:iam::projectb:user/bob"})"), r(kBob)) == Decision::Allow);
  CHECK(decide(kPacific, allow(R"({"AWS":"arn:aws:iam::projectb:user/BOB"})"), r(kBob)) == Decision::ImplicitDeny);
  CHECK(decide(kPacific, allow(R"({"AWS":"arn:aws:iam::projectb:user/dept/bob"})"), r(kBob)) ==
        Decision::ImplicitDeny);
  CHECK(decide(kPacific, allow(R"({"AWS":"projectb"})"), r(kBob)) == Decision::Allow);
  CHECK(decide(kPacific, allow(R"({"AWS":"arn:aws:iam::projectb:role/r1"})"), r(kBob)) == Decision::ImplicitDeny);
  CHECK(decide(kPacific, allow(R"({"AWS":"arn:aws:iam::*:root"})"), r(kBob)) == Decision::ImplicitDeny);
  // The default tenant's root names the anonymous caller too (measured).
  CHECK(decide(kPacific, allow(R"({"AWS":"arn:aws:iam:::root"})"), r(anon)) == Decision::Allow);
  CHECK(decide(kPacific, allow(R"({"AWS":"arn:aws:iam:::root"})"), r(plain)) == Decision::Allow);
  CHECK(decide(kAws, allow(R"({"AWS":"arn:aws:iam::111122223333:root"})"), r(anon)) == Decision::ImplicitDeny);
  CHECK(decide(kPacific, allow(R"("*")"), r(anon)) == Decision::Allow);
  // NotPrincipal with Allow grants everyone else.
  const std::string not_a = policy_of(R"({"Effect":"Allow","NotPrincipal":{"AWS":"arn:aws:iam::projecta:root"},)"
                                      R"("Action":"s3:GetObject","Resource":"arn:aws:s3:::site/*"})");
  CHECK(decide(kPacific, not_a, r(kBob)) == Decision::Allow);
  CHECK(decide(kPacific, not_a, r(carol)) == Decision::ImplicitDeny);
  // A statement left without principals (CanonicalUser is dropped by Pacific) never applies.
  CHECK(decide(kPacific, allow(R"({"CanonicalUser":"projectb$bob"})"), r(kBob)) == Decision::ImplicitDeny);
  // Subusers: "bob:*" names bob.
  CHECK(decide(kPacific, allow(R"({"AWS":"arn:aws:iam::projectb:user/bob:*"})"), r(kBob)) == Decision::Allow);
}

TEST_CASE("analysis: principals on AWS", "[analysis]") {
  const auto allow = [](const std::string& principal) {
    return policy_of(statement(R"("Allow")", principal, R"("s3:GetObject")", R"("arn:aws:s3:::site/*")"));
  };
  const Caller user = Caller::named("111122223333", "alice");
  Caller role;
  role.kind = Caller::Kind::Session;
  role.project = "111122223333";
  role.user = "Reader";
  role.session = "s1";
  CHECK(decide(kAws, allow(R"({"AWS":"111122223333"})"), request(user, kGet, kObj, "")) == Decision::Allow);
  CHECK(decide(kAws, allow(R"({"AWS":"arn:aws:iam::111122223333:user/alice"})"), request(user, kGet, kObj, "")) ==
        Decision::Allow);
  CHECK(decide(kAws, allow(R"({"AWS":"arn:aws:iam::111122223333:role/Reader"})"), request(role, kGet, kObj, "")) ==
        Decision::Allow);
  CHECK(decide(kAws, allow(R"({"AWS":"arn:aws:sts::111122223333:assumed-role/Reader/s2"})"),
               request(role, kGet, kObj, "")) == Decision::ImplicitDeny);
}

TEST_CASE("analysis: Effect, missing elements and NotAction per target", "[analysis]") {
  const auto r = request(kBob, kGet, kObj);
  const std::string act = R"("s3:GetObject")";
  const std::string res = R"("arn:aws:s3:::site/*")";
  // A missing Effect denies on RGW; AWS refuses such a policy (here: the statement never applies).
  const std::string no_effect = policy_of(statement("", kBobPrincipal, act, res));
  CHECK(decide(kPacific, no_effect, r) == Decision::ExplicitDeny);
  CHECK(decide(kAws, no_effect, r) == Decision::ImplicitDeny);
  CHECK(decide(kPacific, policy_of(statement(R"("Allow")", "", act, res)), r) == Decision::ImplicitDeny);
  CHECK(decide(kPacific, policy_of(statement(R"("Allow")", kBobPrincipal, act, "")), r) == Decision::ImplicitDeny);
  CHECK(decide(kPacific, policy_of(statement(R"("Allow")", kBobPrincipal, "", res)), r) == Decision::ImplicitDeny);
  // NotAction alone never matches on RGW (measured); on AWS it names every other action.
  const std::string not_put = policy_of(R"({"Effect":"Allow","Principal":)" + kBobPrincipal +
                                        R"(,"NotAction":"s3:PutObject","Resource":"arn:aws:s3:::site/*"})");
  CHECK(decide(kPacific, not_put, r) == Decision::ImplicitDeny);
  CHECK(decide(Target::CephTentacle, not_put, r) == Decision::ImplicitDeny);
  const std::string aws_not_put = policy_of(R"({"Effect":"Allow","Principal":{"AWS":"111122223333"},)"
                                            R"("NotAction":"s3:PutObject","Resource":"arn:aws:s3:::site/*"})");
  CHECK(decide(kAws, aws_not_put, request(Caller::member("111122223333"), kGet, kObj, "")) == Decision::Allow);
  // NotResource works on both.
  const std::string not_res = policy_of(R"({"Effect":"Allow","Principal":)" + kBobPrincipal +
                                        R"(,"Action":"s3:GetObject","NotResource":"arn:aws:s3:::site/secret/*"})");
  CHECK(decide(kPacific, not_res, r) == Decision::Allow);
  CHECK(decide(kPacific, not_res, request(kBob, kGet, "arn:aws:s3:::site/secret/x")) == Decision::ImplicitDeny);
}

TEST_CASE("analysis: Deny overrides Allow and the deciding statements are named", "[analysis]") {
  const std::string text = policy_of(
      statement(R"("Allow")", R"("*")", R"("s3:*")", R"("arn:aws:s3:::site/*")") + "," +
      statement(R"("Deny")", kBobPrincipal, R"("s3:GetObject")", R"("arn:aws:s3:::site/private/*")"));
  const auto p = s3policy::test::policy_from(text);
  const Evaluation allowed = evaluate(kPacific, *p.policy, request(kBob, kGet, kObj));
  CHECK(allowed.decision == Decision::Allow);
  REQUIRE(allowed.deciding.size() == 1);
  CHECK(allowed.deciding[0]->index == 0);
  const Evaluation denied = evaluate(kPacific, *p.policy, request(kBob, kGet, "arn:aws:s3:::site/private/a"));
  CHECK(denied.decision == Decision::ExplicitDeny);
  REQUIRE(denied.deciding.size() == 1);
  CHECK(denied.deciding[0]->index == 1);
  CHECK(denied.trace[1].applies);
  CHECK(evaluate(kPacific, *p.policy, request(kBob, "s3:NoSuchAction", kObj)).decision == Decision::ImplicitDeny);
}

TEST_CASE("analysis: policy variables in resources", "[analysis]") {
  using RI = ResourceItem;
  auto req = [](Caller c, const std::string& key) {
    Request r;
    r.caller = std::move(c);
    r.action = "s3:GetObject";
    r.resource = "arn:aws:s3:::site/" + key;
    if (r.caller.kind == Caller::Kind::User) r.set("aws:username", r.caller.user);
    return r;
  };
  const Caller bob = Caller::named("111122223333", "bob");
  const std::string home = "arn:aws:s3:::site/home/${aws:username}/*";
  CHECK(match_resource(kAws, home, req(bob, "home/bob/a")) == RI::Matches);
  CHECK(match_resource(kAws, home, req(bob, "home/alice/a")) == RI::NoMatch);
  CHECK(match_resource(kAws, home, req(Caller::anonymous(), "home/bob/a")) == RI::NoMatch);  // no value
  CHECK(match_resource(kAws, "arn:aws:s3:::site/home/${aws:username, 'guest'}/*",
                       req(Caller::anonymous(), "home/guest/a")) == RI::Matches);
  // ${*} is a literal '*', and substituted text never acts as a wildcard.
  CHECK(match_resource(kAws, "arn:aws:s3:::site/home/${*}", req(bob, "home/*")) == RI::Matches);
  CHECK(match_resource(kAws, "arn:aws:s3:::site/home/${*}", req(bob, "home/x")) == RI::NoMatch);
  CHECK(match_resource(kAws, home, req(Caller::named("111122223333", "*"), "home/x/a")) == RI::NoMatch);
  // RGW substitutes nothing in resources; Pacific even drops this one (its ':' in the resource part).
  CHECK(match_resource(kPacific, home, req(bob, "home/bob/a")) == RI::Dropped);
  CHECK(match_resource(kPacific, "arn:aws:s3:::site/home/${username}/*", req(bob, "home/bob/a")) == RI::NoMatch);
}

TEST_CASE("analysis: RGW user principals name the user, UID:* and UID:SUBUSER", "[analysis]") {
  auto names = [](std::string_view arn, const Caller& c) {
    return principal_names(kPacific, principal::parse("AWS", arn, kPacific), c);
  };
  Caller swift = Caller::named("projectb", "bob");
  swift.subuser = "swift";
  CHECK(names("arn:aws:iam::projectb:user/bob", kBob));
  CHECK(names("arn:aws:iam::projectb:user/bob:*", kBob));
  CHECK(names("arn:aws:iam::projectb:user/bob:*", swift));
  CHECK(names("arn:aws:iam::projectb:user/bob:swift", swift));
  CHECK_FALSE(names("arn:aws:iam::projectb:user/bob:swift", kBob));     // no subuser
  CHECK_FALSE(names("arn:aws:iam::projectb:user/bob:s3", swift));       // another subuser
  CHECK_FALSE(names("arn:aws:iam::projectb:user/bobby", kBob));         // a longer UID
  CHECK_FALSE(names("arn:aws:iam::projectb:user/bo", kBob));            // a prefix of it
  CHECK_FALSE(names("arn:aws:iam::projectb:user/bob:", kBob));          // nothing after ':'
  CHECK_FALSE(names("arn:aws:iam::projecta:user/bob", kBob));           // another tenant
  CHECK(names("arn:aws:iam:::user/anonymous", Caller::anonymous()));   // RGW's anonymous user
  CHECK_FALSE(names("arn:aws:iam:::user/anonymous:*", kBob));
}
