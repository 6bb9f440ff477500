// S3P504 condition-value-type, S3P505 operator-key-type-mismatch and
// S3P506 json-literal-in-condition: whether a condition's values and key fit its operator.
#include <algorithm>

#include "analysis/condition_values.h"
#include "analysis/principal_parse.h"
#include "catalog/ascii.h"
#include "catalog/wildcard.h"
#include "rules/condition/common.h"
#include "rules/condition/family.h"

namespace s3policy::rules {
namespace {
using condition::display;
using condition::quote;
namespace cv = condition_values;

// "arn:aws:iam::*", meant as "any IAM ARN": Arn operators compare the six fields one by one (AWS,
// and RGW's ARN parser wants all six), so a '*' cannot stand for the missing ones.
std::string short_arn_pattern(std::string_view text) {
  const auto fields = std::count(text.begin(), text.end(), ':') + 1;
  std::string padded(text);
  for (auto i = fields; i < 6; ++i) padded += ":*";
  return "has " + std::to_string(fields) +
         " of an ARN's six \":\"-separated fields, and Arn operators match each field on its own: \"*\" stands for "
         "one field, not the rest (write \"" +
         padded + "\")";
}

// Why `text` means nothing to an operator of type `type`; empty when it is fine.
std::string value_problem(ValueType type, std::string_view text) {
  switch (type) {
    case ValueType::IpAddress: {
      const auto r = cv::parse_cidr(text);
      return r.network ? std::string() : "is not an IP address or CIDR block (" + r.error + ")";
    }
    case ValueType::Date: {
      const auto r = cv::parse_date(text);
      return r.epoch_seconds ? std::string() : "is not a date: " + r.error;
    }
    case ValueType::Numeric:
      return cv::parse_number(text) ? std::string() : "is not a number";
    case ValueType::Bool:
      return cv::parse_bool(text) ? std::string() : "is not \"true\" or \"false\"";
    case ValueType::Arn:
      if (cv::looks_like_arn(text)) return {};
      if (ascii::starts_with_ci(text, "arn:") && has_wildcard(text)) return short_arn_pattern(text);
      return "is not an ARN (arn:partition:service:region:account:resource)";
    case ValueType::Binary:
      return cv::is_base64(text) ? std::string() : "is not base64";
    case ValueType::String:
    case ValueType::Null:  // null-operator-misuse
      break;
  }
  return {};
}

// Why `text` can be no caller's value of `key` on AWS, which sets aws:PrincipalAccount and
// aws:PrincipalArn from the caller in every signed request: 12-digit accounts, principal ARNs.
std::string principal_value_problem(std::string_view key, std::string_view text) {
  if (ascii::equal_ci(key, "aws:PrincipalAccount")) {
    if (has_wildcard(text) || principal::is_aws_account_id(text)) return {};
    return "is not an AWS account ID (12 digits), so no caller's aws:PrincipalAccount equals it";
  }
  if (!ascii::equal_ci(key, "aws:PrincipalArn")) return {};
  const std::string problem = principal::principal_arn_problem(text);
  return problem.empty() ? problem : problem + ", so no caller's aws:PrincipalArn matches it";
}

constexpr RuleMeta kValueType{
    .id = "S3P504", .name = "condition-value-type",
    .summary = "A condition value that is not of the operator's type (bad CIDR, date, number, boolean or ARN)",
    .category = Category::Condition, .level = Level::Error, .precision = "very-high"};

class ConditionValueType final : public Rule {
 public:
  const RuleMeta& meta() const override { return kValueType; }

  void check_statement(const Statement& st, const Policy& policy, Context& cx) const override {
    const std::span<const condition::ClauseLookups> lookups = condition::clause_lookups(st, policy, cx);
    for (std::size_t i = 0; i < st.conditions.size(); ++i) {
      const ConditionClause& c = st.conditions[i];
      const OperatorLookup& op = lookups[i].op;
      if (op.base == nullptr) continue;
      for (const JsonValue* v : c.values) {
        const auto text = condition::value_text(v);
        if (!text || cv::has_policy_variable(*text)) continue;
        std::string problem = value_problem(op.base->type, *text);
        const bool of_principal = problem.empty() && !is_ceph(cx.target());
        if (of_principal) problem = principal_value_problem(c.key, *text);
        if (problem.empty()) continue;
        std::string message = "value " + quote(*text) + " of " + quote(c.op) + " " + problem;
        if (of_principal)
          ;  // the problem says why it never matches
        else if (op.base->type == ValueType::Bool && is_ceph(cx.target()))
          message += "; " + std::string(display(cx)) + " reads every value except \"false\", \"0\" and \"\" as true";
        else if (is_ceph(cx.target()))
          message += "; " + std::string(display(cx)) + " accepts the policy, but the value never matches";
        else
          message += "; it can never match";
        cx.report(*v, message);
      }
    }
  }
};

// Whether an operator of type `op` compares values of a key of type `key` meaningfully.
bool compatible(ValueType op, ValueType key) {
  if (op == ValueType::Null || op == key) return true;
  switch (op) {
    // Text comparison is how ARNs, numbers and booleans are commonly tested and works on both
    // services; addresses (CIDR) and dates (format differs per service) do not compare as text.
    case ValueType::String: return key != ValueType::IpAddress && key != ValueType::Date;
    case ValueType::Numeric: return key == ValueType::Date;  // epoch seconds
    default: return false;
  }
}

std::string operator_for(ValueType key) {
  switch (key) {
    case ValueType::IpAddress: return "IpAddress or NotIpAddress";
    case ValueType::Date: return "a Date operator (DateLessThan, ...)";
    case ValueType::Numeric: return "a Numeric operator (NumericLessThan, ...)";
    case ValueType::Bool: return "Bool";
    case ValueType::Arn: return "ArnLike or StringLike";
    case ValueType::Binary: return "BinaryEquals";
    default: return "a String operator (StringEquals, StringLike, ...)";
  }
}

// An Arn* operator on RGW before Tentacle never matches, whatever the key's type:
// arn-operator-ineffective's finding at the same clause is the decided one.
constexpr std::string_view kArnNeverMatches[] = {"S3P511"};

constexpr RuleMeta kTypeMismatch{
    .id = "S3P505",
    .name = "operator-key-type-mismatch",
    .summary = "A condition operator of another type than its key (StringEquals on aws:SourceIp, ...)",
    .category = Category::Condition,
    .level = Level::Warning,
    .precision = "high",
    .defers_to = kArnNeverMatches};

class OperatorKeyTypeMismatch final : public Rule {
 public:
  const RuleMeta& meta() const override { return kTypeMismatch; }

  void check_statement(const Statement& st, const Policy& policy, Context& cx) const override {
    const std::span<const condition::ClauseLookups> lookups = condition::clause_lookups(st, policy, cx);
    for (std::size_t i = 0; i < st.conditions.size(); ++i) {
      const ConditionClause& c = st.conditions[i];
      const OperatorLookup& op = lookups[i].op;
      const ConditionKeyInfo* key = lookups[i].key.info;
      if (op.base == nullptr || key == nullptr || compatible(op.base->type, key->type)) continue;
      Finding& f = cx.report_key(*c.key_member, quote(c.op) + " compares " + std::string(to_string(op.base->type)) +
                                                    " values, but " + quote(c.key) + " holds " +
                                                    std::string(to_string(key->type)) + " values: the comparison is "
                                                    "unlikely to work as intended");
      f.help = "use " + operator_for(key->type);
    }
  }
};

constexpr RuleMeta kJsonLiteral{
    .id = "S3P506", .name = "json-literal-in-condition",
    .summary = "A JSON true, false or null as a condition value (RGW rejects the whole policy)",
    .category = Category::Condition, .level = Level::Error};

class JsonLiteralInCondition final : public Rule {
 public:
  const RuleMeta& meta() const override { return kJsonLiteral; }

  void check_statement(const Statement& st, const Policy&, Context& cx) const override {
    const bool rejects = condition::catalog(cx).facts().rejects_json_literals;
    for (const ConditionClause& c : st.conditions) {
      for (const JsonValue* v : c.values) {
        const bool boolean = v->kind == JsonKind::True || v->kind == JsonKind::False;
        if (!boolean && v->kind != JsonKind::Null) continue;
        const std::string literal = v->kind == JsonKind::True ? "true" : v->kind == JsonKind::False ? "false" : "null";
        std::string message;
        if (rejects) {
          message = std::string(display(cx)) + " rejects the whole policy: condition value " + literal +
                    " for " + quote(c.key) + " is a JSON literal, not a string";
        } else {
          message = "condition value " + literal + " for " + quote(c.key) + " is a JSON literal; " +
                    (boolean ? "AWS accepts it, but Ceph RGW rejects the whole policy"
                             : "AWS does not document what null means here, and Ceph RGW rejects the whole policy");
        }
        Finding& f = cx.report(*v, message);
        if (rejects) f.target_effect = TargetEffect::RejectsPolicy;
        if (!rejects) f.level = boolean ? Level::Note : Level::Warning;
        if (boolean) {
          f.help = "write \"" + literal + "\" as a string";
          f.fix.push_back({v->span, "\"" + literal + "\""});
        } else {
          f.help = "to test whether the key is absent, use {\"Null\": {\"" + std::string(c.key) + "\": \"true\"}}";
        }
      }
    }
  }
};

}  // namespace

const Rule* condition_value_type() { static const ConditionValueType r; return &r; }
const Rule* operator_key_type_mismatch() { static const OperatorKeyTypeMismatch r; return &r; }
const Rule* json_literal_in_condition() { static const JsonLiteralInCondition r; return &r; }

}  // namespace s3policy::rules
