// The export formats other than EPUB's own tests: the XML text rules, the cover, the Markdown zip,
// and the exporter's dispatch, file names and content hashes.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/error.hpp"
#include "export/cover_image.hpp"
#include "export/export_disposition.hpp"
#include "export/exporter.hpp"
#include "export/markdown_renderer.hpp"
#include "export/markdown_zip.hpp"
#include "export/xhtml_scene.hpp"
#include "export/xml_text.hpp"
#include "export_samples.hpp"
#include "zip_reader.hpp"

using namespace authorworks::exporting;
using authorworks::testing::read_zip;

namespace {

namespace fs = std::filesystem;

class ExportFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = fs::temp_directory_path() / ("export-test-" + std::to_string(::getpid()) + "-" +
                                              ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(directory_);
  }
  void TearDown() override { fs::remove_all(directory_); }
  fs::path directory_;
};

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

std::uint32_t big_endian(const std::string& bytes, std::size_t at) {
  return (static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[at])) << 24) |
         (static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[at + 1])) << 16) |
         (static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[at + 2])) << 8) |
         static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[at + 3]));
}

}  // namespace

TEST(XmlText, EscapesMarkupAndQuotes) {
  EXPECT_EQ(escape_xml("a < b & c > d \"e\" 'f'"), "a &lt; b &amp; c &gt; d &quot;e&quot; &#39;f&#39;");
  EXPECT_EQ(escape_xml("tab\tnew\nline\r"), "tab\tnew\nline\r");
  EXPECT_EQ(escape_xml("Été 東京 🐉"), "Été 東京 🐉");
}

TEST(XmlText, DropsControlsAndReplacesInvalidUtf8) {
  EXPECT_EQ(escape_xml(std::string("a\0b\x01\x1F\x7F"
                                   "c",
                                   7)),
            "abc");
  EXPECT_EQ(escape_xml("x\xFFy"), "x\xEF\xBF\xBDy");
  EXPECT_EQ(escape_xml("cut \xE6\x9D"), "cut \xEF\xBF\xBD\xEF\xBF\xBD");          // a truncated sequence
  EXPECT_EQ(escape_xml("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");                  // overlong '/'
  EXPECT_EQ(escape_xml("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // a surrogate
  EXPECT_EQ(escape_xml("\xEF\xBF\xBE"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // U+FFFE
  EXPECT_EQ(escape_xml("\xC2\x85"), "");                                          // a C1 control
  EXPECT_EQ(escape_xml("\xF4\x90\x80\x80").find("\xF4"), std::string::npos);      // beyond U+10FFFF
}

TEST(XhtmlScene, EmphasisNeedsBothAsterisksTouchingWords) {
  std::string out;
  append_inline_xhtml(out, "a *word* and *two words* but 2 * 3 * 4 and *open");
  EXPECT_EQ(out, "a <em>word</em> and <em>two words</em> but 2 * 3 * 4 and *open");
  out.clear();
  append_inline_xhtml(out, "*<b>*");
  EXPECT_EQ(out, "<em>&lt;b&gt;</em>");
}

TEST(XhtmlScene, ProseMakesOneParagraphPerLine) {
  std::string out;
  append_scene_xhtml(out, authorworks::llm::BookKind::novel, "One.\n\n  Two.  \nThree.\n");
  EXPECT_EQ(out, "<p>One.</p>\n<p>Two.</p>\n<p>Three.</p>\n");
}

TEST(XhtmlScene, ScreenplaySpeechIsOneDivWithItsWrappedDialogueAsOneParagraph) {
  std::string out;
  append_scene_xhtml(out, authorworks::llm::BookKind::screenplay,
                     "INT. HALL - DAY\r\nRain.\r\n\r\n  MARA\r\n(softly)\r\nIt was late.\r\nToo late.\r\n\r\n"
                     "A SHOT RINGS OUT.\r\nCUT TO:\r\n");
  EXPECT_EQ(out,
            "<p class=\"scene-heading\">INT. HALL - DAY</p>\n<p class=\"action\">Rain.</p>\n"
            "<div class=\"speech\">\n<p class=\"character\">MARA</p>\n<p class=\"parenthetical\">(softly)</p>\n"
            "<p class=\"dialogue\">It was late. Too late.</p>\n</div>\n"
            "<p class=\"action\">A SHOT RINGS OUT.</p>\n<p class=\"transition\">CUT TO:</p>\n");
}

TEST(XhtmlScene, PlaySpeechesKeepTheirAsideAndOtherLinesAreDirections) {
  std::string out;
  append_scene_xhtml(out, authorworks::llm::BookKind::play,
                     "[Lights up.]\nMARA: (quietly) You *came* back.\nI waited.\n\nA stray line & more.");
  EXPECT_EQ(out,
            "<p class=\"stage-direction\">[Lights up.]</p>\n"
            "<p class=\"speech\"><span class=\"character\">MARA</span> <span class=\"parenthetical\">(quietly)</span> "
            "You <em>came</em> back. I waited.</p>\n"
            "<p class=\"stage-direction\">A stray line &amp; more.</p>\n");
}

TEST(CoverImage, IsAPngOfTheCoverSizeAndTheSameForTheSameBook) {
  const auto book = authorworks::testing::sample_novel();
  const auto png = render_cover_png(book);
  ASSERT_GT(png.size(), 24u);
  EXPECT_EQ(png.substr(0, 8), "\x89PNG\r\n\x1A\n");
  EXPECT_EQ(png.substr(12, 4), "IHDR");
  EXPECT_EQ(big_endian(png, 16), static_cast<std::uint32_t>(kCoverWidth));
  EXPECT_EQ(big_endian(png, 20), static_cast<std::uint32_t>(kCoverHeight));
  EXPECT_EQ(render_cover_png(book), png);
  auto other = book;
  other.title = "Another Title Entirely";
  EXPECT_NE(render_cover_png(other), png);
}

TEST(CoverImage, DrawsTitlesOfAnyLengthAndScript) {
  auto book = authorworks::testing::sample_play();
  book.title = std::string(400, 'W');
  EXPECT_GT(render_cover_png(book).size(), 1000u);
  book.title = "";
  EXPECT_GT(render_cover_png(book).size(), 1000u);
  book.title = "東京の夜と月の光のものがたり";
  EXPECT_GT(render_cover_png(book).size(), 1000u);
}

TEST_F(ExportFiles, MarkdownZipHoldsOneFilePerChapterInOrder) {
  const auto book = authorworks::testing::sample_novel();
  write_markdown_zip(book, directory_ / "book.zip");
  const auto entries = read_zip(directory_ / "book.zip");
  const auto expected = render_chapter_files(book);
  ASSERT_EQ(entries.size(), expected.size());
  for (std::size_t i = 0; i < entries.size(); ++i) {
    EXPECT_EQ(entries[i].name, expected[i].name);
    EXPECT_EQ(entries[i].content, expected[i].content);
    EXPECT_TRUE(entries[i].compressed);
  }
  EXPECT_EQ(entries[0].name, "01-larriv-e.md");
  EXPECT_TRUE(entries[0].content.starts_with("---\ntitle: \"Le Château <des> \\\"Brumes\\\" & l'Île\"\n"));
  // Written twice, the zip is the same bytes: entries carry a fixed date.
  write_markdown_zip(book, directory_ / "again.zip");
  EXPECT_EQ(read_file(directory_ / "book.zip"), read_file(directory_ / "again.zip"));
}

TEST_F(ExportFiles, RenderExportWritesEachFormat) {
  const auto book = authorworks::testing::sample_screenplay();
  render_export(book, ExportFormat::markdown, directory_ / "book.md");
  EXPECT_EQ(read_file(directory_ / "book.md"), render_book_markdown(book));
  EXPECT_FALSE(fs::exists(directory_ / "book.md.tmp"));
  render_export(book, ExportFormat::markdown_chapters, directory_ / "book.zip");
  EXPECT_EQ(read_zip(directory_ / "book.zip").size(), 1u);
  render_export(book, ExportFormat::epub, directory_ / "book.epub");
  EXPECT_EQ(read_zip(directory_ / "book.epub")[0].name, "mimetype");
  render_export(book, ExportFormat::pdf, directory_ / "book.pdf");
  EXPECT_TRUE(read_file(directory_ / "book.pdf").starts_with("%PDF-"));
}

TEST(ExportDisposition, SlugAsTheNameAndTheTitleInFilenameStar) {
  EXPECT_EQ(export_disposition("The Salt Road", ExportFormat::epub),
            "attachment; filename=\"the-salt-road.epub\"; filename*=UTF-8''The%20Salt%20Road.epub");
  EXPECT_EQ(export_disposition("Été à Paris", ExportFormat::pdf),
            "attachment; filename=\"t-paris.pdf\"; filename*=UTF-8''%C3%89t%C3%A9%20%C3%A0%20Paris.pdf");
  EXPECT_EQ(export_disposition("plain", ExportFormat::markdown), "attachment; filename=\"plain.md\"");
  // Separators, quotes and controls never reach the header as they are.
  EXPECT_EQ(export_disposition("../a/\"b\"\r\n", ExportFormat::markdown_chapters),
            "attachment; filename=\"a-b.zip\"; filename*=UTF-8''-a-%22b%22.zip");
  EXPECT_EQ(export_disposition("", ExportFormat::epub), "attachment; filename=\"book.epub\"");
}

TEST(Exporter, FileNamesAreTheTitleSlugWithTheFormatsExtension) {
  EXPECT_EQ(export_file_name(authorworks::testing::sample_novel(), ExportFormat::epub),
            "le-ch-teau-des-brumes-l-le.epub");
  EXPECT_EQ(export_file_name(authorworks::testing::sample_screenplay(), ExportFormat::markdown_chapters), "book.zip");
  EXPECT_EQ(export_file_name(authorworks::testing::sample_play(), ExportFormat::pdf),
            "a-play-in-one-act-ghosts-co.pdf");
}

TEST(Exporter, ContentHashFollowsWhatTheReaderSees) {
  const auto book = authorworks::testing::sample_novel();
  const auto hash = export_content_hash(book, ExportFormat::epub);
  EXPECT_EQ(hash.size(), 64u);
  EXPECT_EQ(export_content_hash(book, ExportFormat::epub), hash);
  EXPECT_NE(export_content_hash(book, ExportFormat::markdown), hash);

  auto later = book;
  later.modified = "2027-01-01T00:00:00Z";
  EXPECT_EQ(export_content_hash(later, ExportFormat::epub), hash);

  auto edited = book;
  edited.chapters[2].scenes[0].text += ".";
  EXPECT_NE(export_content_hash(edited, ExportFormat::epub), hash);
  auto renamed = book;
  renamed.author = "Someone Else";
  EXPECT_NE(export_content_hash(renamed, ExportFormat::epub), hash);
  // Moving text between fields is a different book, not the same concatenation.
  auto shifted = book;
  shifted.chapters[0].title += shifted.chapters[0].scenes[0].title;
  shifted.chapters[0].scenes[0].title.clear();
  EXPECT_NE(export_content_hash(shifted, ExportFormat::epub), hash);
}
