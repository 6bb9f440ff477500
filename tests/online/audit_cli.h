// Running the s3policy binary as a user would, against the test cluster: a dedicated RGW user per
// test (created with radosgw-admin through rgw/add-user.sh, so tests never see each other's
// buckets), an ec2.sh file for it, and a child process with a clean environment whose output is
// echoed to the test log, where the leaked-secret check reads it.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <rapidjson/document.h>

#include "rgw_rig.h"

namespace s3p_test {

struct CliResult {
  int exit_code = -1;
  std::string out, err;
  double seconds = 0;
};

// Runs S3P_CLI with `args` in `cwd`, HOME set to an empty directory and no EC2_*/AWS_* variables.
// `while_running(pid)` is called after the start (for fault injection), before waiting.
CliResult run_s3policy(const std::vector<std::string>& args, const std::filesystem::path& cwd,
                       const std::function<void(pid_t)>& while_running = {});

// The same with stderr on a pseudo-terminal (stdout still a file), as in an interactive shell:
// `err` holds the raw bytes the terminal got, carriage returns and escape sequences included.
CliResult run_s3policy_tty(const std::vector<std::string>& args, const std::filesystem::path& cwd);

// "AUDSEED" -> "AUDSEED1A2B3C": a VAR of its own for this process (run_tag in upper case, so the
// leaked-secret check, which reads [A-Z0-9]*_SECRET_KEY, still finds its key).
std::string upper_var(const std::string& prefix);

// A new user VAR in `tenant` on the cluster of `rig`; returns a Rig that knows it. Its keys are
// also written to S3P_RGW_STATE/audit-VAR.env so the leaked-secret check covers them.
Rig add_user(const Rig& rig, const std::string& var, const std::string& tenant, const std::string& uid);

// An OpenStack-portal style ec2.sh for the user (comments, export, quotes), mode 600.
std::filesystem::path write_ec2_sh(const Rig& rig, const std::string& var, const std::filesystem::path& dir);

rapidjson::Document parse_json(const std::string& text);

// Findings of the JSON report as "SOURCE RULE" strings, and the error entries' sources.
std::vector<std::string> finding_keys(const rapidjson::Document& report);
std::vector<std::string> error_sources(const rapidjson::Document& report);

}  // namespace s3p_test
