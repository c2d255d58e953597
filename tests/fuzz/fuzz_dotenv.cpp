// parse_dotenv over arbitrary bytes, then the configuration built from what it returns. Only
// ConfigError may escape; anything else is a crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/config.hpp"
#include "core/text.hpp"

namespace {
void check(bool condition) {
  if (!condition) __builtin_trap();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  authorworks::Environment env;
  try {
    env = authorworks::parse_dotenv(text);
  } catch (const authorworks::ConfigError& e) {
    check(e.variable().starts_with(".env line "));
    return 0;
  }
  for (const auto& [key, value] : env) {
    check(!key.empty());
    check(key == authorworks::trim(key));
    check(key.find('\n') == std::string::npos && key.find('=') == std::string::npos);
    check(value.find('\n') == std::string::npos);
  }
  try {
    const auto config = authorworks::load_config(env, "all", 8080);
    check(!config.host.empty() && !config.database_url.empty());
    check(config.body_limit_bytes >= 1024);
  } catch (const authorworks::ConfigError& e) {
    check(!e.variable().empty());
  }
  return 0;
}
