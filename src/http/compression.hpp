#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace authorworks::http {

class Request;
class Response;

// True when the client accepts gzip and the response is text worth compressing.
bool should_gzip(const Request& request, const Response& response) noexcept;
std::string gzip(std::string_view data);
// Replaces the body with its gzip form and sets Content-Encoding and Vary.
void apply_gzip(Response& response);

}  // namespace authorworks::http
