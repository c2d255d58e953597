#include "llm/anthropic_writer.hpp"

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

constexpr ProviderWording kWording{"the Anthropic API", "the Anthropic API key was rejected"};

// The API reports the uncached prompt tokens as input_tokens and the cached parts beside them;
// message_start carries all of them and message_delta may repeat any with a final count.
struct ApiUsage {
  std::int64_t input = 0;
  std::int64_t output = 0;
  std::int64_t cache_creation = 0;
  std::int64_t cache_read = 0;

  void merge(const json::object& usage) {
    input = json_integer(usage, "input_tokens", input);
    output = json_integer(usage, "output_tokens", output);
    cache_creation = json_integer(usage, "cache_creation_input_tokens", cache_creation);
    cache_read = json_integer(usage, "cache_read_input_tokens", cache_read);
  }
  Usage total() const {
    return Usage{.input_tokens = input + cache_creation + cache_read,
                 .output_tokens = output,
                 .cache_creation_input_tokens = cache_creation,
                 .cache_read_input_tokens = cache_read};
  }
};

// An error event inside a 200 stream: the same error types as an HTTP error body.
[[noreturn]] void throw_stream_error(const json::object& event) {
  std::string type;
  std::string message;
  if (const auto* error = event.if_contains("error"); error != nullptr && error->is_object()) {
    type = json_string(error->get_object(), "type");
    message = json_string(error->get_object(), "message");
  }
  const std::string service(kWording.service);
  const std::string detail = message.empty() ? type : type + ": " + message;
  if (type == "overloaded_error") {
    throw RetryableFailure{WriterFailure::overloaded, service + " is overloaded (" + detail + ")", std::nullopt};
  }
  if (type == "rate_limit_error") {
    throw RetryableFailure{WriterFailure::rate_limited, service + " is rate-limiting requests (" + detail + ")",
                           std::nullopt};
  }
  if (type == "authentication_error" || type == "permission_error") {
    throw WriterError(WriterFailure::rejected_key, std::string(kWording.rejected_key) + ": " + message);
  }
  if (type == "invalid_request_error" || type == "not_found_error" || type == "request_too_large") {
    throw WriterError(WriterFailure::bad_request, service + " refused the request (" + detail + ")");
  }
  // api_error, and error types added after this was written: the server's side, worth another try.
  throw RetryableFailure{WriterFailure::server, service + " failed mid-stream (" + detail + ")", std::nullopt};
}

class StreamReader {
 public:
  explicit StreamReader(const TextSink& sink) : sink_(sink) {}

  void on_event(const SseEvent& event) {
    boost::system::error_code error;
    const auto parsed = json::parse(event.data, error);
    if (error || !parsed.is_object()) {
      throw RetryableFailure{WriterFailure::server,
                             std::string(kWording.service) + " sent an unreadable " + event.type + " event",
                             std::nullopt};
    }
    const auto& object = parsed.get_object();
    // The JSON's own type is authoritative; the SSE event name repeats it.
    std::string type = json_string(object, "type");
    if (type.empty()) type = event.type;

    if (type == "message_start") {
      if (const auto* message = object.if_contains("message"); message != nullptr && message->is_object()) {
        const auto& body = message->get_object();
        completion_.model = json_string(body, "model");
        if (const auto* usage = body.if_contains("usage"); usage != nullptr && usage->is_object()) {
          usage_.merge(usage->get_object());
        }
      }
    } else if (type == "content_block_delta") {
      const auto* delta = object.if_contains("delta");
      if (delta != nullptr && delta->is_object() && json_string(delta->get_object(), "type") == "text_delta") {
        const auto* text = delta->get_object().if_contains("text");
        if (text != nullptr && text->is_string() && !text->get_string().empty()) {
          const std::string_view piece = text->get_string();
          completion_.text.append(piece);
          sink_(piece);
        }
      }
    } else if (type == "message_delta") {
      if (const auto* delta = object.if_contains("delta"); delta != nullptr && delta->is_object()) {
        if (auto reason = json_string(delta->get_object(), "stop_reason"); !reason.empty()) {
          completion_.stop_reason = std::move(reason);
        }
      }
      if (const auto* usage = object.if_contains("usage"); usage != nullptr && usage->is_object()) {
        usage_.merge(usage->get_object());
      }
    } else if (type == "message_stop") {
      finished_ = true;
    } else if (type == "error") {
      throw_stream_error(object);
    }
    // ping, content_block_start and content_block_stop carry nothing the writer keeps; thinking
    // and tool blocks are never asked for.
  }

  bool finished() const noexcept { return finished_; }
  Completion take() {
    completion_.usage = usage_.total();
    return std::move(completion_);
  }

 private:
  const TextSink& sink_;
  Completion completion_;
  ApiUsage usage_;
  bool finished_ = false;
};

}  // namespace

AnthropicWriter::AnthropicWriter(const LlmConfig& config, ModelWriterOptions options)
    : info_{.provider = "anthropic",
            .model = config.anthropic_model,
            .is_model = true,
            .label = "Claude (" + config.anthropic_model + ")"},
      api_key_(config.anthropic_api_key),
      url_(trim_trailing_slash(config.anthropic_base_url) + "/v1/messages"),
      retry_{.max_retries = std::max(config.max_retries, 0),
             .base_delay = options.retry_base_delay,
             .max_delay = options.retry_max_delay},
      connect_timeout_(options.connect_timeout),
      stall_timeout_(options.stall_timeout.count() > 0
                         ? options.stall_timeout
                         : std::chrono::duration_cast<std::chrono::milliseconds>(config.stall_timeout)) {}

std::string AnthropicWriter::request_body(const Prompt& prompt) const {
  json::array system;
  if (!prompt.system.empty()) system.push_back(json::object{{"type", "text"}, {"text", prompt.system}});
  // The bible comes last so that the cached prefix (everything up to the marked block) is the
  // same for every step of the book.
  if (!prompt.cacheable_context.empty()) {
    system.push_back(json::object{
        {"type", "text"}, {"text", prompt.cacheable_context}, {"cache_control", json::object{{"type", "ephemeral"}}}});
  }
  json::object body{
      {"model", info_.model},
      {"max_tokens", prompt.max_tokens},
      {"temperature", prompt.temperature},
      {"stream", true},
      {"messages", json::array{json::object{{"role", "user"}, {"content", prompt.user}}}},
  };
  if (!system.empty()) body["system"] = std::move(system);
  return json::serialize(body);
}

Completion AnthropicWriter::complete(const WritingTask& /*task*/, const Prompt& prompt, const TextSink& on_text,
                                     std::stop_token stop) {
  const std::string body = request_body(prompt);
  Completion completion = call_with_retries(retry_, kWording, on_text, stop,
                                            [&](const TextSink& sink) { return attempt(body, sink, stop); });
  if (completion.model.empty()) completion.model = info_.model;
  return completion;
}

Completion AnthropicWriter::attempt(const std::string& body, const TextSink& sink, std::stop_token stop) const {
  HttpStreamRequest request{
      .url = url_,
      .headers = {"x-api-key: " + api_key_, "anthropic-version: 2023-06-01", "content-type: application/json",
                  "accept: text/event-stream"},
      .body = body,
      .connect_timeout = connect_timeout_,
      .stall_timeout = stall_timeout_,
  };
  StreamReader reader(sink);
  stream_api_events(
      request, kWording, stall_timeout_, [&](const SseEvent& event) { reader.on_event(event); }, stop);
  if (!reader.finished()) {
    throw RetryableFailure{WriterFailure::network,
                           std::string(kWording.service) + " ended the stream before message_stop", std::nullopt};
  }
  return reader.take();
}

}  // namespace authorworks::llm
