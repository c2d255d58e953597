#pragma once
// One signed request to an S3-compatible store (libcurl, signed by libcurl's CURLOPT_AWS_SIGV4).
// Blocking: call it from a worker thread. A store that cannot be reached (refused, timed out, cut
// off mid-answer) is Error(unavailable) naming the endpoint, so callers answer 503 quickly.
#include <chrono>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "storage/sigv4.hpp"

namespace authorworks::storage {

struct S3Endpoint {
  std::string url;  // "http://minio:9000", no trailing slash
  SigV4Credentials credentials;
};

struct S3Request {
  std::string method = "GET";
  std::string path;                  // already encoded: "/bucket/key"
  std::string query;                 // already encoded, without '?': "uploads", "partNumber=1&uploadId=..."
  std::vector<std::string> headers;  // "name: value"
  std::string_view body;             // sent as is (PUT, POST)
  // Bounds: connecting, and the whole exchange for small requests (0: no bound, for transfers of
  // any size, which end instead when the store stays silent for `stall_timeout`).
  std::chrono::milliseconds connect_timeout{2000};
  std::chrono::milliseconds total_timeout{0};
  std::chrono::seconds stall_timeout{15};
};

struct S3Response {
  long status = 0;
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;                            // the whole body, unless a sink took a 2xx body
};

// Receives a 2xx body piece by piece instead of S3Response::body.
using S3BodySink = std::function<void(std::string_view)>;

S3Response s3_request(const S3Endpoint& endpoint, const S3Request& request, const S3BodySink& sink = {});

// The text of the first <tag>...</tag> in an S3 XML answer ("" when absent).
std::string s3_xml_value(std::string_view xml, std::string_view tag);

}  // namespace authorworks::storage
