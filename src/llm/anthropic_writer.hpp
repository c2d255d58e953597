#pragma once
// Claude through the Anthropic Messages API (POST {ANTHROPIC_BASE_URL}/v1/messages, streamed as
// server-sent events). The system prompt is sent as text blocks, the story bible last with
// cache_control "ephemeral", so that every step of one book after the first reads it from the
// prompt cache. Text deltas go to the sink as they arrive; a stream that breaks, stalls or reports
// an overloaded_error is asked again from scratch after sink.restart() (see TextSink).
#include <string>

#include "core/config.hpp"
#include "llm/model_writer_options.hpp"
#include "llm/retry_policy.hpp"
#include "llm/writer.hpp"

namespace authorworks::llm {

class AnthropicWriter final : public Writer {
 public:
  explicit AnthropicWriter(const LlmConfig& config, ModelWriterOptions options = {});

  const WriterInfo& info() const noexcept override { return info_; }
  Completion complete(const WritingTask& task, const Prompt& prompt, const TextSink& on_text,
                      std::stop_token stop) override;

  // The request body for `prompt` (JSON), as sent.
  std::string request_body(const Prompt& prompt) const;

 private:
  Completion attempt(const std::string& body, const TextSink& sink, std::stop_token stop) const;

  WriterInfo info_;
  std::string api_key_;
  std::string url_;
  RetryPolicy retry_;
  std::chrono::milliseconds connect_timeout_;
  std::chrono::milliseconds stall_timeout_;
};

}  // namespace authorworks::llm
