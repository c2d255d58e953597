#include "export/book_document_loader.hpp"

#include "generation/book_store.hpp"
#include "modules/users/user_store.hpp"

namespace authorworks::exporting {

BookDocument load_book_document(db::Session& session, const std::string& book_id) {
  const auto record = generation::BookStore::find(session, book_id, true, true);
  if (!record) throw not_found_error("book");
  BookDocument book;
  book.title = record->title;
  book.kind = llm::parse_kind(record->kind).value_or(llm::BookKind::novel);
  book.genre = record->genre;
  book.writer = record->writer;
  // The day it was finished: the date part of the ISO-8601 timestamp.
  if (record->completed_at) book.generated = record->completed_at->substr(0, 10);
  if (const auto owner = users::UserStore::find_by_id(session, record->user_id)) {
    book.author = owner->display_name.empty() ? owner->username : owner->display_name;
  }
  for (const auto& chapter : record->chapters) {
    ChapterDocument document{chapter.number, chapter.title, {}};
    for (const auto& scene : chapter.scenes) document.scenes.push_back({scene.number, scene.title, scene.text});
    book.chapters.push_back(std::move(document));
  }
  return book;
}

}  // namespace authorworks::exporting
