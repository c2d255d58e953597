#include "export/book_document_loader.hpp"

#include <boost/json.hpp>

#include "generation/book_store.hpp"

namespace authorworks::exporting {
namespace {

bool is_ascii_alpha(char c) noexcept { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_ascii_alnum(char c) noexcept { return is_ascii_alpha(c) || (c >= '0' && c <= '9'); }

// A BCP 47 tag as EPUB readers accept it: a 2-3 letter language, then subtags of 1-8 letters or
// digits ("en", "pt-BR", "zh-Hant").
bool is_language_tag(std::string_view tag) noexcept {
  std::size_t i = 0;
  while (i < tag.size() && is_ascii_alpha(tag[i])) ++i;
  if (i < 2 || i > 3) return false;
  while (i < tag.size()) {
    if (tag[i] != '-') return false;
    const auto start = ++i;
    while (i < tag.size() && is_ascii_alnum(tag[i])) ++i;
    if (i == start || i - start > 8) return false;
  }
  return true;
}

// The book's metadata may name its language ({"language": "fr"}); English otherwise.
std::string language_of(const std::string& metadata) {
  boost::system::error_code ec;
  const auto parsed = boost::json::parse(metadata, ec);
  if (!ec && parsed.is_object()) {
    if (const auto* language = parsed.as_object().if_contains("language");
        language != nullptr && language->is_string()) {
      const std::string tag(language->as_string());
      if (is_language_tag(tag)) return tag;
    }
  }
  return "en";
}

// "2026-11-28T21:55:52.123Z" -> "2026-11-28T21:55:52Z", the form dcterms:modified takes.
std::string to_whole_seconds(const std::string& timestamp) {
  if (timestamp.size() < 19) return {};
  return timestamp.substr(0, 19) + "Z";
}

}  // namespace

StoredBookDocument load_book_document(db::Session& session, const std::string& book_id) {
  const auto record = generation::BookStore::find(session, book_id, true, true);
  if (!record) throw not_found_error("book");
  StoredBookDocument stored;
  stored.owner_id = record->user_id;
  auto& book = stored.book;
  book.id = record->id;
  book.title = record->title;
  book.kind = llm::parse_kind(record->kind).value_or(llm::BookKind::novel);
  book.genre = record->genre;
  book.writer = record->writer;
  book.language = language_of(record->metadata);
  book.modified = to_whole_seconds(record->updated_at);
  // The day it was finished: the date part of the ISO-8601 timestamp.
  if (record->completed_at) book.generated = record->completed_at->substr(0, 10);
  for (const auto& chapter : record->chapters) {
    ChapterDocument document{chapter.number, chapter.title, {}};
    for (const auto& scene : chapter.scenes) document.scenes.push_back({scene.number, scene.title, scene.text});
    book.chapters.push_back(std::move(document));
  }
  return stored;
}

}  // namespace authorworks::exporting
