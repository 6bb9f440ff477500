// S3P510 negated-operator-multi-value and S3P511 arn-operator-ineffective: operators that RGW
// Pacific and Reef evaluate differently from AWS (both fixed in Tentacle). Quiet elsewhere.
#include <algorithm>

#include "catalog/ascii.h"
#include "rules/condition/common.h"
#include "analysis/condition_values.h"
#include "rules/condition/family.h"

namespace s3policy::rules {
namespace {
using condition::display;
using condition::quote;
namespace cv = condition_values;

// The values of a clause as the operator compares them, so "10" and "10.0" or "ABC" and "abc"
// (IgnoreCase) count once. Non-string values stay as written.
std::string normalized(const JsonValue& v, const OperatorInfo& op) {
  if (op.type == ValueType::Numeric)
    if (const auto n = cv::parse_number(v.text())) return std::to_string(*n);
  if (op.type == ValueType::Date)
    if (const auto d = cv::parse_date(v.text()); d.epoch_seconds) return std::to_string(*d.epoch_seconds);
  if (op.name.find("IgnoreCase") != std::string::npos) return ascii::to_lower(v.text());
  return std::string(v.text());
}

std::size_t distinct_values(const ConditionClause& c, const OperatorInfo& op) {
  std::vector<std::string> seen;
  for (const JsonValue* v : c.values) {
    if (v->kind != JsonKind::String && v->kind != JsonKind::Number) continue;
    std::string n = normalized(*v, op);
    if (std::find(seen.begin(), seen.end(), n) == seen.end()) seen.push_back(std::move(n));
  }
  return seen.size();
}

constexpr RuleMeta kNegatedMulti{
    .id = "S3P510", .name = "negated-operator-multi-value",
    .summary = "A negated operator with several values, which RGW Pacific and Reef read as \"differs from any\"",
    .category = Category::Condition, .level = Level::Error, .security_severity = "7.5", .precision = "high"};

class NegatedOperatorMultiValue final : public Rule {
 public:
  const RuleMeta& meta() const override { return kNegatedMulti; }

  void check_statement(const Statement& st, const Policy& policy, Context& cx) const override {
    const Catalog& cat = condition::catalog(cx);
    if (!cat.facts().quirks.negated_multi_value_any) return;
    const bool deny = condition::is_deny(st, cx.target());
    const std::span<const condition::ClauseLookups> lookups = condition::clause_lookups(st, policy, cx);
    for (std::size_t i = 0; i < st.conditions.size(); ++i) {
      const ConditionClause& c = st.conditions[i];
      const OperatorLookup& op = lookups[i].op;
      if (!op.accepted() || op.set != SetQualifier::None || !op.base->negated) continue;
      const ValueType t = op.base->type;
      if (t != ValueType::String && t != ValueType::Numeric && t != ValueType::Date) continue;
      if (distinct_values(c, *op.base) < 2) continue;
      const std::string when = op.base->wildcards ? "true unless the value matches every pattern"
                                                  : "true for every request that has the key";
      Finding& f = cx.report_key(
          *c.key_member, std::string(display(cx)) + " reads " + quote(c.op) + " with several values as \"differs "
                         "from at least one of them\", not \"matches none of them\": for " + quote(c.key) +
                         " it is " + when + ", so this " + (deny ? "Deny" : "Allow") + " applies to almost every request");
      // Not "one Deny per value": Deny(!= a) and Deny(!= b) together refuse a as well (measured).
      f.help = deny ? "before Tentacle one negated clause cannot say \"none of these\", and one Deny per value would "
                      "refuse every value: grant only what the list allows (an Allow naming those principals or "
                      "values) instead, or deny the unwanted values with the positive operator"
                    : "invert it: grant with the positive operator (StringEquals, ...) on the allowed values";
      if (!cat.verified()) {
        f.level = Level::Warning;
        f.help += " (" + std::string(target_info(cx.target()).name) + " is assumed to behave like Reef; unverified)";
      }
    }
  }
};

// A key the target does not know: unknown-condition-key's finding at the same clause says what
// matters first.
constexpr std::string_view kUnknownKeyRule[] = {"S3P502"};

constexpr RuleMeta kArnIneffective{
    .id = "S3P511",
    .name = "arn-operator-ineffective",
    .summary = "An Arn* condition operator, which RGW Pacific and Reef accept but never match",
    .category = Category::Condition,
    .level = Level::Error,
    .security_severity = "7.5",
    .precision = "high",
    .defers_to = kUnknownKeyRule};

// "StringNotEquals" for "ArnNotEquals", "ForAnyValue:StringLikeIfExists" for
// "ForAnyValue:ArnLikeIfExists": the String operator that compares the same text (an Arn*
// pattern is a String*Like pattern whose '*' stays within one ':'-separated part).
std::string string_operator_for(const OperatorLookup& op) {
  std::string out = op.set == SetQualifier::ForAllValues  ? "ForAllValues:"
                    : op.set == SetQualifier::ForAnyValue ? "ForAnyValue:"
                                                          : "";
  out.append("String").append(std::string_view(op.base->name).substr(3));
  if (op.if_exists) out += "IfExists";
  return out;
}

class ArnOperatorIneffective final : public Rule {
 public:
  const RuleMeta& meta() const override { return kArnIneffective; }

  void check_statement(const Statement& st, const Policy& policy, Context& cx) const override {
    const Catalog& cat = condition::catalog(cx);
    if (!cat.facts().quirks.arn_operators_never_match) return;
    const bool deny = condition::is_deny(st, cx.target());
    const std::span<const condition::ClauseLookups> lookups = condition::clause_lookups(st, policy, cx);
    for (std::size_t i = 0; i < st.conditions.size(); ++i) {
      const ConditionClause& c = st.conditions[i];
      const OperatorLookup& op = lookups[i].op;
      if (!op.accepted() || op.base->type != ValueType::Arn) continue;
      // A key the target never sets reaches no operator: condition-key-not-set-by-target reports
      // it, and no operator would make the condition work (aws:SourceArn, aws:PrincipalArn: every
      // key that holds an ARN on AWS is one of them before Tentacle).
      if (lookups[i].key.info != nullptr && lookups[i].key.info->populated == Populated::Never) continue;
      const std::string consequence =
          condition::statement_consequence(st, condition::Absent::NeverTrue, cx.target());
      Finding& f = cx.report_key(*c.key_member, std::string(display(cx)) + " never matches " + quote(c.op) +
                                                    " on " + quote(c.key) + (op.if_exists ? " when the key is present" : "") +
                                                    ": " + consequence);
      f.level = deny ? Level::Error : Level::Warning;
      const std::string replacement = string_operator_for(op);
      f.help = "use " + quote(replacement) + " (works on every target";
      f.help += replacement.find("Like") != std::string::npos ? "; its '*' also matches ':')" : ")";
      if (!cat.verified())
        f.help += "; " + std::string(target_info(cx.target()).name) + " is assumed to behave like Reef (unverified)";
    }
  }
};

}  // namespace

const Rule* negated_operator_multi_value() { static const NegatedOperatorMultiValue r; return &r; }
const Rule* arn_operator_ineffective() { static const ArnOperatorIneffective r; return &r; }

}  // namespace s3policy::rules
