#include "llm/api_failure.hpp"

#include <boost/json.hpp>

#include <charconv>

namespace authorworks::llm {

namespace {

constexpr std::size_t kMessageLimit = 300;

std::string shorten(std::string_view text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.remove_suffix(1);
  if (text.size() <= kMessageLimit) return std::string(text);
  return std::string(text.substr(0, kMessageLimit)) + "…";
}

std::optional<std::chrono::seconds> retry_after(const HttpStreamResult& result) {
  const auto found = result.headers.find("retry-after");
  if (found == result.headers.end()) return std::nullopt;
  // Seconds only: the APIs we speak to never send an HTTP date here.
  long long seconds = 0;
  const auto& text = found->second;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), seconds);
  if (error != std::errc{} || end != text.data() + text.size() || seconds < 0) return std::nullopt;
  return std::chrono::seconds(seconds);
}

std::string with_status(std::string_view what, long status, std::string_view detail) {
  std::string message(what);
  message += " (HTTP " + std::to_string(status) + ")";
  if (!detail.empty()) {
    message += ": ";
    message += detail;
  }
  return message;
}

}  // namespace

std::string api_error_message(std::string_view body) {
  boost::system::error_code error;
  const auto parsed = boost::json::parse(body, error);
  if (!error && parsed.is_object()) {
    const auto& object = parsed.get_object();
    if (const auto* inner = object.if_contains("error")) {
      if (inner->is_string()) return shorten(inner->get_string());
      if (inner->is_object()) {
        if (const auto* message = inner->get_object().if_contains("message"); message && message->is_string()) {
          return shorten(message->get_string());
        }
      }
    }
    if (const auto* message = object.if_contains("message"); message && message->is_string()) {
      return shorten(message->get_string());
    }
  }
  return shorten(body);
}

void throw_unless_success(const HttpStreamResult& result, const ProviderWording& wording,
                          std::chrono::milliseconds stall_timeout) {
  const std::string service(wording.service);
  switch (result.outcome) {
    case HttpStreamOutcome::cancelled:
      throw WriterError(WriterFailure::cancelled, "the request to " + service + " was cancelled");
    case HttpStreamOutcome::stalled:
      throw RetryableFailure{WriterFailure::timeout,
                             service + " sent nothing for " + std::to_string(stall_timeout.count()) + " ms",
                             std::nullopt};
    case HttpStreamOutcome::failed:
      if (result.status == 0 || (result.status >= 200 && result.status < 300)) {
        throw RetryableFailure{WriterFailure::network,
                               result.received_body ? service + " cut the stream mid-way: " + result.failure
                                                    : "could not reach " + service + ": " + result.failure,
                               std::nullopt};
      }
      break;
    case HttpStreamOutcome::completed: break;
  }
  const long status = result.status;
  if (status >= 200 && status < 300) return;
  const std::string detail = api_error_message(result.error_body);
  if (status == 401 || status == 403) {
    throw WriterError(WriterFailure::rejected_key, with_status(wording.rejected_key, status, detail));
  }
  if (status == 429) {
    throw RetryableFailure{WriterFailure::rate_limited,
                           with_status(service + " is rate-limiting requests", status, detail), retry_after(result)};
  }
  if (status == 529) {
    throw RetryableFailure{WriterFailure::overloaded, with_status(service + " is overloaded", status, detail),
                           retry_after(result)};
  }
  if (status >= 500 || status == 408) {
    throw RetryableFailure{WriterFailure::server, with_status(service + " failed", status, detail),
                           retry_after(result)};
  }
  throw WriterError(WriterFailure::bad_request, with_status(service + " refused the request", status, detail));
}

}  // namespace authorworks::llm
