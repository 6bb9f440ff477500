// The pieces `s3policy audit` and `s3policy fetch` share: the credential and connection flags,
// connecting, choosing the buckets, fetching with progress, and turning what S3 answered into
// BucketFacts. Only built with the online library (S3POLICY_HAVE_ONLINE).
#pragma once

#if S3POLICY_HAVE_ONLINE

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <vector>

#include "bucket_facts.h"
#include "online/fetch_all.h"
#include "online/s3_client.h"

namespace s3policy::cli {

// Exit code 3: some bucket could not be audited, S3 could not be reached, or it refused the
// credentials. (0, 1 and 2 as for lint.)
inline constexpr int kExitIncomplete = 3;

struct OnlineArgs {
  online::CredentialOptions credentials;
  std::string ca_bundle;
  bool insecure = false;
  bool virtual_host = false;
  unsigned jobs = 8;
  double timeout_seconds = 30;
  double max_time_seconds = 0;  // whole run; 0 = no limit beyond the per-request timeouts
  int retries = 3;
  bool verbose = false;
  bool quiet = false;
  std::vector<std::string> buckets;
  bool all_buckets = false;
};

void add_online_options(CLI::App* command, OnlineArgs& args);
// Only how to connect (credentials, endpoint, TLS, timeouts, retries, --verbose): for commands
// that read one bucket, such as diff.
void add_connection_options(CLI::App* command, OnlineArgs& args);

// A client, or nullopt after printing why (exit code in *exit_code: 2 for missing or bad
// credentials and flags, 3 when S3 cannot be used).
struct Connection {
  online::S3Client client;
  std::string owner_id;  // of the caller, from ListBuckets ("" when it could not list)
  std::vector<std::string> buckets;  // what to audit or fetch, in order
};
std::optional<Connection> connect(const OnlineArgs& args, int& exit_code);

// One bucket's policy, for diff. nullopt after printing why (exit code in *exit_code: 2 for
// credentials and flags, 3 when S3 could not be used or refused).
struct LivePolicy {
  bool present = false;      // false: the bucket has no policy
  std::string text;          // byte-exact
  std::string owner_tenant;  // "" when unknown or without a tenant
};
std::optional<LivePolicy> fetch_live_policy(const OnlineArgs& args, const std::string& bucket, int& exit_code);

// fetch_all with a progress line on stderr when it is a terminal and not --quiet.
std::vector<online::BucketSnapshot> fetch_with_progress(const Connection& c, const OnlineArgs& args,
                                                        online::FetchOptions options, const char* verb);

// Why a bucket could not be audited at all, or nullopt (an AccessDenied on the policy is not
// such a reason: it is reported by policy-unreadable, and the rest of the bucket is checked).
std::optional<std::string> audit_failure(const online::BucketSnapshot& s);
BucketFacts facts_from(const online::BucketSnapshot& s, const std::string& caller_owner_id);
// "projecta$alice" -> "projecta"; "" without a tenant.
std::string tenant_of_owner(const std::string& owner_id);

// DIR/<name>: "bucket" -> "bucket.json", "tenant:bucket" -> "tenant%3Abucket.json" (the colon
// as in an S3 URL path; no file system has trouble with it). nullopt for a name that is no
// bucket name (a '/', a leading '.', a '%').
std::optional<std::string> policy_file_name(const std::string& bucket);
std::optional<std::string> bucket_of_file_name(const std::string& file_name);

}  // namespace s3policy::cli

#endif
