// Command-line entry point. Exit codes (docs/exit-codes in README):
//   0  no finding at or above --fail-on
//   1  findings at or above --fail-on
//   2  usage error, bad configuration, or an input that could not be read at all
#pragma once

namespace s3policy::cli {

inline constexpr int kExitClean = 0;
inline constexpr int kExitFindings = 1;
inline constexpr int kExitError = 2;

int run(int argc, char** argv);

}  // namespace s3policy::cli
