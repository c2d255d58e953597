#pragma once
// One RESP2 reply, copied out of hiredis so that it outlives the connection it came from.
// Strings are binary-safe (they may hold NUL bytes and CR LF).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace authorworks::redis {

class Reply {
 public:
  enum class Type { nil, integer, string, status, error, array };

  Reply() = default;  // nil
  static Reply make_integer(std::int64_t value);
  static Reply make_string(std::string value);
  static Reply make_status(std::string value);
  static Reply make_error(std::string message);
  static Reply make_array(std::vector<Reply> elements);

  Type type() const noexcept { return type_; }
  bool is_nil() const noexcept { return type_ == Type::nil; }
  bool is_integer() const noexcept { return type_ == Type::integer; }
  bool is_string() const noexcept { return type_ == Type::string; }
  bool is_status() const noexcept { return type_ == Type::status; }
  bool is_error() const noexcept { return type_ == Type::error; }
  bool is_array() const noexcept { return type_ == Type::array; }

  // Typed access; each throws Error(internal) naming the actual type when it does not match.
  std::int64_t integer() const;
  const std::string& string() const;  // a bulk string or a status
  std::string take_string() &&;       // the same, moved out
  const std::string& error() const;   // the error message ("WRONGTYPE Operation against ...")
  const std::vector<Reply>& array() const;

  // A short description for messages: "nil", "integer 3", "error 'ERR ...'", "array of 2", ...
  std::string describe() const;

 private:
  Type type_ = Type::nil;
  std::int64_t integer_ = 0;
  std::string text_;
  std::vector<Reply> elements_;
};

std::string_view type_name(Reply::Type type) noexcept;

}  // namespace authorworks::redis
