#pragma once
// Command-line parsing, kept pure so that it is unit-tested without starting anything.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "export/export_format.hpp"
#include "llm/writer.hpp"

namespace authorworks {

// `authorworks generate`: what to write, and where.
struct GenerateOptions {
  std::string title;
  std::string braindump;  // the text, or "@PATH" to read it from a file
  llm::BookKind kind = llm::BookKind::novel;
  bool kind_given = false;
  std::string genre;
  std::int64_t words = 0;  // 0: the kind's default
  std::uint64_t seed = 0;
  std::string author;  // empty: the login name
  std::string out;     // empty: a folder named after the title's slug
};

// `authorworks export`: which book, which formats, and where the files go.
struct ExportOptions {
  std::string directory;  // the folder `generate` wrote into (it holds .authorworks/book.db)
  std::vector<exporting::ExportFormat> formats;
  std::string output;  // empty: DIR/<title-slug><extension> for each format
};

struct CliCommand {
  enum class Kind { serve, version, routes, migrate, generate, export_book, help, error };
  Kind kind = Kind::help;
  std::string target = "all";
  bool target_given = false;
  std::string text;  // help text, or the error message for Kind::error
  GenerateOptions generate;
  ExportOptions export_book;
};

// The targets a user may name; the ones not built into this binary are refused at start with a
// message that says so.
const std::vector<std::string>& known_targets();

// `args` excludes the program name. AUTHORWORKS_TARGET applies when --target is not given.
CliCommand parse_cli(const std::vector<std::string>& args, const std::string& env_target);

}  // namespace authorworks
