// A request as the policy evaluator sees it: who asks (anonymous, a user of a project, or an
// unnamed member of a project), which action on which resource, and the request context (the
// condition keys the server would set). Built by `simulate`, by the symbolic exposure analysis
// and by tests; the evaluator only reads it.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "target.h"

namespace s3policy::analysis {

struct Caller {
  enum class Kind {
    Anonymous,  // unsigned request
    User,       // a named user of a project (RGW tenant / AWS account): project + user
    Member,     // some user of `project` whom no user principal names ("any user of project X")
    Role,       // AWS: an IAM role (user = role path + name); sessions of it match too
    Session,    // AWS: arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION (user = ROLE, session)
  };
  Kind kind = Kind::Anonymous;
  std::string project;  // RGW tenant ("" = default tenant) or AWS account ID
  std::string user;     // User: the user ID as RGW stores it (may include an IAM path on AWS);
                        // Member: "" (the account itself, AWS's root) or a stand-in name for
                        // whichever user of the project calls (the exposure analysis's classes;
                        // simulate's project:ID on RGW, where every caller has a name)
  std::string subuser;  // RGW "user:subuser" (Swift subusers); "" when none
  std::string session;  // Session: the session name
  // The caller stands for whichever user calls (a project's users, any authenticated user), so
  // its name is a stand-in: the exposure analysis also tries the names the policy's Conditions
  // compare aws:username with.
  bool stand_in = false;

  static Caller anonymous() { return {}; }
  static Caller member(std::string project) { return {Kind::Member, std::move(project), {}, {}, {}, false}; }
  // Whichever user of `project` calls: aws:username is set, to a stand-in name (home-folder
  // patterns such as "home/${aws:username}/*" reach its own folder).
  static Caller some_member(std::string project) {
    return {Kind::Member, std::move(project), std::string(kSomeMemberName), {}, {}, true};
  }
  static constexpr std::string_view kSomeMemberName = "some-member";
  bool stands_in() const { return stand_in; }
  static Caller named(std::string project, std::string user) {
    return {Kind::User, std::move(project), std::move(user), {}, {}, false};
  }
  // AWS: the IAM role `name` ([PATH/]NAME) of `project`, and its session `session`.
  static Caller role(std::string project, std::string name) {
    return {Kind::Role, std::move(project), std::move(name), {}, {}, false};
  }
  static Caller role_session(std::string project, std::string role, std::string session) {
    return {Kind::Session, std::move(project), std::move(role), {}, std::move(session), false};
  }
  bool authenticated() const { return kind != Kind::Anonymous; }
};

// "anonymous", "user bob of project projectb", "a user of project projectb", ...
std::string describe(const Caller& caller);

// Parses the --principal spellings of `simulate` and `diff`:
//   anonymous | project:ID | user:[TENANT$]UID[:SUBUSER] | TENANT$UID | ARN | 12-digit account
// ARNs: arn:aws:iam::ID:root (= project:ID), arn:aws:iam::ID:user/NAME, on AWS also role/NAME and
// arn:aws:sts::ID:assumed-role/ROLE/SESSION. Returns nullopt and sets `error` otherwise.
std::optional<Caller> parse_caller(std::string_view text, Target target, std::string& error);

// One condition key with its values, as the server puts it into the request (several values only
// for multi-valued keys such as aws:TagKeys).
struct ContextEntry {
  std::string key;
  std::vector<std::string> values;
};

struct Request {
  Caller caller;
  std::string action;    // "s3:GetObject" (an action name, no wildcards)
  std::string resource;  // "arn:aws:s3:::bucket" or "arn:aws:s3:::bucket/key"
  // Bucket owner's project (RGW tenant). RGW fills an empty or "*" account field of policy
  // resources with it and drops resources naming any other tenant.
  std::string owner;
  std::vector<ContextEntry> context;

  const ContextEntry* find(std::string_view key, bool case_sensitive) const;
  void set(std::string key, std::string value);  // replaces every value of the key
  void erase(std::string_view key);
};

enum class Transport { Https, Http };

// Adds the keys the server itself puts into a request, leaving keys already set alone:
// aws:SecureTransport ("true" over HTTPS; over HTTP "false" on AWS and absent on RGW),
// aws:CurrentTime and aws:EpochTime (`now`; RGW swaps their formats), aws:PrincipalType,
// aws:username for named users, aws:PrincipalAccount and aws:PrincipalArn (AWS, signed requests;
// "project:ID" counts as the account root), sts:authentication (RGW) and s3:max-keys for
// listings (RGW).
void add_server_keys(Target target, Request& request, Transport transport, std::int64_t now);

// What add_server_keys adds to an empty request of `caller` (`listing`: sets_listing_keys for its
// action) over `transport`: each key the server sets with its value, in order, to `put`.
void for_each_server_key(Target target, const Caller& caller, bool listing, Transport transport, std::int64_t now,
                         const std::function<void(std::string_view key, std::string_view value)>& put);

// The aws:PrincipalArn AWS sets for a signed request of `caller`: its account's root, IAM user or
// role (a role session's is its role's ARN); "" for the anonymous caller.
std::string aws_principal_arn(const Caller& caller);

// Whether the server sets listing keys (RGW's s3:max-keys) for requests of `action`.
bool sets_listing_keys(Target target, std::string_view action);

// Keys that AWS puts only into a signed request's context: those that describe the principal (its
// ARN, account, organization, tags, the service it is). An anonymous request has none of them, so
// no probe gives them to an anonymous caller. None on RGW, whose keys for_each_server_key models.
bool absent_for_anonymous(Target target, std::string_view key);

// "2026-01-31T12:00:00Z" for epoch seconds.
std::string iso8601(std::int64_t epoch);
std::string format_iso8601(std::int64_t epoch);  // the same, uncached

}  // namespace s3policy::analysis
