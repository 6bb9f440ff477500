// A directory under /tmp for one test, removed with everything in it (even files a test made
// unreadable) when the test ends.
#pragma once

#include <filesystem>
#include <string>

namespace s3policy::test {

struct TempDir {
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path path;

  // Writes `text` to `name` (relative, parent directories created) and returns its path.
  std::filesystem::path write(const std::string& name, const std::string& text) const;
  // The path of `name`, single-quoted for a command line run_cli() gives to the shell.
  std::string quoted(const std::string& name) const;
};

}  // namespace s3policy::test
