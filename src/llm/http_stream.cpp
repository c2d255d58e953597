#include "llm/http_stream.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <exception>
#include <memory>
#include <mutex>
#include <stdexcept>

namespace authorworks::llm {

namespace {

using Clock = std::chrono::steady_clock;

constexpr std::size_t kErrorBodyLimit = 64 * 1024;
// How often the transfer loop wakes up to check the stall deadline when nothing happens.
constexpr int kPollMilliseconds = 50;

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) throw std::runtime_error("curl_global_init failed");
  });
}

struct EasyDeleter {
  void operator()(CURL* easy) const { curl_easy_cleanup(easy); }
};
struct MultiDeleter {
  void operator()(CURLM* multi) const { curl_multi_cleanup(multi); }
};
struct ListDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

struct Transfer {
  CURL* easy = nullptr;
  const BodyHandler* on_body = nullptr;
  HttpStreamResult* result = nullptr;
  Clock::time_point last_byte = Clock::now();
  std::exception_ptr handler_error{};
  bool status_known = false;
  bool success_status = false;
};

std::string lower(std::string_view text) {
  std::string out(text);
  std::ranges::transform(out, out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r' || text.back() == '\n')) {
    text.remove_suffix(1);
  }
  return text;
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto& transfer = *static_cast<Transfer*>(user);
  const std::string_view line(data, size * count);
  transfer.last_byte = Clock::now();
  // A new status line (after a 100 Continue or a redirect) starts a new set of headers.
  if (line.starts_with("HTTP/")) {
    transfer.result->headers.clear();
    return line.size();
  }
  if (const auto colon = line.find(':'); colon != std::string_view::npos) {
    transfer.result->headers[lower(trim(line.substr(0, colon)))] = std::string(trim(line.substr(colon + 1)));
  }
  return line.size();
}

std::size_t on_data(char* data, std::size_t size, std::size_t count, void* user) {
  auto& transfer = *static_cast<Transfer*>(user);
  const std::string_view chunk(data, size * count);
  transfer.last_byte = Clock::now();
  if (!transfer.status_known) {
    long status = 0;
    curl_easy_getinfo(transfer.easy, CURLINFO_RESPONSE_CODE, &status);
    transfer.result->status = status;
    transfer.success_status = status >= 200 && status < 300;
    transfer.status_known = true;
  }
  if (!transfer.success_status) {
    auto& body = transfer.result->error_body;
    body.append(chunk.substr(0, std::min(chunk.size(), kErrorBodyLimit - std::min(kErrorBodyLimit, body.size()))));
    return chunk.size();
  }
  transfer.result->received_body = true;
  // An exception must not unwind through libcurl's C frames: keep it, stop the transfer, rethrow.
  try {
    (*transfer.on_body)(chunk);
  } catch (...) {
    transfer.handler_error = std::current_exception();
    return 0;
  }
  return chunk.size();
}

void check(CURLcode code, const char* what) {
  if (code != CURLE_OK) throw std::runtime_error(std::string(what) + ": " + curl_easy_strerror(code));
}

}  // namespace

HttpStreamResult http_stream(const HttpStreamRequest& request, const BodyHandler& on_body, std::stop_token stop) {
  global_init();
  HttpStreamResult result;
  // Declared before the handles that point at them, so that they outlive the handles.
  char error_text[CURL_ERROR_SIZE] = {};
  std::unique_ptr<curl_slist, ListDeleter> headers;
  std::unique_ptr<CURL, EasyDeleter> easy(curl_easy_init());
  std::unique_ptr<CURLM, MultiDeleter> multi(curl_multi_init());
  if (!easy || !multi) throw std::runtime_error("libcurl could not create a transfer");

  for (const auto& header : request.headers) {
    curl_slist* appended = curl_slist_append(headers.get(), header.c_str());
    if (appended == nullptr) throw std::runtime_error("libcurl could not add a header");
    (void)headers.release();
    headers.reset(appended);
  }
  // libcurl would otherwise send "Expect: 100-continue" for large bodies and wait for an answer.
  if (curl_slist* appended = curl_slist_append(headers.get(), "Expect:")) {
    (void)headers.release();
    headers.reset(appended);
  }

  Transfer transfer{.easy = easy.get(), .on_body = &on_body, .result = &result};
  CURL* handle = easy.get();
  check(curl_easy_setopt(handle, CURLOPT_URL, request.url.c_str()), "CURLOPT_URL");
  check(curl_easy_setopt(handle, CURLOPT_CUSTOMREQUEST, request.method.c_str()), "CURLOPT_CUSTOMREQUEST");
  if (request.method != "GET") {
    check(curl_easy_setopt(handle, CURLOPT_POSTFIELDS, request.body.data()), "CURLOPT_POSTFIELDS");
    check(curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size())),
          "CURLOPT_POSTFIELDSIZE_LARGE");
  }
  check(curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headers.get()), "CURLOPT_HTTPHEADER");
  check(curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L), "CURLOPT_NOSIGNAL");
  check(curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(request.connect_timeout.count())),
        "CURLOPT_CONNECTTIMEOUT_MS");
  check(curl_easy_setopt(handle, CURLOPT_TCP_KEEPALIVE, 1L), "CURLOPT_TCP_KEEPALIVE");
  check(curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, &on_header), "CURLOPT_HEADERFUNCTION");
  check(curl_easy_setopt(handle, CURLOPT_HEADERDATA, &transfer), "CURLOPT_HEADERDATA");
  check(curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, &on_data), "CURLOPT_WRITEFUNCTION");
  check(curl_easy_setopt(handle, CURLOPT_WRITEDATA, &transfer), "CURLOPT_WRITEDATA");
  check(curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, error_text), "CURLOPT_ERRORBUFFER");
  // Streams arrive as server-sent events; a compressed stream would be held back by the decoder.
  check(curl_easy_setopt(handle, CURLOPT_ACCEPT_ENCODING, nullptr), "CURLOPT_ACCEPT_ENCODING");

  if (curl_multi_add_handle(multi.get(), handle) != CURLM_OK) throw std::runtime_error("curl_multi_add_handle failed");
  // The multi interface lets a stop request wake the transfer loop at once instead of waiting for
  // the next poll timeout or progress callback.
  CURLM* multi_handle = multi.get();
  std::stop_callback wake(stop, [multi_handle] { curl_multi_wakeup(multi_handle); });

  transfer.last_byte = Clock::now();
  CURLcode transfer_code = CURLE_OK;
  bool done = false;
  while (!done) {
    int running = 0;
    if (const auto code = curl_multi_perform(multi_handle, &running); code != CURLM_OK) {
      curl_multi_remove_handle(multi_handle, handle);
      result.outcome = HttpStreamOutcome::failed;
      result.failure = curl_multi_strerror(code);
      return result;
    }
    int queued = 0;
    while (CURLMsg* message = curl_multi_info_read(multi_handle, &queued)) {
      if (message->msg == CURLMSG_DONE && message->easy_handle == handle) {
        transfer_code = message->data.result;
        done = true;
      }
    }
    if (done) break;
    if (stop.stop_requested()) {
      result.outcome = HttpStreamOutcome::cancelled;
      break;
    }
    if (Clock::now() - transfer.last_byte >= request.stall_timeout) {
      result.outcome = HttpStreamOutcome::stalled;
      break;
    }
    if (curl_multi_poll(multi_handle, nullptr, 0, kPollMilliseconds, nullptr) != CURLM_OK) {
      result.outcome = HttpStreamOutcome::failed;
      result.failure = "curl_multi_poll failed";
      break;
    }
  }
  curl_multi_remove_handle(multi_handle, handle);
  if (transfer.handler_error) std::rethrow_exception(transfer.handler_error);
  if (!done) return result;

  if (result.status == 0) curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &result.status);
  if (transfer_code == CURLE_OK) {
    result.outcome = HttpStreamOutcome::completed;
  } else {
    result.outcome = HttpStreamOutcome::failed;
    result.failure = error_text[0] != '\0' ? std::string(error_text) : curl_easy_strerror(transfer_code);
  }
  return result;
}

}  // namespace authorworks::llm
