#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <cmath>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/text.hpp"
#include "llm/offline/book_bible.hpp"
#include "llm/offline/word_count.hpp"
#include "llm/offline_writer.hpp"

namespace json = boost::json;
using authorworks::llm::BookKind;
using authorworks::llm::Completion;
using authorworks::llm::make_offline_writer;
using authorworks::llm::Prompt;
using authorworks::llm::Stage;
using authorworks::llm::WriterError;
using authorworks::llm::WriterFailure;
using authorworks::llm::WritingTask;
using authorworks::llm::offline::count_words;

namespace {

WritingTask book(Stage stage, std::uint64_t seed = 7) {
  WritingTask task;
  task.stage = stage;
  task.title = "The Lighthouse Keeper's Daughter";
  task.braindump =
      "A keeper's daughter on a northern island finds a body in the lamp room. Her father, Tomas, says it was an "
      "accident. The ferryman knows more than he says, and Mara wants to leave the island for good.";
  task.seed = seed;
  task.chapters = 12;
  task.chapter = 2;
  task.scenes = 4;
  task.scene = 1;
  task.target_words = 800;
  return task;
}

Completion run(const WritingTask& task, const Prompt& prompt = {}) {
  auto writer = make_offline_writer();
  return writer->complete(task, prompt, nullptr, {});
}

std::string context_with(const WritingTask& base) {
  auto characters_task = base;
  characters_task.stage = Stage::characters;
  auto outline_task = base;
  outline_task.stage = Stage::outline;
  auto plan_task = base;
  plan_task.stage = Stage::chapter_plan;
  json::object context;
  context["characters"] = json::parse(run(characters_task).text);
  context["outline"] = json::parse(run(outline_task).text);
  context["plan"] = json::parse(run(plan_task).text);
  return json::serialize(context);
}

// Sentences as a reader sees them: split after . ! ? (and a closing quote or bracket) and at line
// ends; quotes and brackets stripped.
std::vector<std::string> sentences_of(const std::string& text) {
  std::vector<std::string> sentences;
  std::string current;
  const auto flush = [&] {
    std::string cleaned;
    for (const char c : current) {
      if (c != '"' && c != '[' && c != ']') cleaned += c;
    }
    // A play's speaker label ("MARA: ") and an inline parenthetical are not part of the sentence.
    static const std::regex label(R"(^\s*([A-Z][A-Z' ]+: )?(\([^)]*\) )?)");
    cleaned = std::regex_replace(cleaned, label, "");
    if (!cleaned.empty()) sentences.push_back(cleaned);
    current.clear();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') {
      flush();
      continue;
    }
    current += c;
    if (c == '.' || c == '!' || c == '?') {
      while (i + 1 < text.size() && (text[i + 1] == '"' || text[i + 1] == ']')) current += text[++i];
      if (i + 1 >= text.size() || text[i + 1] == ' ' || text[i + 1] == '\n') flush();
    }
  }
  flush();
  return sentences;
}

void expect_no_repeated_sentence(const std::string& text, const std::string& label) {
  std::set<std::string> seen;
  for (const auto& sentence : sentences_of(text)) {
    // "Mara said." and "(quietly)" may recur; sentences may not.
    if (count_words(sentence) < 4 || sentence.starts_with("(")) continue;
    EXPECT_TRUE(seen.insert(sentence).second) << label << ": repeated sentence: " << sentence;
  }
}

bool within(std::size_t words, int target, double tolerance) {
  return std::abs(static_cast<double>(words) - target) <= tolerance * target;
}

}  // namespace

TEST(OfflineWriter, NamesItselfAsNotAModel) {
  auto writer = make_offline_writer();
  EXPECT_EQ(writer->info().provider, "offline");
  EXPECT_EQ(writer->info().model, "offline-writer-1");
  EXPECT_FALSE(writer->info().is_model);
  EXPECT_EQ(writer->info().label, "Offline writer (not an AI model)");
}

TEST(OfflineWriter, IsDeterministicForTheSameInputs) {
  for (const auto stage : {Stage::genre, Stage::style, Stage::characters, Stage::synopsis, Stage::outline,
                           Stage::chapter_plan, Stage::scene, Stage::summary}) {
    auto task = book(stage);
    task.previous_text = "Mara found the brass key under the stairs. Tomas said nothing at all.";
    EXPECT_EQ(run(task).text, run(task).text) << authorworks::llm::stage_name(stage);
  }
  auto task = book(Stage::scene);
  task.context_json = context_with(task);
  task.kind = BookKind::screenplay;
  EXPECT_EQ(run(task).text, run(task).text);
}

TEST(OfflineWriter, DifferentSeedsAndTitlesGiveDifferentBooks) {
  for (const auto stage : {Stage::characters, Stage::synopsis, Stage::outline, Stage::chapter_plan, Stage::scene}) {
    const auto base = run(book(stage, 1)).text;
    EXPECT_NE(base, run(book(stage, 2)).text) << authorworks::llm::stage_name(stage);
    auto retitled = book(stage, 1);
    retitled.title = "Salt in the Lamp Room";
    EXPECT_NE(base, run(retitled).text) << authorworks::llm::stage_name(stage);
  }
  // Different steps of one book differ too.
  auto first = book(Stage::scene);
  auto second = first;
  second.scene = 2;
  EXPECT_NE(run(first).text, run(second).text);
}

TEST(OfflineWriter, ARegeneratedSceneIsANewDraftOfTheSameScene) {
  auto original = book(Stage::scene);
  original.context_json = context_with(original);
  auto regenerated = original;
  regenerated.variation = 0x9e3779b97f4a7c15ULL;
  const auto first = run(original).text;
  const auto second = run(regenerated).text;
  EXPECT_NE(first, second);
  EXPECT_EQ(second, run(regenerated).text);  // each draft is still reproducible
  auto another = regenerated;
  another.variation = 3;
  EXPECT_NE(second, run(another).text);
}

TEST(OfflineWriter, GenreFollowsTheBraindumpOrTheGivenGenre) {
  auto task = book(Stage::genre);
  const auto mystery = run(task).text;
  EXPECT_EQ(mystery.find('\n'), std::string::npos);
  auto bank = authorworks::llm::offline::genre_bank_for(mystery).key;
  EXPECT_EQ(bank, "mystery") << mystery;

  task.braindump = "An old dragon guards the last spell of a fallen kingdom.";
  EXPECT_EQ(authorworks::llm::offline::genre_bank_for(run(task).text).key, "fantasy") << run(task).text;

  task.genre = "cosy village whodunnit";
  EXPECT_EQ(run(task).text, "cosy village whodunnit");

  // No hint at all: a genre chosen by the seed, always one line and never empty.
  task.genre.clear();
  task.braindump = "Something happens to someone.";
  std::set<std::string> genres;
  for (std::uint64_t seed = 0; seed < 20; ++seed) {
    task.seed = seed;
    const auto genre = run(task).text;
    EXPECT_FALSE(genre.empty());
    EXPECT_EQ(genre.find('\n'), std::string::npos);
    genres.insert(genre);
  }
  EXPECT_GT(genres.size(), 3u);
}

TEST(OfflineWriter, StyleIsOneParagraphThatNamesTheForm) {
  auto task = book(Stage::style);
  const auto novel = run(task).text;
  EXPECT_EQ(novel.find('\n'), std::string::npos);
  EXPECT_NE(novel.find("tense"), std::string::npos);
  EXPECT_GT(count_words(novel), 30u);
  task.kind = BookKind::screenplay;
  EXPECT_NE(run(task).text.find("screenplay"), std::string::npos);
}

TEST(OfflineWriter, CharactersAreValidJsonWithDistinctNames) {
  for (std::uint64_t seed = 0; seed < 40; ++seed) {
    const auto text = run(book(Stage::characters, seed)).text;
    const auto document = json::parse(text).as_object();
    const auto& characters = document.at("characters").as_array();
    EXPECT_GE(characters.size(), 3u);
    EXPECT_LE(characters.size(), 8u);
    std::set<std::string> names;
    for (const auto& entry : characters) {
      const auto& character = entry.as_object();
      for (const auto* member : {"name", "role", "description", "arc"}) {
        ASSERT_TRUE(character.contains(member)) << member;
        EXPECT_FALSE(character.at(member).as_string().empty()) << member;
      }
      names.insert(std::string(character.at("name").as_string()));
    }
    EXPECT_EQ(names.size(), characters.size()) << text;
    EXPECT_EQ(characters[0].as_object().at("role").as_string(), "protagonist");
  }
  // The braindump's people are in the cast.
  const auto text = run(book(Stage::characters)).text;
  EXPECT_NE(text.find("\"Tomas "), std::string::npos) << text;
  EXPECT_NE(text.find("\"Mara "), std::string::npos) << text;
}

TEST(OfflineWriter, FindsPeoplesNamesInTheBraindump) {
  const auto names = authorworks::llm::offline::names_in_braindump(
      "Mara keeps the light at Skerry Point. Her brother Owen left. When the storm came, Owen returned to Tarn.");
  EXPECT_EQ(names, (std::vector<std::string>{"Owen"}));
}

TEST(OfflineWriter, SynopsisIsBetween150And400Words) {
  for (std::uint64_t seed = 0; seed < 30; ++seed) {
    const auto words = count_words(run(book(Stage::synopsis, seed)).text);
    EXPECT_GE(words, 150u) << seed;
    EXPECT_LE(words, 400u) << seed;
  }
}

TEST(OfflineWriter, OutlineHasExactlyTheChaptersAskedFor) {
  for (const int chapters : {1, 3, 12, 40}) {
    auto task = book(Stage::outline);
    task.chapters = chapters;
    const auto document = json::parse(run(task).text).as_object();
    const auto& list = document.at("chapters").as_array();
    ASSERT_EQ(list.size(), static_cast<std::size_t>(chapters));
    std::set<std::string> titles;
    for (int i = 0; i < chapters; ++i) {
      const auto& chapter = list[static_cast<std::size_t>(i)].as_object();
      EXPECT_EQ(chapter.at("number").as_int64(), i + 1);
      EXPECT_FALSE(chapter.at("summary").as_string().empty());
      titles.insert(std::string(chapter.at("title").as_string()));
    }
    EXPECT_EQ(titles.size(), static_cast<std::size_t>(chapters));
  }
}

TEST(OfflineWriter, ChapterPlanHasTheScenesAskedForWithTheContextsCharacters) {
  auto task = book(Stage::chapter_plan);
  task.context_json = R"({"characters":{"characters":[
      {"name":"Ada Lovell","role":"protagonist","description":"d","arc":"a"},
      {"name":"Bram Stoke","role":"antagonist","description":"d","arc":"a"},
      {"name":"Cleo Vane","role":"ally","description":"d","arc":"a"}]},
      "outline":{"chapters":[{"number":2,"title":"The Drowned Bell","summary":"Ada confronts Bram."}]}})";
  for (const int scenes : {1, 4, 9}) {
    task.scenes = scenes;
    const auto document = json::parse(run(task).text).as_object();
    EXPECT_EQ(document.at("number").as_int64(), 2);
    EXPECT_EQ(document.at("title").as_string(), "The Drowned Bell");
    EXPECT_FALSE(document.at("opening").as_string().empty());
    EXPECT_FALSE(document.at("ending").as_string().empty());
    const auto& list = document.at("scenes").as_array();
    ASSERT_EQ(list.size(), static_cast<std::size_t>(scenes));
    for (int i = 0; i < scenes; ++i) {
      const auto& scene = list[static_cast<std::size_t>(i)].as_object();
      EXPECT_EQ(scene.at("number").as_int64(), i + 1);
      for (const auto* member : {"title", "summary", "setting"}) EXPECT_FALSE(scene.at(member).as_string().empty());
      const auto& names = scene.at("characters").as_array();
      EXPECT_GE(names.size(), 1u);
      for (const auto& name : names) {
        const std::string value(name.as_string());
        EXPECT_TRUE(value == "Ada Lovell" || value == "Bram Stoke" || value == "Cleo Vane") << value;
      }
    }
    // The outline's summary names a confrontation; the first scene follows it.
    EXPECT_NE(list[0].as_object().at("title").as_string().find("Confrontation"), std::string::npos);
  }
}

TEST(OfflineWriter, ScenesLandWithinTenPercentOfTheTarget) {
  for (const auto kind : {BookKind::novel, BookKind::screenplay, BookKind::play}) {
    for (const int target : {200, 800, 1500, 3000}) {
      for (std::uint64_t seed = 0; seed < 4; ++seed) {
        auto task = book(Stage::scene, seed);
        task.kind = kind;
        task.target_words = target;
        task.scene = static_cast<int>(seed) + 1;
        const auto text = run(task).text;
        EXPECT_TRUE(within(count_words(text), target, 0.10))
            << authorworks::llm::kind_name(kind) << " target " << target << " got " << count_words(text);
        EXPECT_EQ(text.find('{'), std::string::npos) << text;
        EXPECT_EQ(text.find('|'), std::string::npos) << text;
        expect_no_repeated_sentence(text,
                                    std::string(authorworks::llm::kind_name(kind)) + " " + std::to_string(target));
      }
    }
  }
}

TEST(OfflineWriter, SmallAndLargeTargetsStillLand) {
  for (const int target : {40, 100, 6000}) {
    auto task = book(Stage::scene);
    task.target_words = target;
    EXPECT_TRUE(within(count_words(run(task).text), target, 0.10)) << target;
  }
}

TEST(OfflineWriter, SceneFollowsThePlan) {
  auto task = book(Stage::scene);
  task.context_json = R"({"plan":{"number":2,"title":"T","opening":"o","ending":"e","scenes":[
      {"number":1,"title":"At the pier","summary":"Ada confronts Bram about the silver cufflink.",
       "setting":"The ferry landing","characters":["Ada Lovell","Bram Stoke"]}]}})";
  const auto novel = run(task).text;
  EXPECT_NE(novel.find("Ada"), std::string::npos);
  EXPECT_NE(novel.find("Bram"), std::string::npos);
  EXPECT_NE(authorworks::to_lower(novel).find("the ferry landing"), std::string::npos);
  EXPECT_NE(novel.find("silver cufflink"), std::string::npos);
  EXPECT_NE(novel.find('"'), std::string::npos) << "a novel scene has dialogue";
  // Paragraphs vary in length.
  std::set<std::size_t> lengths;
  std::istringstream paragraphs(novel);
  for (std::string line; std::getline(paragraphs, line);) {
    if (!line.empty()) lengths.insert(count_words(line));
  }
  EXPECT_GT(lengths.size(), 5u);

  task.kind = BookKind::screenplay;
  const auto screenplay = run(task).text;
  EXPECT_TRUE(screenplay.starts_with("EXT. FERRY LANDING - ")) << screenplay.substr(0, 80);
  EXPECT_NE(screenplay.find("\nADA\n"), std::string::npos);
  EXPECT_NE(screenplay.find("\nBRAM\n"), std::string::npos);

  task.kind = BookKind::play;
  const auto play = run(task).text;
  EXPECT_TRUE(play.starts_with("[Lights up on the ferry landing")) << play.substr(0, 80);
  EXPECT_NE(play.find("\nADA: "), std::string::npos);
  EXPECT_NE(play.find("\nBRAM: "), std::string::npos);
}

TEST(OfflineWriter, ScreenplayAndPlayFormats) {
  const std::regex heading(R"(^(INT|EXT)\. [A-Z0-9' ,.-]+ - (NIGHT|DAY|DUSK|MORNING)$)");
  const std::regex cue(R"(^[A-Z][A-Z' ]+$)");
  const std::regex speaker(R"(^[A-Z][A-Z' ]+: \S)");
  for (std::uint64_t seed = 0; seed < 10; ++seed) {
    auto task = book(Stage::scene, seed);
    task.kind = BookKind::screenplay;
    const auto screenplay = run(task).text;
    std::vector<std::string> lines;
    std::istringstream in(screenplay);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    ASSERT_FALSE(lines.empty());
    EXPECT_TRUE(std::regex_match(lines[0], heading)) << lines[0];
    int cues = 0;
    for (std::size_t i = 1; i + 1 < lines.size(); ++i) {
      if (!std::regex_match(lines[i], cue)) continue;
      ++cues;
      EXPECT_TRUE(lines[i - 1].empty()) << "a cue starts a block";
      EXPECT_FALSE(lines[i + 1].empty()) << "a cue is followed by dialogue or a parenthetical";
    }
    EXPECT_GE(cues, 4) << screenplay;

    task.kind = BookKind::play;
    const auto play = run(task).text;
    EXPECT_TRUE(play.starts_with("[Lights up on ")) << play.substr(0, 60);
    int speeches = 0;
    int directions = 0;
    std::istringstream lines_of_play(play);
    for (std::string line; std::getline(lines_of_play, line);) {
      if (std::regex_search(line, speaker)) ++speeches;
      if (line.starts_with("[") && line.ends_with("]")) ++directions;
    }
    EXPECT_GE(speeches, 4);
    EXPECT_GE(directions, 2);
  }
}

TEST(OfflineWriter, ContinuationPicksUpWithoutRepeating) {
  auto task = book(Stage::scene);
  task.kind = BookKind::screenplay;
  task.target_words = 600;
  const auto first = run(task).text;
  auto more = task;
  more.stage = Stage::scene_continue;
  more.previous_text = first;
  more.target_words = 400;
  const auto continuation = run(more).text;
  EXPECT_TRUE(continuation.starts_with("\n\n"));
  EXPECT_EQ(continuation.find("INT. "), std::string::npos);
  EXPECT_EQ(continuation.find("EXT. "), std::string::npos);
  EXPECT_TRUE(within(count_words(continuation), 400, 0.10)) << count_words(continuation);
  expect_no_repeated_sentence(first + continuation, "scene and continuation");
  EXPECT_EQ(continuation, run(more).text);
}

TEST(OfflineWriter, SummaryIsTwoToFourSentencesAboutTheText) {
  auto task = book(Stage::scene);
  task.context_json = context_with(task);
  auto summary_task = task;
  summary_task.stage = Stage::summary;
  summary_task.previous_text = run(task).text;
  const auto summary = run(summary_task).text;
  const auto sentences = sentences_of(summary);
  EXPECT_GE(sentences.size(), 2u) << summary;
  EXPECT_LE(sentences.size(), 4u) << summary;
  summary_task.previous_text.clear();
  const auto empty = sentences_of(run(summary_task).text);
  EXPECT_GE(empty.size(), 2u);
  EXPECT_LE(empty.size(), 4u);
}

TEST(OfflineWriter, RepairAnswersTheRepairedStage) {
  auto task = book(Stage::repair);
  task.repair_of = Stage::outline;
  task.chapters = 5;
  const auto document = json::parse(run(task).text).as_object();
  EXPECT_EQ(document.at("chapters").as_array().size(), 5u);
  auto outline = task;
  outline.stage = Stage::outline;
  EXPECT_EQ(run(task).text, run(outline).text);

  task.repair_of = Stage::repair;
  try {
    run(task);
    FAIL() << "a repair of a repair is refused";
  } catch (const WriterError& error) {
    EXPECT_EQ(error.failure(), WriterFailure::bad_request);
  }
}

TEST(OfflineWriter, RefusesImpossibleCounts) {
  for (const auto& [stage, label] : {std::pair{Stage::scene, "target"}, std::pair{Stage::outline, "chapter"},
                                     std::pair{Stage::chapter_plan, "scene"}}) {
    auto task = book(stage);
    task.target_words = 0;
    task.chapters = 0;
    task.scenes = 0;
    try {
      run(task);
      FAIL() << label;
    } catch (const WriterError& error) {
      EXPECT_EQ(error.failure(), WriterFailure::bad_request);
      EXPECT_NE(std::string(error.what()).find(label), std::string::npos) << error.what();
    }
  }
}

TEST(OfflineWriter, ToleratesAnyContext) {
  for (const char* context :
       {"{}", "", "not json", "[]", R"({"characters":5,"outline":{"chapters":"x"},"plan":[]})",
        R"({"characters":[{"name":""},{"role":"x"}],"plan":{"scenes":[{"characters":[1,{}]}]}})"}) {
    for (const auto stage : {Stage::chapter_plan, Stage::scene, Stage::summary, Stage::synopsis}) {
      auto task = book(stage);
      task.context_json = context;
      const auto text = run(task).text;
      EXPECT_FALSE(text.empty()) << context;
    }
  }
}

TEST(OfflineWriter, StreamsPiecesThatAddUpToTheText) {
  for (const auto stage : {Stage::scene, Stage::characters, Stage::synopsis}) {
    auto task = book(stage);
    auto writer = make_offline_writer();
    std::vector<std::string> pieces;
    const auto completion = writer->complete(task, {}, [&](std::string_view delta) { pieces.emplace_back(delta); }, {});
    std::string joined;
    for (const auto& piece : pieces) joined += piece;
    EXPECT_EQ(joined, completion.text);
    EXPECT_GT(pieces.size(), 1u) << authorworks::llm::stage_name(stage);
  }
}

TEST(OfflineWriter, ReportsEstimatedUsage) {
  Prompt prompt;
  prompt.system = std::string(10, 's');
  prompt.cacheable_context = std::string(5, 'c');
  prompt.user = "caf\xC3\xA9";  // four characters, five bytes
  const auto completion = run(book(Stage::synopsis), prompt);
  EXPECT_EQ(completion.usage.input_tokens, 5);  // ceil(19 / 4)
  EXPECT_EQ(completion.usage.output_tokens, static_cast<std::int64_t>((completion.text.size() + 3) / 4));
  EXPECT_EQ(completion.usage.cache_read_input_tokens, 0);
  EXPECT_EQ(completion.model, "offline-writer-1");
  EXPECT_EQ(completion.stop_reason, "end_turn");
}

TEST(OfflineWriter, HonoursTheStopToken) {
  auto writer = make_offline_writer();
  std::stop_source stopped;
  stopped.request_stop();
  try {
    writer->complete(book(Stage::genre), {}, nullptr, stopped.get_token());
    FAIL() << "a stopped call is refused";
  } catch (const WriterError& error) {
    EXPECT_EQ(error.failure(), WriterFailure::cancelled);
  }
  // Stopped mid-stream: no more pieces after the stop.
  std::stop_source source;
  int pieces = 0;
  auto task = book(Stage::scene);
  task.target_words = 3000;
  try {
    writer->complete(
        task, {},
        [&](std::string_view) {
          ++pieces;
          source.request_stop();
        },
        source.get_token());
    FAIL() << "a call stopped mid-stream is cancelled";
  } catch (const WriterError& error) {
    EXPECT_EQ(error.failure(), WriterFailure::cancelled);
  }
  EXPECT_EQ(pieces, 1);
}

TEST(OfflineWriter, WritesANovelInWellUnderASecond) {
  auto writer = make_offline_writer();
  auto task = book(Stage::scene);
  task.context_json = context_with(task);
  std::size_t words = 0;
  const auto start = std::chrono::steady_clock::now();
  for (int chapter = 1; chapter <= 20; ++chapter) {
    for (int scene = 1; scene <= 4; ++scene) {
      task.chapter = chapter;
      task.scene = scene;
      task.target_words = 1000;
      words += count_words(writer->complete(task, {}, nullptr, {}).text);
    }
  }
  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
  const double per_second = static_cast<double>(words) / elapsed.count();
  std::printf("offline writer: %zu words in %.3f s (%.0f words/s)\n", words, elapsed.count(), per_second);
  EXPECT_GE(words, 72000u);  // 80 scenes of 1000 words, each within a few percent
  // Optimised builds run at several hundred thousand words a second; the sanitizer build is slower.
  EXPECT_LT(elapsed.count(), 5.0);
}
