// The pieces of the PDF typesetter that decide what goes where, tested without drawing: soft
// hyphens, emphasis and quotes, and how paragraphs break across pages.
#include <gtest/gtest.h>

#include <filesystem>

#include "export/pdf/face_files.hpp"
#include "export/pdf/hyphenator.hpp"
#include "export/pdf/page_flow.hpp"
#include "export/pdf/styled_text.hpp"
#include "export/pdf/typesetter.hpp"

using namespace authorworks::exporting::pdf;

namespace {

constexpr std::string_view kSoft = "\xC2\xAD";

std::string without_soft_hyphens(std::string text) {
  for (auto at = text.find(kSoft); at != std::string::npos; at = text.find(kSoft)) text.erase(at, kSoft.size());
  return text;
}

}  // namespace

TEST(Hyphenator, BreaksLongEnglishWordsAndKeepsTheText) {
  const auto& hyphenator = Hyphenator::english();
  ASSERT_TRUE(hyphenator.loaded()) << "hyphen-en-us is not installed";
  const auto out = hyphenator.hyphenate("an extraordinary understanding");
  EXPECT_NE(out.find("extra\xC2\xADor"), std::string::npos) << out;
  EXPECT_NE(out.find("under\xC2\xAD"), std::string::npos) << out;
  EXPECT_EQ(without_soft_hyphens(out), "an extraordinary understanding");
  EXPECT_TRUE(out.starts_with("an ")) << "short words stay whole";
}

TEST(Hyphenator, LeavesNamesForeignWordsAndShortFragmentsAlone) {
  const auto& hyphenator = Hyphenator::english();
  ASSERT_TRUE(hyphenator.loaded());
  for (const std::string text : {"Constantinople", "NOTWITHSTANDING", "naïveté", "Zoë", "东京的夜晚", "cat sat"}) {
    EXPECT_EQ(hyphenator.hyphenate(text), text);
  }
  // Never fewer than three letters either side of a break.
  const auto out = hyphenator.hyphenate("circumstances");
  ASSERT_NE(out, "circumstances");
  const auto first = out.find(kSoft);
  EXPECT_GE(first, 3U);
  EXPECT_GE(out.size() - out.rfind(kSoft) - kSoft.size(), 3U);
}

TEST(Hyphenator, WithoutADictionaryTextIsUnchanged) {
  const Hyphenator missing("/nonexistent/hyph.dic");
  EXPECT_FALSE(missing.loaded());
  EXPECT_EQ(missing.hyphenate("extraordinary"), "extraordinary");
}

TEST(StyledText, AsterisksBecomeItalicAndBold) {
  const auto styled = parse_emphasis("She *never* said **that** again.");
  EXPECT_EQ(styled.text, "She never said that again.");
  ASSERT_EQ(styled.spans.size(), 2U);
  EXPECT_EQ(styled.text.substr(styled.spans[0].start, styled.spans[0].end - styled.spans[0].start), "never");
  EXPECT_EQ(styled.spans[0].emphasis, Emphasis::italic);
  EXPECT_EQ(styled.text.substr(styled.spans[1].start, styled.spans[1].end - styled.spans[1].start), "that");
  EXPECT_EQ(styled.spans[1].emphasis, Emphasis::bold);
}

TEST(StyledText, LoneOrSpacedAsterisksStayAsWritten) {
  EXPECT_EQ(parse_emphasis("2 * 3 * 4").text, "2 * 3 * 4");
  EXPECT_EQ(parse_emphasis("a *dangling marker").text, "a *dangling marker");
  EXPECT_TRUE(parse_emphasis("2 * 3 * 4").spans.empty());
}

TEST(StyledText, QuotesCurlAsInPrint) {
  EXPECT_EQ(curl_quotes("\"Run,\" she said. 'Now.' It's late."),
            "\xE2\x80\x9CRun,\xE2\x80\x9D she said. \xE2\x80\x98Now.\xE2\x80\x99 It\xE2\x80\x99s late.");
  EXPECT_EQ(curl_quotes("\"'Hi,' he said\""), "\xE2\x80\x9C\xE2\x80\x98Hi,\xE2\x80\x99 he said\xE2\x80\x9D");
}

namespace {

// A paragraph of `lines` lines; the flow never looks inside the layout.
SetParagraph lines_of(int lines) {
  SetParagraph paragraph;
  paragraph.line_x.assign(static_cast<std::size_t>(lines), 0.0);
  return paragraph;
}

PageModel grid(int rows) {
  PageModel model;
  model.geometry.rows = rows;
  model.geometry.row_height = 10;
  return model;
}

std::vector<std::size_t> lines_per_page(const PageModel& model) {
  std::vector<std::size_t> counts;
  for (const auto& page : model.pages) counts.push_back(page.lines.size());
  return counts;
}

}  // namespace

TEST(PageFlow, ParagraphThatFitsStaysOnItsPage) {
  auto model = grid(10);
  PageFlow flow(model);
  flow.begin_page(PageRole::body);
  flow.place_paragraph(lines_of(4));
  flow.place_paragraph(lines_of(6));
  EXPECT_EQ(lines_per_page(model), (std::vector<std::size_t>{10}));
}

TEST(PageFlow, NoSingleLineAtTheFootOfAPage) {
  auto model = grid(10);
  PageFlow flow(model);
  flow.begin_page(PageRole::body);
  flow.place_paragraph(lines_of(9));
  flow.place_paragraph(lines_of(5));  // one row left: an orphan; the paragraph moves whole
  EXPECT_EQ(lines_per_page(model), (std::vector<std::size_t>{9, 5}));
}

TEST(PageFlow, NoSingleLineAtTheHeadOfAPage) {
  auto model = grid(10);
  PageFlow flow(model);
  flow.begin_page(PageRole::body);
  flow.place_paragraph(lines_of(6));
  flow.place_paragraph(lines_of(5));  // four rows left: four would leave a widow, so three go
  EXPECT_EQ(lines_per_page(model), (std::vector<std::size_t>{9, 2}));
}

TEST(PageFlow, LongParagraphRunsOverSeveralPages) {
  auto model = grid(10);
  PageFlow flow(model);
  flow.begin_page(PageRole::body);
  flow.place_paragraph(lines_of(25));
  EXPECT_EQ(lines_per_page(model), (std::vector<std::size_t>{10, 10, 5}));
}

TEST(PageFlow, RectoStartsLeaveABlankVerso) {
  auto model = grid(10);
  PageFlow flow(model);
  EXPECT_EQ(flow.begin_recto(PageRole::opening), 1);
  EXPECT_EQ(flow.begin_recto(PageRole::opening), 3);
  EXPECT_EQ(model.pages[1].role, PageRole::blank);
  flow.begin_page(PageRole::body);
  EXPECT_EQ(flow.begin_recto(PageRole::opening), 5);
}

TEST(PageFlow, SpaceIsDroppedAtTheTopOfAPage) {
  auto model = grid(10);
  PageFlow flow(model);
  flow.begin_page(PageRole::body);
  flow.skip(2);
  EXPECT_EQ(flow.row(), 0);
  flow.place_paragraph(lines_of(1));
  flow.skip(2);
  EXPECT_EQ(flow.row(), 3);
}

namespace {

// The file of the font pango chose for the first run of a paragraph.
std::string font_file(const SetParagraph& paragraph) {
  auto* line = pango_layout_get_line_readonly(paragraph.layout.get(), 0);
  if (line == nullptr || line->runs == nullptr) return {};
  auto* run = static_cast<PangoGlyphItem*>(line->runs->data);
  auto* pattern = pango_fc_font_get_pattern(PANGO_FC_FONT(run->item->analysis.font));
  FcChar8* file = nullptr;
  if (FcPatternGetString(pattern, FC_FILE, 0, &file) != FcResultMatch) return {};
  return std::filesystem::path(reinterpret_cast<const char*>(file)).stem().string();
}

}  // namespace

TEST(FaceFiles, CourierPrimeFacesAreToldApartByFileName) {
  const auto faces = find_face_files("Courier Prime");
  ASSERT_FALSE(faces.regular.empty()) << "fonts-courier-prime is not installed";
  EXPECT_EQ(std::filesystem::path(faces.regular).stem(), "Courier Prime");
  EXPECT_EQ(std::filesystem::path(faces.bold).stem(), "Courier Prime Bold");
  EXPECT_EQ(std::filesystem::path(faces.italic).stem(), "Courier Prime Italic");
  EXPECT_EQ(std::filesystem::path(faces.bold_italic).stem(), "Courier Prime Bold Italic");
}

TEST(Typesetter, SetsEachCourierPrimeFaceFromItsOwnFile) {
  const Typesetter typesetter;
  ParagraphStyle style;
  style.family = "Courier Prime";
  style.size = 12;
  EXPECT_EQ(font_file(typesetter.set("FADE IN:", style, 400)), "Courier Prime");
  style.italic = true;
  EXPECT_EQ(font_file(typesetter.set("(beat)", style, 400)), "Courier Prime Italic");
  style.italic = false;
  style.bold = true;
  EXPECT_EQ(font_file(typesetter.set("THE END", style, 400)), "Courier Prime Bold");
}

TEST(Typesetter, JustifiedParagraphLinesAndIndent) {
  const Typesetter typesetter;
  ParagraphStyle style;
  style.alignment = Alignment::justify;
  style.first_line_indent = 13.2;
  std::string text;
  for (int i = 0; i < 40; ++i) text += "The harbour lanterns remembered every ship. ";
  const auto set = typesetter.set(text, style, 324);
  ASSERT_GT(set.lines(), 3);
  EXPECT_NEAR(set.line_x[0], 13.2, 0.01);
  EXPECT_NEAR(set.line_x[1], 0, 0.01);
  EXPECT_LE(set.width, 324.01);
  EXPECT_EQ(font_file(set).rfind("EBGaramond", 0), 0U) << font_file(set);
}
