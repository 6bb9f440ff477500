// What an audit learned about one live bucket, for the bucket-level rules (S3P8xx). Plain data
// without network types: `s3policy audit` fills it from S3 responses, tests from a short spec.
// A file linted offline has no BucketFacts, and the bucket-level rules never run for it.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace s3policy {

struct AclGrant {
  enum class Grantee { CanonicalUser, Group, Email, Unknown };
  Grantee type = Grantee::Unknown;
  std::string uri;           // Group: e.g. http://acs.amazonaws.com/groups/global/AllUsers
  std::string id;            // CanonicalUser: on RGW "tenant$uid"
  std::string display_name;  // as sent, may be empty
  std::string permission;    // FULL_CONTROL, READ, WRITE, READ_ACP, WRITE_ACP
};

// GetPublicAccessBlock. Unknown: not asked or the answer was an error; Unsupported: the server
// does not implement it (501 and the like); NotConfigured: 404, which means every flag is off.
struct PublicAccessBlockFacts {
  enum class State { Unknown, Unsupported, NotConfigured, Configured };
  State state = State::Unknown;
  bool block_public_acls = false;
  bool ignore_public_acls = false;
  bool block_public_policy = false;
  bool restrict_public_buckets = false;
};

// `audit --compare DIR`: the policy file the live policy is compared with.
struct DriftFacts {
  bool compared = false;
  std::string file;                      // DIR/<bucket>.json as shown to the user
  std::optional<std::string> file_text;  // nullopt: there is no such file
  bool bucket_missing = false;           // a file in DIR names a bucket the account does not have
};

// `audit --object-owners`: who owns the objects of the first page of a listing (the uploader
// owns an object on RGW). `listed` false: not asked, or `error` says why not.
struct ObjectOwnerFacts {
  struct Owner {
    std::string id;           // "projectb$bob"
    std::size_t objects = 0;  // on the page
    // Of those, how many the audit asked with a HEAD as the requester (it does when the
    // requester owns the bucket, for up to 100 objects of other owners), and how many of those
    // it could not read (403).
    std::size_t checked = 0;
    std::size_t refused = 0;
  };
  bool listed = false;
  std::vector<Owner> owners;
  std::size_t objects = 0;  // objects on the page
  bool truncated = false;   // the bucket holds more
  std::string error;
};

struct BucketFacts {
  enum class Policy { Present, Absent, Unreadable };

  std::string name;      // as addressed: "bucket", or "tenant:bucket" for another project's
  std::string owner_id;  // RGW "projecta$alice"; "" when unknown
  Policy policy = Policy::Absent;
  std::string policy_text;   // Present: byte-exact as the server returned it
  std::string policy_error;  // Unreadable: why, e.g. "HTTP 403 AccessDenied"
  std::optional<std::vector<AclGrant>> acl;  // nullopt: the ACL was not read
  std::string acl_error;                     // why the ACL was not read ("" when not asked)
  PublicAccessBlockFacts public_access_block;
  DriftFacts drift;
  ObjectOwnerFacts object_owners;
};

}  // namespace s3policy
