#pragma once
#include <boost/json/fwd.hpp>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "http/headers.hpp"

namespace authorworks::http {

class EventStream;
class BodyStream;

class Response {
 public:
  unsigned status = 200;
  Headers headers;
  std::string body;
  // When set, the body is this file, streamed from disk (downloads, static assets).
  std::optional<std::filesystem::path> file;
  std::uint64_t file_offset = 0;             // for Range responses: where the body starts
  std::optional<std::uint64_t> file_length;  // and how long it is; unset means to the end
  // When set, the response is an open stream (Server-Sent Events) fed by the handler's producer.
  std::shared_ptr<EventStream> stream;
  // When set, the body is produced while it is sent (see BodyStream), with `status` and `headers`.
  std::shared_ptr<BodyStream> body_stream;

  static Response json(const boost::json::value& value, unsigned status = 200);
  static Response text(std::string body, std::string_view content_type = "text/plain; charset=utf-8",
                       unsigned status = 200);
  static Response no_content();
  // A problem document (RFC 9457) for `error`; `instance` is the request path, `trace_id` links logs.
  static Response problem(const Error& error, std::string_view instance, std::string_view trace_id);
};

}  // namespace authorworks::http
