#pragma once
// Text made safe for XHTML and XML: escaped, and cleaned of what XML 1.0 forbids, since the text
// comes from a language model or a user and may hold anything.
#include <string>
#include <string_view>

namespace authorworks::exporting {

// Escapes &, <, >, " and ' and replaces what XML 1.0 cannot carry: control characters other than
// tab, newline and carriage return become nothing, invalid UTF-8 (and encoded surrogates, U+FFFE,
// U+FFFF) becomes U+FFFD. The result is valid UTF-8 that parses back to the text.
std::string escape_xml(std::string_view text);

// The same cleaning without the escaping: valid UTF-8 holding only characters XML can carry.
std::string clean_xml_text(std::string_view text);

// Appends escape_xml(text) to `out`, without a temporary.
void append_xml(std::string& out, std::string_view text);

}  // namespace authorworks::exporting
