#include "auth/jwt.hpp"

#include <sodium.h>

#include <array>
#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <limits>
#include <stdexcept>

#include "auth/sodium.hpp"

namespace authorworks::auth {
namespace {

constexpr int base64_variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
using Mac = std::array<unsigned char, crypto_auth_hmacsha256_BYTES>;

const unsigned char* bytes(std::string_view text) noexcept {
  return reinterpret_cast<const unsigned char*>(text.data());
}

// HMAC-SHA256 through the init/update/final interface, which accepts a key of any length (keys
// longer than the 64-byte block are hashed first, as HMAC requires). The state after init depends
// on the key only: each thread keeps the one for the last key it used, so that checking a token
// does not hash the padded key again.
Mac hmac_sha256(std::string_view input, std::string_view key) {
  ensure_sodium();
  struct KeyedState {
    std::string key;
    crypto_auth_hmacsha256_state state{};
    bool ready = false;
    ~KeyedState() {
      sodium_memzero(key.data(), key.size());
      sodium_memzero(&state, sizeof state);
    }
  };
  thread_local KeyedState keyed;
  if (!keyed.ready || keyed.key != key) {
    sodium_memzero(keyed.key.data(), keyed.key.size());
    keyed.key.assign(key);
    crypto_auth_hmacsha256_init(&keyed.state, bytes(key), key.size());
    keyed.ready = true;
  }
  crypto_auth_hmacsha256_state state = keyed.state;
  Mac mac{};
  crypto_auth_hmacsha256_update(&state, bytes(input), input.size());
  crypto_auth_hmacsha256_final(&state, mac.data());
  sodium_memzero(&state, sizeof state);
  return mac;
}

// The header sign() writes, base64url-encoded: a token carrying it needs no decoding of its header.
const std::string& signed_header() {
  static const std::string header = base64url_encode(R"({"alg":"HS256","typ":"JWT"})");
  return header;
}

bool is_registered_claim(std::string_view name) noexcept {
  return name == "sub" || name == "jti" || name == "iat" || name == "exp";
}

std::optional<boost::json::object> decode_object(std::string_view part, boost::json::storage_ptr storage = {}) {
  const auto text = base64url_decode(part);
  if (!text) return std::nullopt;
  boost::system::error_code ec;
  auto value = boost::json::parse(*text, ec, std::move(storage));
  if (ec || !value.is_object()) return std::nullopt;
  return std::move(value.as_object());
}

std::optional<std::string> string_member(const boost::json::object& obj, std::string_view name) {
  const auto* value = obj.if_contains(name);
  if (value == nullptr || !value->is_string()) return std::nullopt;
  return std::string(value->get_string());
}

// A NumericDate as this platform writes it: a whole number of seconds.
std::optional<std::int64_t> time_member(const boost::json::object& obj, std::string_view name) {
  const auto* value = obj.if_contains(name);
  if (value == nullptr) return std::nullopt;
  if (const auto* i = value->if_int64()) return *i;
  return std::nullopt;  // uint64 (beyond int64), doubles, strings: refused
}

std::optional<Claims> verify_token(std::string_view token, std::string_view key, std::int64_t now) {
  if (key.empty() || token.size() > max_jwt_bytes) return std::nullopt;
  const auto first_dot = token.find('.');
  if (first_dot == std::string_view::npos) return std::nullopt;
  const auto second_dot = token.find('.', first_dot + 1);
  if (second_dot == std::string_view::npos || token.find('.', second_dot + 1) != std::string_view::npos) {
    return std::nullopt;
  }

  // The signature first, over the bytes as received: nothing else of the token is read unless it
  // was made with our key.
  const auto signature = base64url_decode(token.substr(second_dot + 1));
  if (!signature || signature->size() != crypto_auth_hmacsha256_BYTES) return std::nullopt;
  const auto expected = hmac_sha256(token.substr(0, second_dot), key);
  if (sodium_memcmp(expected.data(), bytes(*signature), expected.size()) != 0) return std::nullopt;

  if (token.substr(0, first_dot) != signed_header()) {
    const auto header = decode_object(token.substr(0, first_dot));
    if (!header || string_member(*header, "alg") != "HS256") return std::nullopt;
    if (header->contains("typ") && string_member(*header, "typ") != "JWT") return std::nullopt;
    if (header->contains("crit")) return std::nullopt;  // no extensions are understood here
  }

  // The payload is parsed into a buffer on the stack (the heap only for unusually large ones);
  // what is kept is copied out of it below.
  unsigned char buffer[2048];
  boost::json::monotonic_resource resource(buffer, sizeof buffer);
  auto payload = decode_object(token.substr(first_dot + 1, second_dot - first_dot - 1), &resource);
  if (!payload) return std::nullopt;
  Claims claims;
  auto sub = string_member(*payload, "sub");
  auto jti = string_member(*payload, "jti");
  const auto iat = time_member(*payload, "iat");
  const auto exp = time_member(*payload, "exp");
  if (!sub || sub->empty() || !jti || jti->empty() || !iat || !exp) return std::nullopt;
  const std::int64_t leeway = jwt_leeway.count();
  if (*exp <= now - leeway) return std::nullopt;  // expired: now >= exp + leeway, without overflow
  if (*iat > now + leeway) return std::nullopt;   // issued in the future
  if (payload->contains("nbf")) {
    const auto nbf = time_member(*payload, "nbf");
    if (!nbf || *nbf > now + leeway) return std::nullopt;
  }
  claims.sub = std::move(*sub);
  claims.jti = std::move(*jti);
  claims.iat = *iat;
  claims.exp = *exp;
  for (const auto& member : *payload) {
    // Copied into the claims' own (default) storage.
    if (!is_registered_claim(member.key())) claims.extra.emplace(member.key(), member.value());
  }
  return claims;
}

}  // namespace

std::string base64url_encode(std::string_view input) {
  std::string out(sodium_base64_encoded_len(input.size(), base64_variant), '\0');  // counts the NUL
  sodium_bin2base64(out.data(), out.size(), bytes(input), input.size(), base64_variant);
  out.resize(out.size() - 1);
  return out;
}

// A table lookup per character: libsodium's constant-time decoder was most of the cost of
// checking a token, and nothing here is secret (the signature is compared in constant time
// after decoding; the text is the sender's own).
std::optional<std::string> base64url_decode(std::string_view text) {
  static constexpr auto values = [] {
    std::array<std::int8_t, 256> v{};
    v.fill(-1);
    constexpr std::string_view alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (std::size_t i = 0; i < alphabet.size(); ++i)
      v[static_cast<unsigned char>(alphabet[i])] = static_cast<std::int8_t>(i);
    return v;
  }();
  // Unpadded: 4 characters make 3 bytes, 3 make 2, 2 make 1; 1 makes nothing valid.
  if (text.size() % 4 == 1) return std::nullopt;
  std::string out;
  out.reserve(text.size() / 4 * 3 + 2);
  std::uint32_t bits = 0;
  int count = 0;
  for (const char c : text) {
    const auto v = values[static_cast<unsigned char>(c)];
    if (v < 0) return std::nullopt;  // outside the alphabet: '=', '+', '/', spaces, anything else
    bits = bits << 6 | static_cast<std::uint32_t>(v);
    if (++count == 4) {
      out += static_cast<char>(bits >> 16 & 0xFF);
      out += static_cast<char>(bits >> 8 & 0xFF);
      out += static_cast<char>(bits & 0xFF);
      bits = 0;
      count = 0;
    }
  }
  // The unused low bits of the last character must be zero, so that every byte string has
  // exactly one accepted encoding.
  if (count == 3) {
    if ((bits & 0x3) != 0) return std::nullopt;
    out += static_cast<char>(bits >> 10 & 0xFF);
    out += static_cast<char>(bits >> 2 & 0xFF);
  } else if (count == 2) {
    if ((bits & 0xF) != 0) return std::nullopt;
    out += static_cast<char>(bits >> 4 & 0xFF);
  }
  return out;
}

std::string hs256_signature(std::string_view signing_input, std::string_view key) {
  const auto mac = hmac_sha256(signing_input, key);
  return base64url_encode(std::string_view(reinterpret_cast<const char*>(mac.data()), mac.size()));
}

std::string sign(const Claims& claims, std::string_view key) {
  if (key.empty()) throw std::invalid_argument("JWT signing key is empty");
  if (claims.sub.empty() || claims.jti.empty()) throw std::invalid_argument("JWT sub and jti must not be empty");
  boost::json::object payload;
  payload["sub"] = claims.sub;
  payload["jti"] = claims.jti;
  payload["iat"] = claims.iat;
  payload["exp"] = claims.exp;
  for (const auto& member : claims.extra) {
    if (is_registered_claim(member.key())) {
      throw std::invalid_argument("JWT extra claims must not hold " + std::string(member.key()));
    }
    payload.emplace(member.key(), member.value());
  }
  std::string token = signed_header() + "." + base64url_encode(boost::json::serialize(payload));
  token += "." + hs256_signature(token, key);
  return token;
}

std::optional<Claims> verify(std::string_view token, std::string_view key, std::chrono::system_clock::time_point now) {
  try {
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
    return verify_token(token, key, seconds);
  } catch (const std::exception&) {
    return std::nullopt;  // malformed input must never escape as an exception
  }
}

}  // namespace authorworks::auth
