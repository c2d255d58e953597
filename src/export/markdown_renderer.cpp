#include "export/markdown_renderer.hpp"

#include <algorithm>
#include <map>
#include <stdexcept>

#include "export/markdown_text.hpp"
#include "export/scene_text.hpp"
#include "export/slug.hpp"
#include "export/word_count.hpp"

namespace authorworks::exporting {
namespace {

constexpr std::string_view kSceneBreak = "<p align=\"center\">* * *</p>\n";

std::string chapter_heading_text(llm::BookKind kind, const ChapterDocument& chapter) {
  std::string text = std::string(chapter_label(kind)) + " " + std::to_string(chapter.number);
  if (!chapter.title.empty()) text += ": " + chapter.title;
  return text;
}

std::string chapter_heading_markdown(llm::BookKind kind, const ChapterDocument& chapter) {
  std::string text = std::string(chapter_label(kind)) + " " + std::to_string(chapter.number);
  if (!chapter.title.empty()) text += ": " + escape_markdown_inline(chapter.title);
  return text;
}

std::int64_t chapter_words(const ChapterDocument& chapter) {
  std::int64_t words = 0;
  for (const auto& scene : chapter.scenes) words += count_words(scene.text);
  return words;
}

std::int64_t book_words(const BookDocument& book) {
  std::int64_t words = 0;
  for (const auto& chapter : book.chapters) words += chapter_words(chapter);
  return words;
}

// Prose: every non-empty line is a paragraph of its own.
void append_prose(std::string& out, std::string_view text) {
  bool first = true;
  for (const auto line : prose_paragraphs(text)) {
    if (!first) out += '\n';
    out += escape_markdown_line_start(line);
    out += '\n';
    first = false;
  }
}

// Script formats: lines of one block stay together with hard breaks; blank lines separate blocks.
void append_script(std::string& out, std::string_view text) {
  bool first = true;
  for (const auto& block : text_blocks(text)) {
    if (!first) out += '\n';
    for (std::size_t i = 0; i < block.size(); ++i) {
      out += escape_markdown_line_start(block[i]);
      out += i + 1 < block.size() ? "  \n" : "\n";
    }
    first = false;
  }
}

void append_scene_text(std::string& out, llm::BookKind kind, std::string_view text) {
  if (kind == llm::BookKind::novel) {
    append_prose(out, text);
  } else {
    append_script(out, text);
  }
}

// The chapter's body, without its heading.
void append_chapter_body(std::string& out, llm::BookKind kind, const ChapterDocument& chapter) {
  bool first = true;
  for (const auto& scene : chapter.scenes) {
    if (!first) {
      out += '\n';
      if (kind == llm::BookKind::novel) {
        out += kSceneBreak;
        out += '\n';
      }
    }
    if (kind == llm::BookKind::play) {
      out += "### Scene " + std::to_string(scene.number);
      if (!scene.title.empty()) out += ": " + escape_markdown_inline(scene.title);
      out += "\n\n";
    }
    append_scene_text(out, kind, scene.text);
    first = false;
  }
}

// Anchors repeat as "name", "name-1", "name-2", … as renderers number them.
class AnchorSet {
 public:
  std::string take(std::string_view heading) {
    const auto base = heading_anchor(heading);
    auto& seen = seen_[base];
    const auto anchor = seen == 0 ? base : base + "-" + std::to_string(seen);
    ++seen;
    return anchor;
  }

 private:
  std::map<std::string, int, std::less<>> seen_;
};

}  // namespace

std::string_view chapter_label(llm::BookKind kind) noexcept {
  switch (kind) {
    case llm::BookKind::play: return "Act";
    case llm::BookKind::screenplay: return "Sequence";
    case llm::BookKind::novel: break;
  }
  return "Chapter";
}

std::string render_book_markdown(const BookDocument& book) {
  std::string out = "---\n";
  out += "title: " + yaml_quote(book.title) + "\n";
  if (!book.author.empty()) out += "author: " + yaml_quote(book.author) + "\n";
  out += "kind: " + std::string(llm::kind_name(book.kind)) + "\n";
  if (!book.genre.empty()) out += "genre: " + yaml_quote(book.genre) + "\n";
  if (!book.writer.empty()) out += "writer: " + yaml_quote(book.writer) + "\n";
  out += "words: " + std::to_string(book_words(book)) + "\n";
  if (!book.generated.empty()) out += "generated: " + yaml_quote(book.generated) + "\n";
  out += "---\n\n";

  out += "# " + escape_markdown_inline(book.title) + "\n\n";
  if (!book.author.empty()) out += "by " + escape_markdown_inline(book.author) + "\n\n";

  AnchorSet anchors;
  anchors.take(book.title);
  anchors.take("Contents");
  out += "## Contents\n\n";
  std::vector<std::string> chapter_anchors;
  for (const auto& chapter : book.chapters) {
    chapter_anchors.push_back(anchors.take(chapter_heading_text(book.kind, chapter)));
    out += "- [" + chapter_heading_markdown(book.kind, chapter) + "](#" + chapter_anchors.back() + ")\n";
  }
  for (const auto& chapter : book.chapters) {
    out += "\n## " + chapter_heading_markdown(book.kind, chapter) + "\n\n";
    append_chapter_body(out, book.kind, chapter);
  }
  return out;
}

std::string chapter_file_name(const ChapterDocument& chapter, std::size_t chapter_count) {
  const std::size_t width = std::max<std::size_t>(2, std::to_string(chapter_count).size());
  auto number = std::to_string(chapter.number);
  if (number.size() < width) number.insert(0, width - number.size(), '0');
  return number + "-" + slugify(chapter.title, 60, "chapter") + ".md";
}

MarkdownFile render_chapter_markdown(const BookDocument& book, std::size_t index) {
  if (index >= book.chapters.size()) throw std::out_of_range("render_chapter_markdown: no such chapter");
  const auto& chapter = book.chapters[index];
  std::string out = "---\n";
  out += "title: " + yaml_quote(book.title) + "\n";
  if (!book.author.empty()) out += "author: " + yaml_quote(book.author) + "\n";
  out += "kind: " + std::string(llm::kind_name(book.kind)) + "\n";
  out += "chapter: " + std::to_string(chapter.number) + "\n";
  out += "chapter_title: " + yaml_quote(chapter.title) + "\n";
  out += "words: " + std::to_string(chapter_words(chapter)) + "\n";
  out += "---\n\n";
  out += "# " + chapter_heading_markdown(book.kind, chapter) + "\n\n";
  append_chapter_body(out, book.kind, chapter);
  return {chapter_file_name(chapter, book.chapters.size()), std::move(out)};
}

std::vector<MarkdownFile> render_chapter_files(const BookDocument& book) {
  std::vector<MarkdownFile> files;
  files.reserve(book.chapters.size());
  for (std::size_t i = 0; i < book.chapters.size(); ++i) files.push_back(render_chapter_markdown(book, i));
  return files;
}

}  // namespace authorworks::exporting
