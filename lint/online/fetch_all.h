// Fetch the policy (and optionally ACL, policy status, public access block) of many buckets
// with a fixed number of worker threads, not one thread per bucket.
//
// Guarantees: exactly one BucketSnapshot per input bucket, in input order; every requested item
// holds either data or an error (nothing is dropped, duplicates in the input are fetched twice);
// after the deadline no request is started and running ones are cut short by their curl timeout,
// so the call returns shortly after the deadline even if the server hangs.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "s3_client.h"

namespace s3policy::online {

// Where a fetch_all stands, after one more bucket finished.
struct FetchProgress {
  std::size_t done = 0;    // buckets finished, with or without errors
  std::size_t total = 0;
  std::size_t failed = 0;  // of the done ones, buckets where some requested item failed
};

struct FetchOptions {
  unsigned jobs = 8;       // worker threads (clamped to 1..64 and to the number of buckets)
  Deadline deadline;       // none: bounded only by the client's timeouts and retries
  bool policy = true;
  bool acl = true;
  bool policy_status = false;
  bool public_access_block = false;
  std::size_t object_owners = 0;  // list up to this many objects and count their owners (0: no)
  // With object_owners: the requester's ID (ListBuckets' owner). In a bucket it owns, up to
  // `read_checks` objects of other owners are asked with a HEAD whether the requester can read
  // them (on RGW an upload is its uploader's: the bucket owner reads it only if let).
  std::string requester_id;
  std::size_t read_checks = 100;
  // Called from worker threads after each bucket; must be thread-safe. Calls may arrive out of
  // order (done 7 before done 6): a display keeps the largest.
  std::function<void(const FetchProgress&)> progress;
};

struct BucketSnapshot {
  std::string bucket;
  // nullopt only when that item was not requested.
  std::optional<Result<BucketPolicy>> policy;
  std::optional<Result<AccessControlList>> acl;
  std::optional<Result<PolicyStatus>> policy_status;
  std::optional<Result<PublicAccessBlock>> public_access_block;
  std::optional<Result<ObjectOwners>> object_owners;
  bool ok() const;  // every requested item succeeded
};

std::vector<BucketSnapshot> fetch_all(const S3Client& client, const std::vector<std::string>& buckets,
                                      const FetchOptions& options);

}  // namespace s3policy::online
