#include "modules/content/generate_request.hpp"

#include <boost/json.hpp>

#include "core/error.hpp"
#include "core/json_body.hpp"
#include "core/text.hpp"

namespace authorworks::content {
namespace {

// Characters, not bytes: a title in Greek or Japanese gets the same room as one in English. UTF-8
// needs at most four bytes a character, so the byte limit only rejects what is surely too long.
std::optional<std::string> text_field(const boost::json::object& obj, std::string_view name, std::size_t max_chars,
                                      bool required) {
  auto value = required ? std::optional<std::string>(required_string(obj, name, max_chars * 4))
                        : optional_string(obj, name, max_chars * 4);
  if (!value) return value;
  if (count_code_points(*value) > max_chars) {
    throw validation_error(std::string(name), "must be at most " + std::to_string(max_chars) + " characters long");
  }
  return value;
}

llm::BookKind parse_kind_field(const boost::json::object& obj) {
  const auto kind = optional_string(obj, "kind", 32);
  if (!kind || *kind == "novel") return llm::BookKind::novel;
  if (*kind == "screenplay") return llm::BookKind::screenplay;
  if (*kind == "play") return llm::BookKind::play;
  throw validation_error("kind", "must be novel, screenplay or play");
}

}  // namespace

generation::GenerateRequest parse_generate_request(const boost::json::value& body, const std::string& user_id) {
  const auto& obj = json_object(body, {"title", "braindump", "kind", "genre", "target_words", "seed"});
  generation::GenerateRequest request;
  request.user_id = user_id;
  request.title = std::string(trim(*text_field(obj, "title", kMaxTitleCharacters, true)));
  if (request.title.empty()) throw validation_error("title", "must not be blank");
  request.braindump = text_field(obj, "braindump", kMaxBraindumpCharacters, false).value_or("");
  request.kind = parse_kind_field(obj);
  request.genre = std::string(trim(text_field(obj, "genre", kMaxGenreCharacters, false).value_or("")));
  request.target_words =
      optional_int(obj, "target_words", generation::kMinTargetWords, generation::kMaxTargetWords).value_or(0);
  // The seed travels as a JSON number; a double holds whole numbers exactly only up to 2^53.
  request.seed = static_cast<std::uint64_t>(optional_int(obj, "seed", 0, (std::int64_t{1} << 53)).value_or(0));
  return request;
}

}  // namespace authorworks::content
