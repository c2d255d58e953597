#pragma once
#include "app/cli.hpp"

namespace authorworks {

// Runs a parsed command and returns the process exit code.
int run_command(const CliCommand& command);

}  // namespace authorworks
