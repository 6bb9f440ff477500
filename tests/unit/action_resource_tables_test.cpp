// The hand-kept tables of the action and resource rules against the generated AWS catalog, so a
// catalog update that turns an API name into a real action (or drops a target action) fails here
// instead of producing wrong advice.
#include <catch2/catch.hpp>

#include "catalog/catalog.h"
#include "rules/action/api_names.h"
#include "rules/action/classify.h"
#include "rules/resource/arn_text.h"

using namespace s3policy;
using namespace s3policy::rules;

TEST_CASE("api-name-not-action: every API name is not an action, every replacement is", "[action]") {
  const Catalog& aws = catalog_for(Target::Aws);
  for (const ApiName& a : api_names()) {
    INFO(a.api << " -> " << a.action);
    CHECK(aws.find_action("s3:" + std::string(a.api)) == nullptr);
    CHECK(aws.find_action(a.action) != nullptr);
  }
}

TEST_CASE("check_action: one verdict per item, per target", "[action]") {
  CHECK(check_action("s3:HeadObject", Target::CephReef).verdict == ActionVerdict::ApiName);
  CHECK(check_action("s3:GetObjekt", Target::Aws).verdict == ActionVerdict::Unknown);
  CHECK(check_action("s3:GetObjekt", Target::Aws).replacement == "s3:GetObject");
  CHECK(check_action("s3:PutBucketEncryption", Target::Aws).verdict == ActionVerdict::RgwNameOnAws);
  CHECK(check_action("s3:PutBucketEncryption", Target::Aws).replacement == "s3:PutEncryptionConfiguration");
  CHECK(check_action("s3:PutBucketEncryption", Target::CephPacific).verdict == ActionVerdict::UnsupportedByTarget);
  CHECK(check_action("s3:PutBucketEncryption", Target::CephReef).verdict == ActionVerdict::Known);
  const ActionCheck squid = check_action("s3:GetObjectAttributes", Target::CephSquid);
  CHECK(squid.verdict == ActionVerdict::UnsupportedByTarget);
  CHECK_FALSE(squid.certain);
  CHECK(check_action("s3:GetObjectAttributes", Target::CephTentacle).verdict == ActionVerdict::Known);
  CHECK(check_action("sts:AssumeRole", Target::CephPacific).target_accepts);
  CHECK_FALSE(check_action("iam:CreateUser", Target::CephPacific).target_accepts);
  CHECK(check_action("GetObject", Target::Aws).verdict == ActionVerdict::NoService);
  CHECK(check_action("s3:Zzz*", Target::CephReef).verdict == ActionVerdict::WildcardNoMatch);
  CHECK(check_action("s3:Get*", Target::CephReef).verdict == ActionVerdict::Known);
  CHECK(check_action("*", Target::CephPacific).verdict == ActionVerdict::Known);
}

TEST_CASE("template placeholders are told apart from policy variables and real names", "[resource]") {
  CHECK(template_placeholder("arn:aws:s3:::${BucketName}/*") == "${BucketName}");
  CHECK(template_placeholder("arn:aws:s3:::<bucket>") == "<bucket>");
  CHECK(template_placeholder("arn:aws:s3:::DOC-EXAMPLE-BUCKET/*") == "DOC-EXAMPLE-BUCKET");
  CHECK(template_placeholder("arn:aws:s3:::amzn-s3-demo-bucket/*") == "amzn-s3-demo-bucket");
  CHECK_FALSE(template_placeholder("arn:aws:s3:::b/home/${aws:username}/*"));
  CHECK_FALSE(template_placeholder("arn:aws:s3:::b/${*}"));
  CHECK_FALSE(template_placeholder("arn:aws:s3:::shared-data/a%20b%2F"));
  CHECK_FALSE(template_placeholder("arn:aws:s3:::shared-data/*"));
}
