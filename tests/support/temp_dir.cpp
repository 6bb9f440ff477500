#include "support/temp_dir.h"

#include <stdlib.h>

#include <fstream>
#include <stdexcept>

namespace s3policy::test {

namespace fs = std::filesystem;

namespace {

fs::path make_temp_dir() {
  char tmpl[] = "/tmp/s3p-test-XXXXXX";
  if (::mkdtemp(tmpl) == nullptr) throw std::runtime_error("mkdtemp failed");
  return tmpl;
}

}  // namespace

TempDir::TempDir() : path(make_temp_dir()) {}

TempDir::~TempDir() {
  std::error_code ec;
  fs::permissions(path, fs::perms::owner_all, fs::perm_options::add, ec);
  for (const auto& e : fs::recursive_directory_iterator(path, ec))
    fs::permissions(e.path(), fs::perms::owner_all, fs::perm_options::add, ec);
  fs::remove_all(path, ec);
}

fs::path TempDir::write(const std::string& name, const std::string& text) const {
  const fs::path p = path / name;
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary | std::ios::trunc) << text;
  return p;
}

std::string TempDir::quoted(const std::string& name) const { return "'" + (path / name).string() + "'"; }

}  // namespace s3policy::test
