#include "llm/offline/sentence_composer.hpp"

namespace authorworks::llm::offline {

std::string capitalise_first(std::string text) {
  for (char& c : text) {
    if (c >= 'a' && c <= 'z') {
      c = static_cast<char>(c - 'a' + 'A');
      break;
    }
    if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) break;
  }
  return text;
}

std::string SentenceComposer::fill(std::string_view pattern, std::string_view name, std::string_view other) const {
  std::string out;
  out.reserve(pattern.size() + 32);
  std::size_t i = 0;
  while (i < pattern.size()) {
    const char c = pattern[i];
    if (c == '{') {
      const auto close = pattern.find('}', i);
      if (close == std::string_view::npos) break;
      append_slot(out, pattern.substr(i + 1, close - i - 1), name, other);
      i = close + 1;
    } else if (c == '[') {
      const auto bar = pattern.find('|', i);
      const auto close = pattern.find(']', i);
      if (bar == std::string_view::npos || close == std::string_view::npos || bar > close) {
        out.push_back(c);
        ++i;
        continue;
      }
      out += past_tense_ ? pattern.substr(bar + 1, close - bar - 1) : pattern.substr(i + 1, bar - i - 1);
      i = close + 1;
    } else {
      out.push_back(c);
      ++i;
    }
  }
  return capitalise_first(tidy_articles(std::move(out)));
}

std::string tidy_articles(std::string text) {
  // Bank entries carry their own article ("a gale", "the sea"), so "The {weather}" may double it.
  static constexpr std::string_view doubled[] = {"the a ", "the an ", "the the ", "The a ", "The an ", "The the "};
  for (const auto pattern : doubled) {
    std::size_t at = 0;
    while ((at = text.find(pattern, at)) != std::string::npos) {
      const bool capital = pattern[0] == 'T';
      text.erase(at, 4);
      if (capital) text[at] = static_cast<char>(text[at] - 'a' + 'A');
    }
  }
  return text;
}

void SentenceComposer::append_slot(std::string& out, std::string_view slot, std::string_view name,
                                   std::string_view other) const {
  if (slot == "name") {
    out += name;
  } else if (slot == "other") {
    out += other;
  } else if (slot == "setting") {
    out += facts_.setting;
  } else if (slot == "object") {
    out += facts_.object;
  } else if (slot == "place") {
    out += facts_.place;
  } else if (slot == "weather") {
    out += facts_.weather;
  } else if (slot == "time") {
    out += facts_.time;
  } else if (slot == "thing") {
    out += random_->pick(genre_->objects);
  } else if (slot == "emotion") {
    out += random_->pick(bank::emotions);
  } else if (slot == "sound") {
    out += random_->pick(bank::sounds);
  } else if (slot == "smell") {
    out += random_->pick(bank::smells);
  } else if (slot == "light") {
    out += random_->pick(bank::lights);
  } else {
    out += '{';
    out += slot;
    out += '}';
  }
}

}  // namespace authorworks::llm::offline
