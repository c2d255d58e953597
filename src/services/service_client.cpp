#include "services/service_client.hpp"

#include <curl/curl.h>

#include <memory>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "core/config.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "core/text.hpp"

namespace authorworks::services {
namespace {

constexpr std::size_t kMaxAnswerBytes = 64 * 1024 * 1024;

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) throw std::runtime_error("curl_global_init failed");
  });
}

struct EasyDeleter {
  void operator()(CURL* c) const noexcept { curl_easy_cleanup(c); }
};
struct ListDeleter {
  void operator()(curl_slist* l) const noexcept { curl_slist_free_all(l); }
};

struct Answer {
  std::string body;
  std::string content_type;
  bool too_large = false;
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* answer = static_cast<Answer*>(user);
  const auto n = size * count;
  if (answer->body.size() + n > kMaxAnswerBytes) {
    answer->too_large = true;
    return 0;  // ends the transfer with CURLE_WRITE_ERROR
  }
  answer->body.append(data, n);
  return n;
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto* answer = static_cast<Answer*>(user);
  const std::string_view line(data, size * count);
  const auto colon = line.find(':');
  if (colon != std::string_view::npos && to_lower(trim(line.substr(0, colon))) == "content-type") {
    answer->content_type = std::string(trim(line.substr(colon + 1)));
  }
  return size * count;
}

enum class Outcome { answered, unreachable, timed_out, broken };

struct Attempt {
  Outcome outcome = Outcome::broken;
  ServiceResponse response;
  std::string failure;
};

Attempt attempt(const std::string& url, std::string_view method, const http::Headers& headers, std::string_view body,
                const ServiceCallOptions& options) {
  std::unique_ptr<CURL, EasyDeleter> easy(curl_easy_init());
  if (!easy) throw Error(ErrorCode::internal, "cannot create an HTTP client");
  CURL* c = easy.get();
  Answer answer;
  std::unique_ptr<curl_slist, ListDeleter> list;
  auto add_header = [&list](const std::string& line) {
    auto* grown = curl_slist_append(list.get(), line.c_str());
    if (grown == nullptr) throw std::bad_alloc();
    (void)list.release();
    list.reset(grown);
  };
  for (const auto& [name, value] : headers.entries()) add_header(name + ": " + value);
  // libcurl would otherwise wait for 100-continue before sending a body.
  add_header("Expect:");
  char error_buffer[CURL_ERROR_SIZE] = {};
  const std::string method_text(method);

  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method_text.c_str());
  if (method == "HEAD") curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
  if (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH") {
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  }
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, list.get());
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options.connect_timeout.count()));
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(options.request_timeout.count()));
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, &on_body);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &answer);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, &on_header);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &answer);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error_buffer);

  const auto code = curl_easy_perform(c);
  Attempt result;
  result.failure = error_buffer[0] != '\0' ? std::string(error_buffer) : std::string(curl_easy_strerror(code));
  if (code == CURLE_OK) {
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    result.outcome = Outcome::answered;
    result.response.status = static_cast<unsigned>(status);
    result.response.body = std::move(answer.body);
    result.response.content_type = std::move(answer.content_type);
    return result;
  }
  curl_off_t connected_after = 0;
  curl_easy_getinfo(c, CURLINFO_CONNECT_TIME_T, &connected_after);
  switch (code) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY: result.outcome = Outcome::unreachable; break;
    case CURLE_OPERATION_TIMEDOUT:
      // A timeout before the connection was made is a service that is not there.
      result.outcome = connected_after == 0 ? Outcome::unreachable : Outcome::timed_out;
      break;
    default: result.outcome = Outcome::broken; break;
  }
  if (answer.too_large) result.failure = "the answer exceeded 64 MiB";
  return result;
}

bool overloaded(unsigned status) noexcept { return status == 502 || status == 503 || status == 504; }

}  // namespace

bool is_idempotent(std::string_view method) noexcept {
  return method == "GET" || method == "HEAD" || method == "PUT" || method == "DELETE" || method == "OPTIONS";
}

ServiceClient::ServiceClient(std::string service, std::string base_url, ServiceCallOptions options)
    : service_(std::move(service)), base_url_(std::move(base_url)), options_(options) {
  while (base_url_.ends_with('/')) base_url_.pop_back();
  global_init();
}

ServiceResponse ServiceClient::call(std::string_view method, std::string_view target, const http::Headers& headers,
                                    std::string_view body, Retry retry) const {
  const auto url = base_url_ + std::string(target);
  const int attempts = 1 + (retry == Retry::when_idempotent && is_idempotent(method) ? options_.retries : 0);
  auto backoff = options_.retry_backoff;
  Attempt last;
  for (int i = 0; i < attempts; ++i) {
    if (i > 0) {
      log::warn("retrying a call to another service",
                {{"service", service_}, {"url", url}, {"attempt", i + 1}, {"failure", last.failure}});
      std::this_thread::sleep_for(backoff);
      backoff *= 2;
    }
    last = attempt(url, method, headers, body, options_);
    const bool again = last.outcome == Outcome::unreachable || last.outcome == Outcome::broken ||
                       (last.outcome == Outcome::answered && overloaded(last.response.status));
    if (!again) break;
  }
  switch (last.outcome) {
    case Outcome::answered:
      if (last.response.status == 502 || last.response.status == 503) {
        throw Error(ErrorCode::unavailable, "the " + service_ + " service is unavailable (it answered " +
                                                std::to_string(last.response.status) + ")")
            .with_retry_after(5)
            .with_extension("service", service_);
      }
      if (last.response.status == 504) {
        throw Error(ErrorCode::upstream_timeout, "the " + service_ + " service timed out (it answered 504)")
            .with_extension("service", service_);
      }
      return std::move(last.response);
    case Outcome::unreachable:
      throw Error(ErrorCode::unavailable, "the " + service_ + " service is unavailable: " + last.failure)
          .with_retry_after(5)
          .with_extension("service", service_);
    case Outcome::timed_out:
      throw Error(ErrorCode::upstream_timeout, "the " + service_ + " service did not answer within " +
                                                   std::to_string(options_.request_timeout.count()) + " ms")
          .with_extension("service", service_);
    case Outcome::broken: break;
  }
  throw Error(ErrorCode::upstream_failed, "the call to the " + service_ + " service failed: " + last.failure)
      .with_extension("service", service_);
}

std::shared_ptr<ServiceClient> make_service_client(const ServicesConfig& config, const std::string& service) {
  const auto it = config.urls.find(service);
  if (it == config.urls.end()) throw std::logic_error("no URL is configured for the " + service + " service");
  ServiceCallOptions options;
  options.connect_timeout = config.connect_timeout;
  options.request_timeout = config.request_timeout;
  options.retries = config.retries;
  return std::make_shared<ServiceClient>(service, it->second, options);
}

}  // namespace authorworks::services
