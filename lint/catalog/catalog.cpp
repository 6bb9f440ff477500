// Lookups over a built Catalog (see catalog_load.cpp for how it is built).
#include "catalog/catalog.h"

#include <algorithm>

#include "catalog/ascii.h"
#include "catalog/suggest.h"
#include "catalog/wildcard.h"

namespace s3policy {
namespace {

template <class T>
const T* find_ci(const std::vector<T>& sorted, std::string_view name) {
  auto it = std::lower_bound(sorted.begin(), sorted.end(), name,
                             [](const T& e, std::string_view n) { return ascii::compare_ci(e.name, n) < 0; });
  return (it != sorted.end() && ascii::equal_ci(it->name, name)) ? &*it : nullptr;
}

constexpr std::string_view kIfExists = "IfExists";
constexpr std::string_view kForAll = "ForAllValues:";
constexpr std::string_view kForAny = "ForAnyValue:";

}  // namespace

std::string_view to_string(ValueType t) {
  switch (t) {
    case ValueType::String: return "String";
    case ValueType::Numeric: return "Numeric";
    case ValueType::Date: return "Date";
    case ValueType::Bool: return "Bool";
    case ValueType::Binary: return "Binary";
    case ValueType::IpAddress: return "IpAddress";
    case ValueType::Arn: return "Arn";
    case ValueType::Null: return "Null";
  }
  return "String";
}

std::string_view to_string(Behavior b) {
  switch (b) {
    case Behavior::Accept: return "accept";
    case Behavior::Reject: return "reject";
    case Behavior::Drop: return "drop";
  }
  return "accept";
}

bool ActionInfo::applies_to(std::string_view resource_type) const {
  return std::any_of(resource_types.begin(), resource_types.end(),
                     [&](const ResourceTypeRef& r) { return r.name == resource_type; });
}

const ActionInfo* Catalog::find_action(std::string_view name) const { return find_ci(actions_, name); }

std::size_t Catalog::count_actions(std::string_view service) const {
  return static_cast<std::size_t>(std::count_if(actions_.begin(), actions_.end(), [&](const ActionInfo& a) {
    return ascii::equal_ci(a.service, service);
  }));
}

bool Catalog::covers_service(std::string_view service) const {
  return std::any_of(services_.begin(), services_.end(),
                     [&](const std::string& s) { return ascii::equal_ci(s, service); });
}

namespace {

// RGW: a pattern whose first character is '*' names every action (only that character is
// looked at); otherwise the wildcards stay inside the service and action fields.
bool action_matches(const Catalog& c, std::string_view pattern, const ActionInfo& a) {
  if (c.facts().action_wildcards_cross_colon) return wildcard_match(pattern, a.name, true);
  if (!pattern.empty() && pattern.front() == '*') return true;
  return wildcard_match_fields(pattern, a.name, true);
}

}  // namespace

std::vector<const ActionInfo*> Catalog::match_actions(std::string_view pattern) const {
  std::vector<const ActionInfo*> out;
  if (!has_wildcard(pattern)) {
    if (const ActionInfo* a = find_action(pattern)) out.push_back(a);
    return out;
  }
  for (const auto& a : actions_)
    if (action_matches(*this, pattern, a)) out.push_back(&a);
  return out;
}

bool Catalog::any_action_matches(std::string_view pattern) const {
  if (!has_wildcard(pattern)) return find_action(pattern) != nullptr;
  return std::any_of(actions_.begin(), actions_.end(),
                     [&](const ActionInfo& a) { return action_matches(*this, pattern, a); });
}

std::optional<std::string> Catalog::suggest_action(std::string_view name) const {
  std::vector<std::string_view> names;
  names.reserve(actions_.size());
  for (const auto& a : actions_) names.push_back(a.name);
  // "GetObject" without a service prefix most likely means the s3 action.
  if (name.find(':') == std::string_view::npos) {
    const std::string with_prefix = "s3:" + std::string(name);
    if (auto hit = closest_match(with_prefix, names, default_max_distance(name))) return hit;
  }
  return closest_match(name, names, default_max_distance(name));
}

OperatorLookup Catalog::check_operator(std::string_view op) const {
  OperatorLookup r;
  std::string_view rest = op;
  if (rest.ends_with(kIfExists)) {
    r.if_exists = true;
    rest.remove_suffix(kIfExists.size());
  }
  std::string_view base = rest;
  if (base.starts_with(kForAll)) {
    r.set = SetQualifier::ForAllValues;
    base.remove_prefix(kForAll.size());
  } else if (base.starts_with(kForAny)) {
    r.set = SetQualifier::ForAnyValue;
    base.remove_prefix(kForAny.size());
  }
  for (const auto& info : base_operators_)
    if (info.name == base) r.base = &info;

  if (r.base) {
    const bool rgw = !accepted_operators_.empty();
    const bool listed = !rgw || std::find(accepted_operators_.begin(), accepted_operators_.end(), rest) !=
                                    accepted_operators_.end();
    r.status = listed ? OperatorStatus::Ok : OperatorStatus::UnsupportedSetForm;
    return r;
  }
  // Operators are case-sensitive in both dialects; a case-only slip deserves its own message.
  for (const auto& spelling : operator_spellings_) {
    if (ascii::equal_ci(spelling, op)) {
      OperatorLookup fixed = check_operator(spelling);
      fixed.status = OperatorStatus::WrongCase;
      return fixed;
    }
  }
  r.set = SetQualifier::None;
  r.if_exists = false;
  return r;
}

std::optional<std::string> Catalog::suggest_operator(std::string_view op) const {
  return closest_match(op, operator_spellings_, default_max_distance(op));
}

KeyLookup Catalog::lookup_condition_key(std::string_view key) const {
  KeyLookup r;
  const auto slash = key.find('/');
  const std::string_view head = slash == std::string_view::npos ? key : key.substr(0, slash + 1);
  r.info = find_ci(keys_, head);
  if (!r.info) return r;
  if (r.info->tag_style) r.suffix = key.substr(head.size());
  r.exact_case = r.info->name == head;
  return r;
}

std::optional<std::string> Catalog::suggest_condition_key(std::string_view key) const {
  const auto slash = key.find('/');
  const bool tagged = slash != std::string_view::npos;
  const std::string_view head = tagged ? key.substr(0, slash + 1) : key;
  std::vector<std::string_view> names;
  for (const auto& k : keys_)
    if (k.tag_style == tagged) names.push_back(k.name);
  auto hit = closest_match(head, names, default_max_distance(head));
  if (hit && tagged) *hit += key.substr(slash + 1);
  return hit;
}

const ResourceTypeInfo* Catalog::find_resource_type(std::string_view name) const {
  for (const auto& r : resource_types_)
    if (ascii::equal_ci(r.name, name)) return &r;
  return nullptr;
}

Behavior Catalog::principal_behavior(std::string_view type) const {
  if (type == "AWS") return facts_.principal_aws;
  if (type == "Service") return facts_.principal_service;
  if (type == "Federated") return facts_.principal_federated;
  if (type == "CanonicalUser") return facts_.principal_canonical_user;
  return Behavior::Reject;
}

}  // namespace s3policy
