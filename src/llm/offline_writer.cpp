#include "llm/offline_writer.hpp"

#include <algorithm>
#include <array>

#include "core/text.hpp"
#include "llm/api_json.hpp"
#include "llm/offline/blurb_composer.hpp"
#include "llm/offline/book_bible.hpp"
#include "llm/offline/scene_composer.hpp"
#include "llm/offline/seeded_random.hpp"
#include "llm/offline/stable_hash.hpp"
#include "llm/offline/story_context.hpp"
#include "llm/offline/story_planner.hpp"

namespace authorworks::llm {

namespace {
using namespace offline;

constexpr std::size_t piece_bytes = 240;

std::size_t characters_in(std::string_view text) { return is_valid_utf8(text) ? count_code_points(text) : text.size(); }

// Nothing is tokenised here; a quarter of the characters is the usual estimate for English text.

// A model streams small deltas; so does the offline writer, cutting long single-block outputs
// (JSON, a synopsis) at spaces or, failing that, between UTF-8 characters.
std::vector<std::string> pieces_of(std::string_view text) {
  std::vector<std::string> pieces;
  while (!text.empty()) {
    if (text.size() <= piece_bytes) {
      pieces.emplace_back(text);
      break;
    }
    std::size_t cut = text.rfind(' ', piece_bytes);
    if (cut == std::string_view::npos || cut == 0) {
      cut = piece_bytes;
      while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
      if (cut == 0) cut = piece_bytes;
    }
    pieces.emplace_back(text.substr(0, cut));
    text.remove_prefix(cut);
  }
  return pieces;
}

// "The lighthouse kitchen." as a model may write it → "the lighthouse kitchen", which reads after "in".
std::string as_place(std::string_view setting) {
  std::string place(trim(setting));
  while (!place.empty() && place.back() == '.') place.pop_back();
  for (const std::string_view article : {"The ", "A ", "An "}) {
    if (place.starts_with(article)) place[0] = static_cast<char>(place[0] - 'A' + 'a');
  }
  return place.empty() ? std::string("the room") : place;
}

bool is_interior(std::string_view place) {
  for (const auto& bank : genre_banks()) {
    for (const auto& setting : bank.settings) {
      if (setting.place == place) return setting.interior;
    }
  }
  static constexpr std::array<std::string_view, 18> outdoors{
      "street",  "beach",  "field", "forest", "shore",  "road", "garden", "roof",  "cliff",
      "harbour", "harbor", "path",  "square", "bridge", "yard", "wall",   "woods", "outside"};
  const auto lowered = to_lower(place);
  return std::none_of(outdoors.begin(), outdoors.end(),
                      [&](std::string_view word) { return lowered.find(word) != std::string::npos; });
}

std::string day_part_of(std::string_view time) {
  if (time.find("night") != std::string_view::npos || time.find("dawn") != std::string_view::npos ||
      time.find("small hours") != std::string_view::npos) {
    return "NIGHT";
  }
  if (time.find("dusk") != std::string_view::npos || time.find("supper") != std::string_view::npos ||
      time.find("six") != std::string_view::npos) {
    return "DUSK";
  }
  if (time.find("morning") != std::string_view::npos) return "MORNING";
  return "DAY";
}

SceneSketch scene_sketch(const BookBible& bible, const WritingTask& task, const StoryContext& context) {
  const auto& scenes = context.plan.scenes;
  for (const auto& scene : scenes) {
    if (scene.number == task.scene) return scene;
  }
  if (task.scene >= 1 && static_cast<std::size_t>(task.scene) <= scenes.size()) {
    return scenes[static_cast<std::size_t>(task.scene - 1)];
  }
  // No plan in the context: the plan the chapter_plan stage would have written for this chapter.
  WritingTask planning = task;
  planning.scenes = std::max(task.scene, 1);
  return plan_chapter(bible, planning, context).scenes.back();
}

std::vector<std::string> compose_scene_text(const BookBible& bible, const WritingTask& task,
                                            const StoryContext& context, std::stop_token stop) {
  if (task.target_words <= 0) {
    throw WriterError(WriterFailure::bad_request, "a scene needs a target word count above 0");
  }
  const bool continuing =
      task.stage == Stage::scene_continue || (task.stage == Stage::repair && task.repair_of == Stage::scene_continue);
  std::uint64_t seed =
      mix_hash(bible.key, static_cast<std::uint64_t>(continuing ? Stage::scene_continue : Stage::scene));
  seed = mix_hash(seed, static_cast<std::uint64_t>(task.chapter) * 100003 + static_cast<std::uint64_t>(task.scene));
  seed = mix_hash(seed, static_cast<std::uint64_t>(task.kind));
  if (task.variation != 0) seed = mix_hash(seed, task.variation);
  if (continuing) seed = mix_hash(seed, stable_hash(task.previous_text));
  SeededRandom random(seed);

  const auto sketch = scene_sketch(bible, task, context);
  const auto& cast = cast_of(bible, context);
  SceneSetup setup;
  setup.kind = task.kind;
  setup.past_tense = bible.past_tense;
  setup.genre = bible.bank;
  for (const auto& full_name : sketch.characters) {
    auto name = short_name(full_name);
    if (!name.empty() && std::find(setup.names.begin(), setup.names.end(), name) == setup.names.end()) {
      setup.names.push_back(std::move(name));
    }
  }
  for (std::size_t i = 0; setup.names.size() < 2 && i < cast.size(); ++i) {
    auto name = short_name(cast[i].name);
    if (std::find(setup.names.begin(), setup.names.end(), name) == setup.names.end()) {
      setup.names.push_back(std::move(name));
    }
  }
  setup.facts.setting = as_place(sketch.setting);
  setup.interior = is_interior(setup.facts.setting);
  const auto summary = to_lower(sketch.summary);
  setup.facts.object = bible.object;
  for (const auto object : bible.bank->objects) {
    if (summary.find(object) != std::string::npos) setup.facts.object = std::string(object);
  }
  for (int attempt = 0; attempt < 8; ++attempt) {
    setup.facts.place = std::string(random.pick(bible.settings).place);
    if (setup.facts.place != setup.facts.setting) break;
  }
  setup.facts.weather = std::string(random.pick(bank::weather));
  setup.facts.time = std::string(random.pick(bank::times));
  setup.day_part = day_part_of(setup.facts.time);
  setup.beat = beat_of(sketch.summary, static_cast<Beat>(random.below(beat_count)));
  setup.continuation = continuing;
  setup.previous_text = task.previous_text;

  auto paragraphs = compose_scene(setup, task.target_words, random.next(), std::move(stop));
  std::vector<std::string> pieces;
  pieces.reserve(paragraphs.size());
  // A continuation starts a new paragraph, so the caller may append it to the text as it stands.
  std::string separator;
  if (continuing && !task.previous_text.empty() && !task.previous_text.ends_with("\n\n")) {
    separator = task.previous_text.ends_with('\n') ? "\n" : "\n\n";
  }
  for (auto& paragraph : paragraphs) {
    pieces.push_back(separator + paragraph);
    separator = "\n\n";
  }
  return pieces;
}

class OfflineWriter final : public Writer {
 public:
  const WriterInfo& info() const noexcept override { return info_; }

  Completion complete(const WritingTask& task, const Prompt& prompt, const TextSink& on_text,
                      std::stop_token stop) override {
    throw_if_stopped(stop);
    const Stage stage = task.stage == Stage::repair ? task.repair_of : task.stage;
    if (stage == Stage::repair)
      throw WriterError(WriterFailure::bad_request, "a repair must name the stage it repairs");
    const auto bible = make_book_bible(task);
    const auto context = parse_story_context(task.context_json);

    std::vector<std::string> pieces;
    switch (stage) {
      case Stage::genre: pieces = pieces_of(bible.genre); break;
      case Stage::style: pieces = pieces_of(compose_style(bible, task.kind, context)); break;
      case Stage::characters: pieces = pieces_of(plan_characters(bible)); break;
      case Stage::synopsis: pieces = pieces_of(compose_synopsis(bible, task, context)); break;
      case Stage::outline: pieces = pieces_of(plan_outline(bible, task, context)); break;
      case Stage::chapter_plan: {
        if (task.scenes <= 0)
          throw WriterError(WriterFailure::bad_request, "a chapter plan needs a scene count above 0");
        pieces = pieces_of(chapter_plan_json(plan_chapter(bible, task, context)));
        break;
      }
      case Stage::scene:
      case Stage::scene_continue: pieces = compose_scene_text(bible, task, context, stop); break;
      case Stage::summary: pieces = pieces_of(compose_summary(bible, task, context)); break;
      case Stage::repair: break;
    }

    Completion completion;
    for (const auto& piece : pieces) {
      throw_if_stopped(stop);
      if (on_text) on_text(piece);
      completion.text += piece;
    }
    completion.usage.input_tokens = estimate_tokens(
        characters_in(prompt.system) + characters_in(prompt.cacheable_context) + characters_in(prompt.user));
    completion.usage.output_tokens = estimate_tokens(characters_in(completion.text));
    completion.model = info_.model;
    completion.stop_reason = "end_turn";
    return completion;
  }

 private:
  static void throw_if_stopped(const std::stop_token& stop) {
    if (stop.stop_requested()) throw WriterError(WriterFailure::cancelled, "the writing was cancelled");
  }

  WriterInfo info_{"offline", "offline-writer-1", false, "Offline writer (not an AI model)"};
};
}  // namespace

std::unique_ptr<Writer> make_offline_writer() { return std::make_unique<OfflineWriter>(); }

}  // namespace authorworks::llm
