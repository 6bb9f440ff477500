// The commands that talk to S3 (audit, fetch, and diff of an s3://BUCKET side): their options,
// which both executables parse alike, and their entry points that need the network.
//
// The s3policy executable links no network code (so a lint does not load libcurl and its ~30
// libraries): its entry points (online_delegate.cpp) run the same command line in
// s3policy-online, installed next to it, before anything was read or written. s3policy-online
// implements them (audit_command.cpp, audit_fetch.cpp, audit_online.cpp). A build without the
// online mode (S3POLICY_ONLINE=OFF) has neither: the commands are stubs that say so.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "online/credentials.h"  // CredentialOptions only: a plain struct, no network code

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

struct AuditArgs {
  OnlineArgs online;
  std::string format = "text";
  std::string output;
  std::string color = "auto";
  std::string fail_on;
  std::vector<std::string> select, extend_select, ignore;
  std::string target;
  std::string config;
  bool no_config = false;
  std::string compare;
  bool object_owners = false;  // list the first 1,000 objects of each bucket (S3P807)
};

struct FetchArgs {
  OnlineArgs online;
  std::string out;
};

int audit_command(const AuditArgs& args);
int fetch_command(const FetchArgs& args);

// One bucket's policy, for diff. nullopt after printing why (exit code in *exit_code: 2 for
// credentials and flags, 3 when S3 could not be used or refused).
struct LivePolicy {
  bool present = false;      // false: the bucket has no policy
  std::string text;          // byte-exact
  std::string owner_tenant;  // "" when unknown or without a tenant
};
// Reads buckets' policies with one client: the credentials are resolved, and their warnings
// given, once for however many buckets (diff with both sides live).
class LivePolicyReader {
 public:
  explicit LivePolicyReader(const OnlineArgs& args);
  ~LivePolicyReader();
  LivePolicyReader(const LivePolicyReader&) = delete;
  LivePolicyReader& operator=(const LivePolicyReader&) = delete;

  std::optional<LivePolicy> fetch(const std::string& bucket, int& exit_code);

 private:
  struct Session;  // the client, once made (only s3policy-online has one)
  [[maybe_unused]] const OnlineArgs& args_;  // s3policy's delegate hands the command line over instead
  std::unique_ptr<Session> session_;
};

// For a command that needs S3 only for some arguments (diff), called before it reads any input.
// s3policy: runs the whole command line in s3policy-online and returns only when that could not
// be started, with the exit code after saying why. s3policy-online: nullopt, go on.
std::optional<int> hand_over_to_online(std::string_view command);

}  // namespace s3policy::cli
