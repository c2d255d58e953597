#pragma once
// The small pieces of Markdown and YAML syntax the Markdown renderer is made of, kept apart so that
// each is tested on its own.
#include <string>
#include <string_view>

namespace authorworks::exporting {

// Text that must read literally inside a line (a title in a heading or a link): every character
// Markdown could take as emphasis, code, a link, HTML or a heading's closing '#' gets a backslash.
std::string escape_markdown_inline(std::string_view text);

// One line of body text, trimmed of its indentation (four spaces would make it a code block), with
// a backslash before whatever would make it a heading, quote, list item, rule, fence or HTML block.
// Emphasis inside the line is left alone: writers use *italics*.
std::string escape_markdown_line_start(std::string_view line);

// The anchor GitHub (and most renderers) give a heading: lower case, spaces to '-', punctuation
// dropped, letters beyond ASCII kept (Latin-1 capitals lowered).
std::string heading_anchor(std::string_view heading);

// A YAML double-quoted scalar: "…" with backslash escapes, safe for any text.
std::string yaml_quote(std::string_view text);

}  // namespace authorworks::exporting
