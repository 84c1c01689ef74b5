// The fahras light stemmer's rules, as data. Every affix the stemmer may strip
// is one entry here, with the minimum number of letters that must remain (the
// stem length guard), an optional context guard, and the reason it exists.
// stemmer.cc holds only the engine that applies these tables in order;
// stemmer/README.md explains each table with examples.
//
// All text is in the NORMALISED alphabet (normalizer.h): bare alef ا for أ إ آ
// ٱ, ه for ة, ي for ى, and the lone hamza ء for hamza on a seat (ؤ ئ).
// A test checks that every entry is a fixed point of fahras::normalize, so a
// change in the normaliser cannot silently disable an entry.
//
// Every `why` reads "reason: examples", and the examples are checked
// (tests/analysis/stem_rule_examples_test.cc runs the whole stemmer on each):
//   "W -> S"          the stemmer turns W into S ("W -> X -> S" shows a step);
//   "keeps W1, W2"    these words come out unchanged (until the next ; or "(");
//   "(...)"           commentary, not checked.
// An Arabic word anywhere else fails the test, so an example cannot drift
// unnoticed; a table added here is added to that test's list.
// Private to fahras_analysis. Thread safety: immutable static data.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "stem_tables.h"

namespace fahras::stem_detail {

// Context guards, beyond the minimum stem length. Each is checked by
// guard_allows() in stemmer.cc.
enum class Guard : std::uint8_t {
  kNone,                  // the minimum stem length alone protects radical letters
  kNoNominalEnding,       // future سـ: refused when the word ends like a noun (ه, ات, ي)
  kNotAfterLongVowel,     // final ت: refused after و or ي (بيروت, توقيت, كبريت are not verbs)
  kFourLetters,           // only words of exactly four letters
  kFirstPersonImperfect,  // ن: four letters, not a dictionary noun, not ending in ت or like a noun
  kFeminineEnding,        // no context guard; marks ات تين تان, which a dictionary entry cannot veto
  kFirstPersonVerb,       // سن/سا: as kNoNominalEnding, and no plural/dual ending (1st person takes none)
  kKnownRemainder,        // no context guard here; the engine strips it only when the rest's stem is a
                          // dictionary word (conjunction ف: فرانس, فلاديمير are names, not ف + رانس)
  kVerbObject,            // only on a word the dictionary does not know whose rest is a verb: ني "me"
  kNounRemainder,         // no context guard here; the engine strips it only when the rest's stem is a
                          // dictionary noun (prepositions ب ك govern nouns: بوش, بيريز are not ب + a verb)
  kNotInflectedWord,      // two letters left only when the word is not a dictionary word plus an ending
                          // (kArticleGuardInflectedWord: والده is والد + ه, not و + ال + ده)
};

struct Affix {
  std::string_view text;  // normalised UTF-8, whole Arabic letters only
  std::uint8_t min_stem;  // letters that must remain after stripping
  Guard guard;
  std::string_view why;
};

// ---------------------------------------------------------------------------
// Prefixes. Arabic letters are two bytes each in UTF-8, so lengths below are
// letters; the engine works on byte offsets (letters * 2).

// The definite article with the clitics that can precede it. Longest first:
// the first entry that matches and passes its guard wins. A two-letter stem
// must remain, so ألف/ألم (normalised الف, الم) keep their first letters.
inline constexpr Affix kArticlePrefixes[] = {
    {"وبال", 2, Guard::kNotInflectedWord, "wa + bi + al: وبالكتاب -> كتاب"},
    {"وكال", 2, Guard::kNotInflectedWord, "wa + ka + al: وكالعاده -> عاد"},
    {"فبال", 2, Guard::kNotInflectedWord, "fa + bi + al: فبالنسبه -> نسب"},
    {"فكال", 2, Guard::kNotInflectedWord, "fa + ka + al: فكالبحر -> بحر"},
    {"ولل", 2, Guard::kNotInflectedWord, "wa + li + al, whose alef is dropped in writing: وللشعب -> شعب"},
    {"فلل", 2, Guard::kNotInflectedWord, "fa + li + al: فللمواطن -> مواطن"},
    {"وال", 2, Guard::kNotInflectedWord, "wa + al: والكتاب -> كتاب"},
    {"فال", 2, Guard::kNotInflectedWord, "fa + al: فالامر -> امر"},
    {"بال", 2, Guard::kNotInflectedWord, "bi + al: بالكتاب -> كتاب"},
    {"كال", 2, Guard::kNotInflectedWord, "ka + al: كالبحر -> بحر"},
    {"لل", 2, Guard::kNotInflectedWord, "li + al, alef dropped: للكتاب -> كتاب"},
    {"ال", 2, Guard::kNone, "the article: الكتاب -> كتاب"},
};

// Conjunctions before a word without the article. Three letters must remain
// because و and ف are very often radical (وصل, وطن, فهم, فتح, فرق). و also
// comes off an unknown word (ولافروف -> لافروف: news writes و before every
// name), ف only when what remains is a dictionary word: ف spells the f and v
// of foreign names (فرانس, فلاديمير, فيشر), and ف + an unknown name is rare.
inline constexpr Affix kConjunctions[] = {
    {"و", 3, Guard::kNone, "and: وقال -> قل, ولافروف -> لافروف; keeps وصل, وطن, وقت"},
    {"ف", 3, Guard::kKnownRemainder,
     "so/then: فقال -> قل (kHollowVerbs), فكتب -> كتب; keeps فهم, فتح, فرق and the names فرانس, فلاديمير"},
};

// Prepositions glued to a word without the article. Only stripped when the
// lexicon confirms (see stemmer.cc): بحث, لعب, كتاب, لبنان start with them.
// ب and ك govern nouns only, so what follows them must be a dictionary noun
// (kNounRemainder); ل also precedes verbs (ليكون, لتعزيز), so it keeps the
// plain "dictionary word" test.
inline constexpr Affix kPrepositions[] = {
    {"ب", 2, Guard::kNounRemainder, "with/by: بسبب -> سبب, بمجلس -> مجلس; keeps بوش, بيريز (وش, ريز are verb forms)"},
    {"ل", 2, Guard::kNone, "for/to: لرءيس -> رءيس, لمصر -> مصر"},
    {"ك", 2, Guard::kNounRemainder, "like/as: كدوله -> دول; keeps كولن (ولن is a verb form)"},
};

// A preposition's remainder that no rule shortened must itself be a dictionary
// word: the lexicon test accepts a stem whose form with ه is a word (مدرس,
// from مدرسه), which is right only where an ending came off. بلير stays whole
// (the dictionary has ليره, not لير), while بمدرسته -> مدرس.
inline constexpr bool kPrepositionGuardLiteralRemainder = true;

// A stem a pronoun came off that ends in ت is a noun in ة when the lexicon has
// it with ه: the ت before the pronoun stays when two letters would remain or
// after و/ي (صفته -> صفت, رعايته -> رعايت). Such a stem counts as a word on
// both sides of the clitic tests, so بصفته, لرعايته join صفته, رعايته and
// ولايته keeps its و (noun_before_pronoun in stemmer.cc).
inline constexpr bool kPronounGuardTaMarbutaNoun = true;

// A guard that is a switch of the engine rather than an affix entry: on or
// off, and its reason with examples in the `why` grammar above, checked by
// StemRuleExamples like every table entry (issue 17: names are safe).
struct Switch {
  bool on;
  std::string_view why;
};

// An article (with its clitics) that would leave two letters is a word's own
// first letters when the word is a dictionary word plus an ending: a pronoun
// or feminine ه, the accusative ا (والده is والد + ه, بالغه, بالغا are بالغ
// + ه/ا), or the feminine plural ات of a singular in ه (وكالات, from
// وكاله). Read as و + ال + ده, وكال + ات, they fell on two-letter stems (ده,
// ات) shared with unrelated words and lost their own singular. A two-letter
// stem after a real article stays: للحد -> حد, بالدم -> دم (no ending),
// والقي -> قي (والق is no word), واليه -> يه (ـيه: a preposition's pronoun).
inline constexpr Switch kArticleGuardInflectedWord{
    true,
    "two letters after the article only from no dictionary word + an ending: والده -> والد, بالغه -> بالغ, "
    "بالغا -> بالغ, وكالات -> وكال; للحد -> حد, بالدم -> دم, واليه -> يه"};

// ب and ك govern a noun in the genitive. So the rest after them is read as a
// noun (no verb prefix comes off it: بيجان is not ب + the verb يجان), and the
// only inflection it may have lost is a genitive one, ين ات تين: a rest whose
// ون ان ا وا or a verb's ت the rules removed is not what ب/ك govern (كامرون is
// not ك + the plural امرون, بعبدا not ب + the accusative عبدا). Replaces the
// ون-only guard of stem=fahras/6-8.
inline constexpr Switch kPrepositionGuardGenitiveNoun{
    true,
    "bi/ka govern a genitive noun: بمعلمين -> معلم, بمدرستين -> مدرس, كدوله -> دول; keeps بيجان, كنعان; "
    "كامرون -> كامر, بعبدا -> بعبد, كمبالا -> كمبال (ون and the accusative ا follow no preposition)"};

// ف stays on a word that is a dictionary word plus an ending ه ا ي (as
// dictionary_word_with_ending for the article above): فوري is فور + ي
// ("immediate"), not ف + وري, and فهمي, فكري keep their first letter the same
// way. Without it ف came off whenever the rest was also a word. Not و: news
// writes و before almost every word, and و + a three-letter word is too often
// also in the dictionary (وعلي is و + علي, not وعل + ي).
inline constexpr Switch kConjunctionGuardInflectedWord{
    true, "fa stays on a dictionary word + an ending: keeps فوري, فهمي, فكري; فكتب -> كتب, وعلي -> علي"};

// ف comes off before ب even when the rest is not a dictionary word: ف + ب
// begins no Arabic word the dictionary does not list (فبراير is listed and
// stays whole), and a name is written with a vowel between f and b. So
// فبيريز -> بيريز joins its name like وبيريز.
inline constexpr bool kConjunctionGuardBeforeBa = true;

// The future particle sa- fused to an imperfect verb. Words of the shape
// سيـ/ستـ/سنـ that end like nouns are names and nouns (سياسه, سيارات, سنوات,
// سياسي), never future verbs.
// The future particle comes off only before a dictionary verb: the stem left
// (as is, or with a pronoun, the ت/و it hid or a subject ending removed) is a
// verb the lexicon knows, looked up like an imperfect's stem (rule 8), and the
// whole word is not a dictionary word. ست سن سا already hold the person
// letter, so a ي after them is no verb's (ستيفن is no "you will" + يفن).
// سيفان, سيمنز, سيليزينوف are names; سيتم -> تم (two letters, a word) and
// سيجعلهم -> جعل are verbs. Replaces the two-letter-only guard of stem=fahras/8.
inline constexpr Switch kFutureGuardKnownVerb{
    true,
    "future only before a dictionary verb: سيعمل -> عمل, سيتم -> تم, سيكتبون -> كتب, سيجعلهم -> جعل; keeps "
    "سيفان, ستيفن, سيليزينوف, سياف"};
inline constexpr Affix kFuturePrefixes[] = {
    {"سي", 2, Guard::kNoNominalEnding, "he will: سيكتب -> كتب, سيكون -> كن, سيتم -> تم"},
    {"ست", 3, Guard::kNoNominalEnding, "she/you will: ستكتب -> كتب; keeps ستين (two letters left)"},
    {"سن", 3, Guard::kFirstPersonVerb,
     "we will: سنعمل -> عمل; keeps سنوي; سنه -> سن, سنتين -> سن (the feminine and dual rules, not سن)"},
    {"سا", 3, Guard::kFirstPersonVerb, "I will: ساعمل -> عمل; ساعه -> ساع (ends like a noun: only its ه comes off)"},
};

// The interrogative hamza (أ, normalised ا), alone or with ف, before an
// imperfect verb of the 2nd person or 1st plural: اتجعل, اتعلمون, افتعبدون,
// افنجعل ("do you make...?"). The engine strips it only when the word is not
// a dictionary word, does not end in ت (اتهمت, اتسمت are form VIII past
// verbs), the next letter is ت or ن (ايتسو and other names in اي stay), and
// what follows is itself read as an imperfect whose prefix comes off (its
// stem a dictionary verb): ايران, اتفاق, انتخاب stay whole.
inline constexpr Affix kInterrogative[] = {
    {"اف", 4, Guard::kNone, "a-fa + imperfect: افتعبدون -> عبد"},
    {"ا", 4, Guard::kNone, "a- + imperfect: اتجعل -> جعل"},
};

// Uthmani spelling writes the madda alef آ as hamza + alef (ءامن, ءاتي,
// ءايات, where modern text has آمن, آتى, آيات, normalised امن, اتي, ايات).
// The engine drops the ء of a word (after its clitics) that begins ءا and
// has at least three letters after it; modern Arabic begins no word with ءا.
inline constexpr bool kUthmaniMaddaHamza = true;

// An imperfect verb is recognised only by its prefix AND a plural/dual/
// feminine subject suffix together: يكتبون, تكتبين, يكتبان, يكتبوا. A bare
// ي/ت prefix is left alone, since it starts too many nouns (يوم, تقرير,
// تعاون). ن never takes these suffixes (نكتب), so ناخبين/ناشطين are safe.
struct Frame {
  std::string_view prefix;
  std::string_view suffix;
  std::uint8_t min_stem;
  std::string_view why;
};
inline constexpr Frame kImperfectFrames[] = {
    {"ي", "ون", 3, "they (m.) do: يكتبون -> كتب"},
    {"ي", "وا", 3, "they (m.), subjunctive/jussive: يكتبوا -> كتب"},
    {"ي", "ان", 3, "they two (m.): يكتبان -> كتب"},
    {"ت", "ون", 3, "you (m. pl.) do: تكتبون -> كتب; keeps تعاون (two letters inside)"},
    {"ت", "وا", 3, "you (m. pl.), subjunctive/jussive: تكتبوا -> كتب"},
    {"ت", "ان", 3, "they two (f.) / you two: تكتبان -> كتب"},
    {"ت", "ين", 3, "you (f. sg.): تكتبين -> كتب; keeps تعيين, تحسين"},
};

// An imperfect verb's stem is a verb the dictionary knows: the frames and the
// bare prefix come off only when what remains is a dictionary word and the
// word itself is not a base form (يوان, يانوس, توني, تشاينا are names; يعمل
// -> عمل, يكتبون -> كتب are verbs).
inline constexpr bool kImperfectGuardKnownStem = true;

// "A dictionary verb" means a word of the dictionary's verb section (as is, or
// with the alef of a derived form's perfect or of a hamza-initial root), not
// any word, nor a noun in ة less its ه: يوان (وان, اوان are nouns), سيمنز
// (منزه is a noun) keep their letters. Also for the future prefix (rule 5) and
// the object ني. Stem=fahras/9, issue 17.
inline constexpr Switch kImperfectGuardVerbSection{
    true, "an imperfect's stem is a dictionary verb: يعمل -> عمل, يستخدم -> ستخدم, يدرس -> درس; keeps يوان, سيمنز"};

// A bare imperfect prefix, with no subject suffix to confirm it.
inline constexpr Affix kBareImperfect[] = {
    {"ي", 3, Guard::kNoNominalEnding, "he does: يعمل -> عمل, يقول -> قل; keeps يوم"},
    {"ت", 3, Guard::kFourLetters, "she/you do: تعمل -> عمل; only 4-letter words, so keeps the longer masdar تقرير"},
    {"ن", 3, Guard::kFirstPersonImperfect, "we do: نعبد -> عبد, نجعل -> جعل; keeps نجاح, نشاط; نقلت -> نقل"},
};

// The energetic ن (نّ, its shadda removed by the normaliser) of an imperfect
// verb, optionally after the ل of an oath (Qur'anic and classical: ليسجنن,
// لنخرجن, تكونن). Also the feminine plural يخرجن, the same verb. The engine
// strips it only when three letters remain, not after و ي ا (ون ين ان are
// other endings: اخرين, اسبوعين) nor after ت (تن ends a past verb: اثرتن),
// and the imperfect's stem without it is itself a dictionary word
// (kEnergeticGuardKnownVerb; not with an alef added, which would accept the
// past اثرت): يمكن, يسكن, يعلن keep theirs (مك, سك, عل are two letters).
// Prefixes: the imperfect's person letters.
inline constexpr bool kEnergeticGuardKnownVerb = true;
// A longer stem is a derived verb whose last radical is ن (يتزامن, يطمءن,
// يتضمن), not an energetic: three letters (a form I or IV verb) at most.
inline constexpr std::size_t kEnergeticMaxStem = 3;
inline constexpr Affix kEnergeticPrefixes[] = {
    {"لي", 3, Guard::kNone, "oath la- + he: ليسجنن -> سجن"},
    {"لت", 3, Guard::kNone, "oath la- + you/she: لتسءلن -> سءل"},
    {"لن", 3, Guard::kNone, "oath la- + we: لنخرجن -> خرج"},
    {"لا", 3, Guard::kNone, "oath la- + I: لاقتلن -> قتل"},
    {"ي", 3, Guard::kNone, "he, or they (f.): يحملن -> حمل"},
    {"ت", 3, Guard::kNone, "you/she: تكونن -> كن, تحسبن -> حسب"},
    {"ن", 3, Guard::kNone, "we: نكونن -> كن"},
    {"ا", 3, Guard::kNone, "I: اكونن -> كن"},
};
inline constexpr Affix kEnergetic[] = {
    {"ن", 3, Guard::kNone, "energetic nun / feminine plural: تكونن -> كن"},
};

// After a future prefix the verb's own subject suffixes may follow.
inline constexpr Affix kVerbSubjectSuffixes[] = {
    {"ون", 2, Guard::kNone, "they (m.) will: سيكتبون -> كتب"},
    {"وا", 2, Guard::kNone,
     "subjunctive plural; unreached (the future prefix is refused on a word ending in ا): ستكونوا -> ستكون"},
    {"ان", 2, Guard::kNone, "they two will: سيكتبان -> كتب"},
    {"ين", 2, Guard::kNone, "you (f. sg.) will: ستكتبين -> كتب"},
    {"ن", 3, Guard::kNone, "feminine plural: سيكتبن -> كتب"},
};

// ---------------------------------------------------------------------------
// Suffixes, applied right to left in layers: pronoun, then number/person,
// then feminine ه.

// Possessive and object pronouns. Longest first.
inline constexpr Affix kPronounSuffixes[] = {
    {"هما", 2, Guard::kNone, "their two: كتابهما -> كتاب"},
    {"كما", 2, Guard::kNone, "your two: كتابكما -> كتاب"},
    {"هم", 2, Guard::kNone, "their (m.): كتابهم -> كتاب"},
    {"هن", 3, Guard::kNone, "their (f.): كتابهن -> كتاب; keeps ذهن, رهن"},
    {"ها", 2, Guard::kNone, "her/its: كتابها -> كتاب"},
    {"كم", 2, Guard::kNone, "your (pl.): كتابكم -> كتاب, ربكم -> رب; keeps حكم (one letter would remain)"},
    {"كن", 3, Guard::kNone, "your (f. pl.): كتابكن -> كتاب; keeps ركن, سكن, مكن"},
    {"نا", 2, Guard::kNone, "our / we (past): كتابنا -> كتاب, كتبنا -> كتب"},
    {"ه", 2, Guard::kNone, "his/its (also ta marbuta, handled the same): كتابه -> كتاب"},
    {"ك", 3, Guard::kNone, "your (sg.): كتابك -> كتاب; keeps ملك, شرك, فلك"},
    {"ني", 3, Guard::kVerbObject, "me, on a verb: اجعلني -> اجعل, تقتلني -> قتل; keeps ثاني, يعني, وطني"},
};

// When a pronoun was removed, what it hid: ة is written ت before a suffix
// (مدرستها -> مدرست -> مدرس), and the plural verb's وا loses its alef
// (كتبوه -> كتبو -> كتب). Applied only right after a pronoun.
inline constexpr Affix kBeforePronoun[] = {
    {"نا", 2, Guard::kNone, "past 'we' before an object: جعلناه -> جعل"},
    {"ت", 3, Guard::kNotAfterLongVowel, "ta marbuta / verb subject before a pronoun: مدرستها -> مدرس, كتبته -> كتب"},
    {"و", 3, Guard::kNone, "plural verb before an object: كتبوه -> كتب; ابوه -> ابو (two letters would be left)"},
};

// ات تين تان may leave two letters only when those two with ه are a dictionary
// word, the singular the ending was added to (لغات, لغتين from لغه; سنتين from
// سنه). A name in ـوتين or ـاتين is not a feminine dual: بو + تين is no noun.
inline constexpr Switch kFeminineGuardShortStemKnown{
    true, "two letters left only from a singular in ta marbuta: لغات -> لغ, سنتين -> سن; keeps روتين (not رو + تين)"};

// Number, gender and verb-subject suffixes. Longest first.
inline constexpr Affix kInflectionSuffixes[] = {
    {"تين", 2, Guard::kFeminineEnding, "feminine dual, oblique: مدرستين -> مدرس, سنتين -> سن"},
    {"تان", 2, Guard::kFeminineEnding, "feminine dual: مدرستان -> مدرس"},
    {"ات", 2, Guard::kFeminineEnding, "feminine sound plural: مدرسات -> مدرس, لغات -> لغ"},
    {"ون", 3, Guard::kNone,
     "masculine sound plural / verb: معلمون -> معلم; keeps ديون; عيون -> عين (the broken-plural table)"},
    {"ين", 3, Guard::kNone, "masc. plural or dual, oblique: معلمين -> معلم; keeps عين, دين, حسين"},
    {"ان", 4, Guard::kNone, "dual: الجانبان -> جانب; four letters must remain, so keeps لبنان, ايران, انسان, اعلان"},
    {"وا", 3, Guard::kNone, "past plural verb: كتبوا -> كتب; نحوا -> نحو (two letters would be left; only the ا goes)"},
    {"تم", 3, Guard::kNone, "past 2nd plural: كتبتم -> كتب; keeps ختم"},
    {"تن", 3, Guard::kNone, "past 2nd f. plural: كتبتن -> كتب; keeps فتن, متن"},
    {"ت", 3, Guard::kNotAfterLongVowel, "past feminine/2nd/1st: كتبت -> كتب, قالت -> قل; keeps بيت, وقت"},
    {"ا", 3, Guard::kNone, "accusative indefinite / verb dual: مءكدا -> مءكد, كتبا -> كتب"},
};

// No rule strips a final ي (nisba صيني, "my" كتابي, the construct plural
// مواطني): one with four guards for a radical ي was measured and removed; it
// merged عربي/عرب and رسمي/رسم and cost recall with distractors
// (stemmer/README.md, rule 11).

// A preposition ب/ك/ل is not stripped from a word ending in ي when the
// dictionary knows the word without that ي: the ي is "my" on a noun that
// starts with the letter (كتابي, بيتي, لساني), and stripping would turn
// "my book" into "my father" (كتابي -> ابي) and "my house" into يتي.
inline constexpr bool kPrepositionGuardPossessiveYa = true;

// Feminine ه (from ة), after everything else.
// The feminine ه does not come off where the stem left would be a hollow
// verb's shortened stem, which stands for the whole verb (kHollowVerbs): قمه
// "summit", قله "scarcity" keep it rather than join قام, قال.
inline constexpr bool kFeminineGuardHollowShort = true;
inline constexpr Affix kFeminine[] = {
    {"ه", 2, Guard::kNone, "ta marbuta: مدرسه -> مدرس, سنه -> سن"},
};

// ---------------------------------------------------------------------------
// Whole-word tables, looked up after the prefixes (and again after a
// pronoun). They cover what affix rules cannot: broken plurals and a few
// words the rules would cut wrongly.

struct Plural {
  std::string_view plural;    // normalised broken plural
  std::string_view singular;  // normalised singular; its stem is the result
};

// A curated list of frequent broken plurals, each mapped to its singular.
// The stemmer returns stem(singular), so both share one stem by construction;
// the test suite checks that this stem is never longer than the plural.
// Four pairs a line, grouped by pattern, read better than one a line.
// clang-format off
inline constexpr Plural kBrokenPlurals[] = {
    // fu'ala' (فعلاء) of fa'il adjectives and nouns
    {"وزراء", "وزير"}, {"رءساء", "رءيس"}, {"زعماء", "زعيم"}, {"علماء", "عالم"},
    {"خبراء", "خبير"}, {"سفراء", "سفير"}, {"امراء", "امير"}, {"فقراء", "فقير"},
    {"اغنياء", "غني"}, {"اصدقاء", "صديق"}, {"اعداء", "عدو"}, {"اقرباء", "قريب"},
    {"شركاء", "شريك"}, {"عملاء", "عميل"}, {"وكلاء", "وكيل"}, {"زملاء", "زميل"},
    {"حلفاء", "حليف"}, {"شهداء", "شهيد"}, {"عظماء", "عظيم"}, {"ضعفاء", "ضعيف"},
    {"اقوياء", "قوي"}, {"اطباء", "طبيب"}, {"انبياء", "نبي"}, {"اولياء", "ولي"},
    {"ابناء", "ابن"}, {"اعضاء", "عضو"}, {"انباء", "نبا"}, {"اسماء", "اسم"},
    {"اجزاء", "جزء"}, {"اشياء", "شيء"}, {"اجواء", "جو"}, {"ابرياء", "بريء"},
    // af'al (افعال)
    {"اطفال", "طفل"}, {"اعمال", "عمل"}, {"اموال", "مال"}, {"اقوال", "قول"},
    {"احوال", "حال"}, {"اسواق", "سوق"}, {"اسعار", "سعر"}, {"اسباب", "سبب"},
    {"احزاب", "حزب"}, {"اخبار", "خبر"}, {"افكار", "فكره"}, {"اشخاص", "شخص"},
    {"ارقام", "رقم"}, {"اهداف", "هدف"}, {"اطراف", "طرف"}, {"ادوار", "دور"},
    {"اوضاع", "وضع"}, {"اجيال", "جيل"}, {"ارواح", "روح"}, {"ارباح", "ربح"},
    {"ابواب", "باب"}, {"اراء", "راي"}, {"اوقات", "وقت"}, {"اصوات", "صوت"},
    {"اموات", "ميت"}, {"ابيات", "بيت"}, {"اخوات", "اخت"}, {"امهات", "ام"},
    {"اباء", "اب"}, {"احكام", "حكم"}, {"اقسام", "قسم"}, {"اجسام", "جسم"},
    {"اقمار", "قمر"}, {"اشجار", "شجره"}, {"اثار", "اثر"}, {"اسرار", "سر"},
    {"احداث", "حدث"}, {"انواع", "نوع"}, {"اصناف", "صنف"}, {"اعداد", "عدد"},
    {"احياء", "حي"}, {"افلام", "فيلم"}, {"اقلام", "قلم"}, {"اصول", "اصل"},
    {"الاف", "الف"}, {"ايام", "يوم"}, {"اعوام", "عام"}, {"اشهر", "شهر"},
    {"انفس", "نفس"}, {"اعين", "عين"}, {"ايدي", "يد"}, {"اراضي", "ارض"},
{"اخوه", "اخ"}, {"اخوان", "اخ"},
    // af'ila (افعله)
    {"اسلحه", "سلاح"}, {"اجهزه", "جهاز"}, {"انظمه", "نظام"}, {"اسءله", "سءال"},
    {"امثله", "مثال"}, {"ادويه", "دواء"}, {"اغذيه", "غذاء"}, {"اوديه", "وادي"},
    {"ادله", "دليل"},
    // mafa'il / mafa'il (مفاعل، مفاعيل) and fawa'il (فواعل)
    {"مناطق", "منطقه"}, {"مدارس", "مدرسه"}, {"مساجد", "مسجد"}, {"مكاتب", "مكتب"},
    {"مجالس", "مجلس"}, {"مراكز", "مركز"}, {"مصادر", "مصدر"}, {"مواقع", "موقع"},
    {"مواقف", "موقف"}, {"مناصب", "منصب"}, {"مصانع", "مصنع"}, {"مساكن", "مسكن"},
    {"منازل", "منزل"}, {"معارك", "معركه"}, {"مصالح", "مصلحه"}, {"مراحل", "مرحله"},
    {"مشاكل", "مشكله"}, {"مبادء", "مبدا"}, {"مشاريع", "مشروع"}, {"مواضيع", "موضوع"},
    {"اساليب", "اسلوب"}, {"اسابيع", "اسبوع"}, {"تقارير", "تقرير"}, {"تفاصيل", "تفصيل"},
    {"قوانين", "قانون"}, {"عناوين", "عنوان"}, {"ميادين", "ميدان"}, {"صواريخ", "صاروخ"},
{"ملايين", "مليون"}, {"اقاليم", "اقليم"}, {"تلاميذ", "تلميذ"},
    {"عناصر", "عنصر"}, {"جوانب", "جانب"}, {"شوارع", "شارع"}, {"عواصم", "عاصمه"},
    {"قواعد", "قاعده"}, {"حوادث", "حادث"}, {"كواكب", "كوكب"}, {"اساتذه", "استاذ"},
    // fa'a'il (فعائل)
    {"وساءل", "وسيله"}, {"رساءل", "رساله"}, {"قباءل", "قبيله"}, {"مساءل", "مساله"},
    {"دلاءل", "دليل"}, {"وثاءق", "وثيقه"}, {"حقاءق", "حقيقه"}, {"دقاءق", "دقيقه"},
    {"نتاءج", "نتيجه"}, {"جراءم", "جريمه"}, {"دواءر", "داءره"}, {"ذخاءر", "ذخيره"},
    // fu'ul (فعول)
    {"بنوك", "بنك"}, {"شعوب", "شعب"}, {"حقوق", "حق"}, {"امور", "امر"},
    {"حدود", "حد"}, {"جنود", "جندي"}, {"جيوش", "جيش"}, {"بيوت", "بيت"},
    {"دروس", "درس"}, {"علوم", "علم"}, {"فنون", "فن"}, {"قلوب", "قلب"},
    {"عيون", "عين"}, {"ملوك", "ملك"}, {"شيوخ", "شيخ"}, {"حروب", "حرب"},
    {"سجون", "سجن"}, {"حلول", "حل"}, {"شروط", "شرط"}, {"ظروف", "ظرف"},
    {"بنود", "بند"}, {"فصول", "فصل"}, {"نجوم", "نجم"}, {"ذنوب", "ذنب"},
    {"نفوس", "نفس"}, {"شهور", "شهر"}, {"قرون", "قرن"}, {"جذور", "جذر"},
    {"صفوف", "صف"}, {"ضيوف", "ضيف"}, {"جهود", "جهد"}, {"قيود", "قيد"},
    {"وفود", "وفد"}, {"عقود", "عقد"}, {"وعود", "وعد"}, {"ردود", "رد"},
    {"جسور", "جسر"}, {"طيور", "طير"}, {"بحوث", "بحث"}, {"فروع", "فرع"},
    {"عقول", "عقل"},
    // fi'al / fu''al / fu'ala (فعال، فعال، فعله) and fa'ala (فعالي)
    {"رجال", "رجل"}, {"جبال", "جبل"}, {"بحار", "بحر"}, {"كبار", "كبير"},
    {"صغار", "صغير"}, {"رياح", "ريح"}, {"شباب", "شاب"}, {"نواب", "ناءب"},
    {"طلاب", "طالب"}, {"عمال", "عامل"}, {"تجار", "تاجر"}, {"حكام", "حاكم"},
    {"ضباط", "ضابط"}, {"قاده", "قاءد"}, {"قضاه", "قاضي"}, {"بلدان", "بلد"},
    {"قضايا", "قضيه"}, {"ضحايا", "ضحيه"}, {"هدايا", "هديه"}, {"زوايا", "زاويه"},
    {"قتلي", "قتيل"}, {"جرحي", "جريح"}, {"اسري", "اسير"}, {"مرضي", "مريض"},
    {"موتي", "ميت"},
    // Plurals frequent in classical and religious text (issue 21), by pattern:
    // fi'al / fu''al (فعال، فعال)
    {"عباد", "عبد"}, {"كفار", "كافر"}, {"فجار", "فاجر"}, {"ثياب", "ثوب"},
    {"عظام", "عظم"},
    // fu'ul (فعول)
    {"جلود", "جلد"}, {"قبور", "قبر"}, {"قصور", "قصر"}, {"كنوز", "كنز"},
    // af'al (افعال)
    {"انهار", "نهر"}, {"ابصار", "بصر"}, {"اولاد", "ولد"}, {"ازواج", "زوج"},
    {"اصحاب", "صاحب"}, {"انعام", "نعم"}, {"اصنام", "صنم"}, {"اوثان", "وثن"},
    {"الوان", "لون"}, {"ارحام", "رحم"}, {"ابرار", "بر"}, {"اشرار", "شر"},
    {"اعناق", "عنق"}, {"اقدام", "قدم"}, {"اوزار", "وزر"}, {"اجداث", "جدث"},
    {"اثقال", "ثقل"}, {"انصار", "نصير"}, {"اسباط", "سبط"}, {"ارجل", "رجل"},
    // af'ila, fa'a'il, mafa'il, fa'ali (افعله، فعائل، مفاعل، فعالي)
    {"اجنحه", "جناح"}, {"الهه", "اله"}, {"ملاءكه", "ملك"}, {"مساكين", "مسكين"},
    {"يتامي", "يتيم"}, {"خطايا", "خطيءه"}, {"حجاره", "حجر"}, {"اصابع", "اصبع"},
    {"ليالي", "ليله"}, {"مواعظ", "موعظه"},
    // fu'al / fi'al of feminine nouns (فعل، فعل)
    {"دول", "دوله"}, {"فرص", "فرصه"}, {"خطط", "خطه"}, {"قمم", "قمه"},
    {"تهم", "تهمه"}, {"صور", "صوره"}, {"قري", "قريه"}, {"سنين", "سنه"},
    {"سنوات", "سنه"}, {"مياه", "ماء"},
    // a plural in ات of a singular in ت, not ه (issue 17: ات leaves two letters only from a singular in ه)
    {"بنات", "بنت"},
};
// clang-format on

// Words whose stem the rules would get wrong and that are frequent enough to
// matter. The value is the stem itself (never longer than the key).
struct Fixed {
  std::string_view word;
  std::string_view stem;
};
inline constexpr Fixed kFixedStems[] = {
    // The name of God: the article rule would leave له ("to him"); every
    // written form shares one stem no longer than its shortest form, لله.
    {"الله", "لله"},
    {"لله", "لله"},
    {"بالله", "لله"},
    {"تالله", "لله"},
    {"اللهم", "لله"},
    {"والله", "لله"},
    {"فالله", "لله"},
    {"ولله", "لله"},
    {"فلله", "لله"},
    {"وبالله", "لله"},
    {"وتالله", "لله"},
    // The plural of امراه is a different word; the singular's two spellings
    // (امراه with the article-less hamza, مراه after ال) share the stem مرا.
    {"امراه", "مرا"},
    // A name that the dual rule would cut to طالب (student): on SaudiNewsNet
    // the Taliban (467 passages) were merged with every student form.
    {"طالبان", "طالبان"},
    // Uthmani spellings whose dagger alef (normalised to ا) modern spelling
    // does not write: ٱلرَّحۡمَٰنِ (after the article: رحمان) is الرحمن; إِلَٰه is
    // اله, whose ال the article rule would take for the article, and which
    // gets the stem of modern إله (ال, its ه read as feminine like آلة's).
    {"رحمان", "رحمن"},
    {"الاه", "ال"},
};

// ---------------------------------------------------------------------------
// Hollow verbs (middle radical و or ي). Their stem changes shape with the
// tense, so affix rules alone give one verb three stems: the perfect قال
// (قالوا, قالت), the imperfect قول (يقول, يقولون) and the shortened stem قل
// where a consonantal subject ending or the jussive shortens the long vowel
// (قلنا, قلتم, يقل, the imperative قل). Each entry names all three, and every
// form gets one stem: the shortened one where the entry has it (every form of
// قال, كان is قل, كن: the shortened stem is what the imperative, the jussive and
// the 1st/2nd person past are built on), else the perfect (يعود -> عاد).
// Only an imperfect stem left by a verb prefix is mapped (the noun قول
// "saying", السير, العيد stay as they are), a perfect only outside the
// article, and a shortened stem only with the verbal evidence below. An entry
// leaves the shortened stem out where it is a common word of its own (عد
// "count", دم "blood", سر "secret"). The verbs are the commonest hollow verbs
// of grammar books and news: forms I (قال يقول), IV (أراد يريد), X (استطاع).
struct Hollow {
  std::string_view perfect;    // normalised 3ms perfect
  std::string_view imperfect;  // the stem left by an imperfect prefix ("" when it is the perfect)
  std::string_view shortened;  // the stem before ت تم تن تما نا and after a jussive prefix ("" when ambiguous)
  std::string_view why;
};
// clang-format off
inline constexpr Hollow kHollowVerbs[] = {
    {"قال", "قول", "قل", "say: قال -> قل, يقول -> قل, قلنا -> قل, فقل -> قل, قالوا -> قل; keeps قول (the noun)"},
    {"كان", "كون", "كن", "be: كانت -> كن, يكون -> كن, كنتم -> كن, يكن -> كن, وكن -> كن"},
    {"جاء", "جيء", "جء", "come: جاءوا -> جء, يجيء -> جء, جءتكم -> جء"},
    {"شاء", "", "شء", "will: يشاء -> شء, شءتم -> شء"},
    {"خاف", "", "خف", "fear: يخافون -> خف, خفتم -> خف, تخف -> خف"},
    {"زاد", "زيد", "زد", "increase: يزيد -> زد, زدناهم -> زد; keeps زيد (a name)"},
    {"عاد", "عود", "", "return: يعود -> عاد, تعودون -> عاد; keeps يعد (is considered)"},
    {"قام", "قوم", "قم", "stand: يقوم -> قم, قمتم -> قم; keeps قوم (people); keeps قمه (summit)"},
    {"مات", "موت", "مت", "die: يموت -> مت, متنا -> مت, يمت -> مت; keeps متن, متم (the nouns text, completing)"},
    {"صار", "صير", "", "become: يصير -> صار"},
    {"سار", "سير", "", "walk: يسيرون -> سار (the noun السير and the adjective يسير 'easy' stay apart)"},
    {"باع", "بيع", "", "sell: يبيع -> باع"},
    {"عاش", "عيش", "", "live: يعيش -> عاش"},
    {"ذاق", "ذوق", "ذق", "taste: يذوقون -> ذق, ذقتم -> ذق"},
    {"تاب", "توب", "", "repent: يتوب -> تاب"},
    {"قاد", "قود", "", "lead: يقود -> قاد"},
    {"فاز", "فوز", "", "win: يفوز -> فاز"},
    {"اراد", "ريد", "ارد", "want (IV): يريد -> ارد, اردنا -> ارد, اراد -> ارد; keeps اردن"},
    {"اقام", "قيم", "اقم", "set up (IV): يقيم -> اقم, اقمتم -> اقم; keeps قيم (values)"},
    {"اصاب", "صيب", "اصب", "strike (IV): يصيب -> اصب, اصبتم -> اصب"},
    {"اجاب", "جيب", "", "answer (IV): يجيب -> اجاب"},
    {"اعاد", "عيد", "", "return (IV): يعيد -> اعاد; keeps عيد (feast)"},
    {"اشار", "شير", "", "point (IV): يشير -> اشار"},
    {"اضاف", "ضيف", "", "add (IV): يضيف -> اضاف; keeps ضيف (guest)"},
    {"افاد", "فيد", "", "benefit (IV): يفيد -> افاد"},
    {"اثار", "ثير", "", "stir (IV): يثير -> اثار"},
    {"احاط", "حيط", "", "surround (IV): يحيط -> احاط"},
    {"اتاح", "تيح", "", "allow (IV): يتيح -> اتاح"},
    {"استطاع", "ستطيع", "استطع", "be able (X): يستطيعون -> استطع, استطعتم -> استطع"},
    {"استجاب", "ستجيب", "استجب", "answer (X): يستجيب -> استجب, استجبتم -> استجب"},
};
// clang-format on

// A shortened stem counts only with a consonantal subject ending of the
// perfect (قلت, قلنا, كنتم, كنتما; not ن: متن, اردن are words), whose first
// letter merges with a stem ending in the same letter (كنا is كن + نا, متم
// is مت + تم, but متم is also a noun), or after the jussive's person prefix ي ت ن (يكن, تخف; not ا:
// اقل "less"), and only when the word is not a dictionary noun
// (kHollowGuardNotNoun).
inline constexpr bool kHollowGuardNotNoun = true;
inline constexpr std::string_view kHollowSubjects[] = {"تما", "تم", "تن", "ت", "نا"};
inline constexpr std::string_view kHollowJussivePrefixes[] = {"ي", "ت", "ن"};

// Defective verbs (last radical و or ي). The weak letter is written ي, ى, ا
// or و by tense and person, and drops before وا/ون, in the jussive and in the
// imperative: one verb's forms are اتي (أتى, آتى), اتينا, اتاهم, ياتي, يات,
// ياتوا, اتوا. Each entry gives the perfect (its stem for every form) and the
// two radicals before the weak one; the engine reads a word as [person
// prefix] + those radicals + [the weak letter] + [subject ending] and, when
// they are an entry's, gives the perfect: the person prefix ي ت ن, or ا
// before the bare radicals (the imperative ادع, ادعوا); the endings وا ون ين
// ت after the bare radicals (nothing only after a prefix: يات, تدع), and
// نا ت تم تن ا ان ين or nothing after the weak letter. Outside the article
// only, and not on a dictionary noun (kDefectiveGuardNotNoun). Only form I
// verbs whose two radicals begin no common word with those affixes: سعى (يسع
// "holds"), كفى (كف "palm"), جرى (جر "pull"), عصى (عصا "stick") are left out,
// and نسى, whose ف + ي + نس + ون is also a name (فينسون).
struct Defective {
  std::string_view perfect;   // normalised 3ms perfect: the stem of every form
  std::string_view radicals;  // the two letters before the weak radical
  std::string_view why;
};
// clang-format off
inline constexpr Defective kDefectiveVerbs[] = {
    {"اتي", "ات", "come, bring: ياتي -> اتي, يات -> اتي, اتيناهم -> اتي, ياتوا -> اتي, اتاهم -> اتي"},
    {"هدي", "هد", "guide: يهدي -> هدي, هدينا -> هدي, هديناكم -> هدي, اهدنا -> هدي, يهدون -> هدي"},
    {"دعا", "دع", "call: يدعو -> دعا, دعوت -> دعا, تدعون -> دعا, ادعوا -> دعا, دعاكم -> دعا"},
    {"قضي", "قض", "decree: يقضي -> قضي, قضينا -> قضي, يقضوا -> قضي"},
    {"خشي", "خش", "fear: يخشي -> خشي, تخشوا -> خشي, يخشون -> خشي"},
    {"رضي", "رض", "be pleased: يرضي -> رضي, رضيتم -> رضي, ترضون -> رضي"},
    {"جزي", "جز", "reward: يجزي -> جزي, جزيناهم -> جزي, تجزون -> جزي"},
    {"بغي", "بغ", "seek: يبغي -> بغي, يبغون -> بغي, تبغوا -> بغي"},
    {"تلا", "تل", "recite: يتلو -> تلا, تتلون -> تلا, اتل -> تلا"},
    {"رمي", "رم", "throw: يرمي -> رمي, رميت -> رمي, يرمون -> رمي"},
    {"مشي", "مش", "walk: يمشي -> مشي, يمشون -> مشي, تمش -> مشي"},
    {"بقي", "بق", "remain: يبقي -> بقي, بقيت -> بقي"},
    {"نجا", "نج", "be saved: ينجو -> نجا, نجينا -> نجا, ينجي -> نجا"},
    {"بكي", "بك", "weep: يبكي -> بكي, يبكون -> بكي, تبكوا -> بكي"},
    {"سقي", "سق", "water: يسقي -> سقي, سقيتم -> سقي"},
    {"عفا", "عف", "pardon: يعفو -> عفا, عفونا -> عفا, عفوا -> عفا"},
    {"شكا", "شك", "complain: يشكو -> شكا, يشكون -> شكا; keeps شكوك (doubts)"},
    {"رجا", "رج", "hope: يرجو -> رجا, يرجون -> رجا, ترجوا -> رجا"},
};
// clang-format on
inline constexpr bool kDefectiveGuardNotNoun = true;
// The imperative's ا begins the word or follows و ف: a name after a
// preposition is no imperative (باتل keeps its ا; فادع -> دعا).
inline constexpr bool kDefectiveGuardImperativeFirst = true;

// ---------------------------------------------------------------------------
// Compile-time lookup structures.

// One column of a table as hash keys. An empty cell (kHollowVerbs leaves
// some out) gets a key no word equals, a lone space, so the slots stay valid.
template <typename Row, std::size_t N>
constexpr std::array<std::string_view, N> column_keys(const Row (&t)[N], std::string_view Row::*column) {
  std::array<std::string_view, N> k{};
  for (std::size_t i = 0; i < N; ++i) k[i] = (t[i].*column).empty() ? std::string_view(" ") : t[i].*column;
  return k;
}
template <std::size_t N>
constexpr auto slots_of(const std::array<std::string_view, N>& keys) {
  return build_slots<slots_for(N)>(keys);
}

inline constexpr auto kPluralKeys = column_keys(kBrokenPlurals, &Plural::plural);
inline constexpr auto kPluralSlots = slots_of(kPluralKeys);
static_assert(all_distinct(kPluralKeys), "a broken plural is listed twice");
inline constexpr auto kHollowImperfectKeys = column_keys(kHollowVerbs, &Hollow::imperfect);
inline constexpr auto kHollowImperfectSlots = slots_of(kHollowImperfectKeys);
inline constexpr auto kHollowShortKeys = column_keys(kHollowVerbs, &Hollow::shortened);
inline constexpr auto kHollowShortSlots = slots_of(kHollowShortKeys);
inline constexpr auto kHollowPerfectKeys = column_keys(kHollowVerbs, &Hollow::perfect);
inline constexpr auto kHollowPerfectSlots = slots_of(kHollowPerfectKeys);
static_assert(all_distinct(kHollowPerfectKeys), "a hollow verb is listed twice");
inline constexpr auto kDefectiveKeys = column_keys(kDefectiveVerbs, &Defective::radicals);
inline constexpr auto kDefectiveSlots = slots_of(kDefectiveKeys);
static_assert(all_distinct(kDefectiveKeys), "a defective verb is listed twice");
static_assert(min_size(kDefectiveKeys) == 4 && max_size(kDefectiveKeys) == 4, "a defective verb has two radicals");
inline constexpr auto kFixedKeys = column_keys(kFixedStems, &Fixed::word);
inline constexpr auto kFixedSlots = slots_of(kFixedKeys);
static_assert(all_distinct(kFixedKeys), "a fixed stem is listed twice");

// The shortest word of the whole-word tables: stem_word() returns shorter
// words before looking them up (checked by a static_assert there).
inline constexpr std::size_t kTableMinBytes =
    min_size(kPluralKeys) < min_size(kFixedKeys) ? min_size(kPluralKeys) : min_size(kFixedKeys);

}  // namespace fahras::stem_detail
