// `s3policy audit`: lint the live policies of buckets, plus the bucket-level checks (ACL, public
// access block, drift against a directory of policy files). Each policy is linted exactly as a
// file would be, with the source shown as s3://bucket, the bucket and its owner's project known.
// Linked into s3policy-online only (online_args.h); the options are in cli.cpp.
#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <set>
#include <sstream>

#include "cli/audit_online.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/lint_command.h"
#include "config_layers.h"
#include "report/report.h"
#include "rules/registry.h"

namespace s3policy::cli {
namespace {

namespace fs = std::filesystem;

std::optional<std::string> read_whole(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Fills the drift facts of every audited bucket and adds one entry per file of DIR that names
// no audited bucket (only with --all-buckets: otherwise the other files are simply not asked about).
void compare_with(const fs::path& dir, bool all_buckets, std::vector<std::unique_ptr<BucketFacts>>& facts,
                  std::vector<std::unique_ptr<BucketFacts>>& extra) {
  std::set<std::string> audited;
  for (auto& f : facts) {
    audited.insert(f->name);
    const auto name = policy_file_name(f->name);
    if (!name) continue;
    f->drift.compared = true;
    f->drift.file = (dir / *name).string();
    f->drift.file_text = read_whole(dir / *name);
  }
  if (!all_buckets) return;
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.is_regular_file()) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const fs::path& p : files) {
    const auto bucket = bucket_of_file_name(p.filename().string());
    if (!bucket || audited.count(*bucket) != 0) continue;
    auto f = std::make_unique<BucketFacts>();
    f->name = *bucket;
    f->drift = {true, p.string(), read_whole(p), true};
    extra.push_back(std::move(f));
  }
}

void print_summary(const RunResult& run, std::size_t buckets, const std::vector<BucketFacts*>& facts) {
  const Tally t = tally(run);
  auto plural = [](std::size_t n, const char* word) {
    return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
  };
  std::cerr << "s3policy audit: " << buckets - t.unreadable << " of " << plural(buckets, "bucket") << " audited: "
            << plural(t.errors, "error") << ", " << plural(t.warnings, "warning") << ", " << plural(t.notes, "note");
  if (t.unreadable > 0) std::cerr << "; " << plural(t.unreadable, "bucket") << " could not be audited:";
  std::cerr << '\n';
  for (const FileResult& f : run.files)
    if (f.error) std::cerr << "  " << f.source.path << ": " << *f.error << '\n';
  std::set<std::string> failed;
  for (const FileResult& f : run.files)
    if (f.error) failed.insert(f.source.path);
  for (const BucketFacts* b : facts)
    if (failed.count("s3://" + b->name) == 0) {
      if (!b->acl_error.empty()) std::cerr << "  s3://" << b->name << ": ACL not checked: " << b->acl_error << '\n';
      if (!b->object_owners.error.empty())
        std::cerr << "  s3://" << b->name << ": objects not listed: " << b->object_owners.error << '\n';
    }
}

}  // namespace

int audit_command(const AuditArgs& a) {
  if (auto e = check_selectors(a.select, "--select")) return usage_error(*e);
  if (auto e = check_selectors(a.extend_select, "--extend-select")) return usage_error(*e);
  if (auto e = check_selectors(a.ignore, "--ignore")) return usage_error(*e);
  CommandLineSettings flags;
  flags.select = a.select;
  flags.extend_select = a.extend_select;
  flags.ignore = a.ignore;
  if (!a.target.empty()) {
    flags.target = parse_target(a.target);
    if (!flags.target) return usage_error("--target: " + unknown_target_message(a.target));
  }
  if (!a.compare.empty() && !fs::is_directory(a.compare))
    return usage_error("--compare: " + a.compare + " is not a directory");
  ConfigResolver configs(a.config, a.no_config);
  std::string config_error;
  const ConfigFile* cfg = configs.for_input("-", config_error);  // the nearest one from the current directory
  if (!config_error.empty()) return usage_error("configuration: " + config_error);

  int rc = kExitError;
  auto connection = connect(a.online, rc);
  if (!connection) return rc;
  online::FetchOptions fo;
  fo.public_access_block = true;
  if (a.object_owners) fo.object_owners = 1000;  // one page: S3's largest
  fo.requester_id = connection->owner_id;
  const auto snapshots = fetch_with_progress(*connection, a.online, fo, "auditing");

  std::vector<std::unique_ptr<BucketFacts>> facts(snapshots.size()), extra;
  std::vector<std::optional<std::string>> failures(snapshots.size());
  for (std::size_t i = 0; i < snapshots.size(); ++i) {
    failures[i] = audit_failure(snapshots[i]);
    facts[i] = std::make_unique<BucketFacts>(facts_from(snapshots[i], connection->owner_id));
  }
  if (!a.compare.empty()) compare_with(a.compare, a.online.all_buckets, facts, extra);

  // Overrides are chosen by s3://bucket, also for a --compare file of a bucket not audited.
  EngineSet engines(all_rules());
  RunResult run;
  auto lint_bucket = [&](const BucketFacts& b, std::string source, std::string bytes) {
    InputConfig input = configure_input(cfg, "s3://" + b.name, flags, all_rules());
    LintSettings& st = input.settings;
    if (const std::string tenant = tenant_of_owner(b.owner_id); !tenant.empty()) st.projects.owner = tenant;
    st.bucket_facts = &b;
    run.files.push_back(engines.engine_for(cfg, input).lint(SourceFile{std::move(source), std::move(bytes)}, st));
  };
  std::vector<BucketFacts*> all;
  for (std::size_t i = 0; i < facts.size(); ++i) {
    all.push_back(facts[i].get());
    if (failures[i]) {
      // Its rules still count for the report's rule table, as for a file that could not be read.
      engines.engine_for(cfg, configure_input(cfg, "s3://" + facts[i]->name, flags, all_rules()));
      FileResult r;
      r.source.path = "s3://" + facts[i]->name;
      r.error = *failures[i];
      run.files.push_back(std::move(r));
      continue;
    }
    lint_bucket(*facts[i], "s3://" + facts[i]->name, facts[i]->policy_text);
  }
  for (const auto& f : extra) lint_bucket(*f, f->drift.file, f->drift.file_text.value_or(""));
  apply_config_suppressions(std::vector<const ConfigFile*>(run.files.size(), cfg), run.files, false);

  run.rules = engines.rules_run();
  run.fail_level = !a.fail_on.empty() ? *parse_level(a.fail_on) : cfg && cfg->fail_on ? *cfg->fail_on : Level::Error;
  // A live policy is not a file --fix could edit: no fix hints.
  if (!write_report(run, a.format, a.output, a.color, false, false)) return kExitError;
  if (!a.online.quiet) print_summary(run, snapshots.size(), all);
  if (tally(run).unreadable > 0) return kExitIncomplete;
  return fails(run) ? kExitFindings : kExitClean;
}

}  // namespace s3policy::cli
