#pragma once
// A blocking HTTP client for streamed answers (libcurl): sends one request and hands the response
// body to a callback as it arrives. It stops on its own when the peer stays silent too long (the
// stall timeout) and promptly when the caller's stop token is triggered. Runs on the caller's
// thread; one call, one connection.
#include <chrono>
#include <functional>
#include <map>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

namespace authorworks::llm {

struct HttpStreamRequest {
  std::string method = "POST";
  std::string url;
  std::vector<std::string> headers;  // "name: value"
  std::string body;
  std::chrono::milliseconds connect_timeout{10'000};
  // No byte (header or body) for this long ends the call with outcome `stalled`.
  std::chrono::milliseconds stall_timeout{120'000};
};

enum class HttpStreamOutcome {
  completed,  // the whole response arrived (any status)
  stalled,    // the peer stayed silent past the stall timeout
  cancelled,  // the stop token was triggered
  failed,     // could not connect, or the connection broke before the response was complete
};

struct HttpStreamResult {
  HttpStreamOutcome outcome = HttpStreamOutcome::failed;
  long status = 0;                             // 0 when no status line arrived
  std::map<std::string, std::string> headers;  // names in lower case; the last response's only
  std::string error_body;                      // the body of a non-2xx answer (first 64 KiB)
  std::string failure;                         // what went wrong, for `failed`
  bool received_body = false;                  // whether a 2xx body byte reached the callback
};

// Called with each piece of a 2xx response's body, in order.
using BodyHandler = std::function<void(std::string_view chunk)>;

HttpStreamResult http_stream(const HttpStreamRequest& request, const BodyHandler& on_body, std::stop_token stop);

}  // namespace authorworks::llm
