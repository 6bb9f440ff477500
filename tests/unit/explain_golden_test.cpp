// `s3policy explain --format json` pinned by golden files: tests/golden/explain-<name>.policy.json
// is explained (from stdin, so the file name is "<stdin>") with the options below, and the output
// must equal tests/golden/explain-<name>.json. S3POLICY_UPDATE_GOLDEN=1 rewrites them (review
// the diff: every cell is a verdict a person would defend).
#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>

#include "support/harness.h"

using s3policy::test::read_file;
using s3policy::test::run_cli;
using s3policy::test::source_dir;

TEST_CASE("golden: explain --format json", "[golden][analysis]") {
  const bool update = std::getenv("S3POLICY_UPDATE_GOLDEN") != nullptr;
  // name, options: one fixture per behaviour the JSON must carry.
  const std::pair<const char*, const char*> cases[] = {
      // A public read that a Deny narrows (no deletes, nothing under private/), on AWS.
      {"public-read-deny", "--target aws"},
      // A share with another project limited to an office network: conditional cells with the CIDR.
      {"cross-project-ip", "--target ceph-pacific --owner projecta"},
      // The classic TLS-only Deny: it never fires on RGW (no "HTTPS only"), it does on AWS.
      {"rgw-tls", "--target ceph-pacific --owner projecta"},
      {"rgw-tls-aws", "--target aws"},
  };
  for (const auto& [name, options] : cases) {
    DYNAMIC_SECTION(name) {
      const std::string policy_name = std::string(name) == "rgw-tls-aws" ? "rgw-tls" : name;
      const auto dir = source_dir() / "tests" / "golden";
      const auto run = run_cli(std::string("explain - --format json ") + options,
                               read_file(dir / ("explain-" + policy_name + ".policy.json")));
      CHECK(run.exit_code == 0);
      const auto golden = dir / ("explain-" + std::string(name) + ".json");
      if (update) std::ofstream(golden, std::ios::binary | std::ios::trunc) << run.out;
      INFO(golden.string() << " differs; if the change is intended: S3POLICY_UPDATE_GOLDEN=1 and review the diff");
      CHECK(run.out == read_file(golden));
    }
  }
}
