#include "generation/prompt_builder.hpp"

#include <algorithm>

#include "generation/scene_text.hpp"

namespace authorworks::generation {
namespace {

using llm::BookKind;
using llm::Stage;

// Caps on what the bible carries, so a verbose model cannot make every later prompt longer.
constexpr std::int64_t kCharacterWords = 60;
constexpr std::int64_t kSynopsisWords = 420;
constexpr std::int64_t kBraindumpWords = 1500;
constexpr std::int64_t kSummaryWords = 120;

// The first `words` words of `text`, with an ellipsis when cut.
std::string first_words(std::string_view text, std::int64_t words) {
  if (count_words(text) <= words) return std::string(text);
  auto cut = trim_to_words(text, 0, words);
  cut.append(" …");
  return cut;
}

std::string noun(BookKind kind) {
  switch (kind) {
    case BookKind::novel: return "novel";
    case BookKind::screenplay: return "screenplay";
    case BookKind::play: return "stage play";
  }
  return "novel";
}

std::string capitalised(std::string_view word) {
  std::string out(word);
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 'a' + 'A');
  return out;
}

int max_tokens_for_words(std::int64_t words) {
  // About 1.4 tokens per English word, with room for a scene that runs a little long.
  return static_cast<int>(std::clamp<std::int64_t>(words * 2 + 256, 512, 16000));
}

}  // namespace

std::string_view unit_name(BookKind kind) noexcept {
  switch (kind) {
    case BookKind::novel: return "chapter";
    case BookKind::screenplay: return "sequence";
    case BookKind::play: return "act";
  }
  return "chapter";
}

std::string PromptBuilder::system() const {
  switch (bible_.kind) {
    case BookKind::novel:
      return "You are an expert novelist and a meticulous editor. You write vivid, specific, emotionally honest "
             "fiction with concrete sensory detail, distinct character voices and scenes that turn: every scene "
             "changes something. You keep continuity exact (names, places, what each character knows) and you "
             "follow the requested output format to the letter, with no commentary before or after it.";
    case BookKind::screenplay:
      return "You are an expert screenwriter. You write lean, visual, playable screenplays: scene headings "
             "(INT./EXT. PLACE - TIME), present-tense action lines that show only what a camera can see and a "
             "microphone can hear, CHARACTER cues in capitals, and dialogue with subtext. You keep continuity "
             "exact and you follow the requested output format to the letter, with no commentary before or after "
             "it.";
    case BookKind::play:
      return "You are an expert playwright. You write stage plays that live in their dialogue: character names "
             "in capitals before their lines, brief stage directions in parentheses, scenes built for a real "
             "stage with entrances and exits. You keep continuity exact and you follow the requested output "
             "format to the letter, with no commentary before or after it.";
  }
  return {};
}

std::string PromptBuilder::header(Stage stage, std::vector<std::pair<std::string, std::string>> markers) const {
  std::string out = "Stage: ";
  out.append(llm::stage_name(stage)).append("\n");
  for (const auto& [key, value] : markers) out.append(key).append(": ").append(value).append("\n");
  out.append("Kind: ").append(llm::kind_name(bible_.kind)).append("\n\n");
  return out;
}

std::string PromptBuilder::braindump_block() const {
  return "Title: " + bible_.title + "\n\nThe author's braindump (their ideas, in their words):\n\"\"\"\n" +
         first_words(bible_.braindump, kBraindumpWords) + "\n\"\"\"\n\n";
}

std::string PromptBuilder::form_rules() const {
  switch (bible_.kind) {
    case BookKind::novel:
      return "Write prose in the book's style: paragraphs separated by a blank line, dialogue in quotation "
             "marks, no headings, no scene numbers, no notes.";
    case BookKind::screenplay:
      return "Write in screenplay format: a scene heading line (INT. or EXT., place, time of day) for each "
             "location, action in short present-tense paragraphs, the speaking CHARACTER's name in capitals on "
             "its own line before each speech, parentheticals sparingly. Blank lines between blocks. No camera "
             "directions unless essential, no notes.";
    case BookKind::play:
      return "Write in stage-play format: stage directions in parentheses on their own lines, each speech as "
             "the CHARACTER's name in capitals followed by a colon and the line. Blank lines between speeches. "
             "No notes.";
  }
  return {};
}

std::string PromptBuilder::bible_text() const {
  std::string out = "STORY BIBLE\nTitle: " + bible_.title + "\nForm: " + noun(bible_.kind) + "\n";
  if (!bible_.genre.empty()) out += "Genre: " + bible_.genre + "\n";
  if (!bible_.style.empty()) out += "\nStyle:\n" + bible_.style + "\n";
  if (!bible_.characters.empty()) {
    out += "\nCharacters:\n";
    for (const auto& c : bible_.characters) {
      out += "- " + c.name + " (" + c.role + "): " + first_words(c.description, kCharacterWords) +
             " Arc: " + first_words(c.arc, kCharacterWords / 2) + "\n";
    }
  }
  if (!bible_.synopsis.empty()) out += "\nSynopsis:\n" + first_words(bible_.synopsis, kSynopsisWords) + "\n";
  return out;
}

std::string PromptBuilder::outline_window(int chapter) const {
  const auto unit = capitalised(unit_name(bible_.kind));
  const int total = static_cast<int>(bible_.outline.size());
  std::string out = "Outline (" + std::to_string(total) + " " + std::string(unit_name(bible_.kind)) + "s";
  out += total > 9 ? "; the ones near this one):\n" : "):\n";
  const int first = std::max(1, chapter - 4);
  const int last = std::min(total, chapter + 4);
  if (first > 1) out += "(" + unit + "s 1-" + std::to_string(first - 1) + " came before.)\n";
  for (int n = first; n <= last; ++n) {
    const auto& c = bible_.outline[static_cast<std::size_t>(n - 1)];
    out += unit + " " + std::to_string(n) + ": " + c.title;
    if (std::abs(n - chapter) <= 1) out += " — " + first_words(c.summary, kSummaryWords);
    out += "\n";
  }
  if (last < total) out += "(" + unit + "s " + std::to_string(last + 1) + "-" + std::to_string(total) + " follow.)\n";
  return out;
}

llm::Prompt PromptBuilder::genre() const {
  llm::Prompt p;
  p.system = system();
  p.cacheable_context = bible_text();
  p.user = header(Stage::genre, {}) + braindump_block() + "Name the genre of this " + noun(bible_.kind) +
           " in a few words, as a bookseller would shelve it (for example \"gothic mystery\" or \"near-future "
           "techno-thriller\"). Answer with one line and nothing else.";
  p.max_tokens = 64;
  p.temperature = 0.5;
  return p;
}

llm::Prompt PromptBuilder::style() const {
  llm::Prompt p;
  p.system = system();
  p.cacheable_context = bible_text();
  p.user = header(Stage::style, {}) + braindump_block() + "Define the voice of this " + noun(bible_.kind) +
           " in one paragraph of 60 to 120 words: tense, point of view, sentence rhythm, diction, tone, how "
           "dialogue sounds, and two or three concrete habits of the prose to keep throughout. Answer with the "
           "paragraph only.";
  p.max_tokens = 400;
  p.temperature = 0.7;
  return p;
}

llm::Prompt PromptBuilder::characters() const {
  llm::Prompt p;
  p.system = system();
  p.cacheable_context = bible_text();
  p.user = header(Stage::characters, {}) + braindump_block() +
           "Create the cast: between 3 and 8 characters (at least 2, at most 12), each with a unique name. "
           "Answer with one JSON object and nothing else, in exactly this shape:\n"
           "{\"characters\":[{\"name\":\"...\",\"role\":\"protagonist|antagonist|ally|mentor|...\","
           "\"description\":\"who they are, what they want, what they fear, in at most 50 words\","
           "\"arc\":\"how they change, in at most 25 words\"}]}";
  p.max_tokens = 2000;
  p.temperature = 0.8;
  return p;
}

llm::Prompt PromptBuilder::synopsis() const {
  llm::Prompt p;
  p.system = system();
  p.cacheable_context = bible_text();
  p.user = header(Stage::synopsis, {}) + braindump_block() + "Write the synopsis of the whole " + noun(bible_.kind) +
           " in 150 to 400 words of plain prose: the premise, the central conflict, the turning points and the "
           "ending (say how it ends). Use the characters above by name. Answer with the synopsis only.";
  p.max_tokens = 1200;
  p.temperature = 0.8;
  return p;
}

llm::Prompt PromptBuilder::outline(int chapters) const {
  const auto unit = std::string(unit_name(bible_.kind));
  llm::Prompt p;
  p.system = system();
  p.cacheable_context = bible_text();
  p.user = header(Stage::outline, {{"Chapters", std::to_string(chapters)}}) + "Outline the " + noun(bible_.kind) +
           " as exactly " + std::to_string(chapters) + " " + unit + (chapters == 1 ? "" : "s") + ", numbered 1 to " +
           std::to_string(chapters) + ", following the synopsis from the first " + unit + " to the last. Each " + unit +
           " gets a short evocative title and a summary of 30 to 60 words saying what happens and what changes. "
           "Answer with one JSON object and nothing else, in exactly this shape:\n"
           "{\"chapters\":[{\"number\":1,\"title\":\"...\",\"summary\":\"...\"}]}";
  p.max_tokens = max_tokens_for_words(static_cast<std::int64_t>(chapters) * 80);
  p.temperature = 0.7;
  return p;
}

llm::Prompt PromptBuilder::chapter_plan(int chapter, int scenes) const {
  const auto unit = std::string(unit_name(bible_.kind));
  llm::Prompt p;
  p.system = system();
  p.cacheable_context = bible_text();
  p.user = header(Stage::chapter_plan, {{"Chapter", std::to_string(chapter)}, {"Scenes", std::to_string(scenes)}}) +
           outline_window(chapter) + "\nPlan " + unit + " " + std::to_string(chapter) + " as exactly " +
           std::to_string(scenes) + " scene" + (scenes == 1 ? "" : "s") + ", numbered 1 to " + std::to_string(scenes) +
           ". \"opening\" says precisely where and how the " + unit +
           " begins (it must pick up from where the previous " + unit +
           " ends) and \"ending\" where it leaves "
           "things (the next " +
           unit + " starts there), since the " + unit +
           "s are drafted in parallel. "
           "Each scene names its setting and the characters present (names from the story bible). Answer with "
           "one JSON object and nothing else, in exactly this shape:\n"
           "{\"number\":" +
           std::to_string(chapter) +
           ",\"title\":\"...\",\"opening\":\"...\",\"ending\":\"...\","
           "\"scenes\":[{\"number\":1,\"title\":\"...\",\"summary\":\"what happens and what turns, 30 to 60 "
           "words\",\"setting\":\"...\",\"characters\":[\"...\"]}]}";
  p.max_tokens = max_tokens_for_words(static_cast<std::int64_t>(scenes) * 90 + 150);
  p.temperature = 0.7;
  return p;
}

namespace {

std::string scene_brief(BookKind kind, int chapter, const SceneContext& context) {
  const auto unit = capitalised(unit_name(kind));
  const auto& plan = *context.plan;
  std::string out;
  if (!context.previous_chapter_summary.empty()) {
    out += "What happened in " + unit + " " + std::to_string(chapter - 1) + ":\n" + context.previous_chapter_summary +
           "\n\n";
  }
  out += unit + " " + std::to_string(chapter) + " plan: \"" + plan.title + "\"\nOpens: " + plan.opening +
         "\nEnds: " + plan.ending + "\nScenes:";
  for (const auto& s : plan.scenes) {
    out += " " + std::to_string(s.number) + ". " + s.title + (s.number == context.scene ? " (this one);" : ";");
  }
  out += "\n";
  if (!context.earlier_scenes.empty()) {
    out += "\nThis " + std::string(unit_name(kind)) + " so far:\n";
    for (std::size_t i = 0; i < context.earlier_scenes.size(); ++i) {
      out += "Scene " + std::to_string(i + 1) + ": " + context.earlier_scenes[i] + "\n";
    }
  }
  const auto& scene = plan.scenes.at(static_cast<std::size_t>(context.scene - 1));
  out += "\nThis scene (" + std::to_string(scene.number) + " of " + std::to_string(plan.scenes.size()) +
         "): " + scene.title + "\nWhat happens: " + scene.summary + "\nSetting: " + scene.setting + "\nCharacters:";
  for (const auto& name : scene.characters) out += " " + name + ";";
  out += "\n";
  return out;
}

}  // namespace

llm::Prompt PromptBuilder::scene(int chapter, const SceneContext& context) const {
  const auto unit = std::string(unit_name(bible_.kind));
  llm::Prompt p;
  p.system = system();
  p.cacheable_context = bible_text();
  p.user = header(Stage::scene, {{"Chapter", std::to_string(chapter)},
                                 {"Scene", std::to_string(context.scene)},
                                 {"Target words", std::to_string(context.target_words)}}) +
           outline_window(chapter) + "\n" + scene_brief(bible_.kind, chapter, context);
  if (!context.previous_tail.empty()) {
    p.user += "\nThe text just before this scene (continue seamlessly from it, do not repeat it):\n\"\"\"\n" +
              context.previous_tail + "\n\"\"\"\n";
  } else if (context.scene == 1) {
    p.user += "\nBegin the " + unit + " as its plan's opening says.\n";
  }
  p.user += "\nWrite scene " + std::to_string(context.scene) + " of " + unit + " " + std::to_string(chapter) +
            " in full, about " + std::to_string(context.target_words) +
            " words. Dramatise it moment by moment rather than summarising; end it where its summary ends" +
            (context.scene == static_cast<int>(context.plan->scenes.size())
                 ? ", which is where the " + unit + " plan's ending leaves things"
                 : "") +
            ". " + form_rules() + " Answer with the scene's text only.";
  p.max_tokens = max_tokens_for_words(context.target_words);
  p.temperature = 0.85;
  return p;
}

llm::Prompt PromptBuilder::scene_continue(int chapter, const SceneContext& context, const std::string& text_so_far,
                                          std::int64_t more_words) const {
  const auto& scene = context.plan->scenes.at(static_cast<std::size_t>(context.scene - 1));
  llm::Prompt p;
  p.system = system();
  p.cacheable_context = bible_text();
  p.user = header(Stage::scene_continue, {{"Chapter", std::to_string(chapter)},
                                          {"Scene", std::to_string(context.scene)},
                                          {"Target words", std::to_string(more_words)}}) +
           "The scene being written: " + scene.title + "\nWhat happens: " + scene.summary +
           "\nSetting: " + scene.setting + "\n\nThe scene so far ends with:\n\"\"\"\n" +
           std::string(tail_words(text_so_far, 300)) +
           "\n\"\"\"\n\nContinue the scene from exactly that point with about " + std::to_string(more_words) +
           " more words, carrying it through to where its summary ends. Do not repeat or restate what is already "
           "written. " +
           form_rules() + " Answer with the new text only.";
  p.max_tokens = max_tokens_for_words(more_words);
  p.temperature = 0.85;
  return p;
}

llm::Prompt PromptBuilder::summary(int chapter, int scene, const std::string& text) const {
  llm::Prompt p;
  p.system = system();
  p.cacheable_context = bible_text();
  p.user = header(Stage::summary, {{"Chapter", std::to_string(chapter)}, {"Scene", std::to_string(scene)}}) +
           "Summarise this scene in two to four plain sentences for the writer of the next scenes: who does "
           "what, what changes, what is left open. Names as in the story bible. Answer with the summary only.\n\n"
           "\"\"\"\n" +
           text + "\n\"\"\"";
  p.max_tokens = 300;
  p.temperature = 0.3;
  return p;
}

llm::Prompt PromptBuilder::repair(Stage stage, const llm::Prompt& original, const std::string& invalid,
                                  const std::vector<std::string>& errors) const {
  llm::Prompt p = original;
  std::string problems;
  for (const auto& e : errors) problems += "- " + e + "\n";
  p.user = header(Stage::repair, {{"Repair of", std::string(llm::stage_name(stage))}}) +
           "An earlier request (below) was answered with output that does not follow the required format.\n\n"
           "The request:\n<<<\n" +
           original.user + "\n>>>\n\nThe answer:\n<<<\n" + invalid + "\n>>>\n\nWhat is wrong with it:\n" + problems +
           "\nAnswer again with the corrected output only: the same content where it was right, in exactly the "
           "format the request asks for, with no commentary.";
  p.temperature = 0.2;
  return p;
}

}  // namespace authorworks::generation
