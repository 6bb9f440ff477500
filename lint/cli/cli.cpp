#include "cli/cli.h"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "cli/commands.h"
#include "cli/inputs.h"
#include "report/report.h"
#include "rules/registry.h"

namespace s3policy::cli {

namespace {

struct LintArgs {
  std::vector<std::string> paths;
  std::string format = "text";
  std::string output;
  std::string color = "auto";
  std::string fail_on = "error";
  std::vector<std::string> select, ignore;
  std::string target;
  std::string bucket;
  InputFilter filter;
  std::size_t max_bytes = InputLimits{}.max_bytes;
  std::size_t max_depth = InputLimits{}.max_depth;
  unsigned jobs = 0;
};

// Lints every input, `jobs` at a time; results keep the input order whatever finishes first.
std::vector<FileResult> lint_all(const Engine& engine, const std::vector<InputSpec>& inputs,
                                 const LintSettings& settings, unsigned jobs) {
  std::vector<FileResult> results(inputs.size());
  auto lint_one = [&](std::size_t i) {
    const InputSpec& in = inputs[i];
    if (!in.error.empty()) {
      results[i].source.path = in.path;
      results[i].error = in.error;
      return;
    }
    FileResult read = read_input(in.path, engine.limits());
    if (in.path == "-") read.source.path = "<stdin>";
    results[i] = read.error ? std::move(read) : engine.lint(std::move(read.source), settings);
  };
  jobs = std::clamp<unsigned>(jobs, 1, static_cast<unsigned>(std::max<std::size_t>(1, inputs.size())));
  if (jobs == 1) {
    for (std::size_t i = 0; i < inputs.size(); ++i) lint_one(i);
    return results;
  }
  std::atomic<std::size_t> next{0};
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < jobs; ++t)
    pool.emplace_back([&] {
      for (std::size_t i; (i = next.fetch_add(1)) < inputs.size();) lint_one(i);
    });
  for (auto& th : pool) th.join();
  return results;
}

int lint_command(const LintArgs& a) {
  RuleSelection selection;
  selection.select = a.select;
  selection.ignore = a.ignore;
  for (const auto& s : a.select) {
    if (!selector_known(s)) return usage_error("--select: no rule matches \"" + s + "\"" + rule_suggestion(s));
  }
  for (const auto& s : a.ignore) {
    if (!selector_known(s)) return usage_error("--ignore: no rule matches \"" + s + "\"" + rule_suggestion(s));
  }
  LintSettings settings;
  if (!a.target.empty()) {
    auto t = parse_target(a.target);
    if (!t) return usage_error("--target: unknown target \"" + a.target + "\"; use one of " + target_list());
    settings.target = *t;
  }
  if (!a.bucket.empty()) settings.bucket = a.bucket;
  if (a.paths.empty()) return usage_error("lint: no input; give policy files, directories, or - for stdin");

  Engine engine(all_rules(), selection, InputLimits{a.max_bytes, a.max_depth});
  const auto inputs = expand_inputs(a.paths, a.filter);
  const unsigned jobs = a.jobs != 0 ? a.jobs : std::max(1u, std::thread::hardware_concurrency());
  RunResult run;
  run.files = lint_all(engine, inputs, settings, jobs);
  run.rules = engine.enabled_rules();
  run.fail_level = *parse_level(a.fail_on);
  if (inputs.empty()) std::cerr << "s3policy: warning: no policy files found (looked for " << "--include patterns)\n";
  return emit_report(run, a.format, a.output, a.color);
}

}  // namespace

int run(int argc, char** argv) {
  CLI::App app{"s3policy: lint and audit S3 bucket policies for AWS and Ceph RadosGW"};
  app.set_version_flag("--version", std::string("s3policy ") + S3POLICY_VERSION);
  app.require_subcommand(1);
  app.fallthrough(false);

  LintArgs la;
  CLI::App* lint = app.add_subcommand("lint", "Check policy files (JSON) and report findings");
  lint->add_option("paths", la.paths, "Policy files, directories (searched recursively), or - for stdin");
  lint->add_option("-f,--format", la.format, "Output format")
      ->check(CLI::IsMember({"text", "json", "sarif", "github"}))->capture_default_str();
  lint->add_option("-o,--output", la.output, "Write the report to FILE instead of stdout");
  lint->add_option("--color", la.color, "Colour the text output")
      ->check(CLI::IsMember({"auto", "always", "never"}))->capture_default_str();
  lint->add_option("--fail-on", la.fail_on, "Lowest level that makes the exit code 1")
      ->check(CLI::IsMember({"error", "warning", "note"}))->capture_default_str();
  lint->add_option("--select", la.select, "Only these rules (IDs, names or ID prefixes such as S3P4)")->delimiter(',')->allow_extra_args(false);
  lint->add_option("--ignore", la.ignore, "Skip these rules (IDs, names or ID prefixes)")->delimiter(',')->allow_extra_args(false);
  lint->add_option("-t,--target", la.target, "S3 dialect: aws, ceph-pacific, ceph-reef, ceph-squid (default), ceph-tentacle");
  lint->add_option("--bucket", la.bucket, "The bucket these policies are for");
  lint->add_option("--include", la.filter.include, "File-name globs searched in directories")->delimiter(',')->allow_extra_args(false)
      ->capture_default_str();
  lint->add_option("--exclude", la.filter.exclude, "Globs of paths to skip")->delimiter(',')->allow_extra_args(false);
  lint->add_option("--max-bytes", la.max_bytes, "Refuse inputs larger than this")->capture_default_str();
  lint->add_option("--max-depth", la.max_depth, "Refuse JSON nested deeper than this")->capture_default_str();
  lint->add_option("-j,--jobs", la.jobs, "Files linted in parallel (default: number of cores)");

  std::string rules_format = "text";
  std::string rules_target;
  CLI::App* rules = app.add_subcommand("rules", "List every rule with its ID, name, level and summary");
  rules->add_option("-f,--format", rules_format, "Output format")->check(CLI::IsMember({"text", "json", "markdown"}));
  rules->add_option("-t,--target", rules_target, "Only to show the target in the header (all rules apply)");

  std::string rule_name;
  CLI::App* rule = app.add_subcommand("rule", "Show a rule's documentation");
  rule->add_option("rule", rule_name, "Rule ID (S3P104) or name (unknown-element)")->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return rc == 0 ? kExitClean : kExitError;
  }
  if (*lint) return lint_command(la);
  if (*rules) return rules_command(rules_format);
  if (*rule) return rule_command(rule_name);
  return kExitError;
}

}  // namespace s3policy::cli
