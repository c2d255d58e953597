#include "generation/job_run.hpp"

#include <boost/json.hpp>
#include <cmath>
#include <mutex>
#include <optional>
#include <vector>

#include "core/error.hpp"
#include "core/text.hpp"
#include "db/timestamps.hpp"
#include "generation/book_store.hpp"
#include "generation/length_plan.hpp"
#include "generation/parallel.hpp"
#include "generation/prompt_builder.hpp"
#include "generation/scene_text.hpp"
#include "generation/step_store.hpp"
#include "generation/story_documents.hpp"

namespace authorworks::generation {
namespace {

namespace json = boost::json;
using llm::Stage;
using Clock = std::chrono::steady_clock;

constexpr int kMaxRepairs = 2;
constexpr int kMaxContinuations = 3;
constexpr std::int64_t kTailWords = 300;
// A scene within ±15% of its target is kept; the last scene of a chapter, which absorbs the
// chapter's running deficit or surplus, is held to ±5% so that every chapter lands on its share.
constexpr double kSceneTolerance = 0.15;
constexpr double kLastSceneTolerance = 0.05;

std::string scene_key(int chapter, int scene) {
  return "scene:" + std::to_string(chapter) + ":" + std::to_string(scene);
}
std::string summary_key(int chapter, int scene) {
  return "summary:" + std::to_string(chapter) + ":" + std::to_string(scene);
}
std::string plan_key(int chapter) { return "chapter:" + std::to_string(chapter) + ":plan"; }

std::string prompt_text(const llm::Prompt& p) { return p.system + "\n\n" + p.cacheable_context + "\n\n" + p.user; }

[[noreturn]] void throw_cancelled() {
  throw llm::WriterError(llm::WriterFailure::cancelled, "the generation was cancelled");
}

// The usage of the calls one step made (a first answer, its repairs or continuations).
struct StepUsage {
  std::int64_t tokens_in = 0;
  std::int64_t tokens_out = 0;
  double cost_usd = 0;
  std::string model;
  Clock::time_point started = Clock::now();
  std::string prompt_hash;
};

}  // namespace

struct JobRun::State {
  RunEnvironment env;
  JobRecord job;
  std::stop_token stop;
  StepStore steps;
  BookRecord book;
  LengthPlan lengths;
  StoryBible bible;
  std::uint64_t seed = 0;
  json::array characters_json;
  json::array outline_json;
  std::vector<std::optional<ChapterPlan>> plans;
  std::vector<std::string> plan_json;

  // Progress, shared by the chapter threads.
  std::mutex progress_mutex;
  int total_steps = 0;
  int done_steps = 0;
  int called_steps = 0;  // steps this run paid the writer for
  Clock::time_point started = Clock::now();
  std::int64_t words = 0;
  std::int64_t tokens = 0;
  double cost = 0;

  State(RunEnvironment e, JobRecord j, std::stop_token s)
      : env(std::move(e)), job(std::move(j)), stop(std::move(s)), steps(env.owner) {}

  // ---- events ----------------------------------------------------------------------------------

  void publish(std::string_view type, json::object body) {
    body["type"] = type;
    body["book_id"] = job.book_id;
    auto text = json::serialize(body);
    // The owner's own socket (/ws) follows every book's progress; the text itself stays on the
    // book's topic, for those who read along.
    if (type == "progress") env.bus->publish("user:" + job.user_id, type, text);
    env.bus->publish("book:" + job.book_id, type, std::move(text));
  }

  void stage_started(Stage stage) {
    publish("stage", {{"stage", llm::stage_name(stage)}});
    env.database->execute("UPDATE generation_jobs SET stage = ? WHERE id = ? AND lease_owner = ?",
                          {std::string(llm::stage_name(stage)), job.id, env.owner});
  }

  // Called after a step is written (or found): counts it and tells the subscribers.
  void step_done(std::int64_t more_words, const StepUsage* usage) {
    json::object body;
    {
      std::lock_guard lock(progress_mutex);
      ++done_steps;
      words += more_words;
      if (usage != nullptr) {
        ++called_steps;
        tokens += usage->tokens_in + usage->tokens_out;
        cost += usage->cost_usd;
      }
      const double progress = total_steps == 0 ? 100.0 : 100.0 * done_steps / total_steps;
      body["progress"] = std::round(progress * 10) / 10;
      body["words"] = words;
      body["tokens"] = tokens;
      body["cost"] = cost;
      // The pace of the steps this run paid for: found checkpoints take no time and would flatter it.
      if (called_steps > 0 && done_steps < total_steps) {
        const double elapsed = std::chrono::duration<double>(Clock::now() - started).count();
        body["eta_seconds"] = std::llround(elapsed / called_steps * (total_steps - done_steps));
      } else {
        body["eta_seconds"] = nullptr;
      }
      // Published under the lock so that subscribers see progress only ever rise.
      publish("progress", std::move(body));
    }
  }

  // ---- writer calls ----------------------------------------------------------------------------

  llm::WritingTask task(Stage stage) const {
    llm::WritingTask t;
    t.stage = stage;
    t.kind = bible.kind;
    t.title = bible.title;
    t.braindump = bible.braindump;
    t.seed = seed;
    t.genre = bible.genre;
    json::object context;
    if (!characters_json.empty()) context["characters"] = characters_json;
    if (!outline_json.empty()) context["outline"] = outline_json;
    t.context_json = json::serialize(context);
    return t;
  }

  std::string call(const llm::WritingTask& t, const llm::Prompt& prompt, StepUsage& usage, const llm::TextSink& sink,
                   std::stop_token token) {
    if (token.stop_requested()) throw_cancelled();
    if (usage.prompt_hash.empty()) usage.prompt_hash = sha256_hex(prompt_text(prompt));
    auto completion = env.writer->complete(t, prompt, sink, token);
    const auto& model = completion.model.empty() ? env.writer->info().model : completion.model;
    usage.tokens_in += completion.usage.input_tokens;
    usage.tokens_out += completion.usage.output_tokens;
    usage.cost_usd += env.prices->cost_usd(model, completion.usage);
    usage.model = model;
    return std::move(completion.text);
  }

  Checkpoint checkpoint(const std::string& key, Stage stage, const std::string& output, const StepUsage& usage) const {
    Checkpoint c;
    c.job_id = job.id;
    c.book_id = job.book_id;
    c.user_id = job.user_id;
    c.step_key = key;
    c.stage = std::string(llm::stage_name(stage));
    c.prompt_hash = usage.prompt_hash;
    c.output = output;
    c.tokens_in = usage.tokens_in;
    c.tokens_out = usage.tokens_out;
    c.cost_usd = usage.cost_usd;
    c.model = usage.model;
    c.duration_ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - usage.started).count();
    return c;
  }

  // A regenerated scene must not find the scene it replaces.
  std::optional<std::string> find_step(db::Session& s, const std::string& key) {
    return steps.find(s, job.book_id, key, job.kind == "scene" ? job.id : std::string());
  }

  void record(const Checkpoint& c, const std::function<void(db::Session&)>& land) {
    auto session = env.database->acquire();
    steps.record(*session, c, land);
  }

  // A step whose output must pass `validate` (an empty list of problems); invalid answers get up to
  // two repair requests, then the job fails naming what was still wrong.
  template <class Validate>
  std::string validated_step(const std::string& key, Stage stage, const llm::WritingTask& t, const llm::Prompt& prompt,
                             Validate&& validate, const std::function<void(db::Session&, const std::string&)>& land,
                             std::stop_token token) {
    {
      auto session = env.database->acquire();
      if (auto found = find_step(*session, key); found && validate(*found).empty()) {
        session.reset();
        step_done(0, nullptr);
        return *found;
      }
    }
    StepUsage usage;
    auto output = call(t, prompt, usage, {}, token);
    auto errors = validate(output);
    for (int repair = 1; !errors.empty(); ++repair) {
      if (repair > kMaxRepairs) {
        std::string detail;
        for (const auto& e : errors) detail += (detail.empty() ? "" : "; ") + e;
        throw llm::WriterError(llm::WriterFailure::invalid_output,
                               "the writer's " + std::string(llm::stage_name(stage)) + " was still invalid after " +
                                   std::to_string(kMaxRepairs) + " repair requests: " + detail);
      }
      auto repair_task = t;
      repair_task.stage = Stage::repair;
      repair_task.repair_of = stage;
      repair_task.previous_text = output;
      PromptBuilder builder(bible);
      output = call(repair_task, builder.repair(stage, prompt, output, errors), usage, {}, token);
      errors = validate(output);
    }
    record(checkpoint(key, stage, output, usage), [&](db::Session& s) { land(s, output); });
    step_done(0, &usage);
    return output;
  }

  static std::vector<std::string> plain_text_problems(const std::string& text, Stage stage) {
    if (trim(text).empty()) return {"the " + std::string(llm::stage_name(stage)) + " is empty"};
    return {};
  }

  // ---- the book's stages -----------------------------------------------------------------------

  void load() {
    auto session = env.database->acquire();
    auto found = BookStore::find(*session, job.book_id);
    if (!found) throw not_found_error("book");
    book = std::move(*found);
    const auto kind = llm::parse_kind(book.kind).value_or(llm::BookKind::novel);
    lengths = plan_length(kind, book.target_words);
    bible.kind = kind;
    bible.title = book.title;
    bible.braindump = book.braindump;
    boost::system::error_code ec;
    const auto metadata = json::parse(book.metadata, ec);
    if (!ec && metadata.is_object()) {
      if (const auto* s = metadata.as_object().if_contains("seed"); s != nullptr && s->is_int64()) {
        seed = static_cast<std::uint64_t>(s->as_int64());
      }
    }
    plans.resize(static_cast<std::size_t>(lengths.chapter_count()));
    plan_json.resize(plans.size());
    words = book.words;
    tokens = book.tokens_in + book.tokens_out;
    cost = book.cost_usd;
    if (job.kind == "scene") {
      total_steps = 2;
    } else {
      total_steps = 5 + lengths.chapter_count() + 2 * lengths.scene_count();
    }
  }

  void run_stages() {
    const PromptBuilder builder(bible);
    auto plain = [](Stage stage) {
      return [stage](const std::string& text) { return plain_text_problems(text, stage); };
    };

    if (!book.genre.empty() && job.kind == "book") {
      // The author chose the genre: nothing to ask the writer.
      bible.genre = book.genre;
    }
    stage_started(Stage::genre);
    {
      auto t = task(Stage::genre);
      if (!bible.genre.empty()) {
        auto session = env.database->acquire();
        if (!find_step(*session, "genre")) {
          StepUsage none;
          steps.record(*session, checkpoint("genre", Stage::genre, bible.genre, none), {});
        }
        session.reset();
        step_done(0, nullptr);
      } else {
        auto genre = validated_step(
            "genre", Stage::genre, t, builder.genre(), plain(Stage::genre),
            [&](db::Session& s, const std::string& out) {
              s.execute("UPDATE books SET genre = ? WHERE id = ?", {first_line(out), job.book_id});
            },
            stop);
        bible.genre = first_line(genre);
      }
    }
    stage_started(Stage::style);
    bible.style = std::string(trim(validated_step(
        "style", Stage::style, task(Stage::style), builder.style(), plain(Stage::style),
        [](db::Session&, const std::string&) {}, stop)));
    stage_started(Stage::characters);
    {
      auto validate = [](const std::string& text) { return validate_characters(text).errors; };
      const auto out = validated_step(
          "characters", Stage::characters, task(Stage::characters), builder.characters(), validate,
          [](db::Session&, const std::string&) {}, stop);
      bible.characters = *validate_characters(out).document;
      characters_json = json::parse(extract_json_object(out)).as_object().at("characters").as_array();
    }
    stage_started(Stage::synopsis);
    bible.synopsis = std::string(trim(validated_step(
        "synopsis", Stage::synopsis, task(Stage::synopsis), builder.synopsis(), plain(Stage::synopsis),
        [](db::Session&, const std::string&) {}, stop)));
    stage_started(Stage::outline);
    {
      const int chapters = lengths.chapter_count();
      auto t = task(Stage::outline);
      t.chapters = chapters;
      auto validate = [chapters](const std::string& text) { return validate_outline(text, chapters).errors; };
      const auto out = validated_step(
          "outline", Stage::outline, t, builder.outline(chapters), validate,
          [&](db::Session& s, const std::string& text) {
            BookStore::save_outline(s, job.book_id, *validate_outline(text, chapters).document);
          },
          stop);
      bible.outline = *validate_outline(out, chapters).document;
      outline_json = json::parse(extract_json_object(out)).as_object().at("chapters").as_array();
    }
  }

  static std::string first_line(const std::string& text) {
    auto t = trim(text);
    return std::string(trim(t.substr(0, t.find('\n'))));
  }

  void plan_chapter(int chapter, std::stop_token token) {
    const PromptBuilder builder(bible);
    const int scenes = static_cast<int>(lengths.chapters.at(static_cast<std::size_t>(chapter - 1)).scene_words.size());
    auto t = task(Stage::chapter_plan);
    t.chapter = chapter;
    t.scenes = scenes;
    auto validate = [chapter, scenes](const std::string& text) {
      return validate_chapter_plan(text, chapter, scenes).errors;
    };
    const auto out = validated_step(
        plan_key(chapter), Stage::chapter_plan, t, builder.chapter_plan(chapter, scenes), validate,
        [&](db::Session& s, const std::string& text) {
          BookStore::save_plan(s, job.book_id, *validate_chapter_plan(text, chapter, scenes).document,
                               std::string(extract_json_object(text)));
        },
        token);
    plans[static_cast<std::size_t>(chapter - 1)] = *validate_chapter_plan(out, chapter, scenes).document;
    plan_json[static_cast<std::size_t>(chapter - 1)] = std::string(extract_json_object(out));
  }

  // ---- scenes ----------------------------------------------------------------------------------

  // The previous chapter's scene summaries, when all of them exist (with parallel drafting the
  // previous chapter may still be in progress: then its plan's ending carries the continuity).
  std::pair<std::string, std::string> previous_chapter(db::Session& s, int chapter) {
    if (chapter <= 1) return {};
    const auto rows = s.query(
        "SELECT s.number, s.summary, s.text FROM scenes s JOIN chapters c ON c.id = s.chapter_id WHERE c.book_id = ? "
        "AND c.number = ? ORDER BY s.number",
        {job.book_id, chapter - 1});
    const auto expected = lengths.chapters.at(static_cast<std::size_t>(chapter - 2)).scene_words.size();
    if (rows.rows.size() != expected) return {};
    std::string summary;
    for (const auto& row : rows.rows) {
      const auto text = row.text("summary");
      if (text.empty()) return {};
      summary += (summary.empty() ? "" : " ") + text;
    }
    return {summary, std::string(tail_words(rows.rows.back().text("text"), kTailWords))};
  }

  llm::WritingTask scene_task(Stage stage, int chapter, int scene) const {
    auto t = task(stage);
    t.chapter = chapter;
    t.scene = scene;
    t.scenes = static_cast<int>(lengths.chapters.at(static_cast<std::size_t>(chapter - 1)).scene_words.size());
    json::value context = json::parse(t.context_json);
    context.as_object()["plan"] = json::parse(plan_json.at(static_cast<std::size_t>(chapter - 1)));
    t.context_json = json::serialize(context);
    return t;
  }

  // Drafts one scene to its target: continued while short, trimmed at a paragraph when far too long.
  std::string draft_scene(int chapter, const SceneContext& context, bool last_in_chapter, StepUsage& usage,
                          std::stop_token token) {
    const PromptBuilder builder(bible);
    const auto tolerance = last_in_chapter ? kLastSceneTolerance : kSceneTolerance;
    const auto target = context.target_words;
    const auto low = static_cast<std::int64_t>(std::ceil(static_cast<double>(target) * (1 - tolerance)));
    const auto high = static_cast<std::int64_t>(std::floor(static_cast<double>(target) * (1 + tolerance)));
    // What subscribers have been shown of this scene before the call in flight: a writer that
    // restarts its stream voids the call's deltas, and a "reset" tells them to show this again.
    std::string shown;
    const llm::TextSink stream(
        [&](std::string_view delta) {
          publish("text", {{"chapter", chapter}, {"scene", context.scene}, {"delta", delta}});
        },
        [&] {
          publish("reset", {{"chapter", chapter}, {"scene", context.scene}, {"text", shown}});
        });
    auto t = scene_task(Stage::scene, chapter, context.scene);
    t.target_words = static_cast<int>(target);
    auto text = call(t, builder.scene(chapter, context), usage, stream, token);
    auto drafted = count_words(text);
    for (int n = 0; n < kMaxContinuations && drafted < low; ++n) {
      const auto more = std::max<std::int64_t>(target - drafted, 50);
      auto ct = scene_task(Stage::scene_continue, chapter, context.scene);
      ct.target_words = static_cast<int>(more);
      ct.previous_text = text;
      shown = text + "\n\n";
      stream("\n\n");
      auto addition = call(ct, builder.scene_continue(chapter, context, text, more), usage, stream, token);
      if (count_words(addition) == 0) break;
      text = join_continuation(text, addition);
      drafted = count_words(text);
    }
    if (drafted > high) {
      text = trim_to_words(text, low, high);
      publish("reset", {{"chapter", chapter}, {"scene", context.scene}, {"text", text}});
    }
    return text;
  }

  void draft_chapter(int chapter, std::stop_token token) {
    const auto& share = lengths.chapters.at(static_cast<std::size_t>(chapter - 1));
    const auto& plan = *plans.at(static_cast<std::size_t>(chapter - 1));
    const int scenes = static_cast<int>(share.scene_words.size());
    std::vector<std::string> summaries;
    std::string previous_text;
    std::int64_t written = 0;
    for (int scene = 1; scene <= scenes; ++scene) {
      if (token.stop_requested()) throw_cancelled();
      const auto key = scene_key(chapter, scene);
      std::string text;
      {
        auto session = env.database->acquire();
        if (auto found = find_step(*session, key)) {
          text = std::move(*found);
          session.reset();
          step_done(0, nullptr);
        } else {
          SceneContext context;
          context.plan = &plan;
          context.scene = scene;
          // Within a chapter the running deficit or surplus is spread over the scenes left.
          const auto left = share.words - written;
          context.target_words = std::max<std::int64_t>(left / (scenes - scene + 1), 100);
          auto [chapter_summary, chapter_tail] = previous_chapter(*session, chapter);
          session.reset();
          context.previous_chapter_summary = std::move(chapter_summary);
          context.earlier_scenes = summaries;
          context.previous_tail =
              scene == 1 ? std::move(chapter_tail) : std::string(tail_words(previous_text, kTailWords));
          StepUsage usage;
          text = draft_scene(chapter, context, scene == scenes, usage, token);
          const auto words_now = count_words(text);
          const auto& title = plan.scenes.at(static_cast<std::size_t>(scene - 1)).title;
          record(checkpoint(key, Stage::scene, text, usage), [&](db::Session& s) {
            BookStore::save_scene(s, job.book_id, chapter, scene, title, text, words_now);
          });
          publish("scene", {{"chapter", chapter}, {"scene", scene}, {"words", words_now}});
          step_done(words_now, &usage);
        }
      }
      written += count_words(text);
      summaries.push_back(summarise(chapter, scene, text, token));
      previous_text = std::move(text);
    }
  }

  std::string summarise(int chapter, int scene, const std::string& text, std::stop_token token) {
    const auto key = summary_key(chapter, scene);
    {
      auto session = env.database->acquire();
      if (auto found = find_step(*session, key)) {
        session.reset();
        step_done(0, nullptr);
        return *found;
      }
    }
    const PromptBuilder builder(bible);
    auto t = scene_task(Stage::summary, chapter, scene);
    t.previous_text = text;
    StepUsage usage;
    auto summary = std::string(trim(call(t, builder.summary(chapter, scene, text), usage, {}, token)));
    if (summary.empty()) summary = std::string(tail_words(text, 60));
    record(checkpoint(key, Stage::summary, summary, usage),
           [&](db::Session& s) { BookStore::save_scene_summary(s, job.book_id, chapter, scene, summary); });
    step_done(0, &usage);
    return summary;
  }

  // ---- a regenerated scene ---------------------------------------------------------------------

  void load_story_for_scene() {
    auto session = env.database->acquire();
    auto text_of = [&](const std::string& key) {
      auto found = steps.find(*session, job.book_id, key);
      if (!found) throw Error(ErrorCode::conflict, "the book has no " + key + " yet; generate the book first");
      return *found;
    };
    bible.genre = first_line(text_of("genre"));
    bible.style = std::string(trim(text_of("style")));
    const auto characters = text_of("characters");
    bible.characters = validate_characters(characters).document.value_or(std::vector<Character>{});
    characters_json = json::parse(extract_json_object(characters)).as_object().at("characters").as_array();
    bible.synopsis = std::string(trim(text_of("synopsis")));
    const auto outline = text_of("outline");
    bible.outline = validate_outline(outline, lengths.chapter_count()).document.value_or(std::vector<OutlineChapter>{});
    outline_json = json::parse(extract_json_object(outline)).as_object().at("chapters").as_array();
    const auto scenes =
        static_cast<int>(lengths.chapters.at(static_cast<std::size_t>(job.chapter - 1)).scene_words.size());
    const auto plan = text_of(plan_key(job.chapter));
    plans[static_cast<std::size_t>(job.chapter - 1)] = validate_chapter_plan(plan, job.chapter, scenes).document;
    plan_json[static_cast<std::size_t>(job.chapter - 1)] = std::string(extract_json_object(plan));
    if (!plans[static_cast<std::size_t>(job.chapter - 1)] || bible.outline.empty()) {
      throw Error(ErrorCode::conflict, "the book's plan is incomplete; generate the book first");
    }
  }

  void regenerate_scene() {
    load_story_for_scene();
    const int chapter = job.chapter;
    const int scene = job.scene;
    const auto& plan = *plans.at(static_cast<std::size_t>(chapter - 1));
    stage_started(Stage::scene);
    auto session = env.database->acquire();
    std::string text;
    if (auto found = find_step(*session, scene_key(chapter, scene))) {
      session.reset();
      text = std::move(*found);
      step_done(0, nullptr);
    } else {
      SceneContext context;
      context.plan = &plan;
      context.scene = scene;
      context.target_words = lengths.chapters.at(static_cast<std::size_t>(chapter - 1))
                                 .scene_words.at(static_cast<std::size_t>(scene - 1));
      auto [chapter_summary, chapter_tail] = previous_chapter(*session, chapter);
      context.previous_chapter_summary = std::move(chapter_summary);
      const auto rows = session->query(
          "SELECT s.number, s.summary, s.text FROM scenes s JOIN chapters c ON c.id = s.chapter_id WHERE "
          "c.book_id = ? AND c.number = ? AND s.number < ? ORDER BY s.number",
          {job.book_id, chapter, scene});
      session.reset();
      for (const auto& row : rows.rows) context.earlier_scenes.push_back(row.text("summary"));
      context.previous_tail =
          rows.empty() ? std::move(chapter_tail) : std::string(tail_words(rows.rows.back().text("text"), kTailWords));
      StepUsage usage;
      text = draft_scene(chapter, context, false, usage, stop);
      const auto words_now = count_words(text);
      const auto& title = plan.scenes.at(static_cast<std::size_t>(scene - 1)).title;
      record(checkpoint(scene_key(chapter, scene), Stage::scene, text, usage),
             [&](db::Session& s) { BookStore::save_scene(s, job.book_id, chapter, scene, title, text, words_now); });
      publish("scene", {{"chapter", chapter}, {"scene", scene}, {"words", words_now}});
      step_done(0, &usage);
    }
    stage_started(Stage::summary);
    summarise(chapter, scene, text, stop);
  }

  // ---- the whole job -----------------------------------------------------------------------------

  void run() {
    load();
    started = Clock::now();
    if (job.kind == "scene") {
      regenerate_scene();
      return;
    }
    run_stages();
    if (stop.stop_requested()) throw_cancelled();
    stage_started(Stage::chapter_plan);
    run_in_parallel(lengths.chapter_count(), env.parallelism, stop,
                    [this](int index, std::stop_token token) { plan_chapter(index + 1, token); });
    if (stop.stop_requested()) throw_cancelled();
    stage_started(Stage::scene);
    run_in_parallel(lengths.chapter_count(), env.parallelism, stop,
                    [this](int index, std::stop_token token) { draft_chapter(index + 1, token); });
    if (stop.stop_requested()) throw_cancelled();
  }
};

JobRun::JobRun(RunEnvironment environment, JobRecord job, std::stop_token stop)
    : state_(std::make_unique<State>(std::move(environment), std::move(job), std::move(stop))) {}

JobRun::~JobRun() = default;

void JobRun::run() { state_->run(); }

}  // namespace authorworks::generation
