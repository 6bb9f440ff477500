#include "analysis/exposure.h"

#include <algorithm>
#include <chrono>

#include "analysis/condition_values.h"
#include "analysis/conditions.h"
#include "analysis/principal_parse.h"
#include "catalog/ascii.h"
#include "catalog/wildcard.h"
#include "catalog/catalog.h"

namespace s3policy::analysis {
namespace cv = condition_values;

std::string_view to_string(Access a) {
  switch (a) {
    case Access::Read: return "read";
    case Access::List: return "list";
    case Access::Write: return "write";
    case Access::Delete: return "delete";
    case Access::Permissions: return "permissions";
  }
  return "";
}

std::vector<std::string> actions_of(Target target, Access access) {
  static const std::vector<std::string> kRead = {"s3:GetObject", "s3:GetObjectVersion"};
  static const std::vector<std::string> kList = {"s3:ListBucket", "s3:ListBucketVersions"};
  static const std::vector<std::string> kWrite = {"s3:PutObject"};
  static const std::vector<std::string> kDelete = {"s3:DeleteObject", "s3:DeleteObjectVersion", "s3:DeleteBucket"};
  static const std::vector<std::string> kPerm = {"s3:PutBucketPolicy", "s3:DeleteBucketPolicy", "s3:PutBucketAcl",
                                                 "s3:PutObjectAcl"};
  const auto& names = access == Access::Read    ? kRead
                      : access == Access::List  ? kList
                      : access == Access::Write ? kWrite
                      : access == Access::Delete ? kDelete
                                                 : kPerm;
  std::vector<std::string> out;
  for (const auto& n : names)
    if (catalog_for(target).find_action(n) != nullptr) out.push_back(n);
  return out;
}

namespace {

bool object_action(std::string_view a) { return a.find("Object") != std::string_view::npos; }

// A concrete string a wildcard pattern matches ("pub/*" -> "pub/x").
std::string instance(std::string_view pattern) {
  std::string s(pattern);
  std::replace(s.begin(), s.end(), '*', 'x');
  std::replace(s.begin(), s.end(), '?', 'x');
  return s;
}

enum class KeyKind { Caller, Network, Clock, Identity, Unknown, NeverSet };

KeyKind key_kind(Target t, std::string_view key) {
  const Catalog& cat = catalog_for(t);
  const KeyLookup k = cat.lookup_condition_key(key);
  if (is_ceph(t) && (!k.info || !k.exact_case || k.info->populated == Populated::Never)) return KeyKind::NeverSet;
  const std::string l = ascii::to_lower(key);
  if (l == "aws:sourceip") return KeyKind::Network;
  if (l == "aws:currenttime" || l == "aws:epochtime") return KeyKind::Clock;
  if (l == "aws:username" || l == "aws:principaltype" || l == "sts:authentication") return KeyKind::Identity;
  if (l == "aws:useragent" || l == "aws:referer" || l.starts_with("s3:prefix") || l == "s3:delimiter" ||
      l == "s3:max-keys" || l.starts_with("s3:x-amz-") || l.starts_with("s3:requestobjecttag/") ||
      l.starts_with("aws:requesttag/") || l == "aws:tagkeys")
    return KeyKind::Caller;
  return KeyKind::Unknown;
}

struct Candidate {
  std::optional<std::string> value;  // nullopt: the key is absent
  bool generic = true;
  std::string special;
};
struct Dimension {
  std::string key;
  std::vector<Candidate> candidates;
};

// Bounds that keep the analysis linear in the size of the policy (hostile inputs have 100,000
// statements): beyond them further keys, values and object keys are not tried, which can only
// miss a conditional grant that needs a rare combination, never invent one.
constexpr std::size_t kMaxDimensions = 16;
constexpr std::size_t kMaxCandidates = 24;
constexpr std::size_t kMaxObjectKeys = 16;

constexpr const char* kPublicAddresses[] = {"203.0.113.7", "198.51.100.7", "192.0.2.7", "8.8.8.8", "2001:db8::7"};

std::vector<Dimension> dimensions(Target t, const Policy& policy) {
  std::vector<Dimension> dims;
  Dimension overflow;  // collects what exceeds the bounds, then is dropped
  auto dim_for = [&](std::string_view key) -> Dimension& {
    for (auto& d : dims)
      if (is_ceph(t) ? d.key == key : ascii::equal_ci(d.key, key))
        return d.candidates.size() < kMaxCandidates ? d : overflow;
    if (dims.size() >= kMaxDimensions) return overflow;
    dims.push_back({std::string(key), {}});
    return dims.back();
  };
  std::vector<cv::IpNetwork> networks;
  for (const Statement& st : policy.statements)
    for (const ConditionClause& c : st.conditions) {
      if (ascii::equal_ci(c.key, "aws:SecureTransport")) continue;  // the transport dimension
      const KeyKind kind = key_kind(t, c.key);
      if (kind == KeyKind::Identity) continue;  // set from the principal
      Dimension& d = dim_for(c.key);
      overflow.candidates.clear();
      if (kind == KeyKind::NeverSet || &d == &overflow) continue;
      const OperatorInfo* op = catalog_for(t).operator_info(c.op);
      const ValueType type = op ? op->type : ValueType::String;
      for (const std::string& v : clause_values(c)) {
        if (cv::has_policy_variable(v)) continue;
        if (kind == KeyKind::Network) {
          if (auto n = cv::parse_cidr(v).network) {
            networks.push_back(*n);
            d.candidates.push_back({n->network().to_string().substr(0, n->network().to_string().find('/')), false,
                                    "aws:SourceIp in " + n->network().to_string()});
          }
          continue;
        }
        const bool generic = kind == KeyKind::Caller;
        const std::string special = kind == KeyKind::Clock ? std::string(c.key) + " in a time window"
                                                           : "depends on " + std::string(c.key);
        if (type == ValueType::Numeric || type == ValueType::Date) {
          std::optional<double> x = type == ValueType::Numeric ? cv::parse_number(v) : std::nullopt;
          if (type == ValueType::Date) {
            if (auto n = cv::parse_number(v)) x = n;
            else if (auto dt = cv::parse_date(v); dt.epoch_seconds) x = static_cast<double>(*dt.epoch_seconds);
          }
          if (!x) continue;
          const double step = type == ValueType::Date ? 86400 : 1;
          for (double y : {*x - step, *x, *x + step})
            d.candidates.push_back({std::to_string(static_cast<long long>(y)), generic, special});
        } else if (type == ValueType::Bool) {
          d.candidates.push_back({"true", generic, special});
          d.candidates.push_back({"false", generic, special});
        } else {
          d.candidates.push_back({v, generic, special});
          if (has_wildcard(v)) d.candidates.push_back({instance(v), generic, special});
        }
      }
    }
  for (Dimension& d : dims) {
    const KeyKind kind = key_kind(t, d.key);
    if (kind == KeyKind::Network) {
      // The generic caller comes from an address no condition names.
      for (const char* a : kPublicAddresses) {
        const auto ip = cv::parse_cidr(a).network;
        if (std::none_of(networks.begin(), networks.end(), [&](const auto& n) { return ip->within(n); })) {
          d.candidates.insert(d.candidates.begin(), {std::string(a), true, ""});
          break;
        }
      }
      continue;
    }
    if (kind == KeyKind::Clock) {
      const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                           std::chrono::system_clock::now().time_since_epoch()).count();
      d.candidates.insert(d.candidates.begin(), {std::to_string(now), true, ""});
      continue;
    }
    d.candidates.insert(d.candidates.begin(), {std::nullopt, true, ""});  // absent
    if (kind != KeyKind::NeverSet) d.candidates.push_back({"s3policy-other-value", kind == KeyKind::Caller,
                                                           "depends on " + d.key});
  }
  return dims;
}

// Every combination of candidates, or (when there are too many) each candidate on its own with
// the others at their first (generic) value.
std::vector<std::vector<const Candidate*>> combinations(const std::vector<Dimension>& dims) {
  std::size_t total = 1;
  for (const auto& d : dims) total = std::min<std::size_t>(total * d.candidates.size(), 100000);
  std::vector<std::vector<const Candidate*>> out;
  std::vector<const Candidate*> base;
  for (const auto& d : dims) base.push_back(&d.candidates.front());
  if (total <= 512) {
    std::vector<std::size_t> idx(dims.size(), 0);
    while (true) {
      std::vector<const Candidate*> combo;
      for (std::size_t i = 0; i < dims.size(); ++i) combo.push_back(&dims[i].candidates[idx[i]]);
      out.push_back(std::move(combo));
      std::size_t i = 0;
      while (i < dims.size() && ++idx[i] == dims[i].candidates.size()) idx[i++] = 0;
      if (i == dims.size()) break;
    }
    return out;
  }
  out.push_back(base);
  for (std::size_t i = 0; i < dims.size(); ++i)
    for (std::size_t j = 1; j < dims[i].candidates.size(); ++j) {
      auto combo = base;
      combo[i] = &dims[i].candidates[j];
      out.push_back(std::move(combo));
    }
  return out;
}

std::vector<std::string> object_keys(const Policy& policy, const std::string& bucket) {
  std::vector<std::string> keys = {"any-key"};
  for (const Statement& st : policy.statements)
    for (const StringItem& item : st.resources.items) {
      const S3Arn arn = classify_s3_arn(item.text);
      if (arn.kind != ArnKind::Object) continue;
      if (!wildcard_match(arn.bucket, bucket, false)) continue;
      std::string k = instance(arn.key);
      if (std::find(keys.begin(), keys.end(), k) == keys.end()) keys.push_back(std::move(k));
      if (keys.size() >= kMaxObjectKeys) return keys;
    }
  return keys;
}

}  // namespace

bool caller_controlled(Target target, std::string_view key) {
  return ascii::equal_ci(key, "aws:SecureTransport") || key_kind(target, key) == KeyKind::Caller;
}

Scope scope_of(const Policy& policy, const std::optional<std::string>& bucket, const std::string& owner) {
  Scope s;
  s.owner = owner;
  if (bucket) {
    s.bucket = *bucket;
    if (const auto colon = s.bucket.find(':'); colon != std::string::npos) {  // "tenant:bucket"
      if (s.owner.empty()) s.owner = s.bucket.substr(0, colon);
      s.bucket = s.bucket.substr(colon + 1);
    }
    return s;
  }
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
  std::vector<PrincipalClass> out;
  auto add = [&](PrincipalClass c) {
    for (const auto& o : out)
      if (o.label == c.label) return;
    out.push_back(std::move(c));
  };
  add({"anonymous", Caller::anonymous(), true, false});
  add({"any authenticated user", Caller::named("s3policy-unnamed-project", "someone"), true, false});
  if (!scope.owner.empty()) add({"the owner project " + scope.owner, Caller::member(scope.owner), false, true});
  for (const Statement& st : policy.statements)
    for (const PrincipalItem& item : st.principals.items) {
      const principal::Parsed p = principal::parse(item, target);
      const auto project = p.project();
      if (!project || p.kind == principal::Kind::Role || p.kind == principal::Kind::AssumedRole) continue;
      if (p.kind == principal::Kind::User) {
        const std::string uid(p.resource.substr(5));
        Caller c = Caller::named(std::string(*project), uid);
        if (const auto colon = uid.find(':'); colon != std::string::npos) {
          c.user = uid.substr(0, colon);
          c.subuser = uid.substr(colon + 1) == "*" ? "" : uid.substr(colon + 1);
        }
        add({"user " + uid + " of project " + std::string(*project), c, false, *project == scope.owner});
      } else if (*project != scope.owner) {
        add({project->empty() ? "the default tenant" : "project " + std::string(*project),
             Caller::member(std::string(*project)), false, false});
      }
    }
  return out;
}

std::vector<Probe> probes(Target target, const Policy& policy, const Caller& caller,
                          const std::vector<std::string>& actions, const Scope& scope) {
  const auto dims = dimensions(target, policy);
  const auto combos = combinations(dims);
  const auto keys = object_keys(policy, scope.bucket);
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch()).count();
  std::vector<Probe> out;
  for (Transport tr : {Transport::Https, Transport::Http})
    for (const std::string& action : actions) {
      const bool obj = object_action(action);
      for (std::size_t k = 0; k < (obj ? keys.size() : 1); ++k)
        for (const auto& combo : combos) {
          Probe p;
          Request& r = p.request;
          r.caller = caller;
          r.action = action;
          r.owner = scope.owner;
          r.resource = "arn:aws:s3:::" + scope.bucket + (obj ? "/" + keys[k] : "");
          for (std::size_t i = 0; i < dims.size(); ++i) {
            const Candidate* c = combo[i];
            if (c->value) r.context.push_back({dims[i].key, {*c->value}});
            if (!c->generic) {
              p.generic = false;
              p.special = c->special;
            }
          }
          if (r.find("aws:SourceIp", is_ceph(target)) == nullptr) r.set("aws:SourceIp", "203.0.113.7");
          add_server_keys(target, r, tr, now);
          out.push_back(std::move(p));
        }
    }
  return out;
}

Verdict analyse(Target target, const Policy& policy, const PrincipalClass& who, Access access, const Scope& scope) {
  Verdict v;
  const auto actions = actions_of(target, access);
  for (Probe& p : probes(target, policy, who.caller, actions, scope)) {
    Evaluation e = evaluate(target, policy, p.request);
    if (e.decision != Decision::Allow) continue;
    const ContextEntry* tls = p.request.find("aws:SecureTransport", true);
    if (tls == nullptr || tls->values.front() != "true") v.over_http = true;
    if (p.generic && v.state != Verdict::State::Allowed) {
      v.state = Verdict::State::Allowed;
      v.example = std::move(p.request);
      v.evaluation = std::move(e);
    } else if (!p.generic && v.state == Verdict::State::Denied) {
      v.state = Verdict::State::Conditional;
      v.condition = p.special;
      v.real_restriction = p.special.starts_with("aws:SourceIp") || p.special.find("time window") != std::string::npos;
      v.example = std::move(p.request);
      v.evaluation = std::move(e);
    }
  }
  return v;
}

std::string describe_request(const Request& r, const PrincipalClass* who) {
  const std::string_view a = r.action;
  const std::string method = a.find("Get") != std::string_view::npos || a.find("List") != std::string_view::npos
                                 ? "GET"
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
