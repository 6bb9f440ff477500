#include "support/harness.h"

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>

namespace s3policy::test {

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

FileResult lint_text(const std::string& bytes, const std::vector<std::string>& select, const LintSettings& settings,
                     const std::string& path) {
  RuleSelection selection;
  selection.select = select;
  Engine engine(all_rules(), selection, InputLimits{});
  return engine.lint(SourceFile{path, bytes}, settings);
}

std::vector<std::string> finding_keys(const FileResult& r) {
  std::vector<std::string> keys;
  for (const Finding& f : r.findings)
    keys.push_back(std::string(f.rule->id) + " " + std::to_string(f.location.start.line) + ":" +
                   std::to_string(f.location.start.column));
  std::sort(keys.begin(), keys.end());
  return keys;
}

Run run_cli(const std::string& args, const std::string& stdin_text) {
  char out_name[] = "/tmp/s3p-out-XXXXXX", err_name[] = "/tmp/s3p-err-XXXXXX", in_name[] = "/tmp/s3p-in-XXXXXX";
  const int out_fd = mkstemp(out_name), err_fd = mkstemp(err_name), in_fd = mkstemp(in_name);
  if (::write(in_fd, stdin_text.data(), stdin_text.size()) < 0) return {-1, "", "write failed"};
  ::close(out_fd);
  ::close(err_fd);
  ::close(in_fd);
  // Appended piece by piece: GCC 12 at -O2 warns falsely (-Warray-bounds) on a long chain of
  // operator+ over string literals.
  std::string cmd = "'";
  for (const std::string& part : {std::string(S3POLICY_BINARY), std::string("' "), args, std::string(" <"),
                                  std::string(in_name), std::string(" >"), std::string(out_name), std::string(" 2>"),
                                  std::string(err_name)})
    cmd += part;
  const int status = std::system(cmd.c_str());
  Run r{WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), read_file(out_name), read_file(err_name)};
  std::remove(out_name);
  std::remove(err_name);
  std::remove(in_name);
  return r;
}

}  // namespace s3policy::test
