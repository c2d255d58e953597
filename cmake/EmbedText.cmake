# Turns a text file into a C++ source that defines authorworks::embedded::openapi_document().
file(READ ${INPUT} content)
set(delim "AW_EMBED")
file(WRITE ${OUTPUT} "#include <string_view>\nnamespace authorworks::embedded {\nstd::string_view openapi_document() {\n  static constexpr std::string_view text = R\"${delim}(${content})${delim}\";\n  return text;\n}\n}  // namespace authorworks::embedded\n")
