#include "cli/inputs.h"

#include <fnmatch.h>

#include <algorithm>
#include <filesystem>
#include <numeric>
#include <stdexcept>
#include <system_error>

namespace s3policy::cli {

namespace fs = std::filesystem;

void PathList::add(std::string_view path, std::string_view error) {
  const std::size_t index = name_ends_.size();
  if (!error.empty()) errors_.emplace(index, error);
  const std::size_t slash = path.rfind('/');
  const std::size_t name_begin = slash == std::string_view::npos ? 0 : slash + 1;
  const std::string_view directory = path.substr(0, name_begin);
  if (runs_.empty() || runs_.back().directory != directory) runs_.push_back({index, std::string(directory)});
  names_.append(path.substr(name_begin));
  if (names_.size() > UINT32_MAX) throw std::length_error("input file names over 4 GiB");
  name_ends_.push_back(static_cast<uint32_t>(names_.size()));
}

void PathList::reserve_more(std::size_t count, std::size_t name_bytes) {
  name_ends_.reserve(name_ends_.size() + count);
  names_.reserve(names_.size() + name_bytes);
}

std::string PathList::path(std::size_t i) const {
  const std::size_t begin = i == 0 ? 0 : name_ends_[i - 1];
  const auto run = std::prev(std::upper_bound(runs_.begin(), runs_.end(), i,
                                              [](std::size_t index, const DirectoryRun& r) { return index < r.first; }));
  return run->directory + names_.substr(begin, name_ends_[i] - begin);
}

std::string_view PathList::error(std::size_t i) const {
  const auto it = errors_.find(i);
  return it == errors_.end() ? std::string_view() : std::string_view(it->second);
}

namespace {

// A glob matches the file name, or the whole path when it contains a '/'.
bool glob_matches(const std::string& glob, const fs::path& path) {
  const std::string subject = glob.find('/') != std::string::npos ? path.generic_string() : path.filename().string();
  return ::fnmatch(glob.c_str(), subject.c_str(), 0) == 0;
}

bool any_matches(const std::vector<std::string>& globs, const fs::path& path) {
  return std::any_of(globs.begin(), globs.end(), [&](const std::string& g) { return glob_matches(g, path); });
}

// What a walk found, before sorting: every path starts with the walked directory's, so only the
// rest of each is kept, in one buffer.
class Found {
 public:
  explicit Found(std::string root) : root_(std::move(root)) {}
  void add(const std::string& path, std::string error = {}) {
    if (!error.empty()) errors_.emplace(ends_.size(), std::move(error));
    const std::size_t skip = path.compare(0, root_.size(), root_) == 0 ? root_.size() : 0;
    rest_.append(path, skip);
    ends_.push_back(rest_.size());
  }
  // Into `out`, sorted by path.
  void sorted_into(PathList& out) const {
    std::vector<uint32_t> order(ends_.size());
    std::iota(order.begin(), order.end(), 0U);
    std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return rest(a) < rest(b); });
    out.reserve_more(ends_.size(), rest_.size());  // the file names are part of the rest
    std::string path;
    for (const uint32_t i : order) {
      path.assign(root_).append(rest(i));
      const auto error = errors_.find(i);
      out.add(path, error == errors_.end() ? std::string_view() : std::string_view(error->second));
    }
  }

 private:
  std::string_view rest(std::size_t i) const {
    const std::size_t begin = i == 0 ? 0 : ends_[i - 1];
    return std::string_view(rest_).substr(begin, ends_[i] - begin);
  }
  std::string root_;
  std::string rest_;
  std::vector<std::size_t> ends_;
  std::map<std::size_t, std::string> errors_;
};

void walk_directory(const fs::path& dir, const InputFilter& filter, PathList& out) {
  std::error_code ec;
  // Directory symlinks are not followed: a link loop cannot make the walk endless.
  fs::recursive_directory_iterator it(dir, fs::directory_options::none, ec), end;
  if (ec) {
    out.add(dir.string(), "cannot read directory: " + ec.message());
    return;
  }
  Found found(dir.string());
  for (; it != end; it.increment(ec)) {
    if (ec) {
      found.add(it->path().string(), "cannot read directory: " + ec.message());
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
    if (!name_hidden && any_matches(filter.include, p)) found.add(p.string());
  }
  found.sorted_into(out);
}

}  // namespace

PathList expand_inputs(const std::vector<std::string>& args, const InputFilter& filter) {
  PathList out;
  for (const std::string& arg : args) {
    if (arg == "-") {
      out.add(arg);
      continue;
    }
    std::error_code ec;
    const fs::file_status st = fs::status(arg, ec);
    if (ec || !fs::exists(st)) {
      // Explicit files are read even when not matched by --include; missing ones are errors.
      out.add(arg, ec && ec != std::errc::no_such_file_or_directory ? "cannot access: " + ec.message()
                                                                     : "no such file or directory");
      continue;
    }
    if (fs::is_directory(st)) walk_directory(arg, filter, out);
    else if (!any_matches(filter.exclude, arg)) out.add(arg);
  }
  return out;
}

}  // namespace s3policy::cli
