#include "analysis/principal_parse.h"

#include <algorithm>
#include <array>
#include <stdexcept>

#include "catalog/ascii.h"
#include "catalog/catalog.h"

namespace s3policy::principal {
namespace {

constexpr std::array<std::string_view, 8> kAwsPartitions = {"aws",     "aws-cn",    "aws-us-gov", "aws-iso",
                                                            "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"};

bool all_of(std::string_view s, bool (*pred)(char)) {
  return !s.empty() && std::all_of(s.begin(), s.end(), pred);
}
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_lower_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f'); }

bool has_wildcard(std::string_view s) { return s.find_first_of("*?") != std::string_view::npos; }

// Splits "arn:P:S:R:A:REST" on its first five colons; REST may contain ':' (RGW subusers).
bool split_arn(std::string_view s, Parsed& p) {
  if (s.substr(0, 4) != "arn:") return false;
  std::array<std::string_view, 4> f;
  std::size_t at = 4;
  for (auto& field : f) {
    const std::size_t colon = s.find(':', at);
    if (colon == std::string_view::npos) return false;
    field = s.substr(at, colon - at);
    at = colon + 1;
  }
  p.is_arn = true;
  p.set(Parsed::kPartition, f[0]);
  p.set(Parsed::kService, f[1]);
  p.set(Parsed::kRegion, f[2]);
  p.set(Parsed::kAccount, f[3]);
  p.set(Parsed::kResource, s.substr(at));
  return true;
}

Parsed malformed(Parsed p, std::string problem) {
  p.kind = Kind::Malformed;
  p.problem = std::move(problem);
  return p;
}

// "user/dept/bob" after the "user/" prefix: path "dept/", name "bob".
void split_path(std::string_view rest, Parsed& p) {
  const std::size_t slash = rest.rfind('/');
  if (slash == std::string_view::npos) {
    p.set(Parsed::kName, rest);
  } else {
    p.set(Parsed::kPath, rest.substr(0, slash + 1));
    p.set(Parsed::kName, rest.substr(slash + 1));
  }
}

std::string quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }

// ---- AWS ---------------------------------------------------------------------------------------

std::string aws_account_problem(std::string_view account) {
  if (account.empty()) return "the account ID is empty (an AWS principal ARN names a 12-digit account)";
  if (is_keystone_project_id(account))
    return "the account " + quoted(account) + " is an OpenStack project ID, not a 12-digit AWS account ID";
  return "the account ID " + quoted(account) + " is not 12 digits";
}

Parsed parse_aws_arn(Parsed p, bool federated) {
  if (std::find(kAwsPartitions.begin(), kAwsPartitions.end(), p.partition()) == kAwsPartitions.end())
    return malformed(p, "unknown partition " + quoted(p.partition()));
  if (has_wildcard(p.text))
    return malformed(p, "AWS allows no wildcards inside a principal ARN (only \"*\" on its own)");
  if (!p.region().empty()) return malformed(p, "IAM and STS principal ARNs have no region");
  const std::string_view r = p.resource();
  const bool iam = p.service() == "iam";
  const bool sts = p.service() == "sts";
  if (!iam && !sts) return malformed(p, "a principal ARN is an IAM or STS ARN, not " + quoted(p.service()));
  // CloudFront origin access identities live in the pseudo-account "cloudfront".
  const bool cloudfront_oai = iam && p.account() == "cloudfront" && r.substr(0, 5) == "user/";
  if (!cloudfront_oai && !is_aws_account_id(p.account())) return malformed(p, aws_account_problem(p.account()));
  if (federated) {
    if (iam && r.substr(0, 14) == "saml-provider/") {
      p.kind = Kind::SamlProvider;
      p.set(Parsed::kName, r.substr(14));
    } else if (iam && r.substr(0, 14) == "oidc-provider/") {
      p.kind = Kind::OidcProvider;
      p.set(Parsed::kName, r.substr(14));
    } else {
      return malformed(p, "a Federated principal ARN names a saml-provider/ or oidc-provider/");
    }
    return p;
  }
  if (iam && r == "root") {
    p.kind = Kind::AccountRoot;
  } else if (iam && r.substr(0, 5) == "user/" && r.size() > 5) {
    p.kind = Kind::User;
    split_path(r.substr(5), p);
  } else if (iam && r.substr(0, 5) == "role/" && r.size() > 5) {
    p.kind = Kind::Role;
    split_path(r.substr(5), p);
  } else if (sts && r.substr(0, 13) == "assumed-role/") {
    const std::string_view rest = r.substr(13);
    const std::size_t slash = rest.find('/');
    if (slash == std::string_view::npos || slash == 0 || slash + 1 == rest.size())
      return malformed(p, "an assumed-role ARN is arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION");
    p.kind = Kind::AssumedRole;
    p.set(Parsed::kName, rest.substr(0, slash));
    p.set(Parsed::kSession, rest.substr(slash + 1));
  } else if (sts && r.substr(0, 15) == "federated-user/" && r.size() > 15) {
    p.kind = Kind::FederatedUser;
    p.set(Parsed::kName, r.substr(15));
  } else if (iam && r.substr(0, 6) == "group/") {
    return malformed(p, "an IAM group cannot be a principal; name its users or use a role");
  } else {
    return malformed(p, "AWS principal ARNs end in root, user/NAME, role/NAME (iam) or assumed-role/ROLE/SESSION, "
                        "federated-user/NAME (sts)");
  }
  return p;
}

Parsed parse_aws(Parsed p) {
  const std::string_view s = p.text;
  if (p.type == "AWS") {
    if (s == "*") {
      p.kind = Kind::Wildcard;
      return p;
    }
    if (split_arn(s, p)) return parse_aws_arn(p, false);
    if (s.substr(0, 4) == "arn:")
      return malformed(p, "not a complete ARN (arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE)");
    if (is_aws_account_id(s)) {
      p.kind = Kind::BareAccount;
      p.set(Parsed::kAccount, s);
      return p;
    }
    if (is_keystone_project_id(s)) return malformed(p, aws_account_problem(s));
    return malformed(p, "neither \"*\", an IAM/STS ARN nor a 12-digit account ID");
  }
  if (p.type == "Federated") {
    if (split_arn(s, p)) return parse_aws_arn(p, true);
    if (s.empty() || s.find_first_of(":/ *") != std::string_view::npos)
      return malformed(p, "a Federated principal is an identity provider's domain or its IAM provider ARN");
    p.kind = Kind::IdentityProvider;
    p.set(Parsed::kName, s);
    return p;
  }
  if (p.type == "CanonicalUser") {
    if (s.size() != 64 || !all_of(s, is_lower_hex))
      return malformed(p, "a canonical user ID is 64 lower-case hexadecimal characters");
    p.kind = Kind::CanonicalUser;
    p.set(Parsed::kName, s);
    return p;
  }
  // Service: AWS publishes no closed list; any host-like name is accepted here.
  if (s.empty() || s.find_first_of(": /") != std::string_view::npos)
    return malformed(p, "a Service principal is a service's host name such as \"logging.s3.amazonaws.com\"");
  p.kind = Kind::Service;
  p.set(Parsed::kName, s);
  return p;
}

// ---- Ceph RGW ----------------------------------------------------------------------------------

// RGW reads AWS and Federated principals alike: "*", an ARN parsed without wildcards in its first
// five fields (the resource part may hold '*' and ':'), or a tenant name without ':' or '/'.
// The service field is not checked, so "arn:aws:s3::t:root" is tenant t too.
Parsed parse_rgw(Parsed p, Target target) {
  const std::string_view s = p.text;
  if (p.type == "Service" || p.type == "CanonicalUser") {
    p.kind = p.type == "Service" ? Kind::Service : Kind::CanonicalUser;
    p.set(Parsed::kName, s);
    return p;
  }
  if (s == "*") {
    p.kind = Kind::Wildcard;
    return p;
  }
  if (split_arn(s, p)) {
    for (std::string_view f : {p.partition(), p.service(), p.region(), p.account()})
      if (f.find('*') != std::string_view::npos)
        return malformed(p, "RGW reads principal ARNs without wildcards: " + quoted(f) + " is not \"any\"");
    const auto& parts = catalog_for(target).facts().arn_partitions;
    if (std::find(parts.begin(), parts.end(), p.partition()) == parts.end())
      return malformed(p, "unknown partition " + quoted(p.partition()));
    const std::string_view r = p.resource();
    const std::size_t slash = r.find('/');
    const std::string_view head = r.substr(0, slash);
    const std::string_view rest = slash == std::string_view::npos ? std::string_view{} : r.substr(slash + 1);
    if (r == "root") {
      p.kind = Kind::AccountRoot;
    } else if (slash != std::string_view::npos && head == "user") {
      p.kind = Kind::User;
      split_path(rest, p);
      if (const std::size_t colon = p.name().find(':'); colon != std::string_view::npos) {
        p.set(Parsed::kSubuser, p.name().substr(colon + 1));
        p.set(Parsed::kName, p.name().substr(0, colon));
      }
    } else if (slash != std::string_view::npos && head == "role") {
      p.kind = Kind::Role;
      split_path(rest, p);
    } else if (slash != std::string_view::npos && head == "assumed-role") {
      p.kind = Kind::AssumedRole;
      const std::size_t s2 = rest.find('/');
      p.set(Parsed::kName, rest.substr(0, s2));
      if (s2 != std::string_view::npos) p.set(Parsed::kSession, rest.substr(s2 + 1));
    } else if (slash != std::string_view::npos && head == "oidc-provider") {
      p.kind = Kind::OidcProvider;
      p.set(Parsed::kName, rest);
    } else {
      return malformed(p, "RGW knows principal ARNs ending in root, user/NAME, role/NAME, "
                          "assumed-role/ROLE/SESSION or oidc-provider/HOST");
    }
    constexpr auto npos = std::string_view::npos;
    p.wildcard_in_name = p.kind == Kind::User && (p.name().find('*') != npos || p.name().find('?') != npos);
    // (Not "${...}": a template's interpolation, such as Terraform's, is no user ID.)
    if (const std::size_t dollar = s.find('$'); dollar != npos && s.find("${", dollar) == npos)
      p.tenant_in_name = (p.kind == Kind::AccountRoot && p.account().find('$') != npos) ||
                         (p.kind == Kind::User && (p.account().find('$') != npos || p.name().find('$') != npos));
    return p;
  }
  if (s.find_first_of(":/") == std::string_view::npos && !s.empty()) {
    p.kind = Kind::BareAccount;
    p.set(Parsed::kAccount, s);
    p.tenant_in_name = s.find('$') != std::string_view::npos && s.find("${") == std::string_view::npos;
    return p;
  }
  if (s.substr(0, 4) == "arn:")
    return malformed(p, "not a complete ARN (arn:PARTITION:SERVICE:REGION:TENANT:RESOURCE)");
  return malformed(p, "neither \"*\", an ARN nor a tenant name (a tenant name has no ':' or '/')");
}

}  // namespace

std::string_view kind_name(Kind kind) {
  switch (kind) {
    case Kind::Wildcard: return "everyone";
    case Kind::AccountRoot: return "account root";
    case Kind::BareAccount: return "account";
    case Kind::User: return "user";
    case Kind::Role: return "role";
    case Kind::AssumedRole: return "assumed-role session";
    case Kind::FederatedUser: return "federated user";
    case Kind::OidcProvider: return "OIDC provider";
    case Kind::SamlProvider: return "SAML provider";
    case Kind::Service: return "service";
    case Kind::IdentityProvider: return "identity provider";
    case Kind::CanonicalUser: return "canonical user";
    case Kind::UnknownType: return "unknown principal type";
    case Kind::Malformed: return "malformed principal";
  }
  return "principal";
}

static_assert(sizeof(Parsed) <= 144, "every principal of a file is kept while it is linted");

void Parsed::set(Part which, std::string_view value) {
  // Views of `text` only (an empty one may come from anywhere).
  const auto at = value.empty() ? 0 : static_cast<std::size_t>(value.data() - text.data());
  if (at + value.size() > text.size()) throw std::logic_error("principal part outside its text");
  pieces_[which] = {static_cast<std::uint32_t>(at), static_cast<std::uint32_t>(value.size())};
}

std::optional<std::string_view> Parsed::project() const {
  if (tenant_in_name || wildcard_in_name) return std::nullopt;
  switch (kind) {
    case Kind::AccountRoot:
    case Kind::BareAccount:
    case Kind::User:
    case Kind::Role:
    case Kind::AssumedRole:
    case Kind::FederatedUser:
      return account();
    default:
      return std::nullopt;
  }
}

Parsed parse(std::string_view type, std::string_view value, Target target) {
  Parsed p;
  p.type = type;
  p.text = value;
  if (type == "*") {  // the bare-string form: `"Principal": "..."`
    if (value == "*") {
      p.kind = Kind::Wildcard;
      return p;
    }
    return malformed(p, "a Principal given as a string must be \"*\"; name anything else inside an object "
                        "such as {\"AWS\": \"...\"}");
  }
  if (!is_principal_type(type)) {
    p.kind = Kind::UnknownType;
    p.problem = "unknown principal type " + quoted(type) + " (the types are AWS, Service, Federated and CanonicalUser)";
    return p;
  }
  return is_ceph(target) ? parse_rgw(p, target) : parse_aws(p);
}

bool is_principal_type(std::string_view type) {
  return type == "AWS" || type == "Service" || type == "Federated" || type == "CanonicalUser";
}

bool is_keystone_project_id(std::string_view s) { return s.size() == 32 && all_of(s, is_lower_hex); }

bool is_local_only_user(std::string_view project, std::string_view user) {
  return is_keystone_project_id(project) && user != project;
}

bool is_aws_account_id(std::string_view s) { return s.size() == 12 && all_of(s, is_digit); }

std::optional<std::string_view> iam_arn_account(std::string_view arn) {
  constexpr std::string_view kPrefix = "arn:aws:iam::";
  if (!arn.starts_with(kPrefix)) return std::nullopt;
  arn.remove_prefix(kPrefix.size());
  const std::string_view account = arn.substr(0, arn.find(':'));
  if (account.size() == arn.size() || !is_aws_account_id(account)) return std::nullopt;
  return account;
}

std::string principal_arn_problem(std::string_view text) {
  // The first five fields (arn, partition, service, region, account) and where the sixth starts.
  std::string_view fields[5];
  std::size_t at = 0;
  for (std::string_view& f : fields) {
    const std::size_t colon = text.find(':', at);
    if (colon == std::string_view::npos) {
      // Not an ARN, unless a wildcard could stand for the rest ("arn:aws:iam::*", StringLike).
      return has_wildcard(text) ? "" : "is not an ARN";
    }
    f = text.substr(at, colon - at);
    at = colon + 1;
  }
  if (has_wildcard(text.substr(0, at))) return {};
  if (fields[0] != "arn") return "is not an ARN";
  if (fields[2] != "iam" && fields[2] != "sts")
    return "is a \"" + std::string(fields[2]) +
           "\" ARN, not a principal's (arn:aws:iam::ACCOUNT:root, user/NAME, role/NAME)";
  if (!is_aws_account_id(fields[4]) && fields[4] != "cloudfront")
    return "names the account \"" + std::string(fields[4]) + "\", which is not 12 digits";
  // The resource's literal head: a principal's is root, user/..., role/... (iam) or
  // federated-user/... (sts); a role session's aws:PrincipalArn is its role's ARN.
  const std::string_view resource = text.substr(at);
  const std::string_view head = resource.substr(0, resource.find_first_of("*?"));
  const bool whole = head.size() == resource.size();
  auto fits = [&](std::string_view type) {  // "user/" fits "user/bob", "us*" and "user/*"
    return whole ? (type == "root" ? resource == type : resource.starts_with(type) && resource.size() > type.size())
                 : head.starts_with(type) || type.starts_with(head);
  };
  if (fields[2] == "iam" && !fits("root") && !fits("user/") && !fits("role/")) {
    const std::string type(resource.substr(0, resource.find('/')));
    return type == "group" ? "names an IAM group, which is never the caller (its users are)"
                           : "is an IAM \"" + type + "\" ARN, not a principal's (root, user/NAME, role/NAME)";
  }
  if (fields[2] == "sts" && !fits("federated-user/"))
    return resource.starts_with("assumed-role/") ? "is a role session's ARN, but a session's aws:PrincipalArn is its "
                                                   "role's (arn:aws:iam::ACCOUNT:role/NAME)"
                                                 : "is an STS ARN that names no caller (only federated-user/NAME does)";
  return {};
}

bool is_rgw_account_id(std::string_view s) {
  return s.size() == 20 && s.substr(0, 3) == "RGW" && all_of(s.substr(3), is_digit);
}

bool looks_like_placeholder(std::string_view s) {
  if (s.find_first_of("<>{}") != std::string_view::npos) return true;
  const std::string l = ascii::to_lower(s);
  for (std::string_view marker : {"account-id", "accountid", "account_id", "account-number", "accountnumber",
                                  "acct-id", "acctid", "acct_id", "project_id", "project-id", "projectid", "replace",
                                  "your-", "your_", "example"})
    if (l.find(marker) != std::string::npos) return true;
  // "AccountB-ID", "source-bucket-owner-ID": an ID placeholder spelled out
  return l.size() > 3 && (l.ends_with("-id") || l.ends_with("_id"));
}

}  // namespace s3policy::principal
