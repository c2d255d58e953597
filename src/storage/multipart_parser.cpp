#include "storage/multipart_parser.hpp"

#include "core/error.hpp"
#include "core/text.hpp"

namespace authorworks::storage {
namespace {

Error malformed(const std::string& what) { return Error(ErrorCode::bad_request, "malformed multipart body: " + what); }

// RFC 2046 bcharsnospace plus space (not last).
bool is_boundary_char(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         std::string_view("'()+_,-./:=? ").find(c) != std::string_view::npos;
}

// Splits "value; a=b; c=\"d;e\"" into its parameters, calling `on_param(name, value)` with names
// in lower case and quoted values unquoted.
template <class OnParam>
std::string_view parse_parameters(std::string_view text, OnParam on_param) {
  const auto first = text.find(';');
  const auto value = trim(text.substr(0, first));
  if (first == std::string_view::npos) return value;
  std::string_view rest = text.substr(first + 1);
  while (!rest.empty()) {
    const auto eq = rest.find('=');
    const auto semicolon = rest.find(';');
    if (eq == std::string_view::npos || (semicolon != std::string_view::npos && semicolon < eq)) {
      if (semicolon == std::string_view::npos) break;
      rest.remove_prefix(semicolon + 1);
      continue;
    }
    const auto name = to_lower(trim(rest.substr(0, eq)));
    rest.remove_prefix(eq + 1);
    while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\t')) rest.remove_prefix(1);
    std::string parsed;
    if (!rest.empty() && rest.front() == '"') {
      rest.remove_prefix(1);
      bool closed = false;
      while (!rest.empty()) {
        const char c = rest.front();
        rest.remove_prefix(1);
        if (c == '"') {
          closed = true;
          break;
        }
        if (c == '\\' && !rest.empty()) {
          parsed += rest.front();
          rest.remove_prefix(1);
          continue;
        }
        parsed += c;
      }
      if (!closed) throw malformed("an unterminated quoted parameter");
      const auto next = rest.find(';');
      rest = next == std::string_view::npos ? std::string_view() : rest.substr(next + 1);
    } else {
      const auto next = rest.find(';');
      parsed = std::string(trim(rest.substr(0, next)));
      rest = next == std::string_view::npos ? std::string_view() : rest.substr(next + 1);
    }
    on_param(name, std::move(parsed));
  }
  return value;
}

}  // namespace

std::optional<std::string> MultipartParser::boundary_of(std::string_view content_type) {
  std::optional<std::string> boundary;
  std::string_view type;
  try {
    type = parse_parameters(content_type, [&](const std::string& name, std::string value) {
      if (name == "boundary") boundary = std::move(value);
    });
  } catch (const Error&) {
    return std::nullopt;
  }
  if (to_lower(type) != "multipart/form-data" || !boundary) return std::nullopt;
  if (boundary->empty() || boundary->size() > 70 || boundary->back() == ' ') return std::nullopt;
  for (const char c : *boundary) {
    if (!is_boundary_char(c)) return std::nullopt;
  }
  return boundary;
}

MultipartParser::MultipartParser(std::string boundary, MultipartHandler handler)
    : delimiter_("\r\n--" + boundary), handler_(std::move(handler)) {
  // The first boundary may open the body without a line break before it.
  buffer_ = "\r\n";
}

void MultipartParser::feed(std::string_view bytes) {
  if (state_ == State::epilogue) return;  // everything after the closing boundary is ignored
  if (consumed_ > 0 && consumed_ >= buffer_.size() / 2) {
    buffer_.erase(0, consumed_);
    consumed_ = 0;
  }
  buffer_.append(bytes);
  run();
}

void MultipartParser::finish() {
  if (state_ != State::epilogue) throw malformed("it ends before its closing boundary");
}

void MultipartParser::run() {
  while (step()) {
  }
}

// One move of the state machine; false when it needs more input.
bool MultipartParser::step() {
  const std::string_view pending = std::string_view(buffer_).substr(consumed_);
  switch (state_) {
    case State::preamble: {
      const auto at = pending.find(delimiter_);
      if (at == std::string_view::npos) {
        // Keep what could be the start of a delimiter cut in two.
        if (pending.size() >= delimiter_.size()) consumed_ += pending.size() - (delimiter_.size() - 1);
        return false;
      }
      consumed_ += at + delimiter_.size();
      state_ = State::after_boundary;
      return true;
    }
    case State::after_boundary: {
      if (pending.size() < 2) return false;
      if (pending.starts_with("--")) {
        state_ = State::epilogue;
        consumed_ = buffer_.size();
        return false;
      }
      // Transport padding (spaces and tabs) may follow a boundary before its line break.
      std::size_t i = 0;
      while (i < pending.size() && (pending[i] == ' ' || pending[i] == '\t')) ++i;
      if (i > 256) throw malformed("a boundary is followed by too much padding");
      if (pending.size() < i + 2) return false;
      if (pending.substr(i, 2) != "\r\n") throw malformed("a boundary is not followed by a line break");
      consumed_ += i + 2;
      if (++parts_ > kMaxParts) throw malformed("more than " + std::to_string(kMaxParts) + " parts");
      state_ = State::headers;
      return true;
    }
    case State::headers: {
      std::size_t end = 0;
      std::size_t skip = 0;
      if (pending.starts_with("\r\n")) {
        skip = 2;  // a part without headers
      } else {
        end = pending.find("\r\n\r\n");
        if (end == std::string_view::npos) {
          if (pending.size() > kMaxHeaderBytes) throw malformed("a part's headers are too long");
          return false;
        }
        skip = end + 4;
      }
      if (end > kMaxHeaderBytes) throw malformed("a part's headers are too long");
      parse_headers(pending.substr(0, end));
      consumed_ += skip;
      state_ = State::body;
      return true;
    }
    case State::body: {
      const auto at = pending.find(delimiter_);
      if (at == std::string_view::npos) {
        if (pending.size() >= delimiter_.size()) {
          const auto safe = pending.size() - (delimiter_.size() - 1);
          if (handler_.part_data) handler_.part_data(pending.substr(0, safe));
          consumed_ += safe;
        }
        return false;
      }
      if (at > 0 && handler_.part_data) handler_.part_data(pending.substr(0, at));
      if (handler_.end_part) handler_.end_part();
      consumed_ += at + delimiter_.size();
      state_ = State::after_boundary;
      return true;
    }
    case State::epilogue: consumed_ = buffer_.size(); return false;
  }
  return false;
}

void MultipartParser::parse_headers(std::string_view block) {
  MultipartPart part;
  part.content_type = "text/plain";
  bool has_disposition = false;
  std::optional<std::string> extended_filename;
  while (!block.empty()) {
    const auto eol = block.find("\r\n");
    const auto line = block.substr(0, eol);
    block = eol == std::string_view::npos ? std::string_view() : block.substr(eol + 2);
    if (line.empty()) continue;
    if (line.front() == ' ' || line.front() == '\t') throw malformed("folded part headers are not supported");
    const auto colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) throw malformed("a part header has no name");
    const auto name = to_lower(trim(line.substr(0, colon)));
    const auto value = trim(line.substr(colon + 1));
    if (name == "content-disposition") {
      has_disposition = true;
      const auto kind = parse_parameters(value, [&](const std::string& param, std::string text) {
        if (param == "name") {
          part.name = std::move(text);
        } else if (param == "filename") {
          part.filename = std::move(text);
        } else if (param == "filename*") {
          // RFC 8187: charset'language'percent-encoded; only UTF-8 means anything today.
          const auto first = text.find('\'');
          const auto second = first == std::string::npos ? std::string::npos : text.find('\'', first + 1);
          if (second != std::string::npos && to_lower(std::string_view(text).substr(0, first)) == "utf-8") {
            extended_filename = percent_decode(std::string_view(text).substr(second + 1), false);
          }
        }
      });
      if (to_lower(kind) != "form-data") throw malformed("a part is not form-data");
    } else if (name == "content-type") {
      part.content_type = std::string(value);
    }
  }
  if (!has_disposition) throw malformed("a part has no Content-Disposition");
  if (extended_filename) part.filename = std::move(extended_filename);
  if (handler_.begin_part) handler_.begin_part(part);
}

}  // namespace authorworks::storage
