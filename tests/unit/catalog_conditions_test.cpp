// Condition operators and keys per target.
#include <catch2/catch.hpp>

#include "catalog/catalog.h"

using namespace s3policy;

namespace {
OperatorStatus status(Target t, std::string_view op) { return catalog_for(t).check_operator(op).status; }
}  // namespace

TEST_CASE("catalog: RGW accepts its 33 keywords, with IfExists", "[catalog]") {
  for (Target t : {Target::CephPacific, Target::CephReef, Target::CephSquid, Target::CephTentacle}) {
    const Catalog& c = catalog_for(t);
    CHECK(c.accepts_operator("StringEquals"));
    CHECK(c.accepts_operator("ForAnyValue:StringLike"));
    CHECK(c.accepts_operator("ForAnyValue:StringEqualsIfExists"));
    CHECK(c.accepts_operator("StringEqualsIgnoreCaseIfExists"));
    CHECK(c.accepts_operator("ArnLike"));
    CHECK(c.accepts_operator("BoolIfExists"));
    CHECK(c.accepts_operator("Null"));
    CHECK(c.accepts_operator("NullIfExists"));  // RGW strips IfExists from anything

    CHECK(status(t, "ForAllValues:StringNotEquals") == OperatorStatus::UnsupportedSetForm);
    CHECK(status(t, "ForAnyValue:StringNotLike") == OperatorStatus::UnsupportedSetForm);
    CHECK(status(t, "ForAnyValue:NumericEquals") == OperatorStatus::UnsupportedSetForm);
    CHECK(status(t, "ForAllValues:NumericEquals") == OperatorStatus::UnsupportedSetForm);
    CHECK(status(t, "ForAnyValue:ArnLike") == OperatorStatus::UnsupportedSetForm);
    CHECK(status(t, "BinaryNotEquals") == OperatorStatus::Unknown);
    CHECK(status(t, "StringEqualz") == OperatorStatus::Unknown);
    CHECK(status(t, "stringequals") == OperatorStatus::WrongCase);
    CHECK(status(t, "IfExists") == OperatorStatus::Unknown);
  }
}

TEST_CASE("catalog: AWS operators take set prefixes and IfExists", "[catalog]") {
  const Catalog& aws = catalog_for(Target::Aws);
  CHECK(aws.accepts_operator("ForAllValues:StringNotEquals"));
  CHECK(aws.accepts_operator("ForAnyValue:NumericEquals"));
  CHECK(aws.accepts_operator("ForAnyValue:ArnLikeIfExists"));
  CHECK(aws.accepts_operator("NumericLessThanEqualsIfExists"));
  // BinaryNotEquals is not one of AWS's 27 operators either.
  CHECK_FALSE(aws.accepts_operator("BinaryNotEquals"));
  CHECK(status(Target::Aws, "STRINGEQUALS") == OperatorStatus::WrongCase);

  OperatorLookup l = aws.check_operator("ForAllValues:StringNotEqualsIfExists");
  REQUIRE(l.base);
  CHECK(l.base->name == "StringNotEquals");
  CHECK(l.base->negated);
  CHECK(l.set == SetQualifier::ForAllValues);
  CHECK(l.if_exists);

  const OperatorInfo* null_op = aws.operator_info("NullIfExists");
  REQUIRE(null_op);
  CHECK_FALSE(null_op->if_exists_meaningful);
}

TEST_CASE("catalog: operator value types", "[catalog]") {
  const Catalog& c = catalog_for(Target::CephReef);
  CHECK(c.operator_info("NumericLessThan")->type == ValueType::Numeric);
  CHECK(c.operator_info("DateGreaterThanIfExists")->type == ValueType::Date);
  CHECK(c.operator_info("IpAddress")->type == ValueType::IpAddress);
  CHECK(c.operator_info("NotIpAddress")->negated);
  CHECK(c.operator_info("Bool")->type == ValueType::Bool);
  CHECK(c.operator_info("BinaryEquals")->type == ValueType::Binary);
  CHECK(c.operator_info("ArnLike")->type == ValueType::Arn);
  CHECK(c.operator_info("ArnLike")->wildcards);
  CHECK(c.operator_info("Null")->type == ValueType::Null);
  CHECK(c.operator_info("ForAnyValue:StringLike")->wildcards);
  // Even a rejected set form reports its base so that messages can name it.
  CHECK(c.operator_info("ForAllValues:NumericEquals")->type == ValueType::Numeric);
  CHECK(c.operator_info("Bogus") == nullptr);
  CHECK(to_string(ValueType::IpAddress) == "IpAddress");
}

TEST_CASE("catalog: operator suggestions", "[catalog]") {
  CHECK(catalog_for(Target::Aws).suggest_operator("StringEqualz") == "StringEquals");
  CHECK(catalog_for(Target::CephPacific).suggest_operator("stringequals") == "StringEquals");
  CHECK(catalog_for(Target::CephPacific).suggest_operator("NumericLessThen") == "NumericLessThan");
  CHECK_FALSE(catalog_for(Target::CephPacific).suggest_operator("Frobnicate").has_value());
}

TEST_CASE("catalog: condition key types and scopes", "[catalog]") {
  const Catalog& aws = catalog_for(Target::Aws);
  const ConditionKeyInfo* ip = aws.find_condition_key("aws:SourceIp");
  REQUIRE(ip);
  CHECK(ip->type == ValueType::IpAddress);
  CHECK(ip->scope == KeyScope::Global);
  CHECK(aws.find_condition_key("s3:max-keys")->type == ValueType::Numeric);
  CHECK(aws.find_condition_key("s3:max-keys")->scope == KeyScope::Service);
  CHECK(aws.find_condition_key("aws:SecureTransport")->type == ValueType::Bool);
  CHECK(aws.find_condition_key("aws:PrincipalArn")->type == ValueType::Arn);
  CHECK(aws.find_condition_key("aws:TagKeys")->multi_valued);
  CHECK_FALSE(aws.find_condition_key("s3:prefix")->multi_valued);
  CHECK(aws.find_condition_key("aws:NoSuchKey") == nullptr);

  KeyLookup tag = aws.lookup_condition_key("aws:RequestTag/Project");
  REQUIRE(tag.info);
  CHECK(tag.info->tag_style);
  CHECK(tag.info->name == "aws:RequestTag/");
  CHECK(tag.suffix == "Project");
  CHECK(aws.find_condition_key("s3:ExistingObjectTag/color") != nullptr);
  CHECK(aws.find_condition_key("aws:PrincipalTag/team") != nullptr);

  // AWS key names are case-insensitive; the lookup reports the spelling anyway.
  KeyLookup upper = aws.lookup_condition_key("AWS:SOURCEIP");
  REQUIRE(upper.info);
  CHECK_FALSE(upper.exact_case);
  CHECK(aws.lookup_condition_key("aws:SourceIp").exact_case);
  CHECK_FALSE(aws.facts().condition_keys_case_sensitive);
}

TEST_CASE("catalog: which keys RGW sets", "[catalog]") {
  const Catalog& pacific = catalog_for(Target::CephPacific);
  const Catalog& reef = catalog_for(Target::CephReef);
  const Catalog& tentacle = catalog_for(Target::CephTentacle);
  CHECK(pacific.facts().condition_keys_case_sensitive);

  CHECK(pacific.find_condition_key("aws:SourceIp")->populated == Populated::Yes);
  CHECK(pacific.find_condition_key("s3:prefix")->populated == Populated::Yes);
  CHECK(pacific.find_condition_key("s3:ExistingObjectTag/color")->populated == Populated::Yes);
  for (const char* never : {"aws:PrincipalOrgID", "aws:PrincipalArn", "aws:SourceVpce", "s3:authType",
                            "s3:TlsVersion", "s3:x-amz-storage-class", "s3:signatureversion"}) {
    INFO(never);
    REQUIRE(pacific.find_condition_key(never) != nullptr);
    CHECK(pacific.find_condition_key(never)->populated == Populated::Never);
  }
  CHECK(reef.find_condition_key("aws:SourceArn")->populated == Populated::Never);
  CHECK(tentacle.find_condition_key("aws:SourceArn")->populated == Populated::Yes);
  CHECK(reef.find_condition_key("s3:x-amz-server-side-encryption-customer-algorithm")->populated ==
        Populated::Never);
  CHECK(tentacle.find_condition_key("s3:x-amz-server-side-encryption-customer-algorithm")->populated ==
        Populated::Yes);
  CHECK(pacific.find_condition_key("rgw:subuser") == nullptr);
  CHECK(tentacle.find_condition_key("rgw:subuser")->scope == KeyScope::RgwOnly);
  CHECK(pacific.find_condition_key("sts:authentication")->scope == KeyScope::RgwOnly);
  CHECK(pacific.find_condition_key("s3:ResourceTag/owner")->scope == KeyScope::RgwOnly);

  // RGW matches keys case-sensitively, so its own spelling is canonical.
  CHECK(pacific.lookup_condition_key("aws:Referer").exact_case);
  CHECK_FALSE(pacific.lookup_condition_key("aws:referer").exact_case);
  CHECK_FALSE(pacific.lookup_condition_key("AWS:SOURCEIP").exact_case);
  CHECK(pacific.find_condition_key("aws:SecureTransport")->when.find("plain HTTP") != std::string::npos);
}

TEST_CASE("catalog: condition key suggestions", "[catalog]") {
  const Catalog& aws = catalog_for(Target::Aws);
  CHECK(aws.suggest_condition_key("aws:SourceIpp") == "aws:SourceIp");
  CHECK(aws.suggest_condition_key("aws:SorceIp") == "aws:SourceIp");
  CHECK(aws.suggest_condition_key("aws:RequestTags/Env") == "aws:RequestTag/Env");
  CHECK_FALSE(aws.suggest_condition_key("foo:bar").has_value());
}
