// S3P508 wildcard-without-like-operator and S3P513 source-ip-suspicious: values that are valid
// but probably do not say what their author meant.
#include "catalog/ascii.h"
#include "rules/condition/common.h"
#include "analysis/condition_values.h"
#include "rules/condition/family.h"

namespace s3policy::rules {
namespace {
using condition::display;
using condition::quote;
namespace cv = condition_values;

// The value without its policy variables: "${*}" and "${?}" are how a literal '*' or '?' is
// written, and "${aws:username}" is not a wildcard either.
std::string without_variables(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s.compare(i, 2, "${") == 0) {
      const auto close = s.find('}', i);
      if (close != std::string_view::npos) {
        i = close;
        continue;
      }
    }
    out += s[i];
  }
  return out;
}

constexpr RuleMeta kWildcard{
    .id = "S3P508", .name = "wildcard-without-like-operator",
    .summary = "A '*' or '?' in a value of an operator that compares literally (StringEquals, ...)",
    .category = Category::Condition, .level = Level::Warning, .precision = "high"};

class WildcardWithoutLikeOperator final : public Rule {
 public:
  const RuleMeta& meta() const override { return kWildcard; }

  void check_statement(const Statement& st, const Policy& policy, Context& cx) const override {
    const std::span<const condition::ClauseLookups> lookups = condition::clause_lookups(st, policy, cx);
    for (std::size_t i = 0; i < st.conditions.size(); ++i) {
      const ConditionClause& c = st.conditions[i];
      const OperatorLookup& op = lookups[i].op;
      // ArnEquals matches wildcards like ArnLike on AWS (the catalog says which operators do).
      if (op.base == nullptr || op.base->wildcards) continue;
      if (op.base->type != ValueType::String && op.base->type != ValueType::Arn) continue;
      for (const JsonValue* v : c.values) {
        if (!v->is_string()) continue;
        const std::string plain = without_variables(v->text());
        const bool star = plain.find('*') != std::string::npos;
        // '?' is ordinary in URLs (aws:Referer "https://example.com/?a=b"); only a bare one counts.
        const bool question = plain.find('?') != std::string::npos && plain.find("://") == std::string::npos;
        if (!star && !question) continue;
        const std::string like = op.base->negated ? "StringNotLike" : "StringLike";
        Finding& f = cx.report(*v, quote(v->text()) + " contains '" + (star ? "*" : "?") + "', but " + quote(c.op) +
                                       " compares literally: it matches only that exact text");
        f.help = "use " + quote(like) + " to match a pattern, or ${" + std::string(star ? "*" : "?") +
                 "} for a literal character";
      }
    }
  }
};

bool is_source_ip(std::string_view key) { return ascii::equal_ci(key, "aws:SourceIp"); }

constexpr RuleMeta kSourceIp{
    .id = "S3P513", .name = "source-ip-suspicious",
    .summary = "An IP condition with host bits set, 0.0.0.0/0, or a private range AWS never sees",
    .category = Category::Condition, .level = Level::Warning, .precision = "medium"};

class SourceIpSuspicious final : public Rule {
 public:
  const RuleMeta& meta() const override { return kSourceIp; }

  void check_statement(const Statement& st, const Policy& policy, Context& cx) const override {
    const bool deny = condition::is_deny(st, cx.target());
    const std::span<const condition::ClauseLookups> lookups = condition::clause_lookups(st, policy, cx);
    for (std::size_t i = 0; i < st.conditions.size(); ++i) {
      const ConditionClause& c = st.conditions[i];
      const OperatorLookup& op = lookups[i].op;
      if (op.base == nullptr || op.base->type != ValueType::IpAddress) continue;
      // An allow-list: Allow ... IpAddress, or Deny ... NotIpAddress.
      const bool allow_list = deny == op.base->negated;
      for (const JsonValue* v : c.values) {
        if (!v->is_string()) continue;
        const auto parsed = cv::parse_cidr(v->text());
        if (!parsed.network) continue;  // condition-value-type
        const cv::IpNetwork& n = *parsed.network;
        const cv::IpScope scope = cv::classify(n);
        if (scope == cv::IpScope::Any) {
          // A Deny on every address may be deliberate; an allow-list of everything never is.
          if (allow_list)
            cx.report(*v, quote(v->text()) + " is every " + (n.v6 ? "IPv6" : "IPv4") +
                              " address: as an allow-list this condition restricts nothing");
        } else if (n.host_bits_set()) {
          const std::string block = n.network().to_string();
          Finding& f = cx.report(*v, quote(v->text()) + " has host bits set: it means the whole block " + quote(block) +
                                         ", not the single address");
          f.help = "write " + quote(block) + ", or the address with /" + std::to_string(n.bits()) +
                   " if one host was meant";
          // Both services compare only the prefix bits, so the network form keeps the meaning.
          f.fix.push_back({v->span, quote(block)});
        } else if (!is_ceph(cx.target()) && allow_list && is_source_ip(c.key) && scope != cv::IpScope::Public) {
          // On AWS aws:SourceIp is the public address; through a VPC endpoint it is absent and
          // aws:VpcSourceIp holds the private one. RGW in a private cloud sees private addresses.
          Finding& f = cx.report(*v, std::string(cv::to_string(scope)) + " range " + quote(v->text()) +
                                         " in an aws:SourceIp allow-list: " + std::string(display(cx)) +
                                         " never sees such a source address (VPC endpoint requests carry "
                                         "aws:VpcSourceIp instead)");
          f.help = "for traffic through a VPC endpoint use aws:SourceVpce or aws:VpcSourceIp";
        }
      }
    }
  }
};

}  // namespace

const Rule* wildcard_without_like_operator() { static const WildcardWithoutLikeOperator r; return &r; }
const Rule* source_ip_suspicious() { static const SourceIpSuspicious r; return &r; }

}  // namespace s3policy::rules
