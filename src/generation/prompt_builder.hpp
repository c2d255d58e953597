#pragma once
// The prompts of every stage for each kind of book. What a prompt carries is bounded: the story
// bible (genre, style, characters, synopsis) as the cacheable context, identical across the steps of
// a book; a window of the outline (full detail near the current chapter, titles a little further,
// nothing beyond); rolling summaries (the previous chapter's, and this chapter's earlier scenes');
// and the tail of the previous scene. So a scene prompt in chapter 30 of 40 is about as long as one
// in chapter 2, and the prompt tokens per generated word stay flat across a book.
//
// Every user text starts with marker lines the test doubles read: "Stage: <stage name>", plus
// "Chapters: N" (outline), "Scenes: M" (chapter_plan), "Target words: N" (scene, scene_continue),
// and "Chapter: N" / "Scene: M" where a step belongs to one.
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "generation/story_documents.hpp"
#include "llm/writer.hpp"

namespace authorworks::generation {

// What the earlier stages decided; filled in as the pipeline goes.
struct StoryBible {
  llm::BookKind kind = llm::BookKind::novel;
  std::string title;
  std::string braindump;
  std::string genre;
  std::string style;
  std::vector<Character> characters;
  std::string synopsis;
  std::vector<OutlineChapter> outline;
};

// What came before a scene, as the pipeline knows it when the scene is drafted.
struct SceneContext {
  const ChapterPlan* plan = nullptr;
  int scene = 0;  // 1-based
  std::int64_t target_words = 0;
  std::string previous_chapter_summary;     // empty for chapter 1 or when not drafted yet
  std::vector<std::string> earlier_scenes;  // this chapter's earlier scenes' summaries, in order
  std::string previous_tail;                // the last ~300 words before this scene
};

class PromptBuilder {
 public:
  explicit PromptBuilder(const StoryBible& bible) : bible_(bible) {}

  llm::Prompt genre() const;
  llm::Prompt style() const;
  llm::Prompt characters() const;
  llm::Prompt synopsis() const;
  llm::Prompt outline(int chapters) const;
  llm::Prompt chapter_plan(int chapter, int scenes) const;
  llm::Prompt scene(int chapter, const SceneContext& context) const;
  // More of a scene that came back short: `text_so_far`'s tail and the words still wanted.
  llm::Prompt scene_continue(int chapter, const SceneContext& context, const std::string& text_so_far,
                             std::int64_t more_words) const;
  llm::Prompt summary(int chapter, int scene, const std::string& text) const;
  // Asks for `stage`'s output again, corrected: the original request, the invalid answer and what
  // is wrong with it.
  llm::Prompt repair(llm::Stage stage, const llm::Prompt& original, const std::string& invalid,
                     const std::vector<std::string>& errors) const;

  // The story bible as the cacheable context: everything known of genre, style, characters, synopsis.
  std::string bible_text() const;
  // The outline window around `chapter` (1-based): detail for chapter-1..chapter+1, titles within
  // four chapters, a count of the rest.
  std::string outline_window(int chapter) const;

 private:
  std::string system() const;
  std::string header(llm::Stage stage, std::vector<std::pair<std::string, std::string>> markers) const;
  std::string braindump_block() const;
  std::string form_rules() const;

  const StoryBible& bible_;
};

// "chapter", "sequence", "act".
std::string_view unit_name(llm::BookKind kind) noexcept;

}  // namespace authorworks::generation
