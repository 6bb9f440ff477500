// grant/revoke: the generated policies lint clean on every target for every access level, edits
// keep the rest of an existing policy byte for byte, and revoke undoes grant exactly.
#include "grant.h"

#include <catch2/catch.hpp>

#include "catalog/catalog.h"
#include "support/harness.h"
#include "support/temp_dir.h"

using namespace s3policy;

namespace {

const char* kExisting = R"({
    "Version": "2012-10-17",
    "Id": "hand-written",
    "Statement": [
        {
            "Sid": "OwnerDeleteProtection",
            "Effect": "Deny",
            "Principal": "*",
            "Action": "s3:DeleteBucket",
            "Resource": "arn:aws:s3:::shared-data"
        }
    ]
}
)";

LintSettings settings_for(Target t, const std::string& grantee) {
  LintSettings s;
  s.target = t;
  s.bucket = "shared-data";
  s.projects.owner = t == Target::Aws ? "111122223333" : "projecta";
  s.projects.known[grantee] = "partner";
  return s;
}

// Errors and warnings only: the cross-project-grant note is the point of a grant.
std::vector<std::string> problems(const FileResult& r) {
  std::vector<std::string> out;
  for (const Finding& f : r.findings)
    if (f.level != Level::Note) out.push_back(std::string(f.rule->id) + " " + f.message);
  return out;
}

}  // namespace

TEST_CASE("grant: every access level lints clean on every target, with and without options", "[grant]") {
  for (const auto& t : kTargets) {
    for (const char* level : {"list", "read", "write", "readwrite", "full"}) {
      for (int variant = 0; variant < 3; ++variant) {
        // One user of a project is a local RGW user of a named tenant: a Keystone project's users
        // are one RGW user named after the project (S3P402 warns about user/alice there).
        const std::string grantee = t.target == Target::Aws ? "444455556666"
                                    : variant == 2          ? "projectb"
                                                            : "0b2c6a9e4f7d4c1b9a8e3d2f1c0b5a47";
        GrantRequest r;
        r.bucket = "shared-data";
        r.project = grantee;
        r.access = *parse_access(level);
        r.target = t.target;
        r.owner = settings_for(t.target, grantee).projects.owner;
        if (variant >= 1) r.prefix = "exports/";
        if (variant == 2) {
          r.https_only = true;
          r.source_ips = {"203.0.113.0/24"};
          r.user = "alice";
        }
        const EditResult e = add_grant("", r);
        REQUIRE(e.error.empty());
        const FileResult lint = test::lint_text(e.text, {}, settings_for(t.target, grantee));
        INFO(t.name << " " << level << " variant " << variant << "\n" << e.text);
        // On RGW a grantee's uploads are its own: a grant that lets it write lets the owner read them.
        const bool writes = std::string_view(level) != "list" && std::string_view(level) != "read";
        CHECK((e.text.find("-owner-reads\"") != std::string::npos) == (writes && is_ceph(t.target)));
        CHECK(problems(lint).empty());
        for (const std::string& p : problems(lint)) UNSCOPED_INFO(p);
      }
    }
  }
}

TEST_CASE("grant: every action of every access level exists on every target", "[grant]") {
  for (const auto& t : kTargets)
    for (Access a : {Access::List, Access::Read, Access::Write, Access::ReadWrite, Access::Full}) {
      const AccessActions actions = actions_for(a);
      for (const auto* list : {&actions.bucket, &actions.object})
        for (const std::string& name : *list) {
          INFO(t.name << " " << name);
          CHECK(catalog_for(t.target).find_action(name) != nullptr);
        }
    }
}

TEST_CASE("grant: adding to an existing policy keeps it byte for byte, granting again replaces", "[grant]") {
  GrantRequest r;
  r.bucket = "shared-data";
  r.project = "projectb";
  r.access = Access::Read;
  const EditResult first = add_grant(kExisting, r);
  REQUIRE(first.error.empty());
  const std::string existing = kExisting;
  const std::string head = existing.substr(0, existing.rfind("        }") + 9);
  CHECK(first.text.substr(0, head.size()) == head);
  CHECK_THAT(first.text, Catch::Contains("            \"Sid\": \"s3policy-read-projectb-objects\""));
  const EditResult again = add_grant(first.text, r);
  CHECK(again.text == first.text);
  CHECK(again.messages == std::vector<std::string>{"replaced statement \"s3policy-read-projectb-objects\""});
  CHECK(problems(test::lint_text(first.text, {}, settings_for(kDefaultTarget, "projectb"))).empty());
}

TEST_CASE("grant: a lone statement object becomes an array, a policy without Statement gets one", "[grant]") {
  GrantRequest r;
  r.bucket = "shared-data";
  r.project = "projectb";
  r.access = Access::List;
  const EditResult lone = add_grant(
      R"({"Version": "2012-10-17", "Statement": {"Effect": "Deny", "Principal": "*", "Action": "s3:DeleteBucket", "Resource": "arn:aws:s3:::shared-data"}})",
      r);
  REQUIRE(lone.error.empty());
  CHECK(problems(test::lint_text(lone.text, {}, settings_for(kDefaultTarget, "projectb"))).empty());
  const EditResult none = add_grant("{\n  \"Version\": \"2012-10-17\"\n}\n", r);
  REQUIRE(none.error.empty());
  CHECK(problems(test::lint_text(none.text, {}, settings_for(kDefaultTarget, "projectb"))).empty());
  CHECK_FALSE(add_grant("{\"Version\": ", r).error.empty());
  // A bare statement (a documentation snippet) is not edited into a hybrid: lint --fix wraps it.
  const EditResult bare = add_grant(
      R"({"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::projectc:root"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::shared-data/*"})",
      r);
  CHECK(bare.text.empty());
  CHECK_THAT(bare.error,
             Catch::Contains("a single statement without the policy around it; `s3policy lint --fix` wraps it"));
}

TEST_CASE("grant/revoke: an existing policy saved as UTF-16 is named as such, not edited", "[grant][encoding]") {
  GrantRequest r;
  r.bucket = "shared-data";
  r.project = "projectb";
  r.access = Access::Read;
  std::string wide = "\xFF\xFE";
  for (char c : std::string(kExisting)) wide += std::string{c, '\0'};
  const EditResult granted = add_grant(wide, r);
  CHECK(granted.text.empty());
  CHECK_THAT(granted.error, Catch::Contains("UTF-16LE text, not UTF-8; `s3policy lint --fix` converts it"));
  const EditResult revoked = revoke_grant(wide, "shared-data", "projectb", "");
  CHECK(revoked.text.empty());
  CHECK_THAT(revoked.error, Catch::Contains("UTF-16LE text, not UTF-8"));
}

TEST_CASE("revoke: undoes grant exactly and leaves shared statements alone", "[grant]") {
  GrantRequest r;
  r.bucket = "shared-data";
  r.project = "projectb";
  r.access = Access::ReadWrite;
  const EditResult granted = add_grant(kExisting, r);
  const EditResult revoked = revoke_grant(granted.text, "shared-data", "projectb", "");
  REQUIRE(revoked.error.empty());
  CHECK(revoked.text == kExisting);
  CHECK(revoked.messages.size() == 2);
  // A statement that also names another project is not removed.
  const std::string mixed = R"({"Version": "2012-10-17", "Statement": [
    {"Sid": "Both", "Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::projectb:root", "arn:aws:iam::projectc:root"]},
     "Action": "s3:GetObject", "Resource": "arn:aws:s3:::shared-data/*"}]})";
  const EditResult left = revoke_grant(mixed, "shared-data", "projectb", "");
  CHECK_FALSE(left.error.empty());
  CHECK_THAT(left.error, Catch::Contains("no statement grants project projectb"));
  CHECK_FALSE(revoke_grant(kExisting, "shared-data", "projectz", "").error.empty());
  // With the owner known, a write grant on RGW also lets the owner read the uploads; revoke takes
  // that statement away with the grantee's, and leaves another grantee's alone.
  r.owner = "projecta";
  GrantRequest c = r;
  c.project = "projectc";
  const EditResult both = add_grant(add_grant(kExisting, r).text, c);
  REQUIRE(both.error.empty());
  CHECK_THAT(both.text, Catch::Contains("\"s3policy-readwrite-projectb-owner-reads\"") &&
                            Catch::Contains("\"s3policy-readwrite-projectc-owner-reads\""));
  const EditResult only_c = revoke_grant(both.text, "shared-data", "projectb", "");
  REQUIRE(only_c.error.empty());
  CHECK(only_c.messages.size() == 3);
  CHECK(only_c.text == add_grant(kExisting, c).text);
}

TEST_CASE("grant/revoke CLI: stdout by default, --in-place edits the file", "[grant][cli]") {
  const auto out = test::run_cli("grant --bucket shared-data --to projectb --access read --https-only");
  CHECK(out.exit_code == 0);
  CHECK_THAT(out.out, Catch::Contains("\"aws:SecureTransport\": \"true\""));
  CHECK_THAT(out.err, Catch::Contains("added statement \"s3policy-read-projectb-objects\""));
  CHECK_THAT(out.err, !Catch::Contains("owner-cannot-read-uploads"));
  // A write grant without the owner project known: said, since the owner's read cannot be written.
  const auto write = test::run_cli("grant --bucket shared-data --to projectb --access write --no-config");
  CHECK(write.exit_code == 0);
  CHECK_THAT(write.err, Catch::Contains("give --owner (or projects.owner in .s3policy.json)") &&
                            Catch::Contains("S3P612 owner-cannot-read-uploads"));
  const auto owned =
      test::run_cli("grant --bucket shared-data --to projectb --access write --owner projecta --no-config");
  CHECK(owned.exit_code == 0);
  CHECK_THAT(owned.out, Catch::Contains("\"Sid\": \"s3policy-write-projectb-owner-reads\"") &&
                            Catch::Contains("\"Principal\": {\"AWS\": \"arn:aws:iam::projecta:root\"}"));
  CHECK_THAT(owned.err, !Catch::Contains("give --owner"));
  CHECK(test::run_cli("grant --bucket b --to projectb:alice").exit_code == 2);
  CHECK(test::run_cli("grant --bucket b --to projectb --access admin").exit_code == 2);
  CHECK(test::run_cli("grant --bucket b --to projectb --in-place").exit_code == 2);
}

TEST_CASE("grant/revoke CLI: a project's configured name stands for its ID", "[grant][cli][config]") {
  test::TempDir d;
  d.write(".s3policy.json", R"({"projects": {"owner": "0b2c6a9e4f7d4c1b9a8e3d2f1c0b5a47",
    "known": {"1a2b3c4d5e6f47a8b9c0d1e2f3a4b5c6": "analytics", "9f8e7d6c5b4a43928170f6e5d4c3b2a1": "twin",
              "8f8e7d6c5b4a43928170f6e5d4c3b2a1": "twin"}}})");
  d.write("shared-data.json", R"({"Version": "2012-10-17", "Statement": []})");
  const std::string file = d.quoted("shared-data.json");
  const auto out = test::run_cli("grant --bucket shared-data --to analytics --policy " + file);
  CHECK(out.exit_code == 0);
  CHECK_THAT(out.out, Catch::Contains(R"("AWS": "arn:aws:iam::1a2b3c4d5e6f47a8b9c0d1e2f3a4b5c6:root")"));
  CHECK_THAT(out.err, Catch::Contains("project \"analytics\" is 1a2b3c4d5e6f47a8b9c0d1e2f3a4b5c6 (.s3policy.json)"));
  // A name two projects have is not guessed; without the configuration nothing is resolved.
  const auto twin = test::run_cli("grant --bucket shared-data --to twin --policy " + file);
  CHECK(twin.exit_code == 2);
  CHECK_THAT(twin.err, Catch::Contains("--to: \"twin\" is the name of 2 projects in .s3policy.json "
                                       "(8f8e7d6c5b4a43928170f6e5d4c3b2a1, 9f8e7d6c5b4a43928170f6e5d4c3b2a1); "
                                       "give the project ID"));
  CHECK_THAT(test::run_cli("grant --no-config --bucket shared-data --to analytics --policy " + file).out,
             Catch::Contains("arn:aws:iam::analytics:root"));
  // revoke resolves the name the same way.
  REQUIRE(test::run_cli("grant --bucket shared-data --to analytics --in-place --policy " + file).exit_code == 0);
  const auto revoked = test::run_cli("revoke --bucket shared-data --from analytics --policy " + file);
  CHECK(revoked.exit_code == 0);
  CHECK_THAT(revoked.out, !Catch::Contains("1a2b3c4d5e6f47a8b9c0d1e2f3a4b5c6"));
  d.write("bad.json", "{\"target\": 1}");
  CHECK(test::run_cli("grant --config " + d.quoted("bad.json") + " --bucket b --to analytics").exit_code == 2);
}

// grant must not write a statement the target refuses, and says when the policy it edits is refused
// for what it already held (the edit is still written: the user may be fixing it step by step).
TEST_CASE("grant/revoke CLI: nothing the target refuses is written silently", "[grant][cli][refusal]") {
  test::TempDir d;
  d.write(".s3policy.json", R"({"projects": {"known": {"1a2b3c4d5e6f47a8b9c0d1e2f3a4b5c6": "analytics"}}})");
  // An OpenStack project ID is no AWS account: AWS refuses the statement, so nothing is written.
  const auto refused =
      test::run_cli("grant --target aws --bucket shared-data --to analytics --config " + d.quoted(".s3policy.json"));
  CHECK(refused.exit_code == 2);
  CHECK(refused.out.empty());
  CHECK_THAT(refused.err, Catch::Contains("error: AWS would refuse the statement for --to analytics (S3P402 "
                                          "invalid-principal: invalid principal \"arn:aws:iam::"
                                          "1a2b3c4d5e6f47a8b9c0d1e2f3a4b5c6:root\"") &&
                              Catch::EndsWith("; nothing written\n"));
  // The same project on RGW, where it is a tenant: written, no warning.
  const auto rgw = test::run_cli("grant --target ceph-squid --bucket shared-data --to analytics --config " +
                                 d.quoted(".s3policy.json"));
  CHECK(rgw.exit_code == 0);
  CHECK_THAT(rgw.err, !Catch::Contains("warning"));
  // One user of a Keystone project: written as asked, with S3P402's warning (Keystone users are one
  // RGW user named after the project).
  const auto user = test::run_cli("grant --target ceph-squid --bucket shared-data --to analytics:user/etl --config " +
                                  d.quoted(".s3policy.json"));
  CHECK(user.exit_code == 0);
  CHECK_THAT(user.out, Catch::Contains("arn:aws:iam::1a2b3c4d5e6f47a8b9c0d1e2f3a4b5c6:user/etl"));
  CHECK_THAT(user.err, Catch::Contains("s3policy: warning: 1a2b3c4d5e6f47a8b9c0d1e2f3a4b5c6 is an OpenStack project "
                                       "ID: RGW takes every user of it who signs with Keystone EC2 credentials as one "
                                       "user named after the project, so user/etl matches none of them"));
  const auto project_user = test::run_cli(
      "grant --target ceph-squid --bucket shared-data --to "
      "analytics:user/1a2b3c4d5e6f47a8b9c0d1e2f3a4b5c6 --config " +
      d.quoted(".s3policy.json"));
  CHECK(project_user.exit_code == 0);
  CHECK_THAT(project_user.err, !Catch::Contains("warning"));

  // An existing policy the target already refuses (an unknown action): the grant is added, and said.
  d.write("typo.json", R"({"Version": "2012-10-17", "Statement": [
    {"Sid": "Mine", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::projecta:root"},
     "Action": "s3:GetObjects", "Resource": "arn:aws:s3:::shared-data/*"}]})");
  const std::string file = d.quoted("typo.json");
  const auto added = test::run_cli("grant --no-config --bucket shared-data --to projectb --policy " + file);
  CHECK(added.exit_code == 0);
  CHECK_THAT(added.out, Catch::Contains("arn:aws:iam::projectb:root"));
  CHECK_THAT(added.err, Catch::Contains("s3policy: warning: RGW (squid) refuses the result: PutBucketPolicy answers "
                                        "400 and the bucket keeps the policy it has; these were in the policy before "
                                        "this edit:\n  <output>:3:16: S3P201 unknown-action: "));
  const auto in_place =
      test::run_cli("grant --no-config --bucket shared-data --to projectb --in-place --policy " + file);
  CHECK(in_place.exit_code == 0);
  CHECK_THAT(in_place.err, Catch::Contains("\n  " + d.path.string() + "/typo.json:3:16: S3P201 unknown-action: "));
  const auto revoked = test::run_cli("revoke --no-config --bucket shared-data --from projectb --policy " + file);
  CHECK(revoked.exit_code == 0);
  CHECK_THAT(revoked.err, Catch::Contains("s3policy: warning: RGW (squid) refuses the result: ") &&
                              Catch::Contains("<output>:3:16: S3P201 unknown-action: "));
}
