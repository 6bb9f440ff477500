// S3P514 tls-guard-inverted: a statement whose aws:SecureTransport test is the wrong way round,
// a Deny that applies only to requests over HTTPS or an Allow that applies only to plain HTTP.
// "Deny ... Bool aws:SecureTransport true" reads like "require TLS" and does the opposite: it
// refuses every encrypted request it names and lets the same requests through unencrypted (two of
// the 148 real-world policies in ../shared/corpus/real, one with the Sid "EnsureSSL").
//
// Each transport clause is evaluated as the target evaluates it, over the two requests that differ
// only in their transport: AWS sets the key to "true" or "false", RGW sets "true" over HTTPS and
// leaves the key out over plain HTTP, and RGW Pacific to Squid read Null's value their own way
// (null-operator-misuse). So `"Null": {"aws:SecureTransport": "false"}` in a Deny is a working TLS
// guard on Squid and an inverted one on Tentacle, and the finding says which one the target sees.
#include <array>
#include <chrono>
#include <string>

#include "analysis/conditions.h"
#include "analysis/request.h"
#include "catalog/ascii.h"
#include "rules/condition/common.h"
#include "rules/condition/family.h"

namespace s3policy::rules {
namespace {
using analysis::Transport;

constexpr std::string_view kTransportKey = "aws:SecureTransport";

// The key as the target matches it: RGW's keys are case-sensitive (another case is a key it never
// sets, which condition-key-not-set-by-target and unknown-condition-key report).
bool names_transport(const ConditionClause& c, Target t) {
  return is_ceph(t) ? c.key == kTransportKey : ascii::equal_ci(c.key, kTransportKey);
}

// A request that carries what the server sets for `transport` and nothing else (the clauses asked
// about read only aws:SecureTransport), built once per target and transport: every file asks.
const analysis::Request& request_over(Target t, Transport transport) {
  static const auto built = [] {
    std::array<std::array<analysis::Request, 2>, std::size(kTargets)> out;
    const std::int64_t now =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    for (std::size_t i = 0; i < std::size(kTargets); ++i)
      for (const Transport tr : {Transport::Https, Transport::Http}) {
        analysis::Request& r = out[i][tr == Transport::Https ? 0 : 1];
        r.caller = analysis::Caller::member("project");
        analysis::add_server_keys(kTargets[i].target, r, tr, now);
      }
    return out;
  }();
  std::size_t i = 0;
  while (i + 1 < std::size(kTargets) && kTargets[i].target != t) ++i;
  return built[i][transport == Transport::Https ? 0 : 1];
}

class TlsGuardInverted final : public Rule {
 public:
  const RuleMeta& meta() const override;

  void check_statement(const Statement& st, const Policy& policy, Context& cx) const override {
    const Target t = cx.target();
    const ConditionClause* first = nullptr;
    bool https = true;  // every transport clause holds for the request over HTTPS
    bool http = true;   // ... and for the same request over plain HTTP
    const std::span<const condition::ClauseLookups> lookups = condition::clause_lookups(st, policy, cx);
    for (std::size_t i = 0; i < st.conditions.size(); ++i) {
      const ConditionClause& c = st.conditions[i];
      if (!names_transport(c, t)) continue;
      // An operator the target rejects is unknown-condition-operator's; a value naming a policy
      // variable depends on more than the transport.
      if (!lookups[i].op.accepted()) return;
      for (const JsonValue* v : c.values)
        if (const auto text = condition::value_text(v); text && text->find("${") != std::string_view::npos) return;
      if (first == nullptr) first = &c;
      https = https && analysis::eval_clause(t, c, request_over(t, Transport::Https), false).holds;
      http = http && analysis::eval_clause(t, c, request_over(t, Transport::Http), false).holds;
    }
    if (first == nullptr || https == http) return;  // no transport test, or one that does not tell them apart
    const bool deny = condition::is_deny(st, t);
    if (!deny && st.effect != Effect::Allow) return;  // an invalid Effect is the structure rules'
    if (deny == http) return;  // a Deny of plain HTTP, an Allow over TLS: the guard as meant
    const std::string display(condition::display(cx));
    std::string msg = st.label();
    std::string help;
    if (deny) {
      msg += " applies only to requests over HTTPS on " + display +
             ": this Deny refuses encrypted requests and lets the same requests through over plain HTTP, the "
             "opposite of a TLS guard";
      help = is_ceph(t) ? "to refuse plain HTTP, deny on \"BoolIfExists\": {\"aws:SecureTransport\": \"false\"} (RGW "
                          "leaves the key out of plain-HTTP requests, so \"Bool\" with \"false\" never fires)"
                        : "to refuse plain HTTP, deny on \"Bool\": {\"aws:SecureTransport\": \"false\"}";
    } else {
      msg += " applies only to requests over plain HTTP on " + display +
             ": this Allow grants its access without TLS and none with it";
      help = "to allow only encrypted requests, condition the Allow on \"Bool\": {\"aws:SecureTransport\": \"true\"}";
    }
    Finding& f = first->key_member != nullptr ? cx.report_key(*first->key_member, std::move(msg))
                                              : cx.report_key(*first->op_member, std::move(msg));
    f.help = std::move(help);
  }
};

constexpr RuleMeta kTlsGuardInverted{
    .id = "S3P514",
    .name = "tls-guard-inverted",
    .summary =
        "A Deny that applies only over HTTPS, or an Allow only over plain HTTP: the aws:SecureTransport test "
        "is the wrong way round",
    .category = Category::Condition,
    .level = Level::Warning,
    .security_severity = "5.9",
    .precision = "high"};

const RuleMeta& TlsGuardInverted::meta() const { return kTlsGuardInverted; }

}  // namespace

const Rule* tls_guard_inverted() {
  static const TlsGuardInverted r;
  return &r;
}

}  // namespace s3policy::rules
