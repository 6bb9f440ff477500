#include "analysis/exposure.h"

#include <algorithm>
#include <array>
#include <mutex>
#include <optional>
#include <unordered_set>
#include <vector>

#include "analysis/action_set.h"
#include "analysis/analyzer.h"
#include "analysis/condition_values.h"
#include "analysis/conditions.h"
#include "analysis/principal_parse.h"
#include "analysis/probe_space.h"
#include "catalog/ascii.h"
#include "catalog/catalog.h"
#include "catalog/wildcard.h"

namespace s3policy::analysis {

namespace {

constexpr std::string_view kOr = " or ", kAnd = " and ", kDependsOn = "depends on ";

using Way = std::vector<std::string_view>;  // the parts of one way in, all needed

std::vector<std::string_view> split(std::string_view text, std::string_view separator) {
  std::vector<std::string_view> out;
  while (true) {
    const std::size_t end = text.find(separator);
    out.push_back(text.substr(0, end));
    if (end == std::string_view::npos) return out;
    text.remove_prefix(end + separator.size());
  }
}

// "aws:username is " of "aws:username is alice": the key and how it is compared, when the part is
// one value of one key (not "depends on KEY", not "KEY in a time window").
std::string_view compared_key(std::string_view part) {
  const std::size_t key_end = part.find(' ');
  if (key_end == std::string_view::npos) return {};
  for (std::string_view how : {" is ", " like ", " in "})
    if (part.substr(key_end).starts_with(how) && part.find(" a time window") == std::string_view::npos)
      return part.substr(0, key_end + how.size());
  return {};
}

void append_part(std::string& out, std::string_view part) {
  if (part.starts_with(kDependsOn)) {
    part.remove_prefix(kDependsOn.size());
    out.append("the request's ").append(part).append(" meets the Condition");
  } else {
    out += part;
  }
}

// The ways joined by " or ", each's parts by " and "; consecutive one-part ways on the same key
// share it ("aws:username is alice or bob").
void append_ways(std::string& out, const std::vector<Way>& ways) {
  std::string_view previous_key;
  for (std::size_t w = 0; w < ways.size(); ++w) {
    if (w > 0) out += kOr;
    const std::string_view key = ways[w].size() == 1 ? compared_key(ways[w].front()) : std::string_view{};
    if (!key.empty() && key == previous_key) {
      out += ways[w].front().substr(key.size());
    } else {
      for (std::size_t p = 0; p < ways[w].size(); ++p) {
        if (p > 0) out += kAnd;
        append_part(out, ways[w][p]);
      }
    }
    previous_key = key;
  }
}

// An account ID that `pattern` (a value compared with aws:PrincipalAccount, "1111*") matches:
// zeros for the wildcards, as many as make 12 digits; "" when the pattern matches no account ID.
std::string account_matching(std::string_view pattern) {
  const auto fixed =
      static_cast<std::size_t>(std::count_if(pattern.begin(), pattern.end(), [](char ch) { return ch != '*'; }));
  std::string out;
  bool padded = false;
  for (char ch : pattern) {
    if (ch == '?') {
      out += '0';
    } else if (ch != '*') {
      out += ch;
    } else if (!padded) {
      out.append(fixed < 12 ? 12 - fixed : 0, '0');
      padded = true;
    }
  }
  return principal::is_aws_account_id(out) && wildcard_match(pattern, out, false) ? out : std::string();
}

// The class of a value a Condition compares aws:PrincipalArn with (AWS): the root user, IAM user or
// role it names, or, for a pattern within one account ("arn:aws:iam::111122223333:role/*"), a
// caller of that account whose ARN it matches. Nothing for a value that names no one account.
std::optional<PrincipalClass> class_of_principal_arn(std::string_view value) {
  const auto account = principal::iam_arn_account(value);
  if (!account || condition_values::has_policy_variable(value)) return std::nullopt;
  const std::string project(*account);
  const bool pattern = has_wildcard(value);
  // A pattern's instance ("role/x" of "role/*") first, then a user and the root user.
  std::vector<Caller> tries;
  const std::string text = pattern ? instance(value) : std::string(value);  // the parse keeps views of it
  const principal::Parsed p = principal::parse("AWS", text, Target::Aws);
  const std::string name(p.kind == principal::Kind::User || p.kind == principal::Kind::Role ? p.resource().substr(5)
                                                                                            : std::string_view());
  if (p.kind == principal::Kind::User) tries.push_back(Caller::named(project, name));
  if (p.kind == principal::Kind::Role) tries.push_back(Caller::role(project, name));
  if (p.kind == principal::Kind::AccountRoot) tries.push_back(Caller::member(project));
  if (pattern) {
    tries.push_back(Caller::some_member(project));
    tries.push_back(Caller::member(project));
  }
  for (Caller& c : tries) {
    if (!wildcard_match(value, aws_principal_arn(c), false)) continue;
    std::string label = pattern                                  ? "principals like " + std::string(value)
                        : p.kind == principal::Kind::AccountRoot ? "the root user of project " + project
                                                                 : describe(c);
    return PrincipalClass{std::move(label), std::move(c), false, false};
  }
  return std::nullopt;
}

}  // namespace

PrincipalKey principal_key(std::string_view condition_key) {
  if (ascii::equal_ci(condition_key, "aws:PrincipalAccount")) return PrincipalKey::Account;
  if (ascii::equal_ci(condition_key, "aws:PrincipalArn")) return PrincipalKey::Arn;
  return PrincipalKey::None;
}

bool condition_value_names(PrincipalKey key, std::string_view value, const Caller& caller) {
  switch (key) {
    case PrincipalKey::Account:
      return value == caller.project || (has_wildcard(value) && wildcard_match(value, caller.project, false));
    case PrincipalKey::Arn:
      return principal::iam_arn_account(value) && wildcard_match(value, aws_principal_arn(caller), false);
    case PrincipalKey::None:
      break;
  }
  return false;
}

std::string when_text(std::string_view condition) {
  std::vector<Way> ways;
  for (std::string_view way : split(condition, kOr)) ways.push_back(split(way, kAnd));
  // Parts every way needs are said once: "(aws:SourceIp in 10.0.0.0/8 or 192.168.0.0/16) and
  // aws:username like ci-*", when each way has more than those.
  Way common;
  if (ways.size() > 1)
    for (std::string_view part : ways.front())
      if (std::all_of(ways.begin(), ways.end(),
                      [&](const Way& w) { return std::find(w.begin(), w.end(), part) != w.end(); }))
        common.push_back(part);
  if (!common.empty() &&
      std::all_of(ways.begin(), ways.end(), [&](const Way& w) { return w.size() > common.size(); })) {
    for (Way& w : ways)
      std::erase_if(
          w, [&](std::string_view part) { return std::find(common.begin(), common.end(), part) != common.end(); });
    std::string out = "(";
    append_ways(out, ways);
    out += ")";
    for (std::string_view part : common) append_part(out.append(kAnd), part);
    return out;
  }
  std::string out;
  append_ways(out, ways);
  return out;
}

std::string_view to_string(Access a) {
  switch (a) {
    case Access::Read:
      return "read";
    case Access::List:
      return "list";
    case Access::Write:
      return "write";
    case Access::Delete:
      return "delete";
    case Access::Permissions:
      return "permissions";
  }
  return "";
}

const std::vector<std::string>& actions_of(Target target, Access access) {
  static const std::vector<std::string> kRead = {"s3:GetObject", "s3:GetObjectVersion"};
  static const std::vector<std::string> kList = {"s3:ListBucket", "s3:ListBucketVersions"};
  static const std::vector<std::string> kWrite = {"s3:PutObject"};
  static const std::vector<std::string> kDelete = {"s3:DeleteObject", "s3:DeleteObjectVersion", "s3:DeleteBucket"};
  static const std::vector<std::string> kPerm = {"s3:PutBucketPolicy", "s3:DeleteBucketPolicy", "s3:PutBucketAcl",
                                                 "s3:PutObjectAcl"};
  // Asked for every (caller class, access) of every file: filtered once per target, on first use
  // (loading a target's catalog is not free).
  static std::array<std::once_flag, std::size(kTargets)> once;
  static std::array<std::array<std::vector<std::string>, std::size(kAccesses)>, std::size(kTargets)> lists;
  const auto t = static_cast<std::size_t>(target);
  std::call_once(once[t], [&] {
    for (std::size_t a = 0; a < std::size(kAccesses); ++a) {
      const Access kind = kAccesses[a];
      const auto& names = kind == Access::Read     ? kRead
                          : kind == Access::List   ? kList
                          : kind == Access::Write  ? kWrite
                          : kind == Access::Delete ? kDelete
                                                   : kPerm;
      for (const auto& n : names)
        if (catalog_for(target).find_action(n) != nullptr) lists[t][a].push_back(n);
    }
  });
  return lists[t][static_cast<std::size_t>(access)];
}

const std::vector<std::size_t>& catalog_indices_of(Target target, Access access) {
  static std::array<std::once_flag, std::size(kTargets)> once;
  static std::array<std::array<std::vector<std::size_t>, std::size(kAccesses)>, std::size(kTargets)> lists;
  const auto t = static_cast<std::size_t>(target);
  std::call_once(once[t], [&] {
    for (std::size_t a = 0; a < std::size(kAccesses); ++a)
      for (const std::string& name : actions_of(target, kAccesses[a])) lists[t][a].push_back(*catalog_index(target, name));
  });
  return lists[t][static_cast<std::size_t>(access)];
}

bool caller_controlled(Target target, std::string_view key) {
  return ascii::equal_ci(key, "aws:SecureTransport") || key_kind(target, key) == KeyKind::Caller;
}

std::string resources_tenant(const Policy& policy) {
  std::string tenant;
  for (const Statement& st : policy.statements) {
    if (st.resources.negated) continue;
    for (const StringItem& item : st.resources.items) {
      const S3Arn arn = classify_s3_arn(item.text);
      if (arn.kind != ArnKind::Bucket && arn.kind != ArnKind::Object) continue;
      if (arn.account.empty() || has_wildcard(arn.account)) continue;
      if (!tenant.empty() && tenant != arn.account) return {};  // ambiguous: do not guess
      tenant = std::string(arn.account);
    }
  }
  return tenant;
}

Scope scope_of(Target target, const Policy& policy, const std::optional<std::string>& bucket,
               const std::string& owner) {
  Scope s;
  s.owner = owner;
  if (bucket) {
    s.bucket = *bucket;
    if (const auto colon = s.bucket.find(':'); colon != std::string::npos) {  // "tenant:bucket"
      if (s.owner.empty()) s.owner = s.bucket.substr(0, colon);
      s.bucket = s.bucket.substr(colon + 1);
    }
  }
  if (s.owner.empty() && is_ceph(target)) s.owner = resources_tenant(policy);
  if (bucket) return s;
  for (const Statement& st : policy.statements)
    for (const StringItem& item : st.resources.items) {
      const S3Arn arn = classify_s3_arn(item.text);
      if ((arn.kind == ArnKind::Bucket || arn.kind == ArnKind::Object) && !has_wildcard(arn.bucket) &&
          !arn.bucket.empty()) {
        s.bucket = std::string(arn.bucket);
        return s;
      }
    }
  s.bucket = "bucket";
  return s;
}

std::vector<PrincipalClass> principal_classes(Target target, const Policy& policy, const Scope& scope) {
  std::vector<std::vector<principal::Parsed>> parsed;
  parsed.reserve(policy.statements.size());
  for (const Statement& st : policy.statements) {
    auto& items = parsed.emplace_back();
    for (const PrincipalItem& item : st.principals.items) items.push_back(principal::parse(item, target));
  }
  const std::vector<std::span<const principal::Parsed>> spans(parsed.begin(), parsed.end());
  return principal_classes(target, policy, spans, scope);
}

std::vector<PrincipalClass> principal_classes(Target target, const Policy& policy,
                                              const std::vector<std::span<const principal::Parsed>>& parsed,
                                              const Scope& scope) {
  std::vector<PrincipalClass> out;
  // Room for the classes of a typical policy at once (moving a class is six strings).
  std::size_t items = 3;
  for (const auto& p : parsed) items += p.size();
  out.reserve(std::min<std::size_t>(items, 16));
  // Most policies name a handful of classes: they are told apart by a look at each; a set of
  // labels takes over beyond that (hostile policies name thousands).
  constexpr std::size_t kScanned = 32;
  std::unordered_set<std::string> labels;
  // Whether no class has `label` yet. The label is built and checked before the class: most
  // principals repeat a class already there.
  auto fresh = [&](const std::string& label) {
    if (out.size() < kScanned) {
      if (std::any_of(out.begin(), out.end(), [&](const PrincipalClass& o) { return o.label == label; })) return false;
      if (out.size() + 1 == kScanned) {  // from the next class on, the set decides
        for (const PrincipalClass& o : out) labels.insert(o.label);
        labels.insert(label);
      }
      return true;
    }
    return labels.insert(label).second;
  };
  auto add = [&](PrincipalClass c) {
    if (fresh(c.label)) out.push_back(std::move(c));
  };
  add({"anonymous", Caller::anonymous(), true, false});
  Caller someone = Caller::named("s3policy-unnamed-project", "someone");
  someone.stand_in = true;  // whoever it is: a user of any project, of any name
  add({"any authenticated user", std::move(someone), true, false});
  if (!scope.owner.empty()) add({"the owner project " + scope.owner, Caller::some_member(scope.owner), false, true});
  std::string label;
  for (std::size_t i = 0; i < policy.statements.size(); ++i)
    for (const principal::Parsed& p : parsed[i]) {
      const auto project = p.project();
      if (!project) continue;
      if (p.kind == principal::Kind::Role || p.kind == principal::Kind::AssumedRole) {
        // RGW matches no local user with a role (rgw_names); on AWS a role, and a session of one,
        // is a caller of its own that the account's root principal also covers.
        if (target != Target::Aws) continue;
        Caller c = p.kind == principal::Kind::Role
                       ? Caller::role(std::string(*project), std::string(p.resource().substr(5)))
                       : Caller::role_session(std::string(*project), std::string(p.name()), std::string(p.session()));
        label = describe(c);
        if (fresh(label)) out.push_back({label, std::move(c), false, *project == scope.owner});
        continue;
      }
      if (p.kind == principal::Kind::User) {
        const std::string_view uid = p.resource().substr(5);
        const bool local_only = target != Target::Aws && principal::is_local_only_user(*project, uid);
        label.assign(local_only ? "local RGW user " : "user ").append(uid);
        if (target == Target::Aws && *project == "cloudfront")
          label.assign(uid);  // "CloudFront Origin Access Identity E2QW..." in the pseudo-account
        else if (project->empty())
          label.append(" of the default tenant");
        else
          label.append(" of project ").append(*project);
        if (!fresh(label)) continue;
        Caller c = Caller::named(std::string(*project), std::string(uid));
        if (const auto colon = uid.find(':'); colon != std::string_view::npos) {
          c.user = uid.substr(0, colon);
          c.subuser = uid.substr(colon + 1) == "*" ? "" : uid.substr(colon + 1);
        }
        out.push_back({label, std::move(c), false, *project == scope.owner});
      } else if (*project != scope.owner) {
        if (project->empty())
          label = "the default tenant";
        else
          label.assign("project ").append(*project);
        if (fresh(label)) out.push_back({label, Caller::some_member(std::string(*project)), false, false});
      }
    }
  // On AWS, an account a Condition compares aws:PrincipalAccount with is named as surely as one in
  // a Principal ("Principal": "*" limited to account 111122223333, or to accounts like "1111*": one
  // of them stands for all), and so is a principal ARN it
  // compares aws:PrincipalArn with (limited to arn:aws:iam::111122223333:role/Deployer).
  if (target == Target::Aws)
    for (const Statement& st : policy.statements)
      for (const ConditionClause& c : st.conditions) {
        const PrincipalKey key = principal_key(c.key);
        if (key == PrincipalKey::None) continue;
        for (const std::string& v : clause_values(c)) {
          if (key == PrincipalKey::Account) {
            if (v == scope.owner) continue;
            if (principal::is_aws_account_id(v)) {
              label.assign("project ").append(v);
              if (fresh(label)) out.push_back({label, Caller::some_member(v), false, false});
            } else if (std::string account = has_wildcard(v) ? account_matching(v) : ""; !account.empty()) {
              // Accounts by a pattern ("1111*"): one of them stands for all.
              label.assign("accounts like ").append(v);
              if (fresh(label)) out.push_back({label, Caller::some_member(std::move(account)), false, false});
            }
          } else if (auto named = class_of_principal_arn(v)) {
            if (fresh(named->label)) {
              named->is_owner = named->caller.project == scope.owner;
              out.push_back(std::move(*named));
            }
          }
        }
      }
  return out;
}

Verdict analyse(Target target, const Policy& policy, const PrincipalClass& who, Access access, const Scope& scope) {
  return Analyzer(target, policy, scope).analyse(who, access);
}

std::string describe_request(const Request& r, const PrincipalClass* who) {
  const std::string_view a = r.action;
  const std::string method = a.find("Get") != std::string_view::npos || a.find("List") != std::string_view::npos ? "GET"
                             : a.find("Delete") != std::string_view::npos ? "DELETE"
                                                                          : "PUT";
  std::string path = r.resource.substr(std::string_view("arn:aws:s3:::").size());
  std::string out = (who ? who->label : describe(r.caller)) + " " + method + " s3://" + path + " (" + r.action + ")";
  const ContextEntry* tls = r.find("aws:SecureTransport", true);
  out += tls && tls->values.front() == "true" ? " over HTTPS" : " over HTTP";
  if (const ContextEntry* ip = r.find("aws:SourceIp", true)) out += " from " + ip->values.front();
  return out;
}

}  // namespace s3policy::analysis
