// Lookups over a built Catalog (see catalog/catalog_build.h for how it is built).
#include "catalog/catalog.h"

#include <algorithm>

#include "catalog/action_pattern.h"
#include "catalog/ascii.h"
#include "catalog/catalog_build.h"
#include "catalog/suggest.h"
#include "catalog/wildcard.h"

namespace s3policy {
namespace {

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

namespace {

// Index `names` (sorted case-insensitively) both ways; both give the position of the first name
// equal to the one looked up but for case, as a binary search by compare_ci would.
template <class T>
void index_by_name(const std::vector<T>& sorted, NameIndex& exact, NameIndex& ci) {
  exact = NameIndex(NameIndex::Case::Exact);
  ci = NameIndex(NameIndex::Case::Insensitive);
  for (std::size_t i = 0; i < sorted.size(); ++i) ci.add(sorted[i].name, static_cast<std::uint32_t>(i));
  for (const T& e : sorted) exact.add(e.name, *ci.find(e.name));
}

template <class T>
const T* find_by_name(const std::vector<T>& sorted, const NameIndex& exact, const NameIndex& ci,
                      std::string_view name) {
  if (const auto i = exact.find(name)) return &sorted[*i];
  if (const auto i = ci.find(name)) return &sorted[*i];
  return nullptr;
}

bool is_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char ch) { return static_cast<unsigned char>(ch) < 0x80; });
}

}  // namespace

void CatalogBuilder::index_actions(Catalog& c) {
  index_by_name(c.actions_, c.action_exact_, c.action_ci_);
  c.folded_action_names_.clear();
  if (std::all_of(c.actions_.begin(), c.actions_.end(), [](const ActionInfo& a) { return is_ascii(a.name); }))
    for (const ActionInfo& a : c.actions_) c.folded_action_names_.push_back(ascii::to_lower(a.name));
  index_by_name(c.keys_, c.key_exact_, c.key_ci_);
  c.base_operator_index_ = NameIndex(NameIndex::Case::Exact);
  for (std::size_t i = c.base_operators_.size(); i-- > 0;)
    c.base_operator_index_.add(c.base_operators_[i].name, static_cast<std::uint32_t>(i));
  c.accepted_operator_index_ = NameIndex(NameIndex::Case::Exact);
  for (std::size_t i = 0; i < c.accepted_operators_.size(); ++i)
    c.accepted_operator_index_.add(c.accepted_operators_[i], static_cast<std::uint32_t>(i));
}

const ActionInfo* Catalog::find_action(std::string_view name) const {
  return find_by_name(actions_, action_exact_, action_ci_, name);
}

std::span<const ActionInfo> Catalog::action_candidates(std::string_view pattern) const {
  const std::string_view prefix = pattern.substr(0, first_wildcard(pattern));
  // For ASCII text, compare_ci orders as a byte compare of the lower-cased text: the same run,
  // found without folding the catalog's names at every step.
  char folded_prefix[128];
  if (!folded_action_names_.empty() && prefix.size() <= sizeof folded_prefix && is_ascii(prefix)) {
    for (std::size_t i = 0; i < prefix.size(); ++i) folded_prefix[i] = ascii::lower(prefix[i]);
    const std::string_view folded(folded_prefix, prefix.size());
    const auto names = folded_action_names_.begin();
    const auto first = std::lower_bound(names, folded_action_names_.end(), folded,
                                        [](const std::string& n, std::string_view p) { return std::string_view(n) < p; });
    const auto last = std::partition_point(first, folded_action_names_.end(),
                                           [&](const std::string& n) { return n.starts_with(folded); });
    return {actions_.begin() + (first - names), actions_.begin() + (last - names)};
  }
  return prefix_run_ci(std::span<const ActionInfo>(actions_), prefix,
                       [](const ActionInfo& a) -> std::string_view { return a.name; });
}

std::size_t Catalog::count_actions(std::string_view service) const {
  return static_cast<std::size_t>(std::count_if(actions_.begin(), actions_.end(), [&](const ActionInfo& a) {
    return ascii::equal_ci(a.service, service);
  }));
}

bool Catalog::covers_service(std::string_view service) const {
  return std::any_of(services_.begin(), services_.end(),
                     [&](const std::string& s) { return ascii::equal_ci(s, service); });
}

// RGW: a pattern whose first character is '*' names every action (only that character is
// looked at); otherwise the wildcards stay inside the service and action fields.
bool ActionPattern::matches_any_shape(std::string_view action_name) const {
  if (wildcards_cross_colon_) return wildcard_match(pattern_, action_name, true);
  if (!pattern_.empty() && pattern_.front() == '*') return true;
  return rgw_wildcard_match_fields(pattern_, action_name, true);
}

std::vector<const ActionInfo*> Catalog::match_actions(std::string_view pattern) const {
  std::vector<const ActionInfo*> out;
  if (!has_wildcard(pattern)) {
    if (const ActionInfo* a = find_action(pattern)) out.push_back(a);
    return out;
  }
  const ActionPattern matches(pattern, facts_.action_wildcards_cross_colon);
  for (const auto& a : action_candidates(pattern))
    if (matches(a.name)) out.push_back(&a);
  return out;
}

const ActionInfo* Catalog::find_action_match(std::string_view pattern, ActionPredicate accept) const {
  if (!has_wildcard(pattern)) {
    const ActionInfo* a = find_action(pattern);
    return a != nullptr && accept(*a) ? a : nullptr;
  }
  const ActionPattern matches(pattern, facts_.action_wildcards_cross_colon);
  for (const auto& a : action_candidates(pattern))
    if (matches(a.name) && accept(a)) return &a;
  return nullptr;
}

bool Catalog::any_action_matches(std::string_view pattern) const {
  if (!has_wildcard(pattern)) return find_action(pattern) != nullptr;
  const ActionPattern matches(pattern, facts_.action_wildcards_cross_colon);
  const auto candidates = action_candidates(pattern);
  return std::any_of(candidates.begin(), candidates.end(), [&](const ActionInfo& a) { return matches(a.name); });
}

std::optional<std::string> Catalog::suggest_action(std::string_view name, OnTie on_tie) const {
  std::vector<std::string_view> names;
  names.reserve(actions_.size());
  for (const auto& a : actions_) names.push_back(a.name);
  // "GetObject" without a service prefix most likely means the s3 action.
  if (name.find(':') == std::string_view::npos) {
    const std::string with_prefix = "s3:" + std::string(name);
    if (auto hit = closest_match(with_prefix, names, default_max_distance(name), true, on_tie)) return hit;
  }
  return closest_match(name, names, default_max_distance(name), true, on_tie);
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
  if (const auto i = base_operator_index_.find(base)) r.base = &base_operators_[*i];

  if (r.base) {
    const bool rgw = !accepted_operators_.empty();
    const bool listed = !rgw || accepted_operator_index_.find(rest).has_value();
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

std::optional<std::string> Catalog::suggest_operator(std::string_view op, OnTie on_tie) const {
  return closest_match(op, operator_spellings_, default_max_distance(op), true, on_tie);
}

KeyLookup Catalog::lookup_condition_key(std::string_view key) const {
  KeyLookup r;
  const auto slash = key.find('/');
  const std::string_view head = slash == std::string_view::npos ? key : key.substr(0, slash + 1);
  r.info = find_by_name(keys_, key_exact_, key_ci_, head);
  if (!r.info) return r;
  if (r.info->tag_style) r.suffix = key.substr(head.size());
  r.exact_case = r.info->name == head;
  return r;
}

std::optional<std::string> Catalog::suggest_condition_key(std::string_view key, OnTie on_tie) const {
  const auto slash = key.find('/');
  const bool tagged = slash != std::string_view::npos;
  const std::string_view head = tagged ? key.substr(0, slash + 1) : key;
  std::vector<std::string_view> names;
  for (const auto& k : keys_)
    if (k.tag_style == tagged) names.push_back(k.name);
  auto hit = closest_match(head, names, default_max_distance(head), true, on_tie);
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
