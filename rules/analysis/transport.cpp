// S3P606 insecure-transport-allowed: an Allow statement that lets some request through over
// plain HTTP, found by evaluating the exposure analysis's probe requests (every principal class,
// every access category) that come over HTTP. On RGW the classic TLS guard — a Deny with
// `"Bool": {"aws:SecureTransport": "false"}` — never fires, because RGW leaves the key out of
// plain-HTTP requests instead of setting it to "false" (measured on Pacific, see
// docs/analysis.md); the message says so when such a Deny is what was meant to stop the request,
// and the help names the form that works on the target.
#include <map>

#include "analysis/exposure.h"
#include "rules/analysis/family.h"

namespace s3policy::rules {
namespace {
using analysis::Access;

bool over_http(Target t, const analysis::Request& r) {
  const analysis::ContextEntry* tls = r.find("aws:SecureTransport", true);
  if (is_ceph(t)) return tls == nullptr;
  return tls != nullptr && !tls->values.empty() && tls->values.front() == "false";
}

// A Deny that conditions on aws:SecureTransport and did not apply to the HTTP request: the
// statement its author meant as the TLS guard.
const Statement* failed_tls_guard(const analysis::Evaluation& e) {
  for (const auto& tr : e.trace)
    if (tr.denies && tr.miss == analysis::Miss::Condition && tr.statement->effect != Effect::Missing)
      for (const ConditionClause& c : tr.statement->conditions)
        if (c.key == "aws:SecureTransport") return tr.statement;
  return nullptr;
}

struct Hit {
  analysis::Request request;
  const analysis::PrincipalClass* who = nullptr;
  const Statement* guard = nullptr;
  bool generic = false;
};

class InsecureTransport final : public Rule {
 public:
  const RuleMeta& meta() const override;

  void check_policy(const Policy& policy, Context& cx) const override {
    const Target t = cx.target();
    const analysis::Analyzer& az = analyzer(policy, cx);
    // Per allowing statement, the first HTTP request it lets through (a generic one if any).
    std::map<const Statement*, Hit> hits;
    for (const auto& who : az.classes())
      for (Access a : analysis::kAccesses)
        az.allowed_probes(who.caller, analysis::actions_of(t, a), analysis::Transport::Http,
                          [&](const analysis::Probe& p, const Statement& st) {
                            if (!over_http(t, p.request)) return true;
                            auto it = hits.find(&st);
                            if (it != hits.end() && (it->second.generic || !p.generic)) return true;
                            hits[&st] = Hit{p.request, &who, nullptr, p.generic};
                            return true;
                          });
    for (const Statement& st : policy.statements) {
      const auto it = hits.find(&st);
      if (it == hits.end()) continue;
      Hit& h = it->second;
      // The TLS guard that did not stop the request, from its full evaluation (once per finding).
      h.guard = failed_tls_guard(az.evaluate(h.request));
      std::string msg = analysis::describe_request(h.request, h.who) + " is allowed by " + st.label();
      std::string help;
      if (h.guard != nullptr && is_ceph(t)) {
        msg += "; the Deny in " + h.guard->label() + " does not fire on " + std::string(target_info(t).display) +
               ": RGW leaves aws:SecureTransport out of plain-HTTP requests instead of setting it to \"false\"";
        help =
            "in the Deny use \"BoolIfExists\": {\"aws:SecureTransport\": \"false\"} (or \"Null\": "
            "{\"aws:SecureTransport\": \"true\"}), or condition the Allow on \"Bool\": {\"aws:SecureTransport\": "
            "\"true\"}";
      } else if (h.guard != nullptr) {
        msg += "; the Deny in " + h.guard->label() + " does not stop it";
        help = "deny s3:* with \"Bool\": {\"aws:SecureTransport\": \"false\"} for every principal and resource";
      } else {
        msg += "; nothing in the policy requires TLS";
        help = is_ceph(t) ? "condition the Allow on \"Bool\": {\"aws:SecureTransport\": \"true\"} (a Deny on \"false\" "
                            "never fires on RGW: the key is absent over plain HTTP)"
                          : "add a Deny of s3:* with \"Bool\": {\"aws:SecureTransport\": \"false\"}, or condition the "
                            "Allow on \"Bool\": {\"aws:SecureTransport\": \"true\"}";
      }
      Finding& f = st.effect_member != nullptr ? cx.report_key(*st.effect_member, msg)
                                               : cx.report_span(head_span(*st.node), json_pointer(*st.node), msg);
      f.help = help;
    }
  }
};

constexpr RuleMeta kInsecureTransport{
    .id = "S3P606",
    .name = "insecure-transport-allowed",
    .summary =
        "An Allow is reachable over plain HTTP (on RGW the usual aws:SecureTransport \"false\" Deny never fires)",
    .category = Category::Analysis,
    .level = Level::Warning,
    .enabled_by_default = false,
    .security_severity = "5.9",
    .precision = "high"};

const RuleMeta& InsecureTransport::meta() const { return kInsecureTransport; }

}  // namespace

const Rule* insecure_transport_allowed() {
  static const InsecureTransport r;
  return &r;
}

}  // namespace s3policy::rules
