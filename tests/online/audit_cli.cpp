#include "audit_cli.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>

namespace s3p_test {

namespace fs = std::filesystem;

CliResult run_s3policy(const std::vector<std::string>& args, const fs::path& cwd,
                       const std::function<void(pid_t)>& while_running) {
  static int counter = 0;
  const fs::path out = temp_dir() / ("cli-" + std::to_string(++counter) + ".out");
  const fs::path err = temp_dir() / ("cli-" + std::to_string(counter) + ".err");
  const fs::path home = temp_dir() / "empty-home";
  fs::create_directories(home);
  std::vector<std::string> argv_s{S3P_CLI};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::string shown = "$ s3policy";
  for (const auto& a : args) shown += " " + a;
  std::cout << shown << "    (in " << cwd.string() << ")\n";

  const auto t0 = std::chrono::steady_clock::now();
  const pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    if (chdir(cwd.c_str()) != 0) _exit(126);
    const int o = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const int e = open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const int n = open("/dev/null", O_RDONLY);
    if (o < 0 || e < 0 || n < 0) _exit(126);
    dup2(n, 0), dup2(o, 1), dup2(e, 2);
    for (const char* v : {"EC2_ACCESS_KEY", "EC2_SECRET_KEY", "S3_URL", "EC2_URL", "AWS_ACCESS_KEY_ID",
                          "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3",
                          "AWS_PROFILE", "AWS_REGION", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE"})
      unsetenv(v);
    setenv("HOME", home.c_str(), 1);
    std::vector<char*> argv;
    for (auto& s : argv_s) argv.push_back(s.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  if (while_running) while_running(pid);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  CliResult r;
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = read_file(out);
  r.err = read_file(err);
  // Everything the binary printed goes to the test log: the leaked-secret check reads it there.
  std::cout << "[exit " << r.exit_code << ", " << r.seconds << " s]\n--- stdout\n"
            << r.out << "--- stderr\n" << r.err << "---\n";
  return r;
}

Rig add_user(const Rig& rig, const std::string& var, const std::string& tenant, const std::string& uid) {
  const fs::path dir = rig.cluster_dir();
  const std::string cmd = std::string(S3P_RIG_DIR) + "/add-user.sh '" + dir.string() + "' " + var + " " + tenant +
                          " " + uid;
  REQUIRE(std::system(cmd.c_str()) == 0);
  Rig fresh(dir / "users.env");
  const RgwUser& u = fresh.user(var);
  const char* state = std::getenv("S3P_RGW_STATE");
  REQUIRE(state != nullptr);
  const fs::path copy = fs::path(state) / ("audit-" + var + ".env");
  {
    std::ofstream f(copy, std::ios::trunc);
    f << var << "_ACCESS_KEY=" << u.access_key << '\n' << var << "_SECRET_KEY=" << u.secret_key << '\n';
  }
  fs::permissions(copy, fs::perms::owner_read | fs::perms::owner_write);
  return fresh;
}

fs::path write_ec2_sh(const Rig& rig, const std::string& var, const fs::path& dir) {
  const RgwUser& u = rig.user(var);
  const fs::path p = dir / "ec2.sh";
  {
    std::ofstream f(p, std::ios::trunc);
    f << "# EC2 credentials for project " << u.tenant << " (downloaded from the portal)\n"
      << "export EC2_ACCESS_KEY=" << u.access_key << "\n"
      << "export EC2_SECRET_KEY='" << u.secret_key << "'\n"
      << "export EC2_URL=\"http://127.0.0.1:1/services/Cloud\"\n"
      << "export S3_URL=\"" << rig.endpoint() << "\"\n";
  }
  fs::permissions(p, fs::perms::owner_read | fs::perms::owner_write);
  return p;
}

rapidjson::Document parse_json(const std::string& text) {
  rapidjson::Document d;
  d.Parse(text.c_str());
  INFO(text.substr(0, 400));
  REQUIRE_FALSE(d.HasParseError());
  REQUIRE(d.IsObject());
  return d;
}

std::vector<std::string> finding_keys(const rapidjson::Document& report) {
  std::vector<std::string> keys;
  for (const auto& f : report["findings"].GetArray())
    keys.push_back(std::string(f["source"].GetString()) + " " + f["rule"].GetString());
  return keys;
}

std::vector<std::string> error_sources(const rapidjson::Document& report) {
  std::vector<std::string> out;
  for (const auto& e : report["errors"].GetArray()) out.emplace_back(e["source"].GetString());
  return out;
}

}  // namespace s3p_test
