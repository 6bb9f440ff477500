// Credential resolution: every source, the precedence between them, file permissions, and that
// no secret ever reaches a message. Uses a private temporary HOME; never the real one.
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "online/credentials.h"

namespace fs = std::filesystem;
using namespace s3policy::online;

namespace {

constexpr const char* kSecret = "SECRETxyzSECRETxyzSECRETxyzSECRETxyz0001";
constexpr const char* kSecret2 = "OTHERSECRETotherSECRETotherSECRET0000002";

struct TempHome {
  fs::path dir;
  TempHome() {
    std::string tmpl = (fs::temp_directory_path() / "s3p-home.XXXXXX").string();
    REQUIRE(mkdtemp(tmpl.data()) != nullptr);
    dir = tmpl;
  }
  ~TempHome() { fs::remove_all(dir); }
  fs::path write(const std::string& rel, const std::string& text, fs::perms mode = fs::perms::owner_read | fs::perms::owner_write) {
    const fs::path p = dir / rel;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
    fs::permissions(p, mode);
    return p;
  }
  MapEnvironment env() const {
    MapEnvironment e;
    e.home_dir = dir.string();
    return e;
  }
};

// Nothing the resolver says may contain a secret.
void check_no_secret(const CredentialResult& r) {
  for (const char* s : {kSecret, kSecret2}) {
    CHECK(r.error.find(s) == std::string::npos);
    for (const auto& w : r.warnings) CHECK(w.find(s) == std::string::npos);
    if (r.credentials) {
      CHECK(r.credentials->describe().find(s) == std::string::npos);
      CHECK(r.credentials->source_description.find(s) == std::string::npos);
    }
  }
}

CredentialResult resolve(const CredentialOptions& o, const MapEnvironment& e) {
  auto r = resolve_credentials(o, e);
  check_no_secret(r);
  return r;
}

const std::string kHorizonRc = std::string(R"(#!/bin/bash

NOVA_KEY_DIR=$(dirname $(readlink -f ${BASH_SOURCE}))
export EC2_ACCESS_KEY=0a1b2c3d4e5f60718293a4b5c6d7e8f9
export EC2_SECRET_KEY=)") + kSecret + R"(
export EC2_URL=https://cloud.example.org:8788/services/Cloud
export S3_URL=https://rgw.example.org:8080
export EC2_USER_ID=42 # nova does not use user id, but bundling requires it
export EC2_PRIVATE_KEY=${NOVA_KEY_DIR}/pk.pem
alias ec2-bundle-image="ec2-bundle-image --cert $EC2_CERT --privatekey $EC2_PRIVATE_KEY --user 42"
)";

}  // namespace

TEST_CASE("ec2rc.sh as written by Horizon is read as data", "[unit][credentials]") {
  TempHome h;
  const auto rc = h.write("ec2rc.sh", kHorizonRc);
  CredentialOptions o;
  o.rc_file = rc.string();
  const auto r = resolve(o, h.env());
  REQUIRE(r.ok());
  CHECK(r.credentials->access_key == "0a1b2c3d4e5f60718293a4b5c6d7e8f9");
  CHECK(r.credentials->secret_key == kSecret);
  CHECK(r.credentials->endpoint == "https://rgw.example.org:8080");
  CHECK(r.credentials->region == "us-east-1");
  CHECK(r.credentials->source_description == "OpenStack rc file " + rc.string());
  CHECK(r.warnings.empty());
  const std::string d = r.credentials->describe();
  CHECK(d.find("0a1b…f9") != std::string::npos);
  CHECK(d.find("0a1b2c3d") == std::string::npos);
}

TEST_CASE("shell assignment syntax variants", "[unit][credentials]") {
  std::vector<std::string> shell;
  const auto v = parse_shell_assignments(
      "# comment\n"
      "  export A='single # not a comment'\n"
      "B=\"double \\\"quoted\\\" \\$x\"  # trailing comment\n"
      "C=bare#hash   ; echo ignored\n"
      "export\tD=tab\r\n"
      "E=first\nE=second\n"
      "F=\"$HOME/x\"\n"
      "G=`id`\n"
      "H='unterminated\n"
      "declare -x I=declared\n"
      "if [ -z \"$J\" ]; then J=x; fi\n"
      "K=a'b c'\"d\"\n",
      &shell);
  CHECK(v.at("A") == "single # not a comment");
  CHECK(v.at("B") == "double \"quoted\" $x");
  CHECK(v.at("C") == "bare#hash");
  CHECK(v.at("D") == "tab");
  CHECK(v.at("E") == "second");
  CHECK(v.at("I") == "declared");
  CHECK(v.at("K") == "ab cd");
  CHECK(v.count("H") == 0);
  CHECK(v.count("J") == 0);
  std::sort(shell.begin(), shell.end());
  CHECK(shell == std::vector<std::string>{"F", "G"});
}

TEST_CASE("rc file: quotes, no export, EC2_URL fallback, shell expansion refused", "[unit][credentials]") {
  TempHome h;
  CredentialOptions o;
  SECTION("quoted values without export") {
    o.rc_file = h.write("a.sh", std::string("EC2_ACCESS_KEY='AK12345678901234'\nEC2_SECRET_KEY=\"") + kSecret +
                                    "\" # the secret\nS3_URL=http://127.0.0.1:7480\n").string();
    const auto r = resolve(o, h.env());
    REQUIRE(r.ok());
    CHECK(r.credentials->secret_key == kSecret);
    CHECK(r.credentials->endpoint == "http://127.0.0.1:7480");
  }
  SECTION("only EC2_URL: used, with a warning") {
    o.rc_file = h.write("b.sh", std::string("export EC2_ACCESS_KEY=AK12345678901234\nexport EC2_SECRET_KEY=") + kSecret +
                                    "\nexport EC2_URL=https://rgw.example.org\n").string();
    const auto r = resolve(o, h.env());
    REQUIRE(r.ok());
    CHECK(r.credentials->endpoint == "https://rgw.example.org");
    REQUIRE(r.warnings.size() == 1);
    CHECK(r.warnings[0].find("EC2_URL") != std::string::npos);
  }
  SECTION("a secret that needs the shell is refused, not guessed") {
    o.rc_file = h.write("c.sh", "export EC2_ACCESS_KEY=AK12345678901234\nexport EC2_SECRET_KEY=$(pass show s3)\n").string();
    const auto r = resolve(o, h.env());
    REQUIRE_FALSE(r.ok());
    CHECK(r.error.find("EC2_SECRET_KEY needs shell expansion") != std::string::npos);
  }
  SECTION("missing keys or file: an error, no fall-through to other sources") {
    auto env = h.env();
    env.vars["AWS_ACCESS_KEY_ID"] = "AKIAENVENVENVENV";
    env.vars["AWS_SECRET_ACCESS_KEY"] = kSecret2;
    o.rc_file = h.write("d.sh", "export OS_AUTH_URL=https://keystone\n").string();
    auto r = resolve(o, env);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error.find("no EC2_ACCESS_KEY") != std::string::npos);
    o.rc_file = (h.dir / "nope.sh").string();
    r = resolve(o, env);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error.find("does not exist") != std::string::npos);
  }
}

TEST_CASE("a secrets file readable by group or others gives a warning", "[unit][credentials]") {
  TempHome h;
  CredentialOptions o;
  const std::string text = std::string("EC2_ACCESS_KEY=AK12345678901234\nEC2_SECRET_KEY=") + kSecret + "\n";
  o.rc_file = h.write("open.sh", text, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
                                           fs::perms::others_read).string();
  auto r = resolve(o, h.env());
  REQUIRE(r.ok());
  REQUIRE(r.warnings.size() == 1);
  CHECK(r.warnings[0].find("readable by group or others (mode 0644)") != std::string::npos);
  CHECK(r.warnings[0].find("chmod 600 " + *o.rc_file) != std::string::npos);
  o.rc_file = h.write("closed.sh", text).string();
  r = resolve(o, h.env());
  REQUIRE(r.ok());
  CHECK(r.warnings.empty());
}

TEST_CASE("environment: EC2_* before AWS_*, endpoint and region variables", "[unit][credentials]") {
  TempHome h;
  auto env = h.env();
  env.vars["AWS_ACCESS_KEY_ID"] = "AKIAENVENVENVENV";
  env.vars["AWS_SECRET_ACCESS_KEY"] = kSecret2;
  env.vars["AWS_SESSION_TOKEN"] = "token123";
  env.vars["AWS_ENDPOINT_URL"] = "https://generic.example.org";
  env.vars["AWS_ENDPOINT_URL_S3"] = "https://s3.example.org";
  env.vars["AWS_REGION"] = "eu-west-3";
  auto r = resolve({}, env);
  REQUIRE(r.ok());
  CHECK(r.credentials->secret_key == kSecret2);
  CHECK(r.credentials->session_token == std::optional<std::string>("token123"));
  CHECK(r.credentials->endpoint == "https://s3.example.org");
  CHECK(r.credentials->region == "eu-west-3");
  CHECK(r.credentials->describe().find("session token") != std::string::npos);
  CHECK(r.credentials->describe().find("token123") == std::string::npos);

  env.vars["EC2_ACCESS_KEY"] = "EC2KEYEC2KEYEC2KEY";
  env.vars["EC2_SECRET_KEY"] = kSecret;
  env.vars["S3_URL"] = "http://rgw.local:7480";
  r = resolve({}, env);
  REQUIRE(r.ok());
  CHECK(r.credentials->access_key == "EC2KEYEC2KEYEC2KEY");
  CHECK(r.credentials->endpoint == "http://rgw.local:7480");
  CHECK_FALSE(r.credentials->session_token);  // an AWS token does not belong to EC2 keys
  CHECK(r.credentials->source_description.find("EC2_ACCESS_KEY") != std::string::npos);
}

TEST_CASE("AWS profiles from ~/.aws/credentials and ~/.aws/config", "[unit][credentials]") {
  TempHome h;
  h.write(".aws/credentials", std::string("[default]\naws_access_key_id = AKIADEFAULT000001\naws_secret_access_key = ") +
                                  kSecret + "\n\n[dev]\naws_access_key_id=AKIADEV0000000002\naws_secret_access_key=" +
                                  kSecret2 + "\n");
  h.write(".aws/config",
          "[default]\nregion = eu-central-1\nendpoint_url = https://global.example.org\n"
          "[profile dev]\nregion = default\nendpoint_url = https://ignored.example.org\ns3 =\n"
          "  endpoint_url = https://rgw.dev.example.org\n  addressing_style = path\n"
          "[profile  sso]\nsso_start_url = https://sso.example.org\n");
  auto env = h.env();
  SECTION("default profile") {
    const auto r = resolve({}, env);
    REQUIRE(r.ok());
    CHECK(r.credentials->access_key == "AKIADEFAULT000001");
    CHECK(r.credentials->region == "eu-central-1");
    CHECK(r.credentials->endpoint == "https://global.example.org");
    CHECK(r.credentials->source_description.find("AWS profile 'default'") != std::string::npos);
  }
  SECTION("AWS_PROFILE, nested s3 endpoint_url wins") {
    env.vars["AWS_PROFILE"] = "dev";
    const auto r = resolve({}, env);
    REQUIRE(r.ok());
    CHECK(r.credentials->secret_key == kSecret2);
    CHECK(r.credentials->endpoint == "https://rgw.dev.example.org");
    CHECK(r.credentials->region == "default");
  }
  SECTION("a named profile that does not exist is an error") {
    env.vars["AWS_PROFILE"] = "nosuch";
    auto r = resolve({}, env);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error.find("profile 'nosuch'") != std::string::npos);
    CredentialOptions o;
    o.profile = "alsonot";
    r = resolve(o, h.env());
    REQUIRE_FALSE(r.ok());
    CHECK(r.error.find("profile 'alsonot' (--profile) not found") != std::string::npos);
  }
  SECTION("a profile without keys says why") {
    CredentialOptions o;
    o.profile = "sso";
    const auto r = resolve(o, env);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error.find("sso_start_url") != std::string::npos);
  }
  SECTION("AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE move the files") {
    const auto other = h.write("elsewhere/creds", std::string("[default]\naws_access_key_id=AKIAMOVED00000003\n"
                                                              "aws_secret_access_key=") + kSecret2 + "\n");
    env.vars["AWS_SHARED_CREDENTIALS_FILE"] = other.string();
    env.vars["AWS_CONFIG_FILE"] = (h.dir / "none").string();
    const auto r = resolve({}, env);
    REQUIRE(r.ok());
    CHECK(r.credentials->access_key == "AKIAMOVED00000003");
    CHECK(r.credentials->endpoint.empty());
  }
}

TEST_CASE("s3cmd ~/.s3cfg", "[unit][credentials]") {
  TempHome h;
  h.write(".s3cfg", std::string("[default]\naccess_key = S3CMDKEY000000004\nsecret_key = ") + kSecret +
                        "\nhost_base = rgw.example.org:8080\nhost_bucket = rgw.example.org:8080\n"
                        "use_https = False\nbucket_location = US\n");
  const auto r = resolve({}, h.env());
  REQUIRE(r.ok());
  CHECK(r.credentials->access_key == "S3CMDKEY000000004");
  CHECK(r.credentials->endpoint == "http://rgw.example.org:8080");
  CHECK(r.credentials->region == "us-east-1");
  CHECK(r.credentials->source_description.find("s3cmd config") != std::string::npos);
}

TEST_CASE("precedence: options > rc > --profile > environment > AWS_PROFILE/default > s3cfg", "[unit][credentials]") {
  TempHome h;
  h.write(".s3cfg", std::string("[default]\naccess_key = S3CMDKEY000000004\nsecret_key = ") + kSecret + "\n");
  auto env = h.env();
  auto key = [&](const CredentialOptions& o) {
    const auto r = resolve(o, env);
    REQUIRE(r.ok());
    return r.credentials->access_key;
  };
  CHECK(key({}) == "S3CMDKEY000000004");
  h.write(".aws/credentials", std::string("[default]\naws_access_key_id=AKIADEFAULT000001\naws_secret_access_key=") +
                                  kSecret + "\n[p]\naws_access_key_id=AKIAPROFILE000005\naws_secret_access_key=" + kSecret + "\n");
  CHECK(key({}) == "AKIADEFAULT000001");
  env.vars["AWS_ACCESS_KEY_ID"] = "AKIAENVENVENVENV";
  env.vars["AWS_SECRET_ACCESS_KEY"] = kSecret2;
  CHECK(key({}) == "AKIAENVENVENVENV");
  CredentialOptions o;
  o.profile = "p";
  CHECK(key(o) == "AKIAPROFILE000005");
  o.rc_file = h.write("rc.sh", std::string("EC2_ACCESS_KEY=RCKEY00000000006\nEC2_SECRET_KEY=") + kSecret + "\n").string();
  CHECK(key(o) == "RCKEY00000000006");
  o.access_key = "CLIKEY0000000007";
  o.secret_key = kSecret2;
  o.endpoint = "http://127.0.0.1:1";
  o.region = "zone-a";
  const auto r = resolve(o, env);
  REQUIRE(r.ok());
  CHECK(r.credentials->access_key == "CLIKEY0000000007");
  CHECK(r.credentials->endpoint == "http://127.0.0.1:1");
  CHECK(r.credentials->region == "zone-a");
  CHECK(r.credentials->source_description == "command-line options");
}

TEST_CASE("explicit secret from a file, from stdin, and incomplete explicit keys", "[unit][credentials]") {
  TempHome h;
  auto env = h.env();
  CredentialOptions o;
  o.access_key = "CLIKEY0000000007";
  SECTION("file, trailing newline stripped") {
    o.secret_key_file = h.write("secret", std::string(kSecret) + "\n").string();
    const auto r = resolve(o, env);
    REQUIRE(r.ok());
    CHECK(r.credentials->secret_key == kSecret);
  }
  SECTION("stdin") {
    o.secret_key_file = "-";
    env.stdin_text = std::string(kSecret2) + "\r\n";
    const auto r = resolve(o, env);
    REQUIRE(r.ok());
    CHECK(r.credentials->secret_key == kSecret2);
  }
  SECTION("access key alone") {
    const auto r = resolve(o, env);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error.find("without a secret key") != std::string::npos);
    CHECK(r.error.find("CLIKEY0000000007") == std::string::npos);  // masked
  }
  SECTION("secret alone") {
    o.access_key.reset();
    o.secret_key = kSecret;
    const auto r = resolve(o, env);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error.find("without an access key") != std::string::npos);
  }
}

TEST_CASE("nothing configured: a helpful error", "[unit][credentials]") {
  TempHome h;
  const auto r = resolve({}, h.env());
  REQUIRE_FALSE(r.ok());
  CHECK(r.error.find("--rc") != std::string::npos);
}

TEST_CASE("INI parser: sections, comments, nested AWS sub-sections", "[unit][credentials]") {
  const auto ini = parse_ini("top=ignored\n[a]\nk = v = w\n; c\n# c\n[ profile   x ]\ns3 =\n  endpoint_url = e\n"
                             "  other = o\nplain = p\n  indented_top = i\n");
  CHECK(ini.count("a") == 1);
  CHECK(ini.at("a").at("k") == "v = w");
  CHECK(ini.at("profile x").at("s3.endpoint_url") == "e");
  CHECK(ini.at("profile x").at("s3.other") == "o");
  CHECK(ini.at("profile x").at("plain") == "p");
  CHECK(ini.at("profile x").at("indented_top") == "i");
}
