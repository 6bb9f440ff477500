// What each offline subcommand is given: the values of its arguments and options, which cli.cpp
// declares on the command line (CLI11) and the command's own file reads. lint's are in
// lint_command.h, audit's and fetch's in online_args.h.
#pragma once

#include <string>
#include <vector>

#include "cli/online_args.h"  // OnlineArgs, for diff's live sides

namespace s3policy::cli {

// --config and --no-config, as lint has them.
struct ConfigOptions {
  std::string config;
  bool no_config = false;
};

struct SimulateArgs {
  std::string policy;
  std::string principal;
  std::string action;
  std::string resource;
  std::vector<std::string> context;
  std::string requests;  // a file holding a JSON array of requests
  std::string target;
  std::string owner;
  bool https = false;
  bool http = false;
  std::string format = "text";
  ConfigOptions config;
};
int simulate_command(const SimulateArgs& args);  // analysis_command.cpp

struct ExplainArgs {
  std::string policy;
  std::string target;
  std::string owner;
  std::string bucket;
  std::string format = "text";
  ConfigOptions config;
};
int explain_command(const ExplainArgs& args);  // analysis_explain.cpp

struct DiffArgs {
  std::string old_policy;
  std::string new_policy;
  std::string target;
  std::string owner;
  std::string bucket;
  std::string format = "text";
  OnlineArgs online;
  ConfigOptions config;
};
int diff_command(const DiffArgs& args);  // analysis_diff.cpp

struct CatalogArgs {
  std::string what = "actions";
  std::string target;
  std::string format = "text";
};
int catalog_command(const CatalogArgs& args);  // catalog_command.cpp

// grant --to PROJECT and revoke --from PROJECT (`to`); revoke has no access, prefix or conditions.
struct GrantArgs {
  std::string bucket, to, access = "read", prefix, policy, target, owner;
  std::vector<std::string> source_ips;
  bool https_only = false, in_place = false;
  ConfigOptions config;
};
int grant_command(const GrantArgs& args);   // grant_command.cpp
int revoke_command(const GrantArgs& args);  // grant_command.cpp

}  // namespace s3policy::cli
