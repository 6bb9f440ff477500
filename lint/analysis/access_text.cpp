#include "analysis/access_text.h"

#include "analysis/exposure.h"

namespace s3policy::analysis {

std::string access_qualifier(const Verdict& v, const std::optional<Analyzer::KeyScope>& keys) {
  std::string s = Analyzer::to_text(keys);
  if (v.state == Verdict::State::Conditional) s.append(" (only when ").append(when_text(v.condition)).append(")");
  s += transport_qualifier(v);
  return s;
}

std::string_view transport_qualifier(const Verdict& v) {
  if (!v.over_http) return " (HTTPS only)";
  if (!v.over_https) return " (plain HTTP only)";
  return "";
}

std::string access_list(const std::vector<GrantedAccess>& granted) {
  std::string out;
  out.reserve(96);                       // one allocation for most lists
  const std::string* pending = nullptr;  // the last category's qualifier, not yet written
  for (const GrantedAccess& g : granted) {
    if (pending != nullptr) {
      const bool shared = !g.qualifier.empty() && g.qualifier == *pending;
      if (!shared) out += *pending;
      out += shared ? "/" : ", ";
    }
    out += g.name;
    pending = &g.qualifier;
  }
  if (pending != nullptr) out += *pending;
  return out;
}

}  // namespace s3policy::analysis
