#pragma once
// The offline writer's plain-text stages: the style note, the synopsis and a scene's summary.
#include <string>

#include "llm/offline/book_bible.hpp"
#include "llm/offline/story_context.hpp"
#include "llm/writer.hpp"

namespace authorworks::llm::offline {

std::string compose_style(const BookBible& bible, BookKind kind, const StoryContext& context);
// 150 to 400 words.
std::string compose_synopsis(const BookBible& bible, const WritingTask& task, const StoryContext& context);
// Two to four sentences about task.previous_text: who was there, where, what it turned on, how it ended.
std::string compose_summary(const BookBible& bible, const WritingTask& task, const StoryContext& context);

}  // namespace authorworks::llm::offline
