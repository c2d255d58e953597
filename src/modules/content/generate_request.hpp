#pragma once
// The body of POST /api/v1/books/generate, checked field by field so that a client learns which
// field is wrong (422 naming it) before anything is written.
#include <boost/json/fwd.hpp>
#include <cstdint>
#include <string>

#include "generation/generation_service.hpp"
#include "generation/length_plan.hpp"

namespace authorworks::content {

inline constexpr std::size_t kMaxTitleCharacters = 200;
inline constexpr std::size_t kMaxBraindumpCharacters = 20'000;
inline constexpr std::size_t kMaxGenreCharacters = 100;

// Throws validation_error naming the field: title (1 to 200 characters, not blank), braindump (at
// most 20,000 characters), kind (novel, screenplay or play), genre (at most 100 characters),
// target_words (the engine's range, 500 to 250,000), seed (a non-negative whole number), or any unknown field.
generation::GenerateRequest parse_generate_request(const boost::json::value& body, const std::string& user_id);

}  // namespace authorworks::content
