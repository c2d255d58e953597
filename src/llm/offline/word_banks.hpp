#pragma once
// The offline writer's vocabulary: names, places, objects and sentence templates, per genre where
// the genre changes what a story is made of.
//
// Templates carry slots in braces ({name}, {other}, {setting}, {object}, {weather}, {emotion},
// {sound}, {smell}, {light}, {time}, {thing}, {place}) and tense alternatives in brackets,
// "[present|past]" ("{name} [sets|set] the {object} down."), so one template serves the past-tense
// novel and the present-tense screenplay and stage directions.
#include <span>
#include <string_view>

namespace authorworks::llm::offline {

using Words = std::span<const std::string_view>;

struct Setting {
  std::string_view place;  // "the lighthouse kitchen": reads after a preposition
  bool interior;           // INT. or EXT. in a screenplay heading
};

struct GenreBank {
  std::string_view key;  // "mystery"
  Words keywords;        // braindump words that suggest this genre
  Words labels;          // what the genre stage answers: "gothic mystery"
  std::span<const Setting> settings;
  Words objects;      // what scenes turn on: "brass key"
  Words occupations;  // "harbour pilot"
  Words troubles;     // what the story is about: "a drowning nobody will call murder"
};

std::span<const GenreBank> genre_banks() noexcept;
// The bank whose key or keywords appear in `genre` ("gothic mystery" → mystery); the literary bank
// for a genre no bank knows.
const GenreBank& genre_bank_for(std::string_view genre) noexcept;

// The story shapes a scene can take; each has its own sentences, and the planner writes summaries
// that name them so a scene drafted from the plan follows it.
enum class Beat { discovery, confrontation, confession, search, escape, betrayal, reunion, decision };
inline constexpr int beat_count = 8;
struct BeatWords {
  Beat beat;
  Words cues;       // words that identify the beat in a summary from any planner ("confront", "argue")
  Words summaries;  // present tense, slots {name} {other} {object} {setting}
  Words narration;  // tensed templates
  Words dialogue;   // lines spoken during the beat
};
const BeatWords& beat_words(Beat beat) noexcept;

// Chapter summaries for the outline by where the chapter falls in the story: setup, complication,
// turn, crisis, resolution. Slots {name} {other} {rival} {object} {place} {trouble}.
inline constexpr int story_phase_count = 5;
Words outline_summaries(int phase) noexcept;

namespace bank {
extern const Words first_names;
extern const Words surnames;
extern const Words roles;  // after the protagonist and the antagonist
extern const Words traits;
extern const Words wants;  // "to be forgiven"
extern const Words arcs;   // "learns to {verb}" … slots {want}
extern const Words weather;
extern const Words emotions;
extern const Words sounds;
extern const Words smells;
extern const Words lights;
extern const Words times;            // "at dusk"
extern const Words day_parts;        // NIGHT, DAY… for headings
extern const Words lead_ins;         // "For a moment, ": varies a narration sentence
extern const Words interjections;    // "Listen, ": varies a spoken line
extern const Words openings;         // tensed scene openers
extern const Words narration;        // tensed, any beat
extern const Words closings;         // tensed scene endings
extern const Words fillers;          // tensed, two to five words, to land on a word count
extern const Words dialogue;         // any beat
extern const Words said;             // tensed attributions: "{name} [says|said] quietly"
extern const Words gestures;         // tensed, "{name} [looks|looked] away."
extern const Words parentheticals;   // "(quietly)"
extern const Words stage_entrances;  // "{name} enters from the left"
extern const Words chapter_titles;   // slots {object} {name}; the planner title-cases them
extern const Words voices;           // style: adjectives
extern const Words rhythms;          // style: sentences about rhythm
extern const Words influences;       // style: what it reads like
}  // namespace bank

}  // namespace authorworks::llm::offline
