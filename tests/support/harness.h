// Test helpers: lint text in-process with chosen rules and target, and read fixture files.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "engine.h"
#include "rules/registry.h"

namespace s3policy::test {

inline std::filesystem::path source_dir() { return S3POLICY_SOURCE_DIR; }

std::string read_file(const std::filesystem::path& p);

// Lints `bytes` as file `path` with only the selected rules (IDs, names or prefixes; empty = defaults).
FileResult lint_text(const std::string& bytes, const std::vector<std::string>& select, const LintSettings& settings = {},
                     const std::string& path = "test.json");

// "S3P104 5:5" per finding, sorted: the comparison format of fixtures.
std::vector<std::string> finding_keys(const FileResult& r);

// Runs the built s3policy binary; returns the exit code and captures stdout/stderr.
struct Run {
  int exit_code;
  std::string out;
  std::string err;
};
Run run_cli(const std::string& args, const std::string& stdin_text = "");

}  // namespace s3policy::test
