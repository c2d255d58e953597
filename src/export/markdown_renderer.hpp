#pragma once
// A book as Markdown: the whole book in one file (YAML front matter, title, contents, chapters), or
// one file per chapter for the zip export. The output depends only on the BookDocument, byte for
// byte, so exporting twice gives the same files.
//
// Novels: chapters of prose, one paragraph per line of the text, scenes separated by a centred
// "* * *". Plays: acts with "### Scene N: Title" headings. Screenplays: sequences whose scenes
// carry their own scene headings. Screenplay and play text keeps its line breaks (a hard break at
// the end of every line of a block, blank lines between blocks), without code fences.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "export/book_document.hpp"

namespace authorworks::exporting {

struct MarkdownFile {
  std::string name;  // "03-the-storm.md"
  std::string content;
};

// "Chapter", "Act" or "Sequence".
std::string_view chapter_label(llm::BookKind kind) noexcept;

std::string render_book_markdown(const BookDocument& book);

// "NN-<slug of the chapter's title>.md", the number padded so that the files sort in order.
std::string chapter_file_name(const ChapterDocument& chapter, std::size_t chapter_count);
// The chapter at `index` (0-based) of the book, as a file of its own with its own front matter.
MarkdownFile render_chapter_markdown(const BookDocument& book, std::size_t index);
std::vector<MarkdownFile> render_chapter_files(const BookDocument& book);

}  // namespace authorworks::exporting
