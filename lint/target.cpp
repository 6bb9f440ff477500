#include "target.h"

namespace s3policy {

std::string unknown_target_message(std::string_view name) {
  std::string out = "unknown target \"" + std::string(name) + "\"; use one of ";
  for (const auto& t : kTargets) out.append(&t == kTargets ? "" : ", ").append(t.name);
  // "Squid", "squid", "ceph_squid", "rgw-squid", "Ceph Squid": the release the user meant.
  std::string folded;
  for (const char c : name) {
    if (c >= 'A' && c <= 'Z')
      folded += static_cast<char>(c - 'A' + 'a');
    else if (c == '_' || c == ' ' || c == '.')
      folded += '-';
    else
      folded += c;
  }
  for (const std::string_view prefix : {"ceph-", "rgw-", "radosgw-"})
    if (folded.starts_with(prefix)) folded.erase(0, prefix.size());
  for (const auto& t : kTargets)
    if (folded == t.name || "ceph-" + folded == t.name)
      return out.append("; did you mean \"").append(t.name).append("\"?");
  return out;
}

}  // namespace s3policy
