#pragma once
// The JSON shapes of the content routes (documented in api/openapi.json), in one place so that the
// routes, the event stream and the WebSocket describe a book the same way.
#include <boost/json/object.hpp>
#include <memory>
#include <string>

#include "generation/generation_service.hpp"
#include "modules/content/book_repository.hpp"

namespace authorworks::content {

// {status, stage, progress, words, target_words, tokens_in, tokens_out, cost_usd, eta_seconds,
// writer, error, chapters:[{number, words, prompt_tokens_per_word}]} plus book_id and job_id.
boost::json::object status_json(const generation::BookStatus& status);
// The status as the first event of a stream: status_json with "type": "status", serialised once.
std::shared_ptr<const std::string> status_event_json(const generation::BookStatus& status);
boost::json::object summary_json(const BookSummary& book);
// The summary with braindump, tokens and chapters with their scenes and text.
boost::json::object book_json(const BookRecord& book);
// The inverse of summary_json and book_json, for what the content service answers another service.
// Throws Error(upstream_failed) when a member is missing or of the wrong type.
BookSummary summary_from_json(const boost::json::object& json);
BookRecord book_from_json(const boost::json::object& json);
// 202 body of generate, resume and regenerate: {book_id, job_id, status_url, events_url}.
boost::json::object started_json(const generation::Started& started);

bool is_terminal_status(std::string_view status) noexcept;  // completed, failed, cancelled

}  // namespace authorworks::content
