// The evaluator's condition operators, one group per operator type, on AWS and on the RGW
// releases whose evaluation differs (Pacific/Reef quirks, fixed in Tentacle).
#include <catch2/catch.hpp>

#include "analysis/conditions.h"
#include "analysis_support.h"

using namespace s3policy;
using namespace s3policy::analysis;

namespace {
constexpr Target kAws = Target::Aws;
constexpr Target kPacific = Target::CephPacific;
constexpr Target kTentacle = Target::CephTentacle;

// Evaluates `"Condition": {op: {key: values}}` (values: a JSON text) for a request whose context
// holds `ctx` (key, value) pairs (a key may repeat: several values).
bool holds(Target t, const std::string& op, const std::string& key, const std::string& values,
           std::vector<std::pair<std::string, std::string>> ctx) {
  const std::string text = s3policy::test::policy_of(s3policy::test::statement(
      R"("Allow")", R"("*")", R"("s3:GetObject")", R"("*")", "{\"" + op + "\":{\"" + key + "\":" + values + "}}"));
  const auto p = s3policy::test::policy_from(text);
  Request r;
  for (auto& [k, v] : ctx) {
    bool added = false;
    for (auto& e : r.context)
      if (e.key == k) {
        e.values.push_back(v);
        added = true;
      }
    if (!added) r.context.push_back({k, {v}});
  }
  const ConditionClause& c = p.policy->statements.at(0).conditions.at(0);
  return eval_clause(t, c, r).holds;
}
using Ctx = std::vector<std::pair<std::string, std::string>>;
}  // namespace

TEST_CASE("analysis: String operators", "[analysis][condition]") {
  const Ctx ua{{"aws:UserAgent", "curl/8.0"}};
  for (Target t : {kAws, kPacific, kTentacle}) {
    CHECK(holds(t, "StringEquals", "aws:UserAgent", R"(["x","curl/8.0"])", ua));
    CHECK_FALSE(holds(t, "StringEquals", "aws:UserAgent", R"("CURL/8.0")", ua));
    CHECK(holds(t, "StringEqualsIgnoreCase", "aws:UserAgent", R"("CURL/8.0")", ua));
    CHECK(holds(t, "StringLike", "aws:UserAgent", R"("curl/*")", ua));
    CHECK(holds(t, "StringLike", "aws:UserAgent", R"("curl?8.0")", ua));
    CHECK_FALSE(holds(t, "StringLike", "aws:UserAgent", R"("wget*")", ua));
    CHECK(holds(t, "StringNotLike", "aws:UserAgent", R"("wget*")", ua));
    CHECK_FALSE(holds(t, "StringNotEqualsIgnoreCase", "aws:UserAgent", R"("CURL/8.0")", ua));
  }
  // StringLike uses the target's matcher: RGW does not backtrack.
  const Ctx key{{"s3:prefix", "axbxb"}};
  CHECK(holds(kAws, "StringLike", "s3:prefix", R"("a*b")", key));
  CHECK_FALSE(holds(kPacific, "StringLike", "s3:prefix", R"("a*b")", key));
}

TEST_CASE("analysis: negated operators with several values", "[analysis][condition]") {
  const Ctx ua{{"aws:UserAgent", "curl/8.0"}};
  // AWS and Tentacle: "matches none of them". Pacific/Reef: "differs from at least one".
  CHECK_FALSE(holds(kAws, "StringNotEquals", "aws:UserAgent", R"(["curl/8.0","wget"])", ua));
  CHECK_FALSE(holds(kTentacle, "StringNotEquals", "aws:UserAgent", R"(["curl/8.0","wget"])", ua));
  CHECK(holds(kPacific, "StringNotEquals", "aws:UserAgent", R"(["curl/8.0","wget"])", ua));
  CHECK(holds(Target::CephReef, "StringNotLike", "aws:UserAgent", R"(["curl*","wget*"])", ua));
  const Ctx n{{"s3:max-keys", "10"}};
  CHECK(holds(kPacific, "NumericNotEquals", "s3:max-keys", R"(["10","20"])", n));
  CHECK_FALSE(holds(kAws, "NumericNotEquals", "s3:max-keys", R"(["10","20"])", n));
  // NotIpAddress is "in none of them" everywhere.
  const Ctx ip{{"aws:SourceIp", "10.1.2.3"}};
  CHECK_FALSE(holds(kPacific, "NotIpAddress", "aws:SourceIp", R"(["10.0.0.0/8","192.0.2.0/24"])", ip));
}

TEST_CASE("analysis: missing keys, IfExists and Null", "[analysis][condition]") {
  const Ctx none;
  // Negated operators on a missing key: true on AWS, false on RGW.
  CHECK(holds(kAws, "StringNotEquals", "aws:SourceVpce", R"("vpce-1")", none));
  CHECK_FALSE(holds(kPacific, "StringNotEquals", "aws:SourceVpce", R"("vpce-1")", none));
  CHECK_FALSE(holds(kTentacle, "NotIpAddress", "aws:SourceIp", R"("10.0.0.0/8")", none));
  CHECK_FALSE(holds(kAws, "StringEquals", "aws:SourceVpce", R"("vpce-1")", none));
  for (Target t : {kAws, kPacific}) {
    CHECK(holds(t, "StringEqualsIfExists", "aws:SourceVpce", R"("vpce-1")", none));
    CHECK(holds(t, "BoolIfExists", "aws:SecureTransport", R"("false")", none));
    CHECK(holds(t, "ForAllValues:StringEquals", "aws:TagKeys", R"("a")", none));
    CHECK_FALSE(holds(t, "ForAnyValue:StringEquals", "aws:TagKeys", R"("a")", none));
  }
  // Null: AWS and Tentacle read the value; Pacific/Reef only ask "is the key absent?".
  const Ctx tls{{"aws:SecureTransport", "true"}};
  CHECK(holds(kAws, "Null", "aws:SecureTransport", R"("true")", none));
  CHECK_FALSE(holds(kAws, "Null", "aws:SecureTransport", R"("false")", none));
  CHECK(holds(kAws, "Null", "aws:SecureTransport", R"("false")", tls));
  CHECK(holds(kPacific, "Null", "aws:SecureTransport", R"("false")", none));  // measured: 403
  CHECK_FALSE(holds(kPacific, "Null", "aws:SecureTransport", R"("false")", tls));
  CHECK_FALSE(holds(kTentacle, "Null", "aws:SecureTransport", R"("false")", none));
  // RGW keys are case-sensitive, AWS keys are not.
  CHECK(holds(kAws, "StringEquals", "AWS:USERAGENT", R"("x")", {{"aws:UserAgent", "x"}}));
  CHECK_FALSE(holds(kPacific, "StringEquals", "AWS:USERAGENT", R"("x")", {{"aws:UserAgent", "x"}}));
}

TEST_CASE("analysis: ForAllValues and ForAnyValue", "[analysis][condition]") {
  const Ctx tags{{"aws:TagKeys", "a"}, {"aws:TagKeys", "b"}};
  for (Target t : {kAws, kPacific}) {
    CHECK(holds(t, "ForAllValues:StringEquals", "aws:TagKeys", R"(["a","b","c"])", tags));
    CHECK_FALSE(holds(t, "ForAllValues:StringEquals", "aws:TagKeys", R"(["a"])", tags));
    CHECK(holds(t, "ForAnyValue:StringEquals", "aws:TagKeys", R"(["b"])", tags));
    CHECK(holds(t, "ForAnyValue:StringLike", "aws:TagKeys", R"(["x*","b*"])", tags));
    CHECK_FALSE(holds(t, "ForAnyValue:StringEqualsIgnoreCase", "aws:TagKeys", R"(["C"])", tags));
  }
  CHECK(holds(kAws, "ForAllValues:StringNotEquals", "aws:TagKeys", R"(["c"])", tags));
  CHECK_FALSE(holds(kAws, "ForAnyValue:StringNotEquals", "aws:TagKeys", R"(["a","b"])", tags));
  // RGW refuses the negated set forms; the evaluator never lets them apply.
  CHECK_FALSE(holds(kPacific, "ForAllValues:StringNotEquals", "aws:TagKeys", R"(["c"])", tags));
}

TEST_CASE("analysis: Numeric, Date and Bool", "[analysis][condition]") {
  const Ctx n{{"s3:max-keys", "100"}};
  for (Target t : {kAws, kPacific}) {
    CHECK(holds(t, "NumericLessThanEquals", "s3:max-keys", R"("100")", n));
    CHECK_FALSE(holds(t, "NumericLessThan", "s3:max-keys", R"("100")", n));
    CHECK(holds(t, "NumericGreaterThan", "s3:max-keys", R"("99.5")", n));
    CHECK(holds(t, "NumericGreaterThanEquals", "s3:max-keys", R"(["abc","100"])", n));
    CHECK(holds(t, "NumericEquals", "s3:max-keys", R"("100.0")", n));
    CHECK_FALSE(holds(t, "NumericEquals", "s3:max-keys", R"("abc")", n));
  }
  CHECK(holds(kPacific, "NumericEquals", "s3:max-keys", R"("1e2")", n));  // RGW reads numbers with strtod
  const Ctx time{{"aws:CurrentTime", "2024-06-01T00:00:00Z"}};
  for (Target t : {kAws, kPacific}) {
    CHECK(holds(t, "DateGreaterThan", "aws:CurrentTime", R"("2024-01-01T00:00:00Z")", time));
    CHECK(holds(t, "DateLessThan", "aws:CurrentTime", R"("2025-01-01")", time));
    CHECK(holds(t, "DateEquals", "aws:CurrentTime", R"("1717200000")", time));
    CHECK_FALSE(holds(t, "DateLessThanEquals", "aws:CurrentTime", R"("2024-05-31T23:59:59Z")", time));
    CHECK(holds(t, "DateNotEquals", "aws:CurrentTime", R"("2024-05-31")", time));
  }
  const Ctx tls{{"aws:SecureTransport", "true"}};
  for (Target t : {kAws, kPacific}) {
    CHECK(holds(t, "Bool", "aws:SecureTransport", R"("true")", tls));
    CHECK(holds(t, "Bool", "aws:SecureTransport", R"("TRUE")", tls));
    CHECK_FALSE(holds(t, "Bool", "aws:SecureTransport", R"("false")", tls));
  }
  // RGW reads any other non-empty, non-numeric text as true.
  CHECK(holds(kPacific, "Bool", "aws:SecureTransport", R"("yes")", tls));
  CHECK_FALSE(holds(kAws, "Bool", "aws:SecureTransport", R"("yes")", tls));
}

TEST_CASE("analysis: IpAddress, Binary and Arn", "[analysis][condition]") {
  const Ctx ip{{"aws:SourceIp", "10.1.2.3"}};
  for (Target t : {kAws, kPacific}) {
    CHECK(holds(t, "IpAddress", "aws:SourceIp", R"("10.0.0.0/8")", ip));
    CHECK(holds(t, "IpAddress", "aws:SourceIp", R"(["192.0.2.0/24","10.1.2.3"])", ip));
    CHECK_FALSE(holds(t, "IpAddress", "aws:SourceIp", R"("10.1.2.4/32")", ip));
    CHECK(holds(t, "NotIpAddress", "aws:SourceIp", R"("192.168.0.0/16")", ip));
    CHECK_FALSE(holds(t, "IpAddress", "aws:SourceIp", R"("10.0.0.300/33")", ip));  // unreadable value
    CHECK(holds(t, "IpAddress", "aws:SourceIp", R"("10.9.9.9/8")", ip));          // host bits ignored
  }
  CHECK(holds(kPacific, "IpAddress", "aws:SourceIp", R"("::/0")", ip));  // RGW compares across families
  CHECK_FALSE(holds(kAws, "IpAddress", "aws:SourceIp", R"("::/0")", ip));
  CHECK(holds(kAws, "IpAddress", "aws:SourceIp", R"("2001:db8::/32")", {{"aws:SourceIp", "2001:db8::1"}}));
  CHECK(holds(kAws, "BinaryEquals", "s3:x", R"("QUJD")", {{"s3:x", "QUJD"}}));
  const Ctx arn{{"aws:SourceArn", "arn:aws:sns:us-east-1:111122223333:topic"}};
  CHECK(holds(kAws, "ArnLike", "aws:SourceArn", R"("arn:aws:sns:*:111122223333:*")", arn));
  CHECK_FALSE(holds(kAws, "ArnLike", "aws:SourceArn", R"("arn:aws:sns:*")", arn));
  CHECK(holds(kAws, "ArnNotEquals", "aws:SourceArn", R"("arn:aws:sns:*:444455556666:*")", arn));
  CHECK(holds(kTentacle, "ArnLike", "aws:SourceArn", R"("arn:aws:sns:*:111122223333:*")", arn));
  // Pacific and Reef parse Arn* operators but never match them.
  CHECK_FALSE(holds(kPacific, "ArnLike", "aws:SourceArn", R"("arn:aws:sns:*:111122223333:*")", arn));
  CHECK_FALSE(holds(kPacific, "ArnNotEquals", "aws:SourceArn", R"("arn:aws:sns:*:444455556666:*")", arn));
}

TEST_CASE("analysis: policy variables", "[analysis][condition]") {
  const Ctx who{{"aws:username", "bob"}, {"s3:prefix", "home/bob/x"}};
  CHECK(holds(kAws, "StringLike", "s3:prefix", R"("home/${aws:username}/*")", who));
  CHECK_FALSE(holds(kAws, "StringLike", "s3:prefix", R"("home/${aws:userid}/*")", who));
  CHECK(holds(kAws, "StringLike", "s3:prefix", R"("home/${aws:userid, 'bob'}/*")", who));
  // RGW substitutes only a value that is a variable as a whole.
  CHECK(holds(kPacific, "StringEquals", "aws:username", R"("${aws:username}")", who));
  CHECK_FALSE(holds(kPacific, "StringLike", "s3:prefix", R"("home/${aws:username}/*")", who));
  // ... and takes the rest literally (measured on 16.2.15: a listing with the prefix
  // "home/${aws:username}/" got 200, "home/bob/" 403).
  CHECK(holds(kPacific, "StringLike", "s3:prefix", R"("home/${aws:username}/*")",
              {{"aws:username", "bob"}, {"s3:prefix", "home/${aws:username}/x"}}));
}

TEST_CASE("analysis: RGW compares a clause with a \"${...}\" value with its last value's key only",
          "[analysis][condition]") {
  // Measured on RGW 16.2.15 with bob listing a bucket of another tenant (docs/analysis.md item 18).
  const auto prefix = [](std::string p) { return Ctx{{"aws:username", "bob"}, {"s3:prefix", std::move(p)}}; };
  for (Target t : {kPacific, kTentacle}) {
    // The variable last: the values written before it are ignored.
    CHECK(holds(t, "StringLike", "s3:prefix", R"(["home/*", "${aws:username}"])", prefix("bob")));
    CHECK_FALSE(holds(t, "StringLike", "s3:prefix", R"(["home/*", "${aws:username}"])", prefix("home/x")));
    // The variable first: the last value "home/*" names the key "me/", which no request has.
    CHECK_FALSE(holds(t, "StringLike", "s3:prefix", R"(["${aws:username}", "home/*"])", prefix("bob")));
    CHECK_FALSE(holds(t, "StringLike", "s3:prefix", R"(["${aws:username}", "home/*"])", prefix("home/x")));
    // Other operators read the value as written.
    CHECK_FALSE(holds(t, "NumericEquals", "s3:max-keys", R"("${s3:max-keys}")", {{"s3:max-keys", "5"}}));
    // A last value of two characters or fewer makes radosgw abort (std::out_of_range): no answer.
    CHECK_FALSE(holds(t, "StringLike", "s3:prefix", R"(["${aws:username}", "a"])", prefix("a")));
  }
  // AWS substitutes every value on its own.
  CHECK(holds(kAws, "StringLike", "s3:prefix", R"(["home/*", "${aws:username}"])", prefix("home/x")));
}

TEST_CASE("analysis: unknown operators never hold", "[analysis][condition]") {
  CHECK_FALSE(holds(kPacific, "StringEqualsNope", "aws:UserAgent", R"("x")", {{"aws:UserAgent", "x"}}));
  CHECK_FALSE(holds(kPacific, "BinaryNotEquals", "aws:UserAgent", R"("x")", {{"aws:UserAgent", "y"}}));
}

TEST_CASE("analysis: AWS multivalued keys need a set operator", "[analysis][condition]") {
  // "Multivalued context keys require a condition set operator" (IAM User Guide): without one the
  // condition never matches on AWS, negated or not (cross-checked with iam-simulate).
  const Ctx tags{{"aws:TagKeys", "a"}, {"aws:TagKeys", "b"}};
  CHECK_FALSE(holds(kAws, "StringEquals", "aws:TagKeys", R"("a")", tags));
  CHECK_FALSE(holds(kAws, "StringNotEquals", "aws:TagKeys", R"("c")", tags));
  CHECK_FALSE(holds(kAws, "StringEquals", "aws:TagKeys", R"("a")", {{"aws:TagKeys", "a"}}));
  CHECK(holds(kAws, "StringNotEquals", "aws:TagKeys", R"("c")", {}));  // absent: negated holds
  CHECK(holds(kAws, "Null", "aws:TagKeys", R"("false")", tags));
  CHECK(holds(kPacific, "StringEquals", "aws:TagKeys", R"("a")", tags));  // RGW: any value
}

TEST_CASE("analysis: AWS request values of the wrong type satisfy no operator", "[analysis][condition]") {
  CHECK_FALSE(holds(kAws, "NumericNotEquals", "s3:max-keys", R"("5")", {{"s3:max-keys", "abc"}}));
  CHECK_FALSE(holds(kAws, "NumericEquals", "s3:max-keys", R"("5")", {{"s3:max-keys", "abc"}}));
  CHECK_FALSE(holds(kAws, "DateNotEquals", "aws:CurrentTime", R"("2024-01-01")", {{"aws:CurrentTime", "soon"}}));
  CHECK_FALSE(holds(kAws, "NotIpAddress", "aws:SourceIp", R"("10.0.0.0/8")", {{"aws:SourceIp", "nowhere"}}));
  CHECK_FALSE(holds(kAws, "ArnNotLike", "aws:SourceArn", R"("arn:aws:sns:*")", {{"aws:SourceArn", "curl/8"}}));
  CHECK(holds(kAws, "ArnNotLike", "aws:SourceArn", R"("arn:aws:sns:*:1:*")", {{"aws:SourceArn", "arn:aws:sqs:r:1:q"}}));
  CHECK(holds(kAws, "ForAnyValue:NumericEquals", "s3:x", R"("5")", {{"s3:x", "abc"}, {"s3:x", "5"}}));
  CHECK_FALSE(holds(kAws, "ForAllValues:NumericNotEquals", "s3:x", R"("6")", {{"s3:x", "abc"}, {"s3:x", "5"}}));
}

TEST_CASE("analysis: AWS ${*} ${?} ${$} are literal characters", "[analysis][condition]") {
  const Ctx ref{{"aws:Referer", "http://x/page"}};
  CHECK_FALSE(holds(kAws, "StringLike", "aws:Referer", R"("http://x/${*}")", ref));
  CHECK(holds(kAws, "StringLike", "aws:Referer", R"("http://x/${*}")", {{"aws:Referer", "http://x/*"}}));
  CHECK(holds(kAws, "StringLike", "aws:Referer", R"("http://*/${?}")", {{"aws:Referer", "http://x/?"}}));
  CHECK_FALSE(holds(kAws, "StringLike", "aws:Referer", R"("http://*/${?}")", {{"aws:Referer", "http://x/p"}}));
  CHECK(holds(kAws, "StringEquals", "aws:Referer", R"("a${$}b")", {{"aws:Referer", "a$b"}}));
  CHECK(holds(kAws, "StringEquals", "aws:Referer", R"("a*${*}")", {{"aws:Referer", "a**"}}));
  CHECK(holds(kAws, "StringLike", "aws:Referer", R"("a*")", {{"aws:Referer", "a*?"}}));  // wildcards still work
  CHECK(holds(kAws, "StringNotLike", "aws:Referer", R"("http://x/${*}")", ref));
}
