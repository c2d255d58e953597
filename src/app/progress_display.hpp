#pragma once
// Live progress of a generation on the terminal (stderr). On a TTY one line is redrawn in place:
// stage, a bar, percent, words against the target, tokens in and out, cost and ETA. Anywhere else
// (a pipe, a log file, CI) plain lines are printed: one when the stage changes, one for every 10 %
// and one at least every 5 s, so a log shows steady progress without a flood.
//
// The formatting is a set of pure functions, tested on their own; the class only decides when to
// write and remembers what it wrote.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>

#include "generation/generation_service.hpp"

namespace authorworks {

// "950", "12.3k", "4.56M"
std::string format_compact_count(std::int64_t count);
// "12,345"
std::string format_grouped_count(std::int64_t count);
// "45s", "4m05s", "1h02m"
std::string format_duration(std::int64_t seconds);
// "$0.0123" below a dollar, "$12.34" above
std::string format_cost(double usd);
// A bar of `width` cells between brackets: "[#####-----]".
std::string format_bar(double percent, int width);

// The redrawn line, at most `columns` characters (the bar shrinks first, then the line is cut).
std::string format_progress_line(const generation::BookStatus& status, int columns);
// One plain progress line (no terminal control characters).
std::string format_progress_plain(const generation::BookStatus& status);

// When a plain line is due: the stage changed, progress crossed into another 10 % band, or 5 s
// passed since the last line.
struct PlainProgressState {
  std::string stage;
  int band = -1;
  std::optional<std::chrono::steady_clock::time_point> last;
};
bool plain_line_due(const PlainProgressState& last, const generation::BookStatus& status,
                    std::chrono::steady_clock::time_point now);

class ProgressDisplay {
 public:
  // `tty`: redraw one line (isatty of the stream); `columns`: the terminal's width.
  ProgressDisplay(std::FILE* out, bool tty, int columns = 100);

  void update(const generation::BookStatus& status, std::chrono::steady_clock::time_point now);
  // Ends the redrawn line (a newline), so that whatever is printed next starts on its own line.
  void finish();

 private:
  std::FILE* out_;
  bool tty_;
  int columns_;
  bool line_open_ = false;
  PlainProgressState plain_;
};

}  // namespace authorworks
