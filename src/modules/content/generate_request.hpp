#pragma once
// The body of POST /api/v1/books/generate, checked field by field so that a client learns which
// field is wrong (422 naming it) before anything is written.
#include <boost/json/fwd.hpp>
#include <cstdint>
#include <string>

#include "generation/generation_service.hpp"

namespace authorworks::content {

inline constexpr std::size_t kMaxTitleCharacters = 200;
inline constexpr std::size_t kMaxBraindumpCharacters = 20'000;
inline constexpr std::size_t kMaxGenreCharacters = 100;
// Small enough for a quick draft, large enough for a long novel; the engine plans chapters and
// scenes from it.
inline constexpr std::int64_t kMinTargetWords = 500;
inline constexpr std::int64_t kMaxTargetWords = 300'000;

// Throws validation_error naming the field: title (1 to 200 characters, not blank), braindump (at
// most 20,000 characters), kind (novel, screenplay or play), genre (at most 100 characters),
// target_words (500 to 300,000), seed (a non-negative whole number), or any unknown field.
generation::GenerateRequest parse_generate_request(const boost::json::value& body, const std::string& user_id);

}  // namespace authorworks::content
