#include "audit_cli.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>

namespace s3p_test {

namespace fs = std::filesystem;

namespace {

// A pseudo-terminal pair: the child writes to `follower`, the test reads `leader`.
struct Pty {
  int leader = -1;
  int follower = -1;
};

Pty open_pty() {
  Pty p;
  p.leader = posix_openpt(O_RDWR | O_NOCTTY);
  REQUIRE(p.leader >= 0);
  REQUIRE(grantpt(p.leader) == 0);
  REQUIRE(unlockpt(p.leader) == 0);
  const char* name = ptsname(p.leader);
  REQUIRE(name != nullptr);
  p.follower = open(name, O_RDWR | O_NOCTTY);
  REQUIRE(p.follower >= 0);
  // Raw: the terminal must not turn "\n" into "\r\n", so the bytes are the program's own.
  termios t{};
  REQUIRE(tcgetattr(p.follower, &t) == 0);
  cfmakeraw(&t);
  REQUIRE(tcsetattr(p.follower, TCSANOW, &t) == 0);
  return p;
}

// Until the child's side closes (Linux reports EIO on the leader then).
std::string drain(int fd) {
  std::string out;
  char buf[4096];
  for (;;) {
    const ssize_t n = read(fd, buf, sizeof buf);
    if (n > 0) out.append(buf, static_cast<std::size_t>(n));
    else if (n < 0 && errno == EINTR) continue;
    else return out;
  }
}

CliResult run(const std::vector<std::string>& args, const fs::path& cwd, const std::function<void(pid_t)>& while_running,
              bool stderr_tty) {
  static int counter = 0;
  const fs::path out = temp_dir() / ("cli-" + std::to_string(++counter) + ".out");
  const fs::path err = temp_dir() / ("cli-" + std::to_string(counter) + ".err");
  const fs::path home = temp_dir() / "empty-home";
  fs::create_directories(home);
  std::vector<std::string> argv_s{S3P_CLI};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::string shown = "$ s3policy";
  for (const auto& a : args) shown += " " + a;
  std::cout << shown << "    (in " << cwd.string() << ")" << (stderr_tty ? "    (stderr on a terminal)" : "") << "\n";
  Pty pty;
  if (stderr_tty) pty = open_pty();

  const auto t0 = std::chrono::steady_clock::now();
  const pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    if (chdir(cwd.c_str()) != 0) _exit(126);
    const int o = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const int e = stderr_tty ? pty.follower : open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const int n = open("/dev/null", O_RDONLY);
    if (o < 0 || e < 0 || n < 0) _exit(126);
    dup2(n, 0), dup2(o, 1), dup2(e, 2);
    if (stderr_tty) close(pty.leader), close(pty.follower);
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
  std::string tty_bytes;
  if (stderr_tty) {
    close(pty.follower);  // else the leader never sees the end
    tty_bytes = drain(pty.leader);
    close(pty.leader);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  CliResult r;
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = read_file(out);
  r.err = stderr_tty ? tty_bytes : read_file(err);
  // Everything the binary printed goes to the test log: the leaked-secret check reads it there.
  std::cout << "[exit " << r.exit_code << ", " << r.seconds << " s]\n--- stdout\n"
            << r.out << "--- stderr\n" << r.err << "---\n";
  return r;
}

}  // namespace

CliResult run_s3policy(const std::vector<std::string>& args, const fs::path& cwd,
                       const std::function<void(pid_t)>& while_running) {
  return run(args, cwd, while_running, false);
}

CliResult run_s3policy_tty(const std::vector<std::string>& args, const fs::path& cwd) {
  return run(args, cwd, {}, true);
}

std::string upper_var(const std::string& prefix) {
  std::string out = prefix;
  for (char c : run_tag()) out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
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
