#pragma once
// How a module reads a resource another service owns (GET, on a person's behalf): the call, what a
// 404 means, and the JSON object it answers, one way for every remote client of another module's
// interface. Answers are parsed with parse_options::allow_invalid_utf8: a service passes on what it
// stores (titles, scene text) byte for byte, and a stored byte that is not UTF-8 must not turn a read
// into a 502 in one service when the others cope.
#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "http/headers.hpp"

namespace authorworks::services {

class ServiceClient;

// The JSON object `client`'s service answers at `target`. Any failure is thrown as that service's
// problem (a 404 as not_found, with its detail), an answer that is not an object as
// malformed_answer; an unreachable service is Error(unavailable) naming it (ServiceClient::call).
boost::json::object get_object(const ServiceClient& client, std::string_view target, const http::Headers& headers);

// The same, but nullopt for a 404: for lookups where "there is none" (or "not yours to see", which
// the owning service answers alike) is an answer rather than a failure.
std::optional<boost::json::object> find_object(const ServiceClient& client, std::string_view target,
                                               const http::Headers& headers);

// Error(upstream_failed) naming the service: its answer is not the `what` it should be
// (malformed_answer(content, "book list") -> "the content service's book list is malformed").
Error malformed_answer(const ServiceClient& client, std::string_view what);

// `text` percent-encoded as one path segment or query value.
std::string path_segment(std::string_view text);

}  // namespace authorworks::services
