// `s3policy simulate`: one request against one policy file, evaluated as the target does, with
// the statements that decided it and why each other statement did not apply. With --requests,
// many requests against the policy in one run (a JSON array in, a JSON array out), for tools
// and the differential tests.
// Exit codes: 0 = allowed (every request), 1 = denied (some request), 2 = usage or input error.
#include "cli/analysis_command.h"

#include <algorithm>
#include <chrono>
#include <iostream>

#include "analysis/evaluate.h"
#include "analysis/principal_parse.h"
#include "catalog/catalog.h"
#include "cli/analysis_common.h"
#include "cli/cli.h"
#include "cli/command_args.h"
#include "cli/commands.h"
#include "engine.h"
#include "json.h"
#include "report/json_writer.h"

namespace s3policy::cli {
namespace {

// "arn:aws:s3::TENANT:b/k", "s3://[TENANT:]b/k" or "[TENANT:]b/k" -> ("arn:aws:s3:::b/k", TENANT).
bool parse_resource(std::string text, std::string& arn, std::string& tenant, std::string& error) {
  if (text.starts_with("arn:")) {
    std::size_t at = 0;
    for (int i = 0; i < 4 && at != std::string::npos; ++i) at = text.find(':', at + 1);
    const std::size_t colon5 = at == std::string::npos ? at : text.find(':', at + 1);
    if (colon5 == std::string::npos || text.substr(0, 11) != "arn:aws:s3:") {
      error = "--resource: expected an S3 ARN (arn:aws:s3:::BUCKET/KEY), s3://BUCKET/KEY or BUCKET/KEY";
      return false;
    }
    tenant = text.substr(at + 1, colon5 - at - 1);
    arn = "arn:aws:s3:::" + text.substr(colon5 + 1);
    return true;
  }
  if (text.starts_with("http://") || text.starts_with("https://")) {
    error = "--resource: give the bucket and key (s3://BUCKET/KEY or BUCKET/KEY), not an endpoint URL";
    return false;
  }
  if (text.starts_with("s3://")) text = text.substr(5);
  const std::size_t slash = text.find('/');
  const std::size_t colon = text.find(':');
  if (colon != std::string::npos && colon < slash) {
    tenant = text.substr(0, colon);
    text = text.substr(colon + 1);
  }
  if (text.empty() || text.front() == '/') {
    error = "--resource: no bucket name in \"" + text + "\"";
    return false;
  }
  arn = "arn:aws:s3:::" + text;
  return true;
}

void print_text(const LoadedPolicy& lp, const analysis::Request& r, const analysis::Evaluation& e, Target t,
                const std::vector<std::string>& assumed, const std::vector<Finding>& refusals) {
  std::cout << to_string(e.decision) << ": " << describe(r.caller) << " " << r.action << " " << r.resource;
  if (is_ceph(t)) std::cout << " (bucket tenant " << (r.owner.empty() ? "\"\"" : r.owner) << ")";
  std::cout << " on " << target_info(t).display << '\n';
  for (const Statement* st : e.deciding)
    std::cout << "  " << lp.statement_ref(*st) << " " << (e.decision == analysis::Decision::Allow ? "allows" : "denies")
              << " it\n";
  if (e.decision == analysis::Decision::ImplicitDeny)
    std::cout << "  no statement applies"
              << (is_ceph(t) ? " (RGW then checks the bucket and object ACLs, which let the owner in)" : "") << '\n';
  std::cout << refusal_text(t, lp.source.path, refusals, "this policy",
                            "the answer above is what the text would decide if it were accepted", "");
  std::cout << "context:";
  for (const auto& c : r.context) {
    std::cout << ' ' << c.key << '=';
    for (std::size_t i = 0; i < c.values.size(); ++i) std::cout << (i ? "," : "") << c.values[i];
  }
  std::cout << '\n';
  for (const auto& a : assumed) std::cout << "assumed: " << a << '\n';
  for (const auto& tr : e.trace)
    if (!tr.applies)
      std::cout << "  " << lp.statement_ref(*tr.statement) << " does not apply: " << tr.why << '\n';
}

void write_json(JsonOut& out, const LoadedPolicy& lp, const analysis::Request& r, const analysis::Evaluation& e,
                Target t, const std::vector<Finding>& refusals) {
  auto& w = out.w();
  w.StartObject();
  out.kv("decision", e.decision == analysis::Decision::Allow          ? "allow"
                     : e.decision == analysis::Decision::ExplicitDeny ? "explicit-deny"
                                                                      : "implicit-deny");
  out.kv("target", target_info(t).name);
  out.kv("principal", describe(r.caller));
  out.kv("action", r.action);
  out.kv("resource", r.resource);
  out.kv("owner", r.owner);
  out.key("context");
  w.StartObject();
  for (const auto& c : r.context) {
    out.key(c.key);
    w.StartArray();
    for (const auto& v : c.values) out.str(v);
    w.EndArray();
  }
  w.EndObject();
  out.key("statements");
  w.StartArray();
  for (const auto& tr : e.trace) {
    w.StartObject();
    out.kv("index", static_cast<uint64_t>(tr.statement->index));
    out.kv("label", tr.statement->label());
    const Position p = lp.lines->position(tr.statement->node->span.begin);
    out.kv("line", static_cast<uint64_t>(p.line));
    out.kv("column", static_cast<uint64_t>(p.column));
    out.kv("effect", tr.denies ? "Deny" : "Allow");
    out.kv_bool("applies", tr.applies);
    out.kv_bool("decides", std::find(e.deciding.begin(), e.deciding.end(), tr.statement) != e.deciding.end());
    if (!tr.applies) out.kv("why", tr.why);
    w.EndObject();
  }
  w.EndArray();
  write_refusals(out, refusals);
  w.EndObject();
}

// One request as given on the command line or in a --requests file, before it is checked.
struct RequestSpec {
  std::string principal;
  std::string action;
  std::string resource;
  std::string owner;
  std::vector<analysis::ContextEntry> context;
  bool http = false;
};

// The checked request with the server's own keys added; `assumed` collects what was not given.
// The bucket's owner: the request's own, else the tenant its resource names, else the configured
// owner project. The caller's project and the request's owner may be given by their configured
// names ("project:analytics", "analytics$bob").
std::optional<analysis::Request> build_request(const RequestSpec& spec, Target target, std::int64_t now,
                                               const ProjectSettings& projects, std::vector<std::string>& assumed,
                                               std::string& error) {
  const Catalog& cat = catalog_for(target);
  std::string action = spec.action;
  if (const ActionInfo* info = cat.find_action(action)) {
    action = info->name;
  } else if (is_ceph(target) || action.starts_with("s3:")) {
    error = "--action: " + std::string(target_info(target).display) + " has no action \"" + action + "\"" +
            did_you_mean(cat.suggest_action(action));
    return std::nullopt;
  }
  std::string principal = spec.principal;
  // A bare word is RGW's spelling of a user of the default tenant; a configured project's ID or
  // name was surely meant as the project. Either way it is said.
  const bool bare = !principal.empty() && principal.find_first_of(":$/ ") == std::string::npos &&
                    principal != "anonymous" && !principal::is_aws_account_id(principal);
  if (bare) {
    const bool project_named =
        projects.is_known(principal) ||
        std::any_of(projects.known.begin(), projects.known.end(), [&](const auto& k) { return k.second == principal; });
    if (project_named) {
      assumed.emplace_back("--principal " + principal + " is a configured project: project:" + principal +
                           " (give user:" + principal + " for the user of that name in the default tenant)");
      principal = "project:" + principal;
    } else {
      assumed.emplace_back("--principal " + principal + " is the user " + principal +
                           " of the default tenant (give project:" + principal + " for a user of project " + principal +
                           ")");
    }
  }
  auto caller = analysis::parse_caller(principal, target, error);
  const auto project = caller ? project_id(caller->project, projects, error) : std::nullopt;
  if (!project) {
    error = "--principal \"" + spec.principal + "\": " + error;
    return std::nullopt;
  }
  caller->project = *project;
  const auto owner = project_id(spec.owner, projects, error);
  if (!owner) {
    error = "--owner: " + error;
    return std::nullopt;
  }
  analysis::Request r;
  r.caller = *caller;
  r.action = action;
  std::string tenant;
  if (!parse_resource(spec.resource, r.resource, tenant, error)) return std::nullopt;
  r.owner = !owner->empty() ? *owner : !tenant.empty() ? tenant : projects.owner;
  r.context = spec.context;
  // Every RGW request comes from a named user: "project:ID" is one whose name no Condition expects.
  if (is_ceph(target) && r.caller.kind == analysis::Caller::Kind::Member && r.caller.user.empty() &&
      r.find("aws:username", true) == nullptr) {
    r.caller.user = analysis::Caller::kSomeMemberName;
    assumed.emplace_back("aws:username=" + r.caller.user + " (give --principal '" + r.caller.project +
                         "$NAME' for a named user)");
  }
  if (r.find("aws:SourceIp", true) == nullptr) {
    r.set("aws:SourceIp", "203.0.113.7");
    assumed.emplace_back("aws:SourceIp=203.0.113.7 (give --context aws:SourceIp=ADDRESS)");
  }
  analysis::add_server_keys(target, r, spec.http ? analysis::Transport::Http : analysis::Transport::Https, now);
  return r;
}

std::int64_t now_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// --requests FILE: [{"principal": P, "action": A, "resource": R, "owner": T, "http": true,
//                    "context": {"KEY": "VALUE" or ["V1", "V2"]}}, ...]
std::optional<std::vector<RequestSpec>> read_requests(const std::string& path, std::string& error) {
  FileResult read = read_input(path, InputLimits{});
  if (read.error) {
    error = path + ": " + *read.error;
    return std::nullopt;
  }
  const auto parsed = parse_json(read.source.bytes);
  if (!parsed.document || !parsed.document->root()->is_array()) {
    error = "--requests " + path + ": expected a JSON array of request objects";
    return std::nullopt;
  }
  std::vector<RequestSpec> specs;
  for (const JsonValue* item : parsed.document->root()->items()) {
    const std::string at = "--requests " + path + ": request " + std::to_string(specs.size() + 1);
    if (!item->is_object()) {
      error = at + " is not an object";
      return std::nullopt;
    }
    RequestSpec spec;
    for (const JsonMember& m : item->members()) {
      const JsonValue& v = *m.value;
      if (m.key == "http" && (v.kind == JsonKind::True || v.kind == JsonKind::False)) {
        spec.http = v.kind == JsonKind::True;
      } else if (m.key == "context" && v.is_object()) {
        for (const JsonMember& c : v.members()) {
          analysis::ContextEntry e{std::string(c.key), {}};
          if (c.value->is_string()) e.values.emplace_back(c.value->text());
          for (const JsonValue* cv : c.value->items())
            if (cv->is_string()) e.values.emplace_back(cv->text());
          if (e.values.empty()) {
            error = at + std::string(": context key \"").append(c.key) + "\" needs a string or an array of strings";
            return std::nullopt;
          }
          spec.context.push_back(std::move(e));
        }
      } else if (v.is_string() && (m.key == "principal" || m.key == "action" || m.key == "resource" ||
                                   m.key == "owner")) {
        (m.key == "principal" ? spec.principal
         : m.key == "action"  ? spec.action
         : m.key == "resource" ? spec.resource
                               : spec.owner) = v.text();
      } else {
        error = at + std::string(": unexpected member \"").append(m.key) + "\" (or a value of the wrong type)";
        return std::nullopt;
      }
    }
    if (spec.principal.empty() || spec.action.empty() || spec.resource.empty()) {
      error = at + ": principal, action and resource are required";
      return std::nullopt;
    }
    specs.push_back(std::move(spec));
  }
  return specs;
}

int simulate_batch(const SimulateArgs& a, const InputConfig& cfg) {
  const Target target = cfg.settings.target;
  std::string error;
  const auto specs = read_requests(a.requests, error);
  if (!specs) return usage_error(error);
  auto lp = load_policy(a.policy, error, cfg.limits);
  if (!lp) return usage_error(error);
  const std::vector<Finding> refusals = target_refusals(*lp, cfg);
  const std::int64_t now = now_seconds();
  std::vector<std::pair<analysis::Request, analysis::Evaluation>> results;
  for (const RequestSpec& spec : *specs) {
    std::vector<std::string> assumed;
    auto r = build_request(spec, target, now, cfg.settings.projects, assumed, error);
    if (!r) return usage_error("request " + std::to_string(results.size() + 1) + ": " + error);
    analysis::Evaluation e = analysis::evaluate(target, *lp->policy, *r);
    results.emplace_back(std::move(*r), std::move(e));
  }
  JsonOut out;
  out.w().StartArray();
  bool all_allowed = true;
  for (const auto& [r, e] : results) {
    write_json(out, *lp, r, e, target, refusals);
    all_allowed = all_allowed && e.decision == analysis::Decision::Allow;
  }
  out.w().EndArray();
  std::cout << out.text() << '\n';
  return all_allowed ? kExitClean : kExitFindings;
}

}  // namespace

int simulate_command(const SimulateArgs& a) {
  std::string error;
  // The target and the owner project as lint has them for this file (--owner is the request's).
  const auto cfg = analysis_config(a.policy, a.config, a.target, "", "", error);
  if (!cfg) return usage_error(error);
  const Target target = cfg->settings.target;
  if (a.https && a.http) return usage_error("simulate: give --https or --http, not both");
  if (!a.requests.empty()) {
    if (!a.principal.empty() || !a.action.empty() || !a.resource.empty() || !a.context.empty() || a.http ||
        a.https || !a.owner.empty())
      return usage_error("simulate: --requests takes every request from the file; drop --principal, --action, "
                         "--resource, --context, --owner, --http and --https");
    return simulate_batch(a, *cfg);
  }
  if (a.principal.empty() || a.action.empty() || a.resource.empty())
    return usage_error("simulate: --principal, --action and --resource are required (or --requests FILE)");
  RequestSpec spec{a.principal, a.action, a.resource, a.owner, {}, a.http};
  for (const std::string& kv : a.context) {
    const std::size_t eq = kv.find('=');
    if (eq == std::string::npos || eq == 0) return usage_error("--context: expected KEY=VALUE, got \"" + kv + "\"");
    const std::string key = kv.substr(0, eq);
    auto it = std::find_if(spec.context.begin(), spec.context.end(), [&](const auto& c) { return c.key == key; });
    if (it != spec.context.end()) it->values.push_back(kv.substr(eq + 1));  // a repeated key: one more value
    else spec.context.push_back({key, {kv.substr(eq + 1)}});
  }
  std::vector<std::string> assumed;
  const auto r = build_request(spec, target, now_seconds(), cfg->settings.projects, assumed, error);
  if (!r) return usage_error(error);
  if (!a.http && !a.https) assumed.emplace_back("HTTPS (give --http for plain HTTP)");

  auto lp = load_policy(a.policy, error, cfg->limits);
  if (!lp) return usage_error(error);
  // RGW sets s3:x-amz-acl for a plain PUT and a PutObjectAcl (to "" without the header), never for
  // the start of a multipart upload (measured, online_ownership): without the key, the request is
  // the latter, which the user may not have meant when a Condition reads it.
  const bool upload = r->action == "s3:PutObject", acl_change = r->action == "s3:PutObjectAcl";
  if (is_ceph(target) && (upload || acl_change) && r->find("s3:x-amz-acl", true) == nullptr &&
      std::any_of(lp->policy->statements.begin(), lp->policy->statements.end(), [](const Statement& st) {
        return std::any_of(st.conditions.begin(), st.conditions.end(),
                           [](const ConditionClause& c) { return c.key == "s3:x-amz-acl"; });
      }))
    assumed.emplace_back(std::string("no s3:x-amz-acl") +
                         (upload ? ", as for the request that starts a multipart upload; a plain PUT carries it"
                                 : ", though RGW sets it for every PutObjectAcl") +
                         " (empty without the x-amz-acl header: give --context s3:x-amz-acl= or s3:x-amz-acl=ACL)");
  const analysis::Evaluation e = analysis::evaluate(target, *lp->policy, *r);
  const std::vector<Finding> refusals = target_refusals(*lp, *cfg);
  if (a.format == "json") {
    JsonOut out;
    write_json(out, *lp, *r, e, target, refusals);
    std::cout << out.text() << '\n';
  } else {
    print_text(*lp, *r, e, target, assumed, refusals);
  }
  return e.decision == analysis::Decision::Allow ? kExitClean : kExitFindings;
}

}  // namespace s3policy::cli
