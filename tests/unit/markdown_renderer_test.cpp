#include "export/markdown_renderer.hpp"

#include <gtest/gtest.h>

#include "export/markdown_text.hpp"
#include "export/slug.hpp"
#include "export/word_count.hpp"

using namespace authorworks::exporting;
using authorworks::llm::BookKind;

namespace {

BookDocument two_chapter_novel() {
  BookDocument book;
  book.title = "The *Salt* Road";
  book.author = "Ada \"Quill\" Lane";
  book.kind = BookKind::novel;
  book.genre = "gothic mystery";
  book.writer = "Offline writer (not an AI model)";
  book.generated = "2026-11-28";
  book.chapters = {
      {1,
       "Arrival",
       {{1, "The gate", "Rain fell on the gate.\nShe waited.\n\n"},
        {2, "The hall", "  # not a heading\n1. not a list"}}},
      {2, "Arrival", {{1, "Night", "The lamp went out."}}},
  };
  return book;
}

bool contains(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST(WordCount, CountsRunsBetweenWhitespace) {
  EXPECT_EQ(count_words(""), 0);
  EXPECT_EQ(count_words("  one two\tthree\nfour  "), 4);
  EXPECT_EQ(count_words("Well - maybe. * * *"), 2);
  EXPECT_EQ(count_words("naïve café, “quoted”"), 3);
  EXPECT_EQ(count_words("don't stop"), 2);
}

TEST(Slug, LowerCaseWordsJoinedByDashes) {
  EXPECT_EQ(slugify("The Dragon's Gate: Part II!"), "the-dragons-gate-part-ii");
  EXPECT_EQ(slugify("  --  "), "book");
  EXPECT_EQ(slugify("Été à Paris"), "t-paris");
  EXPECT_EQ(slugify("???", 60, "chapter"), "chapter");
  EXPECT_EQ(slugify("abcdefghij klmnop", 12), "abcdefghij");
  EXPECT_EQ(slugify(std::string(100, 'a'), 60).size(), 60u);
}

TEST(MarkdownText, InlineEscapesEverythingThatWouldFormat) {
  EXPECT_EQ(escape_markdown_inline("A *bold* [link] <b> `code` C# a|b \\ _x_"),
            "A \\*bold\\* \\[link\\] \\<b\\> \\`code\\` C\\# a\\|b \\\\ \\_x\\_");
  EXPECT_EQ(escape_markdown_inline("two\nlines"), "two lines");
  EXPECT_EQ(escape_markdown_inline("Plain title, 1. ok"), "Plain title, 1. ok");
}

TEST(MarkdownText, LineStartEscapesBlockSyntaxOnly) {
  EXPECT_EQ(escape_markdown_line_start("    indented prose  "), "indented prose");
  EXPECT_EQ(escape_markdown_line_start("# hash"), "\\# hash");
  EXPECT_EQ(escape_markdown_line_start("> quote"), "\\> quote");
  EXPECT_EQ(escape_markdown_line_start("- dash"), "\\- dash");
  EXPECT_EQ(escape_markdown_line_start("* star"), "\\* star");
  EXPECT_EQ(escape_markdown_line_start("+ plus"), "\\+ plus");
  EXPECT_EQ(escape_markdown_line_start("---"), "\\---");
  EXPECT_EQ(escape_markdown_line_start("==="), "\\===");
  EXPECT_EQ(escape_markdown_line_start("* * *"), "\\* * *");
  EXPECT_EQ(escape_markdown_line_start("```"), "\\```");
  EXPECT_EQ(escape_markdown_line_start("<div>"), "\\<div>");
  EXPECT_EQ(escape_markdown_line_start("12. Twelve"), "12\\. Twelve");
  EXPECT_EQ(escape_markdown_line_start("3) three"), "3\\) three");
  EXPECT_EQ(escape_markdown_line_start("1984 was a year."), "1984 was a year.");
  EXPECT_EQ(escape_markdown_line_start("-- an aside"), "-- an aside");
  EXPECT_EQ(escape_markdown_line_start("*She* ran."), "*She* ran.");
  EXPECT_EQ(escape_markdown_line_start(" \t "), "");
}

TEST(MarkdownText, HeadingAnchorsFollowGitHub) {
  EXPECT_EQ(heading_anchor("Chapter 1: The *Salt* Road!"), "chapter-1-the-salt-road");
  EXPECT_EQ(heading_anchor("Act 2: Été"), "act-2-été");
  EXPECT_EQ(heading_anchor("snake_case - dash"), "snake_case---dash");
}

TEST(MarkdownText, YamlQuoteEscapes) {
  EXPECT_EQ(yaml_quote("plain"), "\"plain\"");
  EXPECT_EQ(yaml_quote("say \"hi\"\\ now\n\x01"), "\"say \\\"hi\\\"\\\\ now\\n\\x01\"");
}

TEST(MarkdownRenderer, NovelHasFrontMatterTitleContentsAndSceneBreaks) {
  const auto md = render_book_markdown(two_chapter_novel());
  const std::string expected =
      "---\n"
      "title: \"The *Salt* Road\"\n"
      "author: \"Ada \\\"Quill\\\" Lane\"\n"
      "kind: novel\n"
      "genre: \"gothic mystery\"\n"
      "writer: \"Offline writer (not an AI model)\"\n"
      "words: 18\n"
      "generated: \"2026-11-28\"\n"
      "---\n"
      "\n"
      "# The \\*Salt\\* Road\n"
      "\n"
      "by Ada \"Quill\" Lane\n"
      "\n"
      "## Contents\n"
      "\n"
      "- [Chapter 1: Arrival](#chapter-1-arrival)\n"
      "- [Chapter 2: Arrival](#chapter-2-arrival)\n"
      "\n"
      "## Chapter 1: Arrival\n"
      "\n"
      "Rain fell on the gate.\n"
      "\n"
      "She waited.\n"
      "\n"
      "<p align=\"center\">* * *</p>\n"
      "\n"
      "\\# not a heading\n"
      "\n"
      "1\\. not a list\n"
      "\n"
      "## Chapter 2: Arrival\n"
      "\n"
      "The lamp went out.\n";
  EXPECT_EQ(md, expected);
}

TEST(MarkdownRenderer, OutputIsStable) {
  EXPECT_EQ(render_book_markdown(two_chapter_novel()), render_book_markdown(two_chapter_novel()));
}

TEST(MarkdownRenderer, RepeatedChapterHeadingsGetNumberedAnchors) {
  auto book = two_chapter_novel();
  book.chapters[1].number = 1;  // two "Chapter 1: Arrival" headings
  const auto md = render_book_markdown(book);
  EXPECT_TRUE(contains(md, "(#chapter-1-arrival)\n"));
  EXPECT_TRUE(contains(md, "(#chapter-1-arrival-1)\n"));
}

TEST(MarkdownRenderer, OptionalFieldsAreLeftOutWhenEmpty) {
  BookDocument book;
  book.title = "Bare";
  const auto md = render_book_markdown(book);
  EXPECT_EQ(md, "---\ntitle: \"Bare\"\nkind: novel\nwords: 0\n---\n\n# Bare\n\n## Contents\n\n");
}

TEST(MarkdownRenderer, PlayUsesActsAndSceneHeadingsAndKeepsLineBreaks) {
  BookDocument book;
  book.title = "Tide";
  book.kind = BookKind::play;
  book.chapters = {
      {1,
       "Low Water",
       {{1, "The Pier", "A pier at dusk.\n\nMARA\n(quietly)\nIt's late.\n\n\nTOM\n- No."}, {2, "", "Dark."}}}};
  const auto md = render_book_markdown(book);
  EXPECT_TRUE(contains(md, "kind: play\n"));
  EXPECT_TRUE(contains(md, "- [Act 1: Low Water](#act-1-low-water)\n"));
  EXPECT_TRUE(contains(md,
                       "## Act 1: Low Water\n\n### Scene 1: The Pier\n\nA pier at dusk.\n\nMARA  \n(quietly)  \nIt's "
                       "late.\n\nTOM  \n\\- No.\n\n### Scene 2\n\nDark.\n"));
  EXPECT_FALSE(contains(md, "* * *"));
  EXPECT_FALSE(contains(md, "```"));
}

TEST(MarkdownRenderer, ScreenplayUsesSequencesWithoutSceneHeadings) {
  BookDocument book;
  book.title = "Night Shift";
  book.kind = BookKind::screenplay;
  book.chapters = {
      {1,
       "Setup",
       {{1, "Diner", "INT. DINER - NIGHT\n\nRain.\n\n    JOE\nCoffee."}, {2, "Street", "EXT. STREET - NIGHT"}}}};
  const auto md = render_book_markdown(book);
  EXPECT_TRUE(
      contains(md, "## Sequence 1: Setup\n\nINT. DINER - NIGHT\n\nRain.\n\nJOE  \nCoffee.\n\nEXT. STREET - NIGHT\n"));
  EXPECT_FALSE(contains(md, "### Scene"));
}

TEST(MarkdownRenderer, ChapterFilesAreNumberedAndStandAlone) {
  const auto files = render_chapter_files(two_chapter_novel());
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files[0].name, "01-arrival.md");
  EXPECT_EQ(files[1].name, "02-arrival.md");
  EXPECT_EQ(files[1].content,
            "---\ntitle: \"The *Salt* Road\"\nauthor: \"Ada \\\"Quill\\\" Lane\"\nkind: novel\nchapter: 2\n"
            "chapter_title: \"Arrival\"\nwords: 4\n---\n\n# Chapter 2: Arrival\n\nThe lamp went out.\n");
  EXPECT_TRUE(contains(files[0].content, "<p align=\"center\">* * *</p>"));
  EXPECT_THROW(render_chapter_markdown(two_chapter_novel(), 2), std::out_of_range);
}

TEST(MarkdownRenderer, ChapterFileNamesPadToTheChapterCount) {
  EXPECT_EQ(chapter_file_name({7, "The End?", {}}, 9), "07-the-end.md");
  EXPECT_EQ(chapter_file_name({7, "", {}}, 120), "007-chapter.md");
}
