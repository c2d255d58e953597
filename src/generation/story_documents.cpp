#include "generation/story_documents.hpp"

#include <boost/json.hpp>
#include <set>

namespace authorworks::generation {
namespace {

namespace json = boost::json;

constexpr int kMinCharacters = 2;
constexpr int kMaxCharacters = 12;

std::string at(std::string_view path, std::size_t index) {
  return std::string(path) + "[" + std::to_string(index) + "]";
}

// Parses the object; on failure, adds why to `errors` and returns nullptr.
const json::object* parse_object(std::string_view text, json::value& holder, std::vector<std::string>& errors) {
  const auto body = extract_json_object(text);
  if (body.empty()) {
    errors.push_back("the answer contains no JSON object");
    return nullptr;
  }
  boost::system::error_code ec;
  holder = json::parse(body, ec);
  if (ec) {
    errors.push_back("the answer is not valid JSON: " + ec.message());
    return nullptr;
  }
  if (!holder.is_object()) {
    errors.push_back("the answer is not a JSON object");
    return nullptr;
  }
  return &holder.as_object();
}

// A required non-empty string member; adds an error naming `path` when it is missing or empty.
std::string required_text(const json::object& object, std::string_view key, const std::string& path,
                          std::vector<std::string>& errors) {
  const auto* value = object.if_contains(key);
  if (value == nullptr) {
    errors.push_back(path + "." + std::string(key) + " is missing");
    return {};
  }
  if (!value->is_string()) {
    errors.push_back(path + "." + std::string(key) + " must be a string");
    return {};
  }
  std::string text(value->as_string());
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
    errors.push_back(path + "." + std::string(key) + " is empty");
    return {};
  }
  return text;
}

// A required integer member equal to `expected`.
void required_number(const json::object& object, const std::string& path, int expected,
                     std::vector<std::string>& errors) {
  const auto* value = object.if_contains("number");
  if (value == nullptr) {
    errors.push_back(path + ".number is missing");
    return;
  }
  std::int64_t number = 0;
  if (value->is_int64()) {
    number = value->as_int64();
  } else if (value->is_uint64()) {
    number = static_cast<std::int64_t>(value->as_uint64());
  } else {
    errors.push_back(path + ".number must be an integer");
    return;
  }
  if (number != expected) {
    errors.push_back(path + ".number is " + std::to_string(number) + ", expected " + std::to_string(expected));
  }
}

const json::array* required_array(const json::object& object, std::string_view key, const std::string& path,
                                  std::vector<std::string>& errors) {
  const auto* value = object.if_contains(key);
  if (value == nullptr) {
    errors.push_back(path + std::string(key) + " is missing");
    return nullptr;
  }
  if (!value->is_array()) {
    errors.push_back(path + std::string(key) + " must be an array");
    return nullptr;
  }
  return &value->as_array();
}

}  // namespace

std::string_view extract_json_object(std::string_view text) noexcept {
  const auto first = text.find('{');
  const auto last = text.rfind('}');
  if (first == std::string_view::npos || last == std::string_view::npos || last < first) return {};
  return text.substr(first, last - first + 1);
}

Validated<std::vector<Character>> validate_characters(std::string_view text) {
  Validated<std::vector<Character>> out;
  json::value holder;
  const auto* root = parse_object(text, holder, out.errors);
  if (root == nullptr) return out;
  const auto* list = required_array(*root, "characters", "", out.errors);
  if (list == nullptr) return out;
  if (list->size() < kMinCharacters || list->size() > kMaxCharacters) {
    out.errors.push_back("characters has " + std::to_string(list->size()) + " entries, expected " +
                         std::to_string(kMinCharacters) + " to " + std::to_string(kMaxCharacters));
  }
  std::vector<Character> characters;
  std::set<std::string> names;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const auto path = at("characters", i);
    if (!(*list)[i].is_object()) {
      out.errors.push_back(path + " must be an object");
      continue;
    }
    const auto& object = (*list)[i].as_object();
    Character c;
    c.name = required_text(object, "name", path, out.errors);
    c.role = required_text(object, "role", path, out.errors);
    c.description = required_text(object, "description", path, out.errors);
    c.arc = required_text(object, "arc", path, out.errors);
    if (!c.name.empty() && !names.insert(c.name).second) {
      out.errors.push_back(path + ".name \"" + c.name + "\" is used by an earlier character");
    }
    characters.push_back(std::move(c));
  }
  if (out.errors.empty()) out.document = std::move(characters);
  return out;
}

Validated<std::vector<OutlineChapter>> validate_outline(std::string_view text, int chapters) {
  Validated<std::vector<OutlineChapter>> out;
  json::value holder;
  const auto* root = parse_object(text, holder, out.errors);
  if (root == nullptr) return out;
  const auto* list = required_array(*root, "chapters", "", out.errors);
  if (list == nullptr) return out;
  if (list->size() != static_cast<std::size_t>(chapters)) {
    out.errors.push_back("chapters has " + std::to_string(list->size()) + " entries, expected exactly " +
                         std::to_string(chapters));
  }
  std::vector<OutlineChapter> outline;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const auto path = at("chapters", i);
    if (!(*list)[i].is_object()) {
      out.errors.push_back(path + " must be an object");
      continue;
    }
    const auto& object = (*list)[i].as_object();
    OutlineChapter c;
    c.number = static_cast<int>(i + 1);
    required_number(object, path, c.number, out.errors);
    c.title = required_text(object, "title", path, out.errors);
    c.summary = required_text(object, "summary", path, out.errors);
    outline.push_back(std::move(c));
  }
  if (out.errors.empty()) out.document = std::move(outline);
  return out;
}

Validated<ChapterPlan> validate_chapter_plan(std::string_view text, int chapter, int scenes) {
  Validated<ChapterPlan> out;
  json::value holder;
  const auto* root = parse_object(text, holder, out.errors);
  if (root == nullptr) return out;
  ChapterPlan plan;
  plan.number = chapter;
  required_number(*root, "plan", chapter, out.errors);
  plan.title = required_text(*root, "title", "plan", out.errors);
  plan.opening = required_text(*root, "opening", "plan", out.errors);
  plan.ending = required_text(*root, "ending", "plan", out.errors);
  const auto* list = required_array(*root, "scenes", "plan.", out.errors);
  if (list == nullptr) return out;
  if (list->size() != static_cast<std::size_t>(scenes)) {
    out.errors.push_back("plan.scenes has " + std::to_string(list->size()) + " entries, expected exactly " +
                         std::to_string(scenes));
  }
  for (std::size_t i = 0; i < list->size(); ++i) {
    const auto path = at("plan.scenes", i);
    if (!(*list)[i].is_object()) {
      out.errors.push_back(path + " must be an object");
      continue;
    }
    const auto& object = (*list)[i].as_object();
    PlannedScene s;
    s.number = static_cast<int>(i + 1);
    required_number(object, path, s.number, out.errors);
    s.title = required_text(object, "title", path, out.errors);
    s.summary = required_text(object, "summary", path, out.errors);
    s.setting = required_text(object, "setting", path, out.errors);
    const auto* names = required_array(object, "characters", path + ".", out.errors);
    if (names != nullptr) {
      for (std::size_t n = 0; n < names->size(); ++n) {
        if (!(*names)[n].is_string() || (*names)[n].as_string().empty()) {
          out.errors.push_back(at(path + ".characters", n) + " must be a non-empty string");
          continue;
        }
        s.characters.emplace_back((*names)[n].as_string());
      }
    }
    plan.scenes.push_back(std::move(s));
  }
  if (out.errors.empty()) out.document = std::move(plan);
  return out;
}

}  // namespace authorworks::generation
