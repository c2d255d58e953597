#include "app/cli.hpp"

#include <algorithm>
#include <charconv>

namespace authorworks {
namespace {

const char* kMainHelp =
    "Usage: authorworks <command> [options]\n"
    "\n"
    "AI-assisted long-form writing: one binary that runs the whole platform, or one service of it.\n"
    "\n"
    "Commands:\n"
    "  serve     run AuthorWorks (every module, or one with --target)\n"
    "  routes    print the HTTP routes a target serves\n"
    "  migrate   apply the pending database migrations and exit\n"
    "  generate  write a whole book from a title and a braindump, into Markdown files\n"
    "  export    render a book that 'generate' wrote as Markdown, a Markdown zip, EPUB or PDF\n"
    "  version   print the version\n"
    "\n"
    "Run 'authorworks <command> --help' for a command's options.\n"
    "Configuration comes from the environment and an optional .env file; see .env.example.\n";

std::string serve_help() {
  std::string targets;
  for (const auto& t : known_targets()) targets += (targets.empty() ? "" : "|") + t;
  return "Usage: authorworks serve [--target " + targets +
         "]\n"
         "\n"
         "Runs AuthorWorks. The default target 'all' runs every module in one process on port 8080\n"
         "with embedded defaults (SQLite and files under DATA_DIR, in-process events, the offline writer).\n"
         "A single target runs one service on its own port (users 3001, content 3002, storage 3003,\n"
         "editor 3004, messaging 3006, discovery 3007); 'gateway' (3010)\n"
         "is the nginx gateway's helper that answers its aggregated /health.\n"
         "\n"
         "Options:\n"
         "  --target NAME   what to run (default: all, or AUTHORWORKS_TARGET)\n"
         "  -h, --help      show this help\n"
         "\n"
         "Environment: HOST, SERVICE_PORT, DATA_DIR, DATABASE_URL, REDIS_URL, ALLOWED_ORIGINS, LOG_LEVEL,\n"
         "LOG_FORMAT and more; see .env.example.\n";
}

const char* kVersionHelp = "Usage: authorworks version\n\nPrints the version and the source revision.\n";
const char* kMigrateHelp =
    "Usage: authorworks migrate\n"
    "\n"
    "Applies the database migrations built into this binary that DATABASE_URL's database lacks\n"
    "(SQLite under DATA_DIR by default), prints each one it applied, and exits. Safe to run while\n"
    "other processes start or migrate: they take turns. 'serve' applies them at start-up too.\n"
    "Exits 1 when the database cannot be reached or a migration fails.\n"
    "\n"
    "Options:\n"
    "  -h, --help      show this help\n"
    "\n"
    "Environment: DATABASE_URL, DATA_DIR; see .env.example.\n";
const char* kGenerateHelp =
    "Usage: authorworks generate --title TITLE [--braindump TEXT|@FILE] [--kind novel|screenplay|play]\n"
    "                            [--genre GENRE] [--words N] [--seed N] [--author NAME] [--out DIR]\n"
    "\n"
    "Writes a whole book in this process, without a server, and saves it as Markdown:\n"
    "DIR/<title-slug>.md (the whole book) and DIR/chapters/NN-<chapter-slug>.md (one per chapter).\n"
    "Progress goes to stderr: one redrawn line on a terminal, plain lines otherwise.\n"
    "\n"
    "The work is kept in DIR/.authorworks/book.db (SQLite) after every finished step. Running the same\n"
    "command again on the same DIR resumes an unfinished book where it stopped (the title must be the\n"
    "same; the other options are the book's own from its first run), and only re-renders a finished one.\n"
    "Ctrl-C stops cleanly: the book stays resumable.\n"
    "\n"
    "Options:\n"
    "  --title TITLE      the book's title (required)\n"
    "  --braindump TEXT   ideas, characters, scenes, anything; @FILE reads it from a file\n"
    "  --kind KIND        novel (default), screenplay or play\n"
    "  --genre GENRE      the genre; by default the writer chooses one from the braindump\n"
    "  --words N          target length in words (default: the kind's default)\n"
    "  --seed N           varies the offline writer's book for the same title and braindump\n"
    "  --author NAME      the author named in the front matter (default: your login name)\n"
    "  --out DIR          where to write (default: a folder named after the title)\n"
    "  -h, --help         show this help\n"
    "\n"
    "The writer is chosen from the environment and .env as 'serve' chooses it: LLM_PROVIDER,\n"
    "ANTHROPIC_API_KEY, OPENAI_BASE_URL, ...; without any, the offline writer (not an AI model).\n"
    "Generation settings: GENERATION_PARALLELISM, LLM_PRICES; see .env.example.\n"
    "\n"
    "Exit status: 0 when the book is written, 1 when the writer or the files fail, 2 for bad options,\n"
    "130 when interrupted.\n";
const char* kExportHelp =
    "Usage: authorworks export DIR [--format md,md-zip,epub,pdf] [--output PATH]\n"
    "\n"
    "Renders the book that 'authorworks generate' wrote into DIR (from DIR/.authorworks/book.db) in\n"
    "one or more formats, without a server:\n"
    "  md       the whole book in one Markdown file, with front matter\n"
    "  md-zip   a zip with one Markdown file per chapter\n"
    "  epub     EPUB 3 with a cover, title page and table of contents\n"
    "  pdf      a print-ready PDF, 6x9 in\n"
    "Each file is named after the title (DIR/<title-slug>.epub, ...) unless --output names it. Prints\n"
    "each file written with its size and how long it took.\n"
    "\n"
    "Options:\n"
    "  --format LIST   comma-separated formats (default: epub)\n"
    "  --output PATH   the file to write (one format), or the folder to write into (several)\n"
    "  -h, --help      show this help\n"
    "\n"
    "Exit status: 0 when every file is written, 1 when the book or a file fails, 2 for bad options.\n";
const char* kRoutesHelp =
    "Usage: authorworks routes [--target NAME]\n\nPrints 'METHOD /path' for every route the target serves.\n";

CliCommand error(std::string message) {
  CliCommand c;
  c.kind = CliCommand::Kind::error;
  c.text = std::move(message);
  return c;
}

bool is_known_target(const std::string& t) {
  const auto& all = known_targets();
  return std::find(all.begin(), all.end(), t) != all.end();
}

std::string targets_list() {
  std::string out;
  for (const auto& t : known_targets()) out += (out.empty() ? "" : ", ") + t;
  return out;
}

bool parse_integer(const std::string& text, std::uint64_t& value) {
  if (text.empty() || text.front() == '-' || text.front() == '+') return false;
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  return ec == std::errc() && ptr == end;
}

CliCommand parse_generate(const std::vector<std::string>& args) {
  CliCommand c;
  c.kind = CliCommand::Kind::generate;
  auto& options = c.generate;
  bool title_given = false;
  for (std::size_t i = 1; i < args.size(); ++i) {
    const auto& a = args[i];
    if (a == "-h" || a == "--help") {
      CliCommand h;
      h.kind = CliCommand::Kind::help;
      h.text = kGenerateHelp;
      return h;
    }
    // --name VALUE or --name=VALUE
    std::string name = a;
    std::optional<std::string> inline_value;
    if (const auto eq = a.find('='); a.starts_with("--") && eq != std::string::npos) {
      name = a.substr(0, eq);
      inline_value = a.substr(eq + 1);
    }
    static const std::vector<std::string> valued{"--title", "--braindump", "--kind",   "--genre",
                                                 "--words", "--seed",      "--author", "--out"};
    if (std::find(valued.begin(), valued.end(), name) == valued.end()) {
      return error("unknown option '" + a + "' for 'generate'\n\n" + kGenerateHelp);
    }
    std::string value;
    if (inline_value) {
      value = *inline_value;
    } else {
      if (i + 1 >= args.size()) return error(name + " needs a value (see 'authorworks generate --help')");
      value = args[++i];
    }
    if (name == "--title") {
      if (value.find_first_not_of(" \t") == std::string::npos) return error("--title must not be empty");
      options.title = value;
      title_given = true;
    } else if (name == "--braindump") {
      if (value == "@") return error("--braindump @FILE needs a file name after the '@'");
      options.braindump = value;
    } else if (name == "--kind") {
      const auto kind = llm::parse_kind(value);
      if (!kind) return error("--kind must be novel, screenplay or play, not '" + value + "'");
      options.kind = *kind;
      options.kind_given = true;
    } else if (name == "--genre") {
      options.genre = value;
    } else if (name == "--words") {
      std::uint64_t words = 0;
      if (!parse_integer(value, words) || words == 0 || words > 1'000'000) {
        return error("--words must be a whole number from 1 to 1000000, not '" + value + "'");
      }
      options.words = static_cast<std::int64_t>(words);
    } else if (name == "--seed") {
      if (!parse_integer(value, options.seed)) return error("--seed must be a whole number, not '" + value + "'");
    } else if (name == "--author") {
      options.author = value;
    } else if (name == "--out") {
      if (value.empty()) return error("--out must not be empty");
      options.out = value;
    }
  }
  if (!title_given) return error(std::string("generate needs --title\n\n") + kGenerateHelp);
  return c;
}

CliCommand parse_export(const std::vector<std::string>& args) {
  CliCommand c;
  c.kind = CliCommand::Kind::export_book;
  auto& options = c.export_book;
  for (std::size_t i = 1; i < args.size(); ++i) {
    const auto& a = args[i];
    if (a == "-h" || a == "--help") {
      CliCommand h;
      h.kind = CliCommand::Kind::help;
      h.text = kExportHelp;
      return h;
    }
    if (!a.starts_with("-")) {
      if (!options.directory.empty()) return error("export takes one DIR, not '" + a + "' too");
      options.directory = a;
      continue;
    }
    std::string name = a;
    std::optional<std::string> inline_value;
    if (const auto eq = a.find('='); a.starts_with("--") && eq != std::string::npos) {
      name = a.substr(0, eq);
      inline_value = a.substr(eq + 1);
    }
    if (name != "--format" && name != "--output") {
      return error("unknown option '" + a + "' for 'export'\n\n" + kExportHelp);
    }
    std::string value;
    if (inline_value) {
      value = *inline_value;
    } else {
      if (i + 1 >= args.size()) return error(name + " needs a value (see 'authorworks export --help')");
      value = args[++i];
    }
    if (name == "--output") {
      if (value.empty()) return error("--output must not be empty");
      options.output = value;
      continue;
    }
    options.formats.clear();
    std::size_t start = 0;
    while (start <= value.size()) {
      const auto comma = std::min(value.find(',', start), value.size());
      const auto item = value.substr(start, comma - start);
      const auto format = exporting::parse_export_format(item);
      if (!format) return error("--format takes md, md-zip, epub or pdf, not '" + item + "'");
      if (std::find(options.formats.begin(), options.formats.end(), *format) == options.formats.end()) {
        options.formats.push_back(*format);
      }
      start = comma + 1;
    }
  }
  if (options.directory.empty()) return error(std::string("export needs DIR\n\n") + kExportHelp);
  if (options.formats.empty()) options.formats.push_back(exporting::ExportFormat::epub);
  return c;
}

}  // namespace

const std::vector<std::string>& known_targets() {
  static const std::vector<std::string> targets{"all",    "users",     "content",   "storage",
                                                "editor", "messaging", "discovery", "gateway"};
  return targets;
}

CliCommand parse_cli(const std::vector<std::string>& args, const std::string& env_target) {
  if (args.empty()) return error(std::string("missing command\n\n") + kMainHelp);
  const auto& command = args[0];
  if (command == "-h" || command == "--help" || command == "help") {
    CliCommand c;
    c.kind = CliCommand::Kind::help;
    c.text = kMainHelp;
    return c;
  }
  if (command == "generate") return parse_generate(args);
  if (command == "export") return parse_export(args);
  CliCommand c;
  bool takes_target = false;
  std::string help;
  if (command == "serve") {
    c.kind = CliCommand::Kind::serve;
    takes_target = true;
    help = serve_help();
  } else if (command == "routes") {
    c.kind = CliCommand::Kind::routes;
    takes_target = true;
    help = kRoutesHelp;
  } else if (command == "migrate") {
    c.kind = CliCommand::Kind::migrate;
    help = kMigrateHelp;
  } else if (command == "version" || command == "--version") {
    c.kind = CliCommand::Kind::version;
    help = kVersionHelp;
  } else {
    return error("unknown command '" + command + "'\n\n" + kMainHelp);
  }
  if (!env_target.empty() && takes_target) c.target = env_target;
  for (std::size_t i = 1; i < args.size(); ++i) {
    const auto& a = args[i];
    if (a == "-h" || a == "--help") {
      CliCommand h;
      h.kind = CliCommand::Kind::help;
      h.text = help;
      return h;
    }
    if (takes_target && (a == "--target" || a.starts_with("--target="))) {
      std::string value;
      if (a == "--target") {
        if (i + 1 >= args.size()) return error("--target needs a value: one of " + targets_list());
        value = args[++i];
      } else {
        value = a.substr(9);
      }
      c.target = value;
      c.target_given = true;
      continue;
    }
    return error("unknown option '" + a + "' for '" + command + "'\n\n" + help);
  }
  if (takes_target && !is_known_target(c.target)) {
    return error("unknown target '" + c.target + "'" + (c.target_given ? "" : " (from AUTHORWORKS_TARGET)") +
                 "; allowed: " + targets_list());
  }
  return c;
}

}  // namespace authorworks
