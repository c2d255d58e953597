#include "export/book_document_json.hpp"

#include <boost/json.hpp>

#include "core/error.hpp"

namespace authorworks::exporting {
namespace {

namespace json = boost::json;

Error malformed(std::string_view where, std::string_view name) {
  return Error(ErrorCode::upstream_failed,
               "the book document's " + std::string(where) + " lacks a valid '" + std::string(name) + "'");
}

const json::object& object_of(const json::value& value, std::string_view where) {
  if (!value.is_object()) {
    throw Error(ErrorCode::upstream_failed, "the book document's " + std::string(where) + " is not an object");
  }
  return value.as_object();
}

std::string text(const json::object& obj, std::string_view name, std::string_view where) {
  const auto* value = obj.if_contains(name);
  if (value == nullptr || !value->is_string()) throw malformed(where, name);
  return std::string(value->as_string());
}

int number(const json::object& obj, std::string_view name, std::string_view where) {
  const auto* value = obj.if_contains(name);
  if (value == nullptr) throw malformed(where, name);
  const auto out = json::try_value_to<int>(*value);
  if (!out) throw malformed(where, name);
  return *out;
}

const json::array& list(const json::object& obj, std::string_view name, std::string_view where) {
  const auto* value = obj.if_contains(name);
  if (value == nullptr || !value->is_array()) throw malformed(where, name);
  return value->as_array();
}

}  // namespace

json::object book_document_json(const BookDocument& book) {
  json::array chapters;
  for (const auto& chapter : book.chapters) {
    json::array scenes;
    for (const auto& scene : chapter.scenes) {
      scenes.push_back(json::object{{"number", scene.number}, {"title", scene.title}, {"text", scene.text}});
    }
    chapters.push_back(
        json::object{{"number", chapter.number}, {"title", chapter.title}, {"scenes", std::move(scenes)}});
  }
  return {{"id", book.id},
          {"title", book.title},
          {"author", book.author},
          {"kind", llm::kind_name(book.kind)},
          {"genre", book.genre},
          {"writer", book.writer},
          {"generated", book.generated},
          {"language", book.language},
          {"modified", book.modified},
          {"chapters", std::move(chapters)}};
}

BookDocument book_document_from_json(const json::value& value) {
  const auto& obj = object_of(value, "book");
  BookDocument book;
  book.id = text(obj, "id", "book");
  book.title = text(obj, "title", "book");
  book.author = text(obj, "author", "book");
  const auto kind = llm::parse_kind(text(obj, "kind", "book"));
  if (!kind) throw malformed("book", "kind");
  book.kind = *kind;
  book.genre = text(obj, "genre", "book");
  book.writer = text(obj, "writer", "book");
  book.generated = text(obj, "generated", "book");
  book.language = text(obj, "language", "book");
  book.modified = text(obj, "modified", "book");
  for (const auto& c : list(obj, "chapters", "book")) {
    const auto& chapter = object_of(c, "chapter");
    ChapterDocument out{number(chapter, "number", "chapter"), text(chapter, "title", "chapter"), {}};
    for (const auto& s : list(chapter, "scenes", "chapter")) {
      const auto& scene = object_of(s, "scene");
      out.scenes.push_back(
          {number(scene, "number", "scene"), text(scene, "title", "scene"), text(scene, "text", "scene")});
    }
    book.chapters.push_back(std::move(out));
  }
  return book;
}

}  // namespace authorworks::exporting
