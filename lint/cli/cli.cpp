#include "cli/cli.h"

#include <CLI/CLI.hpp>
#include <string>

#include "cli/analysis_command.h"
#include "cli/command.h"

namespace s3policy::cli {
namespace {

char** g_argv = nullptr;

}  // namespace

char** command_line() { return g_argv; }

int run(int argc, char** argv) {
  g_argv = argv;
  CLI::App app{"s3policy: lint and audit S3 bucket policies for AWS and Ceph RadosGW"};
  app.set_version_flag("--version", std::string("s3policy ") + S3POLICY_VERSION);
  app.require_subcommand(1);
  app.fallthrough(false);

  Commands commands;
  add_lint_command(app, commands);
  add_rules_commands(app, commands);
  add_grant_commands(app, commands);
  add_catalog_command(app, commands);
  add_analysis_commands(app, commands);
  add_audit_commands(app, commands);

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
