#include "rgw_rig.h"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <random>
#include <sstream>

namespace fs = std::filesystem;
using namespace s3policy::online;

namespace s3p_test {

namespace {

std::map<std::string, std::string> read_env_file(const fs::path& p) {
  std::map<std::string, std::string> vars;
  std::ifstream in(p);
  std::string line;
  while (std::getline(in, line)) {
    const auto eq = line.find('=');
    if (eq != std::string::npos) vars[line.substr(0, eq)] = line.substr(eq + 1);
  }
  return vars;
}

fs::path env_path(bool second) {
  const char* v = std::getenv(second ? "S3P_RGW_DIR2" : "S3P_RGW_STATE");
  if (v == nullptr || *v == '\0') return {};
  return fs::path(v) / "users.env";
}

}  // namespace

const Rig& Rig::get(bool second) {
  static std::map<bool, std::unique_ptr<Rig>> rigs;
  auto& slot = rigs[second];
  if (!slot) {
    const fs::path p = env_path(second);
    if (p.empty() || !fs::exists(p))
      FAIL("no test cluster: run through CTest (rgw_start fixture) or set "
           << (second ? "S3P_RGW_DIR2" : "S3P_RGW_STATE") << " to a directory holding users.env");
    slot = std::make_unique<Rig>(p);
  }
  return *slot;
}

Rig::Rig(const fs::path& users_env) : env_file_(users_env), vars_(read_env_file(users_env)) {
  for (const auto& [k, v] : vars_) {
    const auto pos = k.rfind("_ACCESS_KEY");
    if (pos == std::string::npos || pos + 11 != k.size()) continue;
    const std::string var = k.substr(0, pos);
    users_[var] = RgwUser{vars_[var + "_TENANT"], vars_[var + "_UID"], v, vars_[var + "_SECRET_KEY"]};
  }
  // The cluster directory: written by start-rgw.sh, or the users.env's own directory.
  if (vars_.count("RGW_DIR") == 0) vars_["RGW_DIR"] = users_env.parent_path().string();
}

const RgwUser& Rig::user(const std::string& var) const {
  const auto it = users_.find(var);
  if (it == users_.end()) FAIL("no user " << var << " in " << env_file_);
  return it->second;
}

int Rig::rgw_pid() const {
  std::ifstream in(fs::path(cluster_dir()) / "run" / "rgw.a.pid");
  int pid = 0;
  in >> pid;
  REQUIRE(pid > 1);
  return pid;
}

Credentials Rig::credentials(const std::string& var) const {
  Credentials c;
  c.access_key = user(var).access_key;
  c.secret_key = user(var).secret_key;
  c.endpoint = endpoint();
  c.region = "us-east-1";
  c.source_description = "test users.env";
  return c;
}

ClientOptions Rig::options() const {
  ClientOptions o;
  o.endpoint = endpoint();
  o.connect_timeout = std::chrono::milliseconds(2000);
  o.request_timeout = std::chrono::milliseconds(15000);
  o.backoff_base = std::chrono::milliseconds(50);
  return o;
}

S3Client Rig::client(const std::string& var) const { return client(var, options()); }

S3Client Rig::client(const std::string& var, const ClientOptions& o) const {
  auto r = S3Client::create(credentials(var), o);
  if (!r) FAIL(r.error().describe());
  return std::move(r.value());
}

std::vector<int> Rig::curl(const std::string& var, const std::vector<CurlRequest>& requests) const {
  static int seq = 0;
  std::ostringstream plan;
  for (const auto& r : requests) {
    plan << r.method << ' ' << r.path << ' ' << r.body_file << ' ' << r.out_file;
    for (const auto& h : r.headers) plan << ' ' << h;
    plan << '\n';
  }
  const fs::path plan_file = write_temp("plan" + std::to_string(++seq), plan.str());
  // Only paths on the command line; the keys stay inside s3curl.sh and curl's stdin.
  const std::string cmd = std::string("'") + S3P_RIG_DIR + "/s3curl.sh' '" + env_file_.string() + "' " + var + " '" +
                          plan_file.string() + "'";
  std::unique_ptr<FILE, int (*)(FILE*)> p(popen(cmd.c_str(), "r"), pclose);
  REQUIRE(p != nullptr);
  std::vector<int> codes;
  char buf[64];
  while (std::fgets(buf, sizeof buf, p.get()) != nullptr) codes.push_back(std::atoi(buf));
  REQUIRE(codes.size() == requests.size());
  return codes;
}

int Rig::anonymous(const std::string& method, const std::string& path) const {
  const std::string cmd = "curl -s -o /dev/null -w '%{http_code}' -X " + method +
                          (method == "PUT" ? " --data-binary x" : "") + " '" + endpoint() + path + "'";
  std::unique_ptr<FILE, int (*)(FILE*)> p(popen(cmd.c_str(), "r"), pclose);
  REQUIRE(p != nullptr);
  char buf[16] = {};
  REQUIRE(std::fgets(buf, sizeof buf, p.get()) != nullptr);
  return std::atoi(buf);
}

const std::string& run_tag() {
  static const std::string tag = [] {
    std::random_device rd;
    char buf[16];
    std::snprintf(buf, sizeof buf, "%06x", static_cast<unsigned>(rd() & 0xFFFFFFu));
    return std::string(buf);
  }();
  return tag;
}

const fs::path& temp_dir() {
  struct Dir {
    fs::path p;
    Dir() {
      std::string t = (fs::temp_directory_path() / "s3p-test.XXXXXX").string();
      if (mkdtemp(t.data()) == nullptr) std::abort();
      p = t;
    }
    ~Dir() {
      std::error_code ec;
      fs::remove_all(p, ec);
    }
  };
  static Dir d;
  return d.p;
}

fs::path write_temp(const std::string& name, const std::string& content) {
  const fs::path p = temp_dir() / name;
  std::ofstream(p, std::ios::binary) << content;
  return p;
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace s3p_test
