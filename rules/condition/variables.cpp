// S3P515 condition-variable-unsupported-by-target: policy variables in condition values as Ceph
// RGW reads them (rgw_iam_policy.cc; every case measured on 16.2.15, docs/analysis.md item 18).
// RGW substitutes no variable inside a value: a value that starts with "${" and ends with "}"
// makes the whole clause a "runtime" one, compared with the request's values of the key that
// the clause's *last* value names, and with none of the values written; a value that starts with
// "$" any other way makes RGW refuse the policy. AWS substitutes ${key} anywhere: quiet there.
#include <algorithm>

#include "analysis/conditions.h"
#include "rules/condition/common.h"
#include "rules/condition/family.h"

namespace s3policy::rules {
namespace {
using condition::display;
using condition::quote;
using condition::value_text;

// The key RGW looks up for a runtime clause whose last value is `last` (Condition::eval drops the
// first two characters and the last one).
std::string_view runtime_key(std::string_view last) { return last.substr(2, last.size() - 3); }

// The key a runtime clause's last value names, when a request can have it.
bool names_a_set_key(std::string_view last, Target t) {
  if (last.size() <= 2 || !analysis::rgw_runtime_value(last)) return false;
  const KeyLookup k = catalog_for(t).lookup_condition_key(runtime_key(last));
  return k.info != nullptr && k.exact_case && k.info->populated != Populated::Never;
}

constexpr RuleMeta kConditionVariable{
    .id = "S3P515",
    .name = "condition-variable-unsupported-by-target",
    .summary = "A policy variable in a condition value that RGW rejects, takes literally, or reads otherwise than AWS",
    .category = Category::Condition,
    .level = Level::Error,
    .security_severity = "7.5",
    .precision = "high"};

class ConditionVariable final : public Rule {
 public:
  const RuleMeta& meta() const override { return kConditionVariable; }

  void check_statement(const Statement& st, const Policy& policy, Context& cx) const override {
    const Target t = cx.target();
    if (!is_ceph(t)) return;
    const std::span<const condition::ClauseLookups> lookups = condition::clause_lookups(st, policy, cx);
    for (std::size_t i = 0; i < st.conditions.size(); ++i) {
      const ConditionClause& c = st.conditions[i];
      bool refused = false;
      const JsonValue* runtime = nullptr;  // the clause's first "${...}" value
      for (const JsonValue* v : c.values) {
        const auto text = value_text(v);
        if (!text || !text->starts_with('$')) continue;
        if (analysis::rgw_runtime_value(*text)) {
          if (runtime == nullptr) runtime = v;
          continue;
        }
        Finding& f =
            report(cx, *v,
                   std::string(display(cx)) + " rejects the whole policy: the condition value " + quote(*text) +
                       " starts with \"$\" but is not a policy variable as a whole (\"${key}\")");
        f.target_effect = TargetEffect::RejectsPolicy;
        f.help =
            "RGW accepts a leading \"$\" only in a value that is exactly one variable, such as \"${aws:username}\"";
        refused = true;
      }
      const OperatorLookup& op = lookups[i].op;
      // Only String operators substitute (the others read "${...}" as written and parse nothing).
      if (refused || !op.accepted() || op.base == nullptr || op.base->type != ValueType::String) continue;
      if (runtime != nullptr)
        check_runtime_clause(st, c, *runtime, cx);
      else
        check_embedded_variables(c, cx);
    }
  }

 private:
  static Finding& unverified(Context& cx, Finding& f) {
    if (!condition::catalog(cx).verified()) f.level = Level::Warning;  // Squid: assumed to read them as Reef
    return f;
  }
  static Finding& report(Context& cx, const JsonValue& at, std::string msg) {
    return unverified(cx, cx.report(at, std::move(msg)));
  }

  // A clause with a "${...}" value: what the last value makes of it.
  static void check_runtime_clause(const Statement& st, const ConditionClause& c, const JsonValue& variable,
                                   Context& cx) {
    const JsonValue& last = *c.values.back();
    if (!value_text(&last)) return;  // a JSON literal: RGW refuses it (json-literal-in-condition)
    const std::string_view last_text = *value_text(&last);
    const std::string shown = quote(variable.text());
    if (last_text.size() <= 2) {
      Finding& f = report(cx, last,
                          std::string(display(cx)) + " crashes when it evaluates this condition: with " + shown +
                              " in the clause it reads the last value " + quote(last_text) +
                              " as the name of a key, and on one this short radosgw aborts (measured on 16.2.15): "
                              "every request with " +
                              quote(c.key) + " that reaches this statement stops the gateway");
      f.help = "give " + shown + " a statement of its own: RGW uses one variable per clause, the last value";
      return;
    }
    if (!analysis::rgw_runtime_value(last_text)) {
      Finding& f = report(cx, last,
                          std::string(display(cx)) + " reads the last value " + quote(last_text) +
                              " of this clause as the name of a key (" + quote(runtime_key(last_text)) +
                              "), because the clause holds " + shown + "; no request has that key: " +
                              condition::statement_consequence(st, condition::Absent::NeverTrue, cx.target()));
      f.help = "give " + shown + " a statement of its own: RGW uses one variable per clause, the last value";
      return;
    }
    if (c.values.size() > 1) {
      const std::string msg = std::string(display(cx)) + " compares " + quote(c.key) + " only with " +
                              quote(runtime_key(last_text)) + " (the clause's last value, " + quote(last_text) +
                              ") and ignores its other values";
      Finding& f = c.key_member != nullptr ? unverified(cx, cx.report_key(*c.key_member, msg)) : report(cx, last, msg);
      f.help = "put the other values in a statement of their own: RGW uses one variable per clause, the last value";
      return;
    }
    const std::string_view key = runtime_key(last_text);
    if (!names_a_set_key(last_text, cx.target())) {
      Finding& f = report(cx, last,
                          std::string(display(cx)) + " substitutes " + quote(last_text) +
                              " with the request's values of the key " + quote(key) +
                              " (no default, no other syntax), "
                              "which it never sets: " +
                              condition::statement_consequence(st, condition::Absent::NeverTrue, cx.target()));
      f.help = "name a key RGW sets, such as \"${aws:username}\"";
    }
  }

  // A clause without a "${...}" value: a variable inside a value is text to RGW.
  static void check_embedded_variables(const ConditionClause& c, Context& cx) {
    for (const JsonValue* v : c.values) {
      const auto text = value_text(v);
      if (!text) continue;
      const std::size_t open = text->find("${");
      if (open == std::string_view::npos || text->find('}', open) == std::string_view::npos) continue;
      Finding& f = report(cx, *v,
                          std::string(display(cx)) + " does not substitute " +
                              quote(text->substr(open, text->find('}', open) - open + 1)) +
                              " inside a value: only a value that is exactly \"${key}\" is replaced, so " +
                              quote(*text) + " is compared as written");
      f.help = "RGW matches per-user prefixes only by a value that is the variable alone (\"${aws:username}\")";
    }
  }
};

}  // namespace

bool condition::rgw_variable_clause_never_true(const ConditionClause& c, const OperatorLookup& op, Target t) {
  if (!is_ceph(t) || !op.accepted() || op.base == nullptr || op.base->type != ValueType::String) return false;
  if (c.values.empty() || std::none_of(c.values.begin(), c.values.end(), [](const JsonValue* v) {
        const auto text = value_text(v);
        return text && analysis::rgw_runtime_value(*text);
      }))
    return false;
  const auto last = value_text(c.values.back());
  return last && !names_a_set_key(*last, t);
}

const Rule* condition_variable_unsupported_by_target() {
  static const ConditionVariable r;
  return &r;
}

}  // namespace s3policy::rules
