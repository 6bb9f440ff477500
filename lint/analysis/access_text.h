// How the exposure analysis' answers read in a sentence. cross-project-access's message and
// explain's table share it, so both say the same thing the same way.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/analyzer.h"

namespace s3policy::analysis {

// What qualifies an access that is not plainly allowed everywhere: the objects it reaches when not
// all (" (public/* only)"), its condition (" (only when aws:SourceIp in 10.0.0.0/8)") and
// " (HTTPS only)" or " (plain HTTP only)"; "" when none applies.
std::string access_qualifier(const Verdict& v, const std::optional<Analyzer::KeyScope>& keys);

// " (HTTPS only)" when no request the verdict allows comes over plain HTTP, " (plain HTTP only)"
// when none comes over HTTPS (a Deny on aws:SecureTransport "true": tls-guard-inverted), else "".
std::string_view transport_qualifier(const Verdict& v);

struct GrantedAccess {
  std::string_view name;  // "read", "change permissions"
  std::string qualifier;  // access_qualifier()
};

// "read, list/write (only when aws:SourceIp in 10.0.0.0/8)": the categories in the order given;
// consecutive ones with the same qualifier share it, written once after the last of them.
std::string access_list(const std::vector<GrantedAccess>& granted);

}  // namespace s3policy::analysis
