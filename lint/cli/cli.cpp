#include "cli/cli.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <string>

#include "cli/analysis_command.h"
#include "cli/command.h"

namespace s3policy::cli {
namespace {

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
