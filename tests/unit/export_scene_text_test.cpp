// How every export reads a scene's text: prose paragraphs, screenplay elements and stage-play
// elements, with the writer's slips (CRLF, stray spaces, indentation, lines of capitals).
#include "export/scene_text.hpp"

#include <gtest/gtest.h>

using namespace authorworks::exporting;

namespace {

using SP = ScreenplayPart;

std::vector<ScreenplayElement> screenplay(std::string_view text) { return parse_screenplay(text); }

PlayElement direction(std::string text) { return {PlayPart::direction, {}, {}, std::move(text)}; }

PlayElement speech(std::string name, std::string aside, std::string text) {
  return {PlayPart::speech, std::move(name), std::move(aside), std::move(text)};
}

}  // namespace

TEST(ExportSceneText, ProseParagraphsAreTheNonEmptyLinesTrimmed) {
  const auto paragraphs = prose_paragraphs("  First.  \n\n\n\tSecond.\r\nThird.\n \t\r\n");
  const std::vector<std::string_view> expected = {"First.", "Second.", "Third."};
  EXPECT_EQ(paragraphs, expected);
  EXPECT_TRUE(prose_paragraphs("").empty());
  EXPECT_TRUE(prose_paragraphs("\n \r\n\t\n").empty());
}

TEST(ExportSceneText, ProseKeepsLinesOfCapitalsAsParagraphs) {
  const std::vector<std::string_view> expected = {"THE END OF ALL THINGS.", "MARA", "She left."};
  EXPECT_EQ(prose_paragraphs("THE END OF ALL THINGS.\nMARA\nShe left."), expected);
}

TEST(ExportSceneText, BlocksAreRunsOfNonBlankLines) {
  const auto blocks = text_blocks("\n\n  a  \r\nb\r\n \r\n\t\n\nc\n");
  ASSERT_EQ(blocks.size(), 2U);
  const std::vector<std::string_view> first = {"a", "b"};
  EXPECT_EQ(blocks[0], first);
  const std::vector<std::string_view> second = {"c"};
  EXPECT_EQ(blocks[1], second);
  EXPECT_TRUE(text_blocks(" \n\r\n").empty());
}

TEST(ExportSceneText, ScreenplayEveryElementKind) {
  const std::vector<ScreenplayElement> expected = {
      {SP::scene_heading, "INT. KITCHEN - NIGHT"},
      {SP::action, "The kettle screams."},
      {SP::character, "MARA (V.O.)"},
      {SP::parenthetical, "(softly)"},
      {SP::dialogue, "It was late. Too late."},
      {SP::parenthetical, "(beat)"},
      {SP::dialogue, "Go."},
      {SP::transition, "CUT TO:"},
      {SP::scene_heading, "EXT. YARD - DAY"},
      {SP::action, "Snow."},
  };
  EXPECT_EQ(screenplay("INT. KITCHEN - NIGHT\nThe kettle screams.\n\nMARA (V.O.)\n(softly)\nIt was late.\nToo "
                       "late.\n(beat)\nGo.\n\nCUT TO:\n\nEXT. YARD - DAY\n\nSnow."),
            expected);
}

TEST(ExportSceneText, ScreenplayReadsCrlfTrailingSpacesAndIndentationAlike) {
  const auto plain = screenplay("INT. HALL - DAY\nRain.\n\nMARA\nHello.\n");
  EXPECT_EQ(screenplay("INT. HALL - DAY  \r\nRain.\t\r\n\r\n        MARA\r\n    Hello.   \r\n"), plain);
  EXPECT_EQ(screenplay("\n\n \nINT. HALL - DAY\nRain.\n \t \n\n\nMARA\nHello.\n\n\n"), plain);
  EXPECT_TRUE(screenplay("").empty());
}

TEST(ExportSceneText, ScreenplaySceneHeadingForms) {
  for (const auto heading :
       {"INT. HOUSE - DAY", "EXT. SEA", "INT HARBOUR - DAWN", "EXT YARD", "EST. CITY", "INT./EXT. CAR - NIGHT",
        "INT/EXT CAR", "EXT/INT CAR", "I/E VAN", "I/E. VAN", "EXT.-YARD"}) {
    const auto elements = screenplay(heading);
    ASSERT_EQ(elements.size(), 1U) << heading;
    EXPECT_EQ(elements[0].part, SP::scene_heading) << heading;
  }
  for (const auto action : {"INTERIOR decorators arrive.", "Int. is short for interior.", "EXTRA! EXTRA!"}) {
    EXPECT_EQ(screenplay(action)[0].part, SP::action) << action;
  }
}

TEST(ExportSceneText, ScreenplayHeadingInsideABlockAndCueAfterIt) {
  // A heading followed at once by more lines heads them; a cue only starts a block.
  const std::vector<ScreenplayElement> expected = {
      {SP::action, "She runs."},
      {SP::scene_heading, "EXT. STREET - NIGHT"},
      {SP::action, "MARA"},
      {SP::action, "Stop!"},
  };
  EXPECT_EQ(screenplay("She runs.\nEXT. STREET - NIGHT\nMARA\nStop!"), expected);
}

TEST(ExportSceneText, ScreenplayTransitions) {
  for (const auto line : {"CUT TO:", "SMASH CUT TO:", "DISSOLVE TO:", "FADE OUT.", "FADE TO BLACK.", "CUT TO BLACK.",
                          "THE END", "THE END."}) {
    const auto elements = screenplay(line);
    ASSERT_EQ(elements.size(), 1U) << line;
    EXPECT_EQ(elements[0].part, SP::transition) << line;
  }
  // A transition may close an action block, and stays one.
  const std::vector<ScreenplayElement> closing = {{SP::action, "He leaves."}, {SP::transition, "CUT TO:"}};
  EXPECT_EQ(screenplay("He leaves.\nCUT TO:"), closing);
  // "FADE IN:" opens a script at the action margin; lower case is never a transition.
  EXPECT_EQ(screenplay("FADE IN:")[0].part, SP::action);
  EXPECT_EQ(screenplay("Cut to:")[0].part, SP::action);
  EXPECT_EQ(screenplay("She walks TO:")[0].part, SP::action);
}

TEST(ExportSceneText, ScreenplayLinesOfCapitalsThatAreNotCues) {
  // Sentences written loud, a lone name without a speech, an over-long line of capitals.
  for (const auto text : {"A SHOT RINGS OUT.\nEveryone ducks.", "BANG!\nThe glass breaks.", "WHO?\nNobody answers.",
                          "MARA", "SHE TURNS AROUND AND WALKS ALL THE WAY BACK TO THE OLD HARBOUR\nSlowly."}) {
    for (const auto& element : screenplay(text)) EXPECT_EQ(element.part, SP::action) << text;
  }
}

TEST(ExportSceneText, ScreenplayCuesWithExtensionsAndAccents) {
  const std::vector<ScreenplayElement> expected = {
      {SP::character, "DR. VOSS (CONT'D)"},  {SP::dialogue, "Again."},       {SP::character, "ÉLODIE"},
      {SP::dialogue, "Bonjour, *mon ami*."}, {SP::character, "MARA (O.S.)"}, {SP::parenthetical, "(shouting)"},
  };
  EXPECT_EQ(screenplay("DR. VOSS (CONT'D)\nAgain.\n\nÉLODIE\nBonjour, *mon ami*.\n\nMARA (O.S.)\n(shouting)"),
            expected);
  // Scripts without case have no capitals: no cue.
  EXPECT_EQ(screenplay("\xE7\x8E\x9B\xE6\x8B\x89\n\xE4\xBD\xA0\xE5\xA5\xBD")[0].part, SP::action);
  // Invalid UTF-8 is no cue either.
  EXPECT_EQ(screenplay("MAR\xFF\nHello.")[0].part, SP::action);
}

TEST(ExportSceneText, PlayEveryElementKind) {
  const std::vector<PlayElement> expected = {
      direction("[Lights up.]"),  speech("MARA", "(quietly)", "You came back. I waited."),
      direction("(She turns.)"),  speech("DR. VOSS", "", "No."),
      direction("A stray line."),
  };
  EXPECT_EQ(parse_play("[Lights up.]\n\nMARA: (quietly) You came back.\nI waited.\n\n(She turns.)\n\nDR. VOSS: "
                       "No.\n\nA stray line."),
            expected);
}

TEST(ExportSceneText, PlayEdgeCases) {
  const std::vector<PlayElement> expected = {
      speech("ÉLODIE", "", "Enfin."),
      speech("MARA", "", "Words on the next line."),
      direction("[She exits, unclosed"),
      speech("MARA", "(aside)", ""),
      direction("Mara (aside): a name not in capitals."),
      direction("(He sits.)"),
      speech("ANNA", "", "Time: nine o'clock."),
  };
  EXPECT_EQ(parse_play("   ÉLODIE:   Enfin.  \r\nMARA:\r\nWords on the next line.\r\n[She exits, unclosed\r\n\r\n"
                       "MARA: (aside)\n\nMara (aside): a name not in capitals.\n(He sits.)\nANNA: Time: nine o'clock."),
            expected);
  EXPECT_TRUE(parse_play("\n \r\n").empty());
  // A colon too far in is no speaker.
  EXPECT_EQ(parse_play("A VERY LONG NAME THAT GOES ON AND ON AND ON: words")[0].part, PlayPart::direction);
}

TEST(ExportSceneText, DirectionWordsDropTheirBrackets) {
  EXPECT_EQ(direction_words("[Lights up.]"), "Lights up.");
  EXPECT_EQ(direction_words("( She turns. )"), "She turns.");
  EXPECT_EQ(direction_words("[She exits, unclosed"), "She exits, unclosed");
  EXPECT_EQ(direction_words("A stray line."), "A stray line.");
  EXPECT_EQ(direction_words("(Unclosed"), "(Unclosed");
}
