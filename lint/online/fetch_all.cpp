#include "fetch_all.h"

#include <algorithm>
#include <atomic>
#include <thread>

namespace s3policy::online {

bool BucketSnapshot::ok() const {
  return (!policy || policy->ok()) && (!acl || acl->ok()) && (!policy_status || policy_status->ok()) &&
         (!public_access_block || public_access_block->ok()) && (!object_owners || object_owners->ok());
}

namespace {

// In a bucket the requester owns, HEADs other owners' objects (up to o.read_checks) as the
// requester: each answer counts as checked, a 403 as refused. A failed HEAD (network, 5xx) leaves
// that object unchecked. The keys are dropped either way: a snapshot keeps counts, not names.
void check_reads(const S3Client& client, BucketSnapshot& s, const FetchOptions& o) {
  ObjectOwners& owners = s.object_owners->value();
  // The bucket owner: the ACL's; without it, the requester for a bucket of its own tenant (a
  // "tenant:bucket" is another's).
  const std::string owner = s.acl && s.acl->ok()                      ? s.acl->value().owner_id
                            : s.bucket.find(':') == std::string::npos ? o.requester_id
                                                                      : std::string();
  std::size_t budget = !o.requester_id.empty() && owner == o.requester_id ? o.read_checks : 0;
  for (ObjectOwner& w : owners.owners) {
    for (const std::string& key : w.keys) {
      if (w.id == owner || budget == 0) break;
      --budget;
      const Result<ObjectRead> r = client.head_object(s.bucket, key, o.deadline);
      if (!r || r.value() == ObjectRead::missing) continue;
      ++w.checked;
      if (r.value() == ObjectRead::refused) ++w.refused;
    }
    w.keys.clear();
    w.keys.shrink_to_fit();
  }
}

}  // namespace

std::vector<BucketSnapshot> fetch_all(const S3Client& client, const std::vector<std::string>& buckets,
                                      const FetchOptions& o) {
  std::vector<BucketSnapshot> out(buckets.size());
  if (buckets.empty()) return out;
  // Each slot is written by exactly one worker (the one that claimed its index), and read only
  // after join(), so the slots need no lock.
  std::atomic<std::size_t> next{0};
  std::atomic<std::size_t> done{0};
  std::atomic<std::size_t> failed{0};
  auto work = [&] {
    for (;;) {
      const std::size_t i = next.fetch_add(1);
      if (i >= buckets.size()) return;
      BucketSnapshot& s = out[i];
      const std::string& b = buckets[i];
      s.bucket = b;
      // After the deadline each call returns a timeout error at once, so the remaining buckets
      // are drained quickly and still get an error each.
      if (o.policy) s.policy = client.get_bucket_policy(b, o.deadline);
      if (o.acl) s.acl = client.get_bucket_acl(b, o.deadline);
      if (o.policy_status) s.policy_status = client.get_bucket_policy_status(b, o.deadline);
      if (o.public_access_block) s.public_access_block = client.get_public_access_block(b, o.deadline);
      if (o.object_owners > 0) {
        s.object_owners = client.list_object_owners(b, o.object_owners, o.deadline);
        if (s.object_owners->ok()) check_reads(client, s, o);
      }
      // failed first: a report never shows more failures than a later one with more done.
      const std::size_t bad = s.ok() ? failed.load() : failed.fetch_add(1) + 1;
      const std::size_t n = done.fetch_add(1) + 1;
      if (o.progress) o.progress(FetchProgress{n, buckets.size(), bad});
    }
  };
  const std::size_t jobs = std::min<std::size_t>(std::clamp(o.jobs, 1u, 64u), buckets.size());
  std::vector<std::thread> pool;
  pool.reserve(jobs);
  try {
    for (std::size_t t = 0; t < jobs; ++t) pool.emplace_back(work);
  } catch (const std::system_error&) {
    // Could not start more threads: the ones running (or this thread) still drain the queue.
    if (pool.empty()) work();
  }
  for (auto& t : pool) t.join();
  return out;
}

}  // namespace s3policy::online
