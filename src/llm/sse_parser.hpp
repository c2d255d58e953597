#pragma once
// An incremental parser for server-sent events (the WHATWG "text/event-stream" format), fed the
// bytes of a stream in whatever pieces the network delivers: a line, a field or a CRLF may be split
// anywhere. Lines end with CRLF, LF or CR; lines starting with ':' are comments; an event is
// dispatched at a blank line and only when it carried data.
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace authorworks::llm {

struct SseEvent {
  std::string type = "message";  // the `event:` field, "message" when absent
  std::string data;              // `data:` lines joined with '\n'
  std::string id;                // the last `id:` seen so far in the stream
};

class SseParser {
 public:
  using EventHandler = std::function<void(const SseEvent& event)>;

  // An event (or a line) larger than `max_event_bytes` throws std::length_error rather than
  // growing without bound on a hostile or broken stream.
  explicit SseParser(std::size_t max_event_bytes = 16 * 1024 * 1024) : max_event_bytes_(max_event_bytes) {}

  // Parses `chunk`, calling `on_event` for every event completed by it.
  void feed(std::string_view chunk, const EventHandler& on_event);
  // Whether bytes of an unfinished event are pending (a stream that ends here was cut short).
  bool has_pending() const noexcept { return !line_.empty() || data_seen_ || !type_.empty(); }

 private:
  void process_line(std::string_view line, const EventHandler& on_event);

  std::size_t max_event_bytes_;
  std::string line_;
  std::string data_;
  std::string type_;
  std::string last_id_;
  bool data_seen_ = false;
  bool after_cr_ = false;  // the previous chunk ended with CR: a leading LF belongs to it
  bool at_start_ = true;   // a byte-order mark is skipped at the very start of the stream
};

}  // namespace authorworks::llm
