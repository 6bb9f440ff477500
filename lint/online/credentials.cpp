#include "credentials.h"

#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "encoding.h"

namespace s3policy::online {

std::optional<std::string> ProcessEnvironment::get(const std::string& name) const {
  const char* v = std::getenv(name.c_str());
  if (v == nullptr) return std::nullopt;
  return std::string(v);
}

std::string ProcessEnvironment::home() const {
  if (const char* h = std::getenv("HOME"); h != nullptr && *h != '\0') return h;
  if (const passwd* pw = getpwuid(getuid()); pw != nullptr && pw->pw_dir != nullptr) return pw->pw_dir;
  return {};
}

std::optional<std::string> ProcessEnvironment::read_stdin() const {
  std::string s{std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>()};
  return s;
}

std::optional<std::string> MapEnvironment::get(const std::string& name) const {
  const auto it = vars.find(name);
  if (it == vars.end()) return std::nullopt;
  return it->second;
}

std::string Credentials::describe() const {
  std::string s = "access key " + mask_key_id(access_key) + " from " + source_description;
  s += "; endpoint " + (endpoint.empty() ? std::string("(AWS default for the region)") : endpoint);
  s += "; region " + region;
  if (session_token) s += "; with a session token";
  return s;
}

namespace {

// What one source yielded. Empty endpoint/region mean "not said by this source".
struct Found {
  std::string access_key, secret_key;
  std::optional<std::string> session_token;
  std::string endpoint, region, source;
};

std::string nonempty(const CredentialEnvironment& env, const char* name) {
  auto v = env.get(name);
  return v ? *v : std::string{};
}

std::string expand_home(const std::string& path, const CredentialEnvironment& env) {
  if (path == "~" || path.rfind("~/", 0) == 0) return env.home() + path.substr(1);
  return path;
}

std::string trim_trailing_space(std::string s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())) != 0) s.pop_back();
  return s;
}

// Reads a file that holds secrets. Returns nullopt if it does not exist or cannot be read
// (*why says which); warns when group or others may read it.
std::optional<std::string> read_secret_file(const std::string& path, std::vector<std::string>& warnings,
                                            std::string* why = nullptr) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    if (why != nullptr) *why = path + " does not exist";
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (why != nullptr) *why = path + " cannot be read";
    return std::nullopt;
  }
  if ((st.st_mode & (S_IRGRP | S_IROTH)) != 0) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
    warnings.push_back(path + " holds a secret key but is readable by group or others (mode " + mode +
                       "); run: chmod 600 " + path);
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

using Attempt = std::optional<Found>;  // nullopt: this source has nothing, try the next

// The ec2rc.sh of OpenStack Horizon (also hand-written variants).
bool from_rc_file(const std::string& path, CredentialResult& r, Attempt& out) {
  std::string why;
  const auto text = read_secret_file(path, r.warnings, &why);
  if (!text) { r.error = "--rc: " + why; return false; }
  std::vector<std::string> shell;
  auto vars = parse_shell_assignments(*text, &shell);
  for (const char* k : {"EC2_ACCESS_KEY", "EC2_SECRET_KEY", "S3_URL"}) {
    if (std::find(shell.begin(), shell.end(), k) != shell.end()) {
      r.error = "--rc " + path + ": " + k + " needs shell expansion ($, `); s3policy reads the file as data "
                "and never runs it; write the value literally";
      return false;
    }
  }
  if (vars["EC2_ACCESS_KEY"].empty() || vars["EC2_SECRET_KEY"].empty()) {
    r.error = "--rc " + path + ": no EC2_ACCESS_KEY and EC2_SECRET_KEY assignments found";
    return false;
  }
  Found f{vars["EC2_ACCESS_KEY"], vars["EC2_SECRET_KEY"], std::nullopt, vars["S3_URL"], {},
          "OpenStack rc file " + path};
  if (f.endpoint.empty() && !vars["EC2_URL"].empty()) {
    f.endpoint = vars["EC2_URL"];
    r.warnings.push_back("--rc " + path + " has no S3_URL; using EC2_URL as the S3 endpoint (pass --endpoint if wrong)");
  }
  out = std::move(f);
  return true;
}

// A profile from ~/.aws/credentials and ~/.aws/config. required: the name was given explicitly.
bool from_profile(const std::string& name, bool required, const std::string& origin,
                  const CredentialEnvironment& env, CredentialResult& r, Attempt& out) {
  const std::string cred_path = expand_home(
      env.get("AWS_SHARED_CREDENTIALS_FILE").value_or(env.home().empty() ? "" : "~/.aws/credentials"), env);
  const std::string conf_path =
      expand_home(env.get("AWS_CONFIG_FILE").value_or(env.home().empty() ? "" : "~/.aws/config"), env);
  std::vector<std::string> file_warnings;
  IniFile creds, conf;
  if (!cred_path.empty()) {
    if (auto t = read_secret_file(cred_path, file_warnings)) creds = parse_ini(*t);
  }
  std::vector<std::string> conf_warnings;
  if (!conf_path.empty()) {
    if (auto t = read_secret_file(conf_path, conf_warnings)) conf = parse_ini(*t);
  }
  const auto c_it = creds.find(name);
  auto f_it = conf.find("profile " + name);
  if (f_it == conf.end() && name == "default") f_it = conf.find("default");
  if (c_it == creds.end() && f_it == conf.end()) {
    if (required) r.error = "profile '" + name + "' (" + origin + ") not found in " + cred_path + " or " + conf_path;
    return !required;
  }
  auto pick = [&](const std::string& key) -> std::pair<std::string, bool> {  // value, from credentials file
    if (c_it != creds.end()) {
      if (auto k = c_it->second.find(key); k != c_it->second.end() && !k->second.empty()) return {k->second, true};
    }
    if (f_it != conf.end()) {
      if (auto k = f_it->second.find(key); k != f_it->second.end() && !k->second.empty()) return {k->second, false};
    }
    return {{}, false};
  };
  const auto [ak, ak_in_creds] = pick("aws_access_key_id");
  const auto [sk, sk_in_creds] = pick("aws_secret_access_key");
  if (ak.empty() || sk.empty()) {
    if (!required) return true;
    std::string extra;
    for (const char* k : {"role_arn", "credential_process", "sso_start_url", "sso_session"})
      if (!pick(k).first.empty()) extra = std::string("; it uses ") + k + ", which s3policy does not support";
    r.error = "profile '" + name + "' has no aws_access_key_id/aws_secret_access_key" + extra;
    return false;
  }
  // Only warn about files that actually hold the secret.
  const auto& w = sk_in_creds ? file_warnings : conf_warnings;
  r.warnings.insert(r.warnings.end(), w.begin(), w.end());
  Found f{ak, sk, std::nullopt, {}, pick("region").first,
          "AWS profile '" + name + "' (" + origin + ", " + (sk_in_creds ? cred_path : conf_path) + ")"};
  if (auto t = pick("aws_session_token").first; !t.empty()) f.session_token = t;
  f.endpoint = pick("s3.endpoint_url").first;  // the S3-specific one wins over the global one
  if (f.endpoint.empty()) f.endpoint = pick("endpoint_url").first;
  (void)ak_in_creds;
  out = std::move(f);
  return true;
}

// s3cmd's ~/.s3cfg (or $S3CMD_CONFIG).
void from_s3cfg(const CredentialEnvironment& env, CredentialResult& r, Attempt& out) {
  const std::string path = expand_home(env.get("S3CMD_CONFIG").value_or(env.home().empty() ? "" : "~/.s3cfg"), env);
  if (path.empty()) return;
  std::vector<std::string> warnings;
  const auto text = read_secret_file(path, warnings);
  if (!text) return;
  const auto ini = parse_ini(*text);
  const auto it = ini.find("default");
  if (it == ini.end()) return;
  auto get = [&](const char* k) {
    const auto v = it->second.find(k);
    return v == it->second.end() ? std::string{} : v->second;
  };
  if (get("access_key").empty() || get("secret_key").empty()) return;
  r.warnings.insert(r.warnings.end(), warnings.begin(), warnings.end());
  Found f{get("access_key"), get("secret_key"), std::nullopt, {}, {}, "s3cmd config " + path};
  if (!get("access_token").empty()) f.session_token = get("access_token");
  if (const std::string host = get("host_base"); !host.empty()) {
    std::string https = get("use_https");
    for (char& c : https) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const bool tls = https.empty() || https == "true" || https == "yes" || https == "1";
    f.endpoint = (host.find("://") != std::string::npos ? "" : (tls ? "https://" : "http://")) + host;
  }
  // s3cmd's bucket_location doubles as the SigV4 region; "US" is its name for us-east-1.
  if (const std::string loc = get("bucket_location"); !loc.empty() && loc != "US") f.region = loc;
  out = std::move(f);
}

bool from_explicit(const CredentialOptions& o, const CredentialEnvironment& env, CredentialResult& r, Attempt& out) {
  int secret_sources = (o.secret_key ? 1 : 0) + (o.secret_key_file ? 1 : 0);
  if (secret_sources > 1) { r.error = "give the secret key either directly or from a file, not both"; return false; }
  if (!o.access_key || o.access_key->empty()) { r.error = "a secret key was given without an access key"; return false; }
  std::string secret;
  if (o.secret_key) {
    secret = *o.secret_key;
  } else if (o.secret_key_file && *o.secret_key_file == "-") {
    secret = trim_trailing_space(env.read_stdin().value_or(""));
  } else if (o.secret_key_file) {
    std::string why;
    const auto t = read_secret_file(*o.secret_key_file, r.warnings, &why);
    if (!t) { r.error = "secret key file: " + why; return false; }
    secret = trim_trailing_space(*t);
  } else {
    r.error = "access key " + mask_key_id(*o.access_key) + " was given without a secret key";
    return false;
  }
  if (secret.empty()) { r.error = "the secret key given is empty"; return false; }
  out = Found{*o.access_key, secret, o.session_token, {}, {}, "command-line options"};
  return true;
}

}  // namespace

CredentialResult resolve_credentials(const CredentialOptions& o, const CredentialEnvironment& env) {
  CredentialResult r;
  Attempt found;
  bool ok = true;
  if (o.access_key || o.secret_key || o.secret_key_file) {
    ok = from_explicit(o, env, r, found);
  } else if (o.rc_file) {
    ok = from_rc_file(*o.rc_file, r, found);
  } else if (o.profile) {
    // An explicit --profile is a choice as deliberate as --rc, so it outranks the environment.
    ok = from_profile(*o.profile, true, "--profile", env, r, found);
  }
  if (!ok) return r;
  if (!found && !nonempty(env, "EC2_ACCESS_KEY").empty() && !nonempty(env, "EC2_SECRET_KEY").empty()) {
    found = Found{nonempty(env, "EC2_ACCESS_KEY"), nonempty(env, "EC2_SECRET_KEY"), std::nullopt,
                  nonempty(env, "S3_URL"), {}, "environment (EC2_ACCESS_KEY, EC2_SECRET_KEY)"};
    if (found->endpoint.empty() && !nonempty(env, "EC2_URL").empty()) {
      found->endpoint = nonempty(env, "EC2_URL");
      r.warnings.push_back("S3_URL is not set; using EC2_URL as the S3 endpoint (pass --endpoint if wrong)");
    }
  }
  if (!found && !nonempty(env, "AWS_ACCESS_KEY_ID").empty() && !nonempty(env, "AWS_SECRET_ACCESS_KEY").empty()) {
    found = Found{nonempty(env, "AWS_ACCESS_KEY_ID"), nonempty(env, "AWS_SECRET_ACCESS_KEY"), std::nullopt,
                  {}, {}, "environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)"};
    if (auto t = nonempty(env, "AWS_SESSION_TOKEN"); !t.empty()) found->session_token = t;
  }
  if (!found) {
    const auto env_profile = env.get("AWS_PROFILE");
    const bool named = env_profile && !env_profile->empty();
    if (!from_profile(named ? *env_profile : "default", named, "AWS_PROFILE", env, r, found)) return r;
  }
  if (!found) from_s3cfg(env, r, found);
  if (!found) {
    r.error = "no S3 credentials found: tried options, environment (EC2_ACCESS_KEY/EC2_SECRET_KEY, "
              "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY), the AWS profile files and ~/.s3cfg; "
              "give --rc FILE with the ec2rc.sh from your OpenStack dashboard";
    return r;
  }
  Credentials c;
  c.access_key = std::move(found->access_key);
  c.secret_key = std::move(found->secret_key);
  c.session_token = std::move(found->session_token);
  c.source_description = std::move(found->source);
  // Endpoint and region: explicit option, then the source itself, then the environment.
  c.endpoint = o.endpoint.value_or(found->endpoint);
  for (const char* k : {"AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL", "S3_URL"})
    if (c.endpoint.empty()) c.endpoint = nonempty(env, k);
  c.region = o.region.value_or(found->region);
  for (const char* k : {"AWS_REGION", "AWS_DEFAULT_REGION"})
    if (c.region.empty()) c.region = nonempty(env, k);
  if (c.region.empty()) c.region = "us-east-1";
  if (o.session_token && c.source_description != "command-line options")
    r.warnings.push_back("--session-token is ignored: it only applies together with --access-key");
  r.credentials = std::move(c);
  return r;
}

}  // namespace s3policy::online
