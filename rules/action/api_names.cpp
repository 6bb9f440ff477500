#include "rules/action/api_names.h"

#include <array>

#include "catalog/ascii.h"

namespace s3policy::rules {
namespace {

constexpr std::array<ApiName, 46> kApiNames = {{
    {"CreateMultipartUpload", "s3:PutObject"},
    {"UploadPart", "s3:PutObject"},
    {"UploadPartCopy", "s3:PutObject", false},  // plus s3:GetObject on the source
    {"CompleteMultipartUpload", "s3:PutObject"},
    {"ListParts", "s3:ListMultipartUploadParts"},
    {"ListMultipartUploads", "s3:ListBucketMultipartUploads"},
    {"HeadObject", "s3:GetObject"},
    {"HeadBucket", "s3:ListBucket"},
    {"ListObjects", "s3:ListBucket"},
    {"ListObjectsV2", "s3:ListBucket"},
    {"ListObjectVersions", "s3:ListBucketVersions"},
    {"ListBuckets", "s3:ListAllMyBuckets"},
    {"CopyObject", "s3:PutObject", false},  // plus s3:GetObject on the source
    {"DeleteObjects", "s3:DeleteObject"},
    {"SelectObjectContent", "s3:GetObject"},
    {"DeleteBucketEncryption", "s3:PutEncryptionConfiguration"},
    {"GetBucketLifecycle", "s3:GetLifecycleConfiguration"},
    {"GetBucketLifecycleConfiguration", "s3:GetLifecycleConfiguration"},
    {"PutBucketLifecycle", "s3:PutLifecycleConfiguration"},
    {"PutBucketLifecycleConfiguration", "s3:PutLifecycleConfiguration"},
    {"DeleteBucketLifecycle", "s3:PutLifecycleConfiguration"},
    {"GetBucketReplication", "s3:GetReplicationConfiguration"},
    {"PutBucketReplication", "s3:PutReplicationConfiguration"},
    {"DeleteBucketReplication", "s3:PutReplicationConfiguration"},
    {"DeleteBucketCors", "s3:PutBucketCORS"},
    {"DeleteBucketTagging", "s3:PutBucketTagging"},
    {"DeleteBucketOwnershipControls", "s3:PutBucketOwnershipControls"},
    {"GetObjectLockConfiguration", "s3:GetBucketObjectLockConfiguration"},
    {"PutObjectLockConfiguration", "s3:PutBucketObjectLockConfiguration"},
    {"GetBucketNotificationConfiguration", "s3:GetBucketNotification"},
    {"PutBucketNotificationConfiguration", "s3:PutBucketNotification"},
    {"GetBucketAccelerateConfiguration", "s3:GetAccelerateConfiguration"},
    {"PutBucketAccelerateConfiguration", "s3:PutAccelerateConfiguration"},
    {"GetBucketInventoryConfiguration", "s3:GetInventoryConfiguration"},
    {"ListBucketInventoryConfigurations", "s3:GetInventoryConfiguration"},
    {"PutBucketInventoryConfiguration", "s3:PutInventoryConfiguration"},
    {"DeleteBucketInventoryConfiguration", "s3:PutInventoryConfiguration"},
    {"GetBucketMetricsConfiguration", "s3:GetMetricsConfiguration"},
    {"ListBucketMetricsConfigurations", "s3:GetMetricsConfiguration"},
    {"PutBucketMetricsConfiguration", "s3:PutMetricsConfiguration"},
    {"DeleteBucketMetricsConfiguration", "s3:PutMetricsConfiguration"},
    {"GetBucketAnalyticsConfiguration", "s3:GetAnalyticsConfiguration"},
    {"ListBucketAnalyticsConfigurations", "s3:GetAnalyticsConfiguration"},
    {"PutBucketAnalyticsConfiguration", "s3:PutAnalyticsConfiguration"},
    {"DeleteBucketAnalyticsConfiguration", "s3:PutAnalyticsConfiguration"},
    {"GetBucketIntelligentTieringConfiguration", "s3:GetIntelligentTieringConfiguration"},
}};

}  // namespace

std::span<const ApiName> api_names() { return kApiNames; }

const ApiName* find_api_name(std::string_view api) {
  for (const ApiName& a : kApiNames)
    if (ascii::equal_ci(a.api, api)) return &a;
  return nullptr;
}

}  // namespace s3policy::rules
