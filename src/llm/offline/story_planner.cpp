#include "llm/offline/story_planner.hpp"

#include <algorithm>
#include <array>
#include <boost/json.hpp>

#include "core/text.hpp"
#include "llm/offline/scene_composer.hpp"
#include "llm/offline/seeded_random.hpp"
#include "llm/offline/sentence_composer.hpp"
#include "llm/offline/stable_hash.hpp"

namespace authorworks::llm::offline {

namespace json = boost::json;

namespace {
void substitute(std::string& text, std::string_view slot, std::string_view value) {
  std::size_t at = 0;
  while ((at = text.find(slot, at)) != std::string::npos) {
    text.replace(at, slot.size(), value);
    at += value.size();
  }
}

constexpr std::array<std::string_view, beat_count> beat_titles{
    "Discovery", "Confrontation", "Confession", "The Search", "Escape", "Betrayal", "Reunion", "The Decision"};

std::string place_title(std::string_view place) {
  std::string text(trim(place));
  if (to_lower(text).starts_with("the ")) text.erase(0, 4);
  return title_case(text);
}

std::string chapter_title(SeededRandom& random, const BookBible& bible, std::string_view name) {
  std::string title(random.pick(bank::chapter_titles));
  substitute(title, "{object}", random.chance(0.5) ? std::string_view(bible.object) : random.pick(bible.bank->objects));
  substitute(title, "{name}", name);
  return title_case(title);
}
}  // namespace

std::string title_case(std::string_view text) {
  static constexpr std::array<std::string_view, 12> small{"a",  "an", "the", "of", "and", "in",
                                                          "on", "at", "to",  "by", "for", "with"};
  std::string out;
  std::size_t word_index = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] == ' ') {
      out += ' ';
      ++i;
      continue;
    }
    const auto end = std::min(text.find(' ', i), text.size());
    std::string word(text.substr(i, end - i));
    const bool keep_small = word_index > 0 && std::find(small.begin(), small.end(), word) != small.end();
    if (!keep_small) word = capitalise_first(std::move(word));
    out += word;
    ++word_index;
    i = end;
  }
  return out;
}

const std::vector<CharacterSketch>& cast_of(const BookBible& bible, const StoryContext& context) {
  return context.characters.empty() ? bible.cast : context.characters;
}

std::string plan_characters(const BookBible& bible) {
  json::array characters;
  for (const auto& character : bible.cast) {
    characters.push_back(json::object{{"name", character.name},
                                      {"role", character.role},
                                      {"description", character.description},
                                      {"arc", character.arc}});
  }
  return json::serialize(json::object{{"characters", std::move(characters)}});
}

std::string plan_outline(const BookBible& bible, const WritingTask& task, const StoryContext& context) {
  if (task.chapters <= 0) throw WriterError(WriterFailure::bad_request, "the outline needs a chapter count above 0");
  SeededRandom random(mix_hash(bible.key, 0x6f75746c696e65));  // "outline"
  const auto& cast = cast_of(bible, context);
  const std::string hero = short_name(cast[0].name);
  const std::string rival = cast.size() > 1 ? short_name(cast[1].name) : std::string("a stranger");
  json::array chapters;
  std::vector<std::string> titles;
  for (int number = 1; number <= task.chapters; ++number) {
    const int phase = (number - 1) * story_phase_count / task.chapters;
    const std::string other = cast.size() > 2 ? short_name(cast[2 + random.below(cast.size() - 2)].name) : rival;
    const auto& place = bible.settings[static_cast<std::size_t>(number - 1) % bible.settings.size()].place;
    std::string summary(random.pick(outline_summaries(phase)));
    substitute(summary, "{name}", hero);
    substitute(summary, "{other}", other);
    substitute(summary, "{rival}", rival);
    substitute(summary, "{object}", bible.object);
    substitute(summary, "{place}", place);
    substitute(summary, "{trouble}", bible.trouble);
    std::string title;
    for (int attempt = 0; attempt < 12; ++attempt) {
      title = chapter_title(random, bible, random.chance(0.5) ? hero : other);
      if (std::find(titles.begin(), titles.end(), title) == titles.end()) break;
    }
    if (std::find(titles.begin(), titles.end(), title) != titles.end()) title += " (" + std::to_string(number) + ")";
    titles.push_back(title);
    chapters.push_back(json::object{{"number", number}, {"title", title}, {"summary", capitalise_first(summary)}});
  }
  return json::serialize(json::object{{"chapters", std::move(chapters)}});
}

ChapterPlanSketch plan_chapter(const BookBible& bible, const WritingTask& task, const StoryContext& context) {
  const int scene_count = task.scenes > 0 ? task.scenes : 3;
  const int chapter = std::max(task.chapter, 1);
  SeededRandom random(mix_hash(mix_hash(bible.key, 0x706c616e), static_cast<std::uint64_t>(chapter)));  // "plan"
  const auto& cast = cast_of(bible, context);
  ChapterPlanSketch plan;
  plan.number = chapter;

  std::string chapter_summary;
  for (const auto& sketch : context.chapters) {
    if (sketch.number == chapter) {
      plan.title = sketch.title;
      chapter_summary = sketch.summary;
    }
  }
  const std::string hero = short_name(cast[0].name);
  if (plan.title.empty()) plan.title = chapter_title(random, bible, hero);

  const std::size_t setting_offset = static_cast<std::size_t>(chapter - 1) * 3;
  Beat beat = beat_of(chapter_summary, static_cast<Beat>(random.below(beat_count)));
  for (int number = 1; number <= scene_count; ++number) {
    SceneSketch scene;
    scene.number = number;
    const auto& setting =
        bible.settings[(setting_offset + static_cast<std::size_t>(number - 1)) % bible.settings.size()];
    scene.setting = std::string(setting.place);
    // The protagonist carries most scenes; one or two others join from the cast.
    std::vector<std::size_t> members;
    if (random.chance(0.75) || cast.size() < 3) members.push_back(0);
    while (members.size() < std::min<std::size_t>(cast.size(), static_cast<std::size_t>(random.between(2, 3)))) {
      const auto candidate = random.below(cast.size());
      if (std::find(members.begin(), members.end(), candidate) == members.end()) members.push_back(candidate);
    }
    for (const auto member : members) scene.characters.push_back(cast[member].name);
    const std::string name = short_name(scene.characters[0]);
    const std::string other = scene.characters.size() > 1 ? short_name(scene.characters[1]) : "a stranger";
    std::string summary(random.pick(beat_words(beat).summaries));
    substitute(summary, "{name}", name);
    substitute(summary, "{other}", other);
    substitute(summary, "{object}",
               random.chance(0.5) ? std::string_view(bible.object) : random.pick(bible.bank->objects));
    substitute(summary, "{setting}", setting.place);
    scene.summary = capitalise_first(summary);
    scene.title = std::string(beat_titles[static_cast<std::size_t>(beat)]) + (setting.interior ? " in " : " at ") +
                  "the " + place_title(setting.place);
    plan.scenes.push_back(std::move(scene));
    beat =
        static_cast<Beat>((static_cast<int>(beat) + 1 + static_cast<int>(random.below(beat_count - 1))) % beat_count);
  }
  const auto& first = plan.scenes.front();
  const auto& last = plan.scenes.back();
  plan.opening = "The chapter opens in " + first.setting + " " + std::string(random.pick(bank::times)) + ", with " +
                 short_name(first.characters[0]) + " already uneasy about the " + bible.object + ".";
  plan.ending = "It ends in " + last.setting + ", where " + short_name(last.characters[0]) + " is left with " +
                std::string(random.pick(bank::emotions)) + " and a question that carries into the next chapter.";
  return plan;
}

std::string chapter_plan_json(const ChapterPlanSketch& plan) {
  json::array scenes;
  for (const auto& scene : plan.scenes) {
    json::array characters;
    for (const auto& name : scene.characters) characters.emplace_back(name);
    scenes.push_back(json::object{{"number", scene.number},
                                  {"title", scene.title},
                                  {"summary", scene.summary},
                                  {"setting", scene.setting},
                                  {"characters", std::move(characters)}});
  }
  return json::serialize(json::object{{"number", plan.number},
                                      {"title", plan.title},
                                      {"opening", plan.opening},
                                      {"ending", plan.ending},
                                      {"scenes", std::move(scenes)}});
}

}  // namespace authorworks::llm::offline
