#pragma once
// The retry loop both model writers share: run an attempt, and when it fails in a way another
// attempt may cure, wait (backoff with jitter, or the server's retry-after) and run it again from
// scratch.
#include <functional>
#include <stop_token>

#include "llm/api_failure.hpp"
#include "llm/retry_policy.hpp"
#include "llm/writer.hpp"

namespace authorworks::llm {

// Runs `attempt` until it returns, throws WriterError, or has thrown RetryableFailure more than
// policy.max_retries times (then WriterError of that failure's kind). Each attempt gets a sink that
// forwards to `sink`; before retrying an attempt that had delivered text, sink.restart() is called.
// Throws WriterError(cancelled) when `stop` is requested before or between attempts.
Completion call_with_retries(const RetryPolicy& policy, const ProviderWording& wording, const TextSink& sink,
                             std::stop_token stop, const std::function<Completion(const TextSink& sink)>& attempt);

}  // namespace authorworks::llm
