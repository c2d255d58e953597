#pragma once
// The Content-Disposition of a downloaded export: the title's slug as the plain file name, and the
// title as written in filename* for clients that read it (RFC 6266, RFC 8187 encoding).
#include <string>
#include <string_view>

#include "export/export_format.hpp"

namespace authorworks::exporting {

// attachment; filename="le-chateau.epub"; filename*=UTF-8''Le%20Ch%C3%A2teau.epub
// (filename* only when the title says more than its slug; the title is cleaned of controls and
// path separators first).
std::string export_disposition(std::string_view title, ExportFormat format);

}  // namespace authorworks::exporting
