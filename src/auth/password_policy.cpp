#include "auth/password_policy.hpp"

#include <algorithm>
#include <array>
#include <unordered_set>

#include "core/text.hpp"

namespace authorworks::auth {
namespace {

// Frequent entries of public breach corpora that are long enough to pass the length rule, plus
// keyboard walks and words specific to this platform. Shorter ones fail the length rule anyway.
// Kept in lower case; compared after ASCII lower-casing.
constexpr auto common_password_list = std::to_array<std::string_view>({
    "1234567890",       "0123456789",        "0987654321",    "9876543210",       "12345678910",     "12345678901",
    "123456789012",     "1234567890123",     "123456789a",    "1234567890a",      "a123456789",      "a1234567890",
    "123456789q",       "q123456789",        "123456789abc",  "abc123456789",     "1234567891",      "1234512345",
    "1122334455",       "1212121212",        "1231231231",    "123123123123",     "1234554321",      "1357924680",
    "2468013579",       "1234qwerty",        "qwerty1234",    "qwerty12345",      "qwerty123456",    "qwertyuiop",
    "qwertyuiop1",      "qwertyuiop123",     "qwertyuiop[]",  "qwertyqwerty",     "qwerty123qwerty", "1q2w3e4r5t",
    "1q2w3e4r5t6y",     "1q2w3e4r5t6y7u",    "q1w2e3r4t5",    "q1w2e3r4t5y6",     "1qaz2wsx3edc",    "1qazxsw23edc",
    "zaq12wsxcde3",     "qazwsxedc1",        "qazwsxedc123",  "qazwsxedcrfv",     "qwe123qwe123",    "asdfghjkl1",
    "asdfghjkl123",     "asdfghjkl;",        "asdfasdfasdf",  "asdfghjklzxcvbnm", "zxcvbnm123",      "zxcvbnm1234",
    "qwertzuiop",       "qwertz1234",        "azertyuiop",    "azerty1234",       "azerty123456",    "abcdefghij",
    "abcdefghijk",      "abcdefg123",        "abcd123456",    "abcde12345",       "abc1234567",      "abc123abc123",
    "abcd1234abcd",     "password12",        "password123",   "password1234",     "password12345",   "password123456",
    "password01",       "password11",        "password99",    "password!!",       "password1!",      "password123!",
    "password2020",     "password2021",      "password2022",  "password2023",     "password2024",    "password2025",
    "passwordpassword", "password1password", "passw0rd123",   "p@ssw0rd123",      "p@ssword123",     "pa55word123",
    "mypassword",       "mypassword1",       "mypassword123", "newpassword",      "newpassword1",    "newpassword123",
    "mynewpassword",    "changeme123",       "changeme1234",  "letmein123",       "letmein1234",     "letmeinnow",
    "welcome123",       "welcome1234",       "welcome2023",   "welcome2024",      "welcome2025",     "welcomehome",
    "iloveyou12",       "iloveyou123",       "iloveyou1234",  "iloveyou!!",       "iloveyouforever", "sunshine12",
    "sunshine123",      "princess12",        "princess123",   "football12",       "football123",     "football1234",
    "baseball12",       "baseball123",       "basketball",    "basketball1",      "soccer1234",      "hockey1234",
    "superman123",      "batman1234",        "starwars12",    "starwars123",      "pokemon123",      "dragon1234",
    "monkey1234",       "master1234",        "shadow1234",    "michael123",       "jennifer12",      "jessica123",
    "charlie123",       "anthony123",        "matthew123",    "christopher",      "christopher1",    "elizabeth1",
    "alexander1",       "liverpool1",        "liverpool12",   "chelsea123",       "arsenal123",      "manchester",
    "manchester1",      "barcelona1",        "computer12",    "computer123",      "internet123",     "administrator",
    "administrator1",   "admin12345",        "admin123456",   "adminadmin",       "adminadmin123",   "root123456",
    "test123456",       "testing123",        "test12345678",  "guest12345",       "user123456",      "login12345",
    "secret1234",       "secret12345",       "whatever12",    "whatever123",      "hello12345",      "helloworld",
    "helloworld1",      "helloworld123",     "butterfly1",    "chocolate1",       "strawberry",      "strawberry1",
    "rainbow123",       "summer2023",        "summer2024",    "summer2025",       "winter2023",      "winter2024",
    "spring2024",       "autumn2024",        "default123",    "motdepasse",       "passwort123",     "contraseña",
    "contrasena",       "contrasena1",       "wachtwoord",    "authorworks",      "authorworks1",    "authorworks123",
    "writer1234",       "author1234",        "bookworm12",    "mynovel123",
});

bool is_common(std::string_view lowered) {
  static const std::unordered_set<std::string_view> set(common_password_list.begin(), common_password_list.end());
  return set.contains(lowered);
}

bool all_one_character(std::string_view password) {
  // Compares code points, not bytes: "ééééééééééé" is one character repeated.
  std::size_t first_length = 1;
  while (first_length < password.size() && (static_cast<unsigned char>(password[first_length]) & 0xC0) == 0x80) {
    ++first_length;
  }
  const auto first = password.substr(0, first_length);
  for (std::size_t i = 0; i < password.size(); i += first_length) {
    if (password.substr(i, first_length) != first) return false;
  }
  return true;
}

PolicyViolation violation(std::string_view rule, std::string message) {
  return {std::string(rule), std::move(message)};
}

}  // namespace

std::optional<PolicyViolation> check_password(std::string_view password, std::string_view email,
                                              std::string_view username) {
  if (!is_valid_utf8(password)) {
    return violation(password_rule::invalid_utf8, "The password must be valid UTF-8 text.");
  }
  if (password.size() > max_password_bytes) {
    return violation(password_rule::too_long,
                     "The password must be at most " + std::to_string(max_password_bytes) + " bytes long.");
  }
  if (count_code_points(password) < min_password_code_points) {
    return violation(password_rule::too_short,
                     "The password must be at least " + std::to_string(min_password_code_points) + " characters long.");
  }
  if (all_one_character(password)) {
    return violation(password_rule::one_character, "The password must not be one character repeated.");
  }
  const auto lowered = to_lower(password);
  if (!email.empty() && lowered == to_lower(email)) {
    return violation(password_rule::same_as_email, "The password must not be your email address.");
  }
  if (!username.empty() && lowered == to_lower(username)) {
    return violation(password_rule::same_as_username, "The password must not be your username.");
  }
  if (is_common(lowered)) {
    return violation(password_rule::common, "This password is one of the most commonly used; choose another.");
  }
  return std::nullopt;
}

std::span<const std::string_view> common_passwords() noexcept { return common_password_list; }

}  // namespace authorworks::auth
