#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "core/config.hpp"

using authorworks::Config;
using authorworks::ConfigError;
using authorworks::Environment;
using authorworks::load_config;
using authorworks::LogFormat;
using authorworks::LogLevel;
using authorworks::parse_dotenv;

namespace {

Config load(const Environment& env) { return load_config(env, "all", 8080); }

// The name of the variable the ConfigError names, or "" when the load succeeds.
std::string rejected(const Environment& env) {
  try {
    load(env);
  } catch (const ConfigError& e) {
    return e.variable();
  }
  return "";
}

std::string dotenv_error(std::string_view text) {
  try {
    parse_dotenv(text);
  } catch (const ConfigError& e) {
    return e.variable();
  }
  return "";
}

class TempDir {
 public:
  TempDir() {
    path_ = std::filesystem::temp_directory_path() /
            ("authorworks-config-test-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace

TEST(Config, Defaults) {
  const auto c = load_config({}, "users", 3001);
  EXPECT_EQ(c.target, "users");
  EXPECT_EQ(c.host, "0.0.0.0");
  EXPECT_EQ(c.port, 3001);
  EXPECT_EQ(c.data_dir, std::filesystem::path("./data"));
  EXPECT_EQ(c.database_url, "sqlite://./data/authorworks.db");
  EXPECT_TRUE(c.redis_url.empty());
  EXPECT_TRUE(c.allowed_origins.empty());
  EXPECT_TRUE(c.minio_endpoint.empty());
  EXPECT_TRUE(c.jwt_secret.empty());
  EXPECT_EQ(c.log_level, LogLevel::info);
  EXPECT_EQ(c.log_format, LogFormat::json);
  EXPECT_TRUE(c.web_dist_dir.empty());
  EXPECT_EQ(c.body_limit_bytes, 1024U * 1024U);
  EXPECT_EQ(c.header_timeout, std::chrono::seconds(10));
  EXPECT_EQ(c.idle_timeout, std::chrono::seconds(75));
  EXPECT_EQ(c.shutdown_timeout, std::chrono::seconds(25));
  EXPECT_EQ(c.io_threads, 0U);
  EXPECT_EQ(c.worker_threads, 16U);
  EXPECT_EQ(c.worker_queue_limit, 1024U);
}

TEST(Config, BlankValuesCountAsUnset) {
  const auto c = load({{"HOST", "  "}, {"LOG_LEVEL", ""}, {"SERVICE_PORT", " "}});
  EXPECT_EQ(c.host, "0.0.0.0");
  EXPECT_EQ(c.log_level, LogLevel::info);
  EXPECT_EQ(c.port, 8080);
}

TEST(Config, DatabaseDefaultFollowsDataDir) {
  const auto c = load({{"DATA_DIR", "/var/lib/aw"}});
  EXPECT_EQ(c.data_dir, std::filesystem::path("/var/lib/aw"));
  EXPECT_EQ(c.database_url, "sqlite:///var/lib/aw/authorworks.db");
}

TEST(Config, Host) {
  EXPECT_EQ(load({{"HOST", "127.0.0.1"}}).host, "127.0.0.1");
  EXPECT_EQ(load({{"HOST", "::"}}).host, "::");
  EXPECT_EQ(load({{"HOST", " ::1 "}}).host, "::1");
  EXPECT_EQ(rejected({{"HOST", "localhost"}}), "HOST");
  EXPECT_EQ(rejected({{"HOST", "256.0.0.1"}}), "HOST");
  EXPECT_EQ(rejected({{"HOST", "0.0.0.0:80"}}), "HOST");
}

TEST(Config, ServicePort) {
  EXPECT_EQ(load({{"SERVICE_PORT", "0"}}).port, 0);
  EXPECT_EQ(load({{"SERVICE_PORT", "65535"}}).port, 65535);
  EXPECT_EQ(load({{"SERVICE_PORT", "3002"}}).port, 3002);
  for (const char* bad : {"65536", "-1", "80a", "abc", "1e3", "99999999999999999999"}) {
    EXPECT_EQ(rejected({{"SERVICE_PORT", bad}}), "SERVICE_PORT") << bad;
  }
}

TEST(Config, ErrorMessageNamesVariableAndValue) {
  try {
    load({{"SERVICE_PORT", "70000"}});
    FAIL() << "expected a ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.variable(), "SERVICE_PORT");
    const std::string what = e.what();
    EXPECT_EQ(what.rfind("SERVICE_PORT: ", 0), 0U) << what;
    EXPECT_NE(what.find("70000"), std::string::npos) << what;
  }
}

TEST(Config, DatabaseUrl) {
  EXPECT_EQ(load({{"DATABASE_URL", "sqlite:///tmp/x.db"}}).database_url, "sqlite:///tmp/x.db");
  EXPECT_EQ(load({{"DATABASE_URL", "postgres://u:p@db:5432/aw"}}).database_url, "postgres://u:p@db:5432/aw");
  EXPECT_EQ(load({{"DATABASE_URL", "postgresql://u:p@db/aw"}}).database_url, "postgresql://u:p@db/aw");
  for (const char* bad :
       {"mysql://u@h/db", "/tmp/x.db", "sqlite:/x.db", "postgresx://h/db", "postgres://bad host/db", "http://db"}) {
    EXPECT_EQ(rejected({{"DATABASE_URL", bad}}), "DATABASE_URL") << bad;
  }
}

TEST(Config, RedisUrl) {
  EXPECT_EQ(load({{"REDIS_URL", "redis://:secret@redis:6379/0"}}).redis_url, "redis://:secret@redis:6379/0");
  for (const char* bad : {"redis", "http://redis:6379", "rediss//x", "redis://bad host"}) {
    EXPECT_EQ(rejected({{"REDIS_URL", bad}}), "REDIS_URL") << bad;
  }
}

TEST(Config, AllowedOrigins) {
  const auto c = load({{"ALLOWED_ORIGINS", " https://a.example.com, http://localhost:5173 ,,"}});
  ASSERT_EQ(c.allowed_origins.size(), 2U);
  EXPECT_EQ(c.allowed_origins[0], "https://a.example.com");
  EXPECT_EQ(c.allowed_origins[1], "http://localhost:5173");
  for (const char* bad : {"*", "https://a.example.com/", "https://a.example.com/app", "https://a.example.com?x=1",
                          "ftp://a.example.com", "a.example.com", "https://*.example.com", "https://*",
                          "https://a.example.com, *", "https://user@a.example.com"}) {
    EXPECT_EQ(rejected({{"ALLOWED_ORIGINS", bad}}), "ALLOWED_ORIGINS") << bad;
  }
}

TEST(Config, MinioNeedsAllThree) {
  const auto c =
      load({{"MINIO_ENDPOINT", "http://minio:9000"}, {"MINIO_ACCESS_KEY", "ak"}, {"MINIO_SECRET_KEY", "sk"}});
  EXPECT_EQ(c.minio_endpoint, "http://minio:9000");
  EXPECT_EQ(c.minio_access_key, "ak");
  EXPECT_EQ(c.minio_secret_key, "sk");
  EXPECT_EQ(rejected({{"MINIO_ENDPOINT", "http://minio:9000"}, {"MINIO_SECRET_KEY", "sk"}}), "MINIO_ACCESS_KEY");
  EXPECT_EQ(rejected({{"MINIO_ENDPOINT", "http://minio:9000"}, {"MINIO_ACCESS_KEY", "ak"}}), "MINIO_SECRET_KEY");
  EXPECT_EQ(rejected({{"MINIO_ENDPOINT", "minio:9000"}, {"MINIO_ACCESS_KEY", "ak"}, {"MINIO_SECRET_KEY", "sk"}}),
            "MINIO_ENDPOINT");
  EXPECT_EQ(rejected({{"MINIO_ENDPOINT", "s3://minio"}, {"MINIO_ACCESS_KEY", "ak"}, {"MINIO_SECRET_KEY", "sk"}}),
            "MINIO_ENDPOINT");
  // Keys without an endpoint are ignored: files stay under DATA_DIR.
  EXPECT_EQ(rejected({{"MINIO_ACCESS_KEY", "ak"}}), "");
}

TEST(Config, MinioRegionAndUploadLimit) {
  const auto defaults = load({});
  EXPECT_EQ(defaults.minio_region, "us-east-1");
  EXPECT_EQ(defaults.max_upload_bytes, 10U * 1024 * 1024);
  const auto c = load({{"MINIO_REGION", "eu-west-3"}, {"MAX_UPLOAD_MB", "100"}});
  EXPECT_EQ(c.minio_region, "eu-west-3");
  EXPECT_EQ(c.max_upload_bytes, 100U * 1024 * 1024);
  for (const char* bad : {"EU-WEST", "eu west", "eu/west"}) {
    EXPECT_EQ(rejected({{"MINIO_REGION", bad}}), "MINIO_REGION") << bad;
  }
  for (const char* bad : {"0", "-1", "ten", "1048577"}) EXPECT_EQ(rejected({{"MAX_UPLOAD_MB", bad}}), "MAX_UPLOAD_MB");
}

TEST(Config, JwtSecretLength) {
  EXPECT_EQ(rejected({{"JWT_SECRET", std::string(31, 'x')}}), "JWT_SECRET");
  EXPECT_EQ(load({{"JWT_SECRET", std::string(32, 'x')}}).jwt_secret, std::string(32, 'x'));
}

TEST(Config, LogLevel) {
  EXPECT_EQ(load({{"LOG_LEVEL", "debug"}}).log_level, LogLevel::debug);
  EXPECT_EQ(load({{"LOG_LEVEL", "INFO"}}).log_level, LogLevel::info);
  EXPECT_EQ(load({{"LOG_LEVEL", "warn"}}).log_level, LogLevel::warn);
  EXPECT_EQ(load({{"LOG_LEVEL", "Warning"}}).log_level, LogLevel::warn);
  EXPECT_EQ(load({{"LOG_LEVEL", "error"}}).log_level, LogLevel::error);
  EXPECT_EQ(rejected({{"LOG_LEVEL", "trace"}}), "LOG_LEVEL");
}

TEST(Config, LogFormat) {
  EXPECT_EQ(load({{"LOG_FORMAT", "text"}}).log_format, LogFormat::text);
  EXPECT_EQ(load({{"LOG_FORMAT", "JSON"}}).log_format, LogFormat::json);
  EXPECT_EQ(rejected({{"LOG_FORMAT", "logfmt"}}), "LOG_FORMAT");
}

TEST(Config, WebDistDirNeedsIndexHtml) {
  TempDir dir;
  EXPECT_EQ(rejected({{"WEB_DIST_DIR", dir.path().string()}}), "WEB_DIST_DIR");
  EXPECT_EQ(rejected({{"WEB_DIST_DIR", (dir.path() / "missing").string()}}), "WEB_DIST_DIR");
  std::ofstream(dir.path() / "index.html") << "<!doctype html>";
  EXPECT_EQ(load({{"WEB_DIST_DIR", dir.path().string()}}).web_dist_dir, dir.path());
}

TEST(Config, HttpNumbers) {
  const auto c = load({{"HTTP_BODY_LIMIT_KB", "2048"},
                       {"HTTP_HEADER_TIMEOUT_SECONDS", "5"},
                       {"HTTP_IDLE_TIMEOUT_SECONDS", "30"},
                       {"SHUTDOWN_TIMEOUT_SECONDS", "0"},
                       {"IO_THREADS", "4"},
                       {"WORKER_THREADS", "8"},
                       {"WORKER_QUEUE_LIMIT", "100"}});
  EXPECT_EQ(c.body_limit_bytes, 2048U * 1024U);
  EXPECT_EQ(c.header_timeout, std::chrono::seconds(5));
  EXPECT_EQ(c.idle_timeout, std::chrono::seconds(30));
  EXPECT_EQ(c.shutdown_timeout, std::chrono::seconds(0));
  EXPECT_EQ(c.io_threads, 4U);
  EXPECT_EQ(c.worker_threads, 8U);
  EXPECT_EQ(c.worker_queue_limit, 100U);

  EXPECT_EQ(rejected({{"HTTP_BODY_LIMIT_KB", "0"}}), "HTTP_BODY_LIMIT_KB");
  EXPECT_EQ(rejected({{"HTTP_BODY_LIMIT_KB", "1048577"}}), "HTTP_BODY_LIMIT_KB");
  EXPECT_EQ(rejected({{"HTTP_HEADER_TIMEOUT_SECONDS", "0"}}), "HTTP_HEADER_TIMEOUT_SECONDS");
  EXPECT_EQ(rejected({{"HTTP_HEADER_TIMEOUT_SECONDS", "3601"}}), "HTTP_HEADER_TIMEOUT_SECONDS");
  EXPECT_EQ(rejected({{"HTTP_IDLE_TIMEOUT_SECONDS", "ten"}}), "HTTP_IDLE_TIMEOUT_SECONDS");
  EXPECT_EQ(rejected({{"SHUTDOWN_TIMEOUT_SECONDS", "-1"}}), "SHUTDOWN_TIMEOUT_SECONDS");
  EXPECT_EQ(rejected({{"IO_THREADS", "257"}}), "IO_THREADS");
  EXPECT_EQ(rejected({{"WORKER_THREADS", "0"}}), "WORKER_THREADS");
  EXPECT_EQ(rejected({{"WORKER_QUEUE_LIMIT", "1000001"}}), "WORKER_QUEUE_LIMIT");
}

TEST(Dotenv, ParsesKeysValuesCommentsAndExport) {
  const auto env = parse_dotenv(
      "# a comment\n"
      "\n"
      "HOST=127.0.0.1\n"
      "  SERVICE_PORT = 9000  \n"
      "export LOG_LEVEL=debug\n"
      "DOUBLE=\"a # not a comment\"\n"
      "SINGLE='it''s'\n"
      "TRAILING=value # a comment\n"
      "HASH=a#b\n"
      "EMPTY=\n"
      "EQUALS=a=b=c\r\n"
      "LAST=no newline");
  EXPECT_EQ(env.at("HOST"), "127.0.0.1");
  EXPECT_EQ(env.at("SERVICE_PORT"), "9000");
  EXPECT_EQ(env.at("LOG_LEVEL"), "debug");
  EXPECT_EQ(env.at("DOUBLE"), "a # not a comment");
  EXPECT_EQ(env.at("SINGLE"), "it''s");
  EXPECT_EQ(env.at("TRAILING"), "value");
  EXPECT_EQ(env.at("HASH"), "a#b");
  EXPECT_EQ(env.at("EMPTY"), "");
  EXPECT_EQ(env.at("EQUALS"), "a=b=c");
  EXPECT_EQ(env.at("LAST"), "no newline");
  EXPECT_EQ(env.size(), 10U);
}

TEST(Dotenv, LaterLinesWin) {
  const auto env = parse_dotenv("A=1\nA=2\n");
  EXPECT_EQ(env.at("A"), "2");
}

TEST(Dotenv, LoneQuoteIsKept) {
  const auto env = parse_dotenv("A=\"\nB='x\n");
  EXPECT_EQ(env.at("A"), "\"");
  EXPECT_EQ(env.at("B"), "'x");
}

TEST(Dotenv, BadLineNamesTheLine) {
  EXPECT_EQ(dotenv_error("A=1\nNOT A PAIR\n"), ".env line 2");
  EXPECT_EQ(dotenv_error("# c\n\n=value\n"), ".env line 3");
  EXPECT_EQ(dotenv_error("export\n"), ".env line 1");
  EXPECT_EQ(dotenv_error(""), "");
  EXPECT_TRUE(parse_dotenv("\n\n# only comments\n").empty());
}
