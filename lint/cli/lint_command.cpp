#include "cli/lint_command.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#ifdef __GLIBC__
#include <malloc.h>
#endif

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <set>
#include <thread>
#include <tuple>

#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/ordered_results.h"
#include "cli/report_output.h"
#include "config_layers.h"
#include "fix.h"
#include "report/report.h"
#include "rules/registry.h"
#include "suppress.h"

namespace s3policy::cli {

namespace fs = std::filesystem;

void InputList::set_profile(std::size_t i, const LintProfile* profile) {
  if (profiles_.empty() || profiles_.back().profile != profile) profiles_.push_back({i, profile});
}

Job InputList::operator[](std::size_t i) const {
  const auto run = std::prev(std::upper_bound(profiles_.begin(), profiles_.end(), i,
                                              [](std::size_t index, const ProfileRun& r) { return index < r.first; }));
  return Job{paths_.path(i), paths_.error(i), run->profile, stdin_name_};
}

FileResult lint_input(const Job& job) {
  if (!job.error.empty()) {
    FileResult failed;
    failed.source.path = job.path;
    failed.error = job.error;
    return failed;
  }
  const LintProfile& how = *job.profile;
  FileResult read = read_input(job.path, how.engine->limits());
  if (job.path == "-") read.source.path = job.stdin_name;
  FileResult result = read.error ? std::move(read) : how.engine->lint(std::move(read.source), how.settings);
  if (result.findings.empty()) std::string().swap(result.source.bytes);
  return result;
}

const ConfigFile* ConfigResolver::for_input(const std::string& path, std::string& error) {
  if (disabled_) return nullptr;
  std::string cfg_path = explicit_;
  // Inputs come directory by directory: the one before had the same configuration when its path
  // had the same text up to its last '/' (parent_path depends on nothing after it), and parsing
  // every path into a std::filesystem::path cost thousands of instructions per file.
  const std::size_t slash = path.rfind('/');
  const std::string_view directory_text =
      path == "-" ? std::string_view(path)
                  : std::string_view(path).substr(0, slash == std::string::npos ? 0 : slash + 1);
  if (last_.valid && last_.directory_text == directory_text) return last_.config;
  const ConfigFile* config = find_for_input(path, cfg_path, error);
  if (error.empty()) last_ = {true, std::string(directory_text), config};
  return config;
}

const ConfigFile* ConfigResolver::find_for_input(const std::string& path, std::string& cfg_path, std::string& error) {
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

namespace {

// True when `output` is one of the inputs, by whatever path each names it.
bool is_an_input(const std::string& output, const InputList& work) {
  struct stat out_stat {};
  if (output.empty() || ::stat(output.c_str(), &out_stat) != 0) return false;
  for (std::size_t i = 0; i < work.size(); ++i) {
    const std::string path = work[i].path;
    struct stat in_stat {};
    if (path != "-" && ::stat(path.c_str(), &in_stat) == 0 && in_stat.st_dev == out_stat.st_dev &&
        in_stat.st_ino == out_stat.st_ino)
      return true;
  }
  return false;
}

}  // namespace

int lint_command(const LintArgs& a) {
#ifdef __GLIBC__
  // A lint frees nearly all of a file's memory before the next file. glibc keeps freed memory at
  // the top of its heap up to M_TRIM_THRESHOLD and, each time a large mapped block is freed (the
  // tree of a large policy), raises that threshold to twice the block's size, so a run would keep
  // up to a megabyte of pages resident that no file uses any more, and a later file's peak stacks
  // on them. Fixed thresholds hand them back between files: over the 10,000-file corpus the peak
  // goes from 9.1 to 8.7 MiB, at the cost of a few dozen more brk calls (docs/performance.md, d).
  ::mallopt(M_MMAP_THRESHOLD, 64 * 1024);
  ::mallopt(M_TRIM_THRESHOLD, 64 * 1024);
#endif
  if (auto e = check_selectors(a.select, "--select")) return usage_error(*e);
  if (auto e = check_selectors(a.extend_select, "--extend-select")) return usage_error(*e);
  if (auto e = check_selectors(a.ignore, "--ignore")) return usage_error(*e);
  CommandLineSettings flags{.select = a.select,
                            .ignore = a.ignore,
                            .target = std::nullopt,
                            .owner = a.owner,
                            .bucket = a.bucket,
                            .max_bytes = a.max_bytes,
                            .max_depth = a.max_depth,
                            .extend_select = a.extend_select};
  if (!a.target.empty()) {
    flags.target = parse_target(a.target);
    if (!flags.target) return usage_error("--target: " + unknown_target_message(a.target));
  }
  if (a.paths.empty()) return usage_error("lint: no input; give policy files, directories, or - for stdin");

  ConfigResolver configs(a.config, a.no_config);
  EngineSet engines(all_rules());
  std::optional<Level> config_fail_on;
  std::map<std::tuple<const Engine*, const ConfigFile*, std::optional<std::string>>, LintProfile> profiles;
  InputList work(expand_inputs(a.paths, a.filter));
  if (!a.stdin_filename.empty()) work.set_stdin_name(a.stdin_filename);
  for (std::size_t i = 0; i < work.size(); ++i) {
    // Stdin named by --stdin-filename is configured as that file: its .s3policy.json, overrides
    // and suppressions.
    const std::string path = work.path(i) == "-" && !a.stdin_filename.empty() ? a.stdin_filename : work.path(i);
    std::string config_error;
    const ConfigFile* cfg = work.error(i).empty() ? configs.for_input(path, config_error) : nullptr;
    // --config names the configuration of every input: an invalid one is a usage error. A
    // .s3policy.json found beside some inputs only decides theirs: they are reported as not
    // linted, with its error, and the others are linted as usual (the run still exits 2).
    if (!config_error.empty()) {
      if (!a.config.empty()) return usage_error("configuration: " + config_error);
      work.set_error(i, "not linted: its configuration " + config_error);
    }
    if (cfg != nullptr && !config_fail_on) config_fail_on = cfg->fail_on;
    InputConfig input = configure_input(cfg, path, flags, all_rules());
    const Engine* engine = &engines.engine_for(cfg, input);
    auto [profile, added] = profiles.try_emplace({engine, cfg, input.settings.bucket});
    if (added) profile->second = LintProfile{engine, std::move(input.settings), cfg};
    work.set_profile(i, &profile->second);
  }
#ifdef __GLIBC__
  // What the directory walk and the configuration lookups freed stays resident, in holes that
  // linting a large file may not fit in; handing it back keeps the run's peak that of its largest
  // file.
  ::malloc_trim(0);
#endif
  if (work.empty()) std::cerr << "s3policy: warning: no policy files found (searched for --include patterns)\n";

  RunHeader run{engines.rules_run(),
                !a.fail_on.empty() ? *parse_level(a.fail_on) : config_fail_on.value_or(Level::Error)};
  std::optional<std::set<std::string>> baseline;
  if (!a.baseline.empty() && a.write_baseline.empty()) {
    auto loaded = load_baseline(a.baseline);
    if (auto* err = std::get_if<std::string>(&loaded)) return usage_error(*err);
    baseline = std::move(std::get<std::set<std::string>>(loaded));
  }
  const unsigned jobs = a.jobs != 0 ? a.jobs : std::max(1u, std::thread::hardware_concurrency());

  // The report (or the baseline) is written while files are linted; an output file that is also an
  // input is written at the end instead, after it was read.
  const std::string& output_path = a.write_baseline.empty() ? a.output : a.write_baseline;
  ReportOutput output(output_path, is_an_input(output_path, work));
  std::unique_ptr<ReportStream> report;
  std::optional<BaselineWriter> baseline_out;
  if (a.write_baseline.empty())
    report = report_opener(a.format)(output.stream(), run,
                                     report_options(a.output, a.color, a.show_suppressed, /*fix_hints=*/true));
  else
    baseline_out.emplace(output.stream());

  ConfigSuppressions suppressions;
  FixTally fixed;
  bool fix_failed = false;
  Tally tally;
  bool failing = false;
  run_in_order<FileResult>(
      work.size(), jobs, kResultsInFlightPerJob * jobs, [&](std::size_t i) { return lint_input(work[i]); },
      [&](std::size_t i, FileResult&& file) {
        // A file that cannot be rewritten is reported as it stands on disk; the others go on.
        if (a.fix)
          if (const auto error = fix_in_place(work[i], file, a.unsafe_fixes, fixed)) {
            std::cerr << "s3policy: error: " << *error << '\n';
            fix_failed = true;
          }
        if (baseline_out) {
          tally.add(file);
          baseline_out->add(file);
          return true;
        }
        suppressions.apply(work[i].profile->config, file);
        if (baseline) apply_baseline(file, *baseline, a.baseline);
        tally.add(file);
        failing = failing || s3policy::fails(file, run.fail_level);
        report->add(file);
        return true;
      });
  if (fixed.findings > 0)
    std::cerr << "s3policy: fixed " << fixed.findings << (fixed.findings == 1 ? " finding" : " findings") << " in "
              << fixed.files << (fixed.files == 1 ? " file\n" : " files\n");
  if (baseline_out) {
    baseline_out->finish();
    if (output.close()) return usage_error("cannot write the baseline to " + a.write_baseline);
    std::cerr << "s3policy: wrote " << tally.total() << " findings to the baseline " << a.write_baseline << '\n';
    return kExitClean;
  }
  suppressions.warn(a.report_unused_suppressions);
  report->finish();
  if (!report_written(a.output, output.close())) return kExitError;
  if (tally.unreadable > 0 || fix_failed) return kExitError;
  return failing ? kExitFindings : kExitClean;
}

namespace {

// Writes next to the file, then renames: an interrupted --fix never leaves half a policy. The
// temporary file is created exclusively: whatever else has its name (a directory, a symbolic link
// someone planted) is neither followed nor removed.
std::optional<std::string> write_atomically(const std::string& path, const std::string& text) {
  std::error_code ec;
  const fs::perms perms = fs::status(path, ec).permissions();
  const std::string tmp = path + ".s3policy-fix.tmp";
  if (fs::is_regular_file(fs::symlink_status(tmp, ec))) fs::remove(tmp, ec);  // left by an interrupted run
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return "cannot write " + tmp + ": " + std::strerror(errno);
  const char* at = text.data();
  std::size_t left = text.size();
  int error = 0;
  while (left > 0 && error == 0) {
    const ssize_t n = ::write(fd, at, left);
    if (n < 0 && errno != EINTR) error = errno;
    if (n > 0) {
      at += n;
      left -= static_cast<std::size_t>(n);
    }
  }
  if (::close(fd) != 0 && error == 0) error = errno;
  if (error != 0) {
    ::unlink(tmp.c_str());
    return "cannot write " + tmp + ": " + std::strerror(error);
  }
  fs::permissions(tmp, perms, ec);
  fs::rename(tmp, path, ec);
  if (ec) {
    ::unlink(tmp.c_str());
    return "cannot replace " + path + ": " + ec.message();
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> fix_in_place(const Job& job, FileResult& file, bool include_unsafe, FixTally& fixed) {
  if (file.error || job.path == "-") return std::nullopt;
  std::size_t here = 0;
  // Fixes can enable or overlap each other: re-lint and repeat, a bounded number of times. `file`
  // stays the result of the text on disk until the fixed text is written.
  FileResult relinted;
  const FileResult* last = &file;
  for (int round = 0; round < 8; ++round) {
    FixResult fx = apply_fixes(last->source.bytes, last->findings, include_unsafe);
    if (fx.applied == 0 || fx.text == last->source.bytes) break;
    here += fx.applied;
    relinted = job.profile->engine->lint(SourceFile{file.source.path, std::move(fx.text)}, job.profile->settings);
    last = &relinted;
  }
  if (here == 0) return std::nullopt;
  if (auto e = write_atomically(job.path, relinted.source.bytes))
    return *e + "; " + job.path + " is left unchanged and reported as it stands";
  file = std::move(relinted);
  fixed.findings += here;
  ++fixed.files;
  return std::nullopt;
}

ConfigSuppressions::ConfigSuppressions() : today_(today_utc()) {}

void ConfigSuppressions::apply(const ConfigFile* config, FileResult& file) {
  if (config == nullptr || config->suppress.empty() || file.error) return;
  apply_suppressions(file, config->suppress, config->dir.string(), today_, used_[config]);
}

void ConfigSuppressions::warn(bool report_unused) const {
  for (const auto& [cfg, flags] : used_) {
    for (std::size_t k = 0; k < cfg->suppress.size(); ++k) {
      const SuppressEntry& e = cfg->suppress[k];
      if (!e.expires.empty() && e.expires < today_)
        std::cerr << "s3policy: warning: " << e.where << ": the suppression of " << e.rule << " expired on "
                  << e.expires << " and no longer applies (reason was: " << e.reason << ")\n";
      else if (report_unused && !flags[k])
        std::cerr << "s3policy: warning: " << e.where << ": the suppression of " << e.rule
                  << " matched no finding; remove it\n";
    }
  }
}

void apply_config_suppressions(const std::vector<const ConfigFile*>& configs, std::vector<FileResult>& files,
                               bool report_unused) {
  ConfigSuppressions suppressions;
  for (std::size_t i = 0; i < files.size(); ++i) suppressions.apply(configs[i], files[i]);
  suppressions.warn(report_unused);
}

}  // namespace s3policy::cli
