// The s3policy executable has no network code: it runs audit, fetch and diff s3://... in
// s3policy-online next to it (lint/cli/online_args.h), and it sets up only the subcommand the
// command line names (lint/cli/cli.cpp). These tests hold both to "the same as before".
#include <sys/wait.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "cli/command.h"
#include "support/harness.h"
#include "support/temp_dir.h"

using namespace s3policy;

namespace {

namespace fs = std::filesystem;

// `program args` through the shell, stdout and stderr into files of `dir`.
test::Run run_program(const test::TempDir& dir, const fs::path& program, const std::string& args) {
  const fs::path out = dir.path / "stdout", err = dir.path / "stderr";
  const std::string cmd =
      "'" + program.string() + "' " + args + " </dev/null >'" + out.string() + "' 2>'" + err.string() + "'";
  const int status = std::system(cmd.c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), test::read_file(out), test::read_file(err)};
}

// The shared libraries the dynamic loader maps for `program`.
std::string loaded_libraries(const test::TempDir& dir, const fs::path& program) {
  return run_program(dir, "/usr/bin/env", "ldd '" + program.string() + "'").out;
}

std::vector<std::string> subcommands_in_help(const std::string& help) {
  std::vector<std::string> names;
  std::istringstream lines(help.substr(help.find("Subcommands:")));
  std::string line;
  std::getline(lines, line);
  while (std::getline(lines, line))
    if (line.size() > 2 && line[2] != ' ') names.push_back(line.substr(2, line.find(' ', 2) - 2));
  return names;
}

}  // namespace

TEST_CASE("online hand-over: s3policy loads no network library", "[cli][online-handover]") {
  const test::TempDir dir;
  const std::string libs = loaded_libraries(dir, S3POLICY_BINARY);
  REQUIRE(libs.find("libc.so") != std::string::npos);  // ldd worked
  CHECK(libs.find("libcurl") == std::string::npos);
  CHECK(libs.find("libssl") == std::string::npos);
  CHECK(libs.find("libexpat") == std::string::npos);
}

#if S3POLICY_HAVE_ONLINE

TEST_CASE("online hand-over: audit, fetch and diff s3:// run in s3policy-online", "[cli][online-handover]") {
  // Each message comes from code only s3policy-online has (connecting, credentials).
  const auto audit = test::run_cli("audit");
  CHECK(audit.exit_code == 2);
  CHECK(audit.err == "s3policy: error: no buckets: give bucket names or --all-buckets\n");
  const test::TempDir dir;
  const auto fetch = test::run_cli("fetch --out " + dir.quoted("out") + " a b --all-buckets");
  CHECK(fetch.exit_code == 2);
  CHECK(fetch.err == "s3policy: error: give bucket names or --all-buckets, not both\n");
  const auto diff = test::run_cli("diff s3://bucket - --rc " + dir.quoted("missing-rc"), "{}");
  CHECK(diff.exit_code == 2);
  CHECK(diff.err.find("credentials") != std::string::npos);
  CHECK(diff.err.find("missing-rc") != std::string::npos);
}

TEST_CASE("online hand-over: without s3policy-online next to it, a clear error and exit 2", "[cli][online-handover]") {
  const test::TempDir dir;
  const fs::path lonely = dir.path / "s3policy";
  fs::copy_file(S3POLICY_BINARY, lonely);
  for (const char* args : {"audit --all-buckets", "fetch --out x b", "diff s3://b s3://c"}) {
    INFO(args);
    const auto r = run_program(dir, lonely, args);
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK(r.err.find("s3policy: error: ") == 0);
    CHECK(r.err.find((dir.path / "s3policy-online").string() + " (the online mode, installed next to s3policy): ") !=
          std::string::npos);
  }
  // The offline commands do not need it.
  const std::string examples = "lint --color never '" + (test::source_dir() / "fixtures/examples").string() + "'";
  const auto alone = run_program(dir, lonely, examples);
  const auto installed = test::run_cli(examples);
  CHECK(alone.exit_code == installed.exit_code);
  CHECK(alone.out == installed.out);
  CHECK(alone.err == installed.err);
  CHECK(alone.out.find("S3P201") != std::string::npos);
}

#else

TEST_CASE("online hand-over: a build without the online mode says so", "[cli][online-handover]") {
  const std::string off = "this s3policy was built without online support (S3POLICY_ONLINE=OFF)\n";
  for (const char* args : {"audit --all-buckets", "fetch --out x b"}) {
    INFO(args);
    const auto r = test::run_cli(args);
    CHECK(r.exit_code == 2);
    CHECK(r.err == "s3policy: error: " + off);
  }
  const auto diff = test::run_cli("diff s3://b s3://c");
  CHECK(diff.exit_code == 2);
  CHECK(diff.err == "s3policy: error: diff s3://b: " + off);
}

#endif

TEST_CASE("cli: the command groups name exactly the subcommands they set up, in --help order", "[cli]") {
  std::vector<std::string> all;
  for (const cli::CommandGroup& group : cli::command_groups()) {
    CLI::App app;
    cli::Commands commands;
    group.add(app, commands);
    std::vector<std::string> registered, named;
    for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; }))
      registered.push_back(sub->get_name());
    for (const std::string_view name : group.names)
      if (!name.empty()) named.emplace_back(name);
    CHECK(registered == named);
    all.insert(all.end(), named.begin(), named.end());
  }
  CHECK(subcommands_in_help(test::run_cli("--help").out) == all);
}

TEST_CASE("cli: with one subcommand set up, the others are still not taken as subcommands", "[cli]") {
  // CLI11 takes no second subcommand (require_subcommand(1)), so a sibling's name after the first
  // is an argument like any other, whether that sibling was set up or not.
  const auto extra = test::run_cli("rule S3P104 lint");
  CHECK(extra.exit_code == 2);
  CHECK(extra.err.find("The following argument was not expected: lint") != std::string::npos);
  const auto file = test::run_cli("lint audit");
  CHECK(file.exit_code == 2);
  CHECK(file.out.find("audit: error: no such file or directory") != std::string::npos);
  const auto typo = test::run_cli("lnt");
  CHECK(typo.exit_code == 2);
  CHECK(typo.err.find("A subcommand is required") != std::string::npos);
}
