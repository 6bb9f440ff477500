#include "cli/inputs.h"

#include <fnmatch.h>

#include <algorithm>
#include <filesystem>
#include <system_error>

namespace s3policy::cli {

namespace fs = std::filesystem;

namespace {

// A glob matches the file name, or the whole path when it contains a '/'.
bool glob_matches(const std::string& glob, const fs::path& path) {
  const std::string subject = glob.find('/') != std::string::npos ? path.generic_string() : path.filename().string();
  return ::fnmatch(glob.c_str(), subject.c_str(), 0) == 0;
}

bool any_matches(const std::vector<std::string>& globs, const fs::path& path) {
  return std::any_of(globs.begin(), globs.end(), [&](const std::string& g) { return glob_matches(g, path); });
}

void walk_directory(const fs::path& dir, const InputFilter& filter, std::vector<InputSpec>& out) {
  // Found paths go straight into `out` and are sorted there: a second list would double the
  // memory of a large tree while it is walked (docs/performance.md, measure d).
  const auto first = static_cast<std::ptrdiff_t>(out.size());
  std::error_code ec;
  // Directory symlinks are not followed: a link loop cannot make the walk endless.
  fs::recursive_directory_iterator it(dir, fs::directory_options::none, ec), end;
  if (ec) {
    out.push_back({dir.string(), "cannot read directory: " + ec.message()});
    return;
  }
  for (; it != end; it.increment(ec)) {
    if (ec) {
      out.push_back({it->path().string(), "cannot read directory: " + ec.message()});
      ec.clear();
      continue;
    }
    const fs::path& p = it->path();
    if (any_matches(filter.exclude, p)) {
      if (it->is_directory(ec)) it.disable_recursion_pending();
      continue;
    }
    const bool name_hidden = p.filename().string().front() == '.';
    if (it->is_directory(ec)) {
      if (name_hidden) it.disable_recursion_pending();  // .git and friends
      continue;
    }
    if (!name_hidden && any_matches(filter.include, p)) out.push_back({p.string(), ""});
  }
  std::sort(out.begin() + first, out.end(), [](const InputSpec& a, const InputSpec& b) { return a.path < b.path; });
}

}  // namespace

std::vector<InputSpec> expand_inputs(const std::vector<std::string>& args, const InputFilter& filter) {
  std::vector<InputSpec> out;
  for (const std::string& arg : args) {
    if (arg == "-") {
      out.push_back({arg, ""});
      continue;
    }
    std::error_code ec;
    const fs::file_status st = fs::status(arg, ec);
    if (ec || !fs::exists(st)) {
      // Explicit files are read even when not matched by --include; missing ones are errors.
      out.push_back({arg, ec && ec != std::errc::no_such_file_or_directory ? "cannot access: " + ec.message()
                                                                           : "no such file or directory"});
      continue;
    }
    if (fs::is_directory(st)) walk_directory(arg, filter, out);
    else if (!any_matches(filter.exclude, arg)) out.push_back({arg, ""});
  }
  return out;
}

}  // namespace s3policy::cli
