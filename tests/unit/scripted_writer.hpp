#pragma once
// A writer for the engine's tests: it answers every stage with valid output built from the task
// (the formats of llm/writer.hpp), counts words exactly as asked, reports usage as ~chars/4 tokens,
// records every call, and can be told to answer invalidly, fail, or wait at a given step. It tests
// the engine, not a writer.
#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

#include "llm/writer.hpp"

namespace authorworks::testing {

struct ScriptedCall {
  llm::Stage stage;
  llm::Stage repair_of;
  int chapter = 0;
  int scene = 0;
  int target_words = 0;
  std::string system;
  std::string cacheable_context;
  std::string user;
  std::thread::id thread;
};

class ScriptedWriter : public llm::Writer {
 public:
  ScriptedWriter() { info_ = {"scripted", "scripted-model", true, "Scripted writer"}; }

  const llm::WriterInfo& info() const noexcept override { return info_; }

  // Scenes come back at this fraction of the words asked for (1.0: exactly).
  std::atomic<double> scene_ratio{1.0};
  // Scene calls left that stream a false start, then restart() and stream the real text, as a model
  // writer does after a broken stream.
  std::atomic<int> restarts{0};
  // Called first in every call, outside the writer's lock: may throw, or wait on the stop token.
  std::function<void(const llm::WritingTask&, std::stop_token)> before;
  // How many invalid answers to give for a stage before valid ones (repairs included).
  std::map<llm::Stage, int> invalid_answers;

  std::vector<ScriptedCall> calls() const {
    std::lock_guard lock(mutex_);
    return calls_;
  }
  int count(llm::Stage stage) const {
    std::lock_guard lock(mutex_);
    int n = 0;
    for (const auto& c : calls_) n += c.stage == stage ? 1 : 0;
    return n;
  }
  int max_in_flight() const { return max_in_flight_; }
  // Marker lines the prompt lacked ("Stage: scene", "Target words: 1800", ...).
  std::vector<std::string> marker_problems() const {
    std::lock_guard lock(mutex_);
    return marker_problems_;
  }

  llm::Completion complete(const llm::WritingTask& task, const llm::Prompt& prompt, const llm::TextSink& on_text,
                           std::stop_token stop) override {
    {
      std::lock_guard lock(mutex_);
      calls_.push_back({task.stage, task.repair_of, task.chapter, task.scene, task.target_words, prompt.system,
                        prompt.cacheable_context, prompt.user, std::this_thread::get_id()});
      check_markers(task, prompt);
    }
    const int now = ++in_flight_;
    for (int seen = max_in_flight_; now > seen && !max_in_flight_.compare_exchange_weak(seen, now);) {
    }
    struct Leave {
      std::atomic<int>& n;
      ~Leave() { --n; }
    } leave{in_flight_};
    if (before) before(task, stop);
    if (stop.stop_requested()) throw llm::WriterError(llm::WriterFailure::cancelled, "cancelled");
    const auto stage = task.stage == llm::Stage::repair ? task.repair_of : task.stage;
    std::string text;
    bool invalid = false;
    {
      std::lock_guard lock(mutex_);
      auto it = invalid_answers.find(stage);
      if (it != invalid_answers.end() && it->second > 0) {
        --it->second;
        invalid = true;
      }
    }
    text = invalid ? std::string("Sure! Here is the JSON you asked for: {\"oops\": true}") : answer(task, stage);
    if (task.stage == llm::Stage::scene && restarts.fetch_sub(1) > 0) {
      on_text("a false start that is void");
      on_text.restart();
    }
    // Stream in a few pieces, as a model would.
    for (std::size_t at = 0; at < text.size(); at += 400) on_text(std::string_view(text).substr(at, 400));
    llm::Completion c;
    c.text = std::move(text);
    c.usage.input_tokens = static_cast<std::int64_t>(
        (prompt.system.size() + prompt.cacheable_context.size() + prompt.user.size() + 3) / 4);
    c.usage.output_tokens = static_cast<std::int64_t>((c.text.size() + 3) / 4);
    c.model = "scripted-model";
    c.stop_reason = "end_turn";
    return c;
  }

  static std::string words(int n, const std::string& seed_word) {
    // Paragraphs of up to 60 words, each sentence ending in a full stop.
    std::string out;
    for (int i = 0; i < n; ++i) {
      if (i > 0) out += (i % 60 == 0) ? "\n\n" : " ";
      out += (i % 12 == 11) ? seed_word + "." : "word";
    }
    return out;
  }

 private:
  void check_markers(const llm::WritingTask& task, const llm::Prompt& prompt) {
    auto need = [&](const std::string& line) {
      if (prompt.user.find(line + "\n") == std::string::npos) marker_problems_.push_back(line);
    };
    need("Stage: " + std::string(llm::stage_name(task.stage)));
    if (task.stage == llm::Stage::outline) need("Chapters: " + std::to_string(task.chapters));
    if (task.stage == llm::Stage::chapter_plan) need("Scenes: " + std::to_string(task.scenes));
    if (task.stage == llm::Stage::scene || task.stage == llm::Stage::scene_continue) {
      need("Target words: " + std::to_string(task.target_words));
    }
  }

  std::string answer(const llm::WritingTask& task, llm::Stage stage) const {
    switch (stage) {
      case llm::Stage::genre: return "gothic mystery";
      case llm::Stage::style:
        return "Close third person, past tense, long sentences broken by short ones, weather as mood.";
      case llm::Stage::characters:
        return "```json\n{\"characters\":[{\"name\":\"Ada\",\"role\":\"protagonist\",\"description\":\"A "
               "cartographer.\",\"arc\":\"Learns to trust.\"},{\"name\":\"Bram\",\"role\":\"antagonist\","
               "\"description\":\"Her rival.\",\"arc\":\"Falls.\"},{\"name\":\"Cleo\",\"role\":\"ally\","
               "\"description\":\"A sailor.\",\"arc\":\"Finds home.\"}]}\n```";
      case llm::Stage::synopsis: return words(200, "synopsis");
      case llm::Stage::outline: {
        std::string out = "{\"chapters\":[";
        for (int i = 1; i <= task.chapters; ++i) {
          out += (i > 1 ? "," : "") + std::string("{\"number\":") + std::to_string(i) + ",\"title\":\"Part " +
                 std::to_string(i) + "\",\"summary\":\"" + words(40, "outline") + "\"}";
        }
        return out + "]}";
      }
      case llm::Stage::chapter_plan: {
        std::string out = "{\"number\":" + std::to_string(task.chapter) + ",\"title\":\"Chapter " +
                          std::to_string(task.chapter) +
                          "\",\"opening\":\"At dawn.\",\"ending\":\"At dusk.\",\"scenes\":[";
        for (int i = 1; i <= task.scenes; ++i) {
          out += (i > 1 ? "," : "") + std::string("{\"number\":") + std::to_string(i) + ",\"title\":\"Scene " +
                 std::to_string(i) + "\",\"summary\":\"" + words(40, "plan") +
                 "\",\"setting\":\"The harbour\",\"characters\":[\"Ada\",\"Bram\"]}";
        }
        return out + "]}";
      }
      case llm::Stage::scene:
        return words(std::max(1, static_cast<int>(task.target_words * scene_ratio.load())), "scene");
      case llm::Stage::scene_continue: return words(std::max(1, task.target_words), "more");
      case llm::Stage::summary:
        return "Chapter " + std::to_string(task.chapter) + ", scene " + std::to_string(task.scene) + ": " +
               words(50, "summary");
      case llm::Stage::repair: return {};
    }
    return {};
  }

  llm::WriterInfo info_;
  mutable std::mutex mutex_;
  std::vector<ScriptedCall> calls_;
  std::vector<std::string> marker_problems_;
  std::atomic<int> in_flight_{0};
  std::atomic<int> max_in_flight_{0};
};

}  // namespace authorworks::testing
