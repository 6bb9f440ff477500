// The access-analysis subcommands (simulate, explain, diff), registered from cli.cpp.
#pragma once

#include "cli/command.h"

namespace s3policy::cli {

void add_analysis_commands(CLI::App& app, Commands& commands);  // analysis_command.cpp

}  // namespace s3policy::cli
