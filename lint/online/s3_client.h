// A small S3 client for the bucket-level read (and policy write) calls the audit needs.
//
// Transport is libcurl with its built-in SigV4 signer (CURLOPT_AWS_SIGV4). libcurl 7.88 signs
// what it is given verbatim, so every request carries x-amz-content-sha256 (the real SHA-256 of
// the body) and a URL already in canonical form (see encoding.h). Verified against Ceph RGW.
//
// Thread-safety: an S3Client is immutable after create(); all operations are const and may run
// from many threads at once (each thread keeps its own libcurl handle and connection cache).
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "credentials.h"
#include "encoding.h"
#include "s3_types.h"

namespace s3policy::online {

struct ClientOptions {
  std::string endpoint;             // "" -> https://s3.<region>.amazonaws.com
  std::string region = "us-east-1";
  AddressingStyle addressing = AddressingStyle::path;  // RGW deployments rarely have wildcard DNS
  bool verify_tls = true;           // false only when the user asks for it (--insecure)
  std::string ca_bundle;            // PEM file; "" = system store
  // "host:port:address" pins, as curl --resolve: for virtual-host style without wildcard DNS.
  std::vector<std::string> resolve;
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds request_timeout{30000};  // whole request, per attempt
  int max_attempts = 4;             // 1 = no retries
  std::chrono::milliseconds backoff_base{200};       // full jitter: sleep U(0, min(cap, base*2^n))
  std::chrono::milliseconds backoff_cap{5000};
  std::size_t max_response_bytes = 8u << 20;         // RGW accepts policies up to 1 MiB
  std::string user_agent = "s3policy";
};

// The endpoint and region of resolved credentials, other options at their defaults.
ClientOptions options_for(const Credentials& credentials);

class S3Client {
 public:
  // Fails (kind invalid_argument) on a malformed endpoint or empty keys.
  static Result<S3Client> create(const Credentials& credentials, ClientOptions options);

  S3Client(S3Client&&) noexcept;
  S3Client& operator=(S3Client&&) noexcept;
  ~S3Client();

  const ClientOptions& options() const;

  // GET / : the caller's own buckets (RGW lists only the caller's, never other users' in the tenant).
  Result<BucketList> list_buckets(Deadline deadline = {}) const;
  // GET /b?policy= : the text byte-exact; 404 NoSuchBucketPolicy -> present=false (not an error).
  Result<BucketPolicy> get_bucket_policy(std::string_view bucket, Deadline deadline = {}) const;
  // GET /b?acl=
  Result<AccessControlList> get_bucket_acl(std::string_view bucket, Deadline deadline = {}) const;
  // GET /b?policyStatus= : 404 NoSuchBucketPolicy -> not_configured; 501 etc. -> unsupported.
  Result<PolicyStatus> get_bucket_policy_status(std::string_view bucket, Deadline deadline = {}) const;
  // GET /b?publicAccessBlock= : 404 NoSuchPublicAccessBlockConfiguration -> not_configured.
  Result<PublicAccessBlock> get_public_access_block(std::string_view bucket, Deadline deadline = {}) const;
  // GET /b?max-keys=N (ListObjects, the first page only): who owns the objects listed.
  Result<ObjectOwners> list_object_owners(std::string_view bucket, std::size_t max_keys, Deadline deadline = {}) const;
  // HEAD /b/key: 2xx readable, 403 refused, 404 missing (deleted since it was listed).
  Result<ObjectRead> head_object(std::string_view bucket, std::string_view key, Deadline deadline = {}) const;
  // PUT /b?policy= (RGW: 204) and DELETE /b?policy= (RGW: 200, also when there is none).
  Result<Unit> put_bucket_policy(std::string_view bucket, std::string_view policy, Deadline deadline = {}) const;
  Result<Unit> delete_bucket_policy(std::string_view bucket, Deadline deadline = {}) const;

  struct Impl;

 private:
  explicit S3Client(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Maps a finished HTTP exchange to an error (exposed for unit tests): classification by
// status and S3 error code, plus a hint for the common auth mistakes.
S3Error classify_http_error(long status, std::string_view body, const std::string& request,
                            const std::string& access_key);

// Retried with backoff: 500/502/503/504 and other 5xx carrying SlowDown/InternalError/
// ServiceUnavailable. Never a 4xx.
bool retryable_http_error(long status, std::string_view body);

}  // namespace s3policy::online
