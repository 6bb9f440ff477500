// Value types of the online S3 layer: the structured error, a small Result<T>, and what the
// S3 read operations return. Kept free of libcurl/expat so callers only see plain C++.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace s3policy::online {

// Coarse classes a caller can act on (retry later, fix credentials, report "no access", ...).
enum class ErrorKind {
  network,           // connection refused/reset, DNS failure, incomplete response
  timeout,           // connect/total timeout or the caller's deadline
  tls,               // handshake or certificate verification
  auth,              // the server rejected the credentials or the signature
  access_denied,     // authenticated, but not allowed
  not_found,         // no such bucket (or key)
  throttled,         // 429/503 SlowDown
  server,            // 5xx
  invalid_response,  // 2xx whose body we cannot parse
  invalid_argument,  // rejected before sending (bad bucket name, bad endpoint)
  other,             // any other 4xx/3xx
};

const char* to_string(ErrorKind kind);

struct S3Error {
  ErrorKind kind = ErrorKind::other;
  long http_status = 0;    // 0 when no HTTP response arrived
  std::string code;        // S3 <Code>, e.g. "NoSuchBucket" (empty if none)
  std::string message;     // S3 <Message> (RGW usually sends it empty)
  std::string request_id;  // S3 <RequestId>, for the server admin
  std::string request;     // e.g. "GET policy of bucket 'projecta:b1'": never signatures or secrets
  std::string detail;      // transport detail (libcurl's text) or a hint for the user
  int attempts = 1;
  // One line for humans: "GET policy of bucket 'b': HTTP 404 NoSuchBucket (not found)".
  std::string describe() const;
};

struct Unit {};

// Either a value or an S3Error. (std::expected is C++23; this is the subset we need.)
template <class T>
class Result {
 public:
  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}          // NOLINT: implicit by design
  Result(S3Error error) : v_(std::in_place_index<1>, std::move(error)) {}    // NOLINT
  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  const T& value() const { return std::get<0>(v_); }
  T& value() { return std::get<0>(v_); }
  const S3Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, S3Error> v_;
};

struct BucketEntry {
  std::string name;
  std::string creation_date;  // as sent, ISO 8601
};

struct BucketList {
  std::string owner_id;            // RGW: "tenant$uid", e.g. "projecta$alice"
  std::string owner_display_name;
  std::vector<BucketEntry> buckets;
};

// A bucket without a policy is a normal state, not an error: present=false.
struct BucketPolicy {
  bool present = false;
  std::string text;  // byte-exact as the server returned it
};

enum class GranteeType { canonical_user, group, email, unknown };
const char* to_string(GranteeType type);

struct Grant {
  GranteeType type = GranteeType::unknown;
  std::string type_name;     // xsi:type as sent
  std::string id;            // CanonicalUser
  std::string display_name;
  std::string uri;           // Group, e.g. http://acs.amazonaws.com/groups/global/AllUsers
  std::string email;         // AmazonCustomerByEmail
  std::string permission;    // FULL_CONTROL, READ, WRITE, READ_ACP, WRITE_ACP
};

struct AccessControlList {
  std::string owner_id;
  std::string owner_display_name;
  std::vector<Grant> grants;
};

// Optional S3 features may be absent on a server (older RGW, other S3 implementations).
enum class Support { supported, not_configured, unsupported };

struct PolicyStatus {
  Support support = Support::supported;  // not_configured: no bucket policy (AWS answers 404)
  bool is_public = false;
};

struct PublicAccessBlock {
  Support support = Support::supported;  // not_configured: 404 NoSuchPublicAccessBlockConfiguration
  bool block_public_acls = false;
  bool ignore_public_acls = false;
  bool block_public_policy = false;
  bool restrict_public_buckets = false;
};

// ListObjects (first page): how many of the listed objects each owner ID owns, in first-seen
// order. An object's owner is the user who uploaded it (RGW: "tenant$uid").
struct ObjectOwner {
  std::string id;
  std::size_t objects = 0;
  std::vector<std::string> keys;  // its objects' keys on the page (fetch_all drops them once checked)
  std::size_t checked = 0;        // of its objects, asked with a HEAD as the requester (fetch_all)
  std::size_t refused = 0;        // of those, answered 403
};
struct ObjectOwners {
  std::vector<ObjectOwner> owners;
  std::size_t listed = 0;  // objects on the page
  bool truncated = false;  // the bucket holds more than the page
};

// HEAD of an object: whether the requester may read it.
enum class ObjectRead { readable, refused, missing };

using Clock = std::chrono::steady_clock;
// An absolute time after which no request is started and running ones are cut short.
using Deadline = std::optional<Clock::time_point>;

}  // namespace s3policy::online
