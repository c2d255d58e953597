#include "db/timestamps.hpp"

#include <charconv>
#include <cstdio>

namespace authorworks::db {
namespace {

bool read_int(std::string_view text, std::size_t pos, std::size_t length, int& out) {
  if (pos + length > text.size()) return false;
  for (std::size_t i = pos; i < pos + length; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  std::from_chars(text.data() + pos, text.data() + pos + length, out);
  return true;
}

}  // namespace

std::string to_timestamp(Clock::time_point time) {
  using namespace std::chrono;
  const auto ms = floor<milliseconds>(time);
  const auto day = floor<days>(ms);
  const year_month_day ymd{day};
  const hh_mm_ss hms{ms - day};
  char buffer[40];
  const int n =
      std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", static_cast<int>(ymd.year()),
                    static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                    static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                    static_cast<int>(hms.seconds().count()), static_cast<int>(hms.subseconds().count()));
  return std::string(buffer, static_cast<std::size_t>(n));
}

std::string now_timestamp() { return to_timestamp(Clock::now()); }

std::optional<Clock::time_point> parse_timestamp(std::string_view text) {
  using namespace std::chrono;
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0, ms = 0;
  if (!read_int(text, 0, 4, y) || text.size() < 20 || text[4] != '-' || !read_int(text, 5, 2, mo) || text[7] != '-' ||
      !read_int(text, 8, 2, d) || text[10] != 'T' || !read_int(text, 11, 2, h) || text[13] != ':' ||
      !read_int(text, 14, 2, mi) || text[16] != ':' || !read_int(text, 17, 2, s)) {
    return std::nullopt;
  }
  std::size_t pos = 19;
  if (text[pos] == '.') {
    if (!read_int(text, pos + 1, 3, ms)) return std::nullopt;
    pos += 4;
  }
  if (pos + 1 != text.size() || text[pos] != 'Z') return std::nullopt;
  const year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
  if (!ymd.ok() || h > 23 || mi > 59 || s > 59) return std::nullopt;
  return Clock::time_point{sys_days{ymd} + hours{h} + minutes{mi} + seconds{s} + milliseconds{ms}};
}

}  // namespace authorworks::db
