#pragma once
// Configuration is read once at start-up from the environment (and an optional .env file) into this
// typed struct. A bad value stops the start with a ConfigError that names the variable.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "auth/password_hasher.hpp"
#include "auth/trusted_proxies.hpp"

namespace authorworks {

enum class LogLevel { debug, info, warn, error };
enum class LogFormat { json, text };

// How people sign in (AUTH_MODE): with an account and password kept here (local), through a trusted
// reverse proxy that authenticates them and names them in headers (proxy), or either.
struct AuthMode {
  bool local = true;
  bool proxy = false;
  friend bool operator==(const AuthMode&, const AuthMode&) = default;
};

class ConfigError : public std::runtime_error {
 public:
  ConfigError(std::string variable, std::string message)
      : std::runtime_error(variable + ": " + message), variable_(std::move(variable)) {}
  const std::string& variable() const noexcept { return variable_; }

 private:
  std::string variable_;
};

// Variables as seen by the process: the .env file first, then the real environment over it.
using Environment = std::map<std::string, std::string>;

// Parses a .env file's text (KEY=VALUE, `export ` prefix, # comments, single or double quotes).
// Throws ConfigError naming the line for a line it cannot read.
Environment parse_dotenv(std::string_view text);
// The process environment merged over the .env file at `dotenv_path` (when it exists).
Environment load_environment(const std::filesystem::path& dotenv_path);

// Which writer (LLM provider) drafts books, and how to reach it.
enum class LlmProvider { anthropic, openai, offline };

struct LlmConfig {
  // LLM_PROVIDER, or by what is configured: anthropic when ANTHROPIC_API_KEY is set, else openai
  // when OPENAI_BASE_URL is set, else the offline writer.
  LlmProvider provider = LlmProvider::offline;
  std::string anthropic_api_key;
  std::string anthropic_model = "claude-sonnet-4-5";
  std::string anthropic_base_url = "https://api.anthropic.com";
  std::string openai_base_url;  // e.g. http://127.0.0.1:11434/v1 (Ollama), https://openrouter.ai/api/v1
  std::string openai_api_key;   // optional: local servers take none
  std::string openai_model;
  // A request whose stream stays silent this long is abandoned and retried (LLM_TIMEOUT_SECONDS).
  std::chrono::seconds stall_timeout{120};
  int max_retries = 5;  // LLM_MAX_RETRIES: attempts after the first, for 429, 529, 5xx and broken streams
  // LLM_PRICES: "model=input:output,..." in USD per million tokens, merged over the built-in table.
  std::string prices;
};

struct GenerationConfig {
  unsigned max_concurrent = 3;     // MAX_CONCURRENT_GENERATIONS: jobs running at once; the rest wait in order
  unsigned parallelism = 4;        // GENERATION_PARALLELISM: chapters drafted at once within one job
  std::chrono::seconds lease{30};  // GENERATION_LEASE_SECONDS: a job whose lease lapses is taken over
};

// How services reach each other when they run apart (microservice mode), and what the gateway's
// aggregated health checks.
struct ServicesConfig {
  // Service name -> base URL (USERS_SERVICE_URL, CONTENT_SERVICE_URL, ...); every service of
  // service_ports() has one, by default http://127.0.0.1:<its port>.
  std::map<std::string, std::string> urls;
  // The services whose *_SERVICE_URL the environment sets, for callers that only call a service
  // somebody deployed (a content service sends notifications only when MESSAGING_SERVICE_URL is set).
  std::set<std::string> configured;
  std::chrono::milliseconds connect_timeout{1000};   // SERVICE_CONNECT_TIMEOUT_MS
  std::chrono::milliseconds request_timeout{10000};  // SERVICE_REQUEST_TIMEOUT_MS: the whole call
  int retries = 2;  // SERVICE_RETRIES: extra attempts of an idempotent call that could not reach the service
  // GATEWAY_SERVICES: the services whose /health the gateway's aggregated /health polls.
  std::vector<std::string> gateway_checks;
  std::chrono::milliseconds health_timeout{1000};  // GATEWAY_HEALTH_TIMEOUT_MS: per service
};

struct Config {
  std::string target = "all";
  std::string host = "0.0.0.0";
  std::uint16_t port = 8080;
  std::filesystem::path data_dir = "./data";
  // The most database connections this process opens (DATABASE_POOL_SIZE).
  std::size_t database_pool_size = 20;
  std::string database_url;  // sqlite://PATH or postgres://...; defaults to SQLite under data_dir
  std::string redis_url;     // empty: in-process events and cache
  std::vector<std::string> allowed_origins;
  LlmConfig llm;
  GenerationConfig generation;
  ServicesConfig services;
  std::string minio_endpoint;  // empty: files under data_dir
  std::string minio_access_key;
  std::string minio_secret_key;
  std::string minio_region = "us-east-1";           // MINIO_REGION: part of every SigV4 signature
  std::size_t max_upload_bytes = 10 * 1024 * 1024;  // MAX_UPLOAD_MB: the largest file POST /files takes
  std::string jwt_secret;                           // empty: generated once and kept under data_dir
  AuthMode auth_mode;
  auth::TrustedProxies trusted_proxies = auth::TrustedProxies::loopback();
  std::vector<std::string> admin_groups{"admins"};  // proxy groups whose members are administrators
  std::string auth_login_url;                       // empty: the built-in sign-in page
  std::chrono::hours session_ttl{168};
  // Argon2id cost for new password hashes (PASSWORD_HASH_COST): interactive (the default), moderate,
  // or minimum (for test suites only: it is weak).
  auth::PasswordHashCost password_hash_cost = auth::PasswordHashCost::interactive();
  LogLevel log_level = LogLevel::info;
  LogFormat log_format = LogFormat::json;

  std::filesystem::path web_dist_dir;  // the web app's built files; empty when there are none
  std::size_t body_limit_bytes = 1024 * 1024;
  std::chrono::seconds header_timeout{10};
  std::chrono::seconds idle_timeout{75};
  std::chrono::seconds shutdown_timeout{25};
  // WebSocket keep-alive (WEBSOCKET_PING_SECONDS): an idle socket is pinged after this long and
  // closed when nothing, not even the pong, comes back within as long again.
  std::chrono::seconds websocket_ping{30};
  // Messages waiting for a slow WebSocket client before it is closed (WEBSOCKET_QUEUE_LIMIT).
  std::size_t websocket_queue_limit = 4096;
  unsigned io_threads = 0;  // 0: one per core
  unsigned worker_threads = 16;
  std::size_t worker_queue_limit = 1024;
};

// The writer settings alone (LLM_PROVIDER, ANTHROPIC_*, OPENAI_*, LLM_*), for commands that need no server.
LlmConfig load_llm_config(const Environment& env);

// The service URLs and the gateway's health settings alone.
ServicesConfig load_services_config(const Environment& env);

// `target` is the module set to run ("all" or one service); its default port applies when
// SERVICE_PORT is unset.
Config load_config(const Environment& env, const std::string& target, std::uint16_t default_port);

}  // namespace authorworks
