#pragma once
// Books for the export tests, in the forms the writers produce: prose, screenplay and stage play,
// with accented and CJK text, characters XML must escape or cannot carry, and awkward titles.
#include <string>

#include "export/book_document.hpp"

namespace authorworks::testing {

inline exporting::BookDocument sample_novel() {
  exporting::BookDocument book;
  book.id = "0b7c5d3e-4f1a-4b2c-9d8e-7f6a5b4c3d2e";
  book.title = "Le Château <des> \"Brumes\" & l'Île";
  book.author = "Zoë Ångström-Łukasik";
  book.kind = llm::BookKind::novel;
  book.genre = "gothic mystery";
  book.writer = "Offline writer (not an AI model)";
  book.generated = "2026-11-28";
  book.language = "fr";
  book.modified = "2026-11-28T21:55:52Z";
  book.chapters = {
      {1,
       "L'arrivée",
       {{1, "The gate",
         "Rain fell on the *old* gate, and she waited.\n\"Who's there?\" she asked. 5 < 6 & 7 > 3.\n\n"
         "A bell\x01 rang\x7F twice; a stray byte \xFF stayed, and a C1 control \xC2\x85 too."},
        {2, "The hall", "  # not a heading\n1. not a list\nShe whispered: 「東京へ行こう」と彼女は言った。"}}},
      {2, "", {{1, "", "The lamp went out. *Unclosed emphasis stays literal."}}},
      {3, "東京の夜 — Ночь", {{1, "Night", "Ночь была тихой. 夜は静かだった。"}}},
  };
  return book;
}

inline exporting::BookDocument sample_screenplay() {
  exporting::BookDocument book;
  book.id = "1c8d6e4f-5a2b-4c3d-8e9f-0a1b2c3d4e5f";
  book.title = "???";
  book.author = "Sam O'Neil";
  book.kind = llm::BookKind::screenplay;
  book.genre = "thriller";
  book.writer = "Claude";
  book.modified = "2026-11-29T08:00:00Z";
  book.chapters = {
      {1,
       "The Heist",
       {{1, "Vault",
         "INT. BANK VAULT - NIGHT\n\nDust hangs in the beam of a torch. MAYA (30s) kneels by the dial.\n\n"
         "MAYA\n(whispering)\nTwo more clicks. Then we're rich.\n\nJONAS (V.O.)\nOr we're caught.\n\nCUT TO:"},
        {2, "Street", "EXT. RUE DE LA PAIX - DAY\n\nA café. Rain on the awning.\n\nMAYA\nC'est fini.\n\nFADE OUT."}}},
  };
  return book;
}

inline exporting::BookDocument sample_play() {
  exporting::BookDocument book;
  book.id = "2d9e7f5a-6b3c-4d4e-9fa0-1b2c3d4e5f6a";
  book.title = "A Play in One Act: \"Ghosts\" / 幽霊 & Co.";
  book.author = "";
  book.kind = llm::BookKind::play;
  book.writer = "gpt-4o via OpenAI";
  book.chapters = {
      {1,
       "Act One",
       {{1, "The Parlour",
         "[Lights up on a parlour, evening.]\n\n[HENRIK enters, shaking rain from his coat.]\n\n"
         "HENRIK: (quietly) Is anyone here?\n\nELSA: Only the dead, Henrik. And me.\n\nHENRIK: Then we are three."},
        {2, "The Garden",
         "[Night. A garden.]\n\nELSA: 月が綺麗ですね。\n\nHENRIK: I don't understand.\n\n[Blackout.]"}}},
      {2, "Act Two", {{1, "", "[Morning.]\n\nELSA: It is over."}}},
  };
  return book;
}

}  // namespace authorworks::testing
