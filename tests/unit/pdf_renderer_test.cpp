// render_pdf checked with the tools a printer or reader would use: qpdf for the file's structure,
// poppler's pdfinfo, pdffonts and pdftotext for pages, fonts and text. The tools must be installed
// (scripts/install-deps.sh --test); a missing tool fails the test.
#include "export/pdf_renderer.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <thread>

#include "core/error.hpp"

using namespace authorworks::exporting;
using authorworks::llm::BookKind;

namespace {

struct CommandResult {
  int status = -1;
  std::string out;
};

CommandResult run(const std::string& command) {
  CommandResult result;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return result;
  char buffer[4096];
  std::size_t read = 0;
  while ((read = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) result.out.append(buffer, read);
  result.status = pclose(pipe);
  return result;
}

std::string tool(const std::string& command) {
  const auto result = run(command);
  EXPECT_EQ(result.status, 0) << command << "\n" << result.out;
  return result.out;
}

class TempDir {
 public:
  TempDir() {
    path_ = std::filesystem::temp_directory_path() /
            ("authorworks-pdf-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  std::filesystem::path file(const std::string& name) const { return path_ / name; }

 private:
  static inline int counter_ = 0;
  std::filesystem::path path_;
};

std::string quoted(const std::filesystem::path& path) { return "'" + path.string() + "'"; }

// Words a sentence is made of: long ones so that justified lines hyphenate.
const std::vector<std::string> kWords = {"the",           "harbour",       "lanterns", "remembered", "every",
                                         "ship",          "extraordinary", "weather",  "carried",    "understanding",
                                         "quietly",       "across",        "the",      "water",      "notwithstanding",
                                         "circumstances", "beneath",       "grey",     "morning",    "lighthouse"};

// A paragraph that starts with a marker ("QC2S1P3") so that its place in the text can be found.
std::string paragraph(int chapter, int scene, int number, int sentences) {
  std::string text = "QC" + std::to_string(chapter) + "S" + std::to_string(scene) + "P" + std::to_string(number);
  for (int s = 0; s < sentences; ++s) {
    text += s == 0 ? " opens as" : ". Then";
    for (int w = 0; w < 9; ++w) {
      text +=
          " " + kWords[static_cast<std::size_t>((chapter * 7 + scene * 5 + number * 3 + s * 11 + w) % kWords.size())];
    }
  }
  return text + ".";
}

// Chapters of different lengths, so that some end on a recto and some on a verso.
BookDocument novel(int chapters = 4) {
  BookDocument book;
  book.title = "The Harbour Lights";
  book.author = "Mara Quill";
  book.kind = BookKind::novel;
  book.genre = "literary mystery";
  book.writer = "Offline writer (not an AI model)";
  book.generated = "2026-11-28";
  const std::vector<std::string> titles = {"Arrival", "The Lamp Room", "Low Tide", "Departure", "The Keeper", "Fog"};
  for (int c = 1; c <= chapters; ++c) {
    ChapterDocument chapter{c, titles[static_cast<std::size_t>(c - 1) % titles.size()], {}};
    for (int s = 1; s <= 2; ++s) {
      std::string text;
      const int paragraphs = 4 + (c * 3 + s) % 7;
      for (int p = 1; p <= paragraphs; ++p) text += paragraph(c, s, p, 2 + (p + c) % 4) + "\n\n";
      chapter.scenes.push_back({s, "Scene " + std::to_string(s), text});
    }
    book.chapters.push_back(std::move(chapter));
  }
  return book;
}

// pdftotext's text with the hyphens of broken words joined and all white space single spaces.
std::string normalised(std::string text) {
  text = std::regex_replace(text, std::regex("(\xC2\xAD|-)\n\f?"), "");
  text = std::regex_replace(text, std::regex("[\\s\f]+"), " ");
  return text;
}

int page_count(const std::filesystem::path& pdf) {
  std::smatch match;
  const auto info = tool("pdfinfo " + quoted(pdf));
  if (!std::regex_search(info, match, std::regex(R"(Pages:\s+(\d+))"))) return 0;
  return std::stoi(match[1]);
}

std::string page_text(const std::filesystem::path& pdf, int page, bool layout = false) {
  return tool("pdftotext " + std::string(layout ? "-layout " : "") + "-f " + std::to_string(page) + " -l " +
              std::to_string(page) + " " + quoted(pdf) + " -");
}

// Words on a page with their left edges, from pdftotext -bbox.
std::multimap<std::string, double> word_positions(const std::filesystem::path& pdf, int page) {
  const auto html =
      tool("pdftotext -bbox -f " + std::to_string(page) + " -l " + std::to_string(page) + " " + quoted(pdf) + " -");
  std::multimap<std::string, double> words;
  const std::regex word(R"re(<word xMin="([0-9.]+)" yMin="[0-9.]+" xMax="([0-9.]+)" yMax="[0-9.]+">([^<]*)</word>)re");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), word); it != std::sregex_iterator(); ++it) {
    words.emplace((*it)[3], std::stod((*it)[1]));
  }
  return words;
}

void expect_in_order(const std::string& text, const std::vector<std::string>& parts) {
  std::size_t at = 0;
  for (const auto& part : parts) {
    const auto found = text.find(part, at);
    ASSERT_NE(found, std::string::npos) << "'" << part << "' missing or out of order";
    at = found + part.size();
  }
}

void expect_valid_pdf(const std::filesystem::path& pdf) {
  const auto check = run("qpdf --check " + quoted(pdf));
  EXPECT_EQ(check.status, 0) << check.out;
  EXPECT_NE(check.out.find("No syntax or stream encoding errors found"), std::string::npos) << check.out;
}

// Every font in the file embedded; returns pdffonts' listing.
std::string expect_embedded_fonts(const std::filesystem::path& pdf) {
  const auto fonts = tool("pdffonts " + quoted(pdf));
  std::istringstream lines(fonts);
  std::string line;
  int rows = 0;
  while (std::getline(lines, line)) {
    if (line.starts_with("name") || line.starts_with("----") || line.empty()) continue;
    ++rows;
    // Columns: name type encoding emb sub uni object ID; "emb" is the fourth from the end.
    std::istringstream columns(line);
    std::vector<std::string> words;
    for (std::string word; columns >> word;) words.push_back(word);
    if (words.size() < 7) {
      ADD_FAILURE() << "unexpected pdffonts line: " << line;
      continue;
    }
    EXPECT_EQ(words[words.size() - 5], "yes") << "not embedded: " << line;
  }
  EXPECT_GT(rows, 0) << fonts;
  return fonts;
}

}  // namespace

TEST(PdfRenderer, NovelPassesQpdfCheckWithEmbeddedGaramondOnSixByNinePages) {
  TempDir dir;
  const auto pdf = dir.file("novel.pdf");
  render_pdf(novel(), pdf);
  expect_valid_pdf(pdf);
  const auto info = tool("pdfinfo " + quoted(pdf));
  EXPECT_NE(info.find("432 x 648 pts"), std::string::npos) << info;
  EXPECT_NE(info.find("The Harbour Lights"), std::string::npos) << info;
  EXPECT_NE(info.find("Mara Quill"), std::string::npos) << info;
  const auto fonts = expect_embedded_fonts(pdf);
  EXPECT_NE(fonts.find("EBGaramond"), std::string::npos) << fonts;
}

TEST(PdfRenderer, NovelTextComesBackInReadingOrder) {
  TempDir dir;
  const auto pdf = dir.file("novel.pdf");
  const auto book = novel();
  render_pdf(book, pdf);
  // The text block only (below the running heads), so that a paragraph broken by a page reads whole.
  const auto raw = tool("pdftotext -x 0 -y 54 -W 432 -H 594 " + quoted(pdf) + " -");
  const auto text = normalised(raw);
  std::vector<std::string> expected = {"The Harbour Lights", "Mara Quill", "Contents"};
  for (const auto& chapter : book.chapters) expected.push_back(chapter.title);
  for (const auto& chapter : book.chapters) {
    expected.push_back("Chapter " + std::to_string(chapter.number));
    expected.push_back(chapter.title);
    for (const auto& scene : chapter.scenes) {
      // Each paragraph whole, in order: hyphenation must leave its words intact.
      std::istringstream paragraphs(scene.text);
      for (std::string line; std::getline(paragraphs, line);) {
        if (!line.empty()) expected.push_back(line);
      }
    }
  }
  expect_in_order(text, expected);
  // Soft hyphens are breaking hints, never text: none may survive inside a word.
  EXPECT_EQ(normalised(raw).find("\xC2\xAD"), std::string::npos);
}

TEST(PdfRenderer, NovelHyphenatesJustifiedLines) {
  TempDir dir;
  const auto pdf = dir.file("novel.pdf");
  render_pdf(novel(), pdf);
  const auto text = tool("pdftotext " + quoted(pdf) + " -");
  // A line ending in a hyphen that pdftotext reports: either the drawn hyphen or the soft one.
  EXPECT_TRUE(std::regex_search(text, std::regex("[a-z](-|\xC2\xAD)\n[a-z]"))) << "no hyphenated line end";
}

TEST(PdfRenderer, ChaptersOpenOnRectosWhereTheContentsSay) {
  TempDir dir;
  const auto pdf = dir.file("novel.pdf");
  const auto book = novel(5);
  render_pdf(book, pdf);
  const int pages = page_count(pdf);
  ASSERT_GT(pages, 10);
  // The contents are on page 3, a recto; each entry ends with the page its chapter starts on.
  const auto contents = page_text(pdf, 3, true);
  ASSERT_NE(contents.find("Contents"), std::string::npos) << contents;
  bool blank_verso_seen = false;
  for (const auto& chapter : book.chapters) {
    std::smatch match;
    const std::regex entry(std::to_string(chapter.number) + R"(\s+)" + chapter.title + R"(\s+(\d+))");
    ASSERT_TRUE(std::regex_search(contents, match, entry)) << "no entry for " << chapter.title << "\n" << contents;
    const int page = std::stoi(match[1]);
    EXPECT_EQ(page % 2, 1) << chapter.title << " starts on a verso";
    ASSERT_LE(page, pages);
    const auto opening = normalised(page_text(pdf, page));
    expect_in_order(opening, {"Chapter " + std::to_string(chapter.number), chapter.title,
                              "QC" + std::to_string(chapter.number) + "S1P1 "});
    // No running head or folio on an opening page: it begins with the chapter's label.
    EXPECT_TRUE(opening.starts_with("Chapter " + std::to_string(chapter.number))) << opening.substr(0, 80);
    const auto before = normalised(page_text(pdf, page - 1));
    if (before.find_first_not_of(" \f") == std::string::npos) blank_verso_seen = true;
  }
  EXPECT_TRUE(blank_verso_seen) << "expected one chapter to end on a recto and leave a blank verso";
}

TEST(PdfRenderer, BodyPagesCarryRunningHeadsAndFolios) {
  TempDir dir;
  const auto pdf = dir.file("novel.pdf");
  const auto book = novel(2);
  render_pdf(book, pdf);
  // Chapter 1 opens on page 5 (title, imprint, contents, blank); pages 6 and 7 continue it.
  const auto verso = page_text(pdf, 6, true);
  const auto recto = page_text(pdf, 7, true);
  EXPECT_TRUE(std::regex_search(verso, std::regex(R"(^\s*6\s+The Harbour Lights)"))) << verso.substr(0, 200);
  EXPECT_TRUE(std::regex_search(recto, std::regex(R"(^\s*Arrival\s+7)"))) << recto.substr(0, 200);
}

TEST(PdfRenderer, AccentedAndCjkTextRenders) {
  TempDir dir;
  const auto pdf = dir.file("world.pdf");
  BookDocument book;
  book.title = "Café Stories";
  book.author = "Zoë Tanaka";
  book.generated = "2026-11-28";
  book.chapters = {{1,
                    "Tōkyō",
                    {{1, "",
                      "Zoë, naïve café owner, counted the crème brûlée.\n\n東京の夜は静かだった。\n\n"
                      "Then the \"last\" train left, and Zoë's coat was wet."}}}};
  render_pdf(book, pdf);
  expect_valid_pdf(pdf);
  const auto fonts = expect_embedded_fonts(pdf);
  EXPECT_NE(fonts.find("CJK"), std::string::npos) << "no CJK fallback font:\n" << fonts;
  const auto text = normalised(tool("pdftotext " + quoted(pdf) + " -"));
  expect_in_order(text, {"Café Stories", "Zoë Tanaka", "Tōkyō", "Zoë, naïve café owner, counted the crème brûlée.",
                         "東京の夜は静かだった。",
                         "Then the \xE2\x80\x9Clast\xE2\x80\x9D train left, and Zoë\xE2\x80\x99s coat was wet."});
}

TEST(PdfRenderer, SameBookGivesTheSameBytes) {
  TempDir dir;
  const auto first = dir.file("a.pdf");
  const auto second = dir.file("b.pdf");
  render_pdf(novel(2), first);
  render_pdf(novel(2), second);
  auto bytes = [](const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  const auto a = bytes(first);
  EXPECT_GT(a.size(), 1000U);
  EXPECT_EQ(a, bytes(second));
  const auto info = tool("pdfinfo " + quoted(first));
  EXPECT_TRUE(std::regex_search(info, std::regex(R"(CreationDate:\s+\w+ Nov 28 00:00:00 2026)"))) << info;
}

TEST(PdfRenderer, RendersOnSeveralThreadsAtOnce) {
  // Renders at once stay independent: each file is whole and holds the same pages and text. (Their
  // bytes may differ: cairo numbers its font resources from a process-wide counter, so concurrent
  // renders can name the same font differently.)
  TempDir dir;
  const auto book = novel(2);
  std::vector<std::thread> threads;
  for (int i = 0; i < 3; ++i) {
    threads.emplace_back([&, i] { render_pdf(book, dir.file("t" + std::to_string(i) + ".pdf")); });
  }
  for (auto& thread : threads) thread.join();
  const auto reference = tool("pdftotext -layout " + quoted(dir.file("t0.pdf")) + " -");
  EXPECT_NE(reference.find("Chapter"), std::string::npos);
  for (int i = 0; i < 3; ++i) {
    const auto file = dir.file("t" + std::to_string(i) + ".pdf");
    EXPECT_EQ(std::system(("qpdf --check " + quoted(file) + " >/dev/null").c_str()), 0) << file;
    EXPECT_EQ(tool("pdftotext -layout " + quoted(file) + " -"), reference) << file;
  }
}

TEST(PdfRenderer, UnwritableDestinationIsAnError) {
  try {
    render_pdf(novel(1), "/nonexistent-folder/book.pdf");
    FAIL() << "expected an error";
  } catch (const authorworks::Error& error) {
    EXPECT_EQ(error.code(), authorworks::ErrorCode::internal);
  }
}

namespace {

BookDocument screenplay(int speech_sentences = 3) {
  BookDocument book;
  book.title = "Night Ferry";
  book.author = "Mara Quill";
  book.kind = BookKind::screenplay;
  book.generated = "2026-11-28";
  std::string long_speech;
  for (int i = 0; i < speech_sentences; ++i) long_speech += "I kept the lamp lit for you every night. ";
  book.chapters = {
      {1,
       "Departure",
       {{1, "Dock",
         "INT. FERRY TERMINAL - NIGHT\n\nRain hammers the glass. MARA waits by the gate.\n\nMARA\n(quietly)\n" +
             long_speech +
             "\n\nJONAS\nThen why did you leave?\n\nCUT TO:\n\nEXT. DOCK - CONTINUOUS\n\nThe ferry "
             "horn sounds."}}},
  };
  return book;
}

}  // namespace

TEST(PdfRenderer, ScreenplayInStandardFormat) {
  TempDir dir;
  const auto pdf = dir.file("script.pdf");
  render_pdf(screenplay(), pdf);
  expect_valid_pdf(pdf);
  const auto info = tool("pdfinfo " + quoted(pdf));
  EXPECT_NE(info.find("612 x 792 pts"), std::string::npos) << info;
  const auto fonts = expect_embedded_fonts(pdf);
  EXPECT_NE(fonts.find("Courier Prime"), std::string::npos) << fonts;
  const auto title = normalised(page_text(pdf, 1));
  expect_in_order(title, {"NIGHT FERRY", "written by", "Mara Quill"});
  const auto text = normalised(page_text(pdf, 2));
  expect_in_order(text,
                  {"INT. FERRY TERMINAL - NIGHT", "Rain hammers the glass.", "MARA", "(quietly)", "I kept the lamp lit",
                   "JONAS", "Then why did you leave?", "CUT TO:", "EXT. DOCK - CONTINUOUS", "The ferry horn sounds."});
  // Measured from the page's left edge: heading and action 1.5 in, cue 3.7 in, parenthetical 3.1 in,
  // dialogue 2.5 in; the transition ends at the right margin (7.5 in).
  const auto words = word_positions(pdf, 2);
  // Whether `word` occurs starting `x` points from the page's left edge.
  auto at = [&](const std::string& word, double x) {
    const auto [first, last] = words.equal_range(word);
    for (auto it = first; it != last; ++it) {
      if (std::abs(it->second - x) < 1) return true;
    }
    return false;
  };
  EXPECT_TRUE(at("INT.", 108));
  EXPECT_TRUE(at("Rain", 108));
  EXPECT_TRUE(at("MARA", 266.4));
  EXPECT_TRUE(at("JONAS", 266.4));
  EXPECT_TRUE(at("(quietly)", 223.2));
  EXPECT_TRUE(at("Then", 180));
  EXPECT_TRUE(at("TO:", 540 - 3 * 7.2));  // Courier 12 pt: 7.2 pt a character
  // Page 2 is the script's first page: no number on it.
  EXPECT_FALSE(std::regex_search(page_text(pdf, 2), std::regex(R"(^\s*1\.)")));
}

TEST(PdfRenderer, ScreenplaySpeechAcrossPagesSaysMoreAndContinued) {
  TempDir dir;
  const auto pdf = dir.file("script.pdf");
  render_pdf(screenplay(120), pdf);
  expect_valid_pdf(pdf);
  ASSERT_GE(page_count(pdf), 3);
  const auto first = page_text(pdf, 2);
  const auto second = page_text(pdf, 3);
  EXPECT_NE(first.find("(MORE)"), std::string::npos) << first;
  EXPECT_NE(second.find("MARA (CONT'D)"), std::string::npos) << second;
  // The second page of the script is numbered at the top right.
  const auto words = word_positions(pdf, 3);
  const auto number = words.find("2.");
  ASSERT_NE(number, words.end());
  EXPECT_NEAR(number->second + 2 * 7.2, 540, 1);
}

TEST(PdfRenderer, PlayInStagePlayLayout) {
  TempDir dir;
  const auto pdf = dir.file("play.pdf");
  BookDocument book;
  book.title = "The Lamp Room";
  book.author = "Mara Quill";
  book.kind = BookKind::play;
  book.chapters = {
      {1,
       "Storm",
       {{1, "The Keeper's Kitchen",
         "[Lights up on a kitchen, night.]\n\nMARA: (quietly) You came back.\n\nJONAS: I never left the "
         "island.\n\n(She crosses to the window.)"},
        {2, "Dawn", "JONAS: It is morning."}}},
      {2, "Calm", {{1, "", "MARA: Goodbye."}}},
  };
  render_pdf(book, pdf);
  expect_valid_pdf(pdf);
  expect_embedded_fonts(pdf);
  const auto info = tool("pdfinfo " + quoted(pdf));
  EXPECT_NE(info.find("612 x 792 pts"), std::string::npos) << info;
  // Layout mode: the centred names would otherwise be read as a column of their own.
  const auto act = normalised(page_text(pdf, 2, true));
  expect_in_order(act, {"ACT 1", "STORM", "SCENE 1: THE KEEPER'S KITCHEN", "(Lights up on a kitchen, night.)", "MARA",
                        "(quietly) You came back.", "JONAS", "I never left the island.", "(She crosses to the window.)",
                        "SCENE 2: DAWN", "JONAS", "It is morning."});
  // The second act starts a page of its own.
  expect_in_order(normalised(page_text(pdf, 3, true)), {"ACT 2", "CALM", "SCENE 1", "MARA", "Goodbye."});
  const auto words = word_positions(pdf, 2);
  // Names centred on the text block (1.5 in to 7.5 in: centre 4.5 in); directions at 3.25 in.
  const auto mara = words.find("MARA");
  ASSERT_NE(mara, words.end());
  EXPECT_NEAR(mara->second + 2 * 7.2, 324, 1);
  const auto she = words.find("(She");
  ASSERT_NE(she, words.end());
  EXPECT_NEAR(she->second, 234, 1);
  const auto you = words.find("You");
  ASSERT_NE(you, words.end());
  EXPECT_GT(you->second, 108);
}
