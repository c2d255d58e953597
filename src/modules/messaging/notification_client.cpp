#include "modules/messaging/notification_client.hpp"

#include <curl/curl.h>

#include <boost/json.hpp>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "auth/service_token.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "db/ids.hpp"
#include "modules/messaging/notification_json.hpp"

namespace authorworks::messaging {
namespace {

namespace json = boost::json;

constexpr std::size_t kAnswerLimit = 256 * 1024;

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) throw std::runtime_error("curl_global_init failed");
  });
}

struct EasyDeleter {
  void operator()(CURL* easy) const noexcept { curl_easy_cleanup(easy); }
};
struct ListDeleter {
  void operator()(curl_slist* list) const noexcept { curl_slist_free_all(list); }
};

size_t collect(char* data, size_t size, size_t count, void* user) {
  auto* answer = static_cast<std::string*>(user);
  const auto bytes = size * count;
  if (answer->size() + bytes > kAnswerLimit) return 0;  // ends the transfer with a write error
  answer->append(data, bytes);
  return bytes;
}

struct Attempt {
  CURLcode result = CURLE_OK;
  long status = 0;
  std::string answer;
};

Attempt post(const std::string& url, const std::string& token, const std::string& body,
             const NotificationClientOptions& options) {
  global_init();
  std::unique_ptr<CURL, EasyDeleter> easy(curl_easy_init());
  if (!easy) throw std::runtime_error("curl_easy_init failed");
  std::unique_ptr<curl_slist, ListDeleter> headers;
  for (const auto& h : {std::string("Content-Type: application/json"), std::string("Accept: application/json"),
                        "Authorization: Bearer " + token}) {
    headers.reset(curl_slist_append(headers.release(), h.c_str()));
  }
  Attempt attempt;
  curl_easy_setopt(easy.get(), CURLOPT_URL, url.c_str());
  curl_easy_setopt(easy.get(), CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(easy.get(), CURLOPT_POSTFIELDS, body.c_str());
  curl_easy_setopt(easy.get(), CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  curl_easy_setopt(easy.get(), CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options.connect_timeout.count()));
  curl_easy_setopt(easy.get(), CURLOPT_TIMEOUT_MS, static_cast<long>(options.request_timeout.count()));
  curl_easy_setopt(easy.get(), CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy.get(), CURLOPT_WRITEFUNCTION, &collect);
  curl_easy_setopt(easy.get(), CURLOPT_WRITEDATA, &attempt.answer);
  attempt.result = curl_easy_perform(easy.get());
  if (attempt.result == CURLE_OK) curl_easy_getinfo(easy.get(), CURLINFO_RESPONSE_CODE, &attempt.status);
  return attempt;
}

std::string problem_detail(const std::string& answer) {
  boost::system::error_code ec;
  const auto value = json::parse(answer, ec);
  if (!ec && value.is_object()) {
    if (const auto* detail = value.as_object().if_contains("detail"); detail != nullptr && detail->is_string()) {
      return std::string(detail->as_string());
    }
  }
  return answer.substr(0, 200);
}

}  // namespace

NotificationClient::NotificationClient(std::string base_url, std::string token_key, NotificationClientOptions options)
    : base_url_(std::move(base_url)), token_key_(std::move(token_key)), options_(options) {}

Notified NotificationClient::notify(const NewNotification& notification) {
  boost::system::error_code ec;
  auto data = json::parse(notification.data, ec);
  if (ec || !data.is_object()) throw validation_error("data", "must be a JSON object");
  const auto body = json::serialize(json::object{{"id", notification.id.empty() ? db::new_id() : notification.id},
                                                 {"user_id", notification.user_id},
                                                 {"kind", notification.kind},
                                                 {"title", notification.title},
                                                 {"body", notification.body},
                                                 {"data", std::move(data)}});
  const auto url = base_url_ + "/api/v1/notifications";
  auto backoff = options_.first_backoff;
  std::string last_problem;
  for (int attempt = 1; attempt <= options_.attempts; ++attempt) {
    if (attempt > 1) {
      std::this_thread::sleep_for(backoff);
      backoff *= 2;
    }
    // A fresh token per attempt: a long back-off never sends an expired one.
    const auto answer = post(url, auth::issue_service_token(token_key_, "content"), body, options_);
    if (answer.result != CURLE_OK) {
      last_problem = curl_easy_strerror(answer.result);
      continue;
    }
    if (answer.status == 200 || answer.status == 201) {
      const auto value = json::parse(answer.answer, ec);
      if (ec) throw Error(ErrorCode::upstream_failed, "the messaging service at " + base_url_ + " answered no JSON");
      return {notification_from_json(value), answer.status == 201};
    }
    if (answer.status == 429 || answer.status >= 500) {
      last_problem = "HTTP " + std::to_string(answer.status) + ": " + problem_detail(answer.answer);
      continue;
    }
    throw Error(ErrorCode::upstream_failed, "the messaging service at " + base_url_ + " refused a notification (HTTP " +
                                                std::to_string(answer.status) + "): " + problem_detail(answer.answer));
  }
  throw Error(ErrorCode::unavailable, "the messaging service at " + base_url_ + " is unreachable: " + last_problem);
}

}  // namespace authorworks::messaging
