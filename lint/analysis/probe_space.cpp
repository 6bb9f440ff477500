#include "analysis/probe_space.h"

#include <algorithm>
#include <chrono>

#include "analysis/condition_values.h"
#include "analysis/conditions.h"
#include "analysis/principal_parse.h"
#include "catalog/ascii.h"
#include "catalog/catalog.h"
#include "catalog/wildcard.h"

namespace s3policy::analysis {
namespace cv = condition_values;

bool object_action(std::string_view a) { return a.find("Object") != std::string_view::npos; }

std::string instance(std::string_view pattern) {
  std::string s(pattern);
  std::replace(s.begin(), s.end(), '*', 'x');
  std::replace(s.begin(), s.end(), '?', 'x');
  return s;
}

namespace {

// Bounds that keep the analysis linear in the size of the policy (hostile inputs have 100,000
// statements): beyond them further keys, values and object keys are not tried, which can only
// miss a conditional grant that needs a rare combination, never invent one.
constexpr std::size_t kMaxCandidates = 24;
constexpr std::size_t kMaxObjectKeys = 16;

constexpr const char* kPublicAddresses[] = {"203.0.113.7", "198.51.100.7", "192.0.2.7", "8.8.8.8", "2001:db8::7"};

}  // namespace

KeyKind key_kind(Target t, std::string_view key) {
  const Catalog& cat = catalog_for(t);
  const KeyLookup k = cat.lookup_condition_key(key);
  if (is_ceph(t) && (!k.info || !k.exact_case || k.info->populated == Populated::Never)) return KeyKind::NeverSet;
  const std::string l = ascii::to_lower(key);
  if (l == "aws:sourceip") return KeyKind::Network;
  if (l == "aws:currenttime" || l == "aws:epochtime") return KeyKind::Clock;
  if (l == "aws:username" || l == "aws:principaltype" || l == "sts:authentication") return KeyKind::Identity;
  // AWS sets the caller's account in every signed request (add_server_keys): the principal
  // classes include each account a Condition compares it with (principal_classes).
  if (!is_ceph(t) && l == "aws:principalaccount") return KeyKind::Identity;
  if (l == "aws:useragent" || l == "aws:referer" || l.starts_with("s3:prefix") || l == "s3:delimiter" ||
      l == "s3:max-keys" || l.starts_with("s3:x-amz-") || l.starts_with("s3:requestobjecttag/") ||
      l.starts_with("aws:requesttag/") || l == "aws:tagkeys")
    return KeyKind::Caller;
  return KeyKind::Unknown;
}

// Whether every value the policy compares aws:PrincipalArn with lies within one account
// ("arn:aws:iam::111122223333:role/*") or matches no principal at all, so that the principal classes hold a caller for
// each (principal_classes). One any account can match ("arn:aws:iam::*:role/Admin") has no class that stands for every
// caller it matches: the key then stays a dimension ("depends on").
namespace {

// A value compared with aws:PrincipalArn that a caller of any account may match, and nothing
// else: an IAM or STS ARN with a wildcard in its account field ("arn:aws:iam::*:role/Auditor").
bool any_account_arn(std::string_view v) {
  if (!v.starts_with("arn:aws:iam::") && !v.starts_with("arn:aws:sts::")) return false;
  const std::string_view rest = v.substr(13);
  const std::size_t colon = rest.find(':');
  return colon != std::string_view::npos && has_wildcard(rest.substr(0, colon));
}

}  // namespace

PrincipalArnValues principal_arn_values(Target t, const Policy& policy) {
  if (is_ceph(t)) return PrincipalArnValues::Unknown;
  bool compared = false, any_account = false;
  for (const Statement& st : policy.statements)
    for (const ConditionClause& c : st.conditions) {
      if (!ascii::equal_ci(c.key, "aws:PrincipalArn") || ascii::starts_with_ci(c.op, "Null")) continue;
      for (const std::string& v : clause_values(c)) {
        if (cv::has_policy_variable(v)) return PrincipalArnValues::Unknown;
        // (A value no principal's ARN can match names no one: no class is needed for it.)
        if (principal::iam_arn_account(v) || !principal::principal_arn_problem(v).empty()) continue;
        if (!any_account_arn(v)) return PrincipalArnValues::Unknown;
        any_account = true;
      }
      compared = true;
    }
  if (!compared) return PrincipalArnValues::Unknown;
  return any_account ? PrincipalArnValues::AnyAccount : PrincipalArnValues::OneAccountEach;
}

bool principal_arn_from_caller(Target t, const Policy& policy) {
  return principal_arn_values(t, policy) == PrincipalArnValues::OneAccountEach;
}

std::vector<Dimension> dimensions(Target t, const Policy& policy) {
  // On AWS the server sets aws:PrincipalArn from the caller (add_server_keys).
  const PrincipalArnValues arn_values = principal_arn_values(t, policy);
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
      const bool principal_arn = ascii::equal_ci(c.key, "aws:PrincipalArn");
      const KeyKind kind =
          principal_arn && arn_values != PrincipalArnValues::Unknown ? KeyKind::Identity : key_kind(t, c.key);
      // A stand-in caller's name, and on AWS its type: an account's IAM user or its root user, a
      // role's session, ... (RGW's callers are all of type User), and its ARN when a pattern any
      // account's callers may match is compared with it ("arn:aws:iam::*:role/Auditor").
      const bool stand_in_key =
          kind == KeyKind::Identity &&
          (ascii::equal_ci(c.key, "aws:username") || (!is_ceph(t) && ascii::equal_ci(c.key, "aws:PrincipalType")) ||
           (principal_arn && arn_values == PrincipalArnValues::AnyAccount));
      if (kind == KeyKind::Identity && !stand_in_key) continue;  // set from the principal
      Dimension& d = dim_for(c.key);
      overflow.candidates.clear();
      if (kind == KeyKind::NeverSet || &d == &overflow) continue;
      const OperatorInfo* op = catalog_for(t).operator_info(c.op);
      const ValueType type = op ? op->type : ValueType::String;
      if (stand_in_key && principal_arn) {
        // The ARNs a caller of any account may have; one in one account has its own class.
        d.stand_in_only = true;
        for (const std::string& v : clause_values(c))
          if (any_account_arn(v)) d.candidates.push_back({instance(v), false, "aws:PrincipalArn like " + v});
        continue;
      }
      if (stand_in_key) {
        // The names (types) some caller the stand-in covers may have: the ones the clause compares with.
        d.stand_in_only = true;
        if (type != ValueType::String) continue;
        const std::string_view shown = ascii::equal_ci(c.key, "aws:username") ? "aws:username" : "aws:PrincipalType";
        for (const std::string& v : clause_values(c)) {
          if (cv::has_policy_variable(v)) continue;
          if (has_wildcard(v))
            d.candidates.push_back({instance(v), false, std::string(shown) + " like " + v});
          else
            d.candidates.push_back({v, false, std::string(shown) + " is " + v});
        }
        continue;
      }
      for (const std::string& v : clause_values(c)) {
        if (cv::has_policy_variable(v)) {
          // A value that depends on the caller ("${aws:username}"): String operators only, where
          // the targets substitute it (the others read it as written, and it parses as nothing).
          if (type != ValueType::String || kind == KeyKind::Network) continue;
          d.candidates.push_back(
              {v, kind == KeyKind::Caller, "depends on " + std::string(c.key), Candidate::Template::Value});
          if (has_wildcard(v))
            d.candidates.push_back(
                {v, kind == KeyKind::Caller, "depends on " + std::string(c.key), Candidate::Template::Instance});
          continue;
        }
        if (kind == KeyKind::Network) {
          if (auto n = cv::parse_cidr(v).network) {
            networks.push_back(*n);
            const std::string cidr = n->network().to_string();
            d.candidates.push_back({cidr.substr(0, cidr.find('/')), false, "aws:SourceIp in " + cidr});
          }
          continue;
        }
        const bool generic = kind == KeyKind::Caller;
        const std::string special =
            kind == KeyKind::Clock ? std::string(c.key) + " in a time window" : "depends on " + std::string(c.key);
        if (type == ValueType::Numeric || type == ValueType::Date) {
          std::optional<double> x = type == ValueType::Numeric ? cv::parse_number(v) : std::nullopt;
          if (type == ValueType::Date) {
            if (auto n = cv::parse_number(v))
              x = n;
            else if (auto dt = cv::parse_date(v); dt.epoch_seconds)
              x = static_cast<double>(*dt.epoch_seconds);
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
      // The generic caller comes from an address no condition names; when the networks cover
      // them all (0.0.0.0/0), from one of them anyway: an arbitrary address is then no restriction.
      // (Not the IPv6 address when an IPv4 /0 covers every IPv4 caller: that is "any address".)
      const bool all_v4 =
          std::any_of(networks.begin(), networks.end(), [](const auto& n) { return !n.v6 && n.prefix == 0; });
      bool placed = false;
      for (const char* a : kPublicAddresses) {
        if (all_v4) break;
        const auto ip = cv::parse_cidr(a).network;
        if (std::none_of(networks.begin(), networks.end(), [&](const auto& n) { return ip->within(n); })) {
          d.candidates.insert(d.candidates.begin(), {std::string(a), true, ""});
          placed = true;
          break;
        }
      }
      if (!placed) d.candidates.insert(d.candidates.begin(), {std::string(kPublicAddresses[0]), true, ""});
      continue;
    }
    if (kind == KeyKind::Clock) {
      const auto now =
          std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
      d.candidates.insert(d.candidates.begin(), {std::to_string(now), true, ""});
      continue;
    }
    // absent (for a stand-in's name or type: the one the server sets)
    d.candidates.insert(d.candidates.begin(), {std::nullopt, true, ""});
    if (kind != KeyKind::NeverSet && !d.stand_in_only)
      d.candidates.push_back({"s3policy-other-value", kind == KeyKind::Caller, "depends on " + d.key});
  }
  return dims;
}

namespace {

// Whether combinations(dims) is the full product (else: each candidate on its own).
bool full_product(const std::vector<const Dimension*>& dims, std::size_t& product) {
  std::size_t total = 1;
  for (const Dimension* d : dims) total = std::min<std::size_t>(total * d->candidates.size(), 100000);
  product = total;
  return total <= 512;
}

}  // namespace

std::size_t combination_count(const std::vector<const Dimension*>& dims) {
  std::size_t product = 0;
  if (full_product(dims, product)) return product;
  std::size_t n = 1;
  for (const Dimension* d : dims) n += d->candidates.size() - 1;
  return n;
}

void combination_at(const std::vector<const Dimension*>& dims, std::size_t k, std::vector<const Candidate*>& out) {
  out.clear();
  std::size_t product = 0;
  if (full_product(dims, product)) {
    // The first dimension varies fastest.
    for (const Dimension* d : dims) {
      out.push_back(&d->candidates[k % d->candidates.size()]);
      k /= d->candidates.size();
    }
    return;
  }
  for (const Dimension* d : dims) out.push_back(&d->candidates.front());
  if (k == 0) return;
  --k;  // the k-th non-generic candidate, dimension by dimension
  for (std::size_t i = 0; i < dims.size(); ++i) {
    const std::size_t others = dims[i]->candidates.size() - 1;
    if (k < others) {
      out[i] = &dims[i]->candidates[k + 1];
      return;
    }
    k -= others;
  }
}

std::vector<std::vector<const Candidate*>> combinations(const std::vector<const Dimension*>& dims) {
  std::vector<std::vector<const Candidate*>> out(combination_count(dims));
  for (std::size_t k = 0; k < out.size(); ++k) combination_at(dims, k, out[k]);
  return out;
}

std::vector<std::string> object_keys(const Policy& policy, const std::string& bucket,
                                     std::vector<std::string_view>* patterns, std::span<const Policy* const> more) {
  std::vector<std::string> keys = {"any-key"};
  if (patterns != nullptr) *patterns = {"*"};
  for (std::size_t p = 0; p <= more.size(); ++p)
    for (const Statement& st : (p == 0 ? policy : *more[p - 1]).statements)
      for (const StringItem& item : st.resources.items) {
        const S3Arn arn = classify_s3_arn(item.text);
        if (arn.kind != ArnKind::Object) continue;
        if (!wildcard_match(arn.bucket, bucket, false)) continue;
        std::string k = instance(arn.key);
        if (std::find(keys.begin(), keys.end(), k) != keys.end()) continue;
        keys.push_back(std::move(k));
        if (patterns != nullptr) patterns->push_back(arn.key);
        if (keys.size() >= kMaxObjectKeys) return keys;
      }
  return keys;
}

}  // namespace s3policy::analysis
