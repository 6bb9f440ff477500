#include "analysis/key_scope.h"

#include <initializer_list>

#include "catalog/ascii.h"

namespace s3policy::analysis {
namespace {

// RGW fills some request keys only for the requests listed in its documentation (ceph.git
// doc/radosgw/bucketpolicy.rst) and in NOTES §6; for every other key the AWS per-action list in
// the catalog is the best description there is.
struct RgwKeyScope {
  std::string_view key;  // canonical, tag-style keys end in '/'
  std::initializer_list<std::string_view> actions;
};
const RgwKeyScope kRgwKeyScopes[] = {
    {"s3:prefix", {"s3:ListBucket", "s3:ListBucketVersions"}},
    {"s3:delimiter", {"s3:ListBucket", "s3:ListBucketVersions"}},
    {"s3:max-keys", {"s3:ListBucket", "s3:ListBucketVersions"}},
    {"s3:x-amz-copy-source", {"s3:PutObject"}},
    {"s3:x-amz-metadata-directive", {"s3:PutObject"}},
    {"s3:x-amz-server-side-encryption", {"s3:PutObject"}},
    {"s3:x-amz-server-side-encryption-aws-kms-key-id", {"s3:PutObject"}},
    {"s3:x-amz-server-side-encryption-customer-algorithm", {"s3:PutObject"}},
    {"s3:RequestObjectTag/", {"s3:PutObject", "s3:PutObjectTagging", "s3:PutObjectVersionTagging"}},
};

bool same_key(std::string_view listed, std::string_view canonical) {
  const auto slash = listed.find('/');
  return ascii::equal_ci(slash == std::string_view::npos ? listed : listed.substr(0, slash + 1), canonical);
}

}  // namespace

std::optional<bool> key_applies(Target t, const ActionInfo& action, const ConditionKeyInfo& key) {
  if (is_ceph(t))
    for (const RgwKeyScope& scope : kRgwKeyScopes)
      if (ascii::equal_ci(scope.key, key.name)) {
        for (std::string_view a : scope.actions)
          if (ascii::equal_ci(a, action.name)) return true;
        return false;
      }
  if (!action.in_aws) return std::nullopt;
  for (const std::string& k : action.condition_keys)
    if (same_key(k, key.name)) return true;
  return false;
}

bool scoped_to_actions(std::string_view key) {
  return ascii::starts_with_ci(key, "s3:") && !set_through_access_points(key);
}

bool set_through_access_points(std::string_view key) {
  return ascii::starts_with_ci(key, "s3:AccessPoint") || ascii::starts_with_ci(key, "s3:DataAccessPoint") ||
         ascii::starts_with_ci(key, "s3:AccessGrant");
}

}  // namespace s3policy::analysis
