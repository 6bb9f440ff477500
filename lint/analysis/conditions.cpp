#include "analysis/conditions.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <optional>
#include <span>

#include "analysis/condition_values.h"
#include "analysis/match.h"
#include "catalog/ascii.h"
#include "catalog/catalog.h"
#include "catalog/wildcard.h"

namespace s3policy::analysis {
namespace cv = condition_values;

namespace {

// eval_clause's per-thread lists keep at most this many values of at most this many bytes.
constexpr std::size_t kKeptValues = 64;
constexpr std::size_t kKeptValueBytes = 256;

// Writes `text` as string n of `list` (which grows by one at most) and moves n on: a string
// already there keeps its capacity.
void put_at(std::vector<std::string>& list, std::size_t& n, std::string_view text) {
  if (n == list.size()) list.emplace_back();
  list[n++].assign(text);
}

// clause_values into `out`, whose strings keep their capacity (eval_clause's per-thread lists).
void clause_values_into(const ConditionClause& clause, std::vector<std::string>& out) {
  std::size_t n = 0;
  auto put = [&](std::string_view text) { put_at(out, n, text); };
  for (const JsonValue* v : clause.values) {
    if (v->kind == JsonKind::String || v->kind == JsonKind::Number)
      put(v->text());
    else if (v->kind == JsonKind::True)
      put("true");
    else if (v->kind == JsonKind::False)
      put("false");
  }
  out.resize(n);
}

}  // namespace

std::vector<std::string> clause_values(const ConditionClause& clause) {
  std::vector<std::string> out;
  clause_values_into(clause, out);
  return out;
}

std::optional<double> rgw_number(std::string_view s) {
  if (s.empty()) return std::nullopt;
  const std::string text(s);
  char* end = nullptr;
  errno = 0;
  const double d = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size() || errno == ERANGE) return std::nullopt;
  return d;
}

bool rgw_bool(std::string_view s) {
  if (s.empty() || ascii::equal_ci(s, "false")) return false;
  if (const auto d = rgw_number(s)) return *d != 0.0 && !std::isnan(*d);
  return true;
}

namespace {

enum class Cmp { Eq, Lt, Le, Gt, Ge, Like, EqCi };

// "NumericLessThanEquals" -> Le; negation is OperatorInfo::negated.
Cmp comparison(const OperatorInfo& op) {
  const std::string_view n = op.name;
  if (n.ends_with("IgnoreCase")) return Cmp::EqCi;
  if (n.ends_with("Like")) return Cmp::Like;
  if (n.ends_with("LessThanEquals")) return Cmp::Le;
  if (n.ends_with("LessThan")) return Cmp::Lt;
  if (n.ends_with("GreaterThanEquals")) return Cmp::Ge;
  if (n.ends_with("GreaterThan")) return Cmp::Gt;
  return Cmp::Eq;
}

template <typename T>
bool ordered(Cmp c, const T& req, const T& pol) {
  switch (c) {
    case Cmp::Lt:
      return req < pol;
    case Cmp::Le:
      return req <= pol;
    case Cmp::Gt:
      return req > pol;
    case Cmp::Ge:
      return req >= pol;
    default:
      return req == pol;
  }
}

std::optional<double> date_of(Target t, std::string_view s) {
  // RGW tries a number (epoch seconds) first, then ISO 8601; AWS accepts both forms too.
  if (is_ceph(t)) {
    if (const auto d = rgw_number(s)) return d;
  } else if (const auto n = cv::parse_number(s)) {
    return n;
  }
  const auto d = cv::parse_date(s);
  if (!d.epoch_seconds) return std::nullopt;
  return static_cast<double>(*d.epoch_seconds);
}

std::optional<double> number_of(Target t, std::string_view s) {
  return is_ceph(t) ? rgw_number(s) : cv::parse_number(s);
}

// A 128-bit address as RGW keeps it (IPv4 in the low 32 bits) with its prefix length.
struct Masked {
  std::uint64_t hi = 0, lo = 0;
  unsigned width = 32;
  unsigned prefix = 32;
};
std::optional<Masked> masked(std::string_view s) {
  const auto parsed = cv::parse_cidr(s);
  if (!parsed.network) return std::nullopt;
  const cv::IpNetwork& n = *parsed.network;
  Masked m;
  m.width = n.bits();
  m.prefix = n.prefix;
  for (unsigned i = 0; i < m.width / 8; ++i) {
    m.hi = (m.hi << 8) | (m.lo >> 56);
    m.lo = (m.lo << 8) | n.bytes[i];
  }
  return m;
}
// (hi, lo) >> s, for 0 <= s <= 128.
std::pair<std::uint64_t, std::uint64_t> shr(const Masked& m, unsigned s) {
  if (s >= 128) return {0, 0};
  if (s >= 64) return {0, m.hi >> (s - 64)};
  if (s == 0) return {m.hi, m.lo};
  return {m.hi >> s, (m.lo >> s) | (m.hi << (64 - s))};
}

// RGW compares two masked addresses under the wider of the two host parts, whatever their
// families (so "::/0" contains every IPv4 address there). AWS: the address lies in the block.
bool ip_in(Target t, const Masked& req, const Masked& pol) {
  if (!is_ceph(t) && req.width != pol.width) return false;
  const unsigned shift = std::max(req.width - req.prefix, pol.width - pol.prefix);
  return shr(req, shift) == shr(pol, shift);
}

// Policy variables in an AWS value: ${key} anywhere in String/Arn values, plus ${*} ${?} ${$} and
// ${key, 'default'}. Nullopt when the key is absent. (RGW substitutes per clause, not per value:
// rgw_runtime_value and eval_clause.)
std::optional<std::string> substitute_aws(const std::string& value, const Request& r) {
  if (value.find("${") == std::string::npos) return value;
  std::string out;
  std::size_t at = 0;
  while (true) {
    const std::size_t open = value.find("${", at);
    if (open == std::string::npos) break;
    const std::size_t close = value.find('}', open);
    if (close == std::string::npos) break;
    out += value.substr(at, open - at);
    std::string_view inner = std::string_view(value).substr(open + 2, close - open - 2);
    std::optional<std::string> fallback;
    if (const std::size_t comma = inner.find(','); comma != std::string_view::npos) {
      std::string_view d = inner.substr(comma + 1);
      while (!d.empty() && d.front() == ' ') d.remove_prefix(1);
      if (d.size() >= 2 && d.front() == '\'' && d.back() == '\'') fallback = std::string(d.substr(1, d.size() - 2));
      inner = inner.substr(0, comma);
    }
    if (inner == "*" || inner == "?" || inner == "$") {
      out += literal(inner);
    } else if (const ContextEntry* e = r.find(inner, false); e && !e->values.empty()) {
      out += literal(e->values.front());
    } else if (fallback) {
      out += literal(*fallback);
    } else {
      return std::nullopt;
    }
    at = close + 1;
  }
  return out + value.substr(at);
}

bool arn_like(std::string_view pattern, std::string_view text) {
  // Each of the six fields on its own; '*' and '?' do not cross ':' (the last field may hold ':').
  for (int field = 0; field < 5; ++field) {
    const std::size_t pc = pattern.find(':');
    const std::size_t tc = text.find(':');
    if (pc == std::string_view::npos || tc == std::string_view::npos) return false;
    if (!wildcard_match(pattern.substr(0, pc), text.substr(0, tc), false)) return false;
    pattern.remove_prefix(pc + 1);
    text.remove_prefix(tc + 1);
  }
  return wildcard_match(pattern, text, false);
}

// One request value against one policy value, positive form of the operator.
bool pair_matches(Target t, const OperatorInfo& op, Cmp c, const std::string& req, const std::string& pol) {
  switch (op.type) {
    case ValueType::String:
      if (c == Cmp::Like) return like_match(t, pol, is_ceph(t) ? req : literal(req));
      if (c == Cmp::EqCi) return ascii::equal_ci(req, unliteral(pol));
      return req == unliteral(pol);
    case ValueType::Numeric: {
      const auto a = number_of(t, req);
      const auto b = number_of(t, pol);
      return a && b && ordered(c, *a, *b);
    }
    case ValueType::Date: {
      const auto a = date_of(t, req);
      const auto b = date_of(t, pol);
      return a && b && ordered(c, *a, *b);
    }
    case ValueType::Bool:
      if (is_ceph(t)) return rgw_bool(req) == rgw_bool(pol);
      return ascii::equal_ci(req, pol) && (ascii::equal_ci(pol, "true") || ascii::equal_ci(pol, "false"));
    case ValueType::Binary:
      return req == pol;
    case ValueType::IpAddress: {
      const auto a = masked(req);
      const auto b = masked(pol);
      return a && b && ip_in(t, *a, *b);
    }
    case ValueType::Arn:
      return arn_like(pol, literal(req));
    default:
      return false;
  }
}

// Whether the policy value can be read by the operator at all (RGW skips values it cannot parse).
bool readable(Target t, ValueType type, const std::string& s) {
  switch (type) {
    case ValueType::Numeric:
      return number_of(t, s).has_value();
    case ValueType::Date:
      return date_of(t, s).has_value();
    case ValueType::IpAddress:
      return masked(s).has_value();
    default:
      return true;
  }
}

// AWS: a request value of the wrong type (not a number, date, address or ARN) satisfies neither
// the operator nor its negation, as with the reference simulator (found by the AWS differential
// test: ArnNotLike on a User-Agent is false there, not true).
bool request_readable(Target t, ValueType type, const std::string& s) {
  if (is_ceph(t)) return true;
  if (type == ValueType::Arn) return s.starts_with("arn:") && std::count(s.begin(), s.end(), ':') >= 5;
  return readable(t, type, s);
}

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "\"" : ", \"") + s + "\"";
  return out;
}

}  // namespace

bool rgw_runtime_value(std::string_view v) { return v.size() >= 2 && v[0] == '$' && v[1] == '{' && v.back() == '}'; }

std::string request_value_for(Target t, const std::string& value, const Request& r) {
  if (is_ceph(t)) {
    if (!rgw_runtime_value(value)) return value;
    const ContextEntry* e = r.find(std::string_view(value).substr(2, value.size() - 3), true);
    return e != nullptr && !e->values.empty() ? e->values.front() : value;
  }
  const auto s = substitute_aws(value, r);
  return s ? unliteral(*s) : value;
}

ClauseResult eval_clause(Target t, const ConditionClause& clause, const Request& r, bool explain) {
  const Catalog& cat = catalog_for(t);
  const Quirks& q = cat.facts().quirks;
  const OperatorLookup op = cat.check_operator(clause.op);
  // The reason is text for traces; the exposure analysis asks millions of times for the answer
  // alone (explain = false), and then no text is built.
  const std::string head = explain ? std::string(clause.op) + " " + std::string(clause.key) : std::string();
  auto result = [&](bool holds, auto&& why) { return explain ? ClauseResult{holds, why()} : ClauseResult{holds, {}}; };
  if (!op.accepted() || op.base == nullptr)
    return result(
        false, [&] { return std::string(head + ": the target does not know the operator (it refuses the policy)"); });
  const bool ci_keys = !cat.facts().condition_keys_case_sensitive;
  const ContextEntry* entry = r.find(clause.key, !ci_keys);
  const bool present = entry != nullptr && !entry->values.empty();
  // The exposure analysis evaluates thousands of clauses per policy: the lists are the thread's,
  // rewritten in place (nothing here calls eval_clause again).
  thread_local std::vector<std::string> values, pol;
  thread_local std::vector<Masked> pol_ip;
  // What a hostile policy's long values or long lists leave in them is let go on the way out.
  struct Trim {
    ~Trim() {
      for (std::vector<std::string>* list : {&values, &pol}) {
        if (list->capacity() > kKeptValues) std::vector<std::string>().swap(*list);
        for (std::string& v : *list)
          if (v.capacity() > kKeptValueBytes) std::string().swap(v);
      }
      if (pol_ip.capacity() > kKeptValues) std::vector<Masked>().swap(pol_ip);
    }
  } trim;
  clause_values_into(clause, values);
  const OperatorInfo& base = *op.base;

  if (base.type == ValueType::Null) {
    if (q.null_ignores_value)
      return result(!present, [&] {
        return std::string(head + ": " + (present ? "the key is present" : "the key is absent") +
                           " (this release ignores Null's value)");
      });
    for (const auto& v : values) {
      if (ascii::equal_ci(v, "true") && !present)
        return result(true, [&] { return std::string(head + ": the key is absent"); });
      if (ascii::equal_ci(v, "false") && present)
        return result(true, [&] { return std::string(head + ": the key is present"); });
    }
    return result(false, [&] { return std::string(head + ": the key is " + (present ? "present" : "absent")); });
  }
  if (!present) {
    const bool holds = op.if_exists || op.set == SetQualifier::ForAllValues ||
                       (op.set == SetQualifier::None && base.negated && !q.negated_missing_key_false);
    return result(holds, [&] {
      return std::string(head + ": the key is absent" +
                         (op.if_exists                           ? " (IfExists)"
                          : op.set == SetQualifier::ForAllValues ? " (ForAllValues)"
                                                                 : ""));
    });
  }
  if (base.type == ValueType::Arn && q.arn_operators_never_match)
    return result(false, [&] { return std::string(head + ": this release never matches Arn* operators"); });
  // AWS: "multivalued context keys require a condition set operator" (IAM User Guide); without
  // one the condition never matches, negated or not, whatever the values (the reference simulator
  // agrees, and says AWS confirmed it).
  if (!is_ceph(t) && op.set == SetQualifier::None) {
    const KeyLookup k = cat.lookup_condition_key(clause.key);
    if (k.info != nullptr && k.info->multi_valued)
      return result(false, [&] {
        return std::string(head +
                           ": a multivalued key needs ForAllValues or ForAnyValue; without one the condition "
                           "never matches");
      });
  }

  // Policy variables, then the values the operator can read.
  std::size_t kept_values = 0;
  auto keep = [&](std::string_view v) { put_at(pol, kept_values, v); };
  if (is_ceph(t) && base.type == ValueType::String &&
      std::any_of(values.begin(), values.end(), [](const std::string& v) { return rgw_runtime_value(v); })) {
    // RGW (Condition::eval; measured on 16.2.15): one "${...}" value makes the whole clause a
    // runtime one, and its String operators then compare with the request's values of the key
    // the *last* value names (its text without the first two characters and the last), none of
    // the values written: ["home/*", "${aws:username}"] matches only the user's name, and
    // ["${aws:username}", "home/*"] nothing (there is no key "me/").
    const std::string& last = values.back();
    if (last.size() <= 2)
      return result(false, [&] {
        return head + ": RGW aborts when it evaluates this clause (its last value \"" + last +
               "\" is too short to name a key: radosgw crashes, measured on 16.2.15)";
      });
    if (const ContextEntry* e = r.find(std::string_view(last).substr(2, last.size() - 3), !ci_keys))
      for (const auto& v : e->values) keep(v);
  } else {
    for (const auto& v : values) {
      if (!base.policy_variables || is_ceph(t)) {
        keep(v);  // RGW: values without a "${...}" one, and other operators' values, as written
      } else if (auto s = substitute_aws(v, r)) {
        keep(*s);
      }
    }
  }
  pol.resize(kept_values);
  // Addresses are parsed once each here, not for every (request, policy) pair as pair_matches
  // would (the parse is most of an aws:SourceIp clause's cost).
  pol_ip.clear();
  if (base.type == ValueType::IpAddress) {
    std::size_t kept = 0;
    for (std::size_t i = 0; i < pol.size(); ++i) {
      const auto m = masked(pol[i]);
      if (!m) continue;  // not readable
      pol_ip.push_back(*m);
      if (i != kept) pol[kept] = std::move(pol[i]);
      ++kept;
    }
    pol.resize(kept);
  } else {
    std::erase_if(pol, [&](const std::string& v) { return !readable(t, base.type, v); });
  }
  const Cmp c = comparison(base);
  auto verdict = [&](bool holds) {
    return result(holds, [&] {
      // Not the request's value: with nothing to compare it with, it is not the reason (and the
      // clock's value would make the text change every second).
      if (pol.empty())
        return head + ": no policy value (" + join(values) + ") is a valid " + std::string(to_string(base.type)) +
               " and the target skips values it cannot read" + (holds ? "" : ", so no request satisfies it");
      return head + ": request " + join(entry->values) + (holds ? " satisfies " : " does not satisfy ") +
             unliteral(join(pol));
    });
  };

  // RGW reads only the first value for every type but String; String operators see them all.
  std::span<const std::string> req = entry->values;
  const bool ceph_single = is_ceph(t) && base.type != ValueType::String;
  if (ceph_single) req = req.first(1);
  // A request address is parsed once, whichever test below reads it first (readable is
  // masked(v).has_value() for addresses).
  const bool address = base.type == ValueType::IpAddress;
  const std::string* parsed_of = nullptr;
  std::optional<Masked> parsed;
  auto request_address = [&](const std::string& v) -> const std::optional<Masked>& {
    if (&v != parsed_of) {
      parsed = masked(v);
      parsed_of = &v;
    }
    return parsed;
  };
  if (ceph_single && !(address ? request_address(req.front()).has_value() : readable(t, base.type, req.front())))
    return result(false, [&] { return std::string(head + ": the request value is unreadable"); });

  auto positive_any = [&](const std::string& v) {
    if (address) {  // pair_matches' test, with the policy side parsed
      const std::optional<Masked>& a = request_address(v);
      return a && std::any_of(pol_ip.begin(), pol_ip.end(), [&](const Masked& b) { return ip_in(t, *a, b); });
    }
    return std::any_of(pol.begin(), pol.end(), [&](const std::string& p) { return pair_matches(t, base, c, v, p); });
  };
  if (is_ceph(t) && base.negated && q.negated_multi_value_any && base.type != ValueType::IpAddress) {
    // Pacific/Reef: "some (request, policy) pair differs".
    for (const auto& v : req)
      for (const auto& p : pol)
        if (!pair_matches(t, base, c, v, p)) return verdict(true);
    return verdict(false);
  }
  // One request value satisfies the operator (negated: matches none of the policy values).
  auto usable = [&](const std::string& v) {
    return address && !is_ceph(t) ? request_address(v).has_value() : request_readable(t, base.type, v);
  };
  auto one = [&](const std::string& v) { return usable(v) && (base.negated ? !positive_any(v) : positive_any(v)); };
  switch (op.set) {
    case SetQualifier::ForAllValues:
      return verdict(std::all_of(req.begin(), req.end(), one));
    case SetQualifier::ForAnyValue:
      return verdict(std::any_of(req.begin(), req.end(), one));
    case SetQualifier::None:
      if (base.negated)
        return verdict(std::all_of(req.begin(), req.end(), usable) &&
                       std::none_of(req.begin(), req.end(), positive_any));
      return verdict(std::any_of(req.begin(), req.end(), positive_any));
  }
  return verdict(false);
}

}  // namespace s3policy::analysis
