// SseParser over arbitrary bytes, fed whole and in pieces whose sizes come from the input. Both
// ways must give the same events; only std::length_error (an event over the limit) may escape.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "llm/sse_parser.hpp"

namespace {
void check(bool condition) {
  if (!condition) __builtin_trap();
}

struct Outcome {
  std::vector<authorworks::llm::SseEvent> events;
  bool too_large = false;
};

Outcome run(std::string_view stream, std::size_t piece) {
  authorworks::llm::SseParser parser(4096);
  Outcome outcome;
  try {
    for (std::size_t at = 0; at < stream.size(); at += piece) {
      parser.feed(stream.substr(at, piece), [&](const authorworks::llm::SseEvent& e) { outcome.events.push_back(e); });
    }
  } catch (const std::length_error&) {
    outcome.too_large = true;
  }
  return outcome;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t piece = 1 + data[0] % 16;
  const std::string_view stream(reinterpret_cast<const char*>(data) + 1, size - 1);
  const auto whole = run(stream, stream.size() + 1);
  const auto split = run(stream, piece);
  check(whole.too_large == split.too_large);
  if (whole.too_large) return 0;
  check(whole.events.size() == split.events.size());
  for (std::size_t i = 0; i < whole.events.size(); ++i) {
    const auto& event = whole.events[i];
    check(event.type == split.events[i].type && event.data == split.events[i].data && event.id == split.events[i].id);
    check(!event.type.empty());
    check(event.type.find_first_of("\r\n") == std::string::npos);
    check(event.id.find_first_of("\r\n") == std::string::npos && event.id.find('\0') == std::string::npos);
    check(event.data.find('\r') == std::string::npos);
  }
  return 0;
}
