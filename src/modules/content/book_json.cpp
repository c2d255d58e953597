#include "modules/content/book_json.hpp"

#include <boost/json.hpp>

namespace authorworks::content {
namespace {

template <class T>
boost::json::value or_null(const std::optional<T>& value) {
  return value ? boost::json::value(*value) : boost::json::value(nullptr);
}

}  // namespace

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
