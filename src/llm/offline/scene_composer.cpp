#include "llm/offline/scene_composer.hpp"

#include <algorithm>
#include <optional>
#include <unordered_set>

#include "core/text.hpp"
#include "llm/offline/seeded_random.hpp"
#include "llm/offline/stable_hash.hpp"
#include "llm/offline/template_deck.hpp"
#include "llm/offline/word_count.hpp"

namespace authorworks::llm::offline {

namespace {

int words_in(std::string_view text) { return static_cast<int>(count_words(text)); }

std::string upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

// "Where were you?" stays; "I came." becomes "I came," before an attribution.
std::string with_attribution_comma(std::string line) {
  if (!line.empty() && line.back() == '.') line.back() = ',';
  return line;
}

class SceneBuilder {
 public:
  SceneBuilder(const SceneSetup& setup, int target_words, std::uint64_t seed, std::stop_token stop)
      : setup_(setup),
        random_(seed),
        composer_(random_, *setup.genre, setup.kind == BookKind::novel && setup.past_tense, setup.facts),
        stop_(std::move(stop)),
        target_(std::max(target_words, 1)),
        tolerance_(std::max(2, target_ / 33)),
        body_limit_(target_ - std::min(35, target_ / 4)),
        openings_(bank::openings, random_),
        narration_(bank::narration, random_),
        beat_narration_(beat_words(setup.beat).narration, random_),
        closings_(bank::closings, random_),
        fillers_(bank::fillers, random_),
        dialogue_(bank::dialogue, random_),
        beat_dialogue_(beat_words(setup.beat).dialogue, random_),
        said_(bank::said, random_),
        gestures_(bank::gestures, random_),
        parentheticals_(bank::parentheticals, random_),
        entrances_(bank::stage_entrances, random_) {}

  std::vector<std::string> build() {
    if (!setup_.continuation) open_scene();
    int failures = 0;
    while (failures < 3 && words_ < body_limit_) {
      check_stop();
      const int before = words_;
      body_paragraph();
      failures = words_ == before ? failures + 1 : 0;
    }
    close_scene();
    return std::move(paragraphs_);
  }

 private:
  void check_stop() const {
    if (stop_.stop_requested()) throw WriterError(WriterFailure::cancelled, "the writing was cancelled");
  }

  int limit() const { return closing_ ? target_ + tolerance_ : body_limit_; }
  bool fits(int words) const { return words_ + words <= limit(); }

  // A sentence from `deck` that is new to this scene and fits within `room` words, or nothing.
  // When a template comes round again with the same words, a lead-in ("For a moment, ") or, for a
  // spoken line, a form of address varies it, so long scenes keep finding new sentences.
  std::optional<std::string> fresh(TemplateDeck& deck, std::string_view name, std::string_view other, int room,
                                   bool spoken = false) {
    for (int attempt = 0; attempt < 12; ++attempt) {
      const auto pattern = deck.draw();
      auto sentence = composer_.fill(pattern, name, other);
      if (attempt > 0 && (attempt % 2 == 0 || random_.chance(0.3))) {
        sentence = spoken ? varied_line(std::move(sentence), name) : varied_narration(std::move(sentence), pattern);
      }
      if (words_in(sentence) > room) continue;
      if (is_used(sentence)) continue;
      return sentence;
    }
    return std::nullopt;
  }

  // Lowercases the start of a sentence that will follow a lead-in, unless it starts with a name.
  static std::string lowered_start(std::string sentence, bool keep) {
    if (!keep && !sentence.empty() && sentence[0] >= 'A' && sentence[0] <= 'Z' &&
        !(sentence.starts_with("I ") || sentence.starts_with("I'"))) {
      sentence[0] = static_cast<char>(sentence[0] - 'A' + 'a');
    }
    return sentence;
  }

  std::string varied_narration(std::string sentence, std::string_view pattern) {
    const bool starts_with_name = pattern.starts_with("{name}") || pattern.starts_with("{other}");
    return std::string(random_.pick(bank::lead_ins)) + lowered_start(std::move(sentence), starts_with_name);
  }

  // `listener` is who the line is said to: "Mara, you should have told me sooner." or "…sooner, Mara."
  std::string varied_line(std::string line, std::string_view listener) {
    const auto form = random_.below(3);
    if (form == 0) return std::string(listener) + ", " + lowered_start(std::move(line), false);
    if (form == 1 && !line.empty() && (line.back() == '.' || line.back() == '?' || line.back() == '!')) {
      const char end = line.back();
      line.pop_back();
      return line + ", " + std::string(listener) + end;
    }
    return std::string(random_.pick(bank::interjections)) + lowered_start(std::move(line), false);
  }

  // A unit ("It was me. It was always me.") is used when any of its sentences long enough to be
  // noticed has been written before, so a varied line never smuggles a repeat in.
  bool is_used(std::string_view unit) const {
    if (!setup_.previous_text.empty() && setup_.previous_text.find(unit) != std::string_view::npos) return true;
    if (used_.contains(stable_hash(unit))) return true;
    bool used = false;
    for_each_sentence(unit, [&](std::string_view sentence) {
      used = used || used_.contains(stable_hash(sentence)) ||
             (!setup_.previous_text.empty() && setup_.previous_text.find(sentence) != std::string_view::npos);
    });
    return used;
  }
  void mark_used(std::string_view unit) {
    used_.insert(stable_hash(unit));
    for_each_sentence(unit, [&](std::string_view sentence) { used_.insert(stable_hash(sentence)); });
  }

  // The sentences of four words or more inside a unit; shorter ones ("Run.") may recur.
  template <typename Visit>
  static void for_each_sentence(std::string_view unit, Visit&& visit) {
    std::size_t start = 0;
    for (std::size_t i = 0; i < unit.size(); ++i) {
      const char c = unit[i];
      const bool end = (c == '.' || c == '!' || c == '?') && (i + 1 == unit.size() || unit[i + 1] == ' ');
      if (!end) continue;
      const auto sentence = unit.substr(start, i + 1 - start);
      if (words_in(sentence) >= 4 && sentence.size() < unit.size()) visit(sentence);
      start = i + 2;
    }
  }

  void emit(std::string paragraph) {
    if (paragraph.empty()) return;
    words_ += words_in(paragraph);
    paragraphs_.push_back(std::move(paragraph));
  }

  int room() const { return limit() - words_; }

  // The point-of-view character most of the time, so a scene has a centre; anyone else otherwise.
  std::pair<std::string_view, std::string_view> pick_pair() {
    const auto& names = setup_.names;
    const std::size_t first = random_.chance(0.55) ? 0 : random_.below(names.size());
    std::size_t second = random_.below(names.size() - 1);
    if (second >= first) ++second;
    return {names[first], names[second]};
  }

  TemplateDeck& narration_deck() { return random_.chance(0.35) ? beat_narration_ : narration_; }
  TemplateDeck& dialogue_deck() { return random_.chance(0.4) ? beat_dialogue_ : dialogue_; }

  // Up to `count` narration sentences joined into one paragraph, each counted against the room
  // left (`reserve` words are kept free for what the caller adds around them).
  std::string narration(int count, int reserve = 0) {
    std::string paragraph;
    int words = 0;
    for (int i = 0; i < count; ++i) {
      const auto [name, other] = pick_pair();
      auto sentence = fresh(narration_deck(), name, other, room() - words - reserve);
      if (!sentence) break;
      mark_used(*sentence);
      words += words_in(*sentence);
      if (!paragraph.empty()) paragraph += ' ';
      paragraph += *sentence;
    }
    return paragraph;
  }

  void open_scene() {
    const auto& names = setup_.names;
    const auto opening = composer_.fill(openings_.draw(), names[0], names[1]);
    mark_used(opening);
    switch (setup_.kind) {
      case BookKind::novel: emit(opening + " " + narration(random_.between(1, 2), words_in(opening) + 1)); break;
      case BookKind::screenplay: {
        std::string place(trim(setup_.facts.setting));
        if (to_lower(place).starts_with("the ")) place.erase(0, 4);
        while (!place.empty() && place.back() == '.') place.pop_back();
        emit((setup_.interior ? "INT. " : "EXT. ") + upper(place) + " - " + setup_.day_part);
        emit(opening);
        break;
      }
      case BookKind::play: {
        emit("[Lights up on " + std::string(trim(setup_.facts.setting)) + ", " + setup_.facts.time + ".]");
        emit("[" + composer_.fill(entrances_.draw(), names[0], names[1]) + "]");
        emit("[" + opening + "]");
        break;
      }
    }
  }

  void body_paragraph() {
    const double roll = static_cast<double>(random_.below(100)) / 100.0;
    switch (setup_.kind) {
      case BookKind::novel:
        if (roll < 0.45) {
          emit(narration(random_.between(2, 5)));
        } else if (roll < 0.85) {
          exchange(random_.between(2, 4));
        } else {
          emit(narration(1));
        }
        break;
      case BookKind::screenplay:
        if (roll < 0.4) {
          emit(narration(random_.between(1, 3)));
        } else {
          exchange(random_.between(2, 4));
        }
        break;
      case BookKind::play:
        if (roll < 0.3) {
          const auto direction = narration(random_.between(1, 2));
          if (!direction.empty()) emit("[" + direction + "]");
        } else {
          exchange(random_.between(2, 4));
        }
        break;
    }
  }

  // Two characters talking: lines alternate between them.
  void exchange(int lines) {
    auto [speaker, listener] = pick_pair();
    // A new exchange never opens with whoever spoke last: two cues in a row for one name read as a slip.
    if (speaker == last_speaker_) std::swap(speaker, listener);
    for (int i = 0; i < lines; ++i) {
      check_stop();
      if (!spoken_line(speaker, listener, i > 0)) return;
      std::swap(speaker, listener);
    }
  }

  bool spoken_line(std::string_view speaker, std::string_view listener, bool answering) {
    // The cue or attribution takes a few words; keep room for it.
    auto line = fresh(dialogue_deck(), listener, speaker, room() - 6, true);
    if (!line) return false;
    std::string block;
    switch (setup_.kind) {
      case BookKind::novel: block = novel_dialogue(*line, speaker, listener, answering); break;
      case BookKind::screenplay: {
        block = upper(speaker) + "\n";
        if (random_.chance(0.2)) block += std::string(parentheticals_.draw()) + "\n";
        block += *line;
        break;
      }
      case BookKind::play: {
        block = upper(speaker) + ": ";
        if (random_.chance(0.15)) block += std::string(parentheticals_.draw()) + " ";
        block += *line;
        break;
      }
    }
    if (!fits(words_in(block))) return false;
    mark_used(*line);
    emit(std::move(block));
    last_speaker_ = speaker;
    return true;
  }

  std::string novel_dialogue(const std::string& line, std::string_view speaker, std::string_view listener,
                             bool answering) {
    const std::string quoted = "\"" + line + "\"";
    const auto form = random_.below(answering ? 4 : 3);
    if (form == 0) {
      const auto gesture = composer_.fill(gestures_.draw(), speaker, listener);
      if (!is_used(gesture) && words_in(gesture) + words_in(line) + 6 <= room()) {
        mark_used(gesture);
        return gesture + " " + quoted;
      }
    }
    if (form == 3) return quoted;  // an answer in a two-hander needs no name
    const std::string attribution = line.back() == '?' ? composer_.fill("{name} [asks|asked]", speaker, listener)
                                                       : composer_.fill(said_.draw(), speaker, listener);
    std::string block = "\"" + with_attribution_comma(line) + "\" " + attribution + ".";
    if (form == 2) {
      const auto [name, other] = pick_pair();
      if (auto after = fresh(narration_deck(), name, other, room() - words_in(block))) {
        mark_used(*after);
        block += " " + *after;
      }
    }
    return block;
  }

  void close_scene() {
    closing_ = true;
    check_stop();
    const auto& names = setup_.names;
    // The reserve kept for the ending goes to one more passage first, leaving room for the closing
    // sentence, so few filler sentences are needed to land the count.
    if (auto passage = narration(3, 16); !passage.empty()) {
      emit(setup_.kind == BookKind::play ? "[" + passage + "]" : passage);
    }
    if (auto closing = fresh(closings_, names[0], names[1], room() - (setup_.kind == BookKind::play ? 1 : 0))) {
      mark_used(*closing);
      emit(setup_.kind == BookKind::play ? "[" + *closing + "]" : *closing);
    }
    // The last few words: short sentences added to the final paragraph until the count lands.
    int misses = 0;
    while (words_ < target_ - tolerance_ && misses < 24 && !paragraphs_.empty()) {
      const auto [name, other] = pick_pair();
      auto filler = fresh(fillers_, name, other, room());
      if (!filler) {
        ++misses;
        continue;
      }
      mark_used(*filler);
      words_ += words_in(*filler);
      auto& last = paragraphs_.back();
      if (setup_.kind == BookKind::play && last.ends_with(']')) {
        last.insert(last.size() - 1, " " + *filler);
      } else if (setup_.kind == BookKind::screenplay && !last.ends_with('.')) {
        paragraphs_.push_back(*filler);  // after a heading or a cue's line: a new action line
      } else {
        last += " " + *filler;
      }
    }
  }

  const SceneSetup& setup_;
  SeededRandom random_;
  SentenceComposer composer_;
  std::stop_token stop_;
  int target_;
  int tolerance_;
  int body_limit_;
  bool closing_ = false;
  int words_ = 0;
  std::string_view last_speaker_;
  std::vector<std::string> paragraphs_;
  std::unordered_set<std::uint64_t> used_;
  TemplateDeck openings_, narration_, beat_narration_, closings_, fillers_, dialogue_, beat_dialogue_, said_, gestures_,
      parentheticals_, entrances_;
};

bool has_cue(std::string_view text, std::string_view cue) {
  if (cue.find(' ') != std::string_view::npos) return text.find(cue) != std::string_view::npos;
  std::size_t at = 0;
  while ((at = text.find(cue, at)) != std::string_view::npos) {
    const bool word_start = at == 0 || !((text[at - 1] >= 'a' && text[at - 1] <= 'z'));
    if (word_start) return true;
    at += cue.size();
  }
  return false;
}

}  // namespace

std::vector<std::string> compose_scene(const SceneSetup& setup, int target_words, std::uint64_t seed,
                                       std::stop_token stop) {
  SceneSetup usable = setup;
  if (usable.genre == nullptr) usable.genre = &genre_bank_for("");
  // Every template may name two people; a scene planned for one gets a figure from its past.
  if (usable.names.empty()) usable.names.emplace_back("the keeper");
  if (usable.names.size() < 2) usable.names.emplace_back("the stranger");
  SceneBuilder builder(usable, target_words, seed, std::move(stop));
  return builder.build();
}

Beat beat_of(std::string_view summary, Beat fallback) {
  const std::string lowered = to_lower(summary);
  std::size_t best_at = std::string::npos;
  Beat best = fallback;
  // The earliest cue wins: a summary usually names its main action first.
  for (int b = 0; b < beat_count; ++b) {
    const auto& words = beat_words(static_cast<Beat>(b));
    for (const auto cue : words.cues) {
      if (!has_cue(lowered, cue)) continue;
      const auto at = lowered.find(cue);
      if (at < best_at) {
        best_at = at;
        best = words.beat;
      }
    }
  }
  return best;
}

}  // namespace authorworks::llm::offline
