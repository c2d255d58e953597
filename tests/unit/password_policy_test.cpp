#include <gtest/gtest.h>

#include <set>
#include <string>

#include "auth/password_policy.hpp"

namespace rule = authorworks::auth::password_rule;
using authorworks::auth::check_password;
using authorworks::auth::common_passwords;

namespace {

// The rule id broken, or "" when the password passes.
std::string broken_rule(std::string_view password, std::string_view email = "someone@example.com",
                        std::string_view username = "someone") {
  const auto violation = check_password(password, email, username);
  return violation ? violation->rule : std::string();
}

std::string repeat(std::string_view unit, std::size_t times) {
  std::string out;
  for (std::size_t i = 0; i < times; ++i) out += unit;
  return out;
}

}  // namespace

TEST(PasswordPolicy, AcceptsAReasonablePassword) {
  EXPECT_EQ(broken_rule("correct horse battery staple"), "");
  EXPECT_EQ(broken_rule("Tr0ub4dor&3x"), "");
  EXPECT_EQ(broken_rule("日本語のパスワードです"), "");  // 11 code points
}

TEST(PasswordPolicy, ViolationsCarryIdAndMessage) {
  const auto violation = check_password("short", "a@example.com", "someone");
  ASSERT_TRUE(violation.has_value());
  EXPECT_EQ(violation->rule, rule::too_short);
  EXPECT_NE(violation->message.find("10 characters"), std::string::npos) << violation->message;
}

TEST(PasswordPolicy, NeedsTenCodePointsNotTenBytes) {
  EXPECT_EQ(broken_rule(""), rule::too_short);
  EXPECT_EQ(broken_rule("Abcdefgh9"), rule::too_short);
  EXPECT_EQ(broken_rule("Abcdefgh9x"), "");
  // Nine code points in 18 bytes: too short although longer than ten bytes.
  EXPECT_EQ(broken_rule("äöüßéèêëa"), rule::too_short);
  EXPECT_EQ(broken_rule("äöüßéèêëab"), "");
}

TEST(PasswordPolicy, AtMost256Bytes) {
  EXPECT_EQ(broken_rule(repeat("abcdefghij", 25) + "abcdef"), "");  // 256 bytes
  EXPECT_EQ(broken_rule(repeat("abcdefghij", 25) + "abcdefg"), rule::too_long);
  EXPECT_EQ(broken_rule(repeat("€₤", 43)), rule::too_long);  // 86 code points, 258 bytes
}

TEST(PasswordPolicy, MustBeValidUtf8) {
  EXPECT_EQ(broken_rule("abcdefghij\xff"), rule::invalid_utf8);
  EXPECT_EQ(broken_rule("abcdefghij\xc3"), rule::invalid_utf8);
  EXPECT_EQ(broken_rule("abcdefghij\xed\xa0\x80"), rule::invalid_utf8);  // a surrogate
}

TEST(PasswordPolicy, NotOneCharacterRepeated) {
  EXPECT_EQ(broken_rule("aaaaaaaaaaaa"), rule::one_character);
  EXPECT_EQ(broken_rule("            "), rule::one_character);
  EXPECT_EQ(broken_rule("éééééééééééé"), rule::one_character);
  EXPECT_EQ(broken_rule("aaaaaaaaaaab"), "");
  EXPECT_EQ(broken_rule("baaaaaaaaaaa"), "");
}

TEST(PasswordPolicy, NotTheEmailOrUsernameInAnyCase) {
  EXPECT_EQ(broken_rule("Alice@Example.com", "alice@example.com", "alice"), rule::same_as_email);
  EXPECT_EQ(broken_rule("alicewriter1", "alice@example.com", "AliceWriter1"), rule::same_as_username);
  EXPECT_EQ(broken_rule("alicewriter12", "alice@example.com", "AliceWriter1"), "");
  // Empty identities are not compared (the password is checked before they are known).
  EXPECT_EQ(broken_rule("a fine password", "", ""), "");
}

TEST(PasswordPolicy, NotACommonPasswordInAnyCase) {
  EXPECT_EQ(broken_rule("password123"), rule::common);
  EXPECT_EQ(broken_rule("Password123"), rule::common);
  EXPECT_EQ(broken_rule("QWERTYUIOP"), rule::common);
  EXPECT_EQ(broken_rule("1234567890"), rule::common);
  EXPECT_EQ(broken_rule("contraseña"), rule::common);  // ten code points, eleven bytes
  EXPECT_EQ(broken_rule("password123 but longer"), "");
}

TEST(PasswordPolicy, EveryEmbeddedCommonPasswordIsRefusedAsCommon) {
  const auto list = common_passwords();
  EXPECT_GE(list.size(), 190u);
  std::set<std::string_view> unique(list.begin(), list.end());
  EXPECT_EQ(unique.size(), list.size()) << "duplicates in the list";
  for (const auto password : list) {
    // Entries that broke an earlier rule (too short, not lower case) would be dead weight.
    EXPECT_EQ(broken_rule(password), rule::common) << password;
  }
}
