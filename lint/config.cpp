#include "config.h"

#include "catalog/suggest.h"
#include "rule.h"

namespace s3policy {

bool selector_matches(const std::string& selector, const RuleMeta& rule) {
  if (selector == rule.name || selector == rule.id) return true;
  // An ID prefix: "S3P" followed by fewer than three digits ("S3P4", "S3P10").
  return selector.size() >= 3 && selector.size() < rule.id.size() && rule.id.substr(0, selector.size()) == selector;
}

std::optional<std::string> unknown_selector(const std::string& selector, std::span<const Rule* const> rules) {
  std::vector<std::string_view> names;
  for (const Rule* r : rules) {
    if (selector_matches(selector, r->meta())) return std::nullopt;
    names.push_back(r->meta().id);
    names.push_back(r->meta().name);
  }
  const auto near = closest_match(selector, names, default_max_distance(selector));
  return "no rule matches \"" + selector + "\"" + did_you_mean(near);
}

bool RuleSelection::enabled(const RuleMeta& rule) const {
  for (const auto& s : ignore)
    if (selector_matches(s, rule)) return false;
  for (const auto& s : extend_select)
    if (selector_matches(s, rule)) return true;
  if (select.empty()) return rule.enabled_by_default;
  for (const auto& s : select)
    if (selector_matches(s, rule)) return true;
  return false;
}

Level RuleSelection::level_for(const RuleMeta& rule) const {
  if (auto it = levels.find(std::string(rule.id)); it != levels.end()) return it->second;
  if (auto it = levels.find(std::string(rule.name)); it != levels.end()) return it->second;
  return rule.level;
}

}  // namespace s3policy
