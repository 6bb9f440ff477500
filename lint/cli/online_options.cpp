// The options of the commands that talk to S3, and their registration: the same in s3policy and
// s3policy-online (see online_args.h for which of them does the work). A build without the online
// mode (S3POLICY_ONLINE=OFF: no S3POLICY_ONLINE_EXECUTABLE) registers stubs that say so.
#include <CLI/CLI.hpp>
#include <memory>

#include "cli/command.h"
#include "cli/commands.h"
#include "cli/online_args.h"
#include "report/report.h"

namespace s3policy::cli {

void add_online_options(CLI::App* c, OnlineArgs& a) {
  c->add_option("buckets", a.buckets, "Buckets by name; another project's bucket as tenant:bucket");
  c->add_flag("--all-buckets", a.all_buckets, "Every bucket the credentials own (ListBuckets)");
  add_connection_options(c, a);
  c->add_option("-j,--jobs", a.jobs, "Buckets fetched in parallel")->capture_default_str()->check(CLI::Range(1, 64));
  c->add_option("--max-time", a.max_time_seconds,
                "Seconds the whole run may take; buckets not done by then are reported as failed (0: no limit)")
      ->check(CLI::Range(0.0, 86400.0));
  c->add_flag("-q,--quiet", a.quiet, "No progress and no summary on stderr");
}

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

#ifdef S3POLICY_ONLINE_EXECUTABLE

namespace {

void add_fetch_command(CLI::App& app, Commands& commands) {
  auto a = std::make_shared<FetchArgs>();
  CLI::App* c = app.add_subcommand("fetch", "Save live bucket policies byte-exact as DIR/<bucket>.json");
  add_online_options(c, a->online);
  c->add_option("--out", a->out, "Directory for the policy files (created if missing)")->required();
  commands.add(c, [a] { return fetch_command(*a); });
}

}  // namespace

void add_audit_commands(CLI::App& app, Commands& commands) {
  auto a = std::make_shared<AuditArgs>();
  CLI::App* c = app.add_subcommand("audit", "Check the live policies, ACLs and settings of S3 buckets");
  add_online_options(c, a->online);
  c->add_option("-f,--format", a->format, "Output format")
      ->check(CLI::IsMember(report_format_names()))
      ->capture_default_str();
  c->add_option("-o,--output", a->output, "Write the report to FILE instead of stdout");
  c->add_option("--color", a->color, "Colour the text output")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  c->add_option("--fail-on", a->fail_on, "Lowest level that makes the exit code 1 (default: error)")
      ->check(CLI::IsMember({"error", "warning", "note"}));
  c->add_option("--select", a->select, "Only these rules (IDs, names or ID prefixes such as S3P8)")
      ->delimiter(',')
      ->allow_extra_args(false);
  c->add_option("--extend-select", a->extend_select,
                "These rules too, on top of the selection: e.g. rules that are off by default (s3policy rules)")
      ->delimiter(',')
      ->allow_extra_args(false);
  c->add_option("--ignore", a->ignore, "Skip these rules (IDs, names or ID prefixes)")
      ->delimiter(',')
      ->allow_extra_args(false);
  c->add_option("-t,--target", a->target,
                "S3 dialect: aws, ceph-pacific, ceph-reef, ceph-squid (default), ceph-tentacle");
  c->add_option("--config", a->config, "Use this configuration file instead of the nearest .s3policy.json");
  c->add_flag("--no-config", a->no_config, "Ignore .s3policy.json files");
  c->add_option("--compare", a->compare, "Report drift against DIR/<bucket>.json (as written by s3policy fetch)");
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

}  // namespace s3policy::cli
