#include "services/service_reads.hpp"

#include <boost/json.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include "services/service_answer.hpp"
#include "services/service_client.hpp"

namespace authorworks::services {
namespace {

boost::json::object object_of(const ServiceClient& client, const ServiceResponse& response) {
  boost::json::parse_options as_stored;
  as_stored.allow_invalid_utf8 = true;
  auto json = expect_json(client, response, as_stored);
  if (!json.is_object()) throw malformed_answer(client, "answer");
  return std::move(json.as_object());
}

}  // namespace

boost::json::object get_object(const ServiceClient& client, std::string_view target, const http::Headers& headers) {
  return object_of(client, client.get(target, headers));
}

std::optional<boost::json::object> find_object(const ServiceClient& client, std::string_view target,
                                               const http::Headers& headers) {
  const auto response = client.get(target, headers);
  if (response.status == 404) return std::nullopt;
  return object_of(client, response);
}

Error malformed_answer(const ServiceClient& client, std::string_view what) {
  return Error(ErrorCode::upstream_failed,
               "the " + client.service() + " service's " + std::string(what) + " is malformed")
      .with_extension("service", client.service());
}

std::string path_segment(std::string_view text) { return boost::urls::encode(text, boost::urls::unreserved_chars); }

}  // namespace authorworks::services
