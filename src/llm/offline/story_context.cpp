#include "llm/offline/story_context.hpp"

#include <boost/json.hpp>

namespace authorworks::llm::offline {

namespace json = boost::json;

namespace {
std::string string_member(const json::object& object, std::string_view key) {
  const auto* value = object.if_contains(key);
  if (value == nullptr || !value->is_string()) return {};
  return std::string(value->get_string());
}

int int_member(const json::object& object, std::string_view key) {
  const auto* value = object.if_contains(key);
  if (value == nullptr) return 0;
  if (value->is_int64()) return static_cast<int>(value->get_int64());
  if (value->is_uint64()) return static_cast<int>(value->get_uint64());
  return 0;
}

// The member itself when it is an array, or its namesake inside it when it is the stage's document.
const json::array* array_of(const json::object& context, std::string_view key, std::string_view inner) {
  const auto* value = context.if_contains(key);
  if (value == nullptr) return nullptr;
  if (value->is_array()) return &value->get_array();
  if (value->is_object()) {
    const auto* nested = value->get_object().if_contains(inner);
    if (nested != nullptr && nested->is_array()) return &nested->get_array();
  }
  return nullptr;
}

std::vector<std::string> names_in(const json::object& scene) {
  std::vector<std::string> names;
  const auto* list = scene.if_contains("characters");
  if (list == nullptr || !list->is_array()) return names;
  for (const auto& entry : list->get_array()) {
    if (entry.is_string() && !entry.get_string().empty()) names.emplace_back(entry.get_string());
    // A planner may list character objects instead of names.
    if (entry.is_object()) {
      auto name = string_member(entry.get_object(), "name");
      if (!name.empty()) names.push_back(std::move(name));
    }
  }
  return names;
}
}  // namespace

StoryContext parse_story_context(std::string_view text) noexcept {
  StoryContext context;
  try {
    boost::system::error_code ec;
    const json::value root = json::parse(text, ec);
    if (ec || !root.is_object()) return context;
    const auto& object = root.get_object();

    if (const auto* characters = array_of(object, "characters", "characters")) {
      for (const auto& entry : *characters) {
        if (!entry.is_object()) continue;
        const auto& member = entry.get_object();
        CharacterSketch sketch{string_member(member, "name"), string_member(member, "role"),
                               string_member(member, "description"), string_member(member, "arc")};
        if (!sketch.name.empty()) context.characters.push_back(std::move(sketch));
      }
    }
    if (const auto* chapters = array_of(object, "outline", "chapters")) {
      for (const auto& entry : *chapters) {
        if (!entry.is_object()) continue;
        const auto& member = entry.get_object();
        context.chapters.push_back(
            {int_member(member, "number"), string_member(member, "title"), string_member(member, "summary")});
      }
    }
    if (const auto* plan = object.if_contains("plan"); plan != nullptr && plan->is_object()) {
      const auto& member = plan->get_object();
      context.plan.number = int_member(member, "number");
      context.plan.title = string_member(member, "title");
      context.plan.opening = string_member(member, "opening");
      context.plan.ending = string_member(member, "ending");
      if (const auto* scenes = member.if_contains("scenes"); scenes != nullptr && scenes->is_array()) {
        for (const auto& entry : scenes->get_array()) {
          if (!entry.is_object()) continue;
          const auto& scene = entry.get_object();
          context.plan.scenes.push_back({int_member(scene, "number"), string_member(scene, "title"),
                                         string_member(scene, "summary"), string_member(scene, "setting"),
                                         names_in(scene)});
        }
      }
    }
    context.synopsis = string_member(object, "synopsis");
  } catch (const std::exception&) {
    // Only allocation can throw here; a context we cannot read is a context we do without.
    return StoryContext{};
  }
  return context;
}

}  // namespace authorworks::llm::offline
