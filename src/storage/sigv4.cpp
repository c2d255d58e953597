#include "storage/sigv4.hpp"

#include <sodium.h>

#include <array>
#include <ctime>
#include <stdexcept>

#include "auth/sodium.hpp"

namespace authorworks::storage {
namespace {

using Digest = std::array<unsigned char, crypto_auth_hmacsha256_BYTES>;

const unsigned char* bytes(std::string_view text) { return reinterpret_cast<const unsigned char*>(text.data()); }

Digest hmac(std::string_view key, std::string_view data) {
  crypto_auth_hmacsha256_state state{};
  crypto_auth_hmacsha256_init(&state, bytes(key), key.size());
  crypto_auth_hmacsha256_update(&state, bytes(data), data.size());
  Digest out{};
  crypto_auth_hmacsha256_final(&state, out.data());
  return out;
}

std::string_view as_text(const Digest& digest) { return {reinterpret_cast<const char*>(digest.data()), digest.size()}; }

std::string hex(const unsigned char* data, std::size_t size) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(size * 2);
  for (std::size_t i = 0; i < size; ++i) {
    out += digits[data[i] >> 4];
    out += digits[data[i] & 0x0f];
  }
  return out;
}

}  // namespace

std::string sha256_hex(std::string_view data) {
  auth::ensure_sodium();
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), bytes(data), data.size());
  return hex(digest.data(), digest.size());
}

std::string amz_date(std::chrono::system_clock::time_point time) {
  const std::time_t t = std::chrono::system_clock::to_time_t(time);
  std::tm utc{};
  gmtime_r(&t, &utc);
  char text[32];
  const auto n = std::strftime(text, sizeof text, "%Y%m%dT%H%M%SZ", &utc);
  return std::string(text, n);
}

std::string sigv4_uri_encode(std::string_view text, bool keep_slash) {
  static constexpr char digits[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                            c == '.' || c == '_' || c == '~';
    if (unreserved || (keep_slash && c == '/')) {
      out += ch;
    } else {
      out += '%';
      out += digits[c >> 4];
      out += digits[c & 0x0f];
    }
  }
  return out;
}

std::string sigv4_signature(std::string_view canonical_request, std::string_view amz_date_time,
                            const SigV4Credentials& credentials) {
  auth::ensure_sodium();
  const auto date = amz_date_time.substr(0, 8);
  const std::string scope = std::string(date) + "/" + credentials.region + "/" + credentials.service + "/aws4_request";
  const std::string string_to_sign =
      "AWS4-HMAC-SHA256\n" + std::string(amz_date_time) + "\n" + scope + "\n" + sha256_hex(canonical_request);
  const auto date_key = hmac("AWS4" + credentials.secret_key, date);
  const auto region_key = hmac(as_text(date_key), credentials.region);
  const auto service_key = hmac(as_text(region_key), credentials.service);
  const auto signing_key = hmac(as_text(service_key), "aws4_request");
  const auto signature = hmac(as_text(signing_key), string_to_sign);
  return hex(signature.data(), signature.size());
}

std::string sigv4_presign_query(const PresignRequest& request, const SigV4Credentials& credentials) {
  if (request.expires.count() < 1 || request.expires.count() > 7 * 24 * 3600) {
    throw std::invalid_argument("a presigned URL is valid for 1 second to 7 days");
  }
  const auto when = amz_date(request.time);
  const auto scope = when.substr(0, 8) + "/" + credentials.region + "/" + credentials.service + "/aws4_request";
  // Already in canonical order: the parameter names sort this way.
  const std::string query = "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=" +
                            sigv4_uri_encode(credentials.access_key + "/" + scope, false) + "&X-Amz-Date=" + when +
                            "&X-Amz-Expires=" + std::to_string(request.expires.count()) + "&X-Amz-SignedHeaders=host";
  const std::string canonical = request.method + "\n" + sigv4_uri_encode(request.path, true) + "\n" + query +
                                "\nhost:" + request.host + "\n\nhost\nUNSIGNED-PAYLOAD";
  return query + "&X-Amz-Signature=" + sigv4_signature(canonical, when, credentials);
}

}  // namespace authorworks::storage
