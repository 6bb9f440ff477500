// Subcommands register themselves with the CLI through one function each, so a new command is a
// new file plus one line in cli.cpp.
#pragma once

#include <array>
#include <functional>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

// CLI11 is large and header-only: only the files that declare options include it.
namespace CLI {
class App;
}

namespace s3policy::cli {

// The subcommands and what to run when one was given on the command line.
class Commands {
 public:
  void add(CLI::App* subcommand, std::function<int()> action) { list_.emplace_back(subcommand, std::move(action)); }
  const std::vector<std::pair<CLI::App*, std::function<int()>>>& list() const { return list_; }

 private:
  std::vector<std::pair<CLI::App*, std::function<int()>>> list_;
};

// The argv that cli::run() was given (null-terminated, as main's), for handing the whole command
// line over to another executable (online_delegate.cpp).
char** command_line();

void add_lint_command(CLI::App& app, Commands& commands);    // lint_command.cpp
void add_rules_commands(CLI::App& app, Commands& commands);  // commands.cpp: rules, rule
void add_grant_commands(CLI::App& app, Commands& commands);  // grant_command.cpp: grant, revoke
void add_catalog_command(CLI::App& app, Commands& commands);  // catalog_command.cpp
void add_audit_commands(CLI::App& app, Commands& commands);  // online_options.cpp: audit, fetch

// The add_* functions above with the subcommands each registers, in the order of `s3policy --help`.
struct CommandGroup {
  std::array<std::string_view, 3> names;  // unused entries are empty
  void (*add)(CLI::App& app, Commands& commands);
};
std::span<const CommandGroup> command_groups();  // cli.cpp

}  // namespace s3policy::cli
