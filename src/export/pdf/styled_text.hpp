#pragma once
// A paragraph's text with the emphasis writers mark in it: *italic* and **bold**, as in the
// Markdown export. The markers are removed and become spans; a marker without its partner stays
// as written.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace authorworks::exporting::pdf {

enum class Emphasis { italic, bold };

struct StyledSpan {
  std::size_t start = 0;  // byte offsets into StyledText::text
  std::size_t end = 0;
  Emphasis emphasis = Emphasis::italic;
};

struct StyledText {
  std::string text;
  std::vector<StyledSpan> spans;
};

StyledText parse_emphasis(std::string_view text);

// Straight quotes to typographic ones, as a book prints them: a quote after a space, an opening
// bracket or dash (or at the start) opens, any other closes; an apostrophe is a closing single quote.
std::string curl_quotes(std::string_view text);

}  // namespace authorworks::exporting::pdf
