#include "modules/content/book_event_relay.hpp"

#include "modules/content/book_json.hpp"

namespace authorworks::content {

BookEventRelay::BookEventRelay(Deliver deliver, End end) : deliver_(std::move(deliver)), end_(std::move(end)) {}

void BookEventRelay::on_event(const events::Event& event) {
  bool ended_now = false;
  {
    std::lock_guard lock(mutex_);
    if (ended_) return;
    if (!started_) {
      if (pending_.size() < kMaxPending) pending_.push_back(event);
      return;
    }
    ended_now = deliver_locked(event.type, event.json);
  }
  if (ended_now && end_) end_();
}

void BookEventRelay::start(std::shared_ptr<const std::string> status_json, bool terminal) {
  bool ended_now = false;
  {
    std::lock_guard lock(mutex_);
    if (started_ || ended_) return;
    started_ = true;
    if (!deliver_(std::string_view("status"), status_json)) {
      ended_ = true;
    } else if (terminal && end_) {
      ended_ = ended_now = true;
    } else {
      for (const auto& event : pending_) {
        if (ended_) break;
        ended_now = deliver_locked(event.type, event.json);
      }
    }
    pending_.clear();
  }
  if (ended_now && end_) end_();
}

bool BookEventRelay::ended() const {
  std::lock_guard lock(mutex_);
  return ended_;
}

bool BookEventRelay::deliver_locked(std::string_view type, const std::shared_ptr<const std::string>& json) {
  if (!deliver_(type, json)) {
    ended_ = true;
    return false;  // the client is gone: there is nobody to end the stream for
  }
  if (end_ && is_terminal_status(type)) {
    ended_ = true;
    return true;
  }
  return false;
}

}  // namespace authorworks::content
