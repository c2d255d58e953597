#include "core/config.hpp"

#include <arpa/inet.h>

#include <boost/url/parse.hpp>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "core/service_ports.hpp"
#include "core/text.hpp"
#include "llm/pricing.hpp"

extern char** environ;

namespace authorworks {
namespace {

std::string get(const Environment& env, const std::string& key, std::string fallback = {}) {
  const auto it = env.find(key);
  if (it == env.end() || trim(it->second).empty()) return fallback;
  return std::string(trim(it->second));
}

template <class Int>
Int get_int(const Environment& env, const std::string& key, Int fallback, Int min, Int max) {
  const auto text = get(env, key);
  if (text.empty()) return fallback;
  long long value = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || ptr != text.data() + text.size() || value < static_cast<long long>(min) ||
      value > static_cast<long long>(max)) {
    throw ConfigError(key, "expected a whole number from " + std::to_string(min) + " to " + std::to_string(max) +
                               ", got '" + text + "'");
  }
  return static_cast<Int>(value);
}

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, ',')) {
    const auto t = trim(item);
    if (!t.empty()) out.emplace_back(t);
  }
  return out;
}

void require_url(const std::string& key, const std::string& value, std::initializer_list<std::string_view> schemes,
                 std::string_view example) {
  const auto parsed = boost::urls::parse_absolute_uri(value);
  bool scheme_ok = false;
  if (parsed) {
    for (auto s : schemes) scheme_ok = scheme_ok || parsed->scheme() == s;
  }
  if (!parsed || !scheme_ok) {
    throw ConfigError(key, "expected a URL like " + std::string(example) + ", got '" + value + "'");
  }
}

void validate_origin(const std::string& origin) {
  const auto parsed = boost::urls::parse_absolute_uri(origin);
  const bool ok = parsed && (parsed->scheme() == "http" || parsed->scheme() == "https") && parsed->has_authority() &&
                  !parsed->host().empty() && (parsed->path().empty()) && !parsed->has_query() &&
                  !parsed->has_userinfo() && origin.find('*') == std::string::npos;
  if (!ok) {
    throw ConfigError(
        "ALLOWED_ORIGINS",
        "each origin must be an exact scheme://host[:port] with no path, like https://authorworks.example.com;"
        " got '" +
            origin + "'");
  }
}

AuthMode parse_auth_mode(const std::string& text) {
  AuthMode mode{false, false};
  const auto fail = [&] {
    return ConfigError("AUTH_MODE", "expected local, proxy or local,proxy; got '" + text + "'");
  };
  const auto items = split_list(text);
  if (items.empty()) throw fail();
  for (const auto& item : items) {
    bool* flag = nullptr;
    if (item == "local") flag = &mode.local;
    if (item == "proxy") flag = &mode.proxy;
    if (flag == nullptr || *flag) throw fail();  // unknown, or named twice
    *flag = true;
  }
  return mode;
}

std::vector<std::string> parse_admin_groups(const std::string& text) {
  auto groups = split_list(text);
  if (groups.empty()) throw ConfigError("ADMIN_GROUPS", "expected a comma-separated list of group names");
  for (const auto& group : groups) {
    for (const char c : group) {
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
        throw ConfigError("ADMIN_GROUPS", "group names must not contain control characters");
      }
    }
  }
  return groups;
}

}  // namespace

Environment parse_dotenv(std::string_view text) {
  Environment env;
  std::size_t line_number = 0;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    const auto nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() + 1 : nl + 1;
    ++line_number;
    line = trim(line);
    if (line.empty() || line.front() == '#') continue;
    if (line.starts_with("export ")) line = trim(line.substr(7));
    const auto eq = line.find('=');
    if (eq == std::string_view::npos || eq == 0) {
      throw ConfigError(".env line " + std::to_string(line_number), "expected KEY=VALUE");
    }
    const std::string key(trim(line.substr(0, eq)));
    std::string_view value = trim(line.substr(eq + 1));
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front()) {
      value = value.substr(1, value.size() - 2);
    } else if (const auto hash = value.find(" #"); hash != std::string_view::npos) {
      value = trim(value.substr(0, hash));
    }
    env[key] = std::string(value);
  }
  return env;
}

Environment load_environment(const std::filesystem::path& dotenv_path) {
  Environment env;
  std::error_code ec;
  if (!dotenv_path.empty() && std::filesystem::is_regular_file(dotenv_path, ec)) {
    std::ifstream in(dotenv_path);
    std::stringstream ss;
    ss << in.rdbuf();
    env = parse_dotenv(ss.str());
  }
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    std::string_view entry(*e);
    const auto eq = entry.find('=');
    if (eq == std::string_view::npos) continue;
    env[std::string(entry.substr(0, eq))] = std::string(entry.substr(eq + 1));
  }
  return env;
}

LlmConfig load_llm_config(const Environment& env) {
  LlmConfig llm;
  llm.anthropic_api_key = get(env, "ANTHROPIC_API_KEY");
  llm.anthropic_model = get(env, "ANTHROPIC_MODEL", "claude-sonnet-4-5");
  llm.anthropic_base_url = get(env, "ANTHROPIC_BASE_URL", "https://api.anthropic.com");
  require_url("ANTHROPIC_BASE_URL", llm.anthropic_base_url, {"http", "https"}, "https://api.anthropic.com");
  llm.openai_base_url = get(env, "OPENAI_BASE_URL");
  if (!llm.openai_base_url.empty()) {
    require_url("OPENAI_BASE_URL", llm.openai_base_url, {"http", "https"}, "http://127.0.0.1:11434/v1");
  }
  llm.openai_api_key = get(env, "OPENAI_API_KEY");
  llm.openai_model = get(env, "OPENAI_MODEL");
  llm.stall_timeout = std::chrono::seconds(get_int<int>(env, "LLM_TIMEOUT_SECONDS", 120, 1, 3600));
  llm.max_retries = get_int<int>(env, "LLM_MAX_RETRIES", 5, 0, 20);
  llm.prices = get(env, "LLM_PRICES");
  // Parsed here only to refuse a malformed table at start-up rather than at the first book.
  (void)llm::PriceTable::load(llm.prices);

  const auto provider = to_lower(get(env, "LLM_PROVIDER"));
  if (provider.empty()) {
    llm.provider = !llm.anthropic_api_key.empty() ? LlmProvider::anthropic
                   : !llm.openai_base_url.empty() ? LlmProvider::openai
                                                  : LlmProvider::offline;
  } else if (provider == "anthropic") {
    llm.provider = LlmProvider::anthropic;
  } else if (provider == "openai") {
    llm.provider = LlmProvider::openai;
  } else if (provider == "offline") {
    llm.provider = LlmProvider::offline;
  } else {
    throw ConfigError("LLM_PROVIDER", "expected anthropic, openai or offline; got '" + provider + "'");
  }
  if (llm.provider == LlmProvider::anthropic && llm.anthropic_api_key.empty()) {
    throw ConfigError("ANTHROPIC_API_KEY", "is required when LLM_PROVIDER=anthropic");
  }
  if (llm.provider == LlmProvider::openai) {
    if (llm.openai_base_url.empty()) throw ConfigError("OPENAI_BASE_URL", "is required when LLM_PROVIDER=openai");
    if (llm.openai_model.empty()) {
      throw ConfigError("OPENAI_MODEL", "is required when LLM_PROVIDER=openai (for example llama3.1:8b)");
    }
  }
  return llm;
}

ServicesConfig load_services_config(const Environment& env) {
  ServicesConfig s;
  std::vector<std::string> every_service;
  for (const auto& service : service_ports()) {
    std::string name(service.service);
    std::string key = name + "_SERVICE_URL";
    for (auto& ch : key) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    if (!get(env, key).empty()) s.configured.insert(name);
    auto url = get(env, key, "http://127.0.0.1:" + std::to_string(service.port));
    require_url(key, url, {"http", "https"}, "http://content:3002");
    while (url.ends_with('/')) url.pop_back();
    s.urls[name] = std::move(url);
    if (name != "gateway") every_service.push_back(std::move(name));
  }
  s.connect_timeout = std::chrono::milliseconds(get_int<int>(env, "SERVICE_CONNECT_TIMEOUT_MS", 1000, 10, 60'000));
  s.request_timeout = std::chrono::milliseconds(get_int<int>(env, "SERVICE_REQUEST_TIMEOUT_MS", 10'000, 100, 600'000));
  s.retries = get_int<int>(env, "SERVICE_RETRIES", 2, 0, 10);
  s.health_timeout = std::chrono::milliseconds(get_int<int>(env, "GATEWAY_HEALTH_TIMEOUT_MS", 1000, 10, 60'000));
  const auto checks = get(env, "GATEWAY_SERVICES");
  s.gateway_checks = checks.empty() ? every_service : split_list(checks);
  for (const auto& name : s.gateway_checks) {
    if (!s.urls.contains(name) || name == "gateway") {
      std::string known;
      for (const auto& n : every_service) known += (known.empty() ? "" : ", ") + n;
      throw ConfigError("GATEWAY_SERVICES", "unknown service '" + name + "'; services: " + known);
    }
  }
  return s;
}

Config load_config(const Environment& env, const std::string& target, std::uint16_t default_port) {
  Config c;
  c.target = target;
  c.host = get(env, "HOST", "0.0.0.0");
  {
    unsigned char buffer[sizeof(in6_addr)];
    if (inet_pton(AF_INET, c.host.c_str(), buffer) != 1 && inet_pton(AF_INET6, c.host.c_str(), buffer) != 1) {
      throw ConfigError("HOST",
                        "expected an IP address to listen on, like 0.0.0.0, 127.0.0.1 or ::, got '" + c.host + "'");
    }
  }
  c.port = get_int<std::uint16_t>(env, "SERVICE_PORT", default_port, 0, 65535);
  c.data_dir = get(env, "DATA_DIR", "./data");

  c.database_url = get(env, "DATABASE_URL");
  if (c.database_url.empty()) c.database_url = "sqlite://" + (c.data_dir / "authorworks.db").string();
  if (!c.database_url.starts_with("sqlite://") && !c.database_url.starts_with("postgres://") &&
      !c.database_url.starts_with("postgresql://")) {
    throw ConfigError("DATABASE_URL",
                      "expected sqlite://PATH or postgres://user:password@host:5432/db, got '" + c.database_url + "'");
  }
  if (c.database_url.starts_with("postgres")) {
    require_url("DATABASE_URL", c.database_url, {"postgres", "postgresql"}, "postgres://user:password@host:5432/db");
  }
  c.database_pool_size = get_int<std::size_t>(env, "DATABASE_POOL_SIZE", 20, 1, 1000);

  c.redis_url = get(env, "REDIS_URL");
  if (!c.redis_url.empty()) require_url("REDIS_URL", c.redis_url, {"redis"}, "redis://:password@host:6379/0");

  c.allowed_origins = split_list(get(env, "ALLOWED_ORIGINS"));
  for (const auto& o : c.allowed_origins) validate_origin(o);

  c.llm = load_llm_config(env);
  c.generation.max_concurrent = get_int<unsigned>(env, "MAX_CONCURRENT_GENERATIONS", 3, 1, 256);
  c.generation.parallelism = get_int<unsigned>(env, "GENERATION_PARALLELISM", 4, 1, 64);
  c.generation.lease = std::chrono::seconds(get_int<int>(env, "GENERATION_LEASE_SECONDS", 30, 2, 3600));
  c.minio_endpoint = get(env, "MINIO_ENDPOINT");
  c.minio_access_key = get(env, "MINIO_ACCESS_KEY");
  c.minio_secret_key = get(env, "MINIO_SECRET_KEY");
  c.minio_region = get(env, "MINIO_REGION", "us-east-1");
  if (c.minio_region.empty() || c.minio_region.size() > 64 ||
      c.minio_region.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") != std::string::npos) {
    throw ConfigError("MINIO_REGION", "expected a region name like us-east-1, got '" + c.minio_region + "'");
  }
  c.max_upload_bytes = get_int<std::size_t>(env, "MAX_UPLOAD_MB", 10, 1, 1024 * 1024) * 1024 * 1024;
  if (!c.minio_endpoint.empty()) {
    require_url("MINIO_ENDPOINT", c.minio_endpoint, {"http", "https"}, "http://minio:9000");
    if (c.minio_access_key.empty()) throw ConfigError("MINIO_ACCESS_KEY", "is required when MINIO_ENDPOINT is set");
    if (c.minio_secret_key.empty()) throw ConfigError("MINIO_SECRET_KEY", "is required when MINIO_ENDPOINT is set");
  }
  c.jwt_secret = get(env, "JWT_SECRET");
  if (!c.jwt_secret.empty() && c.jwt_secret.size() < 32) {
    throw ConfigError("JWT_SECRET", "must be at least 32 characters (for example: openssl rand -hex 32)");
  }

  c.auth_mode = parse_auth_mode(to_lower(get(env, "AUTH_MODE", "local")));
  c.trusted_proxies = auth::TrustedProxies::parse(get(env, "TRUSTED_PROXIES", "127.0.0.1/32,::1/128"));
  c.admin_groups = parse_admin_groups(get(env, "ADMIN_GROUPS", "admins"));
  c.auth_login_url = get(env, "AUTH_LOGIN_URL");
  if (!c.auth_login_url.empty()) {
    const auto parsed = boost::urls::parse_absolute_uri(c.auth_login_url);
    const bool ok =
        parsed &&
        (parsed->scheme_id() == boost::urls::scheme::http || parsed->scheme_id() == boost::urls::scheme::https) &&
        parsed->has_authority() && !parsed->encoded_host().empty();
    if (!ok) {
      throw ConfigError("AUTH_LOGIN_URL",
                        "expected an absolute URL like https://auth.example.com/login, got '" + c.auth_login_url + "'");
    }
  }
  c.session_ttl = std::chrono::hours(get_int<int>(env, "SESSION_TTL_HOURS", 168, 1, 24 * 366));
  const auto cost = to_lower(get(env, "PASSWORD_HASH_COST", "interactive"));
  if (cost == "interactive")
    c.password_hash_cost = auth::PasswordHashCost::interactive();
  else if (cost == "moderate")
    c.password_hash_cost = auth::PasswordHashCost::moderate();
  else if (cost == "minimum")
    c.password_hash_cost = auth::PasswordHashCost::minimum();
  else
    throw ConfigError("PASSWORD_HASH_COST", "expected interactive, moderate or minimum; got '" + cost + "'");

  const auto level = to_lower(get(env, "LOG_LEVEL", "info"));
  if (level == "debug")
    c.log_level = LogLevel::debug;
  else if (level == "info")
    c.log_level = LogLevel::info;
  else if (level == "warn" || level == "warning")
    c.log_level = LogLevel::warn;
  else if (level == "error")
    c.log_level = LogLevel::error;
  else
    throw ConfigError("LOG_LEVEL", "expected one of debug, info, warn, error; got '" + level + "'");

  const auto format = to_lower(get(env, "LOG_FORMAT", "json"));
  if (format == "json")
    c.log_format = LogFormat::json;
  else if (format == "text")
    c.log_format = LogFormat::text;
  else
    throw ConfigError("LOG_FORMAT", "expected json or text; got '" + format + "'");

  c.web_dist_dir = get(env, "WEB_DIST_DIR");
  if (!c.web_dist_dir.empty()) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(c.web_dist_dir / "index.html", ec)) {
      throw ConfigError("WEB_DIST_DIR", "expected a folder holding the built web app (index.html), got '" +
                                            c.web_dist_dir.string() + "'");
    }
  }
  c.body_limit_bytes = get_int<std::size_t>(env, "HTTP_BODY_LIMIT_KB", 1024, 1, 1024 * 1024) * 1024;
  c.header_timeout = std::chrono::seconds(get_int<int>(env, "HTTP_HEADER_TIMEOUT_SECONDS", 10, 1, 3600));
  c.idle_timeout = std::chrono::seconds(get_int<int>(env, "HTTP_IDLE_TIMEOUT_SECONDS", 75, 1, 3600));
  c.shutdown_timeout = std::chrono::seconds(get_int<int>(env, "SHUTDOWN_TIMEOUT_SECONDS", 25, 0, 3600));
  c.io_threads = get_int<unsigned>(env, "IO_THREADS", 0, 0, 256);
  c.worker_threads = get_int<unsigned>(env, "WORKER_THREADS", 16, 1, 1024);
  c.worker_queue_limit = get_int<std::size_t>(env, "WORKER_QUEUE_LIMIT", 1024, 1, 1000000);
  c.websocket_ping = std::chrono::seconds(get_int<int>(env, "WEBSOCKET_PING_SECONDS", 30, 1, 3600));
  c.websocket_queue_limit = get_int<std::size_t>(env, "WEBSOCKET_QUEUE_LIMIT", 4096, 1, 1000000);
  c.services = load_services_config(env);
  return c;
}

}  // namespace authorworks
