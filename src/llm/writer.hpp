#pragma once
// A writer drafts one step of a book: a model behind an API (Anthropic, any OpenAI-compatible
// server) or the offline writer, which composes text procedurally and is never presented as a model.
//
// Every call carries the prompt text (what a model reads) and the task in structured form (what the
// offline writer composes from, and what logs and metrics are labelled with). The outputs each stage
// must produce are fixed here, so that the pipeline, the model prompts and the offline writer agree:
//
//   genre          plain text, one line: the book's genre ("gothic mystery").
//   style          plain text, one paragraph: voice, tense, point of view, rhythm.
//   characters     JSON {"characters":[{"name","role","description","arc"}]}, 2 to 12 entries,
//                  unique non-empty names.
//   synopsis       plain text, 150 to 400 words.
//   outline        JSON {"chapters":[{"number","title","summary"}]}, exactly task.chapters entries
//                  numbered 1..N (acts of a play, sequences of a screenplay).
//   chapter_plan   JSON {"number","title","opening","ending","scenes":[{"number","title","summary",
//                  "setting","characters":[names]}]}, exactly task.scenes entries numbered 1..M;
//                  "opening" and "ending" fix where the chapter starts and ends, so chapters can be
//                  drafted in parallel without losing continuity.
//   scene          the scene's text in the book's form: prose (novel), screenplay format (scene
//                  heading, action, character cues, dialogue) or stage-play format (stage directions,
//                  character names, dialogue); about task.target_words words.
//   scene_continue more of the same scene, picking up where task.previous_text ends.
//   summary        plain text, two to four sentences about what happened in task.previous_text.
//   repair         the corrected output of task.repair_of, in that stage's format.
//
// Prompt markers. Every model prompt's user text carries these lines, each on a line of its own, so
// that the wire-protocol test doubles (tests/doubles/anthropic_double.py, openai_double.py) can
// answer any step with valid output without knowing the prompts:
//   Stage: <stage name>      always, e.g. "Stage: chapter_plan" (for a repair: "Stage: repair" and
//                            "Repair of: <stage name>")
//   Chapters: N              outline
//   Chapter: K               chapter_plan, scene, scene_continue, summary (1-based)
//   Scenes: M                chapter_plan
//   Scene: S                 scene, scene_continue, summary (1-based within the chapter)
//   Target words: N          scene, scene_continue
// The doubles record the markers of every request, so tests can tell which step was asked twice.
#include <chrono>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "core/error.hpp"

namespace authorworks {
struct LlmConfig;
}

namespace authorworks::llm {

enum class Stage { genre, style, characters, synopsis, outline, chapter_plan, scene, scene_continue, summary, repair };
std::string_view stage_name(Stage stage) noexcept;  // "chapter_plan"
std::optional<Stage> parse_stage(std::string_view name) noexcept;
bool is_structured(Stage stage) noexcept;  // characters, outline, chapter_plan: JSON

enum class BookKind { novel, screenplay, play };
std::string_view kind_name(BookKind kind) noexcept;
std::optional<BookKind> parse_kind(std::string_view name) noexcept;

// What a step asks for, in structured form.
struct WritingTask {
  Stage stage = Stage::genre;
  Stage repair_of = Stage::genre;  // for Stage::repair: the stage whose output is being corrected
  BookKind kind = BookKind::novel;
  std::string title;
  std::string braindump;
  std::uint64_t seed = 0;  // the offline writer is deterministic for (title, braindump, seed, step)
  // A regenerated scene's draft: non-zero, and different for every regeneration, so that the
  // offline writer writes the scene anew instead of repeating the draft it replaces.
  std::uint64_t variation = 0;
  std::string genre;     // once known
  int chapters = 0;      // outline: how many chapters (acts, sequences) to plan
  int chapter = 0;       // chapter_plan, scene, scene_continue, summary: 1-based
  int scenes = 0;        // chapter_plan: how many scenes the chapter has
  int scene = 0;         // scene, scene_continue, summary: 1-based within the chapter
  int target_words = 0;  // scene, scene_continue: words wanted from this call
  // The story so far in structured form, for the offline writer: the JSON documents of earlier
  // stages it may draw names and places from ({"characters":…, "outline":…, "plan":…}); "{}" when none.
  std::string context_json = "{}";
  std::string previous_text;  // scene_continue: the text so far; summary: the text to summarise
};

// What a model reads. `cacheable_context` (the story bible) goes first and is marked for prompt
// caching where the provider supports it; it is identical across the steps of one book.
struct Prompt {
  std::string system;
  std::string cacheable_context;
  std::string user;
  int max_tokens = 4096;
  double temperature = 0.8;
};

struct Usage {
  std::int64_t input_tokens = 0;  // every prompt token, cached or not
  std::int64_t output_tokens = 0;
  std::int64_t cache_creation_input_tokens = 0;  // the part of input_tokens written to the cache
  std::int64_t cache_read_input_tokens = 0;      // the part of input_tokens read from the cache
};

struct Completion {
  std::string text;
  Usage usage;
  std::string model;        // the model that answered, as the provider names it
  std::string stop_reason;  // "end_turn", "max_tokens", "stop", ...
};

struct WriterInfo {
  std::string provider;  // "anthropic", "openai", "offline"
  std::string model;     // "claude-sonnet-4-5", "llama3.1:8b", "offline-writer-1"
  bool is_model = true;  // false for the offline writer
  std::string label;     // shown to people: "Claude (claude-sonnet-4-5)", "Offline writer (not an AI model)"
};

// Receives text as it streams in; called from the writer's thread, many times per call.
//
// A model writer that loses a stream half-way (a cut connection, a stall, an overloaded_error event)
// asks the model again from the start, and the new answer is not the same text. Before the first
// delta of such a retry it calls restart(): everything delivered since the call began (or since the
// previous restart) is void and should be discarded by whoever shows it. The Completion's text is
// always exactly the deltas after the last restart. A plain lambda converts implicitly, with no
// restart handler, for callers that only look at the returned Completion.
class TextSink;
template <class F>
concept TextCallback = std::invocable<F&, std::string_view> && !std::same_as<std::remove_cvref_t<F>, TextSink>;

class TextSink {
 public:
  using TextHandler = std::function<void(std::string_view delta)>;
  using RestartHandler = std::function<void()>;

  TextSink() = default;
  TextSink(std::nullptr_t) {}
  template <TextCallback F>
  TextSink(F&& on_text) : on_text_(std::forward<F>(on_text)) {}
  TextSink(TextHandler on_text, RestartHandler on_restart)
      : on_text_(std::move(on_text)), on_restart_(std::move(on_restart)) {}

  void operator()(std::string_view delta) const {
    if (on_text_) on_text_(delta);
  }
  void restart() const {
    if (on_restart_) on_restart_();
  }
  explicit operator bool() const noexcept { return static_cast<bool>(on_text_); }

 private:
  TextHandler on_text_;
  RestartHandler on_restart_;
};

enum class WriterFailure {
  rejected_key,    // 401/403: never retried
  bad_request,     // 400/404/422: our request or the model name is wrong; not retried
  rate_limited,    // 429, after the retries ran out
  overloaded,      // 529, after the retries ran out
  server,          // 5xx, after the retries ran out
  network,         // connection refused, reset, or a stream cut mid-way, after the retries ran out
  timeout,         // the stream stayed silent past the stall timeout, after the retries ran out
  cancelled,       // the stop token was triggered
  invalid_output,  // the answer could not be used even after a repair request
};
std::string_view failure_name(WriterFailure failure) noexcept;

// A writer call that failed for good. The message is for people ("the Anthropic API key was
// rejected"); it becomes the job's error.
class WriterError : public Error {
 public:
  WriterError(WriterFailure failure, std::string message);
  WriterFailure failure() const noexcept { return failure_; }

 private:
  WriterFailure failure_;
};

class Writer {
 public:
  virtual ~Writer() = default;
  virtual const WriterInfo& info() const noexcept = 0;
  // Blocking; runs on a generation thread, never on an I/O thread. Retries transient failures
  // itself (backoff with jitter, honouring retry-after) and throws WriterError when it gives up or
  // when `stop` is requested.
  virtual Completion complete(const WritingTask& task, const Prompt& prompt, const TextSink& on_text,
                              std::stop_token stop) = 0;
};

// The writer LlmConfig names.
std::unique_ptr<Writer> make_writer(const LlmConfig& config);

}  // namespace authorworks::llm
