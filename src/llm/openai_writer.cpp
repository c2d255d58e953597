#include "llm/openai_writer.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <stdexcept>

#include "llm/api_event_stream.hpp"
#include "llm/api_failure.hpp"
#include "llm/api_json.hpp"
#include "llm/retrying_call.hpp"

namespace authorworks::llm {

namespace json = boost::json;

namespace {

constexpr ProviderWording kWording{"the OpenAI-compatible server", "the OpenAI-compatible server rejected the API key"};

class StreamReader {
 public:
  explicit StreamReader(const TextSink& sink) : sink_(sink) {}

  void on_event(const SseEvent& event) {
    if (event.data == "[DONE]") {
      done_ = true;
      return;
    }
    boost::system::error_code error;
    const auto parsed = json::parse(event.data, error);
    if (error || !parsed.is_object()) {
      throw RetryableFailure{WriterFailure::server, std::string(kWording.service) + " sent an unreadable chunk",
                             std::nullopt};
    }
    const auto& chunk = parsed.get_object();
    // Some servers (OpenRouter, vLLM) report a failure inside a 200 stream as {"error":{…}}.
    if (const auto* failure = chunk.if_contains("error"); failure != nullptr && !failure->is_null()) {
      throw RetryableFailure{
          WriterFailure::server,
          std::string(kWording.service) + " failed mid-stream: " + api_error_message(json::serialize(chunk)),
          std::nullopt};
    }
    if (const auto* model = chunk.if_contains("model"); model != nullptr && model->is_string()) {
      completion_.model = model->get_string();
    }
    if (const auto* choices = chunk.if_contains("choices"); choices != nullptr && choices->is_array()) {
      for (const auto& choice : choices->get_array()) {
        if (!choice.is_object()) continue;
        const auto& fields = choice.get_object();
        if (const auto* index = fields.if_contains("index");
            index != nullptr && index->is_int64() && index->get_int64() != 0) {
          continue;
        }
        if (const auto* delta = fields.if_contains("delta"); delta != nullptr && delta->is_object()) {
          const auto* content = delta->get_object().if_contains("content");
          if (content != nullptr && content->is_string() && !content->get_string().empty()) {
            const std::string_view piece = content->get_string();
            completion_.text.append(piece);
            sink_(piece);
          }
        }
        if (const auto* reason = fields.if_contains("finish_reason"); reason != nullptr && reason->is_string()) {
          completion_.stop_reason = reason->get_string();
        }
      }
    }
    if (const auto* usage = chunk.if_contains("usage"); usage != nullptr && usage->is_object()) {
      const auto& counts = usage->get_object();
      completion_.usage.input_tokens = json_integer(counts, "prompt_tokens", 0);
      completion_.usage.output_tokens = json_integer(counts, "completion_tokens", 0);
      // OpenAI reports automatically cached prompt tokens as part of prompt_tokens.
      if (const auto* details = counts.if_contains("prompt_tokens_details");
          details != nullptr && details->is_object()) {
        completion_.usage.cache_read_input_tokens = json_integer(details->get_object(), "cached_tokens", 0);
      }
      usage_seen_ = true;
    }
  }

  // The stream is over at [DONE]; a server that omits it is done once a choice has finished.
  bool finished() const noexcept { return done_ || !completion_.stop_reason.empty(); }

  Completion take(std::int64_t prompt_chars) {
    // Some llama.cpp and Ollama versions ignore stream_options.include_usage and send no usage at
    // all: estimate from the text so that progress and cost are not silently zero.
    if (!usage_seen_) {
      completion_.usage.input_tokens = estimate_tokens(static_cast<std::size_t>(prompt_chars));
      completion_.usage.output_tokens = estimate_tokens(completion_.text.size());
    }
    return std::move(completion_);
  }

 private:
  const TextSink& sink_;
  Completion completion_;
  bool usage_seen_ = false;
  bool done_ = false;
};

}  // namespace

OpenAIWriter::OpenAIWriter(const LlmConfig& config, ModelWriterOptions options)
    : info_{.provider = "openai",
            .model = config.openai_model,
            .is_model = true,
            .label = config.openai_model + " (OpenAI-compatible)"},
      api_key_(config.openai_api_key),
      url_(trim_trailing_slash(config.openai_base_url) + "/chat/completions"),
      retry_{.max_retries = std::max(config.max_retries, 0),
             .base_delay = options.retry_base_delay,
             .max_delay = options.retry_max_delay},
      connect_timeout_(options.connect_timeout),
      stall_timeout_(options.stall_timeout.count() > 0
                         ? options.stall_timeout
                         : std::chrono::duration_cast<std::chrono::milliseconds>(config.stall_timeout)) {}

std::string OpenAIWriter::request_body(const Prompt& prompt) const {
  std::string system = prompt.system;
  if (!prompt.cacheable_context.empty()) {
    if (!system.empty()) system += "\n\n";
    system += prompt.cacheable_context;
  }
  json::array messages;
  if (!system.empty()) messages.push_back(json::object{{"role", "system"}, {"content", system}});
  messages.push_back(json::object{{"role", "user"}, {"content", prompt.user}});
  const json::object body{
      {"model", info_.model},
      {"messages", std::move(messages)},
      {"max_tokens", prompt.max_tokens},
      {"temperature", prompt.temperature},
      {"stream", true},
      {"stream_options", json::object{{"include_usage", true}}},
  };
  return json::serialize(body);
}

Completion OpenAIWriter::complete(const WritingTask& /*task*/, const Prompt& prompt, const TextSink& on_text,
                                  std::stop_token stop) {
  const std::string body = request_body(prompt);
  const auto prompt_chars =
      static_cast<std::int64_t>(prompt.system.size() + prompt.cacheable_context.size() + prompt.user.size());
  Completion completion = call_with_retries(
      retry_, kWording, on_text, stop, [&](const TextSink& sink) { return attempt(body, prompt_chars, sink, stop); });
  if (completion.model.empty()) completion.model = info_.model;
  return completion;
}

Completion OpenAIWriter::attempt(const std::string& body, std::int64_t prompt_chars, const TextSink& sink,
                                 std::stop_token stop) const {
  HttpStreamRequest request{
      .url = url_,
      .headers = {"content-type: application/json", "accept: text/event-stream"},
      .body = body,
      .connect_timeout = connect_timeout_,
      .stall_timeout = stall_timeout_,
  };
  if (!api_key_.empty()) request.headers.push_back("authorization: Bearer " + api_key_);
  StreamReader reader(sink);
  stream_api_events(
      request, kWording, stall_timeout_, [&](const SseEvent& event) { reader.on_event(event); }, stop);
  if (!reader.finished()) {
    throw RetryableFailure{WriterFailure::network,
                           std::string(kWording.service) + " ended the stream before it finished", std::nullopt};
  }
  return reader.take(prompt_chars);
}

}  // namespace authorworks::llm
