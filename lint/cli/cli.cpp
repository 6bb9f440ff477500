// The command line: every subcommand's arguments and options (their help and checks, and what
// runs the subcommand), parsing, and dispatch. The commands themselves are in their own files and
// see only their XArgs (command_args.h, lint_command.h, online_args.h); CLI11, header-only and
// large, is compiled here alone. The commands that talk to S3 (audit, fetch, diff of s3://BUCKET)
// take the same options in s3policy and s3policy-online (online_args.h says which of them does
// the work); a build without the online mode (S3POLICY_ONLINE=OFF: no S3POLICY_ONLINE_EXECUTABLE)
// registers stubs for audit and fetch that say so.
#include "cli/cli.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <memory>
#include <optional>
#include <string>

#include "cli/command.h"
#include "cli/command_args.h"
#include "cli/commands.h"
#include "cli/lint_command.h"
#include "cli/online_args.h"
#include "report/report.h"

namespace s3policy::cli {
namespace {

void add_config_options(CLI::App* command, ConfigOptions& options) {
  command->add_option("--config", options.config, "Use this configuration file instead of the nearest .s3policy.json");
  command->add_flag("--no-config", options.no_config, "Ignore .s3policy.json files");
}

// What lint and audit share: the report (format, file, colour, exit level), the rules and the
// target. `prefix_example` is an ID prefix for --select's help.
template <class Args>
void add_report_options(CLI::App* c, Args& a, const std::string& prefix_example) {
  c->add_option("-f,--format", a.format, "Output format")
      ->check(CLI::IsMember(report_format_names()))
      ->capture_default_str();
  c->add_option("-o,--output", a.output, "Write the report to FILE instead of stdout");
  c->add_option("--color", a.color, "Colour the text output")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  c->add_option("--fail-on", a.fail_on, "Lowest level that makes the exit code 1 (default: error)")
      ->check(CLI::IsMember({"error", "warning", "note"}));
  c->add_option("--select", a.select, "Only these rules (IDs, names or ID prefixes such as " + prefix_example + ")")
      ->delimiter(',')
      ->allow_extra_args(false);
  c->add_option("--extend-select", a.extend_select,
                "These rules too, on top of the selection: e.g. rules that are off by default (s3policy rules)")
      ->delimiter(',')
      ->allow_extra_args(false);
  c->add_option("--ignore", a.ignore, "Skip these rules (IDs, names or ID prefixes)")
      ->delimiter(',')
      ->allow_extra_args(false);
  c->add_option("-t,--target", a.target,
                "S3 dialect: aws, ceph-pacific, ceph-reef, ceph-squid (default), ceph-tentacle");
}

#ifdef S3POLICY_ONLINE_EXECUTABLE
// Only how to connect (credentials, endpoint, TLS, timeouts, retries, --verbose): for commands
// that read one bucket, such as diff.
void add_connection_options(CLI::App* c, OnlineArgs& a) {
  auto opt = [&](const char* name, std::optional<std::string>& into, const char* help) {
    // CLI11 fills a plain string; the callback keeps "not given" apart from "given empty".
    c->add_option_function<std::string>(
        name, [&into](const std::string& v) { into = v; }, help);
  };
  auto& cr = a.credentials;
  opt("--endpoint", cr.endpoint,
      "S3 endpoint URL, e.g. https://s3.example.cloud (default: from the credentials source)");
  opt("--access-key", cr.access_key, "Access key ID");
  opt("--secret-key", cr.secret_key, "Secret key (visible to other local users in ps: prefer --secret-key-file)");
  opt("--secret-key-file", cr.secret_key_file, "Read the secret key from FILE, or - for stdin");
  opt("--rc", cr.rc_file, "OpenStack ec2.sh/ec2rc.sh file (EC2_ACCESS_KEY, EC2_SECRET_KEY, S3_URL); read, never run");
  opt("--profile", cr.profile, "Profile of ~/.aws/credentials and ~/.aws/config");
  opt("--region", cr.region, "Region for request signing (default us-east-1; RGW ignores it)");
  c->add_option("--ca-bundle", a.ca_bundle, "PEM file of CA certificates to trust for the endpoint");
  c->add_flag("--insecure", a.insecure, "Do not verify the endpoint's TLS certificate (warns)");
  c->add_flag("--virtual-host", a.virtual_host, "Virtual-host addressing (bucket.endpoint) instead of path style");
  c->add_option("--timeout", a.timeout_seconds, "Seconds one request may take, per attempt")
      ->capture_default_str()
      ->check(CLI::Range(0.1, 3600.0));
  c->add_option("--retries", a.retries, "Retries of a request after a network or server error")
      ->capture_default_str()
      ->check(CLI::Range(0, 10));
  c->add_flag("-v,--verbose", a.verbose, "Say which credentials source and endpoint are used (never the secret)");
}

void add_online_options(CLI::App* c, OnlineArgs& a) {
  c->add_option("buckets", a.buckets, "Buckets by name or as s3://NAME; another project's bucket as tenant:bucket");
  c->add_flag("--all-buckets", a.all_buckets, "Every bucket the credentials own (ListBuckets)");
  add_connection_options(c, a);
  c->add_option("-j,--jobs", a.jobs, "Buckets fetched in parallel")->capture_default_str()->check(CLI::Range(1, 64));
  c->add_option("--max-time", a.max_time_seconds,
                "Seconds the whole run may take; buckets not done by then are reported as failed (0: no limit)")
      ->check(CLI::Range(0.0, 86400.0));
  c->add_flag("-q,--quiet", a.quiet, "No progress and no summary on stderr");
}
#endif

void add_lint_command(CLI::App& app, Commands& commands) {
  auto a = std::make_shared<LintArgs>();
  CLI::App* lint = app.add_subcommand("lint", "Check policy files (JSON) and report findings");
  lint->add_option("paths", a->paths, "Policy files, directories (searched recursively), or - for stdin");
  lint->add_option("--stdin-filename", a->stdin_filename,
                   "Report the policy read from stdin (-) as PATH and configure it as that file (its "
                   ".s3policy.json, overrides, suppressions): for editors and tools that pipe a buffer")
      ->option_text("PATH");
  add_report_options(lint, *a, "S3P4");
  lint->add_option("--bucket", a->bucket, "The bucket these policies are for");
  lint->add_option("--owner", a->owner, "The project (RGW tenant) or AWS account that owns the bucket");
  lint->add_option("--config", a->config, "Use this configuration file instead of the nearest .s3policy.json");
  lint->add_flag("--no-config", a->no_config, "Ignore .s3policy.json files");
  lint->add_option("--include", a->filter.include, "File-name globs searched in directories")
      ->delimiter(',')
      ->allow_extra_args(false)
      ->capture_default_str();
  lint->add_option("--exclude", a->filter.exclude, "Globs of paths to skip")->delimiter(',')->allow_extra_args(false);
  lint->add_option("--max-bytes", a->max_bytes, "Refuse inputs larger than this (default 1048576)");
  lint->add_option("--max-depth", a->max_depth, "Refuse JSON nested deeper than this (default 64)");
  lint->add_option("-j,--jobs", a->jobs, "Files linted in parallel (default: number of cores)");
  CLI::Option* fix =
      lint->add_flag("--fix", a->fix, "Apply safe fixes in place (formatting kept), then report what remains");
  lint->add_flag("--unsafe", a->unsafe_fixes,
                 "With --fix: also apply fixes that may change the meaning (did-you-mean guesses)")
      ->needs(fix);
  lint->add_flag("--show-suppressed", a->show_suppressed, "Also print suppressed findings (SARIF always has them)");
  lint->add_flag("--report-unused-suppressions", a->report_unused_suppressions,
                 "Warn about suppress entries that matched no finding");
  lint->add_option("--baseline", a->baseline, "Report only findings that are not in this baseline file");
  lint->add_option("--write-baseline", a->write_baseline, "Record every finding in this baseline file and exit 0");

  commands.add(lint, [a] { return lint_command(*a); });
}

void add_rules_commands(CLI::App& app, Commands& commands) {
  auto format = std::make_shared<std::string>("text");
  CLI::App* rules = app.add_subcommand("rules", "List every rule with its ID, name, level and summary");
  rules->add_option("-f,--format", *format, "Output format")->check(CLI::IsMember({"text", "json", "markdown"}));
  commands.add(rules, [format] { return rules_command(*format); });

  auto name = std::make_shared<std::string>();
  CLI::App* rule = app.add_subcommand("rule", "Show a rule's documentation");
  rule->add_option("rule", *name, "Rule ID (S3P104) or name (unknown-element)")->required();
  commands.add(rule, [name] { return rule_command(*name); });
}

void add_grant_commands(CLI::App& app, Commands& commands) {
  auto g = std::make_shared<GrantArgs>();
  CLI::App* grant = app.add_subcommand("grant", "Write (or update) a policy that shares a bucket with another project");
  grant->add_option("--bucket", g->bucket, "The bucket to share")->required();
  grant
      ->add_option("--to", g->to,
                   "The project (RGW tenant / OpenStack project ID, or AWS account; or its name in "
                   ".s3policy.json), or PROJECT:user/USER")
      ->required();
  grant->add_option("--access", g->access, "list, read, write, readwrite or full")->capture_default_str();
  grant->add_option("--prefix", g->prefix, "Only keys under this prefix");
  grant->add_flag("--https-only", g->https_only, "Only over HTTPS (in the form that works on RGW too)");
  grant->add_option("--source-ip", g->source_ips, "Only from these CIDRs")->allow_extra_args(false);
  grant->add_option("--policy", g->policy, "Add to this existing policy, keeping its other statements and formatting");
  grant->add_flag("--in-place", g->in_place, "Write the result back to --policy instead of stdout");
  grant->add_option("-t,--target", g->target,
                    "aws, ceph-pacific, ceph-reef, ceph-squid (default), ceph-tentacle; default: as configured");
  grant->add_option("--owner", g->owner,
                    "Your project, which owns the bucket (default: as configured): on RGW a write grant then also "
                    "lets it read what the other project uploads");
  add_config_options(grant, g->config);
  commands.add(grant, [g] { return grant_command(*g); });

  auto r = std::make_shared<GrantArgs>();
  CLI::App* revoke = app.add_subcommand("revoke", "Remove the statements that share a bucket with a project");
  revoke->add_option("--bucket", r->bucket, "The shared bucket")->required();
  revoke->add_option("--from", r->to, "The project, or PROJECT:user/USER")->required();
  revoke->add_option("--policy", r->policy, "The policy to edit")->required();
  revoke->add_flag("--in-place", r->in_place, "Write the result back to --policy instead of stdout");
  add_config_options(revoke, r->config);
  commands.add(revoke, [r] { return revoke_command(*r); });
}

void add_catalog_command(CLI::App& app, Commands& commands) {
  auto a = std::make_shared<CatalogArgs>();
  CLI::App* cmd = app.add_subcommand("catalog", "List the actions, condition keys or resource types a target knows");
  cmd->add_option("what", a->what, "actions, keys or resource-types")
      ->check(CLI::IsMember({"actions", "keys", "resource-types"}))
      ->capture_default_str();
  cmd->add_option("-t,--target", a->target, "aws, ceph-pacific, ceph-reef, ceph-squid (default), ceph-tentacle");
  cmd->add_option("-f,--format", a->format, "text or json")->check(CLI::IsMember({"text", "json"}));
  commands.add(cmd, [a] { return catalog_command(*a); });
}

// simulate, explain and diff: the target (else the configured one) and text or JSON output,
// configured as lint is.
void add_analysis_target(CLI::App* c, std::string& target) {
  c->add_option(
      "-t,--target", target,
      "S3 dialect: aws, ceph-pacific, ceph-reef, ceph-squid (default), ceph-tentacle; default: as configured");
}

void add_analysis_format_and_config(CLI::App* c, std::string& format, ConfigOptions& config) {
  c->add_option("-f,--format", format, "Output format")->check(CLI::IsMember({"text", "json"}))->capture_default_str();
  add_config_options(c, config);
}

void add_explain_command(CLI::App& app, Commands& commands) {
  auto a = std::make_shared<ExplainArgs>();
  CLI::App* ex = app.add_subcommand("explain",
                                    "Who can do what: principal classes x read, list, write, delete, "
                                    "permissions, as the target evaluates the policy");
  ex->add_option("policy", a->policy, "Policy file (JSON), or - for stdin")->required();
  add_analysis_target(ex, a->target);
  ex->add_option("--owner", a->owner, "The project (RGW tenant) that owns the bucket; default: as configured");
  ex->add_option("--bucket", a->bucket,
                 "The bucket the policy is for (default: as configured for the file, else from its Resource)");
  add_analysis_format_and_config(ex, a->format, a->config);
  commands.add(ex, [a] { return explain_command(*a); });
}

void add_diff_command(CLI::App& app, Commands& commands) {
  auto a = std::make_shared<DiffArgs>();
  CLI::App* d = app.add_subcommand("diff",
                                   "Access added and removed between two versions of a policy "
                                   "(exit 1 when access was added, 0 otherwise, 2 error)");
  d->add_option("old", a->old_policy, "The old policy file (JSON), - for stdin, or s3://BUCKET (live)")->required();
  d->add_option("new", a->new_policy, "The new policy file (JSON), - for stdin, or s3://BUCKET (live)")->required();
  add_analysis_target(d, a->target);
  d->add_option("--owner", a->owner,
                "The project (RGW tenant) that owns the bucket; default: the live bucket's, else as configured");
  d->add_option("--bucket", a->bucket,
                "The bucket the policy is for (default: the live bucket, else as configured for the new file, else "
                "from the new version's Resource)");
  add_analysis_format_and_config(d, a->format, a->config);
#ifdef S3POLICY_ONLINE_EXECUTABLE
  add_connection_options(d, a->online);  // for s3://BUCKET sides, as for audit
#endif
  commands.add(d, [a] { return diff_command(*a); });
}

void add_analysis_commands(CLI::App& app, Commands& commands) {
  auto a = std::make_shared<SimulateArgs>();
  CLI::App* sim = app.add_subcommand(
      "simulate", "Evaluate one request against a policy as the target would (exit 0 allowed, 1 denied, 2 error)");
  sim->add_option("policy", a->policy, "Policy file (JSON), or - for stdin")->required();
  sim->add_option("--principal", a->principal,
                  "Who asks: anonymous, project:ID, user:[TENANT$]UID, TENANT$UID or a principal ARN; a project's "
                  "name from .s3policy.json stands for its ID");
  sim->add_option("--action", a->action, "The action, e.g. s3:GetObject");
  sim->add_option("--resource", a->resource, "arn:aws:s3:::BUCKET/KEY, s3://[TENANT:]BUCKET/KEY or BUCKET/KEY");
  sim->add_option("--context", a->context, "Condition key in the request: KEY=VALUE (repeat for more values)")
      ->allow_extra_args(false);
  sim->add_option("--requests", a->requests,
                  "Many requests at once: a JSON array of {principal, action, resource, owner, http, context} "
                  "objects (- for stdin); prints a JSON array of results");
  add_analysis_target(sim, a->target);
  sim->add_option("--owner", a->owner,
                  "The project (RGW tenant) that owns the bucket; default: the resource's tenant, else as configured");
  sim->add_flag("--https", a->https, "The request comes over TLS (the default)");
  sim->add_flag("--http", a->http, "The request comes over plain HTTP");
  add_analysis_format_and_config(sim, a->format, a->config);
  commands.add(sim, [a] { return simulate_command(*a); });
  add_explain_command(app, commands);
  add_diff_command(app, commands);
}

#ifdef S3POLICY_ONLINE_EXECUTABLE

void add_fetch_command(CLI::App& app, Commands& commands) {
  auto a = std::make_shared<FetchArgs>();
  CLI::App* c = app.add_subcommand("fetch", "Save live bucket policies byte-exact as DIR/<bucket>.json");
  add_online_options(c, a->online);
  c->add_option("--out", a->out, "Directory for the policy files (created if missing)")->required();
  commands.add(c, [a] { return fetch_command(*a); });
}

void add_audit_commands(CLI::App& app, Commands& commands) {
  auto a = std::make_shared<AuditArgs>();
  CLI::App* c = app.add_subcommand("audit", "Check the live policies, ACLs and settings of S3 buckets");
  add_online_options(c, a->online);
  add_report_options(c, *a, "S3P8");
  c->add_option("--config", a->config, "Use this configuration file instead of the nearest .s3policy.json");
  c->add_flag("--no-config", a->no_config, "Ignore .s3policy.json files");
  c->add_option("--compare", a->compare, "Report drift against DIR/<bucket>.json (as written by s3policy fetch)");
  c->add_flag("--object-owners", a->object_owners,
              "Also list the first 1,000 objects of each bucket and report those other users uploaded (S3P807): "
              "one request more per bucket");
  commands.add(c, [a] { return audit_command(*a); });
  add_fetch_command(app, commands);
}

#else  // built without the online mode

void add_audit_commands(CLI::App& app, Commands& commands) {
  for (const char* name : {"audit", "fetch"}) {
    CLI::App* c = app.add_subcommand(name, "Not available: this s3policy was built without online support");
    c->allow_extras();
    commands.add(c, [] { return usage_error("this s3policy was built without online support (S3POLICY_ONLINE=OFF)"); });
  }
}

#endif

char** g_argv = nullptr;

constexpr CommandGroup kCommandGroups[] = {
    {{"lint"}, add_lint_command},
    {{"rules", "rule"}, add_rules_commands},
    {{"grant", "revoke"}, add_grant_commands},
    {{"catalog"}, add_catalog_command},
    {{"simulate", "explain", "diff"}, add_analysis_commands},
    {{"audit", "fetch"}, add_audit_commands},
};

// The group of `argv[1]` when it names a subcommand exactly, else null.
const CommandGroup* group_named_by(int argc, char** argv) {
  if (argc < 2) return nullptr;
  const std::string_view word = argv[1];
  if (word.empty()) return nullptr;  // would match the empty padding of CommandGroup::names
  for (const CommandGroup& g : kCommandGroups)
    if (std::find(g.names.begin(), g.names.end(), word) != g.names.end()) return &g;
  return nullptr;
}

}  // namespace

std::span<const CommandGroup> command_groups() { return kCommandGroups; }

char** command_line() { return g_argv; }

int run(int argc, char** argv) {
  g_argv = argv;
  CLI::App app{"s3policy: lint and audit S3 bucket policies for AWS and Ceph RadosGW"};
  app.set_version_flag("--version", std::string("s3policy ") + S3POLICY_VERSION);
  app.require_subcommand(1);
  app.fallthrough(false);

  // Setting up every subcommand's options was a third of a one-file lint. When the first argument
  // names a subcommand, only its group is set up: the rest of the command line is parsed the same,
  // because with require_subcommand(1) CLI11 takes no further word for a sibling subcommand once
  // one was chosen. Anything else (--help, --version, a typo) sees them all.
  Commands commands;
  const CommandGroup* only = group_named_by(argc, argv);
  for (const CommandGroup& g : kCommandGroups)
    if (only == nullptr || &g == only) g.add(app, commands);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return rc == 0 ? kExitClean : kExitError;
  }
  for (const auto& [subcommand, action] : commands.list())
    if (*subcommand) return action();
  return kExitError;
}

}  // namespace s3policy::cli
