#include <cstdlib>

#include "app/app.hpp"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  const char* env_target = std::getenv("AUTHORWORKS_TARGET");
  return authorworks::run_command(authorworks::parse_cli(args, env_target != nullptr ? env_target : ""));
}
