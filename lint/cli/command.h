// The subcommands' command line. Every option of every subcommand is declared in cli.cpp, the one
// source that sees CLI11 (header-only and large: included by each command's file, it was most of
// the CLI's compile and clang-tidy time). A command is its XArgs (command_args.h) and its
// x_command(const XArgs&) in a file of its own, plus its options and one line in cli.cpp.
#pragma once

#include <array>
#include <functional>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

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

// The functions that declare the options of a group of subcommands (cli.cpp), with the
// subcommands each registers, in the order of `s3policy --help`.
struct CommandGroup {
  std::array<std::string_view, 3> names;  // unused entries are empty
  void (*add)(CLI::App& app, Commands& commands);
};
std::span<const CommandGroup> command_groups();  // cli.cpp

}  // namespace s3policy::cli
