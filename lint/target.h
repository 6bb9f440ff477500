// The S3 dialect whose rules apply: AWS, or one Ceph RGW release. Parsers and evaluators differ
// per release (see schema/README.md), so target-aware rules ask for the target, never guess it.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace s3policy {

enum class Target { Aws, CephPacific, CephReef, CephSquid, CephTentacle };

inline constexpr Target kDefaultTarget = Target::CephSquid;

struct TargetInfo {
  Target target;
  std::string_view name;     // CLI/config spelling: "aws", "ceph-pacific", ...
  std::string_view display;  // for messages: "AWS", "RGW (pacific)", ...
};

inline constexpr TargetInfo kTargets[] = {
    {Target::Aws, "aws", "AWS"},
    {Target::CephPacific, "ceph-pacific", "RGW (pacific)"},
    {Target::CephReef, "ceph-reef", "RGW (reef)"},
    {Target::CephSquid, "ceph-squid", "RGW (squid)"},
    {Target::CephTentacle, "ceph-tentacle", "RGW (tentacle)"},
};

constexpr bool is_ceph(Target t) { return t != Target::Aws; }

constexpr const TargetInfo& target_info(Target t) {
  for (const auto& info : kTargets)
    if (info.target == t) return info;
  return kTargets[0];
}

constexpr std::optional<Target> parse_target(std::string_view name) {
  for (const auto& info : kTargets)
    if (info.name == name) return info.target;
  return std::nullopt;
}

// "unknown target \"squid\"; use one of aws, ceph-pacific, ...; did you mean \"ceph-squid\"?": the
// suggestion when the name is a target's but for case, a missing "ceph-" or another separator.
std::string unknown_target_message(std::string_view name);

}  // namespace s3policy
