#include "llm/offline/blurb_composer.hpp"

#include <algorithm>
#include <array>

#include "core/text.hpp"
#include "llm/offline/scene_composer.hpp"
#include "llm/offline/seeded_random.hpp"
#include "llm/offline/sentence_composer.hpp"
#include "llm/offline/stable_hash.hpp"
#include "llm/offline/story_planner.hpp"
#include "llm/offline/word_count.hpp"

namespace authorworks::llm::offline {

namespace {
void substitute(std::string& text, std::string_view slot, std::string_view value) {
  std::size_t at = 0;
  while ((at = text.find(slot, at)) != std::string::npos) {
    text.replace(at, slot.size(), value);
    at += value.size();
  }
}

std::string lower_first(std::string text) {
  if (!text.empty() && text[0] >= 'A' && text[0] <= 'Z' && !(text.size() > 1 && text[1] >= 'A' && text[1] <= 'Z')) {
    text[0] = static_cast<char>(text[0] - 'A' + 'a');
  }
  return text;
}

std::string without_final_period(std::string text) {
  while (!text.empty() && (text.back() == '.' || text.back() == ' ')) text.pop_back();
  return text;
}

// How a summary says what a scene of each beat did, by who led it and who else was there.
constexpr std::array<std::string_view, beat_count> beat_outcomes{
    "{a} comes upon the {object} and begins to understand what {b} has been keeping back",
    "{a} and {b} finally have it out over the {object}",
    "{b} admits what really happened, and {a} has to decide what to do with the truth",
    "{a} and {b} search for the {object}, and find more than they were looking for",
    "{a} and {b} get away with the {object}, though not unseen",
    "{a} learns that {b} cannot be trusted, and the {object} changes hands",
    "{a} and {b} meet again after a long time apart, with the {object} between them",
    "{a} makes a choice about the {object} that {b} will have to live with"};

constexpr std::array<std::string_view, 6> summary_endings{
    "By the end, {a} leaves {setting} with more questions than answers.",
    "It ends with {b} alone in {setting}, and with {emotion} that will not go away.",
    "When it is over, nothing between {a} and {b} is quite the same.",
    "The scene closes on {a} holding on to the {object} and to a decision not yet spoken.",
    "By the time they part, {a} has started to feel {emotion}.",
    "It leaves {a} and {b} on the same side, for now."};
}  // namespace

std::string compose_style(const BookBible& bible, BookKind kind, const StoryContext& context) {
  SeededRandom random(mix_hash(bible.key, 0x7374796c65));  // "style"
  const auto& cast = cast_of(bible, context);
  std::string first_voice(random.pick(bank::voices));
  std::string second_voice(random.pick(bank::voices));
  for (int attempt = 0; attempt < 8 && second_voice == first_voice; ++attempt) second_voice = random.pick(bank::voices);
  std::string style;
  switch (kind) {
    case BookKind::novel:
      style = std::string("Written in the ") + (bible.past_tense ? "past" : "present") +
              " tense, in close third person that stays mostly with " + short_name(cast[0].name) + ". ";
      break;
    case BookKind::screenplay:
      style = "Lean screenplay action lines in the present tense; what the camera cannot see is not written. ";
      break;
    case BookKind::play:
      style = "Sparse stage directions in the present tense; the characters' lines carry the story. ";
      break;
  }
  style += "The voice is " + first_voice + " and " + second_voice + ", suited to " + bible.genre + ". ";
  style += std::string(random.pick(bank::rhythms)) + " ";
  style += "Dialogue is plain and specific; people talk around what they mean and rarely say it outright. ";
  style += "It should read like " + std::string(random.pick(bank::influences)) + ".";
  return style;
}

std::string compose_synopsis(const BookBible& bible, const WritingTask& task, const StoryContext& context) {
  SeededRandom random(mix_hash(bible.key, 0x73796e6f70736973));  // "synopsis"
  const auto& cast = cast_of(bible, context);
  const std::string hero = short_name(cast[0].name);
  const std::string rival = cast.size() > 1 ? short_name(cast[1].name) : std::string("a stranger");
  const std::string other = cast.size() > 2 ? short_name(cast[2].name) : rival;
  const std::string title = trim(task.title).empty() ? std::string("This story") : std::string(trim(task.title));
  const bool vowel = std::string_view("aeiou").find(bible.genre.empty() ? 'x' : bible.genre[0]) != std::string::npos;

  std::vector<std::string> sentences;
  sentences.push_back(title + " is " + (vowel ? "an " : "a ") + bible.genre + " about " + bible.trouble + ".");
  sentences.push_back("At its centre is " + cast[0].name + ", " +
                      lower_first(without_final_period(cast[0].description)) + ".");
  if (cast.size() > 1) {
    sentences.push_back("Standing in the way is " + cast[1].name + ", " +
                        lower_first(without_final_period(cast[1].description)) + ".");
  }
  const auto fill = [&](std::string_view pattern, std::string_view place) {
    std::string text(pattern);
    substitute(text, "{name}", hero);
    substitute(text, "{other}", other);
    substitute(text, "{rival}", rival);
    substitute(text, "{object}", bible.object);
    substitute(text, "{place}", place);
    substitute(text, "{trouble}", bible.trouble);
    return capitalise_first(std::move(text));
  };
  for (int phase = 0; phase < story_phase_count; ++phase) {
    const auto& place = bible.settings[static_cast<std::size_t>(phase) % bible.settings.size()].place;
    sentences.push_back(fill(random.pick(outline_summaries(phase)), place));
  }
  for (std::size_t i = 0; i < cast.size() && i < 4; ++i) {
    if (!cast[i].arc.empty()) sentences.push_back(capitalise_first(cast[i].arc));
  }
  sentences.push_back("It is a story about what people owe each other, and what it costs to pay.");

  // Within 150 to 400 words: long casts are cut, short ones get a second pass through the story.
  std::string synopsis;
  std::size_t words = 0;
  for (const auto& sentence : sentences) {
    const auto count = count_words(sentence);
    if (words + count > 380) break;
    synopsis += (synopsis.empty() ? "" : " ") + sentence;
    words += count;
  }
  for (int phase = 1; words < 170 && phase < story_phase_count; ++phase) {
    const auto& place = bible.settings[static_cast<std::size_t>(phase + 3) % bible.settings.size()].place;
    const auto sentence = fill(outline_summaries(phase)[0], place);
    synopsis += " " + sentence;
    words += count_words(sentence);
  }
  return synopsis;
}

std::string compose_summary(const BookBible& bible, const WritingTask& task, const StoryContext& context) {
  SeededRandom random(mix_hash(mix_hash(bible.key, stable_hash(task.previous_text)), 0x73756d6d617279));
  const auto& cast = cast_of(bible, context);
  const std::string_view text = task.previous_text;

  // The two people the text mentions most, the place it names, the object it turns on.
  std::vector<std::pair<std::size_t, std::string>> mentions;
  for (const auto& character : cast) {
    const auto name = short_name(character.name);
    std::size_t count = 0;
    for (std::size_t at = text.find(name); at != std::string_view::npos; at = text.find(name, at + name.size()))
      ++count;
    const auto upper_name = [&] {
      std::string out = name;
      for (auto& c : out) c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
      return out;
    }();
    for (std::size_t at = text.find(upper_name); at != std::string_view::npos;
         at = text.find(upper_name, at + upper_name.size())) {
      ++count;
    }
    mentions.emplace_back(count, name);
  }
  std::stable_sort(mentions.begin(), mentions.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  const std::string a = mentions[0].second;
  const std::string b = mentions.size() > 1 ? mentions[1].second : std::string("a stranger");

  const SceneSketch* planned = nullptr;
  for (const auto& scene : context.plan.scenes) {
    if (scene.number == task.scene) planned = &scene;
  }
  std::string setting = planned != nullptr && !planned->setting.empty() ? planned->setting : std::string();
  const std::string lowered = to_lower(text);
  if (setting.empty()) {
    for (const auto& candidate : bible.bank->settings) {
      if (lowered.find(candidate.place) != std::string::npos) setting = std::string(candidate.place);
    }
  }
  if (setting.empty()) setting = std::string(bible.settings[0].place);
  std::string object = bible.object;
  for (const auto candidate : bible.bank->objects) {
    if (lowered.find(candidate) != std::string::npos) {
      object = std::string(candidate);
      break;
    }
  }
  const Beat beat = beat_of(planned != nullptr ? std::string_view(planned->summary) : text,
                            static_cast<Beat>(random.below(beat_count)));

  const auto fill = [&](std::string_view pattern) {
    std::string sentence(pattern);
    substitute(sentence, "{a}", a);
    substitute(sentence, "{b}", b);
    substitute(sentence, "{object}", object);
    substitute(sentence, "{setting}", setting);
    substitute(sentence, "{emotion}", random.pick(bank::emotions));
    return capitalise_first(std::move(sentence));
  };
  std::string summary = "In " + setting + ", " + fill(beat_outcomes[static_cast<std::size_t>(beat)]) + ".";
  if (count_words(text) > 40) {
    summary += " " + fill("Much of what passes between {a} and {b} turns on the {object}.");
  }
  summary += " " + fill(random.pick(std::span<const std::string_view>(summary_endings)));
  return summary;
}

}  // namespace authorworks::llm::offline
