#include "core/log.hpp"

#include <unistd.h>

#include <atomic>
#include <charconv>
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

// "2026-11-28T21:55:52.123Z". The text up to the seconds is formatted once a second per thread.
void append_timestamp(std::string& out) {
  struct Cache {
    std::int64_t second = -1;
    char prefix[24] = {};  // "2026-11-28T21:55:52."
    std::size_t size = 0;
  };
  thread_local Cache cache;
  const auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
  const auto ms_total = std::chrono::duration_cast<std::chrono::milliseconds>(since_epoch).count();
  const auto second = ms_total / 1000;
  const auto ms = static_cast<int>(ms_total % 1000);
  if (second != cache.second) {
    const auto secs = static_cast<std::time_t>(second);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    const auto n = std::snprintf(cache.prefix, sizeof cache.prefix, "%04d-%02d-%02dT%02d:%02d:%02d.", tm.tm_year + 1900,
                                 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    cache.size = n > 0 ? static_cast<std::size_t>(n) : 0;
    cache.second = second;
  }
  const char tail[4] = {static_cast<char>('0' + ms / 100), static_cast<char>('0' + ms / 10 % 10),
                        static_cast<char>('0' + ms % 10), 'Z'};
  out.append(cache.prefix, cache.size);
  out.append(tail, sizeof tail);
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
          // As printf's "%.6g".
          char buf[32];
          const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::general, 6);
          out.append(buf, ec == std::errc{} ? end : buf);
        } else {
          char buf[24];
          const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
          out.append(buf, ec == std::errc{} ? end : buf);
        }
      },
      f.value);
}

}  // namespace

void append_json_escaped(std::string& out, std::string_view text) {
  static constexpr char hex[] = "0123456789abcdef";
  // Runs of characters that need no escaping are appended at once.
  std::size_t run = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(text.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default: {
        const char escaped[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xF]};
        out.append(escaped, sizeof escaped);
      }
    }
  }
  out.append(text.data() + run, text.size() - run);
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
  line.reserve(256);
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
