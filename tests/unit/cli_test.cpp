#include <gtest/gtest.h>

#include "app/cli.hpp"

using authorworks::CliCommand;
using authorworks::parse_cli;

TEST(Cli, ServeDefaultsToAll) {
  const auto c = parse_cli({"serve"}, "");
  EXPECT_EQ(c.kind, CliCommand::Kind::serve);
  EXPECT_EQ(c.target, "all");
}
