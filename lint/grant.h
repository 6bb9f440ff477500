// `s3policy grant` / `revoke`: the seed workflow ("let project B read bucket X") as a command that
// writes a minimal, correct policy for the target instead of a hand-written one. Existing
// policies are edited as text: only the statements s3policy adds or removes change; every other
// byte (formatting, order, other statements) stays as the user wrote it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "target.h"

namespace s3policy {

enum class Access { List, Read, Write, ReadWrite, Full };
std::optional<Access> parse_access(const std::string& name);  // list, read, write, readwrite, full

struct GrantRequest {
  std::string bucket;
  std::string project;  // RGW tenant / OpenStack project ID, or a 12-digit AWS account
  std::string user;     // optional: one user of that project
  Access access = Access::Read;
  std::string prefix;  // optional: limit to keys under this prefix
  bool https_only = false;
  std::vector<std::string> source_ips;  // CIDRs
  Target target = kDefaultTarget;
  // The bucket owner's project, "" when unknown. On RGW a grantee's uploads belong to its users
  // (measured), so a grant that lets it write also lets this project read them.
  std::string owner;
};

struct EditResult {
  std::string text;                   // the new policy
  std::vector<std::string> messages;  // what was added, replaced, removed or left alone
  std::string error;                  // non-empty: nothing was changed
};

// The actions each access level needs, bucket-level and object-level.
struct AccessActions {
  std::vector<std::string> bucket;
  std::vector<std::string> object;
};
AccessActions actions_for(Access access);

// Adds (or replaces, by Sid) the grant's statements in `existing` (empty: a new policy).
EditResult add_grant(const std::string& existing, const GrantRequest& request);

// Removes the statements that grant only to `project` (and `user`, when given) on `bucket`, and
// the owner's read of their uploads that add_grant wrote with them (by its Sid).
EditResult revoke_grant(const std::string& existing, const std::string& bucket, const std::string& project,
                        const std::string& user);

}  // namespace s3policy
