#pragma once
// Structured logging to stdout: one JSON object per line (LOG_FORMAT=json, for Loki) or readable
// text. Lines are buffered and written by a background thread so that the request path never waits
// on the terminal; warnings and errors are written at once.
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <variant>

#include "core/config.hpp"

namespace authorworks::log {

struct Field {
  std::string_view key;
  std::variant<std::string_view, std::int64_t, double, bool> value;

  Field(std::string_view k, std::string_view v) : key(k), value(v) {}
  Field(std::string_view k, const std::string& v) : key(k), value(std::string_view(v)) {}
  Field(std::string_view k, const char* v) : key(k), value(std::string_view(v)) {}
  Field(std::string_view k, std::int64_t v) : key(k), value(v) {}
  Field(std::string_view k, int v) : key(k), value(std::int64_t{v}) {}
  Field(std::string_view k, unsigned v) : key(k), value(std::int64_t{v}) {}
  Field(std::string_view k, std::size_t v) : key(k), value(static_cast<std::int64_t>(v)) {}
  Field(std::string_view k, double v) : key(k), value(v) {}
  Field(std::string_view k, bool v) : key(k), value(v) {}
};

void configure(LogLevel level, LogFormat format);
bool enabled(LogLevel level) noexcept;
void write(LogLevel level, std::string_view message, std::initializer_list<Field> fields = {});
void flush();
// Stops the background writer after writing everything buffered.
void shutdown();

inline void debug(std::string_view m, std::initializer_list<Field> f = {}) { write(LogLevel::debug, m, f); }
inline void info(std::string_view m, std::initializer_list<Field> f = {}) { write(LogLevel::info, m, f); }
inline void warn(std::string_view m, std::initializer_list<Field> f = {}) { write(LogLevel::warn, m, f); }
inline void error(std::string_view m, std::initializer_list<Field> f = {}) { write(LogLevel::error, m, f); }

// Appends `text` to `out` as the inside of a JSON string (quotes not included).
void append_json_escaped(std::string& out, std::string_view text);

}  // namespace authorworks::log
