// `s3policy grant` and `s3policy revoke`: write or edit a bucket policy that shares a bucket with
// another project, correctly for the target (docs/sharing-a-bucket.md).
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "analysis/principal_parse.h"
#include "cli/analysis_common.h"
#include "cli/cli.h"
#include "cli/command_args.h"
#include "cli/commands.h"
#include "engine.h"
#include "grant.h"
#include "rule.h"

namespace s3policy::cli {

namespace {

// "PROJECT" or "PROJECT:user/USER".
bool split_grantee(const std::string& to, std::string& project, std::string& user) {
  const auto colon = to.find(':');
  project = to.substr(0, colon);
  user.clear();
  if (colon == std::string::npos) return !project.empty();
  if (to.compare(colon + 1, 5, "user/") != 0) return false;
  user = to.substr(colon + 6);
  return !project.empty() && !user.empty();
}

std::optional<std::string> read_policy(const std::string& path, std::string& text) {
  if (path.empty()) return std::nullopt;
  FileResult r = read_input(path, InputLimits{});
  if (r.error) return path + ": " + *r.error;
  text = std::move(r.source.bytes);
  return std::nullopt;
}

// The edit is written even when the target refuses the result for what the policy already had (the
// edit does not make it worse, and the user may be fixing it step by step), but it is said: the
// bucket keeps its current policy until those are fixed.
int finish(const EditResult& edit, const std::string& policy_path, bool in_place, const InputConfig& cfg) {
  if (!edit.error.empty()) return usage_error(edit.error);
  for (const std::string& m : edit.messages) std::cerr << "s3policy: " << m << '\n';
  const std::string written = in_place ? policy_path : "<output>";
  const auto refusals = target_refusals(SourceFile{written, edit.text}, cfg);
  if (!refusals.empty())
    std::cerr << "s3policy: "
              << refusal_text(cfg.settings.target, written, refusals, "the result",
                              "these were in the policy before this edit", "");
  if (!in_place) {
    std::cout << edit.text << std::flush;
    return std::cout ? kExitClean : usage_error("cannot write the policy to stdout");
  }
  const std::string tmp = policy_path + ".s3policy-grant.tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << edit.text << std::flush;
    if (!out) return usage_error("cannot write " + tmp);
  }
  std::error_code ec;
  std::filesystem::rename(tmp, policy_path, ec);
  if (ec) return usage_error("cannot replace " + policy_path + ": " + ec.message());
  std::cerr << "s3policy: updated " << policy_path << '\n';
  return kExitClean;
}

}  // namespace

int grant_command(const GrantArgs& a) {
  // The target and project names as lint has them for --policy (else the current directory).
  std::string error;
  const auto cfg = analysis_config(a.policy.empty() ? "-" : a.policy, a.config, a.target, a.owner, "", error);
  if (!cfg) return usage_error(error);
  GrantRequest r;
  r.bucket = a.bucket;
  if (!split_grantee(a.to, r.project, r.user))
    return usage_error("--to: expected PROJECT or PROJECT:user/USER, not \"" + a.to + "\"");
  const auto project = project_id(r.project, cfg->settings.projects, error);
  if (!project) return usage_error("--to: " + error);
  r.project = *project;
  const auto access = parse_access(a.access);
  if (!access) return usage_error("--access: use list, read, write, readwrite or full");
  r.access = *access;
  r.prefix = a.prefix;
  r.https_only = a.https_only;
  r.source_ips = a.source_ips;
  r.target = cfg->settings.target;
  const auto owner = cfg->settings.projects.owner.empty()
                         ? std::optional<std::string>("")
                         : project_id(cfg->settings.projects.owner, cfg->settings.projects, error);
  if (!owner) return usage_error("--owner: " + error);
  r.owner = *owner;
  if (a.in_place && a.policy.empty()) return usage_error("--in-place needs --policy FILE");
  // Without the owner, the owner's read of the grantee's uploads cannot be written: lint's S3P612
  // will report the grant.
  if (is_ceph(r.target) && r.owner.empty() && a.access != "list" && a.access != "read")
    std::cerr << "s3policy: warning: on RGW the objects " << r.project
              << " uploads belong to its users, and the bucket owner's project can read them only if the policy "
                 "lets it; give --owner (or projects.owner in .s3policy.json) to add that statement "
                 "(S3P612 owner-cannot-read-uploads)\n";
  // Written as asked (a local RGW user may have that name), but lint's S3P402 would warn about it.
  if (is_ceph(r.target) && !r.user.empty() && principal::is_local_only_user(r.project, r.user))
    std::cerr << "s3policy: warning: " << r.project
              << " is an OpenStack project ID: RGW takes every user of it who signs with Keystone EC2 credentials "
                 "as one user named after the project, so user/"
              << r.user << " matches none of them, only a local RGW user of that name (--to " << r.project
              << " grants the whole project)\n";
  // The statements grant writes, alone: a target that refuses them (a 32-character project ID is no
  // AWS account) refuses every policy that holds them, so nothing is written.
  const EditResult alone = add_grant("", r);
  if (alone.error.empty())
    if (const auto refused = target_refusals(SourceFile{"<grant>", alone.text}, *cfg); !refused.empty())
      return usage_error(std::string(target_info(r.target).display) + " would refuse the statement for --to " + a.to +
                         " (" + std::string(refused.front().rule->id) + " " + std::string(refused.front().rule->name) +
                         ": " + refused.front().message + "); nothing written");
  std::string existing;
  if (auto e = read_policy(a.policy, existing)) return usage_error(*e);
  return finish(add_grant(existing, r), a.policy, a.in_place, *cfg);
}

int revoke_command(const GrantArgs& r) {
  std::string error;
  const auto cfg = analysis_config(r.policy, r.config, "", "", "", error);
  if (!cfg) return usage_error(error);
  std::string project, user;
  if (!split_grantee(r.to, project, user))
    return usage_error("--from: expected PROJECT or PROJECT:user/USER, not \"" + r.to + "\"");
  const auto id = project_id(project, cfg->settings.projects, error);
  if (!id) return usage_error("--from: " + error);
  project = *id;
  std::string existing;
  if (auto e = read_policy(r.policy, existing)) return usage_error(*e);
  return finish(revoke_grant(existing, r.bucket, project, user), r.policy, r.in_place, *cfg);
}

}  // namespace s3policy::cli
