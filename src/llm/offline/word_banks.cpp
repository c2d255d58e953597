#include "llm/offline/word_banks.hpp"

#include <array>

#include "core/text.hpp"

namespace authorworks::llm::offline {

namespace {
using sv = std::string_view;

// ---- mystery ----
constexpr std::array<sv, 12> mystery_keywords{"murder",  "detective", "killer", "killed", "body",  "clue",
                                              "suspect", "inspector", "crime",  "poison", "alibi", "mystery"};
constexpr std::array<sv, 5> mystery_labels{"gothic mystery", "coastal mystery", "literary mystery", "cozy mystery",
                                           "noir mystery"};
constexpr std::array<Setting, 12> mystery_settings{{{"the lighthouse kitchen", true},
                                                    {"the harbour office", true},
                                                    {"the vicarage study", true},
                                                    {"the shuttered hotel bar", true},
                                                    {"the police station's back room", true},
                                                    {"the records room of the town hall", true},
                                                    {"the churchyard", false},
                                                    {"the sea wall", false},
                                                    {"the fish market at closing", false},
                                                    {"the cliff path", false},
                                                    {"the ferry landing", false},
                                                    {"the boathouse", true}}};
constexpr std::array<sv, 12> mystery_objects{
    "brass key",      "torn photograph",         "ledger",           "pocket watch",
    "bloodied glove", "unsigned letter",         "ferry ticket",     "bottle of pills",
    "ring of keys",   "map with a circle on it", "coroner's report", "silver cufflink"};
constexpr std::array<sv, 10> mystery_jobs{"harbour pilot",   "retired inspector", "coroner's clerk", "innkeeper",
                                          "parish priest",   "lighthouse keeper", "court reporter",  "ferryman",
                                          "local solicitor", "night nurse"};
constexpr std::array<sv, 6> mystery_troubles{
    "a drowning that nobody will call a murder",       "a confession that arrives twenty years late",
    "a disappearance the whole town agreed to forget", "a will that names the wrong heir",
    "a second body found where the first one lay",     "an alibi that is too perfect to be true"};

// ---- fantasy ----
constexpr std::array<sv, 12> fantasy_keywords{"dragon", "magic",  "sword",    "wizard",   "kingdom", "witch",
                                              "spell",  "throne", "prophecy", "sorcerer", "elf",     "quest"};
constexpr std::array<sv, 5> fantasy_labels{"epic fantasy", "dark fantasy", "fairy-tale fantasy", "sword-and-sorcery",
                                           "mythic fantasy"};
constexpr std::array<Setting, 12> fantasy_settings{{{"the tower library", true},
                                                    {"the great hall", true},
                                                    {"the smithy under the hill", true},
                                                    {"the queen's antechamber", true},
                                                    {"the temple crypt", true},
                                                    {"the wayside inn", true},
                                                    {"the ruined bridge", false},
                                                    {"the edge of the old forest", false},
                                                    {"the river ford", false},
                                                    {"the castle battlements", false},
                                                    {"the mountain pass", false},
                                                    {"the market square", false}}};
constexpr std::array<sv, 12> fantasy_objects{
    "dragon's tooth", "iron crown",     "sealed scroll",   "black candle", "silver dagger", "map of the marches",
    "rune-cut stone", "cracked mirror", "wolf-skin cloak", "vial of ash",  "oath ring",     "broken sword"};
constexpr std::array<sv, 10> fantasy_jobs{"hedge witch",   "disgraced knight", "royal cartographer", "smith",
                                          "court scribe",  "border ranger",    "temple novice",      "dragon-keeper",
                                          "exiled prince", "ferry-witch"};
constexpr std::array<sv, 6> fantasy_troubles{"a dragon that has woken under the capital",
                                             "a crown that kills whoever wears it",
                                             "a prophecy everybody has read wrongly",
                                             "a war between two sisters who both claim the throne",
                                             "a spell that is slowly unmaking the kingdom's memory",
                                             "a bargain struck with something that lives in the forest"};

// ---- science fiction ----
constexpr std::array<sv, 12> scifi_keywords{"spaceship", "planet", "robot",  "alien", "galaxy", "starship",
                                            "android",   "orbit",  "colony", "mars",  "future", "station"};
constexpr std::array<sv, 5> scifi_labels{"science fiction", "space opera", "near-future thriller",
                                         "hard science fiction", "dystopian science fiction"};
constexpr std::array<Setting, 12> scifi_settings{{{"the bridge of the survey ship", true},
                                                  {"the hydroponics bay", true},
                                                  {"the medical deck", true},
                                                  {"the station's observation lounge", true},
                                                  {"the cargo hold", true},
                                                  {"the server vault", true},
                                                  {"the airlock corridor", true},
                                                  {"the colony dome's edge", false},
                                                  {"the landing field", false},
                                                  {"the red dunes beyond the dome", false},
                                                  {"the dead city's plaza", false},
                                                  {"the crew quarters", true}}};
constexpr std::array<sv, 12> scifi_objects{"data shard",      "cracked helmet",  "signal log",     "seed vault key",
                                           "oxygen canister", "flight recorder", "neural implant", "star chart",
                                           "service drone",   "coolant valve",   "ration card",    "distress beacon"};
constexpr std::array<sv, 10> scifi_jobs{
    "navigator", "xenobiologist", "station engineer", "pilot",          "colony administrator",
    "medic",     "salvage diver", "systems analyst",  "security chief", "botanist"};
constexpr std::array<sv, 6> scifi_troubles{
    "a signal from a ship that was lost forty years ago", "a colony running out of air and out of trust",
    "an artificial mind that has started to lie",         "a mutiny that nobody admits to planning",
    "a planet that is not as empty as the survey said",   "a cure that only the powerful can afford"};

// ---- romance ----
constexpr std::array<sv, 10> romance_keywords{"love",   "romance", "wedding", "kiss",  "heart",
                                              "dating", "lovers",  "marry",   "crush", "engaged"};
constexpr std::array<sv, 5> romance_labels{"contemporary romance", "romantic comedy", "second-chance romance",
                                           "slow-burn romance", "historical romance"};
constexpr std::array<Setting, 12> romance_settings{{{"the bakery kitchen", true},
                                                    {"the bookshop's back room", true},
                                                    {"the wedding marquee", true},
                                                    {"the rooftop bar", false},
                                                    {"the train platform", false},
                                                    {"the vineyard terrace", false},
                                                    {"the hospital corridor", true},
                                                    {"the old family house", true},
                                                    {"the beach at low tide", false},
                                                    {"the hotel lobby", true},
                                                    {"the flower market", false},
                                                    {"the studio flat", true}}};
constexpr std::array<sv, 12> romance_objects{
    "wedding invitation", "unsent letter",   "borrowed jacket", "cassette tape",  "recipe card", "spare key",
    "plane ticket",       "engagement ring", "sketchbook",      "old photograph", "bouquet",     "voicemail"};
constexpr std::array<sv, 10> romance_jobs{"pastry chef", "architect",   "wedding planner", "veterinarian", "bookseller",
                                          "violinist",   "firefighter", "florist",         "journalist",   "teacher"};
constexpr std::array<sv, 6> romance_troubles{"a wedding that brings two old rivals back to the same town",
                                             "a promise made at eighteen and broken at nineteen",
                                             "a business partnership that becomes something harder to name",
                                             "a fake engagement that stops being fake",
                                             "a summer that has to end",
                                             "a letter delivered ten years too late"};

// ---- horror ----
constexpr std::array<sv, 10> horror_keywords{"ghost",  "haunted", "monster", "demon",   "blood",
                                             "horror", "curse",   "undead",  "vampire", "possessed"};
constexpr std::array<sv, 5> horror_labels{"gothic horror", "folk horror", "psychological horror", "supernatural horror",
                                          "haunted-house horror"};
constexpr std::array<Setting, 12> horror_settings{{{"the nursery at the top of the house", true},
                                                   {"the cellar", true},
                                                   {"the chapel", true},
                                                   {"the farmhouse kitchen", true},
                                                   {"the hospital's closed wing", true},
                                                   {"the attic", true},
                                                   {"the frozen lake", false},
                                                   {"the orchard", false},
                                                   {"the churchyard gate", false},
                                                   {"the woods behind the house", false},
                                                   {"the empty village street", false},
                                                   {"the long gallery", true}}};
constexpr std::array<sv, 12> horror_objects{"music box",    "porcelain doll", "rusted key",      "hymn book",
                                            "lock of hair", "cracked mirror", "child's drawing", "tin of teeth",
                                            "wax candle",   "baptism gown",   "radio",           "old diary"};
constexpr std::array<sv, 10> horror_jobs{"caretaker",    "widowed doctor", "folklorist",    "estate agent", "priest",
                                         "night porter", "photographer",   "schoolteacher", "gravedigger",  "nurse"};
constexpr std::array<sv, 6> horror_troubles{
    "a house that remembers everyone who ever died in it", "a village ritual that has been skipped for the first time",
    "a child who speaks with a dead woman's voice",        "a sickness that spreads through dreams",
    "something that answers when the bells ring",          "a grave that is found open every morning"};

// ---- thriller ----
constexpr std::array<sv, 10> thriller_keywords{"spy",       "heist",  "conspiracy", "assassin", "hostage",
                                               "terrorist", "cartel", "hacker",     "agent",    "chase"};
constexpr std::array<sv, 5> thriller_labels{"espionage thriller", "political thriller", "heist thriller",
                                            "techno-thriller", "conspiracy thriller"};
constexpr std::array<Setting, 12> thriller_settings{{{"the safe house", true},
                                                     {"the embassy basement", true},
                                                     {"the hotel suite", true},
                                                     {"the server room", true},
                                                     {"the night train", true},
                                                     {"the newsroom", true},
                                                     {"the parking garage", true},
                                                     {"the airport concourse", true},
                                                     {"the container port", false},
                                                     {"the bridge at midnight", false},
                                                     {"the rooftop helipad", false},
                                                     {"the border checkpoint", false}}};
constexpr std::array<sv, 12> thriller_objects{"burner phone",    "encrypted drive", "passport",       "key card",
                                              "sniper's casing", "bank ledger",     "flash drive",    "dead drop note",
                                              "wiretap",         "briefcase",       "security badge", "photograph"};
constexpr std::array<sv, 10> thriller_jobs{"intelligence analyst", "courier",  "investigative journalist", "fixer",
                                           "safecracker",          "diplomat", "security consultant",      "hacker",
                                           "police negotiator",    "banker"};
constexpr std::array<sv, 6> thriller_troubles{"a list of names that someone will kill to keep secret",
                                              "a heist planned around a man who is already dead",
                                              "a leak inside the agency that trained them",
                                              "an election that is being bought one vote at a time",
                                              "a hostage exchange where nobody is who they claim",
                                              "a fortune hidden in plain sight"};

// ---- historical ----
constexpr std::array<sv, 10> historical_keywords{"war",      "soldier", "century", "empire",     "victorian",
                                                 "medieval", "battle",  "regency", "revolution", "plague"};
constexpr std::array<sv, 5> historical_labels{"historical drama", "war drama", "historical saga", "period drama",
                                              "historical adventure"};
constexpr std::array<Setting, 12> historical_settings{{{"the field hospital", true},
                                                       {"the mill floor", true},
                                                       {"the parlour", true},
                                                       {"the telegraph office", true},
                                                       {"the officers' mess", true},
                                                       {"the printing house", true},
                                                       {"the trenches", false},
                                                       {"the dockside", false},
                                                       {"the coaching inn yard", false},
                                                       {"the manor gardens", false},
                                                       {"the village green", false},
                                                       {"the cathedral steps", false}}};
constexpr std::array<sv, 12> historical_objects{
    "regimental button", "ration book", "telegram",          "locket",       "pamphlet", "land deed", "rosary",
    "ship's manifest",   "sabre",       "bundle of letters", "pocket bible", "medal"};
constexpr std::array<sv, 10> historical_jobs{"field surgeon", "mill girl",   "printer",    "lieutenant",
                                             "governess",     "dock worker", "suffragist", "schoolmaster",
                                             "midwife",       "telegraphist"};
constexpr std::array<sv, 6> historical_troubles{"a war that takes every brother in the village but one",
                                                "a strike that turns a mill town against itself",
                                                "a land deed forged a generation ago",
                                                "a printing press that could hang everyone who works it",
                                                "a plague year and the family that hid a sickness",
                                                "a soldier who comes home under another man's name"};

// ---- literary (the default) ----
constexpr std::array<sv, 10> literary_keywords{"family", "grief",    "mother", "father",  "childhood",
                                               "memory", "marriage", "sister", "brother", "home"};
constexpr std::array<sv, 5> literary_labels{"literary fiction", "family drama", "coming-of-age story", "domestic drama",
                                            "literary drama"};
constexpr std::array<Setting, 12> literary_settings{{{"the kitchen of the family house", true},
                                                     {"the hospital waiting room", true},
                                                     {"the garden shed", true},
                                                     {"the school staff room", true},
                                                     {"the corner café", true},
                                                     {"the car parked outside the house", true},
                                                     {"the allotment", false},
                                                     {"the seafront promenade", false},
                                                     {"the bus stop in the rain", false},
                                                     {"the back garden", false},
                                                     {"the crematorium car park", false},
                                                     {"the spare bedroom", true}}};
constexpr std::array<sv, 12> literary_objects{
    "shoebox of letters", "wedding ring",  "old cardigan", "piano",       "photo album", "set of keys",
    "recipe book",        "birthday card", "watch",        "unpaid bill", "cassette",    "garden spade"};
constexpr std::array<sv, 10> literary_jobs{"schoolteacher", "nurse",       "carpenter", "accountant",    "bus driver",
                                           "translator",    "piano tuner", "gardener",  "social worker", "shopkeeper"};
constexpr std::array<sv, 6> literary_troubles{"a family that gathers to sell the house where it fell apart",
                                              "a diagnosis nobody wants to say aloud",
                                              "a sister who left and came back a stranger",
                                              "a marriage held together by one shared lie",
                                              "a father's last wish that nobody can agree on",
                                              "a summer everyone remembers differently"};

constexpr std::array<GenreBank, 8> banks{{
    {"mystery", mystery_keywords, mystery_labels, mystery_settings, mystery_objects, mystery_jobs, mystery_troubles},
    {"fantasy", fantasy_keywords, fantasy_labels, fantasy_settings, fantasy_objects, fantasy_jobs, fantasy_troubles},
    {"science fiction", scifi_keywords, scifi_labels, scifi_settings, scifi_objects, scifi_jobs, scifi_troubles},
    {"romance", romance_keywords, romance_labels, romance_settings, romance_objects, romance_jobs, romance_troubles},
    {"horror", horror_keywords, horror_labels, horror_settings, horror_objects, horror_jobs, horror_troubles},
    {"thriller", thriller_keywords, thriller_labels, thriller_settings, thriller_objects, thriller_jobs,
     thriller_troubles},
    {"historical", historical_keywords, historical_labels, historical_settings, historical_objects, historical_jobs,
     historical_troubles},
    {"literary", literary_keywords, literary_labels, literary_settings, literary_objects, literary_jobs,
     literary_troubles},
}};

// Words in a genre label that point at a bank even when no keyword does ("space opera").
struct GenreHint {
  sv word;
  std::size_t bank;
};
constexpr std::array<GenreHint, 16> genre_hints{{{"mystery", 0},
                                                 {"crime", 0},
                                                 {"noir", 0},
                                                 {"detective", 0},
                                                 {"fantasy", 1},
                                                 {"sword", 1},
                                                 {"science", 2},
                                                 {"sci-fi", 2},
                                                 {"space", 2},
                                                 {"dystopi", 2},
                                                 {"romance", 3},
                                                 {"romantic", 3},
                                                 {"horror", 4},
                                                 {"thriller", 5},
                                                 {"historical", 6},
                                                 {"period", 6}}};

// ---- beats ----
constexpr std::array<sv, 6> discovery_cues{"discover", "find", "found", "uncover", "learn", "reveal"};
constexpr std::array<sv, 4> discovery_summaries{
    "{name} finds the {object} in {setting} and understands what {other} has been hiding.",
    "In {setting}, {name} and {other} uncover the {object}, and with it a name nobody expected.",
    "{name} searches {setting} alone and discovers the {object} where it should not be.",
    "{other} shows {name} the {object}, and the discovery changes what both of them believe."};
constexpr std::array<sv, 6> discovery_narration{
    "The {object} [lies|lay] where nobody would have thought to look, and {name} [knows|knew] at once what it "
    "meant.",
    "{name} [turns|turned] the {object} over twice before the truth of it [settles|settled].",
    "Under the dust and the old newspapers [is|was] the {object}, exactly as {other} had described it.",
    "It [takes|took] {name} a long moment to understand that the {object} [changes|changed] everything.",
    "{name} [holds|held] the {object} up to the {light} and [reads|read] what had been scratched into it.",
    "There [is|was] no mistaking it now: somebody had hidden the {object} on purpose."};
constexpr std::array<sv, 5> discovery_dialogue{
    "How long has this been here?", "You need to see what I found.", "This was never supposed to be found, was it?",
    "Somebody put the {object} here on purpose.", "Tell me you knew nothing about the {object}."};

constexpr std::array<sv, 6> confrontation_cues{"confront", "argue", "accuse", "fight", "clash", "demand"};
constexpr std::array<sv, 4> confrontation_summaries{
    "{name} confronts {other} in {setting} about the {object}, and neither of them backs down.",
    "An argument in {setting} turns ugly when {other} accuses {name} of taking the {object}.",
    "{name} demands the truth from {other}, and the {object} is laid on the table between them.",
    "In {setting}, {other} confronts {name}; what is said cannot be taken back."};
constexpr std::array<sv, 6> confrontation_narration{
    "{name} [stands|stood] between {other} and the door and [does|did] not move.",
    "The words [come|came] out harder than {name} had meant them, and {other} [flinches|flinched].",
    "For a moment neither of them [speaks|spoke], and the {object} [sits|sat] between them like an accusation.",
    "{other} [laughs|laughed], but there [is|was] nothing in the laugh that {name} [recognises|recognised].",
    "{name} [slams|slammed] a hand flat on the table, and the {object} [jumps|jumped].",
    "Every old grievance [rises|rose] at once, and {other} [lets|let] all of them come."};
constexpr std::array<sv, 5> confrontation_dialogue{
    "Don't you dare walk away from me.", "You lied to me about the {object}.", "I want the truth, and I want it now.",
    "Just say what you did.", "You had no right."};

constexpr std::array<sv, 6> confession_cues{"confess", "admit", "tell", "truth", "secret", "apolog"};
constexpr std::array<sv, 4> confession_summaries{
    "{other} finally confesses to {name} what really happened to the {object}.",
    "In {setting}, {name} admits the secret that has been kept since the beginning.",
    "{other} tells {name} the truth about the {object}, and asks for nothing in return.",
    "A quiet hour in {setting} ends with {name} confessing to {other}."};
constexpr std::array<sv, 6> confession_narration{
    "When {other} [speaks|spoke] at last, the voice [is|was] so quiet that {name} [has|had] to lean in.",
    "It [comes|came] out all at once, the whole story, the {object} and the night it went missing.",
    "{name} had expected to feel triumph; what [comes|came] instead [is|was] something closer to {emotion}.",
    "{other} [looks|looked] at the floor the whole time, as if the confession were written there.",
    "The secret, once spoken, [sounds|sounded] smaller than it had felt for all those years.",
    "{name} [listens|listened] without interrupting, which [is|was] the hardest thing of all."};
constexpr std::array<sv, 5> confession_dialogue{"I should have told you years ago.", "It was me. It was always me.",
                                                "I kept the {object} because I couldn't bear to lose it.",
                                                "Please let me finish before you say anything.",
                                                "I'm not asking you to forgive me."};

constexpr std::array<sv, 6> search_cues{"search", "look", "hunt", "track", "follow", "investigat"};
constexpr std::array<sv, 4> search_summaries{
    "{name} and {other} search {setting} for the {object} before anyone else can reach it.",
    "{name} follows {other}'s trail to {setting}, looking for the {object}.",
    "The hunt for the {object} leads {name} to {setting}, where {other} is already waiting.",
    "{name} investigates {setting} and finds that {other} has been there first."};
constexpr std::array<sv, 6> search_narration{
    "{name} [works|worked] through {setting} one drawer at a time.",
    "They [split|split] up, {name} taking the far side and {other} the door.",
    "Every corner {name} [checks|checked] [turns|turned] up nothing but dust and {smell}.",
    "{name} [follows|followed] the trail as far as it [goes|went] and then a little further.",
    "{other} [calls|called] out from somewhere behind, but the words [are|were] lost in the {sound}.",
    "The search [takes|took] longer than either of them had planned, and the light [begins|began] to go."};
constexpr std::array<sv, 5> search_dialogue{"It has to be here somewhere.", "Check behind the shelves.",
                                            "Someone has been through this already.",
                                            "We're running out of places to look.", "Keep looking. Don't stop now."};

constexpr std::array<sv, 6> escape_cues{"escape", "flee", "run", "chase", "hide", "get away"};
constexpr std::array<sv, 4> escape_summaries{
    "{name} and {other} escape {setting} with the {object}, but not before they are seen.",
    "Cornered in {setting}, {name} has to choose between the {object} and getting out alive.",
    "{other} helps {name} slip out of {setting} while the others are still arguing.",
    "A chase through {setting} ends with {name} hiding the {object} where nobody will think to look."};
constexpr std::array<sv, 6> escape_narration{
    "{name} [runs|ran] before the decision [is|was] fully made.",
    "Behind them a door [bangs|banged], and then footsteps, quicker than their own.",
    "{other} [grabs|grabbed] {name} by the sleeve and [pulls|pulled] hard toward the {place}.",
    "They [do|did] not stop until the {sound} [is|was] far behind them.",
    "{name} [clutches|clutched] the {object} so tightly that it [hurts|hurt].",
    "There [is|was] only one way out, and it [is|was] the way they had come in."};
constexpr std::array<sv, 5> escape_dialogue{"Run. Don't look back.", "This way, quickly.", "They're right behind us.",
                                            "Keep your head down and keep moving.", "Not that door. The other one."};

constexpr std::array<sv, 6> betrayal_cues{"betray", "deceiv", "lie", "lies", "trap", "double-cross"};
constexpr std::array<sv, 4> betrayal_summaries{
    "{name} learns in {setting} that {other} has been working against them from the start.",
    "{other} hands the {object} to the wrong people, and {name} watches it happen.",
    "A trusted ally betrays {name} in {setting}, and the {object} is lost.",
    "{name} walks into a trap in {setting} that only {other} could have set."};
constexpr std::array<sv, 6> betrayal_narration{
    "{name} [understands|understood] too late that {other} had never been on their side.",
    "The smile {other} [gives|gave] {name} [is|was] the same smile as always, which [makes|made] it worse.",
    "Everything {name} had told {other} in confidence [comes|came] back now like a blade.",
    "{other} [does|did] not even pretend to be sorry.",
    "{name} [feels|felt] the floor of the world tilt, slowly and completely.",
    "The {object} [passes|passed] from one hand to another, and {name} [can|could] only watch."};
constexpr std::array<sv, 5> betrayal_dialogue{"I trusted you.", "How long have you been working for them?",
                                              "You have to understand it was never personal.",
                                              "You gave them the {object}.", "Was any of it true?"};

constexpr std::array<sv, 6> reunion_cues{"reunite", "return", "meet", "reconcil", "come back", "visit"};
constexpr std::array<sv, 4> reunion_summaries{
    "{name} and {other} meet again in {setting} for the first time in years.",
    "{other} returns to {setting}, and {name} has to decide whether to open the door.",
    "An awkward reunion in {setting} softens when {name} brings out the {object}.",
    "{name} visits {other} in {setting}, carrying the {object} and an apology that will not come out."};
constexpr std::array<sv, 6> reunion_narration{
    "{other} [looks|looked] older, and then, when the smile [comes|came], not older at all.",
    "Neither of them [knows|knew] what to do with their hands.",
    "{name} had rehearsed this moment a hundred times, and none of the rehearsals [helps|helped].",
    "The years between them [close|closed] up and then, just as quickly, [open|opened] again.",
    "{name} [offers|offered] the {object} without a word, and {other} [takes|took] it.",
    "For a while they [talk|talked] about nothing, which [is|was] easier than talking about anything."};
constexpr std::array<sv, 5> reunion_dialogue{"You came back.", "I didn't think you'd open the door.",
                                             "You kept the {object} all this time?", "I'm sorry it's been so long.",
                                             "I almost didn't come."};

constexpr std::array<sv, 6> decision_cues{"decide", "choose", "choice", "resolve", "vow", "plan"};
constexpr std::array<sv, 4> decision_summaries{
    "{name} decides in {setting} to take the {object} and finish what was started.",
    "{other} forces {name} to choose, and the choice is made in {setting}.",
    "Alone in {setting}, {name} makes a plan and tells no one, not even {other}.",
    "{name} and {other} agree on a plan in {setting}, though each of them means something different by it."};
constexpr std::array<sv, 6> decision_narration{
    "{name} [weighs|weighed] the {object} in one hand and the choice in the other.",
    "By the time the {sound} [stops|stopped], {name} had made up their mind.",
    "There [is|was] no good choice, only the one {name} [can|could] live with.",
    "{other} [waits|waited] for an answer and [does|did] not rush it.",
    "{name} [thinks|thought] of everyone this would cost and [chooses|chose] anyway.",
    "The plan [is|was] simple enough to say aloud and terrible enough that nobody [does|did]."};
constexpr std::array<sv, 5> decision_dialogue{"We do it tonight, or we don't do it at all.", "I've made up my mind.",
                                              "If we go ahead, there's no going back.",
                                              "Give me until morning to decide.", "Then it's settled."};

constexpr std::array<BeatWords, beat_count> beats{{
    {Beat::discovery, discovery_cues, discovery_summaries, discovery_narration, discovery_dialogue},
    {Beat::confrontation, confrontation_cues, confrontation_summaries, confrontation_narration, confrontation_dialogue},
    {Beat::confession, confession_cues, confession_summaries, confession_narration, confession_dialogue},
    {Beat::search, search_cues, search_summaries, search_narration, search_dialogue},
    {Beat::escape, escape_cues, escape_summaries, escape_narration, escape_dialogue},
    {Beat::betrayal, betrayal_cues, betrayal_summaries, betrayal_narration, betrayal_dialogue},
    {Beat::reunion, reunion_cues, reunion_summaries, reunion_narration, reunion_dialogue},
    {Beat::decision, decision_cues, decision_summaries, decision_narration, decision_dialogue},
}};

// ---- outline phases ----
constexpr std::array<sv, 4> setup_summaries{
    "{name} is drawn into {trouble} when the {object} turns up at {place}.",
    "We meet {name} at {place}, where an ordinary day ends with the {object} and a stranger's question.",
    "{name} and {other} cross paths at {place}, and the first thread of {trouble} comes loose.",
    "Life at {place} is quiet until {other} arrives with news of {trouble}."};
constexpr std::array<sv, 4> complication_summaries{
    "{name} follows the {object} to {place} and learns that {rival} is already involved.",
    "The search for answers puts {name} at odds with {other}, while {rival} watches from {place}.",
    "A second clue at {place} makes {trouble} impossible to ignore, and {name} starts asking the wrong people.",
    "{rival} makes an offer at {place} that {name} should refuse and does not."};
constexpr std::array<sv, 4> turn_summaries{
    "At {place} everything turns: the {object} was never what {name} believed it to be.",
    "{other} reveals a secret at {place} that changes the shape of {trouble}.",
    "{name} wins a victory at {place}, and it costs far more than it should have.",
    "A betrayal at {place} leaves {name} alone with the {object} and no one to trust."};
constexpr std::array<sv, 4> crisis_summaries{
    "{rival} closes in, and at {place} {name} loses the {object} and very nearly {other}.",
    "Cornered at {place}, {name} has to choose between the truth and the people they love.",
    "{trouble} comes to a head at {place}, and {name} runs out of time and excuses.",
    "{name} faces {rival} at {place} with nothing left to bargain with but the {object}."};
constexpr std::array<sv, 4> resolution_summaries{
    "At {place}, {name} and {rival} settle {trouble} at last, and {other} makes the final choice.",
    "The {object} returns to {place}, and {name} decides what kind of life comes after {trouble}.",
    "{name} tells the whole truth at {place}, and the town, and {other}, have to live with it.",
    "Back where it began, at {place}, {name} lets the {object} go."};
constexpr std::array<Words, story_phase_count> phases{setup_summaries, complication_summaries, turn_summaries,
                                                      crisis_summaries, resolution_summaries};
}  // namespace

std::span<const GenreBank> genre_banks() noexcept { return banks; }

const GenreBank& genre_bank_for(std::string_view genre) noexcept {
  const std::string lowered = to_lower(genre);
  for (const auto& hint : genre_hints) {
    if (lowered.find(hint.word) != std::string::npos) return banks[hint.bank];
  }
  for (const auto& candidate : banks) {
    for (const auto keyword : candidate.keywords) {
      if (lowered.find(keyword) != std::string::npos) return candidate;
    }
  }
  return banks.back();
}

const BeatWords& beat_words(Beat beat) noexcept { return beats[static_cast<std::size_t>(beat)]; }

Words outline_summaries(int phase) noexcept {
  if (phase < 0) phase = 0;
  if (phase >= story_phase_count) phase = story_phase_count - 1;
  return phases[static_cast<std::size_t>(phase)];
}

namespace bank {
namespace {
constexpr std::array<sv, 64> first_names_data{
    "Mara",     "Tomas",  "Ines",    "Owen",   "Delphine", "Jonah",  "Ruth",    "Kasimir", "Nell",   "Arjun",
    "Leila",    "Caspar", "Wren",    "Felix",  "Yara",     "Elias",  "Saoirse", "Bruno",   "Hana",   "Dmitri",
    "Odette",   "Silas",  "Priya",   "Matteo", "Agnes",    "Kofi",   "Ilse",    "Rafael",  "Maud",   "Emeka",
    "Greta",    "Lucian", "Noor",    "Anselm", "Clio",     "Viktor", "Esme",    "Joaquin", "Tamsin", "Bartholomew",
    "Freya",    "Idris",  "Lotte",   "Cyrus",  "Margit",   "Oisin",  "Beatrix", "Hugo",    "Amara",  "Lazlo",
    "Juno",     "Ezra",   "Solveig", "Pavel",  "Rosalind", "Tobias", "Zofia",   "Ambrose", "Dara",   "Gideon",
    "Perpetua", "Rune",   "Celeste", "Malachy"};
constexpr std::array<sv, 60> surnames_data{
    "Quill",      "Harrow",      "Lindqvist", "Okafor",     "Vance",     "Marchetti", "Blackwood", "Rourke",
    "Sato",       "Fairweather", "Kowalski",  "Achterberg", "Delacroix", "Moreau",    "Abernathy", "Castellanos",
    "Penhaligon", "Wexley",      "Ashdown",   "Nakamura",   "Galloway",  "Strand",    "Varga",     "Holloway",
    "Mbeki",      "Crane",       "Thorne",    "Ferreira",   "Lisle",     "Brannock",  "Iversen",   "Pembroke",
    "Salazar",    "Whitlock",    "Drummond",  "Kerrigan",   "Oyelaran",  "Petrov",    "Hale",      "Montague",
    "Fitzroy",    "Lachance",    "Grieve",    "Tennant",    "Ravel",     "Szabo",     "Eckhart",   "Mallory",
    "Winter",     "Osei",        "Farrow",    "Dunmore",    "Kestrel",   "Albescu",   "Moss",      "Carrow",
    "Vidal",      "Roth",        "Sorensen"};
constexpr std::array<sv, 8> roles_data{"mentor",        "ally", "rival",   "confidant",
                                       "love interest", "foil", "witness", "wildcard"};
constexpr std::array<sv, 16> traits_data{"stubborn",  "watchful",   "charming", "guarded",  "reckless", "tender",
                                         "ambitious", "melancholy", "funny",    "exacting", "restless", "loyal",
                                         "secretive", "generous",   "proud",    "patient"};
constexpr std::array<sv, 14> wants_data{"to be forgiven",
                                        "to be left alone",
                                        "to prove everyone wrong",
                                        "to protect a younger sibling",
                                        "to win back a lost name",
                                        "to finally leave town",
                                        "to find out what really happened",
                                        "to keep a promise made to the dead",
                                        "to be taken seriously",
                                        "to pay off an old debt",
                                        "to be loved without conditions",
                                        "to hold on to power",
                                        "to put right an old mistake",
                                        "to belong somewhere"};
constexpr std::array<sv, 10> arcs_data{"begins by wanting {want} and ends understanding what it cost",
                                       "moves from suspicion to trust, and is nearly punished for it",
                                       "learns that wanting {want} was never the real problem",
                                       "gives up on wanting {want}, to save someone else",
                                       "hardens over the story until one act of kindness breaks the shell",
                                       "starts as a bystander and ends as the one who decides",
                                       "loses what they wanted most and finds they can live without it",
                                       "is forced to choose between loyalty and the truth, and chooses the truth",
                                       "wants {want}, gets it, and discovers it was the wrong wish",
                                       "stops running from the past and turns to face it"};
constexpr std::array<sv, 14> weather_data{"rain",           "sea fog",
                                          "a hard frost",   "wind off the water",
                                          "thin sunshine",  "sleet",
                                          "a thunderstorm", "heat that would not break",
                                          "drizzle",        "first snow",
                                          "a gale",         "a low grey sky",
                                          "mist",           "a bright cold wind"};
constexpr std::array<sv, 14> emotions_data{"dread",    "relief", "shame",   "anger", "tenderness", "grief",   "hope",
                                           "jealousy", "fear",   "longing", "guilt", "suspicion",  "resolve", "wonder"};
constexpr std::array<sv, 14> sounds_data{"the tick of a clock",      "gulls",
                                         "a dog barking far off",    "the wind in the chimney",
                                         "a kettle starting",        "footsteps overhead",
                                         "a door banging somewhere", "the rain on the roof",
                                         "a radio in another room",  "church bells",
                                         "the hum of machinery",     "the sea",
                                         "someone laughing outside", "a car passing slowly"};
constexpr std::array<sv, 12> smells_data{"wet wool", "woodsmoke", "bleach",      "old paper",
                                         "diesel",   "salt",      "bread",       "candle wax",
                                         "cold ash", "lavender",  "machine oil", "damp stone"};
constexpr std::array<sv, 12> lights_data{
    "lamp",      "window",    "last of the daylight", "candle", "torch", "grey morning light", "streetlight", "fire",
    "moonlight", "bare bulb", "screen's glow",        "lantern"};
constexpr std::array<sv, 10> times_data{"at dusk",
                                        "before dawn",
                                        "late that night",
                                        "in the grey morning",
                                        "just after noon",
                                        "at the turn of the tide",
                                        "in the small hours",
                                        "at supper time",
                                        "as the bells rang six",
                                        "on a Sunday afternoon"};
constexpr std::array<sv, 16> lead_ins_data{"For a moment, ", "Without a word, ", "After that, ",     "Just then, ",
                                           "Slowly, ",       "At length, ",      "Even so, ",        "In the quiet, ",
                                           "All the same, ", "Once again, ",     "Meanwhile, ",      "Somehow, ",
                                           "Before long, ",  "Almost at once, ", "With an effort, ", "By then, "};
constexpr std::array<sv, 6> interjections_data{"Listen, ", "Look, ", "Honestly, ", "Well, ", "And ", "So "};
constexpr std::array<sv, 4> day_parts_data{"NIGHT", "DAY", "DUSK", "MORNING"};
constexpr std::array<sv, 12> openings_data{
    "{setting} [is|was] quiet {time}, the kind of quiet that [waits|waited] for something.",
    "{weather} [presses|pressed] against the windows of {setting} as {name} [comes|came] in.",
    "By the time {name} [reaches|reached] {setting}, {other} [is|was] already there.",
    "{setting} [smells|smelled] of {smell}, and {name} [stops|stopped] on the threshold.",
    "{name} [arrives|arrived] at {setting} {time} with the {object} wrapped in a scarf.",
    "Nobody [expects|expected] {name} at {setting} {time}, least of all {other}.",
    "There [is|was] {weather} over {setting}, and the {light} [is|was] the only warmth in it.",
    "{other} [is|was] waiting in {setting}, sitting very still, when {name} [finds|found] them.",
    "{time}, {setting} [belongs|belonged] to {name} and the {sound}.",
    "The {light} in {setting} [flickers|flickered] as {name} [closes|closed] the door behind them.",
    "{name} had promised never to come back to {setting}, and yet here [is|was] {name}, {time}.",
    "It [starts|started] in {setting}, with {weather} and {other} refusing to look up."};
constexpr std::array<sv, 40> narration_data{
    "{name} [sets|set] the {object} down on the table and [waits|waited].",
    "Outside, {weather} [keeps|kept] on as if nothing inside the room [matters|mattered].",
    "The {light} [throws|threw] long shadows across {setting}.",
    "Somewhere beyond the walls there [is|was] {sound}.",
    "{other} [watches|watched] {name} with an expression that [gives|gave] nothing away.",
    "{name} [feels|felt] {emotion} rise and [swallows|swallowed] it.",
    "The room [smells|smelled] faintly of {smell}.",
    "{other} [pours|poured] two cups of tea that neither of them [drinks|drank].",
    "{name} [paces|paced] to the window and back again.",
    "There [is|was] a long silence, filled only by {sound}.",
    "{other} [rubs|rubbed] tired eyes and [leans|leaned] back in the chair.",
    "{name} [thinks|thought] of the {thing}, and of who else might know about it.",
    "The {object} [seems|seemed] heavier than it had any right to be.",
    "{name} [notices|noticed] for the first time how thin {other} had grown.",
    "A draught [moves|moved] the papers on the desk, and {name} [pins|pinned] them flat.",
    "{other} [starts|started] to say something, then [thinks|thought] better of it.",
    "{name} [counts|counted] silently to ten, the old trick, and it [works|worked] about as well as ever.",
    "The {light} [catches|caught] the edge of the {object} and [holds|held] there.",
    "{other} [turns|turned] the question over for a while before answering.",
    "{name} [remembers|remembered] another evening like this one, and how badly it had ended.",
    "Neither of them [mentions|mentioned] {place}, though both of them [are|were] thinking of it.",
    "{other} [moves|moved] closer, close enough that {name} [can|could] smell {smell} on their coat.",
    "The clock on the wall [is|was] five minutes slow, as it had been for years.",
    "{name} [looks|looked] at {other} for a long moment, measuring something.",
    "{emotion} [sits|sat] in {name}'s chest like a stone.",
    "Outside a gate [swings|swung] and [bangs|banged] in the {weather}.",
    "{other} [laughs|laughed] softly, without much humour in it.",
    "{name} [runs|ran] a thumb along the edge of the {object}.",
    "It [is|was] the kind of evening that [makes|made] people say more than they meant to.",
    "{other} [glances|glanced] toward the door, as if expecting someone.",
    "{name} [wonders|wondered] how much {other} already [knows|knew].",
    "The {sound} [stops|stopped], and the silence after it [is|was] worse.",
    "{name} [straightens|straightened] the chair that did not need straightening.",
    "{other} [keeps|kept] one hand in a coat pocket the whole time.",
    "On the table between them the {thing} [lies|lay] where {other} had left it.",
    "{name} [tries|tried] to picture {place} as it had been before any of this.",
    "The {weather} [thickens|thickened], and the {light} [seems|seemed] to shrink.",
    "{other} [says|said] nothing, which [is|was] its own kind of answer.",
    "{name} [catches|caught] sight of their own reflection in the dark window and [looks|looked] away.",
    "A memory of {place} [arrives|arrived] uninvited and [refuses|refused] to leave."};
constexpr std::array<sv, 12> closings_data{
    "When {name} [leaves|left] {setting}, the {weather} had not let up, and nothing [is|was] the same.",
    "{other} [stays|stayed] behind in {setting} long after {name} had gone.",
    "{name} [puts|put] the {object} away, but not out of mind.",
    "The {light} [goes|went] out, and {setting} [is|was] left to the dark and the {sound}.",
    "By morning, {name} [knows|knew], all of it would have to be decided again.",
    "{name} [walks|walked] home through the {weather} without feeling any of it.",
    "Whatever happened next, {name} and {other} [are|were] in it together now.",
    "Later, {name} would remember this as the night everything [turns|turned].",
    "{other} [locks|locked] the door of {setting} and [pockets|pocketed] the key.",
    "{name} [looks|looked] back once at {setting}, and then not again.",
    "The {object} [goes|went] with {name}, and so [does|did] the question it raised.",
    "Nothing more [is|was] said that night, and nothing more [needs|needed] to be."};
constexpr std::array<sv, 16> fillers_data{"Nobody [moves|moved].",
                                          "The {sound} [goes|went] on.",
                                          "{name} [waits|waited].",
                                          "{other} [nods|nodded].",
                                          "The {weather} [holds|held].",
                                          "{name} [shrugs|shrugged].",
                                          "Nothing [happens|happened].",
                                          "{other} [sighs|sighed].",
                                          "The moment [passes|passed].",
                                          "{name} [breathes|breathed] out.",
                                          "Time [passes|passed].",
                                          "{other} [blinks|blinked].",
                                          "It [is|was] late.",
                                          "{name} [listens|listened].",
                                          "The {light} [wavers|wavered].",
                                          "{other} [waits|waited] too."};
constexpr std::array<sv, 36> dialogue_data{"You should have told me sooner.",
                                           "I don't know what you want me to say.",
                                           "Where were you when the {weather} started?",
                                           "Nobody. Nobody else knows about the {object}.",
                                           "We can't stay here much longer.",
                                           "Do you ever think about {place}?",
                                           "You sound just like your mother.",
                                           "I came because you asked me to. That's all.",
                                           "It isn't as simple as you make it sound.",
                                           "Tell me again, slowly this time.",
                                           "What happens if they find out?",
                                           "I'm tired of pretending everything is fine.",
                                           "You're not the only one who lost something.",
                                           "Leave the {object} where it is.",
                                           "We said we wouldn't talk about this.",
                                           "I thought I'd never see you again.",
                                           "Is that really what you believe?",
                                           "Someone has been here before us.",
                                           "Don't. Please don't.",
                                           "I need you to trust me, just this once.",
                                           "How much do they know?",
                                           "You can still walk away from all this.",
                                           "That's not how I remember it.",
                                           "Why would anyone want the {object}?",
                                           "I kept my side of the bargain.",
                                           "Whatever you're planning, count me in.",
                                           "You always did like the {weather}.",
                                           "It was never about the money.",
                                           "Look at me. I mean it.",
                                           "We should go to {place} before it's too late.",
                                           "I'm not angry. I'm frightened.",
                                           "You knew all along, didn't you?",
                                           "There's something you need to hear.",
                                           "Maybe we were wrong about everything.",
                                           "Promise me you'll be careful.",
                                           "I'll be there at first light."};
constexpr std::array<sv, 11> said_data{"{name} [says|said]",
                                       "{name} [says|said] quietly",
                                       "{name} [says|said] at last",
                                       "{name} [says|said], not looking up",
                                       "{name} [replies|replied]",
                                       "{name} [murmurs|murmured]",
                                       "{name} [says|said] after a while",
                                       "{name} [answers|answered]",
                                       "{name} [says|said] sharply",
                                       "{name} [whispers|whispered]",
                                       "{name} [says|said] flatly"};
constexpr std::array<sv, 16> gestures_data{"{name} [looks|looked] away.",
                                           "{name} [folds|folded] their arms.",
                                           "{name} [sets|set] down the cup.",
                                           "{name} [turns|turned] toward the window.",
                                           "{name} [takes|took] a step closer.",
                                           "{name} [leans|leaned] against the doorframe.",
                                           "{name} [picks|picked] up the {object} and [turns|turned] it over.",
                                           "{name} [rubs|rubbed] the back of their neck.",
                                           "{name} [sits|sat] down heavily.",
                                           "{name} [glances|glanced] at the door.",
                                           "{name} [smiles|smiled], barely.",
                                           "{name} [shakes|shook] their head slowly.",
                                           "{name} [pushes|pushed] the {object} across the table.",
                                           "{name} [stands|stood] very still.",
                                           "{name} [reaches|reached] for their coat.",
                                           "{name} [crouches|crouched] by the fire."};
constexpr std::array<sv, 10> parentheticals_data{
    "(quietly)",         "(beat)",   "(not looking up)", "(a little too fast)", "(softly)", "(to no one)", "(bitter)",
    "(almost laughing)", "(urgent)", "(after a moment)"};
constexpr std::array<sv, 8> stage_entrances_data{"{name} enters, shaking {weather} from a coat.",
                                                 "{name} enters from the left, carrying the {object}.",
                                                 "{name} is discovered sitting in the half-dark.",
                                                 "{name} comes in quietly and stops by the door.",
                                                 "{name} crosses to the window.",
                                                 "{name} enters at a run.",
                                                 "{name} follows, slower.",
                                                 "{name} appears in the doorway and does not come in."};
constexpr std::array<sv, 16> chapter_titles_data{"The {object}",      "What {name} Kept",
                                                 "Before Dawn",       "The House at the End of the Road",
                                                 "The Long Way Back", "Low Tide",
                                                 "Salt and Ash",      "The Second Key",
                                                 "After the Storm",   "What the {object} Knew",
                                                 "Small Hours",       "The Other Side of the Door",
                                                 "{name}'s Question", "Lanterns",
                                                 "The Last Ferry",    "Nobody's Fault"};
constexpr std::array<sv, 14> voices_data{"spare",  "lyrical",    "wry",           "intimate", "brooding",
                                         "brisk",  "luminous",   "wintry",        "tender",   "sardonic",
                                         "hushed", "propulsive", "unsentimental", "warm"};
constexpr std::array<sv, 8> rhythms_data{
    "Short declarative sentences carry the tension; longer ones are saved for memory and landscape.",
    "Paragraphs breathe: long passages of observation give way to single-line beats when something breaks.",
    "Dialogue is clipped and does most of the work; description arrives in sharp, specific details.",
    "Sentences build in long, rolling clauses and land on a short one.",
    "Scenes open on the senses and close on a line of dialogue or a held silence.",
    "The pace quickens chapter by chapter, with quieter scenes placed deliberately before each turn.",
    "Weather and light do the emotional work that the characters refuse to say aloud.",
    "Humour undercuts the darkest moments without ever dismissing them."};
constexpr std::array<sv, 8> influences_data{"a ghost story told by the fire",
                                            "a case file read late at night",
                                            "an old ballad",
                                            "a letter from someone you once loved",
                                            "a radio play",
                                            "a half-remembered fairy tale",
                                            "a newspaper serial",
                                            "a confession overheard through a wall"};
}  // namespace

const Words first_names = first_names_data;
const Words surnames = surnames_data;
const Words roles = roles_data;
const Words traits = traits_data;
const Words wants = wants_data;
const Words arcs = arcs_data;
const Words weather = weather_data;
const Words emotions = emotions_data;
const Words sounds = sounds_data;
const Words smells = smells_data;
const Words lights = lights_data;
const Words times = times_data;
const Words day_parts = day_parts_data;
const Words lead_ins = lead_ins_data;
const Words interjections = interjections_data;
const Words openings = openings_data;
const Words narration = narration_data;
const Words closings = closings_data;
const Words fillers = fillers_data;
const Words dialogue = dialogue_data;
const Words said = said_data;
const Words gestures = gestures_data;
const Words parentheticals = parentheticals_data;
const Words stage_entrances = stage_entrances_data;
const Words chapter_titles = chapter_titles_data;
const Words voices = voices_data;
const Words rhythms = rhythms_data;
const Words influences = influences_data;
}  // namespace bank

}  // namespace authorworks::llm::offline
