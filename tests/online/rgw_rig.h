// Access to the running test cluster for the online tests: users and keys from users.env, our
// client for a user, and an INDEPENDENT client (curl --aws-sigv4 via rgw/s3curl.sh) for setup
// and cross-checks, so our client is never tested only against itself.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "online/s3_client.h"

namespace s3p_test {

struct RgwUser {
  std::string tenant, uid, access_key, secret_key;
  std::string owner_id() const { return tenant.empty() ? uid : tenant + "$" + uid; }
};

// One plan line for s3curl.sh: METHOD PATH (already encoded) BODYFILE|- OUTFILE|- [HEADER ...]
struct CurlRequest {
  CurlRequest(std::string m, std::string p, std::string body = "-", std::string out = "-",
              std::vector<std::string> h = {})
      : method(std::move(m)), path(std::move(p)), body_file(std::move(body)), out_file(std::move(out)),
        headers(std::move(h)) {}
  std::string method, path, body_file, out_file;
  std::vector<std::string> headers;  // without spaces, e.g. "x-amz-acl:public-read"
};

class Rig {
 public:
  // The fixture's cluster (S3P_RGW_STATE/users.env) or, with second=true, the private one of
  // with-cluster.sh (S3P_RGW_DIR2/users.env). FAILs the test if it is not there.
  static const Rig& get(bool second = false);
  explicit Rig(const std::filesystem::path& users_env);

  const RgwUser& user(const std::string& var) const;
  std::string endpoint() const { return vars_.at("RGW_ENDPOINT"); }
  std::string value(const std::string& key) const {  // "" if users.env lacks it
    const auto it = vars_.find(key);
    return it == vars_.end() ? std::string{} : it->second;
  }
  std::string cluster_dir() const { return vars_.at("RGW_DIR"); }
  int rgw_pid() const;  // from the cluster's run/rgw.a.pid

  s3policy::online::Credentials credentials(const std::string& var) const;
  s3policy::online::ClientOptions options() const;  // endpoint of this cluster, short timeouts
  s3policy::online::S3Client client(const std::string& var) const;
  s3policy::online::S3Client client(const std::string& var, const s3policy::online::ClientOptions& o) const;

  // Runs the requests in one curl process as USER; returns the HTTP status of each.
  std::vector<int> curl(const std::string& var, const std::vector<CurlRequest>& requests) const;
  // An unsigned GET of PATH (already encoded, e.g. "/projecta:bucket"), as anyone on the network
  // would send it; returns the HTTP status.
  int anonymous_get(const std::string& path) const { return anonymous("GET", path); }
  // The same for any method (a PUT sends a one-byte body).
  int anonymous(const std::string& method, const std::string& path) const;

 private:
  std::filesystem::path env_file_;
  std::map<std::string, std::string> vars_;
  std::map<std::string, RgwUser> users_;
};

// A per-process random tag for bucket names, so reruns against the same cluster never collide.
const std::string& run_tag();
// A private temporary directory for this process (removed at exit).
const std::filesystem::path& temp_dir();
std::filesystem::path write_temp(const std::string& name, const std::string& content);
std::string read_file(const std::filesystem::path& p);

}  // namespace s3p_test
