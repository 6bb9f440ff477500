// Classifies one principal string as a given target reads it. AWS and Ceph RGW parse the same
// text differently: on AWS an account is 12 digits and wildcards inside ARNs are refused; on RGW
// the account field is a tenant (an OpenStack project ID, a plain name, or empty for the default
// tenant), a name without ':' or '/' is a tenant, and a user may be "USER:subuser". Rules (and the
// access analysis) read the result; nothing here reports or formats findings.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "policy.h"
#include "target.h"

namespace s3policy::principal {

enum class Kind : std::uint8_t {
  Wildcard,       // "*" or {"AWS": "*"}: everyone, including anonymous callers
  AccountRoot,    // arn:aws:iam::ACCOUNT:root (AWS account / RGW tenant, "" = RGW default tenant)
  BareAccount,    // "123456789012" (AWS) or "projectb" (RGW tenant without an ARN)
  User,           // ...:user/[PATH/]NAME, on RGW NAME may be "USER:subuser" or "USER:*"
  Role,           // ...:role/[PATH/]NAME
  AssumedRole,    // arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION
  FederatedUser,  // arn:aws:sts::ACCOUNT:federated-user/NAME (AWS only)
  OidcProvider,   // ...:oidc-provider/HOST
  SamlProvider,   // arn:aws:iam::ACCOUNT:saml-provider/NAME (AWS Federated only)
  Service,        // {"Service": "logging.s3.amazonaws.com"}
  IdentityProvider,  // {"Federated": "accounts.google.com"} (AWS web identity providers)
  CanonicalUser,  // {"CanonicalUser": "79a5..."}
  UnknownType,    // {"Bogus": "x"}, {"aws": "..."}: a key that is not a principal type
  Malformed,      // the target cannot read the string as a principal (see `problem`)
};
std::string_view kind_name(Kind kind);  // "account root", "user", ... for messages

struct Parsed {
  Kind kind = Kind::Malformed;
  bool is_arn = false;
  // RGW: a '$' in the tenant or the user name ("arn:aws:iam:::user/projectb$bob", "projectb$bob"),
  // as RGW prints a user ID. RGW accepts the principal and compares the text as written, and no
  // tenant or user name has a '$': it matches no one (measured on 16.2.15). Not a project's.
  bool tenant_in_name = false;
  // RGW: a '*' or '?' in a user name ("user/*", "user/b*"; not the subuser form "USER:*"): RGW
  // compares the name as written, no wildcard, so no user matches (measured on 16.2.15).
  bool wildcard_in_name = false;
  std::string_view type;  // the principal type as written ("*" for the bare-string form)
  std::string_view text;  // the whole string
  // Malformed and UnknownType: why the target cannot read it, lower-case, no trailing period,
  // without the principal itself ("the account ID \"x\" is not 12 digits").
  std::string problem;

  // Parts of `text`:
  std::string_view partition() const { return part(kPartition); }  // ARN fields when is_arn
  std::string_view service() const { return part(kService); }
  std::string_view region() const { return part(kRegion); }
  std::string_view account() const { return part(kAccount); }
  std::string_view resource() const { return part(kResource); }
  // user/role/provider/service name, canonical ID; the ROLE of a session
  std::string_view name() const { return part(kName); }
  std::string_view path() const { return part(kPath); }        // IAM path with its slashes ("dept/"), "" when none
  std::string_view subuser() const { return part(kSubuser); }  // RGW "USER:subuser": after the ':' ("*": every subuser)
  std::string_view session() const { return part(kSession); }  // AssumedRole: the session name

  // The project (RGW tenant, AWS account) whose identities the principal names, if any. Empty
  // string for RGW's default tenant; nullopt for wildcards, services, providers, malformed text,
  // tenant_in_name and wildcard_in_name.
  std::optional<std::string_view> project() const;

  enum Part : std::uint8_t { kPartition, kService, kRegion, kAccount, kResource, kName, kPath, kSubuser, kSession };
  // `value` must be a part of `text` (the parser sets them).
  void set(Part which, std::string_view value);

 private:
  // Offsets into `text`, not views: every principal of a policy is parsed once and kept for the
  // whole lint of the file (rules/per_item.h), 232 bytes each as views, 144 so.
  struct Piece {
    std::uint32_t at = 0, size = 0;
  };
  std::string_view part(Part which) const {
    const Piece p = pieces_[which];
    return text.substr(p.at, p.size);
  }
  Piece pieces_[kSession + 1];
};

Parsed parse(std::string_view type, std::string_view value, Target target);
inline Parsed parse(const PrincipalItem& item, Target target) { return parse(item.type, item.value.text, target); }

// The four principal types the policy language has (case-sensitive).
bool is_principal_type(std::string_view type);
// 32 lower-case hexadecimal characters: an OpenStack Keystone project ID.
bool is_keystone_project_id(std::string_view s);
// On RGW, the user `user` of the project `project` can only be a local RGW user: the project is a
// Keystone project ID, and every user who signs with its Keystone EC2 credentials is one RGW user
// named after the project (measured by online_keystone), so `user`, another name, is none of them.
bool is_local_only_user(std::string_view project, std::string_view user);
// 12 decimal digits.
bool is_aws_account_id(std::string_view s);
// The account of an IAM ARN in the aws partition whose account field is a literal account ID
// ("arn:aws:iam::111122223333:role/*": "111122223333"): what a value compared with
// aws:PrincipalArn can name. nullopt for anything else (a wildcard account, STS, other partitions).
std::optional<std::string_view> iam_arn_account(std::string_view arn);
// Why no caller's aws:PrincipalArn (AWS) can be `text`, or match it as a pattern: empty when
// one can, or when that cannot be told (a wildcard before the resource field). Every principal ARN
// is arn:PARTITION:iam|sts::ACCOUNT:..., ACCOUNT 12 digits (or CloudFront's "cloudfront").
std::string principal_arn_problem(std::string_view text);
// "RGW" and 17 digits: a Ceph User Account (Squid and later).
bool is_rgw_account_id(std::string_view s);
// Template text rather than a value: "<account-id>", "${AWS::AccountId}", "AccountB-ID",
// "PROJECT_ID", "REPLACE_ME". Used to phrase findings ("replace the placeholder"), never to hide them.
bool looks_like_placeholder(std::string_view s);

}  // namespace s3policy::principal
