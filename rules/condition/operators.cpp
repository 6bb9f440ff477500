// S3P501 unknown-condition-operator, S3P507 set-operator-on-single-valued-key and
// S3P509 null-operator-misuse: the operator names of a Condition block.
#include "catalog/suggest.h"
#include "rules/condition/common.h"
#include "analysis/condition_values.h"
#include "rules/condition/family.h"

namespace s3policy::rules {
namespace {
using condition::display;
using condition::quote;

bool negated(std::string_view op) { return op.find("Not") != std::string_view::npos; }

constexpr RuleMeta kUnknownOperator{
    .id = "S3P501", .name = "unknown-condition-operator",
    .summary = "A condition operator the target does not know, so it rejects the whole policy",
    .category = Category::Condition, .level = Level::Error};

class UnknownConditionOperator final : public Rule {
 public:
  const RuleMeta& meta() const override { return kUnknownOperator; }

  void check_statement(const Statement& st, const Policy&, Context& cx) const override {
    // A CloudFormation function in the Condition's place is cloudformation-function's finding.
    if (st.condition == nullptr || !st.condition->value->is_object() ||
        !template_function(*st.condition->value).empty())
      return;
    const Catalog& cat = condition::catalog(cx);
    const auto rejects = [&] { return std::string(display(cx)) + " rejects the whole policy"; };
    for (const JsonMember& op : st.condition->value->members()) {
      const OperatorLookup look = cat.check_operator(op.key);
      switch (look.status) {
        case OperatorStatus::Ok: break;
        case OperatorStatus::WrongCase: {
          const auto spelling = cat.suggest_operator(op.key);
          Finding& f = cx.report_key(op, "condition operator " + quote(op.key) + " has the wrong case: operators are "
                                         "case-sensitive and " + rejects() + did_you_mean(spelling));
          f.target_effect = TargetEffect::RejectsPolicy;
          if (spelling) f.fix.push_back({op.key_span, quote(*spelling)});
          break;
        }
        case OperatorStatus::UnsupportedSetForm: {
          Finding& f = cx.report_key(
              op, rejects() + ": " + quote(op.key) + " is not one of its condition operators (it has set forms only "
                  "of StringEquals, StringLike and StringEqualsIgnoreCase)");
          f.target_effect = TargetEffect::RejectsPolicy;
          f.help = "for a single-valued key drop the " + std::string(op.key.substr(0, op.key.find(':') + 1)) +
                   " prefix; otherwise express the test with one of the String set forms RGW accepts";
          break;
        }
        case OperatorStatus::Unknown: {
          Finding& f = cx.report_key(op, "unknown condition operator " + quote(op.key) + "; " + rejects() +
                                             did_you_mean(cat.suggest_operator(op.key)));
          f.target_effect = TargetEffect::RejectsPolicy;
          // "StringEqual" -> "StringEquals" is likely, but the nearest operator may test
          // something else than the author meant: unsafe, and only when no other is as near.
          // Never across a negation: "BinaryNotEquals" is one word away from its opposite.
          const auto only = cat.suggest_operator(op.key, OnTie::Nothing);
          if (only && negated(*only) == negated(op.key)) {
            f.fix.push_back({op.key_span, quote(*only)});
            f.fix_safety = FixSafety::Unsafe;
          }
          break;
        }
      }
    }
  }
};

constexpr RuleMeta kSetOnSingle{
    .id = "S3P507", .name = "set-operator-on-single-valued-key",
    .summary = "ForAllValues or ForAnyValue on a key that has a single value",
    .category = Category::Condition, .level = Level::Warning, .precision = "high"};

class SetOperatorOnSingleValuedKey final : public Rule {
 public:
  const RuleMeta& meta() const override { return kSetOnSingle; }

  void check_statement(const Statement& st, const Policy& policy, Context& cx) const override {
    const std::span<const condition::ClauseLookups> lookups = condition::clause_lookups(st, policy, cx);
    for (std::size_t i = 0; i < st.conditions.size(); ++i) {
      const ConditionClause& c = st.conditions[i];
      const OperatorLookup& op = lookups[i].op;
      if (!op.accepted() || op.set == SetQualifier::None) continue;
      const ConditionKeyInfo* key = lookups[i].key.info;
      if (key == nullptr || key->multi_valued) continue;
      const std::string qualifier = op.set == SetQualifier::ForAllValues ? "ForAllValues" : "ForAnyValue";
      const std::string plain = std::string(c.op.substr(c.op.find(':') + 1));
      if (op.set == SetQualifier::ForAllValues) {
        const bool deny = condition::is_deny(st, cx.target());
        Finding& f = cx.report_key(
            *c.key_member, "ForAllValues on single-valued key " + quote(c.key) + " is true when the request lacks "
                           "the key, so this " + (deny ? "Deny also applies to" : "Allow also grants") +
                           " requests without it");
        f.help = "use " + quote(plain) + " for a single-valued key";
      } else {
        // ForAnyValue over one value is the plain operator: harmless, but it reads as if the key
        // could hold several values and hides the missing-key behaviour.
        Finding& f = cx.report_key(*c.key_member, qualifier + " on single-valued key " + quote(c.key) +
                                                      " works like plain " + quote(plain) + "; write that instead");
        f.level = Level::Note;
      }
    }
  }
};

constexpr RuleMeta kNullMisuse{
    .id = "S3P509", .name = "null-operator-misuse",
    .summary = "A Null condition with IfExists, a value other than \"true\"/\"false\", or a value the target ignores",
    .category = Category::Condition, .level = Level::Error, .precision = "high"};

class NullOperatorMisuse final : public Rule {
 public:
  const RuleMeta& meta() const override { return kNullMisuse; }

  void check_statement(const Statement& st, const Policy& policy, Context& cx) const override {
    const Catalog& cat = condition::catalog(cx);
    const bool ignores_value = cat.facts().quirks.null_ignores_value;
    const JsonMember* reported_op = nullptr;
    const std::span<const condition::ClauseLookups> lookups = condition::clause_lookups(st, policy, cx);
    for (std::size_t i = 0; i < st.conditions.size(); ++i) {
      const ConditionClause& c = st.conditions[i];
      const OperatorLookup& op = lookups[i].op;
      if (!op.accepted() || op.base == nullptr || op.base->type != ValueType::Null) continue;
      if (op.if_exists && reported_op != c.op_member) {
        reported_op = c.op_member;
        Finding& f = cx.report_key(*c.op_member, quote(c.op) + " is not a documented operator: a Null test already "
                                                 "handles a missing key, and IfExists makes a \"false\" test always true");
        f.level = Level::Warning;
        f.help = "use \"Null\"";
      }
      for (const JsonValue* v : c.values) {
        if (v->kind != JsonKind::String && v->kind != JsonKind::Number) continue;  // literals: S3P506
        const auto value = condition_values::parse_bool(v->text());
        if (!value) {
          Finding& f = cx.report(*v, "Null takes \"true\" (the key is absent) or \"false\" (the key is present), "
                                     "not " + quote(v->text()));
          f.level = Level::Warning;
          continue;
        }
        if (ignores_value && !*value) {
          Finding& f = cx.report(
              *v, std::string(display(cx)) + " ignores the value of Null: this condition is true only when " +
                      quote(c.key) + " is absent, the opposite of what \"false\" asks");
          f.help = "to require the key on " + std::string(display(cx)) +
                   ", test it with {\"StringLike\": {\"" + std::string(c.key) + "\": \"*\"}} instead";
        }
      }
    }
  }
};

}  // namespace

const Rule* unknown_condition_operator() { static const UnknownConditionOperator r; return &r; }
const Rule* set_operator_on_single_valued_key() { static const SetOperatorOnSingleValuedKey r; return &r; }
const Rule* null_operator_misuse() { static const NullOperatorMisuse r; return &r; }

}  // namespace s3policy::rules
