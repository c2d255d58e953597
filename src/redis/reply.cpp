#include "redis/reply.hpp"

#include "core/error.hpp"

namespace authorworks::redis {
namespace {

[[noreturn]] void wrong_type(std::string_view wanted, const Reply& reply) {
  throw Error(ErrorCode::internal,
              "Redis answered " + reply.describe() + " where " + std::string(wanted) + " was expected");
}

}  // namespace

std::string_view type_name(Reply::Type type) noexcept {
  switch (type) {
    case Reply::Type::nil: return "nil";
    case Reply::Type::integer: return "integer";
    case Reply::Type::string: return "string";
    case Reply::Type::status: return "status";
    case Reply::Type::error: return "error";
    case Reply::Type::array: return "array";
  }
  return "unknown";
}

Reply Reply::make_integer(std::int64_t value) {
  Reply r;
  r.type_ = Type::integer;
  r.integer_ = value;
  return r;
}

Reply Reply::make_string(std::string value) {
  Reply r;
  r.type_ = Type::string;
  r.text_ = std::move(value);
  return r;
}

Reply Reply::make_status(std::string value) {
  Reply r;
  r.type_ = Type::status;
  r.text_ = std::move(value);
  return r;
}

Reply Reply::make_error(std::string message) {
  Reply r;
  r.type_ = Type::error;
  r.text_ = std::move(message);
  return r;
}

Reply Reply::make_array(std::vector<Reply> elements) {
  Reply r;
  r.type_ = Type::array;
  r.elements_ = std::move(elements);
  return r;
}

std::int64_t Reply::integer() const {
  if (type_ != Type::integer) wrong_type("an integer", *this);
  return integer_;
}

const std::string& Reply::string() const {
  if (type_ != Type::string && type_ != Type::status) wrong_type("a string", *this);
  return text_;
}

std::string Reply::take_string() && {
  if (type_ != Type::string && type_ != Type::status) wrong_type("a string", *this);
  return std::move(text_);
}

const std::string& Reply::error() const {
  if (type_ != Type::error) wrong_type("an error", *this);
  return text_;
}

const std::vector<Reply>& Reply::array() const {
  if (type_ != Type::array) wrong_type("an array", *this);
  return elements_;
}

std::string Reply::describe() const {
  constexpr std::size_t kMaxText = 120;
  auto quoted = [&] {
    std::string t = text_.size() > kMaxText ? text_.substr(0, kMaxText) + "..." : text_;
    for (auto& c : t) {
      if (static_cast<unsigned char>(c) < 0x20) c = ' ';
    }
    return " '" + t + "'";
  };
  switch (type_) {
    case Type::nil: return "nil";
    case Type::integer: return "integer " + std::to_string(integer_);
    case Type::string: return "a string of " + std::to_string(text_.size()) + " bytes";
    case Type::status: return "status" + quoted();
    case Type::error: return "error" + quoted();
    case Type::array: return "an array of " + std::to_string(elements_.size());
  }
  return "unknown";
}

}  // namespace authorworks::redis
