#include "core/config.hpp"
#include "llm/anthropic_writer.hpp"
#include "llm/offline_writer.hpp"
#include "llm/openai_writer.hpp"
#include "llm/writer.hpp"

namespace authorworks::llm {

std::unique_ptr<Writer> make_writer(const LlmConfig& config) {
  switch (config.provider) {
    case LlmProvider::anthropic: return std::make_unique<AnthropicWriter>(config);
    case LlmProvider::openai: return std::make_unique<OpenAIWriter>(config);
    case LlmProvider::offline: return make_offline_writer();
  }
  return make_offline_writer();
}

}  // namespace authorworks::llm
