#pragma once
// A whole book as the exporters read it: plain data, so that rendering never touches the database
// and the same document renders the same bytes every time.
#include <string>
#include <vector>

#include "llm/writer.hpp"

namespace authorworks::exporting {

struct SceneDocument {
  int number = 0;
  std::string title;
  std::string text;
  friend bool operator==(const SceneDocument&, const SceneDocument&) = default;
};

struct ChapterDocument {
  int number = 0;  // an act of a play, a sequence of a screenplay
  std::string title;
  std::vector<SceneDocument> scenes;
  friend bool operator==(const ChapterDocument&, const ChapterDocument&) = default;
};

struct BookDocument {
  std::string id;  // the book's UUID: the EPUB's identifier is urn:uuid:<id>
  std::string title;
  std::string author;
  llm::BookKind kind = llm::BookKind::novel;
  std::string genre;
  std::string writer;           // the writer's label, so a reader knows what drafted the text
  std::string generated;        // the date the book was finished, "2026-11-28"; empty when unknown
  std::string language = "en";  // BCP 47
  std::string modified;         // when the text last changed, "2026-11-28T21:55:52Z"; empty when unknown
  std::vector<ChapterDocument> chapters;
  friend bool operator==(const BookDocument&, const BookDocument&) = default;
};

}  // namespace authorworks::exporting
