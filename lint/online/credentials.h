// Where the online mode gets its S3 keys from, in this order (the first source that yields both
// an access key and a secret key wins):
//   1. explicit values (flags; the secret may also come from a file or stdin)
//   2. --rc FILE: an OpenStack "ec2rc.sh"/"ec2.sh" (EC2_ACCESS_KEY, EC2_SECRET_KEY, S3_URL,
//      EC2_URL), read as data and never executed; then an explicit --profile NAME
//   3. the environment: EC2_ACCESS_KEY/EC2_SECRET_KEY/S3_URL, then AWS_ACCESS_KEY_ID/
//      AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN/AWS_ENDPOINT_URL_S3/AWS_ENDPOINT_URL/AWS_REGION
//   4. the AWS_PROFILE (else "default") profile of ~/.aws/credentials + ~/.aws/config
//   5. s3cmd's ~/.s3cfg
// An explicitly named source (--rc, --profile) that is missing or incomplete is an error rather
// than a silent fall-through, so a typo never ends up using some other account's keys.
// The secret key never appears in any message, warning or describe() output.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace s3policy::online {

// Everything the resolver reads from the process, injectable so tests never touch the real
// home directory or environment. Files are read from the real file system at the paths derived
// from home() and the variables.
class CredentialEnvironment {
 public:
  virtual ~CredentialEnvironment() = default;
  virtual std::optional<std::string> get(const std::string& name) const = 0;
  virtual std::string home() const = 0;                       // "" when unknown
  virtual std::optional<std::string> read_stdin() const = 0;  // all of stdin, once
};

// getenv(), $HOME (else the passwd entry), std::cin.
class ProcessEnvironment final : public CredentialEnvironment {
 public:
  std::optional<std::string> get(const std::string& name) const override;
  std::string home() const override;
  std::optional<std::string> read_stdin() const override;
};

// A fixed map, for tests and for embedding callers.
class MapEnvironment final : public CredentialEnvironment {
 public:
  std::map<std::string, std::string> vars;
  std::string home_dir;
  std::optional<std::string> stdin_text;
  std::optional<std::string> get(const std::string& name) const override;
  std::string home() const override { return home_dir; }
  std::optional<std::string> read_stdin() const override { return stdin_text; }
};

struct CredentialOptions {
  std::optional<std::string> access_key;
  std::optional<std::string> secret_key;
  std::optional<std::string> secret_key_file;  // "-" reads the secret from stdin
  std::optional<std::string> session_token;
  std::optional<std::string> endpoint;         // overrides whatever the source says
  std::optional<std::string> region;           // overrides whatever the source says
  std::optional<std::string> rc_file;          // OpenStack ec2rc.sh
  std::optional<std::string> profile;          // --profile (AWS_PROFILE is read from the environment)
};

struct Credentials {
  std::string access_key;
  std::string secret_key;
  std::optional<std::string> session_token;
  std::string endpoint;            // "" means AWS's default for the region
  std::string region;              // never empty ("us-east-1" by default)
  std::string source_description;  // e.g. "OpenStack rc file /home/u/ec2rc.sh"
  // "access key ABCD…YZ from <source>; endpoint …; region …": safe to print.
  std::string describe() const;
};

struct CredentialResult {
  std::optional<Credentials> credentials;
  std::string error;                  // set when credentials is empty; never contains a secret
  std::vector<std::string> warnings;  // e.g. a secrets file readable by group/others
  bool ok() const { return credentials.has_value(); }
};

CredentialResult resolve_credentials(const CredentialOptions& options, const CredentialEnvironment& env);

// ---- The parsers, exposed for unit tests ----

// Shell assignments "[export] NAME=VALUE" with '…', "…" or bare values and # comments.
// Values needing shell evaluation ($VAR, $(…), `…`) are kept literally and their names
// listed in *needs_shell, so the caller can refuse them instead of guessing.
std::map<std::string, std::string> parse_shell_assignments(std::string_view text,
                                                           std::vector<std::string>* needs_shell = nullptr);

// INI as the AWS CLI and s3cmd write it: [section], key = value, ';'/'#' comments, and AWS's
// nested sub-sections ("s3 =" followed by indented "key = value" lines, stored as "s3.key").
using IniFile = std::map<std::string, std::map<std::string, std::string>>;
IniFile parse_ini(std::string_view text);

}  // namespace s3policy::online
