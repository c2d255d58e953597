#pragma once
// GET /api/v1/books/:id/events: the book's status first, then the bus's events for "book:<id>" as
// Server-Sent Events (event: <type>, data: <json>, id: <sequence>), ending after completed, failed
// or cancelled. A reconnecting client (Last-Event-ID) gets the current status again, which covers
// whatever it missed.
#include <memory>
#include <string>

namespace authorworks::http {
class EventStream;
}

namespace authorworks::content {

struct ContentContext;

// Blocking (reads the status): call from the worker pool, after authorization.
std::shared_ptr<http::EventStream> open_book_event_stream(ContentContext& context, const std::string& book_id);

}  // namespace authorworks::content
