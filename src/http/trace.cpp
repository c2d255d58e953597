#include "http/trace.hpp"

#include <random>

#include "http/headers.hpp"

namespace authorworks::http {
namespace {
bool is_lower_hex(std::string_view s) {
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}
}  // namespace

std::string random_hex(std::size_t bytes) {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes * 2);
  std::uint64_t word = 0;
  for (std::size_t i = 0; i < bytes; ++i) {
    if (i % 8 == 0) word = rng();
    const auto b = static_cast<unsigned>(word & 0xFF);
    word >>= 8;
    out += digits[b >> 4];
    out += digits[b & 0xF];
  }
  return out;
}

std::string trace_id_for(const Headers& headers) {
  if (const auto tp = headers.get("traceparent")) {
    // version "-" trace-id(32) "-" parent-id(16) "-" flags(2)
    const std::string_view v = *tp;
    if (v.size() >= 55 && v[2] == '-' && v[35] == '-' && v[52] == '-') {
      const auto id = v.substr(3, 32);
      if (is_lower_hex(id) && id != std::string(32, '0')) return std::string(id);
    }
  }
  if (const auto rid = headers.get("X-Request-Id")) {
    const std::string_view v = *rid;
    bool ok = !v.empty() && v.size() <= 128;
    for (char c : v) ok = ok && c > 0x20 && c < 0x7f && c != '"' && c != '\\';
    if (ok) return std::string(v);
  }
  return random_hex(16);
}

}  // namespace authorworks::http
