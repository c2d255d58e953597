#pragma once
// The structured stage outputs (formats fixed in llm/writer.hpp) as the engine reads them, with a
// validator per format. A validator returns every problem it finds, in words precise enough to send
// back to the model in a repair request ("chapters[3].number is 5, expected 4"); an empty list means
// the document is valid and the parsed form is set.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace authorworks::generation {

struct Character {
  std::string name;
  std::string role;
  std::string description;
  std::string arc;
};

struct OutlineChapter {
  int number = 0;
  std::string title;
  std::string summary;
};

struct PlannedScene {
  int number = 0;
  std::string title;
  std::string summary;
  std::string setting;
  std::vector<std::string> characters;
};

struct ChapterPlan {
  int number = 0;
  std::string title;
  std::string opening;
  std::string ending;
  std::vector<PlannedScene> scenes;
};

template <class Document>
struct Validated {
  std::optional<Document> document;
  std::vector<std::string> errors;

  bool ok() const noexcept { return errors.empty() && document.has_value(); }
};

// Models often wrap JSON in a Markdown fence or add a sentence before it: the JSON object is taken
// from the first '{' to the last '}'.
std::string_view extract_json_object(std::string_view text) noexcept;

Validated<std::vector<Character>> validate_characters(std::string_view text);
Validated<std::vector<OutlineChapter>> validate_outline(std::string_view text, int chapters);
Validated<ChapterPlan> validate_chapter_plan(std::string_view text, int chapter, int scenes);

}  // namespace authorworks::generation
