#pragma once
// The structured stages of the offline writer: the cast, the outline and a chapter's plan, as the
// JSON documents writer.hpp fixes, plus the scene sketch a scene is drafted from when the context
// carries no plan.
#include <string>

#include "llm/offline/book_bible.hpp"
#include "llm/offline/story_context.hpp"
#include "llm/writer.hpp"

namespace authorworks::llm::offline {

// The context's characters when it has any, else the bible's cast.
const std::vector<CharacterSketch>& cast_of(const BookBible& bible, const StoryContext& context);

std::string plan_characters(const BookBible& bible);
std::string plan_outline(const BookBible& bible, const WritingTask& task, const StoryContext& context);
ChapterPlanSketch plan_chapter(const BookBible& bible, const WritingTask& task, const StoryContext& context);
std::string chapter_plan_json(const ChapterPlanSketch& plan);

// "what the {object} knew" → "What the Brass Key Knew".
std::string title_case(std::string_view text);

}  // namespace authorworks::llm::offline
