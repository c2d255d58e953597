#pragma once
// Any OpenAI-compatible chat completions server (OpenAI, OpenRouter, Ollama, llama.cpp, vLLM):
// POST {OPENAI_BASE_URL}/chat/completions with "stream": true, read as server-sent events of
// chat.completion.chunk objects ending with "data: [DONE]". The system prompt and the story bible
// travel together as the system message (such servers cache a repeated prefix on their own, if at
// all). Retries, restarts and cancellation behave as in AnthropicWriter.
#include <string>

#include "core/config.hpp"
#include "llm/model_writer_options.hpp"
#include "llm/retry_policy.hpp"
#include "llm/writer.hpp"

namespace authorworks::llm {

class OpenAIWriter final : public Writer {
 public:
  explicit OpenAIWriter(const LlmConfig& config, ModelWriterOptions options = {});

  const WriterInfo& info() const noexcept override { return info_; }
  Completion complete(const WritingTask& task, const Prompt& prompt, const TextSink& on_text,
                      std::stop_token stop) override;

  // The request body for `prompt` (JSON), as sent.
  std::string request_body(const Prompt& prompt) const;

 private:
  Completion attempt(const std::string& body, std::int64_t prompt_chars, const TextSink& sink,
                     std::stop_token stop) const;

  WriterInfo info_;
  std::string api_key_;
  std::string url_;
  RetryPolicy retry_;
  std::chrono::milliseconds connect_timeout_;
  std::chrono::milliseconds stall_timeout_;
};

}  // namespace authorworks::llm
