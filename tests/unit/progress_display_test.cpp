#include "app/progress_display.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

using namespace authorworks;
using Clock = std::chrono::steady_clock;

namespace {

generation::BookStatus running(double progress, std::string stage = "scene") {
  generation::BookStatus s;
  s.status = "running";
  s.stage = std::move(stage);
  s.progress = progress;
  s.words = 12345;
  s.target_words = 80000;
  s.tokens_in = 1'234'567;
  s.tokens_out = 45'600;
  s.cost_usd = 1.2345;
  s.eta_seconds = 245;
  return s;
}

// What a ProgressDisplay wrote, through a memory stream.
class Captured {
 public:
  Captured() : file_(open_memstream(&data_, &size_)) {}
  ~Captured() {
    std::fclose(file_);
    std::free(data_);
  }
  std::FILE* file() { return file_; }
  std::string text() {
    std::fflush(file_);
    return std::string(data_, size_);
  }

 private:
  char* data_ = nullptr;
  std::size_t size_ = 0;
  std::FILE* file_;
};

}  // namespace

TEST(ProgressFormat, CompactCounts) {
  EXPECT_EQ(format_compact_count(0), "0");
  EXPECT_EQ(format_compact_count(999), "999");
  EXPECT_EQ(format_compact_count(1000), "1.00k");
  EXPECT_EQ(format_compact_count(12'345), "12.3k");
  EXPECT_EQ(format_compact_count(999'949), "999.9k");
  EXPECT_EQ(format_compact_count(1'234'567), "1.23M");
  EXPECT_EQ(format_compact_count(45'600'000), "45.6M");
  EXPECT_EQ(format_compact_count(-1500), "-1.50k");
}

TEST(ProgressFormat, GroupedCounts) {
  EXPECT_EQ(format_grouped_count(0), "0");
  EXPECT_EQ(format_grouped_count(999), "999");
  EXPECT_EQ(format_grouped_count(1000), "1,000");
  EXPECT_EQ(format_grouped_count(1234567), "1,234,567");
  EXPECT_EQ(format_grouped_count(-80000), "-80,000");
}

TEST(ProgressFormat, Durations) {
  EXPECT_EQ(format_duration(0), "0s");
  EXPECT_EQ(format_duration(59), "59s");
  EXPECT_EQ(format_duration(245), "4m05s");
  EXPECT_EQ(format_duration(3725), "1h02m");
  EXPECT_EQ(format_duration(-3), "0s");
}

TEST(ProgressFormat, Cost) {
  EXPECT_EQ(format_cost(0), "$0.0000");
  EXPECT_EQ(format_cost(0.01234), "$0.0123");
  EXPECT_EQ(format_cost(12.345), "$12.35");  // 12.345 is 12.3450000000000006 in binary
  EXPECT_EQ(format_cost(-1), "$0.0000");
}

TEST(ProgressFormat, Bar) {
  EXPECT_EQ(format_bar(0, 10), "[----------]");
  EXPECT_EQ(format_bar(42, 10), "[####------]");
  EXPECT_EQ(format_bar(100, 10), "[##########]");
  EXPECT_EQ(format_bar(250, 4), "[####]");
  EXPECT_EQ(format_bar(-5, 4), "[----]");
}

TEST(ProgressFormat, RedrawnLineHasEveryFigure) {
  const auto line = format_progress_line(running(42.4), 120);
  EXPECT_EQ(line, "scene [" + std::string(12, '#') + std::string(18, '-') +
                      "] 42%  12,345/80,000 words  tokens 1.23M in / 45.6k out  $1.23  ETA 4m05s");
  EXPECT_LE(line.size(), 120u);
}

TEST(ProgressFormat, RedrawnLineFitsNarrowTerminals) {
  const auto line = format_progress_line(running(42.4), 60);
  EXPECT_LE(line.size(), 60u);
  EXPECT_EQ(line.find('['), std::string::npos);  // no room for a bar: the figures come first
  EXPECT_TRUE(line.starts_with("scene  42%"));
}

TEST(ProgressFormat, PlainLineWithoutEtaOrTarget) {
  auto s = running(3.0, "genre");
  s.eta_seconds.reset();
  s.target_words = 0;
  EXPECT_EQ(format_progress_plain(s),
            "progress: 3.0% stage genre, 12,345 words, tokens 1.23M in / 45.6k out, $1.23, ETA --");
  EXPECT_EQ(format_progress_plain(s).find('\r'), std::string::npos);
}

TEST(ProgressFormat, PlainLineDueOnStageBandOrTime) {
  const auto t0 = Clock::now();
  PlainProgressState last;
  EXPECT_TRUE(plain_line_due(last, running(1), t0));
  last = {"scene", 1, t0};
  EXPECT_FALSE(plain_line_due(last, running(19.9), t0 + std::chrono::seconds(1)));
  EXPECT_TRUE(plain_line_due(last, running(20.0), t0 + std::chrono::seconds(1)));
  EXPECT_TRUE(plain_line_due(last, running(15, "summary"), t0 + std::chrono::seconds(1)));
  EXPECT_TRUE(plain_line_due(last, running(15), t0 + std::chrono::seconds(5)));
}

TEST(ProgressDisplay, PlainModePrintsOnlyWhenDue) {
  Captured out;
  ProgressDisplay display(out.file(), false);
  const auto t0 = Clock::now();
  display.update(running(1), t0);
  display.update(running(2), t0 + std::chrono::milliseconds(100));  // same band, same stage
  display.update(running(11), t0 + std::chrono::milliseconds(200));
  display.finish();
  const auto text = out.text();
  EXPECT_EQ(text, format_progress_plain(running(1)) + "\n" + format_progress_plain(running(11)) + "\n");
}

TEST(ProgressDisplay, TerminalModeRedrawsOneLine) {
  Captured out;
  ProgressDisplay display(out.file(), true, 121);
  const auto t0 = Clock::now();
  display.update(running(1), t0);
  display.update(running(2), t0);
  display.finish();
  const auto text = out.text();
  EXPECT_EQ(text, "\r" + format_progress_line(running(1), 120) + "\x1b[K\r" + format_progress_line(running(2), 120) +
                      "\x1b[K\n");
}
