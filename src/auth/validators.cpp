#include "auth/validators.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>

#include "core/error.hpp"
#include "core/text.hpp"

namespace authorworks::auth {
namespace {

[[noreturn]] void fail(std::string_view field, std::string message) {
  throw validation_error(std::string(field), std::move(message));
}

bool is_ascii_control(unsigned char c) noexcept { return c < 0x20 || c == 0x7F; }

// C0 controls, DEL and the C1 controls U+0080..U+009F (encoded as C2 80..C2 9F), except those in
// `allowed`. `text` must be valid UTF-8.
bool has_control_characters(std::string_view text, std::string_view allowed = {}) noexcept {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (is_ascii_control(c) && allowed.find(text[i]) == std::string_view::npos) return true;
    if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) <= 0x9F) return true;
  }
  return false;
}

bool is_ascii_alnum(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool valid_domain(std::string_view domain) noexcept {
  if (domain.empty() || domain.front() == '.' || domain.back() == '.' || domain.find("..") != std::string_view::npos ||
      domain.find('.') == std::string_view::npos) {
    return false;
  }
  for (const char c : domain) {
    if (!is_ascii_alnum(c) && c != '-' && c != '.' && static_cast<unsigned char>(c) < 0x80) return false;
  }
  return true;
}

std::string_view trim_end(std::string_view text) noexcept {
  const auto last = text.find_last_not_of(" \t\r\n");
  return last == std::string_view::npos ? std::string_view{} : text.substr(0, last + 1);
}

}  // namespace

std::string validate_email(std::string_view input, std::string_view field) {
  const auto email = trim(input);
  if (email.empty()) fail(field, "is required");
  if (email.size() > max_email_bytes) {
    fail(field, "must be at most " + std::to_string(max_email_bytes) + " characters long");
  }
  if (!is_valid_utf8(email)) fail(field, "must be valid UTF-8");
  if (email.find(' ') != std::string_view::npos || has_control_characters(email)) {
    fail(field, "must not contain spaces or control characters");
  }
  const auto at = email.find('@');
  if (at == std::string_view::npos || email.find('@', at + 1) != std::string_view::npos) {
    fail(field, "must be an email address like name@example.com");
  }
  const auto local = email.substr(0, at);
  const auto domain = email.substr(at + 1);
  if (local.empty() || local.size() > max_email_local_bytes) {
    fail(field, "must have 1 to " + std::to_string(max_email_local_bytes) + " characters before the @");
  }
  if (!valid_domain(domain)) fail(field, "must have a domain like example.com after the @");
  return to_lower(email);
}

std::string validate_username(std::string_view input, std::string_view field) {
  if (input.size() < min_username_chars || input.size() > max_username_chars) {
    fail(field, "must be " + std::to_string(min_username_chars) + " to " + std::to_string(max_username_chars) +
                    " characters long");
  }
  for (const char c : input) {
    if (!is_ascii_alnum(c) && c != '_' && c != '.' && c != '-') {
      fail(field, "may contain only letters A-Z, digits, '_', '.' and '-'");
    }
  }
  if (!is_ascii_alnum(input.front())) fail(field, "must start with a letter or digit");
  return std::string(input);
}

std::string username_key(std::string_view username) { return to_lower(username); }

std::string validate_display_name(std::string_view input, std::string_view field) {
  if (!is_valid_utf8(input)) fail(field, "must be valid UTF-8");
  const auto name = trim(input);
  if (name.empty()) fail(field, "must not be empty");
  if (count_code_points(name) > max_display_name_code_points) {
    fail(field, "must be at most " + std::to_string(max_display_name_code_points) + " characters long");
  }
  if (has_control_characters(name)) fail(field, "must not contain control characters or line breaks");
  return std::string(name);
}

std::string validate_bio(std::string_view input, std::string_view field) {
  if (!is_valid_utf8(input)) fail(field, "must be valid UTF-8");
  const auto bio = trim_end(input);
  if (count_code_points(bio) > max_bio_code_points) {
    fail(field, "must be at most " + std::to_string(max_bio_code_points) + " characters long");
  }
  if (has_control_characters(bio, "\n\r\t")) fail(field, "must not contain control characters");
  return std::string(bio);
}

std::string validate_avatar_url(std::string_view input, std::string_view field) {
  const auto text = trim(input);
  if (text.empty()) return {};
  if (text.size() > max_avatar_url_bytes) {
    fail(field, "must be at most " + std::to_string(max_avatar_url_bytes) + " characters long");
  }
  const auto parsed = boost::urls::parse_absolute_uri(text);
  if (!parsed) fail(field, "must be an absolute URL like https://example.com/me.png");
  const auto scheme = parsed->scheme_id();
  if (scheme != boost::urls::scheme::http && scheme != boost::urls::scheme::https) {
    fail(field, "must start with https:// or http://");
  }
  if (!parsed->has_authority() || parsed->encoded_host().empty()) {
    fail(field, "must name a host, like https://example.com/me.png");
  }
  if (parsed->has_userinfo()) fail(field, "must not contain a user name or password");
  boost::urls::url url(*parsed);
  url.normalize_scheme();
  url.normalize_authority();
  return std::string(url.buffer());
}

}  // namespace authorworks::auth
