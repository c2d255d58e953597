#include "app/app.hpp"

#include <unistd.h>
#include <csignal>
#include <cstdio>
#include <iostream>

#include "app/export_command.hpp"
#include "app/generate_command.hpp"
#include "app/signals.hpp"
#include "core/config.hpp"
#include "core/log.hpp"
#include "core/version.hpp"
#include "db/database.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "modules/catalog.hpp"
#include "observability/metrics.hpp"
#include "observability/system_routes.hpp"
#include "runtime/worker_pool.hpp"

namespace authorworks {
namespace {

constexpr int kExitUsage = 2;

// The built web app: WEB_DIST_DIR, else web/dist beside the working directory or the binary.
std::filesystem::path find_web_dist(const std::filesystem::path& configured) {
  if (!configured.empty()) return configured;
  std::error_code ec;
  std::vector<std::filesystem::path> candidates{"web/dist"};
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    candidates.push_back(exe.parent_path() / "../web/dist");
    candidates.push_back(exe.parent_path() / "../share/authorworks/web");
  }
  for (const auto& c : candidates) {
    if (std::filesystem::is_regular_file(c / "index.html", ec)) return std::filesystem::weakly_canonical(c, ec);
  }
  return {};
}

struct Platform {
  Config config;
  ModuleGraph graph;
  std::vector<std::string> order;
};

// Reads configuration and resolves the module graph; prints the reason and returns nullopt on error.
std::optional<Platform> prepare(const std::string& target) {
  Platform p;
  try {
    const auto env = load_environment(".env");
    p.config = load_config(env, target, default_port(target));
  } catch (const ConfigError& e) {
    std::cerr << "authorworks: configuration error: " << e.what() << "\n";
    return std::nullopt;
  }
  p.config.web_dist_dir = find_web_dist(p.config.web_dist_dir);
  p.graph = build_module_graph();
  if (target != "all" && p.graph.find(target) == nullptr) {
    std::string built;
    for (const auto& t : p.graph.targets()) built += (built.empty() ? "" : ", ") + t;
    std::cerr << "authorworks: the '" << target << "' service is not part of this build; targets available: " << built
              << "\n";
    return std::nullopt;
  }
  try {
    p.order = p.graph.start_order(target);
  } catch (const ModuleGraphError& e) {
    std::cerr << "authorworks: " << e.what() << "\n";
    return std::nullopt;
  }
  return p;
}

struct StartedModule {
  std::string name;
  std::unique_ptr<Module> module;
};

int serve(const std::string& target) {
  // Signals are taken synchronously by the main thread; every other thread inherits the mask.
  const sigset_t signals = block_termination_signals();

  auto platform = prepare(target);
  if (!platform) return kExitUsage;
  auto& config = platform->config;
  log::configure(config.log_level, config.log_format);

  std::error_code ec;
  std::filesystem::create_directories(config.data_dir, ec);
  if (ec) {
    std::cerr << "authorworks: configuration error: DATA_DIR: cannot create '" << config.data_dir.string()
              << "': " << ec.message() << "\n";
    return kExitUsage;
  }

  const std::string service = target == "all" ? "authorworks" : target;
  Metrics metrics(service, version(), git_revision());
  WorkerPool workers(config.worker_threads, config.worker_queue_limit);
  http::Router router;
  ServiceRegistry services;
  ModuleContext context{config, router, workers, metrics, services};

  std::vector<StartedModule> started;
  auto stop_modules = [&] {
    for (auto it = started.rbegin(); it != started.rend(); ++it) {
      try {
        it->module->stop();
      } catch (const std::exception& e) {
        log::error("a module failed to stop cleanly", {{"module", it->name}, {"error", e.what()}});
      }
    }
    started.clear();
  };

  register_system_routes(router, metrics, {service, std::string(version()), config.web_dist_dir, [&started] {
                                             std::vector<ReadinessCheck> checks;
                                             for (const auto& m : started) {
                                               for (auto& c : m.module->check_readiness())
                                                 checks.push_back(std::move(c));
                                             }
                                             return checks;
                                           }});

  for (const auto& name : platform->order) {
    try {
      auto module = platform->graph.find(name)->create();
      module->start(context);
      started.push_back({name, std::move(module)});
      log::debug("module started", {{"module", name}});
    } catch (const std::exception& e) {
      log::error("a module failed to start", {{"module", name}, {"error", e.what()}});
      stop_modules();
      log::shutdown();
      return 1;
    }
  }

  http::ServerOptions options;
  options.host = config.host;
  options.port = config.port;
  options.body_limit = config.body_limit_bytes;
  options.spool_dir = config.data_dir / "tmp" / "uploads";
  options.header_timeout = config.header_timeout;
  options.idle_timeout = config.idle_timeout;
  options.io_threads = config.io_threads;
  options.allowed_origins = config.allowed_origins;
  options.websocket_ping = config.websocket_ping;
  options.websocket_queue_limit = config.websocket_queue_limit;
  http::Server server(options, router, workers, metrics);
  std::uint16_t port = 0;
  try {
    port = server.listen();
  } catch (const std::exception& e) {
    log::error("cannot listen", {{"host", config.host}, {"port", config.port}, {"error", e.what()}});
    std::cerr << "authorworks: cannot listen on " << config.host << ":" << config.port << ": " << e.what()
              << " (is another process using the port? set SERVICE_PORT)\n";
    stop_modules();
    log::shutdown();
    return 1;
  }
  server.start();

  std::string modules;
  for (const auto& m : started) modules += (modules.empty() ? "" : ",") + m.name;
  const bool embedded_db = config.database_url.starts_with("sqlite://");
  log::info("listening", {{"target", target},
                          {"host", config.host},
                          {"port", port},
                          {"modules", modules},
                          {"version", version()},
                          {"database", embedded_db ? "sqlite (embedded)" : "postgresql"},
                          {"events", config.redis_url.empty() ? "in-process" : "redis"},
                          {"web_app", config.web_dist_dir.empty() ? "not built" : config.web_dist_dir.string()}});

  int signal_number = 0;
  sigwait(&signals, &signal_number);
  log::info("shutting down", {{"signal", signal_number == SIGTERM ? "SIGTERM" : "SIGINT"},
                              {"grace_seconds", static_cast<int>(config.shutdown_timeout.count())}});
  server.shutdown(std::chrono::duration_cast<std::chrono::milliseconds>(config.shutdown_timeout));
  stop_modules();
  workers.join();
  log::info("stopped");
  log::shutdown();
  return 0;
}

int routes(const std::string& target) {
  auto platform = prepare(target);
  if (!platform) return kExitUsage;
  log::configure(LogLevel::error, LogFormat::text);
  Metrics metrics("routes", version(), git_revision());
  WorkerPool workers(1, 1);
  http::Router router;
  ServiceRegistry services;
  // Routes are listed without connecting to anything: modules register routes in start(), so the
  // listing uses a throwaway data folder and SQLite.
  auto& config = platform->config;
  const auto scratch = std::filesystem::temp_directory_path() / ("authorworks-routes-" + std::to_string(getpid()));
  config.data_dir = scratch;
  config.database_url = "sqlite://" + (scratch / "routes.db").string();
  config.redis_url.clear();
  config.minio_endpoint.clear();
  std::filesystem::create_directories(scratch);
  ModuleContext context{config, router, workers, metrics, services};
  register_system_routes(router, metrics, {"routes", std::string(version()), config.web_dist_dir, [] {
                                             return std::vector<ReadinessCheck>{};
                                           }});
  std::vector<std::unique_ptr<Module>> started;
  int rc = 0;
  try {
    for (const auto& name : platform->order) {
      started.push_back(platform->graph.find(name)->create());
      started.back()->start(context);
    }
    for (const auto& r : router.routes()) {
      std::cout << (r->websocket ? "WS" : std::string(http::to_string(r->method))) << " " << r->pattern << "\n";
    }
  } catch (const std::exception& e) {
    std::cerr << "authorworks: " << e.what() << "\n";
    rc = 1;
  }
  for (auto it = started.rbegin(); it != started.rend(); ++it) (*it)->stop();
  std::filesystem::remove_all(scratch);
  log::shutdown();
  return rc;
}

// `authorworks migrate`: applies what is pending and says what it did.
int migrate() {
  Config config;
  try {
    config = load_config(load_environment(".env"), "all", default_port("all"));
  } catch (const ConfigError& e) {
    std::cerr << "authorworks: configuration error: " << e.what() << "\n";
    return kExitUsage;
  }
  log::configure(LogLevel::error, LogFormat::text);
  int rc = 0;
  std::shared_ptr<db::Database> database;
  try {
    database = db::Database::open(config.database_url, 1);
    const auto report = database->migrate();
    for (const auto& label : report.applied) std::cout << "applied " << label << "\n";
    std::cout << "database schema at version " << report.schema_version << " (" << database->describe() << "): "
              << (report.applied.empty() ? std::string("up to date")
                                         : std::to_string(report.applied.size()) + " migration(s) applied")
              << "\n";
  } catch (const Error& e) {
    if (e.code() == ErrorCode::unavailable && database) {
      // check() names the reason of the failed connection attempt (refused, timed out, bad password).
      std::cerr << "authorworks: cannot reach the database: " << database->check().detail << "\n";
    } else {
      std::cerr << "authorworks: migration failed: " << e.detail() << "\n";
    }
    rc = 1;
  } catch (const std::exception& e) {
    std::cerr << "authorworks: migration failed: " << e.what() << "\n";
    rc = 1;
  }
  database.reset();
  log::shutdown();
  return rc;
}

}  // namespace

int run_command(const CliCommand& command) {
  switch (command.kind) {
    case CliCommand::Kind::help: std::cout << command.text; return 0;
    case CliCommand::Kind::error:
      std::cerr << "authorworks: " << command.text << (command.text.ends_with("\n") ? "" : "\n");
      return kExitUsage;
    case CliCommand::Kind::version:
      std::cout << "authorworks " << version() << " (" << git_revision() << ")\n";
      return 0;
    case CliCommand::Kind::routes: return routes(command.target);
    case CliCommand::Kind::migrate: return migrate();
    case CliCommand::Kind::serve: return serve(command.target);
    case CliCommand::Kind::generate: return run_generate(command.generate);
    case CliCommand::Kind::export_book: return run_export(command.export_book);
  }
  return kExitUsage;
}

}  // namespace authorworks
