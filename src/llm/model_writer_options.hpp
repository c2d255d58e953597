#pragma once
// Settings of the model writers that do not come from configuration: the timing knobs tests turn
// down so that a retry or a stall takes milliseconds instead of seconds.
#include <chrono>

namespace authorworks::llm {

struct ModelWriterOptions {
  std::chrono::milliseconds retry_base_delay{1000};
  std::chrono::milliseconds retry_max_delay{60'000};
  std::chrono::milliseconds connect_timeout{10'000};
  // Zero: LlmConfig::stall_timeout (LLM_TIMEOUT_SECONDS).
  std::chrono::milliseconds stall_timeout{0};
};

}  // namespace authorworks::llm
