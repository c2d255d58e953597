#pragma once
// A ManuscriptPassage as JSON, for the content service to hand a scene or chapter to the editor
// service (GET /api/v1/passages/:id): passage_from_json(passage_json(p)) == p.
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "modules/content/manuscript_text.hpp"

namespace authorworks::content {

// {id, kind: "scene"|"chapter", book_id, owner_id, chapter_number, title,
//  scenes: [{id, number, title, text}]}
boost::json::object passage_json(const ManuscriptPassage& passage);

// The inverse. Throws Error(upstream_failed) naming the member that is missing or malformed.
ManuscriptPassage passage_from_json(const boost::json::value& json);

}  // namespace authorworks::content
