#include "config.h"

#include "rule.h"

namespace s3policy {

bool selector_matches(const std::string& selector, const RuleMeta& rule) {
  if (selector == rule.name || selector == rule.id) return true;
  // An ID prefix: "S3P" followed by fewer than three digits ("S3P4", "S3P10").
  return selector.size() >= 3 && selector.size() < rule.id.size() && rule.id.substr(0, selector.size()) == selector;
}

bool RuleSelection::enabled(const RuleMeta& rule) const {
  for (const auto& s : ignore)
    if (selector_matches(s, rule)) return false;
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
