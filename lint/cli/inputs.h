// Expands the PATH arguments of `lint` into the list of inputs, in a deterministic order:
// arguments in the order given, directory contents sorted. Problems (a missing path, a directory
// that cannot be read) become error entries, so one bad path never hides the others.
#pragma once

#include <string>
#include <vector>

namespace s3policy::cli {

struct InputSpec {
  std::string path;
  std::string error;  // non-empty: report this instead of reading the path
};

struct InputFilter {
  std::vector<std::string> include = {"*.json"};  // applied to files found in directories
  std::vector<std::string> exclude;               // applied to every path
};

std::vector<InputSpec> expand_inputs(const std::vector<std::string>& args, const InputFilter& filter);

}  // namespace s3policy::cli
