#include "db/database.hpp"

#include <cmath>
#include <stdexcept>

#include "core/error.hpp"
#include "db/pool.hpp"

namespace authorworks::db {
namespace {

std::string_view type_name(const Value& v) {
  switch (v.index()) {
    case 0: return "NULL";
    case 1: return "an integer";
    case 2: return "a real";
    case 3: return "text";
    case 4: return "a boolean";
  }
  return "?";
}

[[noreturn]] void wrong_type(std::string_view column, const Value& v, std::string_view wanted) {
  throw Error(ErrorCode::internal, "database column '" + std::string(column) + "' holds " + std::string(type_name(v)) +
                                       ", not " + std::string(wanted));
}

}  // namespace

std::string_view to_string(Backend backend) noexcept { return backend == Backend::postgres ? "postgres" : "sqlite"; }

void Value::throw_out_of_range() {
  throw Error(ErrorCode::internal, "an integer parameter does not fit a signed 64-bit database integer");
}

const Value& Row::at(std::string_view column) const {
  const auto& names = *columns_;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == column) return values_[i];
  }
  throw Error(ErrorCode::internal, "the database result has no column '" + std::string(column) + "'");
}

std::optional<std::string> Row::optional_text(std::string_view column) const {
  const auto& v = at(column);
  if (v.is_null()) return std::nullopt;
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  wrong_type(column, v, "text");
}

std::string Row::text(std::string_view column) const {
  auto v = optional_text(column);
  if (!v) wrong_type(column, at(column), "text");
  return std::move(*v);
}

std::optional<std::int64_t> Row::optional_integer(std::string_view column) const {
  const auto& v = at(column);
  if (v.is_null()) return std::nullopt;
  if (const auto* i = std::get_if<std::int64_t>(&v)) return *i;
  if (const auto* b = std::get_if<bool>(&v)) return *b ? 1 : 0;
  if (const auto* d = std::get_if<double>(&v)) {
    if (std::trunc(*d) == *d && std::fabs(*d) < 9.2e18) return static_cast<std::int64_t>(*d);
  }
  wrong_type(column, v, "an integer");
}

std::int64_t Row::integer(std::string_view column) const {
  const auto v = optional_integer(column);
  if (!v) wrong_type(column, at(column), "an integer");
  return *v;
}

std::optional<double> Row::optional_real(std::string_view column) const {
  const auto& v = at(column);
  if (v.is_null()) return std::nullopt;
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
  wrong_type(column, v, "a real");
}

double Row::real(std::string_view column) const {
  const auto v = optional_real(column);
  if (!v) wrong_type(column, at(column), "a real");
  return *v;
}

std::optional<bool> Row::optional_boolean(std::string_view column) const {
  const auto& v = at(column);
  if (v.is_null()) return std::nullopt;
  if (const auto* b = std::get_if<bool>(&v)) return *b;
  if (const auto* i = std::get_if<std::int64_t>(&v)) return *i != 0;
  wrong_type(column, v, "a boolean");
}

bool Row::boolean(std::string_view column) const {
  const auto v = optional_boolean(column);
  if (!v) wrong_type(column, at(column), "a boolean");
  return *v;
}

const Row& Result::first() const {
  if (rows.empty()) throw Error(ErrorCode::not_found, "no matching record was found");
  return rows.front();
}

Result& AsyncResult::get() {
  if (error) std::rethrow_exception(error);
  if (!result) throw Error(ErrorCode::internal, "a database statement ended without a result");
  return *result;
}

std::shared_ptr<Database> Database::open(const std::string& url, std::size_t pool_size) {
  if (pool_size == 0) throw std::invalid_argument("the database pool needs at least one connection");
  constexpr std::string_view kSqlite = "sqlite://";
  if (url.starts_with(kSqlite)) return detail::open_sqlite(url.substr(kSqlite.size()), pool_size);
  if (url.starts_with("postgres://") || url.starts_with("postgresql://")) {
    return detail::open_postgres(url, pool_size);
  }
  throw std::invalid_argument("expected a database URL like sqlite://PATH or postgres://user:password@host:5432/db");
}

}  // namespace authorworks::db
