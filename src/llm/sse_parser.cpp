#include "llm/sse_parser.hpp"

#include <stdexcept>

namespace authorworks::llm {

namespace {
constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";
}

void SseParser::feed(std::string_view chunk, const EventHandler& on_event) {
  if (at_start_) {
    // The mark may itself be split across chunks: wait until three bytes are known.
    line_.append(chunk);
    if (line_.size() < kByteOrderMark.size() && kByteOrderMark.starts_with(line_)) return;
    at_start_ = false;
    std::string pending = std::move(line_);
    line_.clear();
    std::string_view rest(pending);
    if (rest.starts_with(kByteOrderMark)) rest.remove_prefix(kByteOrderMark.size());
    feed(rest, on_event);
    return;
  }
  while (!chunk.empty()) {
    if (after_cr_) {
      after_cr_ = false;
      if (chunk.front() == '\n') {
        chunk.remove_prefix(1);
        continue;
      }
    }
    const auto end = chunk.find_first_of("\r\n");
    if (end == std::string_view::npos) {
      if (line_.size() + chunk.size() > max_event_bytes_) throw std::length_error("server-sent event too large");
      line_.append(chunk);
      return;
    }
    std::string_view line = chunk.substr(0, end);
    if (!line_.empty()) {
      if (line_.size() + line.size() > max_event_bytes_) throw std::length_error("server-sent event too large");
      line_.append(line);
      line = line_;
    }
    after_cr_ = chunk[end] == '\r';
    chunk.remove_prefix(end + 1);
    // process_line may dispatch; copy out of line_ first so it can be reused.
    std::string owned;
    if (!line_.empty()) {
      owned = std::move(line_);
      line_.clear();
      line = owned;
    }
    process_line(line, on_event);
  }
}

void SseParser::process_line(std::string_view line, const EventHandler& on_event) {
  if (line.empty()) {
    if (data_seen_) {
      SseEvent event;
      if (!type_.empty()) event.type = std::move(type_);
      event.data = std::move(data_);
      event.id = last_id_;
      type_.clear();
      data_.clear();
      data_seen_ = false;
      on_event(event);
    } else {
      type_.clear();
    }
    return;
  }
  if (line.front() == ':') return;
  std::string_view field = line;
  std::string_view value;
  if (const auto colon = line.find(':'); colon != std::string_view::npos) {
    field = line.substr(0, colon);
    value = line.substr(colon + 1);
    if (value.starts_with(' ')) value.remove_prefix(1);
  }
  if (field == "data") {
    if (data_.size() + value.size() + 1 > max_event_bytes_) throw std::length_error("server-sent event too large");
    if (data_seen_) data_.push_back('\n');
    data_.append(value);
    data_seen_ = true;
  } else if (field == "event") {
    type_.assign(value);
  } else if (field == "id") {
    // The specification ignores an id containing NUL.
    if (value.find('\0') == std::string_view::npos) last_id_.assign(value);
  }
  // "retry" and unknown fields do not concern a client that reconnects on its own terms.
}

}  // namespace authorworks::llm
