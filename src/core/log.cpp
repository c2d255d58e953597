#include "core/log.hpp"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <thread>

namespace authorworks::log {
namespace {

struct State {
  std::atomic<int> level{static_cast<int>(LogLevel::info)};
  std::atomic<LogFormat> format{LogFormat::json};
  std::mutex mutex;
  std::condition_variable wake;
  std::string buffer;
  bool stop = false;
  std::thread writer;
};

State& state() {
  static State* s = new State();  // never destroyed: logging works during static destruction
  return *s;
}

void write_all(const std::string& text) {
  std::size_t done = 0;
  while (done < text.size()) {
    const auto n = ::write(STDOUT_FILENO, text.data() + done, text.size() - done);
    if (n <= 0) return;
    done += static_cast<std::size_t>(n);
  }
}

void flush_locked(std::unique_lock<std::mutex>& lock) {
  auto& s = state();
  if (s.buffer.empty()) return;
  std::string out;
  out.swap(s.buffer);
  lock.unlock();
  write_all(out);
  lock.lock();
}

void writer_loop() {
  auto& s = state();
  std::unique_lock lock(s.mutex);
  while (!s.stop) {
    s.wake.wait_for(lock, std::chrono::milliseconds(100));
    flush_locked(lock);
  }
  flush_locked(lock);
}

std::string_view level_name(LogLevel level) {
  switch (level) {
    case LogLevel::debug: return "debug";
    case LogLevel::info: return "info";
    case LogLevel::warn: return "warn";
    case LogLevel::error: return "error";
  }
  return "info";
}

void append_timestamp(std::string& out) {
  const auto now = std::chrono::system_clock::now();
  const auto secs = std::chrono::system_clock::to_time_t(now);
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[40];
  const auto n = std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                               tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
  out.append(buf, static_cast<std::size_t>(n));
}

void append_value(std::string& out, const Field& f, bool json) {
  std::visit(
      [&](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::string_view>) {
          if (json) {
            out += '"';
            append_json_escaped(out, v);
            out += '"';
          } else {
            out += v;
          }
        } else if constexpr (std::is_same_v<T, bool>) {
          out += v ? "true" : "false";
        } else if constexpr (std::is_same_v<T, double>) {
          char buf[32];
          const auto n = std::snprintf(buf, sizeof buf, "%.6g", v);
          out.append(buf, static_cast<std::size_t>(n));
        } else {
          out += std::to_string(v);
        }
      },
      f.value);
}

}  // namespace

void append_json_escaped(std::string& out, std::string_view text) {
  static constexpr char hex[] = "0123456789abcdef";
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          out += "\\u00";
          out += hex[c >> 4];
          out += hex[c & 0xF];
        } else {
          out += ch;
        }
    }
  }
}

void configure(LogLevel level, LogFormat format) {
  auto& s = state();
  s.level = static_cast<int>(level);
  s.format = format;
  std::lock_guard lock(s.mutex);
  if (!s.writer.joinable() && !s.stop) s.writer = std::thread(writer_loop);
}

bool enabled(LogLevel level) noexcept {
  return static_cast<int>(level) >= state().level.load(std::memory_order_relaxed);
}

void write(LogLevel level, std::string_view message, std::initializer_list<Field> fields) {
  if (!enabled(level)) return;
  auto& s = state();
  const bool json = s.format.load(std::memory_order_relaxed) == LogFormat::json;
  std::string line;
  line.reserve(192);
  if (json) {
    line += "{\"ts\":\"";
    append_timestamp(line);
    line += "\",\"level\":\"";
    line += level_name(level);
    line += "\",\"msg\":\"";
    append_json_escaped(line, message);
    line += '"';
    for (const auto& f : fields) {
      line += ",\"";
      append_json_escaped(line, f.key);
      line += "\":";
      append_value(line, f, true);
    }
    line += "}\n";
  } else {
    append_timestamp(line);
    line += ' ';
    line += level_name(level);
    line += ' ';
    line += message;
    for (const auto& f : fields) {
      line += ' ';
      line += f.key;
      line += '=';
      append_value(line, f, false);
    }
    line += '\n';
  }
  std::unique_lock lock(s.mutex);
  s.buffer += line;
  if (level >= LogLevel::warn || !s.writer.joinable() || s.buffer.size() > 64 * 1024) flush_locked(lock);
}

void flush() {
  auto& s = state();
  std::unique_lock lock(s.mutex);
  flush_locked(lock);
}

void shutdown() {
  auto& s = state();
  {
    std::lock_guard lock(s.mutex);
    s.stop = true;
  }
  s.wake.notify_all();
  if (s.writer.joinable()) s.writer.join();
  flush();
}

}  // namespace authorworks::log
