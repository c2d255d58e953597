#include "app/cli.hpp"

#include <algorithm>

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
         "editor 3004, messaging 3006, discovery 3007, media 3008, billing 3009).\n"
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

}  // namespace

const std::vector<std::string>& known_targets() {
  static const std::vector<std::string> targets{"all",       "users",     "content", "storage", "editor",
                                                "messaging", "discovery", "media",   "billing"};
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
