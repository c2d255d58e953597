// MultipartParser over arbitrary bytes, fed whole and in pieces whose sizes come from the input.
// Both ways must give the same parts and bytes; only Error(bad_request) may escape.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "storage/multipart_parser.hpp"

namespace {
void check(bool condition) {
  if (!condition) __builtin_trap();
}

struct Outcome {
  std::vector<std::string> names;
  std::vector<std::string> bodies;
  bool malformed = false;
};

Outcome run(std::string_view body, std::size_t piece) {
  Outcome out;
  int open = 0;
  authorworks::storage::MultipartParser parser(
      "b0undary", {.begin_part =
                       [&](const authorworks::storage::MultipartPart& p) {
                         check(open == 0);
                         ++open;
                         out.names.push_back(p.name + "|" + p.filename.value_or("-") + "|" + p.content_type);
                         out.bodies.emplace_back();
                       },
                   .part_data =
                       [&](std::string_view b) {
                         check(open == 1);
                         out.bodies.back().append(b);
                       },
                   .end_part =
                       [&] {
                         check(open == 1);
                         --open;
                       }});
  try {
    for (std::size_t at = 0; at < body.size(); at += piece) parser.feed(body.substr(at, piece));
    parser.finish();
  } catch (const authorworks::Error& e) {
    check(e.code() == authorworks::ErrorCode::bad_request);
    out.malformed = true;
  }
  return out;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t piece = 1 + data[0] % 32;
  const std::string_view body(reinterpret_cast<const char*>(data) + 1, size - 1);
  const auto whole = run(body, body.size() + 1);
  const auto split = run(body, piece);
  check(whole.malformed == split.malformed);
  if (whole.malformed) return 0;
  check(whole.names == split.names);
  check(whole.bodies == split.bodies);
  for (const auto& b : whole.bodies) check(b.find("\r\n--b0undary") == std::string::npos);
  return 0;
}
