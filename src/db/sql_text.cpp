#include "db/sql_text.hpp"

namespace authorworks::db::detail {
namespace {

bool is_identifier_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// The length of a dollar-quote opening tag ("$$", "$body$") at `pos`, or 0.
std::size_t dollar_tag_length(std::string_view sql, std::size_t pos) {
  if (pos > 0 && is_identifier_char(sql[pos - 1])) return 0;  // part of an identifier like a$b
  std::size_t end = pos + 1;
  if (end < sql.size() && is_digit(sql[end])) return 0;  // $1 is a parameter
  while (end < sql.size() && is_identifier_char(sql[end]) && sql[end] != '$') ++end;
  if (end < sql.size() && sql[end] == '$') return end - pos + 1;
  return 0;
}

std::vector<std::string> split_columns(std::string_view list, bool strip_table) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos <= list.size()) {
    auto comma = list.find(',', pos);
    if (comma == std::string_view::npos) comma = list.size();
    auto item = list.substr(pos, comma - pos);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (strip_table) {
      if (const auto dot = item.rfind('.'); dot != std::string_view::npos) item.remove_prefix(dot + 1);
    }
    if (item.size() >= 2 && item.front() == '"' && item.back() == '"') item = item.substr(1, item.size() - 2);
    if (!item.empty()) out.emplace_back(item);
    pos = comma + 1;
  }
  return out;
}

}  // namespace

NumberedSql number_placeholders(std::string_view sql) {
  NumberedSql out;
  out.text.reserve(sql.size() + 16);
  std::size_t i = 0;
  const auto copy_until = [&](std::size_t end) {
    out.text.append(sql.substr(i, end - i));
    i = end;
  };
  while (i < sql.size()) {
    const char c = sql[i];
    if (c == '?') {
      out.text += '$';
      out.text += std::to_string(++out.parameters);
      ++i;
    } else if (c == '\'') {
      // 'it''s' and E'it\'s'
      const bool backslash_escapes =
          i > 0 && (sql[i - 1] == 'E' || sql[i - 1] == 'e') && (i < 2 || !is_identifier_char(sql[i - 2]));
      std::size_t j = i + 1;
      while (j < sql.size()) {
        if (backslash_escapes && sql[j] == '\\') {
          j += 2;
        } else if (sql[j] == '\'') {
          if (j + 1 < sql.size() && sql[j + 1] == '\'') {
            j += 2;
          } else {
            ++j;
            break;
          }
        } else {
          ++j;
        }
      }
      copy_until(std::min(j, sql.size()));
    } else if (c == '"') {
      auto j = sql.find('"', i + 1);
      copy_until(j == std::string_view::npos ? sql.size() : j + 1);
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      auto j = sql.find('\n', i);
      copy_until(j == std::string_view::npos ? sql.size() : j + 1);
    } else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
      int depth = 0;  // PostgreSQL's block comments nest
      std::size_t j = i;
      while (j < sql.size()) {
        if (sql.compare(j, 2, "/*") == 0) {
          ++depth;
          j += 2;
        } else if (sql.compare(j, 2, "*/") == 0) {
          j += 2;
          if (--depth == 0) break;
        } else {
          ++j;
        }
      }
      copy_until(std::min(j, sql.size()));
    } else if (c == '$' && dollar_tag_length(sql, i) > 0) {
      const auto tag = sql.substr(i, dollar_tag_length(sql, i));
      const auto close = sql.find(tag, i + tag.size());
      copy_until(close == std::string_view::npos ? sql.size() : close + tag.size());
    } else {
      out.text += c;
      ++i;
    }
  }
  return out;
}

std::string iso_timestamp_from_postgres(std::string_view text) {
  // YYYY-MM-DD HH:MM:SS[.ffffff][+00[:00]]
  static constexpr std::string_view kShape = "dddd-dd-dd dd:dd:dd";
  if (text.size() < kShape.size()) return std::string(text);
  for (std::size_t i = 0; i < kShape.size(); ++i) {
    if (kShape[i] == 'd' ? !is_digit(text[i]) : text[i] != kShape[i]) return std::string(text);
  }
  std::string out(text.substr(0, 19));
  out[10] = 'T';
  std::size_t pos = 19;
  std::string fraction;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    while (pos < text.size() && is_digit(text[pos])) fraction += text[pos++];
  }
  const auto zone = text.substr(pos);
  if (!zone.empty() && zone != "+00" && zone != "+00:00" && zone != "Z") return std::string(text);
  fraction.resize(3, '0');
  out += '.';
  out += fraction;
  out += 'Z';
  return out;
}

std::vector<std::string> sqlite_unique_columns(std::string_view message) {
  constexpr std::string_view kPrefix = "UNIQUE constraint failed: ";
  const auto at = message.find(kPrefix);
  if (at == std::string_view::npos) return {};
  const auto list = message.substr(at + kPrefix.size());
  if (list.starts_with("index ")) return {};  // an index on an expression: no column to name
  return split_columns(list, true);
}

std::vector<std::string> postgres_unique_columns(std::string_view detail) {
  const auto start = detail.find("Key (");
  if (start == std::string_view::npos) return {};
  const auto end = detail.find(")=(", start);
  if (end == std::string_view::npos) return {};
  const auto list = detail.substr(start + 5, end - start - 5);
  if (list.find('(') != std::string_view::npos) return {};  // an expression such as lower(email)
  return split_columns(list, false);
}

}  // namespace authorworks::db::detail
