#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <chrono>
#include <random>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "auth/jwt.hpp"

namespace auth = authorworks::auth;
using std::chrono::seconds;
using std::chrono::system_clock;

namespace {

const std::string key = "a test key that is at least thirty-two characters";
constexpr std::int64_t issued = 1'700'000'000;

system_clock::time_point at(std::int64_t unix_seconds) { return system_clock::time_point(seconds(unix_seconds)); }

auth::Claims sample_claims() {
  auth::Claims claims;
  claims.sub = "user-42";
  claims.jti = "session-7";
  claims.iat = issued;
  claims.exp = issued + 3600;
  return claims;
}

// A token with the given header and payload text, signed correctly with `signing_key`.
std::string forge(std::string_view header, std::string_view payload, std::string_view signing_key = key) {
  const auto input = auth::base64url_encode(header) + "." + auth::base64url_encode(payload);
  return input + "." + auth::hs256_signature(input, signing_key);
}

std::string valid_payload() { return R"({"sub":"user-42","jti":"session-7","iat":1700000000,"exp":1700003600})"; }

std::string hex_to_bytes(std::string_view hex) {
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
  }
  return out;
}

}  // namespace

TEST(Base64Url, Rfc4648Vectors) {
  EXPECT_EQ(auth::base64url_encode(""), "");
  EXPECT_EQ(auth::base64url_encode("f"), "Zg");
  EXPECT_EQ(auth::base64url_encode("fo"), "Zm8");
  EXPECT_EQ(auth::base64url_encode("foo"), "Zm9v");
  EXPECT_EQ(auth::base64url_encode("foob"), "Zm9vYg");
  EXPECT_EQ(auth::base64url_encode("fooba"), "Zm9vYmE");
  EXPECT_EQ(auth::base64url_encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(auth::base64url_encode("\xfb\xff"), "-_8");
  EXPECT_EQ(auth::base64url_decode("Zm9vYmE"), "fooba");
  EXPECT_EQ(auth::base64url_decode("-_8"), "\xfb\xff");
  EXPECT_EQ(auth::base64url_decode(""), "");
}

TEST(Base64Url, RefusesNonCanonicalText) {
  EXPECT_EQ(auth::base64url_decode("Zg=="), std::nullopt);  // padding
  EXPECT_EQ(auth::base64url_decode("Zh"), std::nullopt);    // non-zero bits past the end
  EXPECT_EQ(auth::base64url_decode("Z"), std::nullopt);     // impossible length
  EXPECT_EQ(auth::base64url_decode("+/8"), std::nullopt);   // the other alphabet
  EXPECT_EQ(auth::base64url_decode("Zm9v Yg"), std::nullopt);
}

TEST(Base64Url, DecodeAcceptsExactlyTheCanonicalEncodings) {
  // Every text of up to 3 characters over the alphabet and some strangers: accepted exactly when
  // it is the encoding of some byte string (of up to 2 bytes), and then decoded to that string.
  std::set<std::string> canonical;
  for (int n = 0; n <= 2; ++n) {
    const int total = 1 << (8 * n);
    for (int value = 0; value < total; ++value) {
      std::string bytes;
      for (int i = 0; i < n; ++i) bytes += static_cast<char>(value >> (8 * i) & 0xFF);
      canonical.insert(auth::base64url_encode(bytes));
    }
  }
  const std::string chars =
      std::string("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=+/ .") + '\0' + "\xff";
  std::vector<std::string> texts{""};
  for (int length = 1; length <= 3; ++length) {
    std::vector<std::string> longer;
    for (const auto& t : texts) {
      if (t.size() + 1 != static_cast<std::size_t>(length)) continue;
      for (const char c : chars) longer.push_back(t + c);
    }
    texts.insert(texts.end(), longer.begin(), longer.end());
  }
  int accepted = 0;
  for (const auto& t : texts) {
    const auto decoded = auth::base64url_decode(t);
    ASSERT_EQ(decoded.has_value(), canonical.contains(t)) << "'" << t << "'";
    if (decoded) {
      ++accepted;
      EXPECT_EQ(auth::base64url_encode(*decoded), t);
    }
  }
  EXPECT_EQ(accepted, static_cast<int>(canonical.size()));
  // Longer texts: random byte strings make the trip both ways.
  std::mt19937 rng(7);
  for (int i = 0; i < 2000; ++i) {
    std::string bytes(rng() % 300, '\0');
    for (auto& b : bytes) b = static_cast<char>(rng());
    EXPECT_EQ(auth::base64url_decode(auth::base64url_encode(bytes)), bytes);
  }
}

// RFC 7515 appendix A.1: the HS256 example, over the exact bytes of its header and payload.
TEST(Jwt, Rfc7515AppendixA1Signature) {
  const auto jwk_key =
      auth::base64url_decode("AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow");
  ASSERT_TRUE(jwk_key.has_value());
  ASSERT_EQ(jwk_key->size(), 64u);
  const std::string header = "{\"typ\":\"JWT\",\r\n \"alg\":\"HS256\"}";
  const std::string payload = "{\"iss\":\"joe\",\r\n \"exp\":1300819380,\r\n \"http://example.com/is_root\":true}";
  const std::string signing_input =
      "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9"
      ".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ";
  EXPECT_EQ(auth::base64url_encode(header) + "." + auth::base64url_encode(payload), signing_input);
  EXPECT_EQ(auth::hs256_signature(signing_input, *jwk_key), "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
}

// RFC 4231 test case 6: a 131-byte key, longer than the block, which HMAC hashes first.
TEST(Jwt, HmacHashesKeysLongerThanTheBlock) {
  const std::string long_key(131, '\xaa');
  const auto expected = hex_to_bytes("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
  EXPECT_EQ(auth::hs256_signature("Test Using Larger Than Block-Size Key - Hash Key First", long_key),
            auth::base64url_encode(expected));
}

TEST(Jwt, SignedTokensVerify) {
  auto claims = sample_claims();
  claims.extra["role"] = "admin";
  claims.extra["scopes"] = boost::json::array{"read", "write"};
  const auto token = auth::sign(claims, key);
  EXPECT_TRUE(token.starts_with(auth::base64url_encode(R"({"alg":"HS256","typ":"JWT"})") + "."));
  const auto verified = auth::verify(token, key, at(issued + 10));
  ASSERT_TRUE(verified.has_value());
  EXPECT_EQ(verified->sub, "user-42");
  EXPECT_EQ(verified->jti, "session-7");
  EXPECT_EQ(verified->iat, issued);
  EXPECT_EQ(verified->exp, issued + 3600);
  EXPECT_EQ(verified->extra, claims.extra);
}

TEST(Jwt, KeysOfAnyLengthWork) {
  for (const std::string& k :
       std::vector<std::string>{std::string("k"), std::string(64, 'x'), std::string(65, 'y'), std::string(500, 'z')}) {
    const auto token = auth::sign(sample_claims(), k);
    EXPECT_TRUE(auth::verify(token, k, at(issued)).has_value()) << k.size();
    EXPECT_FALSE(auth::verify(token, k + "!", at(issued)).has_value()) << k.size();
  }
}

TEST(Jwt, AlternatingKeysOnOneThread) {
  // hmac_sha256 keeps the keyed state of the last key per thread: switching must not mix them up.
  const std::string other = "another key entirely, also long enough";
  const auto mine = auth::sign(sample_claims(), key);
  const auto theirs = auth::sign(sample_claims(), other);
  for (int i = 0; i < 3; ++i) {
    EXPECT_TRUE(auth::verify(mine, key, at(issued)));
    EXPECT_FALSE(auth::verify(mine, other, at(issued)));
    EXPECT_TRUE(auth::verify(theirs, other, at(issued)));
    EXPECT_FALSE(auth::verify(theirs, key, at(issued)));
    EXPECT_EQ(auth::hs256_signature("a.b", key), auth::hs256_signature("a.b", key));
    EXPECT_NE(auth::hs256_signature("a.b", key), auth::hs256_signature("a.b", other));
  }
}

TEST(Jwt, LargePayloadsVerify) {
  // Larger than the stack buffer the payload is parsed into.
  auto claims = sample_claims();
  claims.extra["bio"] = std::string(3000, 'b');
  claims.extra["list"] = boost::json::array(200, boost::json::value("item"));
  const auto token = auth::sign(claims, key);
  ASSERT_LE(token.size(), auth::max_jwt_bytes);
  const auto verified = auth::verify(token, key, at(issued));
  ASSERT_TRUE(verified.has_value());
  EXPECT_EQ(verified->extra, claims.extra);
}

TEST(Jwt, WrongKeyIsRefused) {
  const auto token = auth::sign(sample_claims(), key);
  EXPECT_FALSE(auth::verify(token, "another key entirely, also long enough", at(issued)));
  EXPECT_FALSE(auth::verify(token, "", at(issued)));
}

TEST(Jwt, TamperedPayloadIsRefused) {
  const auto token = auth::sign(sample_claims(), key);
  const auto first = token.find('.');
  const auto second = token.find('.', first + 1);
  const auto other_payload =
      auth::base64url_encode(R"({"sub":"admin","jti":"session-7","iat":1700000000,"exp":1700003600})");
  const auto tampered = token.substr(0, first + 1) + other_payload + token.substr(second);
  EXPECT_FALSE(auth::verify(tampered, key, at(issued)));
  ASSERT_TRUE(auth::verify(token, key, at(issued)));
}

TEST(Jwt, TamperedSignatureIsRefused) {
  const auto token = auth::sign(sample_claims(), key);
  for (std::size_t i = token.rfind('.') + 1; i < token.size(); i += 7) {
    auto tampered = token;
    tampered[i] = tampered[i] == 'A' ? 'B' : 'A';
    EXPECT_FALSE(auth::verify(tampered, key, at(issued))) << i;
  }
  EXPECT_FALSE(auth::verify(token.substr(0, token.size() - 1), key, at(issued)));
  EXPECT_FALSE(auth::verify(token + "A", key, at(issued)));
  EXPECT_FALSE(auth::verify(token.substr(0, token.rfind('.') + 1), key, at(issued)));
}

TEST(Jwt, OnlyHs256IsAccepted) {
  EXPECT_TRUE(auth::verify(forge(R"({"alg":"HS256"})", valid_payload()), key, at(issued)));
  EXPECT_TRUE(auth::verify(forge(R"({"alg":"HS256","typ":"JWT","kid":"1"})", valid_payload()), key, at(issued)));
  // Correctly signed with our key, yet refused for what the header claims.
  for (const auto* header : {R"({"alg":"none"})", R"({"alg":"hs256"})", R"({"alg":"HS512"})", R"({"alg":"RS256"})",
                             R"({"alg":["HS256"]})", R"({"typ":"JWT"})", R"({"alg":"HS256","typ":"JWE"})",
                             R"({"alg":"HS256","crit":["exp"]})", R"({"alg":"HS256 "})"}) {
    EXPECT_FALSE(auth::verify(forge(header, valid_payload()), key, at(issued))) << header;
  }
  // The classic unsigned token.
  const auto unsigned_token =
      auth::base64url_encode(R"({"alg":"none","typ":"JWT"})") + "." + auth::base64url_encode(valid_payload()) + ".";
  EXPECT_FALSE(auth::verify(unsigned_token, key, at(issued)));
}

TEST(Jwt, ExpiryWithLeeway) {
  const auto token = auth::sign(sample_claims(), key);  // exp = issued + 3600
  const auto exp = issued + 3600;
  EXPECT_TRUE(auth::verify(token, key, at(exp - 1)));
  EXPECT_TRUE(auth::verify(token, key, at(exp + 29)));
  EXPECT_FALSE(auth::verify(token, key, at(exp + 30)));
  EXPECT_FALSE(auth::verify(token, key, at(exp + 86400)));
}

TEST(Jwt, IssuedInTheFutureIsRefused) {
  const auto token = auth::sign(sample_claims(), key);  // iat = issued
  EXPECT_TRUE(auth::verify(token, key, at(issued - 30)));
  EXPECT_FALSE(auth::verify(token, key, at(issued - 31)));
}

TEST(Jwt, NotBeforeIsHonoured) {
  auto claims = sample_claims();
  claims.extra["nbf"] = issued + 100;
  const auto token = auth::sign(claims, key);
  EXPECT_FALSE(auth::verify(token, key, at(issued + 69)));
  EXPECT_TRUE(auth::verify(token, key, at(issued + 70)));
  claims.extra["nbf"] = "soon";
  EXPECT_FALSE(auth::verify(auth::sign(claims, key), key, at(issued + 200)));
}

TEST(Jwt, PayloadsWithoutTheRequiredClaimsAreRefused) {
  for (const auto* payload : {
           R"({"jti":"s","iat":1700000000,"exp":1700003600})",
           R"({"sub":"","jti":"s","iat":1700000000,"exp":1700003600})",
           R"({"sub":"u","iat":1700000000,"exp":1700003600})",
           R"({"sub":"u","jti":"s","exp":1700003600})",
           R"({"sub":"u","jti":"s","iat":1700000000})",
           R"({"sub":42,"jti":"s","iat":1700000000,"exp":1700003600})",
           R"({"sub":"u","jti":"s","iat":"1700000000","exp":1700003600})",
           R"({"sub":"u","jti":"s","iat":1700000000,"exp":1700003600.5})",
           R"({"sub":"u","jti":"s","iat":1700000000,"exp":18446744073709551615})",
           R"(["sub","u"])",
           R"("just a string")",
           R"({"sub":"u",)",
       }) {
    EXPECT_FALSE(auth::verify(forge(R"({"alg":"HS256"})", payload), key, at(issued))) << payload;
  }
}

TEST(Jwt, MalformedTokensNeverThrow) {
  const std::string huge(auth::max_jwt_bytes + 1, 'a');
  for (const std::string& token : std::vector<std::string>{
           std::string(), std::string("."), std::string(".."), std::string("..."), std::string("abc"),
           std::string("a.b"), std::string("a.b.c"), std::string("a.b.c.d"), std::string("!!!.@@@.###"),
           std::string("eyJhbGciOiJIUzI1NiJ9.e30="), std::string("\0.\0.\0", 5), huge,
           forge("not json", valid_payload()), forge(R"({"alg":"HS256"})", "\xff\xfe"),
           forge(R"({"alg":"HS256"})", std::string(2000, '[') + std::string(2000, ']'))}) {
    std::optional<auth::Claims> result;
    EXPECT_NO_THROW(result = auth::verify(token, key, at(issued)));
    EXPECT_FALSE(result.has_value());
  }
}

TEST(Jwt, SignRefusesWhatCannotMakeAValidToken) {
  EXPECT_THROW(auth::sign(sample_claims(), ""), std::invalid_argument);
  auto no_sub = sample_claims();
  no_sub.sub.clear();
  EXPECT_THROW(auth::sign(no_sub, key), std::invalid_argument);
  auto shadowing = sample_claims();
  shadowing.extra["exp"] = issued + 999999;
  EXPECT_THROW(auth::sign(shadowing, key), std::invalid_argument);
}
