#pragma once
// What the offline writer knows about a book before any stage has run, derived only from the
// title, the braindump and the seed: its genre, its cast, its places and the tense of its prose.
// Every stage derives it afresh, so a scene drafted without context still agrees with the
// characters stage, and the same inputs always give the same book.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "llm/offline/story_context.hpp"
#include "llm/offline/word_banks.hpp"
#include "llm/writer.hpp"

namespace authorworks::llm::offline {

struct BookBible {
  std::uint64_t key = 0;  // hash of title, braindump and seed
  std::string genre;      // task.genre when set, else what the genre stage answers
  const GenreBank* bank = nullptr;
  bool past_tense = true;  // prose tense; screenplays and stage directions are always present
  std::vector<CharacterSketch> cast;
  std::vector<Setting> settings;  // the book's places, a seeded selection from the genre's
  std::string object;             // the thing the whole story turns on
  std::string trouble;            // what the story is about
};

BookBible make_book_bible(const WritingTask& task);

// The genre the braindump suggests ("murder" → a mystery label), or a seeded one when it suggests none.
std::string detect_genre(std::string_view title, std::string_view braindump, std::uint64_t book_key);

// Capitalised words of the braindump that read like people's names (not at a sentence start, not
// part of a multi-word place, not after "at"/"in"), in order of appearance, without repeats.
std::vector<std::string> names_in_braindump(std::string_view braindump);

// The first word of a character's name, which is how prose and cues refer to them.
std::string short_name(std::string_view full_name);

}  // namespace authorworks::llm::offline
