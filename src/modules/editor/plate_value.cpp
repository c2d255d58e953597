#include "modules/editor/plate_value.hpp"

#include <boost/json.hpp>

#include "core/error.hpp"

namespace authorworks::editor {
namespace {

constexpr std::size_t kMaxBlocks = 20'000;
constexpr std::size_t kMaxTypeLength = 64;
// Boost.JSON parses 32 levels of nesting; an element takes two (its object and its children), so
// this stays reachable: beyond it the body is a 400 before it is a Plate value at all.
constexpr int kMaxDepth = 12;

[[noreturn]] void invalid(const std::string& where, const std::string& message) {
  throw validation_error("content", where + " " + message);
}

void validate_node(const boost::json::value& node, const std::string& where, int depth) {
  if (depth > kMaxDepth) invalid(where, "is nested more than " + std::to_string(kMaxDepth) + " levels deep");
  const auto* obj = node.if_object();
  if (obj == nullptr) invalid(where, "must be an object (an element or a text leaf)");
  if (const auto* text = obj->if_contains("text")) {
    if (!text->is_string()) invalid(where, "has a \"text\" that is not a string");
    if (obj->contains("children")) invalid(where, "is a text leaf and cannot have children");
    return;
  }
  const auto* type = obj->if_contains("type");
  if (type == nullptr || !type->is_string() || type->as_string().empty() || type->as_string().size() > kMaxTypeLength) {
    invalid(where, "must have a \"type\" (a short string) or a \"text\"");
  }
  const auto* children = obj->if_contains("children");
  if (children == nullptr || !children->is_array() || children->as_array().empty()) {
    invalid(where, "must have a non-empty \"children\" array");
  }
  const auto& list = children->as_array();
  for (std::size_t i = 0; i < list.size(); ++i)
    validate_node(list[i], where + ".children[" + std::to_string(i) + "]", depth + 1);
}

void append_text(const boost::json::value& node, std::string& out) {
  const auto& obj = node.as_object();
  if (const auto* text = obj.if_contains("text")) {
    out += text->as_string();
    return;
  }
  for (const auto& child : obj.at("children").as_array()) append_text(child, out);
}

bool holds_blocks(const boost::json::object& element) {
  // Slate keeps a text leaf beside every inline element, so an element without a text leaf among
  // its children holds blocks: a block quote wraps whole paragraphs.
  for (const auto& child : element.at("children").as_array()) {
    if (child.as_object().contains("text")) return false;
  }
  return true;
}

bool is_scene_break(const boost::json::value& block) {
  const auto* type = block.as_object().if_contains("type");
  return type != nullptr && type->as_string() == kSceneBreakType;
}

bool is_blank(std::string_view line) { return line.find_first_not_of(" \t\r\f\v") == std::string_view::npos; }

std::string_view trim_end(std::string_view text) {
  const auto last = text.find_last_not_of(" \t\r\n\f\v");
  return last == std::string_view::npos ? std::string_view() : text.substr(0, last + 1);
}

// Paragraphs: runs of lines between lines that hold nothing but whitespace. A line keeps the
// whitespace it starts with (a poem's or a letter's indentation, a screenplay's cue), and only the
// invisible whitespace at a paragraph's end goes.
std::vector<std::string> paragraphs_of(std::string_view text) {
  std::vector<std::string> paragraphs;
  std::string current;
  const auto flush = [&] {
    if (!current.empty()) paragraphs.emplace_back(trim_end(current));
    current.clear();
  };
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto end = std::min(text.find('\n', start), text.size());
    const auto line = text.substr(start, end - start);
    if (is_blank(line)) {
      flush();
    } else {
      if (!current.empty()) current += '\n';
      current += line;
    }
    start = end + 1;
  }
  flush();
  return paragraphs;
}

// The paragraphs of one block, in order: its own text, or those of the blocks it holds.
void append_paragraphs(const boost::json::value& block, std::vector<std::string>& paragraphs) {
  const auto& element = block.as_object();
  if (holds_blocks(element)) {
    for (const auto& child : element.at("children").as_array()) append_paragraphs(child, paragraphs);
    return;
  }
  std::string text;
  append_text(block, text);
  // A block holding a blank line would split into two paragraphs in the manuscript; keep what it
  // means, paragraphs, and let the next open show them as two blocks.
  for (auto& p : paragraphs_of(text)) paragraphs.push_back(std::move(p));
}

std::string joined(const std::vector<std::string>& paragraphs) {
  std::string out;
  for (const auto& p : paragraphs) {
    if (!out.empty()) out += "\n\n";
    out += p;
  }
  return out;
}

}  // namespace

void validate_plate_value(const boost::json::value& value) {
  const auto* blocks = value.if_array();
  if (blocks == nullptr) throw validation_error("content", "must be a Plate value: an array of blocks");
  if (blocks->empty()) throw validation_error("content", "must hold at least one block");
  if (blocks->size() > kMaxBlocks)
    throw validation_error("content", "holds more than " + std::to_string(kMaxBlocks) + " blocks");
  for (std::size_t i = 0; i < blocks->size(); ++i) {
    const auto where = "content[" + std::to_string(i) + "]";
    validate_node((*blocks)[i], where, 1);
    if ((*blocks)[i].as_object().contains("text")) invalid(where, "must be a block element, not a text leaf");
  }
}

boost::json::array plate_blocks_from_text(std::string_view text) {
  boost::json::array blocks;
  for (const auto& paragraph : paragraphs_of(text)) {
    blocks.push_back(boost::json::object{{"type", "p"}, {"children", boost::json::array{{{"text", paragraph}}}}});
  }
  if (blocks.empty()) {
    blocks.push_back(boost::json::object{{"type", "p"}, {"children", boost::json::array{{{"text", ""}}}}});
  }
  return blocks;
}

boost::json::array plate_value_from_scenes(const std::vector<std::string>& scene_texts) {
  boost::json::array value;
  for (std::size_t i = 0; i < scene_texts.size(); ++i) {
    if (i > 0) {
      value.push_back(boost::json::object{{"type", kSceneBreakType}, {"children", boost::json::array{{{"text", ""}}}}});
    }
    for (auto& block : plate_blocks_from_text(scene_texts[i])) value.push_back(std::move(block));
  }
  if (value.empty()) value = plate_blocks_from_text("");
  return value;
}

std::vector<std::string> scene_texts_from_plate(const boost::json::array& value) {
  std::vector<std::string> scenes;
  std::vector<std::string> paragraphs;
  for (const auto& block : value) {
    if (is_scene_break(block)) {
      scenes.push_back(joined(paragraphs));
      paragraphs.clear();
      continue;
    }
    append_paragraphs(block, paragraphs);
  }
  scenes.push_back(joined(paragraphs));
  return scenes;
}

std::string normalized_scene_text(std::string_view text) { return joined(paragraphs_of(text)); }

}  // namespace authorworks::editor
