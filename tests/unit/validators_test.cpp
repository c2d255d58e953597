#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "auth/validators.hpp"
#include "core/error.hpp"

using authorworks::Error;
using authorworks::ErrorCode;
namespace auth = authorworks::auth;

namespace {

// The message of the validation error `call` throws for `field`, or a failure when it throws none.
std::string rejection(const std::function<void()>& call, const std::string& field) {
  try {
    call();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::validation_failed);
    EXPECT_EQ(e.fields().size(), 1u);
    if (e.fields().size() == 1) {
      EXPECT_EQ(e.fields()[0].field, field);
      return e.fields()[0].message;
    }
    return "?";
  }
  ADD_FAILURE() << "no validation error for " << field;
  return {};
}

#define EXPECT_REJECTED(call, field) EXPECT_NE(rejection([&] { (void)(call); }, field), "")

std::string repeat(std::string_view unit, std::size_t times) {
  std::string out;
  for (std::size_t i = 0; i < times; ++i) out += unit;
  return out;
}

}  // namespace

TEST(ValidateEmail, LowerCasesAndTrims) {
  EXPECT_EQ(auth::validate_email("Alice.Writer@Example.COM"), "alice.writer@example.com");
  EXPECT_EQ(auth::validate_email("  bob+books@mail.example.org \n"), "bob+books@mail.example.org");
  EXPECT_EQ(auth::validate_email("o'neil@example.ie"), "o'neil@example.ie");
  EXPECT_EQ(auth::validate_email("autor@bücher.example"), "autor@bücher.example");
}

TEST(ValidateEmail, RefusesWhatIsNotAnAddress) {
  for (const std::string& bad : std::vector<std::string>{"",
                                                         "   ",
                                                         "plainaddress",
                                                         "@example.com",
                                                         "alice@",
                                                         "alice@example",
                                                         "alice@@example.com",
                                                         "a@b@example.com",
                                                         "alice@.example.com",
                                                         "alice@example.com.",
                                                         "alice@example..com",
                                                         "alice smith@example.com",
                                                         "alice@exa mple.com",
                                                         "alice\t@example.com",
                                                         std::string("alice\0@example.com", 18),
                                                         "alice@exa_mple.com",
                                                         "alice@[127.0.0.1]",
                                                         "al\x7fice@example.com",
                                                         "alice\xc2\x85@example.com",
                                                         "alice\xff@example.com"}) {
    EXPECT_REJECTED(auth::validate_email(bad), "email") << "accepted '" << bad << "'";
  }
}

TEST(ValidateEmail, Limits) {
  const std::string local64 = repeat("a", 64);
  EXPECT_EQ(auth::validate_email(local64 + "@example.com"), local64 + "@example.com");
  EXPECT_REJECTED(auth::validate_email(local64 + "a@example.com"), "email");
  const std::string domain = repeat("d", 63) + "." + repeat("e", 63) + "." + repeat("f", 63) + ".com";  // 195
  const std::string at_limit = repeat("a", 254 - 1 - domain.size()) + "@" + domain;
  ASSERT_EQ(at_limit.size(), 254u);
  EXPECT_EQ(auth::validate_email(at_limit), at_limit);
  EXPECT_REJECTED(auth::validate_email("a" + at_limit), "email");
}

TEST(ValidateEmail, NamesTheGivenField) { EXPECT_REJECTED(auth::validate_email("nope", "new_email"), "new_email"); }

TEST(ValidateUsername, KeepsTheCapitalisationGiven) {
  EXPECT_EQ(auth::validate_username("AliceWriter"), "AliceWriter");
  EXPECT_EQ(auth::validate_username("bob"), "bob");
  EXPECT_EQ(auth::validate_username("9lives"), "9lives");
  EXPECT_EQ(auth::validate_username("j.r.r_tolkien-fan"), "j.r.r_tolkien-fan");
  EXPECT_EQ(auth::validate_username(repeat("x", 32)), repeat("x", 32));
}

TEST(ValidateUsername, RefusesOtherCharactersAndLengths) {
  for (const std::string& bad :
       std::vector<std::string>{"", "ab", repeat("x", 33), "_alice", ".alice", "-alice", "alice smith", "alice@home",
                                "ålice", "alice!", " alice", "alice\n"}) {
    EXPECT_REJECTED(auth::validate_username(bad), "username") << "accepted '" << bad << "'";
  }
}

TEST(ValidateUsername, KeysCompareCaseInsensitively) {
  EXPECT_EQ(auth::username_key("AliceWriter"), auth::username_key("alicewriter"));
  EXPECT_NE(auth::username_key("alice"), auth::username_key("alice2"));
}

TEST(ValidateDisplayName, TrimsAndCountsCodePoints) {
  EXPECT_EQ(auth::validate_display_name("  Ursula K. Le Guin "), "Ursula K. Le Guin");
  EXPECT_EQ(auth::validate_display_name("紫式部"), "紫式部");
  const auto eighty = repeat("é", 80);  // 160 bytes
  EXPECT_EQ(auth::validate_display_name(eighty), eighty);
  EXPECT_REJECTED(auth::validate_display_name(eighty + "é"), "display_name");
}

TEST(ValidateDisplayName, RefusesEmptyControlAndInvalidText) {
  for (const std::string& bad :
       std::vector<std::string>{"", "   ", "Ursula\nLe Guin", "tab\there", "bell\a", "c1\xc2\x9f", "bad\xff"}) {
    EXPECT_REJECTED(auth::validate_display_name(bad), "display_name") << "accepted '" << bad << "'";
  }
}

TEST(ValidateBio, AllowsLineBreaksUpTo2000CodePoints) {
  EXPECT_EQ(auth::validate_bio(""), "");
  EXPECT_EQ(auth::validate_bio("Writes novels.\n\n\tAnd poems.  \n"), "Writes novels.\n\n\tAnd poems.");
  const auto full = repeat("ü", 2000);
  EXPECT_EQ(auth::validate_bio(full), full);
  EXPECT_REJECTED(auth::validate_bio(full + "ü"), "bio");
  EXPECT_REJECTED(auth::validate_bio("escape \x1b[31m"), "bio");
  EXPECT_REJECTED(auth::validate_bio("bad \xc0\xaf"), "bio");
}

TEST(ValidateAvatarUrl, EmptyClears) {
  EXPECT_EQ(auth::validate_avatar_url(""), "");
  EXPECT_EQ(auth::validate_avatar_url("   "), "");
}

TEST(ValidateAvatarUrl, AcceptsHttpAndHttpsNormalised) {
  EXPECT_EQ(auth::validate_avatar_url("https://cdn.example.com/a/me.png?size=200"),
            "https://cdn.example.com/a/me.png?size=200");
  EXPECT_EQ(auth::validate_avatar_url(" HTTP://CDN.Example.COM:8080/Me.png "), "http://cdn.example.com:8080/Me.png");
}

TEST(ValidateAvatarUrl, RefusesOtherUrls) {
  for (const std::string& bad : std::vector<std::string>{
           "javascript:alert(1)", "data:image/png;base64,AAAA", "ftp://example.com/me.png", "//example.com/me.png",
           "/me.png", "me.png", "https://", "https:///me.png", "https://user:pw@example.com/me.png",
           "https://exa mple.com/me.png", "https://example.com/\x01"}) {
    EXPECT_REJECTED(auth::validate_avatar_url(bad), "avatar_url") << "accepted '" << bad << "'";
  }
  const std::string base = "https://example.com/";
  EXPECT_NO_THROW(auth::validate_avatar_url(base + repeat("a", 2048 - base.size())));
  EXPECT_REJECTED(auth::validate_avatar_url(base + repeat("a", 2049 - base.size())), "avatar_url");
}
