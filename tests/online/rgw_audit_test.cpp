// `s3policy audit` and `s3policy fetch` end to end: the binary, run as a user would with an
// ec2.sh file, against the real radosgw. Buckets and policies are set up with curl
// (rgw/s3curl.sh) by a user created for the test, never with s3policy's own client.
//   [audit]         seed scenario, every bucket kind, text/JSON/SARIF, fetch and --compare
//   [audit-faults]  wrong secret, closed port, another project's bucket, a missing bucket
//   [audit-bulk]    210 buckets with --jobs 8
//   [audit-kill]    radosgw killed mid-run (second cluster, with-cluster.sh)
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <thread>

#include "audit_cli.h"
#include "rgw_rig.h"

using namespace s3p_test;
namespace fs = std::filesystem;

namespace {

std::string name(const std::string& what) { return "au" + run_tag() + "-" + what; }

bool has(const std::vector<std::string>& v, const std::string& x) { return std::find(v.begin(), v.end(), x) != v.end(); }

std::size_t count_rule(const std::vector<std::string>& keys, const std::string& suffix) {
  return static_cast<std::size_t>(std::count_if(keys.begin(), keys.end(), [&](const std::string& k) {
    return k.size() >= suffix.size() && k.compare(k.size() - suffix.size(), suffix.size(), suffix) == 0;
  }));
}

std::string share_policy(const std::string& b) {
  return "{\n"
         "  \"Version\": \"2012-10-17\",\n"
         "  \"Statement\": [\n"
         "    {\n"
         "      \"Sid\": \"ShareWithProjectB\",\n"
         "      \"Effect\": \"Allow\",\n"
         "      \"Principal\": {\"AWS\": \"arn:aws:iam::projectb:root\"},\n"
         "      \"Action\": [\"s3:ListBucket\", \"s3:GetObject\"],\n"
         "      \"Resource\": [\"arn:aws:s3:::" + b + "\", \"arn:aws:s3:::" + b + "/*\"]\n"
         "    },\n"
         "    {\n"
         "      \"Sid\": \"TypoInProjectId\",\n"
         "      \"Effect\": \"Allow\",\n"
         "      \"Principal\": {\"AWS\": \"arn:aws:iam::projcetb:root\"},\n"
         "      \"Action\": \"s3:GetObject\",\n"
         "      \"Resource\": \"arn:aws:s3:::" + b + "/*\"\n"
         "    }\n"
         "  ]\n"
         "}\n";
}

std::string one_statement(const std::string& principal, const std::string& action_key, const std::string& resource,
                          bool effect = true) {
  return R"({"Version":"2012-10-17","Statement":[{)" + std::string(effect ? R"("Effect":"Allow",)" : "") +
         R"("Principal":)" + principal + R"(,")" + action_key + R"(":"s3:GetObject","Resource":")" + resource +
         R"("}]})";
}

// users.env names a user by VAR, and s3curl.sh takes the first VAR_ACCESS_KEY it finds: each
// process (online_audit and online_audit_faults both set up the seed, possibly at once) needs
// its own VAR, or curl and s3policy end up with different users.
const std::string& seed_var() {
  static const std::string var = upper_var("AUDSEED");
  return var;
}

// The seed user's buckets: name -> policy ("" = none). Set up once per process.
struct Seed {
  Rig rig;
  fs::path dir;  // cwd of the runs: ec2.sh and .s3policy.json
  std::map<std::string, std::string> policies;
  std::string acl_public;
};

const Seed& seed() {
  static const Seed instance = [] {
    Rig rig = add_user(Rig::get(), seed_var(), "projecta", "aud" + run_tag());
    Seed s{rig, temp_dir() / "seed", {}, name("aclpub")};
    fs::create_directories(s.dir);
    write_ec2_sh(rig, seed_var(), s.dir);
    // projectb is a project we know by name; "projcetb" (a typo) is not.
    std::ofstream(s.dir / ".s3policy.json")
        << R"({"target": "ceph-pacific", "projects": {"known": {"projectb": "Project B"}}})" << '\n';
    const std::string share = name("share"), pub = name("public"), root = name("rootanon"), other = name("otherbkt"),
                      dead = name("dead");
    s.policies[share] = share_policy(share);
    s.policies[name("nopolicy")] = "";
    s.policies[s.acl_public] = "";
    s.policies[pub] = one_statement(R"("*")", "Action", "arn:aws:s3:::" + pub + "/*");
    s.policies[root] = one_statement(R"({"AWS":"arn:aws:iam:::root"})", "Action", "arn:aws:s3:::" + root + "/*");
    s.policies[other] = one_statement(R"({"AWS":"arn:aws:iam::projectb:root"})", "Action",
                                      "arn:aws:s3:::" + name("somebody-else") + "/*");
    s.policies[dead] = R"({"Version":"2012-10-17","Statement":[)"
                       R"({"Sid":"OnlyNotAction","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::projectb:root"},)"
                       R"("NotAction":"s3:DeleteObject","Resource":"arn:aws:s3:::)" + dead + R"(/*"},)"
                       R"({"Sid":"NoEffect","Principal":{"AWS":"arn:aws:iam::projectb:root"},)"
                       R"("Action":"s3:GetObject","Resource":"arn:aws:s3:::)" + dead + R"(/*"}]})";
    std::vector<CurlRequest> setup;
    for (const auto& [b, policy] : s.policies) {
      if (b == s.acl_public) setup.push_back({"PUT", "/" + b, "-", "-", {"x-amz-acl:public-read"}});
      else setup.push_back({"PUT", "/" + b});
      if (!policy.empty()) setup.push_back({"PUT", "/" + b + "?policy=", write_temp(b + ".json", policy).string()});
    }
    for (int code : rig.curl(seed_var(), setup)) REQUIRE(code / 100 == 2);
    return s;
  }();
  return instance;
}

// A port that was free a moment ago: nothing listens on it.
int closed_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  REQUIRE(bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
  REQUIRE(getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0);
  close(fd);
  return ntohs(a.sin_port);
}

int line_of(const std::string& text, const std::string& needle) {
  const auto at = text.find(needle);
  REQUIRE(at != std::string::npos);
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
}

// A user of projecta of its own, with an ec2.sh in its own directory: a bucket of the seed user
// would change what --all-buckets finds there.
struct OwnUser {
  std::string var;
  Rig rig;
  fs::path dir;
};

OwnUser own_user(const std::string& var_prefix, const std::string& uid_prefix) {
  const std::string var = upper_var(var_prefix);
  OwnUser u{var, add_user(Rig::get(), var, "projecta", uid_prefix + run_tag()), temp_dir() / uid_prefix};
  fs::create_directories(u.dir);
  write_ec2_sh(u.rig, var, u.dir);
  return u;
}

// A policy file for bucket `b`: one Deny to everyone (Sid `sid`) of `actions` (JSON) on the
// resource "arn:aws:s3:::" + b + `suffix` ("" for the bucket itself, "/*" for every object).
fs::path deny_policy(const std::string& b, const std::string& sid, const std::string& actions,
                     const std::string& suffix) {
  return write_temp(b + ".json", R"({"Version":"2012-10-17","Statement":[{"Sid":")" + sid +
                                     R"(","Effect":"Deny","Principal":"*","Action":)" + actions +
                                     R"(,"Resource":"arn:aws:s3:::)" + b + suffix + R"("}]})");
}

}  // namespace

TEST_CASE("audit --all-buckets with ec2.sh: the seed scenario and every bucket kind (JSON)", "[online][audit]") {
  const Seed& s = seed();
  const auto r = run_s3policy({"audit", "--all-buckets", "--rc", "ec2.sh", "--format", "json"}, s.dir);
  CHECK(r.exit_code == 1);  // findings at error level
  const auto report = parse_json(r.out);
  const auto keys = finding_keys(report);
  CHECK(error_sources(report).empty());
  CHECK(report["summary"]["files"].GetUint() == s.policies.size());
  auto src = [](const std::string& b) { return "s3://" + b; };

  // Seed: the grant to projectb is reported with what it allows and by its name (S3P605; S3P404 is
  // off by default); the typo'd project is unknown.
  const std::string share = name("share");
  bool named = false, typo = false;
  for (const auto& f : report["findings"].GetArray()) {
    const std::string rule = f["rule"].GetString(), msg = f["message"].GetString();
    if (std::string(f["source"].GetString()) != src(share)) continue;
    if (rule == "S3P605" && msg.starts_with("project projectb (Project B) can read")) {
      named = true;
      CHECK(f["line"].GetInt() == line_of(s.policies.at(share), "projectb:root"));
      CHECK(f["column"].GetInt() == 28);  // the Principal's value, in the fetched text
    }
    if (rule == "S3P403" && msg.find("projcetb") != std::string::npos) typo = true;
  }
  CHECK(named);
  CHECK(typo);
  CHECK(has(keys, src(name("nopolicy")) + " S3P803"));
  // The public "*" is public-read's finding; principal-wildcard leaves that "*" to it.
  CHECK(has(keys, src(name("public")) + " S3P601"));
  CHECK_FALSE(has(keys, src(name("public")) + " S3P401"));
  CHECK(has(keys, src(name("aclpub")) + " S3P801"));
  CHECK(has(keys, src(name("otherbkt")) + " S3P305"));
  CHECK(has(keys, src(name("dead")) + " S3P207"));
  CHECK(has(keys, src(name("dead")) + " S3P107"));
  bool anonymous = false;
  for (const auto& f : report["findings"].GetArray())
    if (std::string(f["source"].GetString()) == src(name("rootanon")) && std::string(f["rule"].GetString()) == "S3P402")
      anonymous = std::string(f["message"].GetString()).find("anonymous") != std::string::npos;
  CHECK(anonymous);
  // Only the buckets with a policy carry policy findings; every RGW bucket has a public access block.
  CHECK(count_rule(keys, " S3P805") == s.policies.size());
  CHECK(r.err.find(std::to_string(s.policies.size()) + " of " + std::to_string(s.policies.size()) +
                   " buckets audited") != std::string::npos);
}

TEST_CASE("audit: text and SARIF reports of live buckets", "[online][audit]") {
  const Seed& s = seed();
  const std::string share = name("share");
  const auto text = run_s3policy({"audit", share, "--rc", "ec2.sh", "--select", "S3P4"}, s.dir);
  CHECK(text.exit_code == 1);
  CHECK(text.out.find("s3://" + share + ":14:") != std::string::npos);  // S3P403 at the typo's line
  CHECK(text.out.find("arn:aws:iam::projcetb:root") != std::string::npos);  // the code frame of the live text
  CHECK(text.err.find("1 of 1 bucket audited") != std::string::npos);

  const auto quiet = run_s3policy({"audit", share, "--rc", "ec2.sh", "--quiet", "--select", "S3P4"}, s.dir);
  CHECK(quiet.err.empty());
  // The bucket as diff takes it, and as it is printed: s3://NAME/ is the bucket NAME.
  const auto url =
      run_s3policy({"audit", "s3://" + share + "/", "--rc", "ec2.sh", "--quiet", "--select", "S3P4"}, s.dir);
  CHECK(url.exit_code == 1);
  CHECK(url.out == quiet.out);

  // --format junit: the bucket is a test case named by its s3:// source, failed by the finding.
  const auto junit = run_s3policy({"audit", share, "--rc", "ec2.sh", "--select", "S3P4", "--format", "junit"}, s.dir);
  CHECK(junit.exit_code == 1);
  CHECK(junit.out.find("<testcase classname=\"s3policy\" name=\"s3://" + share + "\"") != std::string::npos);
  CHECK(junit.out.find("<failure message=\"") != std::string::npos);
  CHECK(junit.out.find("S3P403 unknown-project at 14:") != std::string::npos);

  const fs::path sarif = s.dir / "audit.sarif";
  const auto r = run_s3policy({"audit", "--all-buckets", "--rc", "ec2.sh", "--format", "sarif", "-o", sarif.string()}, s.dir);
  CHECK(r.exit_code == 1);
  const auto doc = parse_json(read_file(sarif));
  CHECK(std::string(doc["version"].GetString()) == "2.1.0");
  const auto& run = doc["runs"][0];
  std::size_t embedded = 0;
  for (const auto& a : run["artifacts"].GetArray()) {
    const std::string uri = a["location"]["uri"].GetString();
    if (uri.rfind("s3://", 0) != 0) continue;
    const auto it = s.policies.find(uri.substr(5));
    REQUIRE(it != s.policies.end());
    if (!it->second.empty()) {
      REQUIRE(a.HasMember("contents"));
      CHECK(std::string(a["contents"]["text"].GetString()) == it->second);
      ++embedded;
    }
  }
  CHECK(embedded == 5);
  // GitHub code scanning's view of it: the Microsoft multitool, as tests/sarif/validate.sh.
  const std::string tool = std::string(S3P_NPM_DIR) + "/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool";
  if (!fs::exists(tool)) {
    WARN("SARIF multitool not installed at " << tool << ": schema validation not run");
    return;
  }
  const std::string cmd = "'" + tool + "' validate --rule-kind 'Sarif;Gh' --level 'Error;Warning' --output '" +
                          sarif.string() + ".log' '" + sarif.string() + "' >/dev/null && python3 -c \"import json,sys;"
                          "l=json.load(open(sys.argv[1]));b=[x for r in l['runs'] for x in r.get('results',[]) "
                          "if x.get('level','warning') in ('error','warning')];print(b);sys.exit(1 if b else 0)\" '" +
                          sarif.string() + ".log'";
  CHECK(std::system(cmd.c_str()) == 0);
}

TEST_CASE("fetch writes live policies byte-exact; audit --compare finds a changed one", "[online][audit]") {
  const Seed& s = seed();
  const fs::path kept = s.dir / "policies";
  const auto f = run_s3policy({"fetch", "--all-buckets", "--rc", "ec2.sh", "--out", kept.string()}, s.dir);
  CHECK(f.exit_code == 0);
  for (const auto& [b, policy] : s.policies) {
    INFO(b);
    if (policy.empty()) CHECK_FALSE(fs::exists(kept / (b + ".json")));
    else CHECK(read_file(kept / (b + ".json")) == policy);
  }
  const auto same = run_s3policy({"audit", "--all-buckets", "--rc", "ec2.sh", "--compare", kept.string(),
                                  "--select", "policy-drift", "--format", "json"}, s.dir);
  CHECK(same.exit_code == 0);
  CHECK(parse_json(same.out)["findings"].Size() == 0);

  // Someone changes a policy on the server, and a file names a bucket that does not exist.
  const std::string changed = name("otherbkt");
  const std::string policy = one_statement(R"({"AWS":"arn:aws:iam::projectb:root"})", "Action",
                                           "arn:aws:s3:::" + changed + "/*");
  for (int code : s.rig.curl(seed_var(), {{"PUT", "/" + changed + "?policy=", write_temp("changed.json", policy).string()}}))
    REQUIRE(code == 204);
  std::ofstream(kept / (name("gone") + ".json")) << "{}\n";
  const auto drift = run_s3policy({"audit", "--all-buckets", "--rc", "ec2.sh", "--compare", kept.string(),
                                   "--select", "policy-drift", "--format", "json", "--fail-on", "warning"}, s.dir);
  CHECK(drift.exit_code == 1);
  const auto report = parse_json(drift.out);
  const auto keys = finding_keys(report);
  CHECK(keys.size() == 2);
  CHECK(has(keys, "s3://" + changed + " S3P806"));
  CHECK(has(keys, (kept / (name("gone") + ".json")).string() + " S3P806"));
  for (const auto& x : report["findings"].GetArray())
    if (std::string(x["source"].GetString()) == "s3://" + changed) CHECK(x["notes"].Size() >= 2);  // the diff
}

TEST_CASE("audit: overrides and suppress entries match live buckets by s3:// glob", "[online][audit]") {
  const Seed& s = seed();
  const fs::path dir = temp_dir() / "overrides";
  fs::create_directories(dir);
  write_ec2_sh(s.rig, seed_var(), dir);
  const std::string pub = name("public"), root = name("rootanon"), dead = name("dead");
  std::ofstream(dir / ".s3policy.json") << R"({"target": "ceph-pacific",
  "overrides": [
    {"files": ["s3://au*-public"], "levels": {"public-read": "note"}},
    {"files": ["s3://)" << root << R"("], "ignore": ["S3P402"]}
  ],
  "suppress": [{"rule": "S3P207", "file": "s3://*-dead", "reason": "kept to test the linter"}]})";
  const std::vector<std::string> args = {"audit", pub, root, dead, "--rc", "ec2.sh", "--format", "json"};
  const auto plain = parse_json(run_s3policy([&] {
    auto a = args;
    a.insert(a.end(), {"--no-config", "--target", "ceph-pacific"});
    return a;
  }(), dir).out);
  const auto configured = parse_json(run_s3policy(args, dir).out);
  auto level_of = [](const rapidjson::Document& report, const std::string& source, const std::string& rule) {
    for (const auto& f : report["findings"].GetArray())
      if (source == f["source"].GetString() && rule == f["rule"].GetString()) return std::string(f["level"].GetString());
    return std::string("absent");
  };
  CHECK(level_of(plain, "s3://" + pub, "S3P601") == "error");
  CHECK(level_of(configured, "s3://" + pub, "S3P601") == "note");
  CHECK(level_of(plain, "s3://" + root, "S3P402") == "error");
  CHECK(level_of(configured, "s3://" + root, "S3P402") == "absent");
  CHECK(level_of(configured, "s3://" + pub, "S3P402") == level_of(plain, "s3://" + pub, "S3P402"));
  CHECK(level_of(plain, "s3://" + dead, "S3P207") != "absent");
  CHECK(level_of(configured, "s3://" + dead, "S3P207") == "absent");  // suppressed: JSON leaves it out
  CHECK(configured["summary"]["suppressed"].GetUint() >= 1);
}

TEST_CASE("audit faults: wrong secret, closed port, another project's bucket, a missing bucket", "[online][audit-faults]") {
  const Seed& s = seed();
  const RgwUser& u = s.rig.user(seed_var());
  const fs::path dir = temp_dir() / "faults";
  fs::create_directories(dir);

  SECTION("wrong secret: a clear authentication error, exit 3, the secret not printed") {
    const std::string wrong = "WRONG" + u.secret_key.substr(5);
    std::ofstream(dir / "wrong.sh") << "export EC2_ACCESS_KEY=" << u.access_key << "\nexport EC2_SECRET_KEY=" << wrong
                                    << "\nexport S3_URL=" << s.rig.endpoint() << '\n';
    fs::permissions(dir / "wrong.sh", fs::perms::owner_read | fs::perms::owner_write);
    const auto r = run_s3policy({"audit", "--all-buckets", "--rc", "wrong.sh", "--format", "json"}, dir);
    CHECK(r.exit_code == 3);
    CHECK(r.err.find("SignatureDoesNotMatch") != std::string::npos);
    CHECK(r.err.find("check the secret key") != std::string::npos);
    CHECK((r.out + r.err).find(wrong) == std::string::npos);
  }
  SECTION("unreachable endpoint: exit 3 after a bounded number of attempts") {
    write_ec2_sh(s.rig, seed_var(), dir);
    const auto r = run_s3policy({"audit", "--all-buckets", "--rc", "ec2.sh", "--endpoint",
                                 "http://127.0.0.1:" + std::to_string(closed_port())}, dir);
    CHECK(r.exit_code == 3);
    CHECK(r.err.find("cannot list the buckets") != std::string::npos);
    // A refused connection is retried a fixed number of times (a short backoff), not waited on.
    CHECK(r.err.find("Couldn't connect") != std::string::npos);
    CHECK(r.err.find("[after 4 attempts]") != std::string::npos);
  }
  SECTION("bob audits the seed user's bucket by tenant:bucket: policy-unreadable, the run goes on") {
    write_ec2_sh(s.rig, "BOB", dir);
    const std::string b = "projecta:" + name("share");
    const auto r = run_s3policy({"audit", b, "projecta:" + name("no-such-bucket"), "--rc", "ec2.sh", "--format", "json"}, dir);
    CHECK(r.exit_code == 3);  // the missing bucket could not be audited
    const auto report = parse_json(r.out);
    CHECK(finding_keys(report) == std::vector<std::string>{"s3://" + b + " S3P804"});
    CHECK(error_sources(report) == std::vector<std::string>{"s3://projecta:" + name("no-such-bucket")});
    CHECK(r.err.find("NoSuchBucket") != std::string::npos);
  }
  SECTION("progress on a terminal counts the buckets that could not be read; --quiet and a file get none") {
    write_ec2_sh(s.rig, "BOB", dir);
    const std::string own1 = name("bob-own1"), own2 = name("bob-own2");
    for (int code : s.rig.curl("BOB", {{"PUT", "/" + own1}, {"PUT", "/" + own2}})) REQUIRE(code / 100 == 2);
    // Bob may read neither policy nor ACL of the seed user's buckets. One job: a fixed order.
    const std::vector<std::string> args{"audit",  own1, "projecta:" + name("share"), own2,
                                        "projecta:" + name("public"), "--rc", "ec2.sh", "--jobs", "1",
                                        "--format", "json"};
    const auto tty = run_s3policy_tty(args, dir);
    CHECK(tty.exit_code == 1);  // policy-unreadable findings; every bucket was audited
    std::vector<std::string> lines;
    const std::string erase = "\r\033[K";
    for (std::size_t at = tty.err.find(erase); at != std::string::npos;) {
      const std::size_t next = tty.err.find(erase, at + erase.size());
      lines.push_back(tty.err.substr(at + erase.size(), next == std::string::npos ? next : next - at - erase.size()));
      at = next;
    }
    // Cleared before the summary, which follows on the same line start.
    REQUIRE(lines.size() == 5);
    CHECK(lines[0] == "auditing 1/4 buckets, errors: 0");
    CHECK(lines[1] == "auditing 2/4 buckets, errors: 1");
    CHECK(lines[2] == "auditing 3/4 buckets, errors: 1");
    CHECK(lines[3] == "auditing 4/4 buckets, errors: 2");
    CHECK(lines[4].rfind("s3policy audit: 4 of 4 buckets audited", 0) == 0);
    CHECK(finding_keys(parse_json(tty.out)).size() >= 2);

    auto quiet_args = args;
    quiet_args.emplace_back("--quiet");
    const auto quiet = run_s3policy_tty(quiet_args, dir);
    CHECK(quiet.exit_code == 1);
    CHECK(quiet.err.empty());
    const auto to_file = run_s3policy(args, dir);
    CHECK(to_file.exit_code == 1);
    CHECK(to_file.err.find("auditing") == std::string::npos);
    CHECK(to_file.err.find("s3policy audit: 4 of 4 buckets audited") != std::string::npos);
  }
}

TEST_CASE("audit of 210 buckets with --jobs 8", "[online][audit-bulk]") {
  const std::string var = upper_var("AUDBULK");
  Rig rig = add_user(Rig::get(), var, "projectd", "bulk" + run_tag());
  std::vector<CurlRequest> setup;
  std::vector<std::string> names;
  for (int i = 0; i < 210; ++i) {
    names.push_back(name("b" + std::to_string(i)));
    setup.push_back({"PUT", "/" + names.back()});
    if (i % 3 != 0)
      setup.push_back({"PUT", "/" + names.back() + "?policy=",
                       write_temp(names.back() + ".json", one_statement(R"({"AWS":"arn:aws:iam::projectb:root"})",
                                                                        "Action", "arn:aws:s3:::" + names.back() + "/*"))
                           .string()});
  }
  for (int code : rig.curl(var, setup)) REQUIRE(code / 100 == 2);
  const fs::path dir = temp_dir() / "bulk";
  fs::create_directories(dir);
  write_ec2_sh(rig, var, dir);
  const auto r = run_s3policy({"audit", "--all-buckets", "--rc", "ec2.sh", "--jobs", "8", "--format", "json",
                               "--select", "S3P404,S3P803"}, dir);
  std::cout << "210 buckets, --jobs 8: " << r.seconds << " s\n";
  CHECK(r.exit_code == 0);
  const auto report = parse_json(r.out);
  CHECK(report["summary"]["files"].GetUint() == 210);
  CHECK(error_sources(report).empty());
  const auto keys = finding_keys(report);
  CHECK(count_rule(keys, " S3P803") == 70);  // every third bucket has no policy
  CHECK(count_rule(keys, " S3P404") == 140);
}

TEST_CASE("radosgw killed in the middle of audit --all-buckets: every bucket audited or failed", "[online][audit-kill]") {
  const Rig& rig = Rig::get(/*second=*/true);
  std::vector<CurlRequest> setup;
  for (int i = 0; i < 120; ++i) setup.push_back({"PUT", "/" + name("k" + std::to_string(i))});
  for (int code : rig.curl("ALICE", setup)) REQUIRE(code / 100 == 2);
  const fs::path dir = temp_dir() / "kill";
  fs::create_directories(dir);
  write_ec2_sh(rig, "ALICE", dir);
  const std::vector<std::string> args{"audit", "--all-buckets", "--rc", "ec2.sh", "--jobs", "4", "--format", "json",
                                      "--select", "S3P803", "--retries", "1", "--timeout", "2", "--max-time", "15"};
  const auto baseline = run_s3policy(args, dir);
  REQUIRE(baseline.exit_code == 0);
  const int rgw = rig.rgw_pid();
  // The kill comes when radosgw has answered the last request (publicAccessBlock) of ten of the
  // 120 buckets, as its own access log says: not after a share of the baseline's time, which a
  // busy machine (a sanitized build, a fuzzer on the other core) stretches or shrinks until no
  // bucket or every bucket is done before the kill.
  const fs::path rgw_log = fs::path(rig.cluster_dir()) / "log" / "client.rgw.a.log";
  const auto log_start = fs::file_size(rgw_log);
  std::size_t done_at_kill = 0;
  const auto killed = run_s3policy(args, dir, [&](pid_t) {
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < give_up) {
      std::ifstream in(rgw_log);
      in.seekg(static_cast<std::streamoff>(log_start));
      std::size_t done = 0;
      for (std::string line; std::getline(in, line);)
        done += line.find("?publicAccessBlock=") != std::string::npos && line.find("\"s3policy\"") != std::string::npos;
      done_at_kill = done;
      if (done >= 10) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    kill(rgw, SIGKILL);
  });
  std::cout << "baseline " << baseline.seconds << " s; killed after " << done_at_kill
            << " buckets were answered, the run took " << killed.seconds << " s\n";
  REQUIRE(done_at_kill >= 10);  // else the log never showed the audit's requests: the kill came late
  CHECK(killed.exit_code == 3);
  CHECK(killed.seconds < 20);  // --max-time 15 bounds it
  const auto report = parse_json(killed.out);
  const auto keys = finding_keys(report);
  const auto failed = error_sources(report);
  // Every bucket has no policy, so an audited one has exactly one S3P803; a failed one an error entry.
  std::size_t audited = 0;
  for (int i = 0; i < 120; ++i) {
    const std::string src = "s3://" + name("k" + std::to_string(i));
    const bool a = has(keys, src + " S3P803"), f = has(failed, src);
    INFO(src);
    CHECK(a != f);
    audited += a ? 1 : 0;
  }
  std::cout << audited << " buckets audited, " << failed.size() << " failed\n";
  CHECK(audited > 0);
  CHECK(!failed.empty());
}

TEST_CASE("audit: a public ACL that IgnorePublicAcls makes radosgw skip is a note, an error without it",
          "[online][audit]") {
  const OwnUser u = own_user("AUDPAB", "audpab");
  const std::string& var = u.var;
  const Rig& rig = u.rig;
  const fs::path& dir = u.dir;
  const std::string b = name("aclignored");
  const fs::path block = write_temp(b + "-pab.xml",
                                    "<PublicAccessBlockConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                                    "<BlockPublicAcls>false</BlockPublicAcls><IgnorePublicAcls>true</IgnorePublicAcls>"
                                    "<BlockPublicPolicy>false</BlockPublicPolicy>"
                                    "<RestrictPublicBuckets>false</RestrictPublicBuckets>"
                                    "</PublicAccessBlockConfiguration>");
  for (int code : rig.curl(var, {{"PUT", "/" + b, "-", "-", {"x-amz-acl:public-read"}},
                                 {"PUT", "/" + b + "?publicAccessBlock=", block.string()}}))
    REQUIRE(code / 100 == 2);
  auto s3p801_level = [&] {
    const auto r = run_s3policy({"audit", b, "--rc", "ec2.sh", "--select", "S3P801", "--format", "json"}, dir);
    const auto report = parse_json(r.out);
    for (const auto& f : report["findings"].GetArray())
      if (std::string(f["rule"].GetString()) == "S3P801") return std::string(f["level"].GetString());
    return std::string("absent");
  };
  // What radosgw does is the ground truth: with the flag on, an anonymous listing is refused.
  const std::string anonymous_path = "/" + rig.user(var).tenant + ":" + b;
  CHECK(rig.anonymous_get(anonymous_path) == 403);
  CHECK(s3p801_level() == "note");
  REQUIRE(rig.curl(var, {{"DELETE", "/" + b + "?publicAccessBlock="}}).at(0) / 100 == 2);
  CHECK(rig.anonymous_get(anonymous_path) == 200);
  CHECK(s3p801_level() == "error");
}

TEST_CASE("audit: a public READ grant that a Deny of every listing overrides is a note", "[online][audit]") {
  const OwnUser u = own_user("AUDDENY", "auddeny");
  const std::string& var = u.var;
  const Rig& rig = u.rig;
  const fs::path& dir = u.dir;
  // Both buckets public-read; `all` denies every listing to everyone, `one` only s3:ListBucket.
  const std::string all = name("denyall"), one = name("denyone");
  auto deny = [](const std::string& b, const std::string& actions) { return deny_policy(b, "NoListing", actions, ""); };
  const fs::path all_policy =
      deny(all, R"(["s3:ListBucket","s3:ListBucketVersions","s3:ListBucketMultipartUploads"])");
  const fs::path one_policy = deny(one, R"("s3:ListBucket")");
  for (int code : rig.curl(var, {{"PUT", "/" + all, "-", "-", {"x-amz-acl:public-read"}},
                                 {"PUT", "/" + one, "-", "-", {"x-amz-acl:public-read"}},
                                 {"PUT", "/" + all + "?policy=", all_policy.string()},
                                 {"PUT", "/" + one + "?policy=", one_policy.string()}}))
    REQUIRE(code / 100 == 2);
  // radosgw's own answers: the Deny refuses what it names, and the ACL still lets anyone list the
  // versions of the bucket whose Deny leaves s3:ListBucketVersions out.
  const std::string tenant = "/" + rig.user(var).tenant + ":";
  CHECK(rig.anonymous_get(tenant + all) == 403);
  CHECK(rig.anonymous_get(tenant + all + "?versions") == 403);
  CHECK(rig.anonymous_get(tenant + one) == 403);
  CHECK(rig.anonymous_get(tenant + one + "?versions") == 200);
  const auto r = run_s3policy({"audit", all, one, "--rc", "ec2.sh", "--select", "S3P801", "--format", "json"}, dir);
  const auto report = parse_json(r.out);
  std::map<std::string, std::string> level;
  for (const auto& f : report["findings"].GetArray()) level[f["source"].GetString()] = f["level"].GetString();
  CHECK(level["s3://" + all] == "note");
  CHECK(level["s3://" + one] == "error");
}

TEST_CASE("audit: a public WRITE grant that a Deny of every write to every object overrides is a note",
          "[online][audit]") {
  const OwnUser u = own_user("AUDWDENY", "audwdeny");
  const std::string& var = u.var;
  const Rig& rig = u.rig;
  const fs::path& dir = u.dir;
  // Both buckets public-read-write with an object of the owner's; `all` denies every write to
  // every object to everyone, `put` only s3:PutObject.
  const std::string all = name("wdenyall"), put = name("wdenyput");
  auto deny = [](const std::string& b, const std::string& actions) { return deny_policy(b, "NoWrites", actions, "/*"); };
  const fs::path body = write_temp(all + "-object.txt", "kept\n");
  const fs::path all_policy =
      deny(all, R"(["s3:PutObject","s3:DeleteObject","s3:DeleteObjectVersion","s3:AbortMultipartUpload"])");
  const fs::path put_policy = deny(put, R"("s3:PutObject")");
  for (int code : rig.curl(var, {{"PUT", "/" + all, "-", "-", {"x-amz-acl:public-read-write"}},
                                 {"PUT", "/" + put, "-", "-", {"x-amz-acl:public-read-write"}},
                                 {"PUT", "/" + all + "/kept", body.string()},
                                 {"PUT", "/" + put + "/kept", body.string()},
                                 {"PUT", "/" + all + "?policy=", all_policy.string()},
                                 {"PUT", "/" + put + "?policy=", put_policy.string()}}))
    REQUIRE(code / 100 == 2);
  // radosgw's own answers: anonymous uploads are refused by both Denies; the delete only where
  // the Deny names it, else the ACL's WRITE lets anyone delete the owner's object.
  const std::string tenant = "/" + rig.user(var).tenant + ":";
  CHECK(rig.anonymous("PUT", tenant + all + "/new") == 403);
  CHECK(rig.anonymous("DELETE", tenant + all + "/kept") == 403);
  CHECK(rig.anonymous("PUT", tenant + put + "/new") == 403);
  CHECK(rig.anonymous("DELETE", tenant + put + "/kept") == 204);
  const auto r = run_s3policy({"audit", all, put, "--rc", "ec2.sh", "--select", "S3P801", "--format", "json"}, dir);
  const auto report = parse_json(r.out);
  std::map<std::string, std::vector<std::string>> levels;  // per bucket: its READ and WRITE grants' levels
  for (const auto& f : report["findings"].GetArray())
    levels[f["source"].GetString()].push_back(std::string(f["level"].GetString()) + " " +
                                              (std::string(f["message"].GetString()).find("grants WRITE") !=
                                                       std::string::npos
                                                   ? "WRITE"
                                                   : "other"));
  // public-read-write is READ and WRITE to AllUsers: the listing stays open (an error) in both.
  CHECK(levels["s3://" + all] == std::vector<std::string>{"error other", "note WRITE"});
  CHECK(levels["s3://" + put] == std::vector<std::string>{"error other", "error WRITE"});
}
