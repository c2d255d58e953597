#include "storage/s3_request.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <exception>
#include <memory>
#include <mutex>
#include <stdexcept>

#include "core/error.hpp"
#include "core/text.hpp"

namespace authorworks::storage {
namespace {

// Answers kept in memory (XML documents, error bodies) are small; anything past this is cut.
constexpr std::size_t kBodyLimit = 1024 * 1024;

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) throw std::runtime_error("curl_global_init failed");
  });
}

struct Transfer {
  const S3BodySink* sink = nullptr;
  S3Response response;
  std::exception_ptr sink_error;
  std::string_view upload;
};

bool is_success(long status) { return status >= 200 && status < 300; }

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto& t = *static_cast<Transfer*>(user);
  const std::string_view line(data, size * count);
  if (line.starts_with("HTTP/")) {
    // A new status line (after 100 Continue, say): the status must be known before the first body
    // byte decides where the body goes.
    t.response.headers.clear();
    const auto space = line.find(' ');
    t.response.status = 0;
    if (space != std::string_view::npos && line.size() >= space + 4) {
      for (const char c : line.substr(space + 1, 3)) {
        if (c < '0' || c > '9') break;
        t.response.status = t.response.status * 10 + (c - '0');
      }
    }
    return size * count;
  }
  const auto colon = line.find(':');
  if (colon != std::string_view::npos) {
    t.response.headers[to_lower(trim(line.substr(0, colon)))] = std::string(trim(line.substr(colon + 1)));
  }
  return size * count;
}

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto& t = *static_cast<Transfer*>(user);
  const std::size_t n = size * count;
  if (t.sink != nullptr && *t.sink && is_success(t.response.status)) {
    try {
      (*t.sink)(std::string_view(data, n));
    } catch (...) {
      t.sink_error = std::current_exception();
      return 0;  // aborts the transfer
    }
    return n;
  }
  if (t.response.body.size() < kBodyLimit)
    t.response.body.append(data, std::min(n, kBodyLimit - t.response.body.size()));
  return n;
}

std::size_t on_read(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto& t = *static_cast<Transfer*>(user);
  const std::size_t n = std::min(size * count, t.upload.size());
  std::copy_n(t.upload.data(), n, buffer);
  t.upload.remove_prefix(n);
  return n;
}

struct Easy {
  CURL* handle = curl_easy_init();
  curl_slist* headers = nullptr;
  ~Easy() {
    curl_slist_free_all(headers);
    if (handle != nullptr) curl_easy_cleanup(handle);
  }
};

void check(CURLcode code, const char* option) {
  if (code != CURLE_OK)
    throw std::runtime_error(std::string("libcurl refused ") + option + ": " + curl_easy_strerror(code));
}

}  // namespace

S3Response s3_request(const S3Endpoint& endpoint, const S3Request& request, const S3BodySink& sink) {
  global_init();
  Easy easy;
  if (easy.handle == nullptr) throw std::runtime_error("curl_easy_init failed");
  CURL* h = easy.handle;
  Transfer transfer;
  transfer.sink = &sink;
  transfer.upload = request.body;

  const std::string url = endpoint.url + request.path + (request.query.empty() ? "" : "?" + request.query);
  const std::string sigv4 = "aws:amz:" + endpoint.credentials.region + ":" + endpoint.credentials.service;
  // The payload is not hashed: the bytes are streamed once and never held whole (S3 allows this).
  easy.headers = curl_slist_append(easy.headers, "x-amz-content-sha256: UNSIGNED-PAYLOAD");
  easy.headers = curl_slist_append(easy.headers, "Expect:");
  for (const auto& header : request.headers) easy.headers = curl_slist_append(easy.headers, header.c_str());

  check(curl_easy_setopt(h, CURLOPT_URL, url.c_str()), "CURLOPT_URL");
  check(curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L), "CURLOPT_NOSIGNAL");
  check(curl_easy_setopt(h, CURLOPT_AWS_SIGV4, sigv4.c_str()), "CURLOPT_AWS_SIGV4");
  check(curl_easy_setopt(h, CURLOPT_USERNAME, endpoint.credentials.access_key.c_str()), "CURLOPT_USERNAME");
  check(curl_easy_setopt(h, CURLOPT_PASSWORD, endpoint.credentials.secret_key.c_str()), "CURLOPT_PASSWORD");
  check(curl_easy_setopt(h, CURLOPT_HTTPHEADER, easy.headers), "CURLOPT_HTTPHEADER");
  check(curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(request.connect_timeout.count())),
        "CURLOPT_CONNECTTIMEOUT_MS");
  if (request.total_timeout.count() > 0) {
    check(curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(request.total_timeout.count())),
          "CURLOPT_TIMEOUT_MS");
  }
  check(curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1L), "CURLOPT_LOW_SPEED_LIMIT");
  check(curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, static_cast<long>(request.stall_timeout.count())),
        "CURLOPT_LOW_SPEED_TIME");
  check(curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, &on_header), "CURLOPT_HEADERFUNCTION");
  check(curl_easy_setopt(h, CURLOPT_HEADERDATA, &transfer), "CURLOPT_HEADERDATA");
  check(curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &on_body), "CURLOPT_WRITEFUNCTION");
  check(curl_easy_setopt(h, CURLOPT_WRITEDATA, &transfer), "CURLOPT_WRITEDATA");
  if (request.method == "HEAD") {
    check(curl_easy_setopt(h, CURLOPT_NOBODY, 1L), "CURLOPT_NOBODY");
  } else if (request.method == "PUT") {
    check(curl_easy_setopt(h, CURLOPT_UPLOAD, 1L), "CURLOPT_UPLOAD");
    check(curl_easy_setopt(h, CURLOPT_READFUNCTION, &on_read), "CURLOPT_READFUNCTION");
    check(curl_easy_setopt(h, CURLOPT_READDATA, &transfer), "CURLOPT_READDATA");
    check(curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(request.body.size())),
          "CURLOPT_INFILESIZE_LARGE");
  } else if (request.method == "POST") {
    check(curl_easy_setopt(h, CURLOPT_POST, 1L), "CURLOPT_POST");
    check(curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.data()), "CURLOPT_POSTFIELDS");
    check(curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size())),
          "CURLOPT_POSTFIELDSIZE_LARGE");
  } else if (request.method != "GET") {
    check(curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, request.method.c_str()), "CURLOPT_CUSTOMREQUEST");
  }

  char error_text[CURL_ERROR_SIZE] = {};
  check(curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_text), "CURLOPT_ERRORBUFFER");
  const CURLcode result = curl_easy_perform(h);
  if (transfer.sink_error) std::rethrow_exception(transfer.sink_error);
  if (result != CURLE_OK) {
    const std::string reason = error_text[0] != '\0' ? error_text : curl_easy_strerror(result);
    throw Error(ErrorCode::unavailable, "the object store at " + endpoint.url + " is not answering (" + reason + ")")
        .with_retry_after(5);
  }
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &transfer.response.status);
  return std::move(transfer.response);
}

std::string s3_xml_value(std::string_view xml, std::string_view tag) {
  const std::string open = "<" + std::string(tag) + ">";
  const std::string close = "</" + std::string(tag) + ">";
  const auto start = xml.find(open);
  if (start == std::string_view::npos) return {};
  const auto from = start + open.size();
  const auto end = xml.find(close, from);
  if (end == std::string_view::npos) return {};
  std::string value(xml.substr(from, end - from));
  // The few entities S3 uses in values (ETags are quoted).
  for (const auto& [entity, text] : {std::pair{"&quot;", "\""}, std::pair{"&amp;", "&"}, std::pair{"&lt;", "<"},
                                     std::pair{"&gt;", ">"}, std::pair{"&apos;", "'"}}) {
    for (auto at = value.find(entity); at != std::string::npos; at = value.find(entity, at + 1)) {
      value.replace(at, std::string_view(entity).size(), text);
    }
  }
  return value;
}

}  // namespace authorworks::storage
