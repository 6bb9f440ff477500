// S3P601 public-read, S3P602 public-list, S3P603 public-write, S3P604 public-permissions: the
// verdict-level answer to the question S3P401 (principal-wildcard) asks at the pattern level.
// A finding means the evaluator found a concrete request from an anonymous caller (or from any
// authenticated user the policy does not name) that the policy allows after every Deny, on the
// target; its message is that request. A source-address or time condition that really limits the
// access lowers the finding to a note; a condition on a key the analysis cannot reason about
// lowers it to a warning that says "depends on".
#include <algorithm>
#include <optional>

#include "analysis/exposure.h"
#include "analysis/principal_parse.h"
#include "catalog/ascii.h"
#include "rules/analysis/family.h"
#include "rules/principal/family.h"

namespace s3policy::rules {
namespace {
using analysis::Access;
using analysis::Verdict;

// Why the Deny statements that could have stopped the request did not (conditions only), and
// which conditions of the allowing statement restrict nothing because the caller sets the key.
std::string would_have_restricted(const Verdict& v, Target target) {
  std::string out;
  // A TLS-only Deny rightly lets an HTTPS request through; whether it works over HTTP is another
  // question (and another rule's).
  const analysis::ContextEntry* tls = v.example->find("aws:SecureTransport", true);
  const bool https = tls != nullptr && tls->values.front() == "true";
  for (const auto& t : v.evaluation.trace) {
    if (!t.denies || t.miss != analysis::Miss::Condition || t.statement->effect == Effect::Missing) continue;
    if (https && t.why.find("aws:SecureTransport") != std::string::npos) continue;
    out += "; the Deny in " + t.statement->label() + " does not apply (" + t.why + ")";
  }
  if (!v.evaluation.deciding.empty()) {
    std::vector<std::string_view> keys;
    for (const ConditionClause& c : v.evaluation.deciding.front()->conditions)
      if (analysis::caller_controlled(target, c.key) && std::find(keys.begin(), keys.end(), c.key) == keys.end())
        keys.push_back(c.key);
    for (std::string_view k : keys) {
      // A listing that gets in only with a prefix shows only the keys under the prefixes the
      // Condition accepts: the caller chooses among them, not beyond them.
      if (ascii::equal_ci(k, "s3:prefix") && v.example->find("s3:prefix", true) != nullptr) {
        std::string clauses;
        for (const ConditionClause& c : v.evaluation.deciding.front()->conditions) {
          if (!ascii::equal_ci(c.key, k)) continue;
          clauses += (clauses.empty() ? "" : ", ") + std::string(c.op);
          for (std::size_t i = 0; i < c.values.size() && i < 3; ++i)
            clauses += (i ? ", \"" : " \"") + std::string(c.values[i]->text()) + "\"";
          if (c.values.size() > 3) clauses += ", ...";
        }
        out += "; its condition on s3:prefix (" + clauses + ") limits the listing to the prefixes it accepts";
        continue;
      }
      out += "; its condition on " + std::string(k) + " restricts nothing (the caller sets it)";
    }
  }
  if (out.empty()) out = "; no Deny applies";
  return out;
}

// "; read reaches public/* only" or "; write reaches every key except private/*" when the access
// does not reach every object: a public folder is often what the author meant. A single object
// is the example request's own: "; read reaches this object only".
std::string reach_text(const std::optional<analysis::Analyzer::KeyScope>& scope, Access access,
                       const analysis::Request& example) {
  if (!scope) return "";
  std::string out = "; " + std::string(analysis::to_string(access)) + " reaches ";
  if (scope->only && scope->patterns.size() == 1 && !scope->bucket) {
    const std::string_view p = scope->patterns.front();
    if (p.find_first_of("*?") == std::string_view::npos && example.resource.size() > p.size() &&
        example.resource.ends_with(p) && example.resource[example.resource.size() - p.size() - 1] == '/')
      return out + "this object only";
  }
  if (scope->only) return out + scope->listed() + " only";
  return out + (scope->bucket ? "the bucket itself and every key except " : "every key except ") + scope->listed();
}

// The finding goes where the statement lets everyone in: its "*" (where principal-wildcard, which
// defers to these rules, reports the same statement), else the Principal or NotPrincipal key, else
// the statement.
Finding& report_at_principal(const Statement& st, const Policy& policy, Context& cx, std::string msg) {
  if (!st.principals.negated) {
    const auto parsed = parsed_principals(st, policy, cx);
    for (std::size_t i = 0; i < std::min(st.principals.items.size(), parsed.size()); ++i)
      if (parsed[i].kind == principal::Kind::Wildcard && st.principals.items[i].value.node != nullptr)
        return cx.report(*st.principals.items[i].value.node, std::move(msg));
  }
  if (st.principals.member != nullptr) return cx.report_key(*st.principals.member, std::move(msg));
  return cx.report_span(head_span(*st.node), json_pointer(*st.node), std::move(msg));
}

// The statement that lets the caller in, and when it is an Allow with NotPrincipal, why (the
// construct itself is not-principal-with-allow's, at the same key).
std::string granting(const Statement& st) {
  if (!st.allows() || !st.principals.negated) return st.label();
  return st.label() + " (its \"NotPrincipal\" lets in every caller except the principals listed)";
}

class PublicAccess final : public Rule {
 public:
  PublicAccess(const RuleMeta& meta, std::vector<Access> accesses, std::string_view what)
      : meta_(meta), accesses_(std::move(accesses)), what_(what) {}
  const RuleMeta& meta() const override { return meta_; }

  void check_policy(const Policy& policy, Context& cx) const override {
    const Target t = cx.target();
    const analysis::Analyzer& az = analyzer(policy, cx);
    // The worst verdict over the public classes and the categories: allowed, then "depends on", then
    // really restricted.
    // Ranked on the summaries; only the worst one's request is built.
    int best_rank = 0;
    std::size_t best_class = 0;
    Access best_access = Access::Read;
    auto rank = [](const Verdict& v) {
      if (v.state == Verdict::State::Allowed) return 3;
      if (v.state == Verdict::State::Conditional) return v.real_restriction ? 1 : 2;
      return 0;
    };
    for (std::size_t w = 0; w < az.classes().size(); ++w) {
      if (!az.classes()[w].is_public) continue;
      for (Access a : accesses_)
        if (const int r = rank(az.summary(w, a)); r > best_rank) {
          best_rank = r;
          best_class = w;
          best_access = a;
        }
    }
    if (best_rank == 0) return;
    const Verdict* best = &az.verdict(best_class, best_access);
    const analysis::PrincipalClass* best_who = &az.classes()[best_class];
    if (best->evaluation.deciding.empty()) return;
    const Statement& st = *best->evaluation.deciding.front();
    const std::string request = analysis::describe_request(*best->example, best_who);
    const std::string reach = reach_text(az.key_scope(best_class, best_access), best_access, *best->example);
    std::string msg;
    Level level = meta_.level;
    if (best->state == Verdict::State::Allowed) {
      msg = request + " is allowed by " + granting(st) + reach + would_have_restricted(*best, t);
    } else if (best->real_restriction) {
      msg = best_who->label + " can " + std::string(what_) + " only when " + analysis::when_text(best->condition) +
            ": " + request + " is allowed by " + granting(st) + reach;
      level = Level::Note;
    } else if (!best->condition.starts_with("depends on ")) {
      // A caller's name or type (aws:username, aws:PrincipalType) is no restriction on who may
      // call: every project can have a user of that name, and callers of that type.
      msg = best_who->label + " can " + std::string(what_) + " only when " + analysis::when_text(best->condition) +
            (best->condition.starts_with("aws:username ") ? ", a name a user of any project can have: "
                                                          : ", which callers of any project meet: ") +
            request + " is allowed by " + granting(st) + reach;
      level = Level::Warning;
    } else {
      // "depends on aws:PrincipalOrgPaths and depends on aws:userid" reads "depends on
      // aws:PrincipalOrgPaths and aws:userid".
      std::string depends = best->condition;
      for (std::size_t at; (at = depends.find(" and depends on ")) != std::string::npos;)
        depends.replace(at, 16, " and ");
      msg = best_who->label + " " + std::string(what_) + " " + depends + ": " + request + " is allowed by " +
            granting(st) + reach;
      level = Level::Warning;
    }
    Finding& f = report_at_principal(st, policy, cx, std::move(msg));
    f.level = level;
    if (best->condition.starts_with("aws:username "))
      f.help = "name the project in the Principal (arn:aws:iam::PROJECT:user/NAME) instead of \"*\" with aws:username";
    else if (st.allows() && st.principals.negated)
      f.help = "use \"Principal\" with the projects or accounts that need access instead of \"NotPrincipal\"";
    else if (best->state == Verdict::State::Allowed)
      f.help = "name the projects that need access instead of \"*\", or restrict it with an aws:SourceIp allow-list";
  }

 private:
  const RuleMeta& meta_;
  std::vector<Access> accesses_;
  std::string_view what_;
};

constexpr RuleMeta kPublicRead{
    .id = "S3P601",
    .name = "public-read",
    .summary = "Anyone, anonymous callers included, can read objects: the policy allows it after every Deny",
    .category = Category::Analysis,
    .level = Level::Error,
    .security_severity = "7.5",
    .precision = "high"};
constexpr RuleMeta kPublicList{
    .id = "S3P602",
    .name = "public-list",
    .summary = "Anyone, anonymous callers included, can list the bucket: the policy allows it after every Deny",
    .category = Category::Analysis,
    .level = Level::Error,
    .security_severity = "5.3",
    .precision = "high"};
constexpr RuleMeta kPublicWrite{
    .id = "S3P603",
    .name = "public-write",
    .summary = "Anyone, anonymous callers included, can write or delete objects: the policy allows it after every Deny",
    .category = Category::Analysis,
    .level = Level::Error,
    .security_severity = "9.1",
    .precision = "high"};
constexpr RuleMeta kPublicPermissions{
    .id = "S3P604",
    .name = "public-permissions",
    .summary = "Anyone, anonymous callers included, can change the bucket policy or ACLs",
    .category = Category::Analysis,
    .level = Level::Error,
    .security_severity = "9.8",
    .precision = "high"};

}  // namespace

const Rule* public_read() {
  static const PublicAccess r(kPublicRead, {Access::Read}, "read");
  return &r;
}
const Rule* public_list() {
  static const PublicAccess r(kPublicList, {Access::List}, "list");
  return &r;
}
const Rule* public_write() {
  static const PublicAccess r(kPublicWrite, {Access::Write, Access::Delete}, "write");
  return &r;
}
const Rule* public_permissions() {
  static const PublicAccess r(kPublicPermissions, {Access::Permissions}, "change permissions");
  return &r;
}

}  // namespace s3policy::rules
