// The one place that lists every rule. Each family directory (rules/<family>/) has a family.cpp
// that lists its rules in ID order; the registry concatenates the families in ID order too, and
// a test checks that the result is sorted and unique.
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "rule.h"

namespace s3policy {

std::span<const Rule* const> all_rules();
// By ID ("S3P104") or name ("unknown-element"); null when there is none.
const Rule* find_rule(std::string_view id_or_name);

namespace rules {
using Family = std::vector<const Rule*>;
Family input_family();      // S3P0xx  rules/input/
Family structure_family();  // S3P1xx  rules/structure/
Family action_family();     // S3P2xx  rules/action/
Family resource_family();   // S3P3xx  rules/resource/
Family principal_family();  // S3P4xx  rules/principal/
Family condition_family();  // S3P5xx  rules/condition/
Family analysis_family();   // S3P6xx  rules/analysis/  (whole-policy access analysis)
Family online_family();     // S3P8xx  rules/online/    (live bucket facts: ACL, public access block)
}  // namespace rules

}  // namespace s3policy
