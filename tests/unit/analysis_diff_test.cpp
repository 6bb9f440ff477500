// `s3policy diff` through the real binary: added/removed/unchanged access, a reorder-only change,
// and the exit codes a CI step relies on (1 = access added, 0 = none added, 2 = usage).
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "support/harness.h"

using s3policy::test::run_cli;

namespace {

struct Dir {
  std::filesystem::path path;
  Dir() {
    char tmpl[] = "/tmp/s3p-diff-XXXXXX";
    path = ::mkdtemp(tmpl);
  }
  ~Dir() { std::filesystem::remove_all(path); }
  Dir(const Dir&) = delete;
  Dir& operator=(const Dir&) = delete;
  std::string file(const std::string& name, const std::string& text) const {
    std::ofstream(path / name) << text;
    return (path / name).string();
  }
};

const char* kShare = R"({"Sid":"Share","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::projectb:root"},
 "Action":["s3:ListBucket","s3:GetObject","s3:PutObject"],"Resource":["arn:aws:s3:::site","arn:aws:s3:::site/*"]})";
const char* kPublic = R"({"Sid":"PublicRead","Effect":"Allow","Principal":"*","Action":"s3:GetObject",
 "Resource":"arn:aws:s3:::site/*"})";
const char* kOffice = R"({"Sid":"Office","Effect":"Allow","Principal":"*","Action":"s3:GetObject",
 "Resource":"arn:aws:s3:::site/*","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}})";

std::string policy(std::initializer_list<const char*> statements) {
  std::string s = R"({"Version":"2012-10-17","Statement":[)";
  bool first = true;
  for (const char* st : statements) {
    s += (first ? "" : ",") + std::string(st);
    first = false;
  }
  return s + "]}";
}

// `diff OPTIONS old new` exits with `exit_code` and prints `line` (a whole line, with its newline).
void check_diff(const std::string& options, const std::string& old_p, const std::string& new_p, int exit_code,
                const std::string& line) {
  const auto r = run_cli("diff " + options + " " + old_p + " " + new_p);
  CHECK(r.exit_code == exit_code);
  INFO(r.out);
  CHECK(r.out.find(line + "\n") != std::string::npos);
}

}  // namespace

TEST_CASE("diff: added access exits 1 and names principal, category and resource", "[analysis][cli][diff]") {
  Dir d;
  const auto old_p = d.file("old.json", policy({kShare}));
  const auto new_p = d.file("new.json", policy({kShare, kPublic}));
  const auto r = run_cli("diff --target ceph-pacific --owner projecta " + old_p + " " + new_p);
  CHECK(r.exit_code == 1);
  CHECK(r.out.find("new: anonymous read on s3://site/*\n") != std::string::npos);
  CHECK(r.out.find("new: any authenticated user read on s3://site/*\n") != std::string::npos);
  CHECK(r.out.find("projectb") == std::string::npos);  // its access did not change
  const auto json = run_cli("diff --target ceph-pacific --format json " + old_p + " " + new_p);
  CHECK(json.exit_code == 1);
  CHECK(json.out.find("\"access_added\": true") != std::string::npos);
  CHECK(json.out.find("\"text\": \"new: anonymous read on s3://site/*\"") != std::string::npos);
}

TEST_CASE("diff: removed access exits 0", "[analysis][cli][diff]") {
  Dir d;
  const auto old_p = d.file("old.json", policy({kShare, kPublic}));
  const auto new_p = d.file("new.json", policy({kPublic}));
  const auto r = run_cli("diff --target ceph-pacific " + old_p + " " + new_p);
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("removed: project projectb write on s3://site/*\n") != std::string::npos);
  CHECK(r.out.find("removed: project projectb list on s3://site\n") != std::string::npos);
  CHECK(r.out.find("new:") == std::string::npos);
}

TEST_CASE("diff: unchanged and reorder-only policies show no difference", "[analysis][cli][diff]") {
  Dir d;
  const auto a = d.file("a.json", policy({kShare, kPublic}));
  const auto b = d.file("b.json", policy({kPublic, kShare}));
  for (const char* target : {"aws", "ceph-pacific", "ceph-squid"}) {
    CAPTURE(target);
    const auto same = run_cli(std::string("diff --target ") + target + " " + a + " " + a);
    CHECK(same.exit_code == 0);
    CHECK(same.out.ends_with("no difference in access\n"));
    const auto reordered = run_cli(std::string("diff --target ") + target + " " + a + " " + b);
    CHECK(reordered.exit_code == 0);
    CHECK(reordered.out.ends_with("no difference in access\n"));
  }
}

TEST_CASE("diff: a condition dropped widens access, one added narrows it", "[analysis][cli][diff]") {
  Dir d;
  const auto office = d.file("office.json", policy({kOffice}));
  const auto pub = d.file("public.json", policy({kPublic}));
  const auto widened = run_cli("diff --target ceph-pacific " + office + " " + pub);
  CHECK(widened.exit_code == 1);
  CHECK(widened.out.find("widened: anonymous read on s3://site/*: was allowed only when aws:SourceIp in "
                         "10.0.0.0/8, now allowed\n") != std::string::npos);
  const auto narrowed = run_cli("diff --target ceph-pacific " + pub + " " + office);
  CHECK(narrowed.exit_code == 0);
  CHECK(narrowed.out.find("narrowed: anonymous read on s3://site/*") != std::string::npos);
}

TEST_CASE("diff: reaching more objects widens access, fewer narrows it, elsewhere changes it", "[analysis][cli][diff]") {
  // The same verdict ("allowed") over different objects: only public/*, every key, every key but
  // private/*, only docs/*. Both versions are asked about the objects either one names.
  const char* folder = R"({"Sid":"Pub","Effect":"Allow","Principal":"*","Action":"s3:GetObject",
   "Resource":"arn:aws:s3:::site/public/*"})";
  const char* other_folder = R"({"Sid":"Docs","Effect":"Allow","Principal":"*","Action":"s3:GetObject",
   "Resource":"arn:aws:s3:::site/docs/*"})";
  const char* no_private = R"({"Sid":"NoPrivate","Effect":"Deny","Principal":"*","Action":"s3:GetObject",
   "Resource":"arn:aws:s3:::site/private/*"})";
  Dir d;
  const auto only_public = d.file("folder.json", policy({folder}));
  const auto everything = d.file("public.json", policy({kPublic}));
  const auto but_private = d.file("but-private.json", policy({kPublic, no_private}));
  const auto only_docs = d.file("docs.json", policy({other_folder}));
  check_diff("--target ceph-pacific", only_public, everything, 1,
             "widened: anonymous read on s3://site/*: was allowed (public/* only), now allowed");
  check_diff("--target ceph-pacific", everything, but_private, 0,
             "narrowed: anonymous read on s3://site/*: was allowed, now allowed (except private/*)");
  // public/* only -> every key but private/*: more objects, none lost.
  CHECK(run_cli("diff --target ceph-pacific " + only_public + " " + but_private).out.find("widened: anonymous read") !=
        std::string::npos);
  const auto moved = run_cli("diff --target ceph-pacific --format json " + only_public + " " + only_docs);
  CHECK(moved.exit_code == 1);  // docs/* is new access, even though public/* went away
  CHECK(moved.out.find("\"text\": \"changed: anonymous read on s3://site/*: was allowed (public/* only), now allowed "
                       "(docs/* only)\"") != std::string::npos);
  const auto added = run_cli("diff --target ceph-pacific " + d.file("empty.json", policy({})) + " " + only_public);
  CHECK(added.out.find("new: anonymous read on s3://site/* (public/* only)\n") != std::string::npos);
}

TEST_CASE("diff: objects gained or lost by a category that includes the bucket itself", "[analysis][cli][diff]") {
  // projectb may delete the bucket in both versions, and objects under tmp/ only, then every
  // object. DeleteBucket reaches no object, so the delete category is scoped by the objects and
  // names the bucket beside them.
  const char* tmp_only = R"({"Sid":"Tmp","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::projectb:root"},
   "Action":["s3:DeleteObject","s3:DeleteBucket"],"Resource":["arn:aws:s3:::site","arn:aws:s3:::site/tmp/*"]})";
  const char* everything = R"({"Sid":"Tmp","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::projectb:root"},
   "Action":["s3:DeleteObject","s3:DeleteBucket"],"Resource":["arn:aws:s3:::site","arn:aws:s3:::site/*"]})";
  Dir d;
  const auto before = d.file("tmp.json", policy({tmp_only}));
  const auto after = d.file("all.json", policy({everything}));
  check_diff("--target ceph-pacific --owner projecta", before, after, 1,
             "widened: project projectb delete on s3://site/*: was allowed (tmp/* and the bucket itself only), "
             "now allowed");
  check_diff("--target ceph-pacific --owner projecta", after, before, 0,
             "narrowed: project projectb delete on s3://site/*: was allowed, now allowed (tmp/* and the bucket "
             "itself only)");
}

TEST_CASE("diff: usage errors exit 2", "[analysis][cli][diff]") {
  Dir d;
  const auto a = d.file("a.json", policy({kPublic}));
  CHECK(run_cli("diff " + a).exit_code == 2);
  CHECK(run_cli("diff " + a + " " + (d.path / "missing.json").string()).exit_code == 2);
  CHECK(run_cli("diff --target nosuch " + a + " " + a).exit_code == 2);
  CHECK(run_cli("diff - -", "{}").exit_code == 2);
  CHECK(run_cli("diff " + a + " " + d.file("bad.json", "{\"Statement\": [")).exit_code == 2);
}
