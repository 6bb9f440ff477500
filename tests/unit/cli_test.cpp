// The binary as users run it: exit codes, formats, and inputs that must not stop the others.
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "json.h"
#include "support/harness.h"
#include "support/temp_dir.h"

using namespace s3policy;
namespace fs = std::filesystem;

namespace {

const char* kEffectLowercase = R"({
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "ProjectBRead",
      "effect": "allow",
      "Principal": {"AWS": "arn:aws:iam::projectb:root"},
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::shared-data/*"
    }
  ]
}
)";

std::string q(const fs::path& p) { return "'" + p.string() + "'"; }

}  // namespace

TEST_CASE("cli: a mis-cased Effect is reported with file:line:col, a code frame and did-you-mean", "[cli]") {
  test::TempDir d;
  const auto file = d.write("policy.json", kEffectLowercase);
  const auto r = test::run_cli("lint --color never " + q(file));
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.out, Catch::Contains(file.string() + ":6:7: error[S3P104 unknown-element]"));
  CHECK_THAT(r.out, Catch::Contains("did you mean \"Effect\"?"));
  CHECK_THAT(r.out, Catch::Contains(" 6 |       \"effect\": \"allow\",\n   |       ^^^^^^^^"));
  CHECK_THAT(r.out, Catch::Contains(file.string() + ":6:17: error[S3P108 invalid-effect]"));
}

TEST_CASE("cli: text, json, sarif and github formats carry the same findings", "[cli]") {
  test::TempDir d;
  const auto file = d.write("policy.json", kEffectLowercase);
  const auto json = test::run_cli("lint --format json " + q(file));
  const auto sarif = test::run_cli("lint --format sarif " + q(file));
  const auto github = test::run_cli("lint --format github " + q(file));
  CHECK(json.exit_code == 1);
  CHECK(sarif.exit_code == 1);
  CHECK(github.exit_code == 1);
  for (const char* rule : {"S3P104", "S3P108"}) {
    CHECK_THAT(json.out, Catch::Contains(std::string("\"rule\": \"") + rule + "\""));
    CHECK_THAT(sarif.out, Catch::Contains(std::string("\"ruleId\": \"") + rule + "\""));
    CHECK_THAT(github.out, Catch::Contains(std::string("title=") + rule));
  }
  CHECK_THAT(json.out, Catch::Contains("\"line\": 6,\n      \"column\": 7"));
  CHECK_THAT(sarif.out, Catch::Contains("\"startLine\": 6,\n                  \"startColumn\": 7"));
  CHECK_THAT(github.out, Catch::Contains("line=6,col=7"));
}

TEST_CASE("cli: exit codes follow --fail-on", "[cli]") {
  test::TempDir d;
  // No Version: a warning only.
  const auto file = d.write("p.json", R"({"Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*"}]})");
  CHECK(test::run_cli("lint --select S3P101 " + q(file)).exit_code == 0);
  CHECK(test::run_cli("lint --select S3P101 --fail-on warning " + q(file)).exit_code == 1);
  CHECK(test::run_cli("lint --select S3P101 --fail-on note " + q(file)).exit_code == 1);
  CHECK(test::run_cli("lint --select S3P102 --fail-on note " + q(file)).exit_code == 0);
}

TEST_CASE("cli: --extend-select adds a rule that is off by default to the defaults", "[cli]") {
  test::TempDir d;
  const auto file = d.write("p.json", R"({"Version": "2012-10-17", "Statement": [{"Sid": "B", "Effect": "Allow",
    "Principal": {"AWS": "arn:aws:iam::projectb:root"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::data/*"}]})");
  const std::string args = "lint --no-config --owner projecta --format json ";
  const auto plain = test::run_cli(args + q(file));
  CHECK_THAT(plain.out, Catch::Contains("\"rule\": \"S3P605\""));
  CHECK_THAT(plain.out, !Catch::Contains("\"rule\": \"S3P404\""));
  const auto extended = test::run_cli(args + "--extend-select cross-project-grant " + q(file));
  CHECK_THAT(extended.out, Catch::Contains("\"rule\": \"S3P404\"") && Catch::Contains("\"rule\": \"S3P605\""));
  const auto typo = test::run_cli(args + "--extend-select S3P4044 " + q(file));
  CHECK(typo.exit_code == 2);
  CHECK_THAT(typo.err, Catch::Contains("--extend-select") && Catch::Contains("did you mean \"S3P404\"?"));
}

TEST_CASE("cli: an unreadable input is an error entry, every other file is still reported", "[cli]") {
  test::TempDir d;
  const auto good = d.write("a.json", kEffectLowercase);
  const auto r = test::run_cli("lint --color never " + q(d.path / "missing.json") + " " + q(good));
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.out, Catch::Contains("missing.json: error: no such file or directory"));
  CHECK_THAT(r.out, Catch::Contains("S3P104 unknown-element"));
  const auto json = test::run_cli("lint --format json " + q(d.path / "missing.json") + " " + q(good));
  CHECK_THAT(json.out, Catch::Contains("\"message\": \"no such file or directory\""));
  const auto sarif = test::run_cli("lint --format sarif " + q(d.path / "missing.json") + " " + q(good));
  CHECK_THAT(sarif.out, Catch::Contains("\"executionSuccessful\": false"));
  CHECK_THAT(sarif.out, Catch::Contains("toolExecutionNotifications"));
}

TEST_CASE("cli: hostile inputs give clear findings or errors, never a crash", "[cli][hostile]") {
  test::TempDir d;
  const auto good = d.write("good.json", kEffectLowercase);
  SECTION("deep nesting") {
    const auto deep = d.write("deep.json", std::string(100000, '['));
    const auto r = test::run_cli("lint --color never " + q(deep) + " " + q(good));
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.out, Catch::Contains("nesting deeper than 64 levels"));
    CHECK_THAT(r.out, Catch::Contains("good.json:6:7"));
  }
  SECTION("binary junk") {
    std::string junk;
    for (int i = 0; i < 4096; ++i) junk += static_cast<char>((i * 7919) & 0xff);
    const auto bin = d.write("junk.json", junk);
    const auto r = test::run_cli("lint --color never " + q(bin) + " " + q(good));
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.out, Catch::Contains("S3P004 invalid-encoding"));
    CHECK_THAT(r.out, Catch::Contains("good.json:6:7"));
  }
  SECTION("over the size limit") {
    const auto big = d.write("big.json", std::string(2 * 1024 * 1024, ' '));
    const auto r = test::run_cli("lint --color never " + q(big) + " " + q(good));
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.out, Catch::Contains("over the input limit of 1048576 bytes"));
    CHECK_THAT(r.out, Catch::Contains("good.json:6:7"));
    CHECK(test::run_cli("lint --max-bytes 3000000 --select S3P001 " + q(big)).exit_code == 1);
  }
  SECTION("a directory given as a file is walked; a FIFO and a symlink loop are errors") {
    REQUIRE(::mkfifo((d.path / "fifo.json").c_str(), 0600) == 0);
    fs::create_symlink(d.path / "loop1.json", d.path / "loop2.json");
    fs::create_symlink(d.path / "loop2.json", d.path / "loop1.json");
    const auto r = test::run_cli("lint --color never " + q(d.path / "fifo.json") + " " + q(d.path / "loop1.json") +
                                 " " + q(good));
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.out, Catch::Contains("fifo.json: error: not a regular file"));
    CHECK_THAT(r.out, Catch::Contains("loop1.json: error: cannot access: Too many levels of symbolic links"));
    CHECK_THAT(r.out, Catch::Contains("good.json:6:7"));
  }
  SECTION("a path with spaces and a newline") {
    const auto odd = d.write("odd name\nwith newline.json", kEffectLowercase);
    const auto r = test::run_cli("lint --format json " + q(odd));
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.out, Catch::Contains("odd name\\nwith newline.json"));
  }
  SECTION("a report that cannot be written") {
    const auto r = test::run_cli("lint --output /dev/full " + q(good));
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("cannot write the report to /dev/full"));
  }
}

TEST_CASE("cli: stdin, directories and include/exclude globs", "[cli]") {
  test::TempDir d;
  d.write("policies/a.json", kEffectLowercase);
  d.write("policies/nested/b.json", kEffectLowercase);
  d.write("policies/notes.txt", "not a policy");
  d.write("policies/skip/c.json", kEffectLowercase);
  const auto r = test::run_cli("lint --format json --exclude 'skip' " + q(d.path / "policies"));
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.out, Catch::Contains("policies/a.json"));
  CHECK_THAT(r.out, Catch::Contains("policies/nested/b.json"));
  CHECK_THAT(r.out, !Catch::Contains("notes.txt"));
  CHECK_THAT(r.out, !Catch::Contains("c.json"));
  const auto in = test::run_cli("lint --color never -", kEffectLowercase);
  CHECK(in.exit_code == 1);
  CHECK_THAT(in.out, Catch::Contains("<stdin>:6:7: error[S3P104"));
}

TEST_CASE("cli: --stdin-filename names stdin and configures it as that file", "[cli]") {
  test::TempDir d;
  // Lowercase "effect" is S3P104 (unknown element); the override silences it under team/ only.
  d.write(".s3policy.json", R"({"overrides": [{"files": ["team/*.json"], "ignore": ["S3P104"]}]})");
  const fs::path in_team = d.path / "team" / "x.json", elsewhere = d.path / "other" / "x.json";
  const auto team = test::run_cli("lint --format json --stdin-filename " + q(in_team) + " -", kEffectLowercase);
  CHECK_THAT(team.out, Catch::Contains(in_team.string()));
  CHECK_THAT(team.out, !Catch::Contains("<stdin>"));
  CHECK_THAT(team.out, !Catch::Contains("S3P104"));
  const auto other = test::run_cli("lint --format json --stdin-filename " + q(elsewhere) + " -", kEffectLowercase);
  CHECK(other.exit_code == 1);
  CHECK_THAT(other.out, Catch::Contains(elsewhere.string()));
  CHECK_THAT(other.out, Catch::Contains("S3P104"));
  // Files given by path are unaffected.
  const fs::path file = d.write("team/y.json", kEffectLowercase);
  const auto both = test::run_cli("lint --format json --stdin-filename " + q(elsewhere) + " - " + q(file),
                                  kEffectLowercase);
  CHECK_THAT(both.out, Catch::Contains("team/y.json"));
  const auto first = both.out.find("\"S3P104\"");  // once: for stdin only
  CHECK(first != std::string::npos);
  CHECK(both.out.find("\"S3P104\"", first + 1) == std::string::npos);
}

TEST_CASE("cli: parallel linting keeps the output order deterministic", "[cli]") {
  test::TempDir d;
  for (int i = 0; i < 40; ++i) d.write("p" + std::to_string(100 + i) + ".json", kEffectLowercase);
  const auto one = test::run_cli("lint --format json --jobs 1 " + q(d.path));
  const auto four = test::run_cli("lint --format json --jobs 4 " + q(d.path));
  CHECK(one.exit_code == 1);
  CHECK(one.out == four.out);
}

TEST_CASE("cli: rules, rule pages, version and usage errors", "[cli]") {
  const auto rules = test::run_cli("rules");
  CHECK(rules.exit_code == 0);
  CHECK_THAT(rules.out, Catch::Contains("S3P104  unknown-element"));
  const auto page = test::run_cli("rule unknown-element");
  CHECK(page.exit_code == 0);
  CHECK_THAT(page.out, Catch::StartsWith("# S3P104 unknown-element"));
  const auto typo = test::run_cli("rule unknwn-element");
  CHECK(typo.exit_code == 2);
  CHECK_THAT(typo.err, Catch::Contains("did you mean \"unknown-element\"?"));
  CHECK(test::run_cli("--version").out == std::string("s3policy ") + S3POLICY_VERSION + "\n");
  CHECK(test::run_cli("lint --no-such-flag x.json").exit_code == 2);
  CHECK(test::run_cli("lint").exit_code == 2);
  const auto bad_select = test::run_cli("lint --select S3P99x x.json");
  CHECK(bad_select.exit_code == 2);
  CHECK(test::run_cli("lint --target ceph-quincy x.json").exit_code == 2);
  // Every command that takes --target names the target meant by a release's bare name.
  for (const char* command : {"lint x.json", "explain x.json", "simulate x.json", "diff x.json x.json", "catalog",
                              "grant --bucket b --to p"}) {
    INFO(command);
    const auto squid = test::run_cli(std::string(command) + " --target squid");
    CHECK(squid.exit_code == 2);
    CHECK_THAT(squid.err,
               Catch::Contains("--target: unknown target \"squid\"; use one of aws, ceph-pacific, ceph-reef, "
                               "ceph-squid, ceph-tentacle; did you mean \"ceph-squid\"?"));
  }
}

TEST_CASE("cli: .s3policy.json sets target, projects and buckets, a bad key is a usage error", "[cli][config]") {
  test::TempDir d;
  d.write(".s3policy.json", R"({
  // comments are allowed
  "target": "aws",
  "bucket_from_file_name": true,
  "fail_on": "warning"
})");
  const auto file = d.write("policies/site.json", R"({"Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*"}]})");
  CHECK(test::run_cli("lint --select S3P101 " + q(file)).exit_code == 1);  // fail_on warning from the config
  CHECK(test::run_cli("lint --select S3P101 --no-config " + q(file)).exit_code == 0);
  d.write(".s3policy.json", "{\n  \"projets\": {}\n}\n");
  const auto bad = test::run_cli("lint " + q(file));
  CHECK(bad.exit_code == 2);
  CHECK_THAT(bad.out, Catch::Contains("site.json: error: not linted: its configuration "));
  CHECK_THAT(bad.out, Catch::Contains(".s3policy.json:2:3: unknown setting \"projets\"; did you mean \"projects\"?"));
  // Named with --config, the same file is the configuration of every input: a usage error.
  const auto named = test::run_cli("lint --config " + q(d.path / ".s3policy.json") + " " + q(file));
  CHECK(named.exit_code == 2);
  CHECK_THAT(named.err, Catch::Contains("configuration: "));
  CHECK_THAT(named.err, Catch::Contains("unknown setting \"projets\""));
  CHECK(named.out.empty());
}

TEST_CASE("cli: an invalid .s3policy.json stops only the inputs it configures", "[cli][config]") {
  test::TempDir d;
  const std::string policy = R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*",
    "Action": "s3:GetObject", "Resource": "arn:aws:s3:::site/*"}]})";
  const auto broken = d.write("team-a/site.json", policy);
  const auto fine = d.write("team-b/site.json", policy);
  d.write("team-a/.s3policy.json", "{\"target\": \"ceph-quincy\"}");
  d.write("team-b/.s3policy.json", "{\"target\": \"aws\"}");
  const auto r = test::run_cli("lint --select S3P401 --format json " + q(d.path));
  CHECK(r.exit_code == 2);  // an input was not linted, whatever the findings
  const auto report = parse_json(r.out);
  REQUIRE(report.document);
  const JsonValue* root = report.document->root();
  const auto errors = root->find("errors")->value->items();
  REQUIRE(errors.size() == 1);
  CHECK(errors[0]->find("source")->value->text() == broken.string());
  CHECK_THAT(std::string(errors[0]->find("message")->value->text()),
             Catch::StartsWith("not linted: its configuration ") && Catch::Contains("team-a/.s3policy.json:1:") &&
                 Catch::Contains("ceph-quincy"));
  // team-b's file is linted, with its own configuration.
  const auto findings = root->find("findings")->value->items();
  REQUIRE(findings.size() == 1);
  CHECK(findings[0]->find("source")->value->text() == fine.string());
  CHECK(findings[0]->find("rule")->value->text() == "S3P401");
  // The text report's summary counts it as not linted, which is what it was (not unreadable).
  const auto text = test::run_cli("lint --select S3P401 " + q(d.path));
  CHECK(text.exit_code == 2);
  CHECK_THAT(text.out, Catch::Contains("in 1 of 1 file; 1 input could not be linted."));
}

TEST_CASE("cli: catalog lists what each target knows", "[cli][catalog]") {
  const auto pacific = test::run_cli("catalog actions --target ceph-pacific");
  CHECK(pacific.exit_code == 0);
  CHECK_THAT(pacific.out, Catch::Contains("s3:GetObject\t"));
  CHECK_THAT(pacific.out, !Catch::Contains("s3:GetObjectAttributes\t"));
  const auto tentacle = test::run_cli("catalog actions --target ceph-tentacle --format json");
  CHECK_THAT(tentacle.out, Catch::Contains("\"name\": \"s3:GetObjectAttributes\""));
  const auto keys = test::run_cli("catalog keys --target ceph-reef");
  CHECK_THAT(keys.out, Catch::Contains("aws:PrincipalOrgID\tString\tmulti-valued: no\tset by the target: no"));
  CHECK(test::run_cli("catalog resource-types --target aws").exit_code == 0);
  CHECK(test::run_cli("catalog verbs").exit_code == 2);
}

TEST_CASE("cli: overrides in .s3policy.json change target and levels per path, flags still win", "[cli][config]") {
  test::TempDir d;
  d.write(".s3policy.json", R"({
  "target": "ceph-pacific",
  "select": ["principal-wildcard", "action-unsupported-by-target"],
  "overrides": [
    {"files": ["public-site/*.json"], "levels": {"principal-wildcard": "note"}},
    {"files": ["aws/*.json"], "target": "aws"},
    {"files": ["aws/legacy.json"], "ignore": ["action-unsupported-by-target"]},
    {"files": ["archive/**/*.json"], "levels": {"principal-wildcard": "warning"}}
  ]
})");
  // Public, and an action Pacific rejects (AWS has it).
  const std::string policy = R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*",
    "Action": ["s3:GetObject", "s3:GetObjectAttributes"], "Resource": "arn:aws:s3:::www/*"}]})";
  for (const char* f : {"public-site/index.json", "private/data.json", "aws/site.json", "aws/legacy.json",
                        "archive/2019/q1/old.json", "archive/top.json"})
    d.write(f, policy);
  // "exit-code RULE=level ..." in report order.
  auto findings = [&](const std::string& flags, const std::string& file) {
    const auto r = test::run_cli("lint --format json " + flags + " " + d.quoted(file));
    const auto report = parse_json(r.out);
    REQUIRE(report.document);
    std::string out = std::to_string(r.exit_code);
    for (const JsonValue* f : report.document->root()->find("findings")->value->items())
      out += std::string(" ").append(f->find("rule")->value->text()) + std::string("=").append(f->find("level")->value->text());
    return out;
  };
  CHECK(findings("", "private/data.json") == "1 S3P401=error S3P202=error");
  CHECK(findings("", "public-site/index.json") == "1 S3P401=note S3P202=error");
  CHECK(findings("", "aws/site.json") == "1 S3P401=error");
  CHECK(findings("", "archive/2019/q1/old.json") == "1 S3P401=warning S3P202=error");  // '**': any depth
  CHECK(findings("", "archive/top.json") == "1 S3P401=warning S3P202=error");          // ... and none
  CHECK(findings("--target ceph-pacific", "aws/legacy.json") == "1 S3P401=error");
  CHECK(findings("--target ceph-pacific", "aws/site.json") == "1 S3P401=error S3P202=error");
  CHECK(findings("--select action-unsupported-by-target", "public-site/index.json") == "1 S3P202=error");
  CHECK(findings("--ignore S3P202", "public-site/index.json") == "0 S3P401=note");

  d.write(".s3policy.json", R"({"overrides": [{"files": ["aws/*.json"],
  "levels": {"principal-wildcard": "notice"}}]})");
  const auto bad = test::run_cli("lint " + d.quoted("aws/site.json"));
  CHECK(bad.exit_code == 2);
  CHECK_THAT(bad.out, Catch::Contains(".s3policy.json:2:36: level for \"principal-wildcard\" must be \"error\", "
                                      "\"warning\" or \"note\""));
}
