#include "export/epub_renderer.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "export_samples.hpp"
#include "zip_reader.hpp"

using namespace authorworks::exporting;
using authorworks::testing::find_entry;
using authorworks::testing::read_zip;

namespace {

namespace fs = std::filesystem;

constexpr const char* kEpubcheck = "/usr/share/java/epubcheck.jar";

class EpubRenderer : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = fs::temp_directory_path() / ("epub-test-" + std::to_string(::getpid()) + "-" +
                                              ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(directory_);
  }
  void TearDown() override { fs::remove_all(directory_); }

  fs::path render(const BookDocument& book, const std::string& name = "book.epub") {
    const auto path = directory_ / name;
    render_epub(book, path);
    return path;
  }

  fs::path directory_;
};

bool contains(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

struct CommandResult {
  int status = -1;
  std::string output;
};

CommandResult run(const std::string& command) {
  CommandResult result;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return result;
  char buffer[4096];
  std::size_t got = 0;
  while ((got = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) result.output.append(buffer, got);
  result.status = ::pclose(pipe);
  return result;
}

// epubcheck's verdict: passes only with no fatal errors, no errors and no warnings.
void expect_epubcheck_clean(const fs::path& epub) {
  ASSERT_TRUE(fs::exists(kEpubcheck)) << "epubcheck is not installed (scripts/install-deps.sh --test installs it)";
  // A quick JIT and a small collector: epubcheck is a short run, and half the CPU goes otherwise.
  const auto result =
      run(std::string("java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar ") + kEpubcheck + " '" + epub.string() + "'");
  EXPECT_EQ(result.status, 0) << result.output;
  EXPECT_TRUE(contains(result.output, "No errors or warnings detected")) << result.output;
  EXPECT_FALSE(contains(result.output, "WARNING")) << result.output;
}

}  // namespace

TEST_F(EpubRenderer, MimetypeComesFirstUncompressedThenTheContainer) {
  const auto entries = read_zip(render(authorworks::testing::sample_novel()));
  ASSERT_GE(entries.size(), 9u);
  EXPECT_EQ(entries[0].name, "mimetype");
  EXPECT_FALSE(entries[0].compressed);
  EXPECT_EQ(entries[0].content, "application/epub+zip");
  // The first bytes of the file are what readers sniff: a local header then "mimetype".
  const auto bytes = read_file(directory_ / "book.epub");
  EXPECT_EQ(bytes.substr(30, 8), "mimetype");
  EXPECT_EQ(bytes.substr(38, 20), "application/epub+zip");

  const auto* container = find_entry(entries, "META-INF/container.xml");
  ASSERT_NE(container, nullptr);
  EXPECT_TRUE(contains(container->content, "full-path=\"OEBPS/package.opf\""));
  for (const auto* name :
       {"OEBPS/package.opf", "OEBPS/nav.xhtml", "OEBPS/style.css", "OEBPS/cover.png", "OEBPS/cover.xhtml",
        "OEBPS/title.xhtml", "OEBPS/chapter-001.xhtml", "OEBPS/chapter-002.xhtml", "OEBPS/chapter-003.xhtml"}) {
    EXPECT_NE(find_entry(entries, name), nullptr) << name;
  }
  EXPECT_FALSE(find_entry(entries, "OEBPS/cover.png")->compressed);
  EXPECT_TRUE(find_entry(entries, "OEBPS/chapter-001.xhtml")->compressed);
}

TEST_F(EpubRenderer, PackageCarriesTheMetadataEscaped) {
  const auto entries = read_zip(render(authorworks::testing::sample_novel()));
  const auto& opf = find_entry(entries, "OEBPS/package.opf")->content;
  EXPECT_TRUE(contains(opf, "<dc:identifier id=\"book-id\">urn:uuid:0b7c5d3e-4f1a-4b2c-9d8e-7f6a5b4c3d2e<"));
  EXPECT_TRUE(contains(opf, "<dc:title>Le Château &lt;des&gt; &quot;Brumes&quot; &amp; l&#39;Île</dc:title>"));
  EXPECT_TRUE(contains(opf, "<dc:creator id=\"creator\">Zoë Ångström-Łukasik</dc:creator>"));
  EXPECT_TRUE(contains(opf, "<dc:language>fr</dc:language>"));
  EXPECT_TRUE(contains(opf, "<meta property=\"dcterms:modified\">2026-11-28T21:55:52Z</meta>"));
  EXPECT_TRUE(contains(opf, "properties=\"cover-image\""));
  EXPECT_TRUE(contains(opf, "properties=\"nav\""));
  // Chapters follow the title page and contents in reading order.
  const auto title = opf.find("<itemref idref=\"title-page\"/>");
  const auto first = opf.find("<itemref idref=\"chapter-001\"/>");
  const auto third = opf.find("<itemref idref=\"chapter-003\"/>");
  ASSERT_NE(first, std::string::npos);
  EXPECT_LT(title, first);
  EXPECT_LT(first, third);
}

TEST_F(EpubRenderer, NavigationListsEveryChapterAndTheLandmarks) {
  const auto entries = read_zip(render(authorworks::testing::sample_novel()));
  const auto& nav = find_entry(entries, "OEBPS/nav.xhtml")->content;
  EXPECT_TRUE(contains(nav, "<nav epub:type=\"toc\" id=\"toc\">"));
  EXPECT_TRUE(contains(nav, "<a href=\"chapter-001.xhtml\">Chapter 1: L&#39;arrivée</a>"));
  EXPECT_TRUE(contains(nav, "<a href=\"chapter-002.xhtml\">Chapter 2</a>"));
  EXPECT_TRUE(contains(nav, "<a href=\"chapter-003.xhtml\">Chapter 3: 東京の夜 — Ночь</a>"));
  EXPECT_TRUE(contains(nav, "<nav epub:type=\"landmarks\""));
  EXPECT_TRUE(contains(nav, "epub:type=\"bodymatter\" href=\"chapter-001.xhtml\""));
}

TEST_F(EpubRenderer, ChapterTextIsEscapedAndCleanedOfWhatXmlCannotCarry) {
  const auto entries = read_zip(render(authorworks::testing::sample_novel()));
  const auto& chapter = find_entry(entries, "OEBPS/chapter-001.xhtml")->content;
  EXPECT_TRUE(contains(chapter, "<p>Rain fell on the <em>old</em> gate, and she waited.</p>"));
  EXPECT_TRUE(contains(chapter, "<p>&quot;Who&#39;s there?&quot; she asked. 5 &lt; 6 &amp; 7 &gt; 3.</p>"));
  EXPECT_TRUE(contains(chapter, "A bell rang twice; a stray byte \xEF\xBF\xBD stayed, and a C1 control  too."));
  EXPECT_TRUE(contains(chapter, "<hr class=\"scene-break\"/>"));
  EXPECT_TRUE(contains(chapter, "<p># not a heading</p>"));
  EXPECT_TRUE(contains(chapter, "lang=\"fr\" xml:lang=\"fr\""));
  const auto& second = find_entry(entries, "OEBPS/chapter-002.xhtml")->content;
  EXPECT_TRUE(contains(second, "<p>The lamp went out. *Unclosed emphasis stays literal.</p>"));
}

TEST_F(EpubRenderer, ScreenplayAndPlayAreLaidOutWithClasses) {
  const auto screenplay = read_zip(render(authorworks::testing::sample_screenplay(), "screenplay.epub"));
  const auto& sequence = find_entry(screenplay, "OEBPS/chapter-001.xhtml")->content;
  EXPECT_TRUE(contains(sequence, "<body class=\"screenplay\">"));
  EXPECT_TRUE(contains(sequence, "<p class=\"scene-heading\">INT. BANK VAULT - NIGHT</p>"));
  EXPECT_TRUE(contains(sequence, "<p class=\"action\">Dust hangs"));
  EXPECT_TRUE(contains(sequence,
                       "<div class=\"speech\">\n<p class=\"character\">MAYA</p>\n"
                       "<p class=\"parenthetical\">(whispering)</p>\n"
                       "<p class=\"dialogue\">Two more clicks. Then we&#39;re rich.</p>\n</div>"));
  EXPECT_TRUE(contains(sequence, "<p class=\"character\">JONAS (V.O.)</p>"));
  EXPECT_TRUE(contains(sequence, "<p class=\"transition\">CUT TO:</p>"));
  EXPECT_FALSE(contains(sequence, "scene-break"));

  const auto play = read_zip(render(authorworks::testing::sample_play(), "play.epub"));
  const auto& act = find_entry(play, "OEBPS/chapter-001.xhtml")->content;
  EXPECT_TRUE(contains(act, "<body class=\"play\">"));
  EXPECT_TRUE(contains(act, "<section id=\"scene-1-1\">\n<h2>Scene 1: The Parlour</h2>"));
  EXPECT_TRUE(contains(act, "<p class=\"stage-direction\">[Lights up on a parlour, evening.]</p>"));
  EXPECT_TRUE(contains(act,
                       "<p class=\"speech\"><span class=\"character\">HENRIK</span> "
                       "<span class=\"parenthetical\">(quietly)</span> Is anyone here?</p>"));
  EXPECT_TRUE(contains(act, "<span class=\"character\">ELSA</span> 月が綺麗ですね。</p>"));
  const auto& nav = find_entry(play, "OEBPS/nav.xhtml")->content;
  EXPECT_TRUE(contains(nav, "<a href=\"chapter-001.xhtml#scene-1-2\">Scene 2: The Garden</a>"));
}

TEST_F(EpubRenderer, TheSameDocumentMakesTheSameBytes) {
  const auto book = authorworks::testing::sample_novel();
  const auto first = read_file(render(book, "first.epub"));
  const auto second = read_file(render(book, "second.epub"));
  EXPECT_EQ(first, second);
  auto changed = book;
  changed.chapters[0].scenes[0].text += " One more sentence.";
  EXPECT_NE(read_file(render(changed, "changed.epub")), first);
}

TEST_F(EpubRenderer, ABookWithoutIdOrDatesStillGetsAStableIdentifier) {
  auto book = authorworks::testing::sample_play();
  book.id.clear();
  book.modified.clear();
  const auto opf = find_entry(read_zip(render(book)), "OEBPS/package.opf")->content;
  const auto again = find_entry(read_zip(render(book, "again.epub")), "OEBPS/package.opf")->content;
  EXPECT_EQ(opf, again);
  EXPECT_TRUE(contains(opf, "<dc:identifier id=\"book-id\">urn:uuid:"));
  EXPECT_TRUE(contains(opf, "<meta property=\"dcterms:modified\">2000-01-01T00:00:00Z</meta>"));
  EXPECT_FALSE(contains(opf, "dc:creator"));  // no author given
}

TEST_F(EpubRenderer, NovelPassesEpubcheck) { expect_epubcheck_clean(render(authorworks::testing::sample_novel())); }

TEST_F(EpubRenderer, ScreenplayPassesEpubcheck) {
  expect_epubcheck_clean(render(authorworks::testing::sample_screenplay()));
}

TEST_F(EpubRenderer, PlayPassesEpubcheck) { expect_epubcheck_clean(render(authorworks::testing::sample_play())); }

TEST_F(EpubRenderer, EmptyTitleAndEmptyChapterPassEpubcheck) {
  auto book = authorworks::testing::sample_novel();
  book.title = "";
  book.author = "";
  book.language = "";
  book.chapters.push_back({4, "<empty>", {}});
  expect_epubcheck_clean(render(book));
}
