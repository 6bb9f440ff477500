// `s3policy explain`: who can do what to the bucket, per principal class and access category,
// from the symbolic exposure analysis. Exit 0 unless the input cannot be read (2).
#include <algorithm>
#include <iostream>

#include "analysis/access_text.h"
#include "analysis/analyzer.h"
#include "analysis/exposure.h"
#include "cli/analysis_command.h"
#include "cli/analysis_common.h"
#include "cli/cli.h"
#include "cli/command_args.h"
#include "cli/commands.h"
#include "report/json_writer.h"

namespace s3policy::cli {
namespace {

using analysis::Verdict;

}  // namespace

ExplainTable explain_table(Target target, const Policy& policy, const std::optional<std::string>& bucket,
                           const std::string& owner) {
  ExplainTable t;
  t.scope = analysis::scope_of(target, policy, bucket, owner);
  const analysis::Analyzer az(target, policy, t.scope);  // one for the whole table
  for (std::size_t w = 0; w < az.classes().size(); ++w) {
    ExplainRow row;
    for (analysis::Access a : analysis::kAccesses) {
      row.cells.push_back(az.verdict(w, a));
      row.keys.push_back(az.key_scope(w, a));
    }
    row.who = az.classes()[w];
    t.rows.push_back(std::move(row));
  }
  return t;
}

std::string explain_text(const ExplainTable& t, const LoadedPolicy& lp, Target target) {
  std::string out = lp.source.path + " on " + std::string(target_info(target).display) + ", bucket " + t.scope.bucket +
                    (t.scope.owner.empty() ? " (owner project not given)" : " of project " + t.scope.owner) + "\n";
  out += refusal_text(target, lp.source.path, t.refusals, "this policy",
                      "each row is what the text would grant if it were accepted", "  ");
  for (const ExplainRow& row : t.rows) {
    std::vector<analysis::GrantedAccess> granted;
    for (std::size_t i = 0; i < row.cells.size(); ++i)
      if (row.cells[i].state != Verdict::State::Denied)
        granted.push_back(
            {analysis::to_string(analysis::kAccesses[i]), analysis::access_qualifier(row.cells[i], row.keys[i])});
    const std::string line = analysis::access_list(granted);
    out += "  " + class_label(row.who, t.projects) + ": " + (line.empty() ? "nothing" : line) + "\n";
  }
  // The owner's row is easily read as all the owner has: the table is what this policy grants.
  // On RGW the bucket ACL does not reach the objects others upload (their uploaders own them), so
  // when someone else may write, the owner's own row is all it has of those.
  constexpr auto kWrite = static_cast<std::size_t>(analysis::Access::Write);
  static_assert(analysis::kAccesses[kWrite] == analysis::Access::Write);
  const auto others_write = [&](const ExplainRow& r) {
    return !r.who.is_owner && r.cells.at(kWrite).state != Verdict::State::Denied;
  };
  if (std::any_of(t.rows.begin(), t.rows.end(), [](const ExplainRow& r) { return r.who.is_owner; }))
    out += std::string("  (each row is what this policy grants; the bucket's owner also has ") +
           (is_ceph(target) ? "the bucket ACL" : "its account's IAM policies") +
           ", which a Deny here still overrides: see S3P611" +
           (is_ceph(target) && std::any_of(t.rows.begin(), t.rows.end(), others_write)
                ? "; it does not reach objects others upload, which are theirs: see S3P612"
                : "") +
           ")\n";
  return out;
}

namespace {

void explain_json(const ExplainTable& t, const LoadedPolicy& lp, Target target) {
  JsonOut out;
  auto& w = out.w();
  w.StartObject();
  out.kv("file", lp.source.path);
  out.kv("target", target_info(target).name);
  out.kv("bucket", t.scope.bucket);
  out.kv("owner", t.scope.owner);
  write_refusals(out, t.refusals);
  out.key("principals");
  w.StartArray();
  for (const ExplainRow& row : t.rows) {
    w.StartObject();
    out.kv("principal", row.who.label);
    if (const std::string label = class_label(row.who, t.projects); label != row.who.label)
      out.kv("project_name", t.projects.known.at(row.who.caller.project));
    out.kv_bool("public", row.who.is_public);
    out.key("access");
    w.StartObject();
    for (std::size_t i = 0; i < row.cells.size(); ++i) {
      const Verdict& v = row.cells[i];
      out.key(analysis::to_string(analysis::kAccesses[i]));
      w.StartObject();
      out.kv("verdict", v.state == Verdict::State::Allowed     ? "allowed"
                        : v.state == Verdict::State::Conditional ? "conditional"
                                                                 : "denied");
      if (v.state != Verdict::State::Denied) {
        out.kv_bool("over_http", v.over_http);
        out.kv_bool("over_https", v.over_https);
        if (!v.condition.empty()) out.kv("condition", v.condition);
        if (const auto& keys = row.keys[i]) {
          out.key(keys->only ? "only_keys" : "except_keys");
          w.StartArray();
          for (std::string_view p : keys->patterns) out.str(p);
          w.EndArray();
          if (keys->bucket) out.kv_bool("bucket_itself", true);
        }
        out.kv("example", analysis::describe_request(*v.example, &row.who));
        out.key("statements");
        w.StartArray();
        for (const Statement* st : v.evaluation.deciding) out.str(lp.statement_ref(*st));
        w.EndArray();
      }
      w.EndObject();
    }
    w.EndObject();
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  std::cout << out.text() << '\n';
}

}  // namespace

int explain_command(const ExplainArgs& a) {
  std::string error;
  // Target, owner, bucket and project names as lint has them for this file.
  const auto cfg = analysis_config(a.policy, a.config, a.target, a.owner, a.bucket, error);
  if (!cfg) return usage_error(error);
  const Target target = cfg->settings.target;
  auto lp = load_policy(a.policy, error, cfg->limits);
  if (!lp) return usage_error(error);
  ExplainTable t = explain_table(target, *lp->policy, cfg->settings.bucket, cfg->settings.projects.owner);
  t.projects = cfg->settings.projects;
  t.refusals = target_refusals(*lp, *cfg);
  if (a.format == "json") explain_json(t, *lp, target);
  else std::cout << explain_text(t, *lp, target);
  return kExitClean;
}

}  // namespace s3policy::cli
