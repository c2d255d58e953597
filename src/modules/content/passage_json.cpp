#include "modules/content/passage_json.hpp"

#include <boost/json.hpp>

#include "core/error.hpp"

namespace authorworks::content {
namespace {

namespace json = boost::json;

Error malformed(std::string_view name) {
  return Error(ErrorCode::upstream_failed, "the passage lacks a valid '" + std::string(name) + "'");
}

const json::object& object_of(const json::value& value, std::string_view name) {
  if (!value.is_object()) throw malformed(name);
  return value.as_object();
}

std::string text(const json::object& obj, std::string_view name) {
  const auto* value = obj.if_contains(name);
  if (value == nullptr || !value->is_string()) throw malformed(name);
  return std::string(value->as_string());
}

int number(const json::object& obj, std::string_view name) {
  const auto* value = obj.if_contains(name);
  if (value == nullptr) throw malformed(name);
  const auto out = json::try_value_to<int>(*value);
  if (!out) throw malformed(name);
  return *out;
}

}  // namespace

json::object passage_json(const ManuscriptPassage& passage) {
  json::array scenes;
  for (const auto& scene : passage.scenes) {
    scenes.push_back(
        json::object{{"id", scene.id}, {"number", scene.number}, {"title", scene.title}, {"text", scene.text}});
  }
  return {{"id", passage.id},
          {"kind", passage.kind == ManuscriptPassage::Kind::chapter ? "chapter" : "scene"},
          {"book_id", passage.book_id},
          {"owner_id", passage.owner_id},
          {"chapter_number", passage.chapter_number},
          {"title", passage.title},
          {"scenes", std::move(scenes)}};
}

ManuscriptPassage passage_from_json(const json::value& value) {
  const auto& obj = object_of(value, "passage");
  ManuscriptPassage passage;
  passage.id = text(obj, "id");
  const auto kind = text(obj, "kind");
  if (kind != "scene" && kind != "chapter") throw malformed("kind");
  passage.kind = kind == "chapter" ? ManuscriptPassage::Kind::chapter : ManuscriptPassage::Kind::scene;
  passage.book_id = text(obj, "book_id");
  passage.owner_id = text(obj, "owner_id");
  passage.chapter_number = number(obj, "chapter_number");
  passage.title = text(obj, "title");
  const auto* scenes = obj.if_contains("scenes");
  if (scenes == nullptr || !scenes->is_array()) throw malformed("scenes");
  for (const auto& s : scenes->as_array()) {
    const auto& scene = object_of(s, "scenes");
    passage.scenes.push_back({text(scene, "id"), number(scene, "number"), text(scene, "title"), text(scene, "text")});
  }
  return passage;
}

}  // namespace authorworks::content
