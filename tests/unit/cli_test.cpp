#include <gtest/gtest.h>

#include "app/cli.hpp"

using authorworks::CliCommand;
using authorworks::parse_cli;

TEST(Cli, ServeDefaultsToAll) {
  const auto c = parse_cli({"serve"}, "");
  EXPECT_EQ(c.kind, CliCommand::Kind::serve);
  EXPECT_EQ(c.target, "all");
}

namespace {
bool contains(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }
}  // namespace

TEST(Cli, ServeWithTargetAsSeparateValue) {
  const auto c = parse_cli({"serve", "--target", "users"}, "");
  EXPECT_EQ(c.kind, CliCommand::Kind::serve);
  EXPECT_EQ(c.target, "users");
  EXPECT_TRUE(c.target_given);
}

TEST(Cli, ServeWithTargetEqualsValue) {
  const auto c = parse_cli({"serve", "--target=content"}, "");
  EXPECT_EQ(c.kind, CliCommand::Kind::serve);
  EXPECT_EQ(c.target, "content");
  EXPECT_TRUE(c.target_given);
}

TEST(Cli, EnvironmentTargetAppliesWhenNoOptionIsGiven) {
  const auto c = parse_cli({"serve"}, "storage");
  EXPECT_EQ(c.kind, CliCommand::Kind::serve);
  EXPECT_EQ(c.target, "storage");
  EXPECT_FALSE(c.target_given);
}

TEST(Cli, OptionBeatsEnvironmentTarget) {
  const auto c = parse_cli({"serve", "--target", "discovery"}, "storage");
  EXPECT_EQ(c.target, "discovery");
  EXPECT_TRUE(c.target_given);
}

TEST(Cli, Version) {
  EXPECT_EQ(parse_cli({"version"}, "").kind, CliCommand::Kind::version);
  EXPECT_EQ(parse_cli({"--version"}, "").kind, CliCommand::Kind::version);
  // The environment target means nothing to version, even when it is not a known target.
  EXPECT_EQ(parse_cli({"version"}, "nonsense").kind, CliCommand::Kind::version);
  EXPECT_EQ(parse_cli({"version", "--target", "users"}, "").kind, CliCommand::Kind::error);
}

TEST(Cli, Routes) {
  const auto c = parse_cli({"routes", "--target=users"}, "");
  EXPECT_EQ(c.kind, CliCommand::Kind::routes);
  EXPECT_EQ(c.target, "users");
  const auto d = parse_cli({"routes"}, "");
  EXPECT_EQ(d.kind, CliCommand::Kind::routes);
  EXPECT_EQ(d.target, "all");
}

TEST(Cli, Help) {
  for (const char* flag : {"help", "--help", "-h"}) {
    const auto c = parse_cli({flag}, "");
    EXPECT_EQ(c.kind, CliCommand::Kind::help) << flag;
    EXPECT_TRUE(contains(c.text, "Usage: authorworks <command>")) << flag;
  }
  const auto serve = parse_cli({"serve", "--help"}, "");
  EXPECT_EQ(serve.kind, CliCommand::Kind::help);
  EXPECT_TRUE(contains(serve.text, "Usage: authorworks serve"));
  EXPECT_TRUE(contains(serve.text, "all|users|content"));
  const auto routes = parse_cli({"routes", "-h"}, "");
  EXPECT_EQ(routes.kind, CliCommand::Kind::help);
  EXPECT_TRUE(contains(routes.text, "Usage: authorworks routes"));
}

TEST(Cli, MissingCommandIsAnError) {
  const auto c = parse_cli({}, "");
  EXPECT_EQ(c.kind, CliCommand::Kind::error);
  EXPECT_TRUE(contains(c.text, "missing command"));
}

TEST(Cli, UnknownCommand) {
  const auto c = parse_cli({"start"}, "");
  EXPECT_EQ(c.kind, CliCommand::Kind::error);
  EXPECT_TRUE(contains(c.text, "unknown command 'start'"));
  EXPECT_TRUE(contains(c.text, "serve"));
}

TEST(Cli, UnknownOption) {
  const auto c = parse_cli({"serve", "--port", "80"}, "");
  EXPECT_EQ(c.kind, CliCommand::Kind::error);
  EXPECT_TRUE(contains(c.text, "unknown option '--port' for 'serve'"));
  EXPECT_TRUE(contains(c.text, "--target NAME"));
}

TEST(Cli, UnknownTargetListsTheAllowedOnes) {
  const auto c = parse_cli({"serve", "--target", "nope"}, "");
  EXPECT_EQ(c.kind, CliCommand::Kind::error);
  EXPECT_TRUE(contains(c.text, "unknown target 'nope'"));
  EXPECT_FALSE(contains(c.text, "AUTHORWORKS_TARGET"));
  EXPECT_TRUE(contains(c.text, "allowed: all, users, content, storage, editor, messaging, discovery, gateway"));
}

TEST(Cli, UnknownEnvironmentTargetSaysWhereItCameFrom) {
  const auto c = parse_cli({"serve"}, "nope");
  EXPECT_EQ(c.kind, CliCommand::Kind::error);
  EXPECT_TRUE(contains(c.text, "unknown target 'nope' (from AUTHORWORKS_TARGET)"));
  EXPECT_TRUE(contains(c.text, "allowed: all, users"));
}

TEST(Cli, TargetWithoutValue) {
  const auto c = parse_cli({"serve", "--target"}, "");
  EXPECT_EQ(c.kind, CliCommand::Kind::error);
  EXPECT_TRUE(contains(c.text, "--target needs a value"));
  EXPECT_TRUE(contains(c.text, "all, users"));
  const auto e = parse_cli({"serve", "--target="}, "");
  EXPECT_EQ(e.kind, CliCommand::Kind::error);
  EXPECT_TRUE(contains(e.text, "unknown target ''"));
}

TEST(Cli, KnownTargets) {
  const auto& t = authorworks::known_targets();
  ASSERT_FALSE(t.empty());
  EXPECT_EQ(t.front(), "all");
  for (const auto& name : t) EXPECT_EQ(parse_cli({"serve", "--target", name}, "").kind, CliCommand::Kind::serve);
}

TEST(CliGenerate, EveryOptionInBothSpellings) {
  const auto c = parse_cli({"generate", "--title", "The Salt Road", "--braindump=@ideas.txt", "--kind", "play",
                            "--genre=gothic", "--words", "3000", "--seed=42", "--author", "Ada", "--out=books/salt"},
                           "users");
  ASSERT_EQ(c.kind, CliCommand::Kind::generate) << c.text;
  EXPECT_EQ(c.generate.title, "The Salt Road");
  EXPECT_EQ(c.generate.braindump, "@ideas.txt");
  EXPECT_EQ(c.generate.kind, authorworks::llm::BookKind::play);
  EXPECT_TRUE(c.generate.kind_given);
  EXPECT_EQ(c.generate.genre, "gothic");
  EXPECT_EQ(c.generate.words, 3000);
  EXPECT_EQ(c.generate.seed, 42u);
  EXPECT_EQ(c.generate.author, "Ada");
  EXPECT_EQ(c.generate.out, "books/salt");
}

TEST(CliGenerate, DefaultsLeaveTheChoicesOpen) {
  const auto c = parse_cli({"generate", "--title=Tide"}, "");
  ASSERT_EQ(c.kind, CliCommand::Kind::generate) << c.text;
  EXPECT_EQ(c.generate.kind, authorworks::llm::BookKind::novel);
  EXPECT_FALSE(c.generate.kind_given);
  EXPECT_EQ(c.generate.words, 0);
  EXPECT_EQ(c.generate.seed, 0u);
  EXPECT_TRUE(c.generate.out.empty());
  EXPECT_TRUE(c.generate.braindump.empty());
}

TEST(CliGenerate, BadArgumentsAreErrorsNamingTheOption) {
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases{
      {{"generate"}, "generate needs --title"},
      {{"generate", "--title", "  "}, "--title must not be empty"},
      {{"generate", "--title"}, "--title needs a value"},
      {{"generate", "--title", "T", "--bogus"}, "unknown option '--bogus' for 'generate'"},
      {{"generate", "--title", "T", "--target", "all"}, "unknown option '--target'"},
      {{"generate", "--title", "T", "--kind", "poem"}, "--kind must be novel, screenplay or play, not 'poem'"},
      {{"generate", "--title", "T", "--words", "many"}, "--words must be a whole number"},
      {{"generate", "--title", "T", "--words", "-5"}, "--words must be a whole number"},
      {{"generate", "--title", "T", "--words", "0"}, "--words must be a whole number"},
      {{"generate", "--title", "T", "--words=3000x"}, "--words must be a whole number"},
      {{"generate", "--title", "T", "--seed", "1.5"}, "--seed must be a whole number"},
      {{"generate", "--title", "T", "--braindump", "@"}, "needs a file name"},
      {{"generate", "--title", "T", "--out="}, "--out must not be empty"},
  };
  for (const auto& [args, message] : cases) {
    const auto c = parse_cli(args, "");
    EXPECT_EQ(c.kind, CliCommand::Kind::error) << args.back();
    EXPECT_TRUE(contains(c.text, message)) << c.text;
  }
}

TEST(CliGenerate, HelpDocumentsTheOptions) {
  const auto c = parse_cli({"generate", "--title", "T", "--help"}, "");
  ASSERT_EQ(c.kind, CliCommand::Kind::help);
  for (const auto* option : {"--title", "--braindump", "@FILE", "--kind", "--genre", "--words", "--seed", "--out"}) {
    EXPECT_TRUE(contains(c.text, option)) << option;
  }
  EXPECT_TRUE(contains(parse_cli({"--help"}, "").text, "generate"));
}

TEST(CliExport, FormatsAndOutput) {
  using authorworks::exporting::ExportFormat;
  const auto c = parse_cli({"export", "books/salt", "--format", "md,epub,md-zip,epub", "--output=out"}, "");
  ASSERT_EQ(c.kind, CliCommand::Kind::export_book) << c.text;
  EXPECT_EQ(c.export_book.directory, "books/salt");
  EXPECT_EQ(c.export_book.formats,
            (std::vector<ExportFormat>{ExportFormat::markdown, ExportFormat::epub, ExportFormat::markdown_chapters}));
  EXPECT_EQ(c.export_book.output, "out");

  const auto defaults = parse_cli({"export", "--format=pdf", "dir"}, "");
  ASSERT_EQ(defaults.kind, CliCommand::Kind::export_book) << defaults.text;
  EXPECT_EQ(defaults.export_book.formats, std::vector<ExportFormat>{ExportFormat::pdf});
  EXPECT_TRUE(defaults.export_book.output.empty());
  EXPECT_EQ(parse_cli({"export", "dir"}, "").export_book.formats, std::vector<ExportFormat>{ExportFormat::epub});
  EXPECT_EQ(parse_cli({"export", "--help"}, "").kind, CliCommand::Kind::help);
}

TEST(CliExport, BadArgumentsAreErrors) {
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases{
      {{"export"}, "export needs DIR"},
      {{"export", "a", "b"}, "export takes one DIR"},
      {{"export", "a", "--format", "docx"}, "--format takes md, md-zip, epub or pdf, not 'docx'"},
      {{"export", "a", "--format", "epub,"}, "not ''"},
      {{"export", "a", "--format"}, "--format needs a value"},
      {{"export", "a", "--output="}, "--output must not be empty"},
      {{"export", "a", "--bogus"}, "unknown option '--bogus' for 'export'"},
  };
  for (const auto& [args, message] : cases) {
    const auto c = parse_cli(args, "");
    EXPECT_EQ(c.kind, CliCommand::Kind::error) << args.back();
    EXPECT_TRUE(contains(c.text, message)) << c.text;
  }
}
