#include "path_glob.h"

#include <fnmatch.h>

#include <algorithm>
#include <string>
#include <vector>

namespace s3policy {
namespace {

std::vector<std::string> segments(std::string_view s) {
  std::vector<std::string> out;
  for (std::size_t at = 0;;) {
    const std::size_t slash = s.find('/', at);
    out.emplace_back(s.substr(at, slash == std::string_view::npos ? std::string_view::npos : slash - at));
    if (slash == std::string_view::npos) return out;
    at = slash + 1;
  }
}

}  // namespace

bool path_glob_matches(std::string_view glob, std::string_view path) {
  const std::vector<std::string> g = segments(glob), p = segments(path);
  // reach[j]: the glob's segments so far can match the path's first j segments. One pass per
  // glob segment keeps the match linear in (glob segments x path segments), whatever the "**"s.
  std::vector<char> reach(p.size() + 1, 0), next(p.size() + 1, 0);
  reach[0] = 1;
  for (std::size_t i = 0; i < g.size(); ++i) {
    const std::string& seg = g[i];
    std::fill(next.begin(), next.end(), 0);
    if (seg == "**") {
      // Zero or more whole segments; at the end one or more ("aws/**" is what is below aws/).
      const bool last = i + 1 == g.size();
      bool any = false;
      for (std::size_t j = 0; j <= p.size(); ++j) {
        next[j] = last ? any : (any || reach[j]);
        any = any || reach[j];
      }
    } else {
      for (std::size_t j = 0; j < p.size(); ++j)
        if (reach[j] && ::fnmatch(seg.c_str(), p[j].c_str(), FNM_PATHNAME) == 0) next[j + 1] = 1;
    }
    reach.swap(next);
  }
  return reach[p.size()] != 0;
}

}  // namespace s3policy
