// Expands the PATH arguments of `lint` into the list of inputs, in a deterministic order:
// arguments in the order given, directory contents sorted. Problems (a missing path, a directory
// that cannot be read) become error entries, so one bad path never hides the others.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace s3policy::cli {

struct InputFilter {
  std::vector<std::string> include = {"*.json"};  // applied to files found in directories
  std::vector<std::string> exclude;               // applied to every path
};

// Paths in order, compactly: a list of 10,000 inputs would otherwise be 10,000 strings (and
// during the directory walk a growing vector of them, 2 MB for 10,000 files). The file names
// share one buffer and a directory is stored once per run of inputs in it, so an input costs its
// file name and four bytes.
class PathList {
 public:
  void add(std::string_view path, std::string_view error = {});
  // Room for `count` more paths whose file names take at most `name_bytes`.
  void reserve_more(std::size_t count, std::size_t name_bytes);
  std::size_t size() const { return name_ends_.size(); }
  bool empty() const { return name_ends_.empty(); }
  std::string path(std::size_t i) const;
  // Non-empty: report this instead of reading the path.
  std::string_view error(std::size_t i) const;
  void set_error(std::size_t i, std::string error) { errors_[i] = std::move(error); }

 private:
  struct DirectoryRun {
    std::size_t first;      // index of its first path
    std::string directory;  // with the trailing '/', or "" for a bare file name
  };
  std::vector<DirectoryRun> runs_;
  std::string names_;
  std::vector<uint32_t> name_ends_;  // per path, where its file name ends in names_
  std::map<std::size_t, std::string> errors_;
};

PathList expand_inputs(const std::vector<std::string>& args, const InputFilter& filter);

}  // namespace s3policy::cli
