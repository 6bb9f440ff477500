// Actions per target: counts, release differences, wildcards, suggestions, resource types.
#include <catch2/catch.hpp>

#include <string>
#include <thread>
#include <vector>

#include "catalog/catalog.h"

using namespace s3policy;

namespace {
bool known(Target t, std::string_view action) { return catalog_for(t).find_action(action) != nullptr; }
std::size_t matches(Target t, std::string_view pattern) { return catalog_for(t).match_actions(pattern).size(); }
}  // namespace

TEST_CASE("catalog: action counts per target", "[catalog]") {
  CHECK(catalog_for(Target::Aws).count_actions("s3") == 180);
  CHECK(catalog_for(Target::Aws).actions().size() == 180);
  CHECK(catalog_for(Target::CephPacific).count_actions("s3") == 68);
  CHECK(catalog_for(Target::CephPacific).actions().size() == 92);
  CHECK(catalog_for(Target::CephReef).count_actions("s3") == 70);
  CHECK(catalog_for(Target::CephReef).actions().size() == 95);
  CHECK(catalog_for(Target::CephTentacle).count_actions("s3") == 80);
  CHECK(catalog_for(Target::CephTentacle).actions().size() == 160);
  CHECK(catalog_for(Target::CephTentacle).count_actions("iam") == 58);
  CHECK(catalog_for(Target::CephTentacle).count_actions("sns") == 6);
  // Squid is Reef's data, flagged as unverified.
  CHECK(catalog_for(Target::CephSquid).count_actions("s3") == 70);
  CHECK_FALSE(catalog_for(Target::CephSquid).verified());
  CHECK(catalog_for(Target::CephReef).verified());
}

TEST_CASE("catalog: actions known per release", "[catalog]") {
  CHECK(known(Target::Aws, "s3:GetObjectAttributes"));
  CHECK_FALSE(known(Target::CephPacific, "s3:GetObjectAttributes"));
  CHECK_FALSE(known(Target::CephReef, "s3:GetObjectAttributes"));
  CHECK_FALSE(known(Target::CephSquid, "s3:GetObjectAttributes"));
  CHECK(known(Target::CephTentacle, "s3:GetObjectAttributes"));

  CHECK_FALSE(known(Target::CephPacific, "s3:PutBucketEncryption"));
  CHECK(known(Target::CephReef, "s3:PutBucketEncryption"));
  CHECK_FALSE(known(Target::Aws, "s3:PutBucketEncryption"));
  CHECK(known(Target::Aws, "s3:PutEncryptionConfiguration"));
  CHECK_FALSE(known(Target::CephReef, "s3:GetEncryptionConfiguration"));

  CHECK(known(Target::CephPacific, "iam:ModifyRole"));
  CHECK_FALSE(known(Target::CephReef, "iam:ModifyRole"));
  CHECK_FALSE(known(Target::CephTentacle, "iam:ModifyRole"));
  CHECK(known(Target::CephReef, "iam:ModifyRoleTrustPolicy"));
  CHECK(known(Target::CephReef, "iam:UpdateRole"));
  CHECK_FALSE(known(Target::CephPacific, "iam:UpdateRole"));

  // Measured on a Pacific gateway (research notes, section 7).
  CHECK(known(Target::CephPacific, "iam:CreateRole"));
  CHECK(known(Target::CephPacific, "sts:AssumeRole"));
  CHECK_FALSE(known(Target::CephPacific, "iam:CreateUser"));
  CHECK_FALSE(known(Target::CephPacific, "sns:Publish"));
  CHECK_FALSE(known(Target::CephPacific, "ec2:RunInstances"));
  CHECK_FALSE(known(Target::CephPacific, "s3:HeadObject"));
  CHECK_FALSE(known(Target::CephPacific, "s3:ListObjectsV2"));
  CHECK_FALSE(known(Target::CephPacific, "GetObject"));
  CHECK(known(Target::CephTentacle, "sns:Publish"));
  CHECK(known(Target::CephTentacle, "s3-object-lambda:GetObject"));
  // Tentacle's table has RGW's own misspelling, and only that.
  CHECK(known(Target::CephTentacle, "iam:RemoveCientIdFromOIDCProvider"));
  CHECK_FALSE(known(Target::CephTentacle, "iam:RemoveClientIdFromOIDCProvider"));
}

TEST_CASE("catalog: action lookup is case-insensitive and canonical", "[catalog]") {
  for (const auto& info : kTargets) {
    const ActionInfo* a = catalog_for(info.target).find_action("s3:getobject");
    REQUIRE(a != nullptr);
    CHECK(a->name == "s3:GetObject");
    CHECK(a->service == "s3");
    CHECK(a->access_is(kAccessRead));
    CHECK(a->applies_to("object"));
    CHECK_FALSE(a->applies_to("bucket"));
  }
  CHECK(catalog_for(Target::Aws).find_action("S3:LISTBUCKET")->name == "s3:ListBucket");
}

TEST_CASE("catalog: access levels and resource types", "[catalog]") {
  const Catalog& aws = catalog_for(Target::Aws);
  const ActionInfo* put_policy = aws.find_action("s3:PutBucketPolicy");
  REQUIRE(put_policy);
  CHECK(put_policy->access_is(kAccessPermissions));
  CHECK(put_policy->access_is(kAccessWrite));
  CHECK(put_policy->applies_to("bucket"));
  CHECK(aws.find_action("s3:ListBucket")->access == kAccessList);
  const ActionInfo* get = aws.find_action("s3:GetObject");
  CHECK(get->applies_to("accesspointobject"));
  CHECK(get->condition_keys.size() > 3);

  REQUIRE(aws.resource_types().size() == 13);
  CHECK(aws.find_resource_type("bucket")->arn_format == "arn:${Partition}:s3:::${BucketName}");
  CHECK(aws.find_resource_type("object")->arn_format == "arn:${Partition}:s3:::${BucketName}/${ObjectName}");
  CHECK(aws.find_resource_type("accesspoint") != nullptr);

  // On RGW only bucket and object remain, and RGW extensions carry their AWS counterpart.
  const Catalog& reef = catalog_for(Target::CephReef);
  CHECK(reef.resource_types().size() == 2);
  CHECK(reef.find_action("s3:GetObject")->resource_types.size() == 1);
  const ActionInfo* enc = reef.find_action("s3:PutBucketEncryption");
  REQUIRE(enc);
  CHECK_FALSE(enc->in_aws);
  CHECK(enc->aws_equivalent == "s3:PutEncryptionConfiguration");
  CHECK(enc->applies_to("bucket"));
  CHECK(reef.find_action("iam:CreateRole")->access == 0);
  CHECK(catalog_for(Target::CephTentacle).find_action("s3:DescribeJob")->applies_to("job"));
  CHECK(reef.find_action("s3:ListAllMyBuckets")->resource_types.empty());
}

TEST_CASE("catalog: wildcard patterns over actions", "[catalog]") {
  CHECK(matches(Target::Aws, "s3:*") == 180);
  CHECK(matches(Target::Aws, "*") == 180);
  CHECK(matches(Target::Aws, "s3*") == 180);  // AWS wildcards cross ':'
  CHECK(matches(Target::Aws, "s3:GetObject*") > 5);
  CHECK(matches(Target::Aws, "S3:GETOBJECT") == 1);

  CHECK(matches(Target::CephPacific, "s3:*") == 68);
  CHECK(matches(Target::CephPacific, "*") == 92);
  CHECK(matches(Target::CephPacific, "*:*") == 92);
  CHECK(matches(Target::CephPacific, "s3*") == 0);  // RGW rejects it (research notes, section 5)
  CHECK(matches(Target::CephPacific, "s3:Zzz*") == 0);
  CHECK(matches(Target::CephPacific, "s3:") == 0);
  CHECK(matches(Target::CephPacific, "s3:GetObjec?") == 1);
  // RGW's matcher does not backtrack (measured): "s3:*Object" stops at the first 'o' of
  // "RestoreObject", so only GetObject, PutObject and DeleteObject match.
  CHECK(matches(Target::CephPacific, "s3:*Object") == 3);
  CHECK(matches(Target::CephPacific, "s3:get*") > 20);
  CHECK(matches(Target::CephPacific, "iam:*") == 20);
  // RGW looks only at the first character for "all actions".
  CHECK(matches(Target::CephPacific, "*Object") == 92);
  CHECK(matches(Target::Aws, "*Object") < 180);

  // Not even on Reef, which has s3:PutBucketEncryption: the '*' gives up at the 'e' of "Bucket".
  CHECK_FALSE(catalog_for(Target::CephReef).any_action_matches("s3:Put*Encryption"));
  CHECK(catalog_for(Target::CephReef).any_action_matches("s3:PutBucket*"));
  CHECK_FALSE(catalog_for(Target::CephPacific).any_action_matches("s3:Put*Encryption"));
  CHECK_FALSE(catalog_for(Target::CephReef).any_action_matches("s3:Zzz*"));
  CHECK(catalog_for(Target::CephReef).any_action_matches("s3:ListBucket"));

  CHECK(catalog_for(Target::Aws).covers_service("s3"));
  CHECK_FALSE(catalog_for(Target::Aws).covers_service("iam"));
  CHECK(catalog_for(Target::CephPacific).covers_service("sts"));
  CHECK_FALSE(catalog_for(Target::CephPacific).covers_service("sns"));
}

TEST_CASE("catalog: action suggestions", "[catalog]") {
  const Catalog& aws = catalog_for(Target::Aws);
  CHECK(aws.suggest_action("s3:GetObjekt") == "s3:GetObject");
  CHECK(aws.suggest_action("s3:GetObjcet") == "s3:GetObject");  // transposition
  CHECK(aws.suggest_action("GetObject") == "s3:GetObject");
  CHECK(aws.suggest_action("s3:ListBuckets") == "s3:ListBucket");
  CHECK_FALSE(aws.suggest_action("s3:Xyzzy").has_value());
  CHECK_FALSE(aws.suggest_action("ec2:RunInstances").has_value());
  CHECK(catalog_for(Target::CephTentacle).suggest_action("iam:RemoveClientIdFromOIDCProvider") ==
        "iam:RemoveCientIdFromOIDCProvider");
}

TEST_CASE("catalog: ARN classification", "[catalog]") {
  S3Arn b = classify_s3_arn("arn:aws:s3:::polb");
  CHECK(b.kind == ArnKind::Bucket);
  CHECK(b.bucket == "polb");
  CHECK(b.resource_type == "bucket");
  CHECK_FALSE(b.may_match_object);

  S3Arn o = classify_s3_arn("arn:aws:s3:::polb/dir/key.txt");
  CHECK(o.kind == ArnKind::Object);
  CHECK(o.bucket == "polb");
  CHECK(o.key == "dir/key.txt");
  CHECK_FALSE(o.may_match_bucket);

  S3Arn w = classify_s3_arn("arn:aws:s3:::polb*");
  CHECK(w.kind == ArnKind::Bucket);
  CHECK(w.may_match_object);

  S3Arn t = classify_s3_arn("arn:aws:s3::projecta:polb/*");  // RGW tenant in the account field
  CHECK(t.kind == ArnKind::Object);
  CHECK(t.account == "projecta");
  CHECK(t.bucket == "polb");

  S3Arn colon = classify_s3_arn("arn:aws:s3:::tenant:bucket");
  CHECK(colon.kind == ArnKind::Bucket);
  CHECK(colon.resource == "tenant:bucket");
  CHECK_FALSE(catalog_for(Target::CephPacific).facts().resource_part_may_contain_colon);

  S3Arn ap = classify_s3_arn("arn:aws:s3:us-east-1:123456789012:accesspoint/my-ap");
  CHECK(ap.kind == ArnKind::AccessPoint);
  CHECK(ap.bucket == "my-ap");
  S3Arn apo = classify_s3_arn("arn:aws:s3:us-east-1:123456789012:accesspoint/my-ap/object/k/1");
  CHECK(apo.kind == ArnKind::AccessPointObject);
  CHECK(apo.key == "k/1");
  CHECK(classify_s3_arn("arn:aws:s3:us-east-1:123456789012:job/abc").resource_type == "job");
  CHECK(classify_s3_arn("arn:aws:s3::123456789012:accesspoint/alias.mrap").resource_type == "multiregionaccesspoint");

  CHECK(classify_s3_arn("arn:aws:iam::projecta:user/alice").kind == ArnKind::NotS3);
  CHECK(classify_s3_arn("polb").kind == ArnKind::NotArn);
  CHECK(classify_s3_arn("arn:aws:s3:bucket").kind == ArnKind::NotArn);
  CHECK(classify_s3_arn("*").kind == ArnKind::NotArn);
}

TEST_CASE("catalog: built once, safely from many threads", "[catalog]") {
  std::vector<std::thread> threads;
  std::vector<const Catalog*> seen(8);
  for (std::size_t i = 0; i < seen.size(); ++i)
    threads.emplace_back([&seen, i] { seen[i] = &catalog_for(i % 2 ? Target::CephTentacle : Target::Aws); });
  for (auto& th : threads) th.join();
  for (std::size_t i = 2; i < seen.size(); ++i) CHECK(seen[i] == seen[i % 2]);
}

TEST_CASE("catalog: RGW s3 actions versus AWS", "[catalog]") {
  struct Row {
    Target target;
    std::size_t rgw_only;        // RGW s3 actions AWS does not have
    std::size_t aws_not_in_rgw;  // AWS s3 actions RGW does not know
  };
  const Catalog& aws = catalog_for(Target::Aws);
  for (const Row& row : {Row{Target::CephPacific, 5, 117}, Row{Target::CephReef, 7, 117},
                         Row{Target::CephTentacle, 8, 108}}) {
    const Catalog& c = catalog_for(row.target);
    INFO(target_info(row.target).name);
    std::size_t rgw_only = 0;
    for (const ActionInfo& a : c.actions()) {
      if (a.service != "s3") continue;
      // Every s3 action, RGW extensions included, says what it applies to; only
      // ListAllMyBuckets takes no resource at all.
      CHECK(a.access != 0);
      CHECK(a.resource_types.empty() == (a.name == "s3:ListAllMyBuckets"));
      if (!a.in_aws) ++rgw_only;
    }
    CHECK(rgw_only == row.rgw_only);
    std::size_t missing = 0;
    for (const ActionInfo& a : aws.actions())
      if (!c.find_action(a.name)) ++missing;
    CHECK(missing == row.aws_not_in_rgw);
  }
}
