// Secrets are never printed: not even when `s3policy lint DIR` meets the ec2.sh beside the policies
// and shows its first line in a code frame.
#include "report/redact.h"

#include <catch2/catch.hpp>

#include "support/harness.h"
#include "support/temp_dir.h"

using s3policy::redact_credentials;

TEST_CASE("redact: the values of secret, password and token assignments, one '*' per byte", "[report][secrets]") {
  CHECK(redact_credentials("export EC2_SECRET_KEY=abc123") == "export EC2_SECRET_KEY=******");
  CHECK(redact_credentials("export EC2_SECRET_KEY=\"abc 123\" # x") == "export EC2_SECRET_KEY=\"*******\" # x");
  CHECK(redact_credentials("aws_secret_access_key = wJal/rX\naws_session_token=Fwo\nregion = x") ==
        "aws_secret_access_key = *******\naws_session_token=***\nregion = x");
  CHECK(redact_credentials("secret_key = abc") == "secret_key = ***");  // s3cmd's ~/.s3cfg
  CHECK(redact_credentials("secret_key = abc def\nx = 1") == "secret_key = *******\nx = 1");  // to the line's end
  CHECK(redact_credentials(R"({"AccessKeyId": "AKIA", "SecretAccessKey": "wJal", "Token": "x"})") ==
        R"({"AccessKeyId": "AKIA", "SecretAccessKey": "****", "Token": "*"})");
  CHECK(redact_credentials("OS_PASSWORD='pa:ss'") == "OS_PASSWORD='*****'");
  // Policies keep their text: a key or a name that only contains the word is no assignment.
  const std::string policy = R"({"Sid": "SecretRead", "Resource": "arn:aws:s3:::secret-data/*",
   "Condition": {"StringEquals": {"aws:PrincipalTag/secret": "yes", "s3:ExistingObjectTag/token": "t"}}})";
  CHECK(redact_credentials(policy) == policy);
  CHECK(redact_credentials("EC2_ACCESS_KEY=AKIA") == "EC2_ACCESS_KEY=AKIA");  // an ID, not a secret
}

TEST_CASE("redact: a window of a long line is read with what comes before it", "[report][secrets]") {
  const std::string line = std::string(1000, ' ') + "secret=" + std::string(200, 'x');
  // The window starts inside the value: it is still masked.
  CHECK(redact_credentials(line, 1100, 50) == std::string(50, '*'));
  CHECK(redact_credentials(line, 0, 10) == std::string(10, ' '));
  CHECK(redact_credentials(line, 5000, 10).empty());  // past the end: nothing
}

TEST_CASE("cli: an ec2.sh or credentials file in a linted directory is reported without its secrets",
          "[cli][secrets]") {
  s3policy::test::TempDir d;
  const std::string secret = "wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY";
  d.write("dir/ec2.sh", "export EC2_SECRET_KEY=" + secret + "\nexport EC2_ACCESS_KEY=AKIAEXAMPLE\n");
  d.write("dir/credentials.json", R"({"AccessKeyId": "AKIAEXAMPLE", "SecretAccessKey": ")" + secret + "\"}\n");
  d.write("dir/policy.json", R"({"Version": "2012-10-17", "Statement": []})");
  for (const char* format : {"text", "json", "sarif", "github", "junit"}) {
    INFO(format);
    const auto r = s3policy::test::run_cli(std::string("lint --no-config --color never -f ") + format + " " +
                                           d.quoted("dir/ec2.sh") + " " + d.quoted("dir/credentials.json") + " " +
                                           d.quoted("dir/policy.json"));
    CHECK(r.exit_code == 1);
    CHECK(r.out.find(secret) == std::string::npos);
    CHECK(r.err.find(secret) == std::string::npos);
  }
  // The frame still shows the line, with the value masked in place.
  const auto text = s3policy::test::run_cli("lint --no-config --color never " + d.quoted("dir/ec2.sh"));
  CHECK_THAT(text.out, Catch::Contains(" 1 | export EC2_SECRET_KEY=" + std::string(secret.size(), '*') + "\n"));
}
