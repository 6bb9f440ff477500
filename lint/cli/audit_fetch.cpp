// `s3policy fetch`: save live bucket policies byte-exact as DIR/<bucket>.json, the files that
// `s3policy lint` checks and `s3policy audit --compare DIR` compares with.
// Linked into s3policy-online only (online_args.h); the options are in cli.cpp.
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include "cli/audit_online.h"
#include "cli/cli.h"
#include "cli/commands.h"

namespace s3policy::cli {
namespace {

namespace fs = std::filesystem;

// Through a temporary file and a rename, so an interrupted run never leaves half a policy.
std::string write_atomically(const fs::path& path, const std::string& bytes) {
  const fs::path tmp = path.string() + ".tmp" + std::to_string(::getpid());
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    if (f) f.write(bytes.data(), static_cast<std::streamsize>(bytes.size())).flush();
    if (!f) return std::string("cannot write ") + tmp.string() + ": " + std::strerror(errno);
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) {
    fs::remove(tmp, ec);
    return "cannot write " + path.string() + ": " + ec.message();
  }
  return {};
}

}  // namespace

int fetch_command(const FetchArgs& a) {
  std::error_code ec;
  fs::create_directories(a.out, ec);
  if (ec || !fs::is_directory(a.out)) return usage_error("--out: cannot create the directory " + a.out);
  int rc = kExitError;
  auto connection = connect(a.online, rc);
  if (!connection) return rc;
  online::FetchOptions fo;
  fo.acl = false;
  const auto snapshots = fetch_with_progress(*connection, a.online, fo, "fetching");

  std::size_t written = 0, absent = 0, failed = 0;
  for (const auto& s : snapshots) {
    const std::string where = "s3://" + s.bucket;
    const auto name = policy_file_name(s.bucket);
    std::string problem;
    if (!s.policy->ok()) problem = s.policy->error().describe();
    else if (!name) problem = "the bucket name cannot be a file name";
    else if (!s.policy->value().present) {
      ++absent;
      if (a.online.verbose) std::cerr << where << ": no policy, no file written\n";
      continue;
    } else {
      problem = write_atomically(fs::path(a.out) / *name, s.policy->value().text);
    }
    if (!problem.empty()) {
      ++failed;
      std::cerr << "s3policy: error: " << where << ": " << problem << '\n';
      continue;
    }
    ++written;
    std::cout << (fs::path(a.out) / *name).string() << '\n';
  }
  if (!a.online.quiet)
    std::cerr << "s3policy fetch: " << written << " of " << snapshots.size() << " buckets written to " << a.out << "; "
              << absent << " without a policy; " << failed << " failed\n";
  return failed > 0 ? kExitIncomplete : kExitClean;
}

}  // namespace s3policy::cli
