// libFuzzer target over what the online mode reads from outside: the S3 XML response bodies a
// server (or a proxy in front of it) sends, the credential files a user points it at (OpenStack
// ec2rc.sh, ~/.aws/credentials, ~/.s3cfg) and endpoint URLs and bucket names. Built with
// ASan+UBSan (no recovery) like fuzz_pipeline.cpp, so a memory error, undefined behaviour, an
// uncaught exception or a hang is a crash. One property is checked beyond that: a secret key read
// from a credential file never appears in an error, a warning or describe(). See docs/fuzzing.md.
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "online/credentials.h"
#include "online/encoding.h"
#include "online/s3_xml.h"

namespace {

using namespace s3policy::online;

// A home directory of this process's own, made once and removed at exit: the credential sources
// read real files.
const std::string& home() {
  static const std::string dir = [] {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/s3p-fuzz-online.XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr) std::abort();
    ::mkdir((pattern + "/.aws").c_str(), 0700);
    return pattern;
  }();
  static const bool cleanup_registered = [] {
    std::atexit([] {
      for (const char* file : {"/ec2.sh", "/.aws/credentials", "/.s3cfg"}) ::unlink((dir + file).c_str());
      ::rmdir((dir + "/.aws").c_str());
      ::rmdir(dir.c_str());
    });
    return true;
  }();
  (void)cleanup_registered;
  return dir;
}

void write_file(const std::string& path, std::string_view text, bool private_mode) {
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
  }
  ::chmod(path.c_str(), private_mode ? 0600 : 0644);
}

bool says(const CredentialResult& r, const std::string& text) {
  if (r.error.find(text) != std::string::npos) return true;
  for (const std::string& w : r.warnings)
    if (w.find(text) != std::string::npos) return true;
  return r.credentials && r.credentials->describe().find(text) != std::string::npos;
}

// The property: `secret` (as the file's own parser reads it) is in no message of `r`, the result
// of resolving `text`. Messages are made of fixed words, paths and names, and an input may spell
// its secret with those: so when a message holds it, the file is resolved again with the secret
// replaced (`resolve`), and only if the secret then leaves messages of the same shape did they
// echo it. Skipped when the secret is short, or when the file also writes it where a message may
// rightly quote it (the endpoint, the region, the access key, a name).
template <typename Resolve>
void check_secret_kept(const CredentialResult& r, std::string_view text, const std::string& secret,
                       const std::vector<std::string>& quotable, Resolve&& resolve) {
  if (secret.size() < 8 || !says(r, secret)) return;
  for (const std::string& q : quotable)
    if (q.find(secret) != std::string::npos) return;
  char marker = 0;
  for (char c : std::string_view("QZXJKV0123456789"))
    if (secret.find(c) == std::string::npos) {
      marker = c;
      break;
    }
  if (marker == 0) return;
  std::string other(text);
  for (std::size_t at = other.find(secret); at != std::string::npos; at = other.find(secret, at + secret.size()))
    other.replace(at, secret.size(), std::string(secret.size(), marker));
  // The replacement may also change how the rest of the file parses (a secret spelled across
  // quotes and other assignments): only a second result of the same shape says anything.
  const CredentialResult again = resolve(other);
  if (again.ok() != r.ok() || again.warnings.size() != r.warnings.size()) return;
  if (!says(again, secret)) __builtin_trap();  // the messages held the secret itself
}

std::vector<std::string> values_except(const std::map<std::string, std::string>& vars, std::string_view secret_name) {
  std::vector<std::string> out;
  for (const auto& [name, value] : vars) {
    out.push_back(name);
    if (name != secret_name) out.push_back(value);
  }
  return out;
}

void fuzz_xml(std::string_view body) {
  std::string error;
  const auto tree = parse_xml(body, &error);
  if (!tree && error.empty()) __builtin_trap();  // a refusal must say why
  ErrorBody e;
  (void)parse_error_body(body, e);
  BucketList buckets;
  std::string token;
  (void)parse_list_buckets(body, buckets, token);
  AccessControlList acl;
  (void)parse_acl(body, acl);
  PolicyStatus status;
  (void)parse_policy_status(body, status);
  PublicAccessBlock block;
  (void)parse_public_access_block(body, block);
  ObjectOwners owners;
  (void)parse_object_owners(body, owners);
  std::size_t counted = 0;
  for (const ObjectOwner& o : owners.owners) {
    counted += o.objects;
    if (o.keys.size() != o.objects) __builtin_trap();  // a key per object
  }
  if (counted != owners.listed) __builtin_trap();  // every object listed is counted once
}

CredentialResult resolve_rc_file(std::string_view text, bool private_mode) {
  const std::string path = home() + "/ec2.sh";
  write_file(path, text, private_mode);
  CredentialOptions options;
  options.rc_file = path;
  MapEnvironment env;
  env.home_dir = home();
  return resolve_credentials(options, env);
}

void fuzz_rc_file(std::string_view text, bool private_mode) {
  const CredentialResult r = resolve_rc_file(text, private_mode);
  if (!r.ok() && r.error.empty()) __builtin_trap();
  const auto vars = parse_shell_assignments(text);
  if (const auto s = vars.find("EC2_SECRET_KEY"); s != vars.end())
    check_secret_kept(r, text, s->second, values_except(vars, "EC2_SECRET_KEY"),
                      [&](std::string_view other) { return resolve_rc_file(other, private_mode); });
}

// The same text as ~/.aws/credentials, or as ~/.s3cfg (nothing else is configured, so the
// resolver falls through to it).
CredentialResult resolve_ini_file(std::string_view text, bool s3cmd, bool private_mode) {
  const std::string aws = home() + "/.aws/credentials", s3cfg = home() + "/.s3cfg";
  ::unlink(aws.c_str());
  ::unlink(s3cfg.c_str());
  write_file(s3cmd ? s3cfg : aws, text, private_mode);
  MapEnvironment env;
  env.home_dir = home();
  return resolve_credentials(CredentialOptions{}, env);
}

void fuzz_ini_file(std::string_view text, bool s3cmd, bool private_mode) {
  const CredentialResult r = resolve_ini_file(text, s3cmd, private_mode);
  if (!r.ok() && r.error.empty()) __builtin_trap();
  const IniFile ini = parse_ini(text);
  const std::string section = "default", secret_name = s3cmd ? "secret_key" : "aws_secret_access_key";
  if (const auto sec = ini.find(section); sec != ini.end())
    if (const auto s = sec->second.find(secret_name); s != sec->second.end()) {
      std::vector<std::string> quotable;
      for (const auto& [name, values] : ini) {
        quotable.push_back(name);
        const auto rest = values_except(values, name == section ? secret_name : std::string_view{});
        quotable.insert(quotable.end(), rest.begin(), rest.end());
      }
      check_secret_kept(r, text, s->second, quotable,
                        [&](std::string_view other) { return resolve_ini_file(other, s3cmd, private_mode); });
    }
}

void fuzz_addressing(std::string_view text) {
  // "URL\nBUCKET\nKEY": an endpoint and what a request would name on it.
  const std::size_t a = text.find('\n');
  const std::string_view url = text.substr(0, a);
  const std::string_view rest = a == std::string_view::npos ? std::string_view{} : text.substr(a + 1);
  const std::size_t b = rest.find('\n');
  const std::string_view bucket = rest.substr(0, b), key = b == std::string_view::npos ? "" : rest.substr(b + 1);
  for (char c : aws_uri_encode(text))  // only unreserved characters and %XX escapes
    if (!(std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_' || c == '.' || c == '~' || c == '%'))
      __builtin_trap();
  (void)bucket_name_problem(bucket);
  (void)mask_key_id(text);
  std::string error;
  const auto endpoint = parse_endpoint(url, &error);
  if (!endpoint) {
    if (error.empty()) __builtin_trap();
    return;
  }
  (void)dns_compatible_bucket(bucket, endpoint->scheme == "https");
  const QueryParams query = {{std::string(key), std::string(bucket)}};
  (void)canonical_query(query);
  for (AddressingStyle style : {AddressingStyle::path, AddressingStyle::virtual_host}) {
    const std::string built = build_url(*endpoint, style, bucket, key, query);
    if (built.rfind(endpoint->scheme + "://", 0) != 0) __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  // The first byte picks what the rest is read as.
  const uint8_t mode = data[0];
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  const bool private_mode = (mode & 0x10) == 0;
  switch (mode % 5) {
    case 0:
      fuzz_xml(text);
      break;
    case 1:
      fuzz_rc_file(text, private_mode);
      break;
    case 2:
      fuzz_ini_file(text, false, private_mode);
      break;
    case 3:
      fuzz_ini_file(text, true, private_mode);
      break;
    default:
      fuzz_addressing(text);
      break;
  }
  return 0;
}
