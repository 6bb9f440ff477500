// The pieces `s3policy audit` and `s3policy fetch` share: connecting, choosing the buckets,
// fetching with progress, and turning what S3 answered into BucketFacts. Only in s3policy-online
// (with the online library; the options are in online_args.h).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "bucket_facts.h"
#include "cli/online_args.h"
#include "online/fetch_all.h"
#include "online/s3_client.h"

namespace s3policy::cli {

// A client, or nullopt after printing why (exit code in *exit_code: 2 for missing or bad
// credentials and flags, 3 when S3 cannot be used).
struct Connection {
  online::S3Client client;
  std::string owner_id;  // of the caller, from ListBuckets ("" when it could not list)
  std::vector<std::string> buckets;  // what to audit or fetch, in order
};
std::optional<Connection> connect(const OnlineArgs& args, int& exit_code);

// fetch_all with a progress line on stderr when it is a terminal and not --quiet.
std::vector<online::BucketSnapshot> fetch_with_progress(const Connection& c, const OnlineArgs& args,
                                                        online::FetchOptions options, const char* verb);

// Why a bucket could not be audited at all, or nullopt (an AccessDenied on the policy is not
// such a reason: it is reported by policy-unreadable, and the rest of the bucket is checked).
std::optional<std::string> audit_failure(const online::BucketSnapshot& s);
BucketFacts facts_from(const online::BucketSnapshot& s, const std::string& caller_owner_id);
// The owner's project: "projecta$alice" -> "projecta"; a Keystone project ID alone (RGW's user of
// that project without implicit tenants, which principals name by the ID) -> itself; "" for
// another user without a tenant.
std::string tenant_of_owner(const std::string& owner_id);

// DIR/<name>: "bucket" -> "bucket.json", "tenant:bucket" -> "tenant%3Abucket.json" (the colon
// as in an S3 URL path; no file system has trouble with it). nullopt for a name that is no
// bucket name (a '/', a leading '.', a '%').
std::optional<std::string> policy_file_name(const std::string& bucket);
std::optional<std::string> bucket_of_file_name(const std::string& file_name);

}  // namespace s3policy::cli
