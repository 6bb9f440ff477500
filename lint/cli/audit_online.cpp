// The network side of audit, fetch and diff s3://BUCKET, linked into s3policy-online only.
#include "cli/audit_online.h"

#include <unistd.h>

#include <chrono>
#include <cmath>
#include <iostream>
#include <memory>
#include <mutex>

#include "analysis/principal_parse.h"
#include "cli/cli.h"
#include "cli/commands.h"

namespace s3policy::cli {

using online::ErrorKind;

namespace {

void warn(const std::string& message) { std::cerr << "s3policy: warning: " << message << '\n'; }

int fail(int code, const std::string& message) {
  std::cerr << "s3policy: error: " << message << '\n';
  return code;
}

}  // namespace

namespace {

std::optional<online::S3Client> make_client(const OnlineArgs& a, int& exit_code) {
  const online::CredentialResult cr = resolve_credentials(a.credentials, online::ProcessEnvironment());
  for (const std::string& w : cr.warnings) warn(w);
  if (!cr.ok()) {
    exit_code = fail(kExitError, "credentials: " + cr.error);
    return std::nullopt;
  }
  if (a.credentials.secret_key) warn("--secret-key puts the secret in the process list; prefer --secret-key-file");
  if (a.verbose) std::cerr << "s3policy: using " << cr.credentials->describe() << '\n';

  online::ClientOptions o = online::options_for(*cr.credentials);
  o.verify_tls = !a.insecure;
  if (a.insecure) warn("--insecure: the endpoint's TLS certificate is not verified");
  o.ca_bundle = a.ca_bundle;
  if (a.virtual_host) o.addressing = online::AddressingStyle::virtual_host;
  o.request_timeout = std::chrono::milliseconds(std::llround(a.timeout_seconds * 1000));
  o.connect_timeout = std::min(o.connect_timeout, o.request_timeout);
  o.max_attempts = a.retries + 1;
  auto client = online::S3Client::create(*cr.credentials, o);
  if (!client) {
    exit_code = fail(kExitError, client.error().describe());
    return std::nullopt;
  }
  return std::move(client.value());
}

}  // namespace

// This is s3policy-online: the command runs here.
std::optional<int> hand_over_to_online(std::string_view) { return std::nullopt; }

std::optional<Connection> connect(const OnlineArgs& a, int& exit_code) {
  if (a.all_buckets == !a.buckets.empty()) {
    exit_code = fail(kExitError, a.all_buckets ? "give bucket names or --all-buckets, not both"
                                               : "no buckets: give bucket names or --all-buckets");
    return std::nullopt;
  }
  auto client = make_client(a, exit_code);
  if (!client) return std::nullopt;

  Connection c{std::move(*client), {}, {}};
  for (const std::string& b : a.buckets) c.buckets.push_back(bucket_argument(b));
  // ListBuckets also proves the credentials before hundreds of requests fail one by one.
  const auto list = c.client.list_buckets();
  if (list) {
    c.owner_id = list.value().owner_id;
    if (a.verbose)
      std::cerr << "s3policy: the credentials belong to " << c.owner_id << ", owner of " << list.value().buckets.size()
                << " bucket" << (list.value().buckets.size() == 1 ? "" : "s") << '\n';
    if (a.all_buckets)
      for (const auto& b : list.value().buckets) c.buckets.push_back(b.name);
  } else if (a.all_buckets || list.error().kind != ErrorKind::access_denied) {
    // Named buckets can still be audited without ListAllMyBuckets; nothing else helps.
    exit_code = fail(kExitIncomplete, "cannot list the buckets: " + list.error().describe());
    return std::nullopt;
  }
  return c;
}

struct LivePolicyReader::Session {
  online::S3Client client;
};

LivePolicyReader::LivePolicyReader(const OnlineArgs& args) : args_(args) {}
LivePolicyReader::~LivePolicyReader() = default;

std::optional<LivePolicy> LivePolicyReader::fetch(const std::string& bucket, int& exit_code) {
  if (!session_) {
    auto made = make_client(args_, exit_code);
    if (!made) return std::nullopt;
    session_ = std::make_unique<Session>(Session{std::move(*made)});
  }
  online::S3Client* client = &session_->client;
  const auto policy = client->get_bucket_policy(bucket);
  if (!policy) {
    exit_code = fail(kExitIncomplete, "s3://" + bucket + ": " + policy.error().describe());
    return std::nullopt;
  }
  LivePolicy out;
  out.present = policy.value().present;
  out.text = policy.value().text;
  // The owner's project, from the ACL; another project's bucket names it (tenant:bucket).
  if (const auto acl = client->get_bucket_acl(bucket)) out.owner_tenant = tenant_of_owner(acl.value().owner_id);
  else if (const auto colon = bucket.find(':'); colon != std::string::npos) out.owner_tenant = bucket.substr(0, colon);
  return out;
}

std::vector<online::BucketSnapshot> fetch_with_progress(const Connection& c, const OnlineArgs& a,
                                                        online::FetchOptions o, const char* verb) {
  o.jobs = a.jobs;
  if (a.max_time_seconds > 0)
    o.deadline = online::Clock::now() + std::chrono::milliseconds(std::llround(a.max_time_seconds * 1000));
  const bool show = !a.quiet && ::isatty(STDERR_FILENO) != 0;
  struct Shown {
    std::mutex mutex;
    online::FetchProgress last;
  };
  auto shown = std::make_shared<Shown>();
  if (show)
    o.progress = [shown, verb](const online::FetchProgress& p) {
      const std::lock_guard<std::mutex> lock(shown->mutex);
      // Workers report in any order; both numbers only move forward.
      if (p.done < shown->last.done) return;
      shown->last = {p.done, p.total, std::max(p.failed, shown->last.failed)};
      // "errors" are buckets with a failed request so far, not findings of level error.
      std::cerr << "\r\033[K" << verb << ' ' << p.done << '/' << p.total << " buckets, errors: "
                << shown->last.failed << std::flush;
    };
  auto out = fetch_all(c.client, c.buckets, o);
  if (show && !c.buckets.empty()) std::cerr << "\r\033[K" << std::flush;
  return out;
}

namespace {

// Errors that say something about this bucket and this caller, not about the connection.
bool bucket_answer(ErrorKind k) { return k == ErrorKind::access_denied || k == ErrorKind::other; }

}  // namespace

std::optional<std::string> audit_failure(const online::BucketSnapshot& s) {
  if (s.policy && !s.policy->ok() && !bucket_answer(s.policy->error().kind)) return s.policy->error().describe();
  if (s.acl && !s.acl->ok() && !bucket_answer(s.acl->error().kind)) return s.acl->error().describe();
  return std::nullopt;
}

std::string tenant_of_owner(const std::string& owner_id) {
  const auto dollar = owner_id.find('$');
  if (dollar != std::string::npos) return owner_id.substr(0, dollar);
  // Without rgw_keystone_implicit_tenants a Keystone project's users are the RGW user named after
  // the project, in the default tenant, and RGW matches arn:aws:iam::ID:root to it (measured by
  // online_keystone).
  return principal::is_keystone_project_id(owner_id) ? owner_id : std::string();
}

BucketFacts facts_from(const online::BucketSnapshot& s, const std::string& caller_owner_id) {
  BucketFacts f;
  f.name = s.bucket;
  if (s.policy) {
    if (s.policy->ok()) {
      f.policy = s.policy->value().present ? BucketFacts::Policy::Present : BucketFacts::Policy::Absent;
      f.policy_text = s.policy->value().text;
    } else {
      const online::S3Error& e = s.policy->error();
      f.policy = BucketFacts::Policy::Unreadable;
      f.policy_error = (e.http_status ? "HTTP " + std::to_string(e.http_status) + " " : std::string()) +
                       (e.code.empty() ? online::to_string(e.kind) : e.code);
    }
  }
  if (s.acl && s.acl->ok()) {
    f.owner_id = s.acl->value().owner_id;
    std::vector<AclGrant> grants;
    for (const online::Grant& g : s.acl->value().grants) {
      AclGrant a;
      a.type = g.type == online::GranteeType::canonical_user ? AclGrant::Grantee::CanonicalUser
               : g.type == online::GranteeType::group        ? AclGrant::Grantee::Group
               : g.type == online::GranteeType::email        ? AclGrant::Grantee::Email
                                                              : AclGrant::Grantee::Unknown;
      a.uri = g.uri;
      a.id = g.id;
      a.display_name = g.display_name;
      a.permission = g.permission;
      grants.push_back(std::move(a));
    }
    f.acl = std::move(grants);
  } else if (s.acl) {
    f.acl_error = s.acl->error().describe();
  }
  if (f.owner_id.empty()) {
    // No ACL: a bucket of another tenant is named tenant:bucket; else it is the caller's own.
    const auto colon = s.bucket.find(':');
    f.owner_id = colon != std::string::npos ? s.bucket.substr(0, colon) + "$" : caller_owner_id;
  }
  using State = PublicAccessBlockFacts::State;
  if (s.public_access_block && s.public_access_block->ok()) {
    const online::PublicAccessBlock& p = s.public_access_block->value();
    PublicAccessBlockFacts& pf = f.public_access_block;
    pf.state = p.support == online::Support::unsupported      ? State::Unsupported
               : p.support == online::Support::not_configured ? State::NotConfigured
                                                             : State::Configured;
    pf.block_public_acls = p.block_public_acls;
    pf.ignore_public_acls = p.ignore_public_acls;
    pf.block_public_policy = p.block_public_policy;
    pf.restrict_public_buckets = p.restrict_public_buckets;
  }
  if (s.object_owners && s.object_owners->ok()) {
    const online::ObjectOwners& o = s.object_owners->value();
    f.object_owners.listed = true;
    for (const online::ObjectOwner& w : o.owners)
      f.object_owners.owners.push_back({w.id, w.objects, w.checked, w.refused});
    f.object_owners.objects = o.listed;
    f.object_owners.truncated = o.truncated;
  } else if (s.object_owners) {
    f.object_owners.error = s.object_owners->error().describe();
  }
  return f;
}

std::optional<std::string> policy_file_name(const std::string& bucket) {
  if (bucket.empty() || bucket[0] == '.' || bucket.find_first_of("/\\%") != std::string::npos ||
      bucket.find('\0') != std::string::npos)
    return std::nullopt;
  std::string out;
  for (char ch : bucket) out += ch == ':' ? std::string("%3A") : std::string(1, ch);
  return out + ".json";
}

std::optional<std::string> bucket_of_file_name(const std::string& file_name) {
  constexpr std::string_view ext = ".json";
  if (file_name.size() <= ext.size() || file_name.compare(file_name.size() - ext.size(), ext.size(), ext) != 0)
    return std::nullopt;
  std::string out, stem = file_name.substr(0, file_name.size() - ext.size());
  for (std::size_t i = 0; i < stem.size(); ++i) {
    if (stem[i] != '%') {
      out += stem[i];
      continue;
    }
    if (stem.compare(i, 3, "%3A") != 0 && stem.compare(i, 3, "%3a") != 0) return std::nullopt;
    out += ':';
    i += 2;
  }
  if (!policy_file_name(out)) return std::nullopt;  // "..json", "x/y.json" and the like
  return out;
}

}  // namespace s3policy::cli
