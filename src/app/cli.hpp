#pragma once
// Command-line parsing, kept pure so that it is unit-tested without starting anything.
#include <string>
#include <vector>

namespace authorworks {

struct CliCommand {
  enum class Kind { serve, version, routes, migrate, help, error };
  Kind kind = Kind::help;
  std::string target = "all";
  bool target_given = false;
  std::string text;  // help text, or the error message for Kind::error
};

// The targets a user may name; the ones not built into this binary are refused at start with a
// message that says so.
const std::vector<std::string>& known_targets();

// `args` excludes the program name. AUTHORWORKS_TARGET applies when --target is not given.
CliCommand parse_cli(const std::vector<std::string>& args, const std::string& env_target);

}  // namespace authorworks
