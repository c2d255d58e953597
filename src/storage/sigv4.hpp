#pragma once
// AWS Signature Version 4, the parts AuthorWorks signs itself: presigned GET URLs (query signing).
// Requests to the object store are signed by libcurl (CURLOPT_AWS_SIGV4); a presigned URL is made
// without any request, so it is signed here, with libsodium's SHA-256 and HMAC-SHA-256.
// https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html
#include <chrono>
#include <string>
#include <string_view>

namespace authorworks::storage {

struct SigV4Credentials {
  std::string access_key;
  std::string secret_key;
  std::string region = "us-east-1";
  std::string service = "s3";
};

// Lower-case hex of SHA-256(`data`).
std::string sha256_hex(std::string_view data);

// "20130524T000000Z" for `time` (UTC).
std::string amz_date(std::chrono::system_clock::time_point time);

// S3's URI encoding: every byte but A-Z a-z 0-9 - . _ ~ as %XX (upper-case hex); '/' kept as is
// when `keep_slash` (object keys in a path).
std::string sigv4_uri_encode(std::string_view text, bool keep_slash);

// The signature (lower-case hex) of a canonical request made at `amz_date_time` ("20130524T000000Z"):
// builds the string to sign for the credential scope <date>/<region>/<service>/aws4_request and
// signs it with the key derived from the secret.
std::string sigv4_signature(std::string_view canonical_request, std::string_view amz_date_time,
                            const SigV4Credentials& credentials);

struct PresignRequest {
  std::string method = "GET";
  std::string host;  // as sent in the Host header: "minio:9000", "examplebucket.s3.amazonaws.com"
  std::string path;  // the object's path, not encoded: "/authorworks-uploads/user/file"
  std::chrono::system_clock::time_point time;
  std::chrono::seconds expires{3600};  // 1 second to 7 days
};

// The query string ("X-Amz-Algorithm=...&X-Amz-Signature=...") that makes `request` valid without
// other credentials until `expires` after `time`. Throws std::invalid_argument for an expiry out
// of range.
std::string sigv4_presign_query(const PresignRequest& request, const SigV4Credentials& credentials);

}  // namespace authorworks::storage
