#include "llm/offline/book_bible.hpp"

#include <algorithm>
#include <array>

#include "core/text.hpp"
#include "llm/offline/seeded_random.hpp"
#include "llm/offline/stable_hash.hpp"

namespace authorworks::llm::offline {

namespace {
bool is_upper(char c) noexcept { return c >= 'A' && c <= 'Z'; }
bool is_lower(char c) noexcept { return c >= 'a' && c <= 'z'; }
bool is_letter(char c) noexcept { return is_upper(c) || is_lower(c) || c == '\''; }

struct Token {
  std::string text;
  bool sentence_start;
};

std::vector<Token> tokens_of(std::string_view text) {
  std::vector<Token> tokens;
  bool sentence_start = true;
  std::size_t i = 0;
  while (i < text.size()) {
    if (!is_letter(text[i])) {
      if (text[i] == '.' || text[i] == '!' || text[i] == '?' || text[i] == '\n' || text[i] == ':') {
        sentence_start = true;
      }
      ++i;
      continue;
    }
    const std::size_t start = i;
    while (i < text.size() && is_letter(text[i])) ++i;
    tokens.push_back({std::string(text.substr(start, i - start)), sentence_start});
    sentence_start = false;
  }
  return tokens;
}

// A keyword matches a word that is the keyword or the keyword with a common ending, so "murdered"
// suggests a mystery and "warm" does not suggest a war.
bool matches_keyword(std::string_view word, std::string_view keyword) noexcept {
  if (!word.starts_with(keyword)) return false;
  static constexpr std::array<std::string_view, 9> endings{"", "s", "es", "ed", "er", "ers", "ing", "y", "ic"};
  const auto rest = word.substr(keyword.size());
  return std::find(endings.begin(), endings.end(), rest) != endings.end();
}

// How someone other than the antagonist stands to the story's trouble.
constexpr std::array<std::string_view, 5> involvements{
    "closer than anyone suspects to ", "the only one who remembers the start of ", "quietly paying the price of ",
    "still lying about ", "about to be pulled into "};

constexpr std::array<std::string_view, 40> not_names{
    "I",    "The",  "A",     "An",     "And",     "But",       "Or",       "It",      "He",        "She",
    "They", "We",   "You",   "His",    "Her",     "Their",     "Our",      "My",      "This",      "That",
    "When", "Then", "There", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",  "Saturday",  "Sunday",
    "God",  "Mr",   "Mrs",   "Ms",     "Dr",      "Lord",      "Lady",     "Captain", "Christmas", "English"};
}  // namespace

std::vector<std::string> names_in_braindump(std::string_view braindump) {
  const auto tokens = tokens_of(braindump);
  std::vector<std::string> names;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const auto& token = tokens[i];
    if (token.sentence_start || token.text.size() < 2 || !is_upper(token.text[0])) continue;
    if (std::all_of(token.text.begin(), token.text.end(), [](char c) { return is_upper(c); })) continue;
    if (std::find(not_names.begin(), not_names.end(), token.text) != not_names.end()) continue;
    const bool after_capital = i > 0 && !tokens[i - 1].sentence_start && is_upper(tokens[i - 1].text[0]) &&
                               std::find(not_names.begin(), not_names.end(), tokens[i - 1].text) == not_names.end();
    const bool before_capital =
        i + 1 < tokens.size() && !tokens[i + 1].sentence_start && is_upper(tokens[i + 1].text[0]);
    if (after_capital || before_capital) continue;
    if (i > 0) {
      const auto previous = to_lower(tokens[i - 1].text);
      if (previous == "at" || previous == "in" || previous == "to" || previous == "from" || previous == "of" ||
          previous == "near" || previous == "on") {
        continue;
      }
    }
    if (std::find(names.begin(), names.end(), token.text) == names.end()) names.push_back(token.text);
  }
  return names;
}

std::string short_name(std::string_view full_name) {
  const auto trimmed = trim(full_name);
  const auto space = trimmed.find(' ');
  return std::string(space == std::string_view::npos ? trimmed : trimmed.substr(0, space));
}

std::string detect_genre(std::string_view title, std::string_view braindump, std::uint64_t book_key) {
  SeededRandom random(mix_hash(book_key, 0x67656e7265));  // "genre"
  const auto banks = genre_banks();
  std::vector<int> hits(banks.size(), 0);
  for (const auto& token : tokens_of(std::string(title) + ". " + std::string(braindump))) {
    const auto word = to_lower(token.text);
    for (std::size_t b = 0; b < banks.size(); ++b) {
      for (const auto keyword : banks[b].keywords) {
        if (matches_keyword(word, keyword)) ++hits[b];
      }
    }
  }
  const auto best = std::max_element(hits.begin(), hits.end());
  const std::size_t chosen = *best > 0 ? static_cast<std::size_t>(best - hits.begin()) : random.below(banks.size());
  return std::string(random.pick(banks[chosen].labels));
}

BookBible make_book_bible(const WritingTask& task) {
  BookBible bible;
  bible.key = mix_hash(stable_hash(task.braindump, stable_hash(task.title)), task.seed);
  const auto given_genre = trim(task.genre);
  bible.genre = given_genre.empty() ? detect_genre(task.title, task.braindump, bible.key) : std::string(given_genre);
  bible.bank = &genre_bank_for(bible.genre);
  SeededRandom random(mix_hash(bible.key, 0x6269626c65));  // "bible"
  bible.past_tense = random.chance(0.75);

  std::vector<Setting> settings(bible.bank->settings.begin(), bible.bank->settings.end());
  random.shuffle(settings);
  settings.resize(8);
  bible.settings = std::move(settings);
  bible.object = std::string(random.pick(bible.bank->objects));
  bible.trouble = std::string(random.pick(bible.bank->troubles));

  // The cast: braindump names first (the writer's own people), then seeded names, all distinct.
  const int size = random.between(3, 8);
  std::vector<std::string> first_names;
  for (auto& name : names_in_braindump(task.braindump)) {
    if (static_cast<int>(first_names.size()) < std::min(size, 4)) first_names.push_back(std::move(name));
  }
  while (static_cast<int>(first_names.size()) < size) {
    std::string candidate(random.pick(bank::first_names));
    if (std::find(first_names.begin(), first_names.end(), candidate) == first_names.end()) {
      first_names.push_back(std::move(candidate));
    }
  }
  std::vector<std::string_view> surnames(bank::surnames.begin(), bank::surnames.end());
  random.shuffle(surnames);
  std::vector<std::string_view> roles(bank::roles.begin(), bank::roles.end());
  random.shuffle(roles);
  std::vector<std::string_view> jobs(bible.bank->occupations.begin(), bible.bank->occupations.end());
  random.shuffle(jobs);
  for (int i = 0; i < size; ++i) {
    const auto index = static_cast<std::size_t>(i);
    CharacterSketch character;
    character.name = first_names[index] + " " + std::string(surnames[index]);
    character.role = i == 0 ? "protagonist" : i == 1 ? "antagonist" : std::string(roles[index - 2]);
    const std::string_view trait = random.pick(bank::traits);
    const std::string_view want = random.pick(bank::wants);
    const std::string_view job = jobs[index % jobs.size()];
    const bool vowel = std::string_view("aeiou").find(trait[0]) != std::string_view::npos;
    character.description =
        std::string(vowel ? "An " : "A ") + std::string(trait) + " " + std::string(job) + " who wants " +
        std::string(want) + ", and is " +
        (i == 1 ? "willing to use " + bible.trouble + " to get it."
                : std::string(involvements[random.below(involvements.size())]) + bible.trouble + ".");
    std::string arc(random.pick(bank::arcs));
    if (const auto slot = arc.find("{want}"); slot != std::string::npos) arc.replace(slot, 6, want);
    character.arc = first_names[index] + " " + arc + ".";
    bible.cast.push_back(std::move(character));
  }
  return bible;
}

}  // namespace authorworks::llm::offline
