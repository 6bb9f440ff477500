// The s3policy executable has no network code: it runs audit, fetch and diff s3://... in
// s3policy-online next to it (lint/cli/online_args.h), with the same behaviour as before.
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <string>

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
  for (const char* args : {"audit --all-buckets", "fetch --out x b", "diff s3://b s3://c"}) {
    INFO(args);
    const auto r = test::run_cli(args);
    CHECK(r.exit_code == 2);
    CHECK(r.err == "s3policy: error: this s3policy was built without online support (S3POLICY_ONLINE=OFF)\n");
  }
}

#endif
