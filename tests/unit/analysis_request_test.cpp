// The request side of the evaluator: --principal spellings and the keys the server sets itself.
#include <catch2/catch.hpp>

#include "analysis/request.h"

using namespace s3policy;
using namespace s3policy::analysis;

TEST_CASE("analysis: --principal spellings", "[analysis]") {
  std::string error;
  CHECK(parse_caller("anonymous", Target::CephPacific, error)->kind == Caller::Kind::Anonymous);
  const auto bob = parse_caller("projectb$bob", Target::CephPacific, error);
  REQUIRE(bob);
  CHECK(bob->kind == Caller::Kind::User);
  CHECK(bob->project == "projectb");
  CHECK(bob->user == "bob");
  const auto plain = parse_caller("user:plain:swift", Target::CephPacific, error);
  REQUIRE(plain);
  CHECK(plain->project.empty());
  CHECK(plain->user == "plain");
  CHECK(plain->subuser == "swift");
  CHECK(parse_caller("project:projectb", Target::CephPacific, error)->kind == Caller::Kind::Member);
  CHECK(parse_caller("arn:aws:iam::projectb:root", Target::CephPacific, error)->kind == Caller::Kind::Member);
  const auto arn_user = parse_caller("arn:aws:iam::projectb:user/bob", Target::CephPacific, error);
  REQUIRE(arn_user);
  CHECK(arn_user->user == "bob");
  const auto session = parse_caller("arn:aws:sts::111122223333:assumed-role/Reader/s1", Target::Aws, error);
  REQUIRE(session);
  CHECK(session->kind == Caller::Kind::Session);
  CHECK(session->session == "s1");
  CHECK_FALSE(parse_caller("a/b", Target::Aws, error));
  CHECK_FALSE(error.empty());
}

TEST_CASE("analysis: keys the server sets", "[analysis]") {
  Request r;
  r.caller = Caller::anonymous();
  r.action = "s3:ListBucket";
  r.set("s3:max-keys", "2000");
  add_server_keys(Target::CephPacific, r, Transport::Http, 1717200000);
  CHECK(r.find("aws:SecureTransport", true) == nullptr);  // absent on plain HTTP
  REQUIRE(r.find("aws:username", true));
  CHECK(r.find("aws:username", true)->values.at(0) == "anonymous");  // measured
  CHECK(r.find("s3:max-keys", true)->values.at(0) == "1000");       // capped, measured
  CHECK(r.find("aws:CurrentTime", true)->values.at(0) == "1717200000");
  CHECK(r.find("aws:EpochTime", true)->values.at(0) == "2024-06-01T00:00:00Z");

  Request a;
  a.caller = Caller::anonymous();
  a.action = "s3:GetObject";
  add_server_keys(Target::Aws, a, Transport::Http, 1717200000);
  CHECK(a.find("aws:SecureTransport", true)->values.at(0) == "false");
  CHECK(a.find("aws:username", true) == nullptr);
  CHECK(a.find("aws:CurrentTime", true)->values.at(0) == "2024-06-01T00:00:00Z");
}

TEST_CASE("analysis: AWS principal keys of signed requests", "[analysis]") {
  auto keys = [](Caller c) {
    Request r;
    r.caller = std::move(c);
    r.action = "s3:GetObject";
    add_server_keys(Target::Aws, r, Transport::Https, 1717200000);
    return r;
  };
  const Request anon = keys(Caller::anonymous());
  CHECK(anon.find("aws:PrincipalAccount", true) == nullptr);
  CHECK(anon.find("aws:PrincipalArn", true) == nullptr);
  CHECK(anon.find("aws:PrincipalType", true)->values.at(0) == "Anonymous");
  const Request bob = keys(Caller::named("111122223333", "bob"));
  CHECK(bob.find("aws:PrincipalAccount", true)->values.at(0) == "111122223333");
  CHECK(bob.find("aws:PrincipalArn", true)->values.at(0) == "arn:aws:iam::111122223333:user/bob");
  CHECK(keys(Caller::member("111122223333")).find("aws:PrincipalArn", true)->values.at(0) ==
        "arn:aws:iam::111122223333:root");
  std::string error;
  const auto session = parse_caller("arn:aws:sts::111122223333:assumed-role/Reader/s1", Target::Aws, error);
  REQUIRE(session);
  // A role session's aws:PrincipalArn is the role's ARN, not the session's.
  CHECK(keys(*session).find("aws:PrincipalArn", true)->values.at(0) == "arn:aws:iam::111122223333:role/Reader");
  CHECK(keys(*session).find("aws:PrincipalType", true)->values.at(0) == "AssumedRole");
  Request ceph;
  ceph.caller = Caller::named("projectb", "bob");
  ceph.action = "s3:GetObject";
  add_server_keys(Target::CephPacific, ceph, Transport::Https, 1717200000);
  CHECK(ceph.find("aws:PrincipalArn", true) == nullptr);  // RGW sets neither
}

TEST_CASE("analysis: for_each_server_key lists what add_server_keys adds to an empty request", "[analysis]") {
  // The Analyzer keeps a caller's server keys from for_each_server_key; probes must carry the
  // same keys, values and order as a request add_server_keys filled.
  const Caller callers[] = {Caller::anonymous(), Caller::member("p1"), Caller::named("p2", "u2"),
                            Caller{Caller::Kind::Role, "p3", "r3", {}, {}, false},
                            Caller{Caller::Kind::Session, "p4", "r4", {}, "s4", false}};
  std::size_t compared = 0;
  for (const TargetInfo& info : kTargets)
    for (const Caller& c : callers)
      for (const Transport tr : {Transport::Https, Transport::Http})
        for (const char* action : {"s3:GetObject", "s3:ListBucket"}) {
          const Target t = info.target;
          Request r;
          r.caller = c;
          r.action = action;
          add_server_keys(t, r, tr, 1717200000);
          std::vector<std::pair<std::string, std::string>> listed;
          for_each_server_key(t, c, sets_listing_keys(t, action), tr, 1717200000,
                              [&](std::string_view k, std::string_view v) { listed.emplace_back(k, v); });
          REQUIRE(listed.size() == r.context.size());
          for (std::size_t i = 0; i < listed.size(); ++i) {
            CHECK(listed[i].first == r.context[i].key);
            REQUIRE(r.context[i].values.size() == 1);
            CHECK(listed[i].second == r.context[i].values[0]);
          }
          compared += listed.size();
        }
  CHECK(compared > 0);
}
