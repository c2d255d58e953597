#pragma once
// The story so far as the engine passes it in WritingTask::context_json: the characters, the
// outline and the current chapter's plan, each in its stage's format. Anything missing or malformed
// is simply absent: the offline writer then falls back on what it derives from the title and seed.
#include <string>
#include <string_view>
#include <vector>

namespace authorworks::llm::offline {

struct CharacterSketch {
  std::string name;
  std::string role;
  std::string description;
  std::string arc;
};

struct ChapterSketch {
  int number = 0;
  std::string title;
  std::string summary;
};

struct SceneSketch {
  int number = 0;
  std::string title;
  std::string summary;
  std::string setting;
  std::vector<std::string> characters;
};

struct ChapterPlanSketch {
  int number = 0;
  std::string title;
  std::string opening;
  std::string ending;
  std::vector<SceneSketch> scenes;
};

struct StoryContext {
  std::vector<CharacterSketch> characters;
  std::vector<ChapterSketch> chapters;
  ChapterPlanSketch plan;  // no scenes when the context carries no plan
  std::string synopsis;
};

// Accepts each member either as the stage's whole document ({"characters":{"characters":[…]}}) or
// as its inner value ({"characters":[…]}). Never throws.
StoryContext parse_story_context(std::string_view json) noexcept;

}  // namespace authorworks::llm::offline
