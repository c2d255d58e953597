#include "app/progress_display.hpp"

#include <algorithm>
#include <cmath>

namespace authorworks {
namespace {

constexpr auto kPlainInterval = std::chrono::seconds(5);

std::string fixed(double value, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return buffer;
}

double clamp_percent(double percent) {
  if (!std::isfinite(percent)) return 0;
  return std::clamp(percent, 0.0, 100.0);
}

std::string stage_of(const generation::BookStatus& status) {
  if (!status.stage.empty()) return status.stage;
  return status.status.empty() ? "starting" : status.status;
}

std::string words_part(const generation::BookStatus& status) {
  std::string words = format_grouped_count(status.words);
  if (status.target_words > 0) words += "/" + format_grouped_count(status.target_words);
  return words + " words";
}

std::string tokens_part(const generation::BookStatus& status) {
  return "tokens " + format_compact_count(status.tokens_in) + " in / " + format_compact_count(status.tokens_out) +
         " out";
}

std::string eta_part(const generation::BookStatus& status) {
  if (!status.eta_seconds) return "ETA --";
  return "ETA " + format_duration(*status.eta_seconds);
}

}  // namespace

std::string format_compact_count(std::int64_t count) {
  const bool negative = count < 0;
  const double value = std::fabs(static_cast<double>(count));
  std::string out;
  if (value < 1000) {
    out = std::to_string(static_cast<std::int64_t>(value));
  } else if (value < 999'950) {
    out = fixed(value / 1e3, value < 9'995 ? 2 : 1) + "k";
  } else if (value < 999'950'000) {
    out = fixed(value / 1e6, value < 9'995'000 ? 2 : 1) + "M";
  } else {
    out = fixed(value / 1e9, 2) + "G";
  }
  return negative ? "-" + out : out;
}

std::string format_grouped_count(std::int64_t count) {
  const bool negative = count < 0;
  auto digits = std::to_string(negative ? -count : count);
  std::string out;
  const auto n = digits.size();
  for (std::size_t i = 0; i < n; ++i) {
    if (i > 0 && (n - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return negative ? "-" + out : out;
}

std::string format_duration(std::int64_t seconds) {
  if (seconds < 0) seconds = 0;
  char buffer[32];
  if (seconds < 60) {
    std::snprintf(buffer, sizeof buffer, "%llds", static_cast<long long>(seconds));
  } else if (seconds < 3600) {
    std::snprintf(buffer, sizeof buffer, "%lldm%02llds", static_cast<long long>(seconds / 60),
                  static_cast<long long>(seconds % 60));
  } else {
    std::snprintf(buffer, sizeof buffer, "%lldh%02lldm", static_cast<long long>(seconds / 3600),
                  static_cast<long long>(seconds % 3600 / 60));
  }
  return buffer;
}

std::string format_cost(double usd) {
  if (!std::isfinite(usd) || usd < 0) usd = 0;
  return "$" + fixed(usd, usd < 1 ? 4 : 2);
}

std::string format_bar(double percent, int width) {
  width = std::max(width, 1);
  const int filled = static_cast<int>(std::floor(clamp_percent(percent) / 100.0 * width));
  return "[" + std::string(static_cast<std::size_t>(filled), '#') +
         std::string(static_cast<std::size_t>(width - filled), '-') + "]";
}

std::string format_progress_line(const generation::BookStatus& status, int columns) {
  const double percent = clamp_percent(status.progress);
  const std::string head = stage_of(status) + " ";
  const std::string tail = " " + fixed(percent, 0) + "%  " + words_part(status) + "  " + tokens_part(status) + "  " +
                           format_cost(status.cost_usd) + "  " + eta_part(status);
  constexpr int kWidestBar = 30;
  constexpr int kNarrowestBar = 10;
  const int room = columns - static_cast<int>(head.size() + tail.size()) - 2;
  std::string line = head;
  if (room >= kNarrowestBar) line += format_bar(percent, std::min(room, kWidestBar));
  line += tail;
  if (columns > 0 && line.size() > static_cast<std::size_t>(columns)) line.resize(static_cast<std::size_t>(columns));
  return line;
}

std::string format_progress_plain(const generation::BookStatus& status) {
  return "progress: " + fixed(clamp_percent(status.progress), 1) + "% stage " + stage_of(status) + ", " +
         words_part(status) + ", " + tokens_part(status) + ", " + format_cost(status.cost_usd) + ", " +
         eta_part(status);
}

bool plain_line_due(const PlainProgressState& last, const generation::BookStatus& status,
                    std::chrono::steady_clock::time_point now) {
  if (!last.last) return true;
  if (stage_of(status) != last.stage) return true;
  if (static_cast<int>(clamp_percent(status.progress) / 10) != last.band) return true;
  return now - *last.last >= kPlainInterval;
}

ProgressDisplay::ProgressDisplay(std::FILE* out, bool tty, int columns) : out_(out), tty_(tty), columns_(columns) {}

void ProgressDisplay::update(const generation::BookStatus& status, std::chrono::steady_clock::time_point now) {
  if (tty_) {
    // Clearing to the end of the line removes what a longer earlier line left behind.
    std::fprintf(out_, "\r%s\x1b[K", format_progress_line(status, columns_ - 1).c_str());
    line_open_ = true;
  } else {
    if (!plain_line_due(plain_, status, now)) return;
    std::fprintf(out_, "%s\n", format_progress_plain(status).c_str());
    plain_.stage = stage_of(status);
    plain_.band = static_cast<int>(clamp_percent(status.progress) / 10);
    plain_.last = now;
  }
  std::fflush(out_);
}

void ProgressDisplay::finish() {
  if (line_open_) {
    std::fputc('\n', out_);
    std::fflush(out_);
    line_open_ = false;
  }
}

}  // namespace authorworks
