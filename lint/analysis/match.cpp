#include "analysis/match.h"

#include <optional>
#include <string>

#include "catalog/ascii.h"
#include "catalog/catalog.h"
#include "catalog/wildcard.h"

namespace s3policy::analysis {

std::string literal(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = c == '*' ? kLiteralStar : c == '?' ? kLiteralQuestion : c;
  return out;
}

std::string unliteral(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = c == kLiteralStar ? '*' : c == kLiteralQuestion ? '?' : c;
  return out;
}
namespace {

// Splits "arn:P:S:R:A:REST" into its five fields and the rest; false when there are fewer fields.
struct ArnFields {
  std::string_view partition, service, region, account, resource;
};
bool split_arn(std::string_view s, ArnFields& out) {
  if (!s.starts_with("arn:")) return false;
  std::string_view f[4];
  std::size_t at = 4;
  // The fields before the resource are short: a scan costs less than four calls to find.
  for (auto& field : f) {
    std::size_t colon = at;
    while (colon < s.size() && s[colon] != ':') ++colon;
    if (colon == s.size()) return false;
    field = std::string_view(s.data() + at, colon - at);
    at = colon + 1;
  }
  out = {f[0], f[1], f[2], f[3], s.substr(at)};
  return true;
}

}  // namespace

bool like_match(Target target, std::string_view pattern, std::string_view text) {
  return is_ceph(target) ? rgw_wildcard_match(pattern, text, false) : wildcard_match(pattern, text, false);
}

bool action_matches(Target target, std::string_view pattern, std::string_view action) {
  if (!is_ceph(target)) return wildcard_match(pattern, action, true);
  // RGW tests only the first character for "every action".
  if (!pattern.empty() && pattern.front() == '*') return true;
  return rgw_wildcard_match_fields(pattern, action, true);
}

ResourceItem match_resource(Target target, std::string_view pattern, std::string_view request_arn,
                            std::string_view owner) {
  if (!is_ceph(target)) {
    if (pattern == "*") return ResourceItem::Matches;
    return wildcard_match(pattern, request_arn, false) ? ResourceItem::Matches : ResourceItem::NoMatch;
  }
  ArnFields req;
  if (!split_arn(request_arn, req)) return ResourceItem::NoMatch;
  // The request's own account field is not read: a bucket policy is only ever evaluated for
  // requests to its bucket, whose tenant is `owner`.
  if (pattern == "*") return ResourceItem::Matches;
  ArnFields pat;
  if (!split_arn(pattern, pat)) return ResourceItem::Dropped;
  const TargetFacts& facts = catalog_for(target).facts();
  if (!facts.resource_part_may_contain_colon && pat.resource.find(':') != std::string_view::npos)
    return ResourceItem::Dropped;
  bool partition_known = false;
  for (const std::string& p : facts.arn_partitions) partition_known |= p == pat.partition;
  if (!partition_known) return ResourceItem::Dropped;
  // The account field: empty and "*" stand for the owner's tenant; another tenant is dropped.
  if (!pat.account.empty() && pat.account != "*" && pat.account != owner) return ResourceItem::Dropped;
  if (pat.partition != "*" && pat.partition != req.partition) return ResourceItem::NoMatch;
  if (pat.service != "*" && pat.service != req.service) return ResourceItem::NoMatch;
  if (!rgw_wildcard_match(pat.region, req.region, false)) return ResourceItem::NoMatch;
  return rgw_wildcard_match(pat.resource, req.resource, false) ? ResourceItem::Matches : ResourceItem::NoMatch;
}

namespace {

std::optional<std::string> substitute_resource(std::string_view pattern, const Request& r) {
  std::string out;
  while (true) {
    const std::size_t open = pattern.find("${");
    const std::size_t close = open == std::string_view::npos ? open : pattern.find('}', open);
    if (close == std::string_view::npos) break;
    out += pattern.substr(0, open);
    std::string_view inner = pattern.substr(open + 2, close - open - 2);
    std::optional<std::string_view> fallback;
    if (const std::size_t comma = inner.find(','); comma != std::string_view::npos) {
      std::string_view d = inner.substr(comma + 1);
      while (!d.empty() && d.front() == ' ') d.remove_prefix(1);
      if (d.size() >= 2 && d.front() == '\'' && d.back() == '\'') fallback = d.substr(1, d.size() - 2);
      inner = inner.substr(0, comma);
    }
    if (inner == "*" || inner == "?" || inner == "$") {
      out += literal(inner);
    } else if (const ContextEntry* e = r.find(inner, false); e != nullptr && !e->values.empty()) {
      out += literal(e->values.front());
    } else if (fallback) {
      out += literal(*fallback);
    } else {
      return std::nullopt;
    }
    pattern.remove_prefix(close + 1);
  }
  return out + std::string(pattern);
}

}  // namespace

std::optional<std::string> fill_policy_variables(std::string_view text, const Request& request) {
  if (text.find("${") == std::string_view::npos) return std::string(text);
  auto filled = substitute_resource(text, request);
  if (!filled) return std::nullopt;
  return unliteral(*filled);
}

ResourceItem match_resource(Target target, std::string_view pattern, const Request& request) {
  if (is_ceph(target) || pattern.find("${") == std::string_view::npos)
    return match_resource(target, pattern, request.resource, request.owner);
  const auto substituted = substitute_resource(pattern, request);
  if (!substituted) return ResourceItem::NoMatch;
  return match_resource(target, *substituted, literal(request.resource), request.owner);
}

bool principal_kept(Target target, const principal::Parsed& p) {
  using principal::Kind;
  switch (p.kind) {
    case Kind::Malformed:
    case Kind::UnknownType:
      return false;
    case Kind::Service:
    case Kind::CanonicalUser:
    case Kind::IdentityProvider:
    case Kind::SamlProvider:
    case Kind::FederatedUser:
      return !is_ceph(target) || catalog_for(target).principal_behavior(p.type) == Behavior::Accept;
    default:
      return true;
  }
}

namespace {

// RGW's identity check for a local user (the anonymous caller is the user "anonymous" of the
// default tenant, which is why arn:aws:iam:::root names it).
bool rgw_names(const principal::Parsed& p, const Caller& c) {
  using principal::Kind;
  const std::string_view tenant = c.kind == Caller::Kind::Anonymous ? std::string_view() : c.project;
  const std::string_view uid = c.kind == Caller::Kind::Anonymous ? std::string_view("anonymous") : c.user;
  const bool is_user = c.kind == Caller::Kind::User || c.kind == Caller::Kind::Anonymous;
  // Kept (they count for NotPrincipal), but no identity has a '$', and a '*' in a name is no wildcard.
  if (p.tenant_in_name || p.wildcard_in_name) return false;
  switch (p.kind) {
    case Kind::Wildcard:
      return true;
    case Kind::AccountRoot:
    case Kind::BareAccount:
      return p.account() == tenant;
    case Kind::User: {
      if (!is_user || p.account() != tenant) return false;
      // RGW compares everything after "user/" (so an IAM path never matches) with the user ID,
      // "UID:*" and "UID:SUBUSER".
      const std::string_view id = p.resource().substr(5);
      if (id == uid) return true;
      // What follows "UID:" in the principal, if it starts so.
      if (id.size() <= uid.size() || !id.starts_with(uid) || id[uid.size()] != ':') return false;
      const std::string_view rest = id.substr(uid.size() + 1);
      return rest == "*" || (!c.subuser.empty() && rest == c.subuser);
    }
    default:
      return false;  // roles, sessions, providers: never a local user
  }
}

bool aws_names(const principal::Parsed& p, const Caller& c) {
  using principal::Kind;
  using CK = Caller::Kind;
  switch (p.kind) {
    case Kind::Wildcard:
      return true;
    case Kind::AccountRoot:
    case Kind::BareAccount:
      return c.authenticated() && p.account() == c.project;
    case Kind::User:
      return c.kind == CK::User && p.account() == c.project && p.resource().substr(5) == c.user;
    case Kind::Role:
      if (p.account() != c.project) return false;
      if (c.kind == CK::Role) return p.resource().substr(5) == c.user;
      return c.kind == CK::Session && p.name() == c.user;  // a role principal covers its sessions
    case Kind::AssumedRole:
      return c.kind == CK::Session && p.account() == c.project && p.name() == c.user && p.session() == c.session;
    default:
      return false;
  }
}

}  // namespace

bool principal_names(Target target, const principal::Parsed& p, const Caller& caller) {
  if (!principal_kept(target, p)) return false;
  return is_ceph(target) ? rgw_names(p, caller) : aws_names(p, caller);
}

}  // namespace s3policy::analysis
