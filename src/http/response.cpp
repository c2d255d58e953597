#include "http/response.hpp"

#include <boost/json.hpp>

namespace authorworks::http {

Response Response::json(const boost::json::value& value, unsigned status) {
  Response r;
  r.status = status;
  r.headers.set("Content-Type", "application/json");
  r.body = boost::json::serialize(value);
  return r;
}

Response Response::text(std::string body, std::string_view content_type, unsigned status) {
  Response r;
  r.status = status;
  r.headers.set("Content-Type", content_type);
  r.body = std::move(body);
  return r;
}

Response Response::no_content() {
  Response r;
  r.status = 204;
  return r;
}

Response Response::problem(const Error& error, std::string_view instance, std::string_view trace_id) {
  boost::json::object doc;
  doc["type"] = "urn:authorworks:problem:" + std::string(error_slug(error.code()));
  doc["title"] = error_title(error.code());
  doc["status"] = http_status(error.code());
  doc["detail"] = error.detail();
  if (!instance.empty()) doc["instance"] = instance;
  if (!trace_id.empty()) doc["trace_id"] = trace_id;
  for (const auto& [key, value] : error.extensions()) doc[key] = value;
  if (!error.fields().empty()) {
    boost::json::array fields;
    for (const auto& f : error.fields())
      fields.push_back(boost::json::object{{"field", f.field}, {"message", f.message}});
    doc["errors"] = std::move(fields);
  }
  Response r;
  r.status = http_status(error.code());
  r.headers.set("Content-Type", "application/problem+json");
  if (error.retry_after_seconds() > 0) r.headers.set("Retry-After", std::to_string(error.retry_after_seconds()));
  r.body = boost::json::serialize(doc);
  return r;
}

}  // namespace authorworks::http
