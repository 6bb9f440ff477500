// The offline parts of `s3policy audit`: policy file names for fetch/--compare, the line diff of
// policy-drift, and the CLI's refusals before any network access.
#include <catch2/catch.hpp>

#include "rules/online/line_diff.h"
#include "support/harness.h"
#if S3POLICY_HAVE_ONLINE
#include "cli/audit_online.h"
#endif

using namespace s3policy;

#if S3POLICY_HAVE_ONLINE
TEST_CASE("audit: policy file names round-trip, tenant:bucket included", "[audit]") {
  CHECK(cli::policy_file_name("shared-data") == "shared-data.json");
  CHECK(cli::policy_file_name("projecta:shared-data") == "projecta%3Ashared-data.json");
  CHECK(cli::bucket_of_file_name("projecta%3Ashared-data.json") == "projecta:shared-data");
  CHECK(cli::bucket_of_file_name("projecta%3ashared-data.json") == "projecta:shared-data");
  CHECK(cli::bucket_of_file_name("shared-data.json") == "shared-data");
  CHECK_FALSE(cli::policy_file_name("../etc"));
  CHECK_FALSE(cli::policy_file_name("a/b"));
  CHECK_FALSE(cli::policy_file_name(""));
  CHECK_FALSE(cli::bucket_of_file_name("notes.txt"));
  CHECK_FALSE(cli::bucket_of_file_name("a%2Fb.json"));
  CHECK_FALSE(cli::bucket_of_file_name(".json"));
  CHECK(cli::tenant_of_owner("projecta$alice") == "projecta");
  CHECK(cli::tenant_of_owner("plain").empty());
  // A Keystone project's user without implicit tenants: principals name it by the project ID.
  CHECK(cli::tenant_of_owner("0b2c6a9e4f7d4c1b9a8e3d2f1c0b5a47") == "0b2c6a9e4f7d4c1b9a8e3d2f1c0b5a47");
}
#endif

TEST_CASE("audit: the drift diff lists removals before additions and keeps offsets in the new text", "[audit]") {
  const std::string old_text = "a\nb\nc\nd\n", new_text = "a\nB\nc\nd\ne\n";
  const auto d = rules::diff_lines(old_text, new_text);
  std::string ops;
  for (const auto& l : d) ops += std::string(1, l.op) + std::string(l.text) + " ";
  CHECK(ops == " a -b +B  c  d +e ");
  CHECK(d[1].new_offset == 2);  // "-b" sits where "B" is
  CHECK(d[2].new_offset == 2);
  CHECK(d[5].new_offset == 8);
  CHECK(rules::diff_lines("", "x").size() == 1);
  CHECK(rules::diff_lines("x\n", "x").size() == 1);
}

TEST_CASE("audit/fetch: usage errors exit 2 before any network access", "[audit][cli]") {
#if S3POLICY_HAVE_ONLINE
  const auto none = test::run_cli("audit --endpoint http://127.0.0.1:1 --access-key A --secret-key-file /dev/null");
  CHECK(none.exit_code == 2);
  CHECK(none.err.find("no buckets") != std::string::npos);
  const auto both = test::run_cli("audit b --all-buckets --endpoint http://127.0.0.1:1");
  CHECK(both.exit_code == 2);
  const auto sel = test::run_cli("audit b --select S3P999 --endpoint http://127.0.0.1:1");
  CHECK(sel.exit_code == 2);
  CHECK(sel.err.find("--select") != std::string::npos);
  const auto cmp = test::run_cli("audit b --compare /nonexistent-dir --endpoint http://127.0.0.1:1");
  CHECK(cmp.exit_code == 2);
  const auto fetch = test::run_cli("fetch b");
  CHECK(fetch.exit_code == 2);  // --out is required
#else
  CHECK(test::run_cli("audit --all-buckets").exit_code == 2);
#endif
}
