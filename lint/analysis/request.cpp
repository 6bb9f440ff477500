#include "analysis/request.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <ctime>
#include <functional>
#include <iterator>

#include "analysis/principal_parse.h"
#include "catalog/ascii.h"

namespace s3policy::analysis {

std::string describe(const Caller& c) {
  const std::string project = c.project.empty() ? "the default tenant" : "project " + c.project;
  switch (c.kind) {
    case Caller::Kind::Anonymous:
      return "anonymous";
    case Caller::Kind::User:
      return "user " + c.user + (c.subuser.empty() ? "" : ":" + c.subuser) + " of " + project;
    case Caller::Kind::Member:
      return "a user of " + project;
    case Caller::Kind::Role:
      return "role " + c.user + " of " + project;
    case Caller::Kind::Session:
      return "session " + c.session + " of role " + c.user + " of " + project;
  }
  return "";
}

namespace {

Caller user_caller(std::string_view tenant, std::string_view uid) {
  Caller c = Caller::named(std::string(tenant), std::string(uid));
  if (const auto colon = c.user.find(':'); colon != std::string::npos) {
    c.subuser = c.user.substr(colon + 1);
    c.user.resize(colon);
  }
  return c;
}

}  // namespace

std::optional<Caller> parse_caller(std::string_view text, Target target, std::string& error) {
  if (text == "anonymous") return Caller::anonymous();
  if (text.starts_with("project:")) return Caller::member(std::string(text.substr(8)));
  if (text.starts_with("user:")) text.remove_prefix(5);
  if (!text.starts_with("arn:")) {
    if (principal::is_aws_account_id(text)) return Caller::member(std::string(text));
    if (text.empty() || text.find_first_of("/ ") != std::string_view::npos) {
      error = "expected anonymous, project:ID, user:[TENANT$]UID, TENANT$UID or a principal ARN";
      return std::nullopt;
    }
    const auto dollar = text.find('$');
    if (dollar == std::string_view::npos) return user_caller("", text);
    return user_caller(text.substr(0, dollar), text.substr(dollar + 1));
  }
  const principal::Parsed p = principal::parse("AWS", text, target);
  using principal::Kind;
  Caller c;
  c.project = std::string(p.account());
  switch (p.kind) {
    case Kind::AccountRoot:
      c.kind = Caller::Kind::Member;
      return c;
    case Kind::User:
      return user_caller(p.account(), p.resource().substr(5));
    case Kind::Role:
      c.kind = Caller::Kind::Role;
      c.user = std::string(p.resource().substr(5));
      return c;
    case Kind::AssumedRole:
      c.kind = Caller::Kind::Session;
      c.user = std::string(p.name());
      c.session = std::string(p.session());
      return c;
    default:
      error = p.problem.empty() ? "not a principal that can make a request" : p.problem;
      return std::nullopt;
  }
}

const ContextEntry* Request::find(std::string_view key, bool case_sensitive) const {
  for (const ContextEntry& e : context)
    if (case_sensitive ? e.key == key : ascii::equal_ci(e.key, key)) return &e;
  return nullptr;
}

void Request::set(std::string key, std::string value) {
  erase(key);
  context.push_back({std::move(key), {std::move(value)}});
}

namespace {

// Every probe request of the exposure analysis carries the same "now": formatted once.
const std::string& cached_iso8601(std::int64_t epoch) {
  thread_local std::int64_t last = -1;
  thread_local std::string last_text;
  if (epoch == last && !last_text.empty()) return last_text;
  last = epoch;
  last_text = format_iso8601(epoch);
  return last_text;
}

}  // namespace

std::string iso8601(std::int64_t epoch) { return cached_iso8601(epoch); }

std::string format_iso8601(std::int64_t epoch) {
  const auto t = static_cast<std::time_t>(epoch);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

void for_each_server_key(Target target, const Caller& caller, bool listing, Transport transport, std::int64_t now,
                         const std::function<void(std::string_view key, std::string_view value)>& put) {
  const bool ceph = is_ceph(target);
  if (transport == Transport::Https)
    put("aws:SecureTransport", "true");
  else if (!ceph)
    put("aws:SecureTransport", "false");
  // Both on the stack: the same text as std::to_string and iso8601, without their strings.
  char seconds_text[24];
  const std::string_view seconds(seconds_text,
                                 static_cast<std::size_t>(std::to_chars(seconds_text, std::end(seconds_text), now).ptr -
                                                          seconds_text));
  char iso_text[32];
  const std::string& cached = cached_iso8601(now);
  const std::string_view iso(iso_text, std::min(cached.size(), sizeof iso_text));
  std::copy_n(cached.data(), iso.size(), iso_text);
  put("aws:CurrentTime", ceph ? seconds : iso);
  put("aws:EpochTime", ceph ? iso : seconds);
  using K = Caller::Kind;
  const K k = caller.kind;
  if (ceph) {
    put("aws:PrincipalType", "User");
    put("sts:authentication", "false");
    // The anonymous caller is RGW's user "anonymous" (measured: aws:username is set for it too).
    if (k == K::User || k == K::Anonymous || (k == K::Member && !caller.user.empty()))
      put("aws:username", k == K::Anonymous ? "anonymous" : std::string_view(caller.user));
    if (listing) put("s3:max-keys", "1000");
  } else {
    // A member with a name is one of the account's IAM users (the analysis's stand-in); without
    // one, the account's root user.
    const bool iam_user = k == K::User || (k == K::Member && !caller.user.empty());
    put("aws:PrincipalType", k == K::Anonymous ? "Anonymous"
                             : iam_user        ? "User"
                             : k == K::Member  ? "Account"
                                               : "AssumedRole");
    if (iam_user) put("aws:username", caller.user);
    // AWS sets both for every signed request (IAM User Guide, global condition keys; found by the
    // AWS differential test). A role session's aws:PrincipalArn is its role's ARN.
    if (k != K::Anonymous) {
      put("aws:PrincipalAccount", caller.project);
      put("aws:PrincipalArn", aws_principal_arn(caller));
    }
  }
}

void add_server_keys(Target target, Request& r, Transport transport, std::int64_t now) {
  r.context.reserve(r.context.size() + 8);
  const bool listing = sets_listing_keys(target, r.action);
  // Each key at most once: a key already present (set by the caller of this function) is kept,
  // so there is nothing to erase.
  for_each_server_key(target, r.caller, listing, transport, now, [&](std::string_view key, std::string_view value) {
    if (r.find(key, true) == nullptr) r.context.push_back({std::string(key), {std::string(value)}});
  });
  if (listing) {
    // RGW caps max-keys at rgw_max_listing_results (1000) before it sets the key (measured: a
    // request for 2000 passed NumericLessThanEquals 1000).
    for (auto& e : r.context)
      if (e.key == "s3:max-keys")
        for (auto& v : e.values)
          if (const char* s = v.c_str(); std::strtod(s, nullptr) > 1000) v = "1000";
  }
}

std::string aws_principal_arn(const Caller& caller) {
  using K = Caller::Kind;
  if (caller.kind == K::Anonymous) return {};
  std::string arn = "arn:aws:iam::" + caller.project + ":";
  if (caller.kind == K::User || (caller.kind == K::Member && !caller.user.empty()))
    arn.append("user/").append(caller.user);
  else if (caller.kind == K::Member)
    arn.append("root");
  else
    arn.append("role/").append(caller.user);
  return arn;
}

bool sets_listing_keys(Target target, std::string_view action) {
  return is_ceph(target) && (action == "s3:ListBucket" || action == "s3:ListBucketVersions");
}

bool absent_for_anonymous(Target target, std::string_view key) {
  if (is_ceph(target)) return false;
  for (std::string_view k : {"aws:PrincipalArn", "aws:PrincipalAccount", "aws:PrincipalOrgID", "aws:PrincipalOrgPaths",
                             "aws:PrincipalServiceName", "aws:PrincipalServiceNamesList"})
    if (ascii::equal_ci(key, k)) return true;
  return ascii::starts_with_ci(key, "aws:PrincipalTag/");
}

void Request::erase(std::string_view key) {
  std::erase_if(context, [&](const ContextEntry& e) { return e.key == key; });
}

}  // namespace s3policy::analysis
