// Globs over paths relative to a configuration's directory (overrides, suppressions, bucket
// names): fnmatch with FNM_PATHNAME per segment ('*' and '?' do not cross '/'), plus "**" as a
// whole segment for any number of directories, as in .gitignore ("policies/**/*.json" matches
// policies/a.json and policies/x/y/a.json; "aws/**" everything below aws/).
#pragma once

#include <string_view>

namespace s3policy {

bool path_glob_matches(std::string_view glob, std::string_view path);

}  // namespace s3policy
