#include "cli/lint_command.h"

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <set>
#include <iostream>
#include <memory>
#include <thread>

#include "cli/cli.h"
#include "cli/command.h"
#include "cli/commands.h"
#include "config_layers.h"
#include "report/report.h"
#include "fix.h"
#include "suppress.h"
#include "rules/registry.h"

namespace s3policy::cli {

namespace fs = std::filesystem;

std::vector<FileResult> lint_all(const std::vector<Job>& work, unsigned jobs) {
  std::vector<FileResult> results(work.size());
  auto lint_one = [&](std::size_t i) {
    const Job& job = work[i];
    if (!job.input.error.empty()) {
      results[i].source.path = job.input.path;
      results[i].error = job.input.error;
      return;
    }
    FileResult read = read_input(job.input.path, job.engine->limits());
    if (job.input.path == "-") read.source.path = "<stdin>";
    results[i] = read.error ? std::move(read) : job.engine->lint(std::move(read.source), job.settings);
    // Reporters read a file's text only to show its findings: a clean file's bytes go at once, so
    // memory does not grow with the number of clean files (docs/performance.md, measure d).
    if (results[i].findings.empty()) std::string().swap(results[i].source.bytes);
  };
  jobs = std::clamp<unsigned>(jobs, 1, static_cast<unsigned>(std::max<std::size_t>(1, work.size())));
  if (jobs == 1) {
    for (std::size_t i = 0; i < work.size(); ++i) lint_one(i);
    return results;
  }
  std::atomic<std::size_t> next{0};
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < jobs; ++t)
    pool.emplace_back([&] {
      for (std::size_t i; (i = next.fetch_add(1)) < work.size();) lint_one(i);
    });
  for (auto& th : pool) th.join();
  return results;
}

const ConfigFile* ConfigResolver::for_input(const std::string& path, std::string& error) {
  if (disabled_) return nullptr;
  std::string cfg_path = explicit_;
  if (cfg_path.empty()) {
    const fs::path dir = path == "-" ? fs::current_path() : fs::path(path).parent_path();
    auto known = nearest_.find(dir.string());
    if (known == nearest_.end())
      known = nearest_.emplace(dir.string(), find_config_file(dir.empty() ? fs::path(".") : dir)).first;
    const std::optional<std::string>& found = known->second;
    if (!found) return nullptr;
    cfg_path = *found;
  }
  auto it = loaded_.find(cfg_path);
  if (it == loaded_.end()) it = loaded_.emplace(cfg_path, load_config_file(cfg_path, all_rules())).first;
  if (auto* e = std::get_if<std::string>(&it->second)) {
    error = *e;
    return nullptr;
  }
  return &std::get<ConfigFile>(it->second);
}

int lint_command(const LintArgs& a) {
  if (auto e = check_selectors(a.select, "--select")) return usage_error(*e);
  if (auto e = check_selectors(a.ignore, "--ignore")) return usage_error(*e);
  CommandLineSettings flags{a.select, a.ignore, std::nullopt, a.owner, a.bucket, a.max_bytes, a.max_depth};
  if (!a.target.empty()) {
    flags.target = parse_target(a.target);
    if (!flags.target) return usage_error("--target: unknown target \"" + a.target + "\"; use one of " + target_list());
  }
  if (a.paths.empty()) return usage_error("lint: no input; give policy files, directories, or - for stdin");

  ConfigResolver configs(a.config, a.no_config);
  EngineSet engines(all_rules());
  std::optional<Level> config_fail_on;
  std::vector<Job> work;
  for (InputSpec& in : expand_inputs(a.paths, a.filter)) {
    std::string config_error;
    const ConfigFile* cfg = in.error.empty() ? configs.for_input(in.path, config_error) : nullptr;
    if (!config_error.empty()) return usage_error("configuration: " + config_error);
    if (cfg != nullptr && !config_fail_on) config_fail_on = cfg->fail_on;
    InputConfig input = configure_input(cfg, in.path, flags, all_rules());
    const Engine& engine = engines.engine_for(cfg, input);
    work.push_back(Job{std::move(in), &engine, std::move(input.settings), cfg});
  }
  if (work.empty()) std::cerr << "s3policy: warning: no policy files found (searched for --include patterns)\n";

  const unsigned jobs = a.jobs != 0 ? a.jobs : std::max(1u, std::thread::hardware_concurrency());
  RunResult run;
  run.files = lint_all(work, jobs);
  if (a.fix) {
    if (auto e = fix_in_place(work, run.files, a.unsafe_fixes)) return usage_error(*e);
  }
  run.rules = engines.rules_run();
  run.fail_level = !a.fail_on.empty() ? *parse_level(a.fail_on) : config_fail_on.value_or(Level::Error);
  if (!a.write_baseline.empty()) {
    std::ofstream out(a.write_baseline, std::ios::binary | std::ios::trunc);
    out << baseline_json(run.files) << std::flush;
    if (!out) return usage_error("cannot write the baseline to " + a.write_baseline);
    std::cerr << "s3policy: wrote " << tally(run).total() << " findings to the baseline " << a.write_baseline << '\n';
    return kExitClean;
  }
  std::vector<const ConfigFile*> file_configs;
  for (const Job& job : work) file_configs.push_back(job.config);
  apply_config_suppressions(file_configs, run.files, a.report_unused_suppressions);
  if (!a.baseline.empty()) {
    auto loaded = load_baseline(a.baseline);
    if (auto* err = std::get_if<std::string>(&loaded)) return usage_error(*err);
    apply_baseline(run.files, std::get<std::set<std::string>>(loaded), a.baseline);
  }
  return emit_report(run, a.format, a.output, a.color, a.show_suppressed);
}

namespace {

// Writes next to the file, then renames: an interrupted --fix never leaves half a policy.
std::optional<std::string> write_atomically(const std::string& path, const std::string& text) {
  std::error_code ec;
  const fs::perms perms = fs::status(path, ec).permissions();
  const std::string tmp = path + ".s3policy-fix.tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text << std::flush;
    if (!out) return "cannot write " + tmp;
  }
  fs::permissions(tmp, perms, ec);
  fs::rename(tmp, path, ec);
  if (ec) return "cannot replace " + path + ": " + ec.message();
  return std::nullopt;
}

}  // namespace

std::optional<std::string> fix_in_place(const std::vector<Job>& work, std::vector<FileResult>& files,
                                        bool include_unsafe) {
  std::size_t fixed = 0, fixed_files = 0;
  for (std::size_t i = 0; i < work.size(); ++i) {
    FileResult& r = files[i];
    if (r.error || work[i].input.path == "-") continue;
    std::size_t here = 0;
    // Fixes can enable or overlap each other: re-lint and repeat, a bounded number of times.
    for (int round = 0; round < 8; ++round) {
      const FixResult fx = apply_fixes(r.source.bytes, r.findings, include_unsafe);
      if (fx.applied == 0 || fx.text == r.source.bytes) break;
      here += fx.applied;
      r = work[i].engine->lint(SourceFile{r.source.path, fx.text}, work[i].settings);
    }
    if (here == 0) continue;
    if (auto e = write_atomically(work[i].input.path, r.source.bytes)) return e;
    fixed += here;
    ++fixed_files;
  }
  if (fixed > 0) std::cerr << "s3policy: fixed " << fixed << " findings in " << fixed_files << " files\n";
  return std::nullopt;
}

void apply_config_suppressions(const std::vector<const ConfigFile*>& configs, std::vector<FileResult>& files,
                               bool report_unused) {
  const std::string today = today_utc();
  std::map<const ConfigFile*, std::vector<bool>> used;
  for (std::size_t i = 0; i < files.size(); ++i) {
    const ConfigFile* cfg = configs[i];
    if (cfg == nullptr || cfg->suppress.empty() || files[i].error) continue;
    apply_suppressions(files[i], cfg->suppress, cfg->dir.string(), today, used[cfg]);
  }
  for (const auto& [cfg, flags] : used) {
    for (std::size_t k = 0; k < cfg->suppress.size(); ++k) {
      const SuppressEntry& e = cfg->suppress[k];
      if (!e.expires.empty() && e.expires < today)
        std::cerr << "s3policy: warning: " << e.where << ": the suppression of " << e.rule << " expired on "
                  << e.expires << " and no longer applies (reason was: " << e.reason << ")\n";
      else if (report_unused && !flags[k])
        std::cerr << "s3policy: warning: " << e.where << ": the suppression of " << e.rule
                  << " matched no finding; remove it\n";
    }
  }
}

void add_lint_command(CLI::App& app, Commands& commands) {
  auto a = std::make_shared<LintArgs>();
  CLI::App* lint = app.add_subcommand("lint", "Check policy files (JSON) and report findings");
  lint->add_option("paths", a->paths, "Policy files, directories (searched recursively), or - for stdin");
  lint->add_option("-f,--format", a->format, "Output format")
      ->check(CLI::IsMember(report_format_names()))
      ->capture_default_str();
  lint->add_option("-o,--output", a->output, "Write the report to FILE instead of stdout");
  lint->add_option("--color", a->color, "Colour the text output")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  lint->add_option("--fail-on", a->fail_on, "Lowest level that makes the exit code 1 (default: error)")
      ->check(CLI::IsMember({"error", "warning", "note"}));
  lint->add_option("--select", a->select, "Only these rules (IDs, names or ID prefixes such as S3P4)")
      ->delimiter(',')
      ->allow_extra_args(false);
  lint->add_option("--ignore", a->ignore, "Skip these rules (IDs, names or ID prefixes)")
      ->delimiter(',')
      ->allow_extra_args(false);
  lint->add_option("-t,--target", a->target,
                   "S3 dialect: aws, ceph-pacific, ceph-reef, ceph-squid (default), ceph-tentacle");
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

}  // namespace s3policy::cli
