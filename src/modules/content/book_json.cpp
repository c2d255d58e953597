#include "modules/content/book_json.hpp"

#include <boost/json.hpp>

namespace authorworks::content {
namespace {

template <class T>
boost::json::value or_null(const std::optional<T>& value) {
  return value ? boost::json::value(*value) : boost::json::value(nullptr);
}

template <class T>
T member(const boost::json::object& json, std::string_view name) {
  const auto* value = json.if_contains(name);
  if (value == nullptr) {
    throw Error(ErrorCode::upstream_failed, "the content service's answer lacks '" + std::string(name) + "'");
  }
  auto out = boost::json::try_value_to<T>(*value);
  if (!out) {
    throw Error(ErrorCode::upstream_failed, "the content service's answer has a malformed '" + std::string(name) + "'");
  }
  return std::move(*out);
}

template <class T>
std::optional<T> optional_member(const boost::json::object& json, std::string_view name) {
  const auto* value = json.if_contains(name);
  if (value == nullptr || value->is_null()) return std::nullopt;
  return member<T>(json, name);
}

const boost::json::array& array_member(const boost::json::object& json, std::string_view name) {
  const auto* value = json.if_contains(name);
  if (value == nullptr || !value->is_array()) {
    throw Error(ErrorCode::upstream_failed, "the content service's answer lacks the list '" + std::string(name) + "'");
  }
  return value->as_array();
}

const boost::json::object& object_of(const boost::json::value& value) {
  if (!value.is_object()) throw Error(ErrorCode::upstream_failed, "the content service's answer is malformed");
  return value.as_object();
}

}  // namespace

BookSummary summary_from_json(const boost::json::object& json) {
  BookSummary b;
  b.id = member<std::string>(json, "id");
  b.user_id = optional_member<std::string>(json, "user_id").value_or("");
  b.title = member<std::string>(json, "title");
  b.kind = member<std::string>(json, "kind");
  b.genre = optional_member<std::string>(json, "genre");
  b.status = member<std::string>(json, "status");
  b.words = member<std::int64_t>(json, "words");
  b.target_words = optional_member<std::int64_t>(json, "target_words");
  b.cost_usd = member<double>(json, "cost_usd");
  b.writer = optional_member<std::string>(json, "writer");
  b.created_at = member<std::string>(json, "created_at");
  b.updated_at = member<std::string>(json, "updated_at");
  b.completed_at = optional_member<std::string>(json, "completed_at");
  return b;
}

BookRecord book_from_json(const boost::json::object& json) {
  BookRecord book;
  book.summary = summary_from_json(json);
  book.braindump = member<std::string>(json, "braindump");
  book.tokens_in = member<std::int64_t>(json, "tokens_in");
  book.tokens_out = member<std::int64_t>(json, "tokens_out");
  for (const auto& c : array_member(json, "chapters")) {
    const auto& chapter = object_of(c);
    ChapterRecord record{member<int>(chapter, "number"),
                         member<std::string>(chapter, "title"),
                         member<std::string>(chapter, "summary"),
                         member<std::int64_t>(chapter, "words"),
                         {}};
    for (const auto& sc : array_member(chapter, "scenes")) {
      const auto& scene = object_of(sc);
      record.scenes.push_back({member<int>(scene, "number"), member<std::string>(scene, "title"),
                               member<std::string>(scene, "text"), member<std::string>(scene, "summary"),
                               member<std::int64_t>(scene, "words"), member<std::string>(scene, "updated_at")});
    }
    book.chapters.push_back(std::move(record));
  }
  return book;
}

boost::json::object status_json(const generation::BookStatus& s) {
  boost::json::array chapters;
  for (const auto& c : s.chapters) {
    chapters.push_back(boost::json::object{
        {"number", c.number}, {"words", c.words}, {"prompt_tokens_per_word", c.prompt_tokens_per_word}});
  }
  return {{"book_id", s.book_id},
          {"job_id", s.job_id.empty() ? boost::json::value(nullptr) : boost::json::value(s.job_id)},
          {"status", s.status},
          {"stage", s.stage.empty() ? boost::json::value(nullptr) : boost::json::value(s.stage)},
          {"progress", s.progress},
          {"words", s.words},
          {"target_words", s.target_words},
          {"tokens_in", s.tokens_in},
          {"tokens_out", s.tokens_out},
          {"cost_usd", s.cost_usd},
          {"eta_seconds", or_null(s.eta_seconds)},
          {"writer", s.writer},
          {"error", s.error.empty() ? boost::json::value(nullptr) : boost::json::value(s.error)},
          {"chapters", std::move(chapters)}};
}

std::shared_ptr<const std::string> status_event_json(const generation::BookStatus& status) {
  auto json = status_json(status);
  json["type"] = "status";
  return std::make_shared<const std::string>(boost::json::serialize(json));
}

boost::json::object summary_json(const BookSummary& b) {
  return {{"id", b.id},
          {"title", b.title},
          {"kind", b.kind},
          {"genre", or_null(b.genre)},
          {"status", b.status},
          {"words", b.words},
          {"target_words", or_null(b.target_words)},
          {"cost_usd", b.cost_usd},
          {"writer", or_null(b.writer)},
          {"created_at", b.created_at},
          {"updated_at", b.updated_at},
          {"completed_at", or_null(b.completed_at)}};
}

boost::json::object book_json(const BookRecord& book) {
  auto out = summary_json(book.summary);
  out["user_id"] = book.summary.user_id;
  out["braindump"] = book.braindump;
  out["tokens_in"] = book.tokens_in;
  out["tokens_out"] = book.tokens_out;
  boost::json::array chapters;
  for (const auto& c : book.chapters) {
    boost::json::array scenes;
    for (const auto& sc : c.scenes) {
      scenes.push_back(boost::json::object{{"id", sc.id},
                                           {"number", sc.number},
                                           {"title", sc.title},
                                           {"text", sc.text},
                                           {"summary", sc.summary},
                                           {"words", sc.words},
                                           {"updated_at", sc.updated_at}});
    }
    chapters.push_back(boost::json::object{{"id", c.id},
                                           {"number", c.number},
                                           {"title", c.title},
                                           {"summary", c.summary},
                                           {"words", c.words},
                                           {"scenes", std::move(scenes)}});
  }
  out["chapters"] = std::move(chapters);
  return out;
}

boost::json::object started_json(const generation::Started& started) {
  const auto base = "/api/v1/books/" + started.book_id;
  return {{"book_id", started.book_id},
          {"job_id", started.job_id},
          {"status_url", base + "/status"},
          {"events_url", base + "/events"}};
}

bool is_terminal_status(std::string_view status) noexcept {
  return status == "completed" || status == "failed" || status == "cancelled";
}

}  // namespace authorworks::content
