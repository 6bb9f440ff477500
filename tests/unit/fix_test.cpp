// --fix on every fixture whose findings carry a fix, on every target, in both modes: after fixing,
// each fixed finding is gone (by rule and message, all rules on), the file still parses, and nothing
// fixable in that mode remains. Plain --fix leaves every finding with an unsafe fix as it was.
// Safe fixes may let rules newly report what a fix revealed: renaming "statement" to "Statement"
// lets them see an empty statement list that was invisible before, and "10.0.0.1/8" fixed to
// "10.0.0.0/8" is then a private range. An unsafe fix (a did-you-mean guess) must not add a
// finding on the value or key it edited: the guess itself must not be a new problem. Inside and
// around it, it may reveal findings, as safe fixes do: a policy the target rejected for
// "StringEqual" is analysed once the operator is "StringEquals".
#include "fix.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <set>

#include "json.h"
#include "support/harness.h"
#include "support/temp_dir.h"

using namespace s3policy;
namespace fs = std::filesystem;

namespace {

std::string key_of(const Finding& f) { return std::string(f.rule->id) + " " + f.message; }

std::multiset<std::string> keys_of(const FileResult& r) {
  std::multiset<std::string> keys;
  for (const Finding& f : r.findings) keys.insert(key_of(f));
  return keys;
}

// What `s3policy lint --fix [--unsafe]` does to one file: fix, re-lint, repeat.
FileResult fix_rounds(const FileResult& before, bool include_unsafe, const LintSettings& settings,
                      const std::string& path) {
  FileResult current = before;
  for (int round = 0; round < 8; ++round) {
    const FixResult fx = apply_fixes(current.source.bytes, current.findings, include_unsafe);
    if (fx.applied == 0) break;
    current = test::lint_text(fx.text, {}, settings, path);
  }
  return current;
}

// Where the unsafe fixes of `r` edit: the JSON Pointer of each edited value or key before the
// edit, and after it (a renamed key, "StringEqual" -> "StringEquals", moves its pointer).
struct EditedPlace {
  std::string before, after;
};

std::vector<EditedPlace> edited_places(const FileResult& r) {
  std::vector<EditedPlace> out;
  for (const Finding& f : r.findings) {
    if (f.fix.empty() || f.fix_safety != FixSafety::Unsafe) continue;
    const std::string& p = f.location.pointer;
    out.push_back({p, p});
    const std::string& text = f.fix.front().replacement;
    if (p.empty() || text.size() < 2 || text.front() != '"') continue;
    out.push_back({p, p.substr(0, p.rfind('/') + 1) + escape_pointer_token(text.substr(1, text.size() - 2))});
  }
  return out;
}

void check_fixed(const FileResult& before, const FileResult& after, bool include_unsafe) {
  const auto was = keys_of(before), now = keys_of(after);
  for (const Finding& f : after.findings) {
    INFO(f.rule->id << " " << f.message);
    if (include_unsafe || f.fix_safety == FixSafety::Safe) CHECK(f.fix.empty());  // nothing fixable remains
    // Still valid JSON, still text (an input finding that was there before, such as comments on
    // RGW, stays).
    CHECK((f.rule->id.substr(0, 4) != "S3P0" || was.count(key_of(f)) > 0));
  }
  // Every finding that had a fix of this mode is gone (or, for repeated identical ones, fewer
  // remain); with plain --fix, every one whose fix is unsafe is still there.
  for (const Finding& f : before.findings) {
    if (f.fix.empty()) continue;
    const std::string key = key_of(f);
    if (include_unsafe || f.fix_safety == FixSafety::Safe) {
      INFO("fixed finding still reported: " << key);
      CHECK(now.count(key) < was.count(key));
    } else {
      INFO("plain --fix changed a finding whose fix is unsafe: " << key);
      CHECK(now.count(key) == was.count(key));
    }
  }
}

}  // namespace

TEST_CASE("fix: every fixable fixture is fixed without introducing new findings", "[fix]") {
  std::size_t fixable = 0, unsafe_fixable = 0;
  for (const auto& entry : fs::recursive_directory_iterator(test::source_dir() / "fixtures" / "rules")) {
    if (!entry.is_regular_file() || entry.path().extension() != ".json") continue;
    const std::string bytes = test::read_file(entry.path());
    const std::string path = entry.path().string();
    for (const auto& t : kTargets) {
      LintSettings settings;
      settings.target = t.target;
      const FileResult before = test::lint_text(bytes, {}, settings, path);
      std::size_t with_fix = 0, with_unsafe_fix = 0;
      for (const Finding& f : before.findings) {
        with_fix += f.fix.empty() ? 0 : 1;
        with_unsafe_fix += !f.fix.empty() && f.fix_safety == FixSafety::Unsafe ? 1 : 0;
      }
      if (with_fix == 0) continue;
      ++fixable;
      unsafe_fixable += with_unsafe_fix > 0 ? 1 : 0;
      {  // no DYNAMIC_SECTION: Catch2 would re-run this whole loop once per section
        INFO(fs::relative(entry.path(), test::source_dir()).string() << " on " << t.name);
        const FileResult safe = fix_rounds(before, false, settings, path);
        {
          INFO("--fix");
          check_fixed(before, safe, false);
        }
        if (with_unsafe_fix == 0) continue;
        INFO("--fix --unsafe");
        const FileResult all = fix_rounds(before, true, settings, path);
        check_fixed(before, all, true);
        const auto was = keys_of(before), after_safe = keys_of(safe);
        for (const Finding& f : all.findings) {
          const std::string key = key_of(f);
          if (was.count(key) > 0 || after_safe.count(key) > 0) continue;
          // A note describes what the fixed policy does ("project projectb can read"); it is not
          // a problem the guess made.
          if (f.level == Level::Note) continue;
          // New wording is fine where the finding was there before the edit: a message that
          // quotes the edited text ("username" -> "aws:username") changes with it.
          for (const EditedPlace& place : edited_places(before)) {
            if (f.location.pointer != place.after) continue;
            const bool was_there = std::any_of(before.findings.begin(), before.findings.end(), [&](const Finding& b) {
              return b.rule == f.rule && b.location.pointer == place.before;
            });
            INFO("an unsafe fix introduced at " << f.location.pointer << ": " << key << "\nfixed text:\n"
                                                << all.source.bytes);
            CHECK(was_there);
          }
        }
      }
    }
  }
  CHECK(fixable > 10);
  CHECK(unsafe_fixable > 5);
}

TEST_CASE("fix: edits are minimal and keep the rest of the text", "[fix]") {
  const std::string text = "{\n  // note\n  \"version\": \"2012-10-17\",\n  \"Statement\": []\n}\n";
  Finding f;
  f.fix.push_back({{14, 23}, "\"Version\""});
  Finding overlapping;
  overlapping.fix.push_back({{16, 18}, "XX"});
  const FixResult r = apply_fixes(text, {f, overlapping});
  CHECK(r.applied == 1);
  CHECK(r.text == "{\n  // note\n  \"Version\": \"2012-10-17\",\n  \"Statement\": []\n}\n");
}

// S3P612's unsafe fix needs the owner project, which the fixture sweep above does not give.
TEST_CASE("fix: S3P612 adds the owner project's read of the uploads after the statement", "[fix]") {
  LintSettings settings;
  settings.target = Target::CephSquid;
  settings.projects.owner = "projecta";
  const std::string policy =
      "{\r\n  \"Version\": \"2012-10-17\",\r\n  \"Statement\": [\r\n    {\"Sid\": \"OwnerReadsUploads\", "
      "\"Effect\": \"Deny\", \"Principal\": \"*\", \"Action\": \"s3:DeleteBucket\", \"Resource\": "
      "\"arn:aws:s3:::ingest\"},\r\n    {\"Effect\": \"Allow\", \"Principal\": {\"AWS\": "
      "\"arn:aws:iam::projectb:root\"}, \"Action\": [\"s3:PutObject\", \"s3:ListBucket\"], \"Resource\": "
      "[\"arn:aws:s3:::ingest\", \"arn:aws:s3:::ingest/in/*\"]}\r\n  ]\r\n}\r\n";
  const FileResult before = test::lint_text(policy, {}, settings);
  const auto s3p612 = std::find_if(before.findings.begin(), before.findings.end(),
                                   [](const Finding& f) { return f.rule->id == "S3P612"; });
  REQUIRE(s3p612 != before.findings.end());
  CHECK(s3p612->fix_safety == FixSafety::Unsafe);
  CHECK(apply_fixes(policy, {*s3p612}).applied == 0);  // not without --unsafe
  const FixResult fixed = apply_fixes(policy, {*s3p612}, true);
  CHECK(fixed.applied == 1);
  // After the statement, on its own line with the file's CRLF and indentation; the object items
  // only (GetObject on the bucket would be S3P306's error); a Sid the policy does not have yet.
  CHECK_THAT(fixed.text,
             Catch::Contains("\"arn:aws:s3:::ingest/in/*\"]},\r\n    {\"Sid\": \"OwnerReadsUploads2\", \"Effect\": "
                             "\"Allow\", \"Principal\": {\"AWS\": \"arn:aws:iam::projecta:root\"}, \"Action\": "
                             "\"s3:GetObject\", \"Resource\": [\"arn:aws:s3:::ingest/in/*\"]}\r\n  ]"));
  std::vector<std::string> left;
  for (const Finding& f : test::lint_text(fixed.text, {}, settings).findings)
    if (f.level != Level::Note) left.push_back(std::string(f.rule->id) + " " + f.message);
  CHECK(left.empty());
  // Without the owner, or with the statement not in an array, there is nothing to add.
  const FileResult unknown = test::lint_text(policy, {"S3P612"});
  REQUIRE(unknown.findings.size() == 1);
  CHECK(unknown.findings[0].fix.empty());
  const FileResult lone = test::lint_text(
      R"({"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::projectb:root"},
          "Action": "s3:PutObject", "Resource": "arn:aws:s3:::ingest/*"}})",
      {"S3P612"}, settings);
  REQUIRE(lone.findings.size() == 1);
  CHECK(lone.findings[0].fix.empty());
}

// A statement or a statement array without the policy around it (documentation snippets) is
// wrapped, re-indented, keeping the file's CRLF line endings.
TEST_CASE("fix: a bare statement and a statement array are wrapped in a policy", "[fix]") {
  const std::string statement =
      "{\r\n  \"Effect\": \"Allow\",\r\n  \"Principal\": {\"AWS\": \"arn:aws:iam::projectb:root\"},"
      "\r\n  \"Action\": \"s3:GetObject\",\r\n  \"Resource\": \"arn:aws:s3:::data/*\"\r\n}\r\n";
  const FileResult bare = test::lint_text(statement, {"S3P105"});
  const FixResult wrapped = apply_fixes(statement, bare.findings);
  CHECK(wrapped.applied == 1);
  CHECK(wrapped.text ==
        "{\r\n  \"Version\": \"2012-10-17\",\r\n  \"Statement\": [\r\n    {\r\n      \"Effect\": \"Allow\",\r\n"
        "      \"Principal\": {\"AWS\": \"arn:aws:iam::projectb:root\"},\r\n      \"Action\": \"s3:GetObject\",\r\n"
        "      \"Resource\": \"arn:aws:s3:::data/*\"\r\n    }\r\n  ]\r\n}\r\n");
  CHECK(test::lint_text(wrapped.text, {"S3P105"}).findings.empty());

  const std::string array =
      "[\n  {\"Effect\": \"Deny\", \"Principal\": \"*\", \"Action\": \"s3:*\",\n"
      "   \"Resource\": \"arn:aws:s3:::data/*\"}\n]";
  const FixResult listed = apply_fixes(array, test::lint_text(array, {"S3P106"}).findings);
  CHECK(listed.applied == 1);
  CHECK(listed.text ==
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\"Effect\": \"Deny\", \"Principal\": "
        "\"*\", \"Action\": \"s3:*\",\n     \"Resource\": \"arn:aws:s3:::data/*\"}\n  ]\n}");
  // An array of anything else is not taken for statements.
  const FileResult strings = test::lint_text("[\"s3:GetObject\"]", {"S3P106"});
  REQUIRE(strings.findings.size() == 1);
  CHECK(strings.findings.front().fix.empty());
}

TEST_CASE("fix: the CLI rewrites the file in place and reports what remains", "[fix][cli]") {
  char tmpl[] = "/tmp/s3p-fix-XXXXXX";
  const fs::path dir = ::mkdtemp(tmpl);
  const fs::path file = dir / "p.json";
  {
    std::ofstream(file)
        << "{\n  \"Statement\": [\n    {\"effect\": \"allow\", \"Principal\": \"*\", \"Action\": \"s3:GetObject\",\n"
           "     \"Resource\": \"arn:aws:s3:::www/*\",\n"
           "     \"Condition\": {\"Bool\": {\"aws:SecureTransport\": true}}}\n  ]\n}\n";
  }
  const auto r = test::run_cli("lint --fix --color never '" + file.string() + "'");
  const std::string fixed = test::read_file(file);
  CHECK_THAT(fixed, Catch::Contains("\"Effect\": \"Allow\""));
  CHECK_THAT(fixed, Catch::Contains("\"aws:SecureTransport\": \"true\""));
  CHECK_THAT(fixed, Catch::Contains("\"Version\": \"2012-10-17\""));
  CHECK_THAT(r.err, Catch::Contains("s3policy: fixed"));
  CHECK_THAT(r.out, !Catch::Contains("S3P104"));
  fs::remove_all(dir);
}

TEST_CASE("fix: a file that cannot be rewritten is reported as it stands, the others are fixed", "[fix][cli]") {
  test::TempDir d;
  const std::string fixable =
      "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\"effect\": \"Allow\", \"Principal\": \"*\",\n"
      "    \"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws:s3:::www/*\"}]\n}\n";
  const auto stuck = d.write("stuck.json", fixable);
  const auto ok = d.write("ok.json", fixable);
  // The temporary file --fix writes cannot be created where a directory of that name is (even
  // for root, who may write anywhere else).
  fs::create_directory(stuck.string() + ".s3policy-fix.tmp");
  for (const std::string format : {"text", "json", "sarif"}) {
    INFO(format);
    d.write("ok.json", fixable);
    const auto r = test::run_cli("lint --fix --color never --format " + format + " " + d.quoted("stuck.json") + " " +
                                 d.quoted("ok.json"));
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("cannot write " + stuck.string() + ".s3policy-fix.tmp"));
    CHECK_THAT(r.err, Catch::Contains(stuck.string() + " is left unchanged and reported as it stands"));
    CHECK(test::read_file(stuck) == fixable);
    CHECK_THAT(test::read_file(ok), Catch::Contains("\"Effect\": \"Allow\""));
    CHECK_THAT(r.err, Catch::Contains("s3policy: fixed 1 finding in 1 file"));
    // The unfixed file's finding is still in the report, and the report is complete.
    CHECK_THAT(r.out, Catch::Contains("S3P104"));
    if (format != "text") CHECK(parse_json(r.out).document != nullptr);
  }
  // Nor is a symbolic link of that name followed: what it points to stays as it was.
  fs::remove(stuck.string() + ".s3policy-fix.tmp");
  const auto victim = d.write("victim.txt", "keep me\n");
  fs::create_symlink(victim, stuck.string() + ".s3policy-fix.tmp");
  const auto r = test::run_cli("lint --fix --color never " + d.quoted("stuck.json"));
  CHECK(r.exit_code == 2);
  CHECK(test::read_file(victim) == "keep me\n");
  CHECK(test::read_file(stuck) == fixable);
}

TEST_CASE("fix: plain --fix leaves guesses alone, --fix --unsafe applies them", "[fix][cli]") {
  char tmpl[] = "/tmp/s3p-fix-XXXXXX";
  const fs::path dir = ::mkdtemp(tmpl);
  const fs::path file = dir / "p.json";
  const std::string original =
      "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n"
      "    {\"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"arn:aws:iam::projectb:root\"},\n"
      "     \"Action\": [\"s3:GetObjekt\", \"s3:ListBucket\"],\n"
      "     \"Resource\": [\"arn:aws:s3:::shared\", \"arn:aws:s3:::shared/*\"],\n"
      "     \"Condition\": {\"StringEqual\": {\"s3:prefix\": \"home/\"}}}\n  ]\n}\n";
  std::ofstream(file) << original;

  const auto listed = test::run_cli("lint --color never '" + file.string() + "'");
  CHECK_THAT(listed.out, Catch::Contains("= fix available with --fix --unsafe"));
  CHECK_THAT(listed.out, Catch::Contains("2 fixable with --fix --unsafe."));

  const auto plain = test::run_cli("lint --fix --color never '" + file.string() + "'");
  CHECK(test::read_file(file) == original);
  CHECK(plain.exit_code == 1);
  CHECK_THAT(plain.out, Catch::Contains("S3P201"));

  const auto without_fix = test::run_cli("lint --unsafe '" + file.string() + "'");
  CHECK(without_fix.exit_code == 2);  // --unsafe needs --fix
  CHECK(test::read_file(file) == original);

  const auto unsafe = test::run_cli("lint --fix --unsafe --color never '" + file.string() + "'");
  const std::string fixed = test::read_file(file);
  CHECK_THAT(fixed, Catch::Contains("[\"s3:GetObject\", \"s3:ListBucket\"]"));
  CHECK_THAT(fixed, Catch::Contains("{\"StringEquals\": {\"s3:prefix\": \"home/\"}}"));
  CHECK_THAT(unsafe.err, Catch::Contains("s3policy: fixed 2 findings in 1 file"));
  CHECK_THAT(unsafe.out, !Catch::Contains("S3P201"));
  CHECK_THAT(unsafe.out, !Catch::Contains("S3P501"));
  fs::remove_all(dir);
}

// A project ID one character off a configured one, and a project's name where Keystone-backed RGW
// matches IDs: both are guesses about who gets access (unsafe), written as the configured ID.
TEST_CASE("fix: --unsafe writes the configured project ID for a typo and for a name", "[fix][cli][config]") {
  test::TempDir d;
  d.write(".s3policy.json", R"({"projects": {"owner": "7d4c1b9a8e3d2f1c0b5a470b2c6a9e4f",
    "known": {"0b2c6a9e4f7d4c1b9a8e3d2f1c0b5a47": "analytics", "1a2b3c4d5e6f47a8b9c0d1e2f3a4b5c6": "web"}}})");
  d.write("p.json", R"({"Version": "2012-10-17", "Statement": [
  {"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::0b2c6a9e4f7d4c1b9a8e3d2f1c0b5a48:root",
                                            "arn:aws:iam::web:user/deploy"]},
   "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}]})");
  const std::string file = d.quoted("p.json");
  const auto listed = test::run_cli("lint --color never " + file);
  CHECK_THAT(listed.out, Catch::Contains("S3P403") && Catch::Contains("S3P407") &&
                             Catch::Contains("2 fixable with --fix --unsafe."));
  CHECK(test::run_cli("lint --fix " + file).exit_code == 1);  // plain --fix: no guesses
  CHECK_THAT(test::read_file(d.path / "p.json"), Catch::Contains("5a48:root"));
  const auto fixed = test::run_cli("lint --fix --unsafe --color never " + file);
  CHECK_THAT(test::read_file(d.path / "p.json"),
             Catch::Contains(R"(["arn:aws:iam::0b2c6a9e4f7d4c1b9a8e3d2f1c0b5a47:root",)") &&
                 Catch::Contains(R"("arn:aws:iam::1a2b3c4d5e6f47a8b9c0d1e2f3a4b5c6:user/deploy"]},)"));
  CHECK_THAT(fixed.err, Catch::Contains("s3policy: fixed 2 findings in 1 file"));
  CHECK_THAT(fixed.out, !Catch::Contains("S3P403") && !Catch::Contains("S3P407"));
}

TEST_CASE("fix: a guess is offered only when one candidate is nearest", "[fix]") {
  const auto fixes = [](const std::string& policy, Target target = Target::Aws) {
    LintSettings settings;
    settings.target = target;
    std::vector<std::string> out;
    for (const Finding& f : test::lint_text(policy, {}, settings).findings)
      if (!f.fix.empty())
        out.push_back(std::string(f.rule->id) + (f.fix_safety == FixSafety::Safe ? " safe " : " unsafe ") +
                      f.fix.front().replacement);
    return out;
  };
  auto policy = [](const std::string& version, const std::string& action) {
    return "{\"Version\": \"" + version + "\", \"Statement\": [{\"Effect\": \"Allow\", \"Principal\": {\"AWS\": "
           "\"arn:aws:iam::123456789012:root\"}, \"Action\": \"" + action + "\", \"Resource\": \"arn:aws:s3:::b/*\"}]}";
  };
  using V = std::vector<std::string>;
  CHECK(fixes(policy("2012-10-17", "s3:GetObjekt")) == V{"S3P201 unsafe \"s3:GetObject\""});
  // "2002-10-17" is as near to "2012-10-17" as to "2008-10-17": the hint names one, no fix guesses.
  CHECK(fixes(policy("2002-10-17", "s3:GetObject")).empty());
  CHECK(fixes(policy("2012-10-7", "s3:GetObject")) == V{"S3P102 unsafe \"2012-10-17\""});
  // "s3:GetObjectTaggin" could be s3:GetObjectTagging; nothing else is as near.
  CHECK(fixes(policy("2012-10-17", "s3:GetObjectTaggin")) == V{"S3P201 unsafe \"s3:GetObjectTagging\""});
  CHECK(fixes(policy("2012-10-17", "s3:HeadObject")) == V{"S3P206 safe \"s3:GetObject\""});
}

TEST_CASE("fix: the TLS guard becomes BoolIfExists only where nothing else changes", "[fix]") {
  // What S3P607 offers for a Deny of plain HTTP that never fires on RGW: "Bool" -> "BoolIfExists".
  const auto s3p607 = [](const std::string& condition) {
    LintSettings settings;
    settings.target = Target::CephSquid;
    const std::string policy =
        "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Deny\", \"Principal\": \"*\", \"Action\": "
        "\"s3:*\", \"Resource\": [\"arn:aws:s3:::b\", \"arn:aws:s3:::b/*\"], \"Condition\": " +
        condition + "}]}";
    std::vector<std::string> out;
    for (const Finding& f : test::lint_text(policy, {"S3P607"}, settings).findings)
      out.push_back(f.fix.empty()
                        ? "no fix"
                        : (f.fix_safety == FixSafety::Safe ? "safe " : "unsafe ") + f.fix.front().replacement);
    return out;
  };
  using V = std::vector<std::string>;
  CHECK(s3p607(R"({"Bool": {"aws:SecureTransport": "false"}})") == V{"unsafe \"BoolIfExists\""});
  CHECK(s3p607(R"({"Bool": {"aws:SecureTransport": ["FALSE"]}})") == V{"unsafe \"BoolIfExists\""});
  // The renamed block would also change how another key is tested.
  CHECK(s3p607(R"({"Bool": {"aws:SecureTransport": "false", "aws:MultiFactorAuthPresent": "false"}})") == V{"no fix"});
  // The renamed block would be a second "BoolIfExists" key.
  CHECK(
      s3p607(R"({"Bool": {"aws:SecureTransport": "false"}, "BoolIfExists": {"aws:MultiFactorAuthPresent": "true"}})") ==
      V{"no fix"});
  // Already the form that works on RGW: nothing to report.
  CHECK(s3p607(R"({"BoolIfExists": {"aws:SecureTransport": "false"}})").empty());
}
