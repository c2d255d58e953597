#pragma once
// A BookDocument as JSON, for the content service to hand a whole book to the storage service
// (GET /api/v1/books/:id/manuscript) so that exports render between services exactly what they
// render in one process: book_document_from_json(book_document_json(b)) == b.
//
// Scene text goes byte for byte as stored, even bytes that are not UTF-8 (a model's stream cut
// inside a character; the renderers replace them), which boost::json serializes as they are: read
// the JSON text with parse_options::allow_invalid_utf8, or such a book could not be exported.
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "export/book_document.hpp"

namespace authorworks::exporting {

// {id, title, author, kind, genre, writer, generated, language, modified,
//  chapters: [{number, title, scenes: [{number, title, text}]}]}
boost::json::object book_document_json(const BookDocument& book);

// The inverse. Throws Error(upstream_failed) naming the member that is missing or malformed: the
// JSON comes from another service, so a bad one is that service's fault, not the caller's.
BookDocument book_document_from_json(const boost::json::value& json);

}  // namespace authorworks::exporting
