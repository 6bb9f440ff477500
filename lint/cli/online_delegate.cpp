// The entry points of online_args.h in the s3policy executable, which has no network code: each
// runs the unchanged command line in s3policy-online from the same directory (exec, so exit code,
// output and signals are that executable's own). Every entry point is reached before the command
// read or wrote anything, so nothing happens twice. Only in builds with the online mode.
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <string>

#include "cli/cli.h"
#include "cli/command.h"
#include "cli/commands.h"
#include "cli/online_args.h"

namespace s3policy::cli {
namespace {

// Next to this executable, whatever the current directory and $PATH: an installed s3policy
// finds the s3policy-online of its own installation (or build directory).
std::filesystem::path online_executable() {
  std::error_code ec;
  std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) {
    char** argv = command_line();
    self = argv && argv[0] ? std::filesystem::path(argv[0]) : std::filesystem::path();
  }
  return self.parent_path() / S3POLICY_ONLINE_EXECUTABLE;
}

int run_online(std::string_view command) {
  const std::filesystem::path path = online_executable();
  char** argv = command_line();
  std::cout.flush();
  std::cerr.flush();
  std::fflush(nullptr);
  if (argv) ::execv(path.c_str(), argv);
  const int error = argv ? errno : ENOEXEC;
  return usage_error(std::string(command) + " needs " + path.string() +
                     " (the online mode, installed next to s3policy): " + std::strerror(error));
}

}  // namespace

int audit_command(const AuditArgs&) { return run_online("audit"); }

int fetch_command(const FetchArgs&) { return run_online("fetch"); }

struct LivePolicyReader::Session {};

LivePolicyReader::LivePolicyReader(const OnlineArgs& args) : args_(args) {}
LivePolicyReader::~LivePolicyReader() = default;

std::optional<LivePolicy> LivePolicyReader::fetch(const std::string& bucket, int& exit_code) {
  // diff hands over before it reads a side; this is only reached if a command did not.
  exit_code = run_online("diff s3://" + bucket);
  return std::nullopt;
}

std::optional<int> hand_over_to_online(std::string_view command) { return run_online(command); }

}  // namespace s3policy::cli
