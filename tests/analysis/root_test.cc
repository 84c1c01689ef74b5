// The root analyser: one test per rule and guard (stemmer/src/root_rules.h),
// then the properties every root must have. Words are written as Arabic
// readers write them and normalised first, as the analyser sees them.
#include "fahras/root.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "../../stemmer/src/root_rules.h"
#include "fahras/normalizer.h"

namespace {

std::string R(std::string_view word) {
  const std::string norm = fahras::normalize(word);
  return std::string(fahras::RootAnalyzer{}.root(norm).view());
}

struct Case {
  const char* word;
  const char* root;
};

void expect_all(const std::vector<Case>& cases) {
  for (const Case& c : cases) EXPECT_EQ(R(c.word), c.root) << "word: " << c.word;
}

// --- the example: one root class ------------------------------------

TEST(RootAnalyzer, FindsOneRootForTheFormsOfAlima) {
  expect_all({{"عَلِمَ", "علم"},
              {"عَالِمُ", "علم"},
              {"مَعْلُومٍ", "علم"},
              {"ٱلْعُلَمَٰٓؤُا۟", "علم"},
              {"تَعْلِيم", "علم"},
              {"يَعْلَمُونَ", "علم"},
              {"ٱلْعَٰلَمِينَ", "علم"},
              {"أَعْلَمُ", "علم"}});
}

// --- prefixes (kPrefixes) ---------------------------------------------------

TEST(RootPrefix, StripsConjunctionsAndTheQuestionBeforeThem) {
  expect_all({{"وقال", "قول"}, {"فعلم", "علم"}, {"أفتعلمون", "علم"}});
}

TEST(RootPrefix, StripsTheArticleFamilyAndPrepositions) {
  expect_all({{"بالعلم", "علم"},
              {"كالجبال", "جبل"},
              {"العالم", "علم"},
              {"للعالمين", "علم"},
              {"بعلم", "علم"},
              {"كمثل", "مثل"},
              {"لعلم", "علم"}});
}

TEST(RootPrefix, StripsFutureAndLamBeforeAPersonPrefix) { expect_all({{"سيعلمون", "علم"}, {"ليعلم", "علم"}}); }

TEST(RootPrefix, StripsEveryPersonPrefix) {
  expect_all({{"يعلم", "علم"}, {"تعلمون", "علم"}, {"نعلم", "علم"}, {"اعلم", "علم"}});
}

// --- suffixes (kPronouns, kInflections) -------------------------------------

TEST(RootSuffix, StripsPronounsIncludingTheQuranicDoubleObject) {
  expect_all({{"قلوبهم", "قلب"}, {"رسوله", "رسل"}, {"علمني", "علم"}, {"فأسقيناكموه", "سقي"}, {"ربهما", "ربب"}});
}

TEST(RootSuffix, StripsInflections) {
  expect_all({{"الصالحات", "صلح"},
              {"المؤمنون", "امن"},
              {"العالمين", "علم"},
              {"انزلنا", "نزل"},
              {"يتربصن", "ربص"},
              {"رحمة", "رحم"},
              {"رحمته", "رحم"},
              {"قتلوهم", "قتل"},
              {"كنتما", "كون"}});
}

// kGuardWholeEnding: وا and ون come off whole, never their last letter alone.
TEST(RootSuffix, OneLetterOfALongerEndingIsNotAnEnding) {
  static_assert(fahras::root_detail::kGuardWholeEnding);
  expect_all({{"قالوا", "قول"}, {"آمنوا", "امن"}, {"كانوا", "كون"}});
}

// --- patterns (kPatterns) ---------------------------------------------------

TEST(RootPattern, MatchesNounPatterns) {
  expect_all({{"عالم", "علم"},
              {"رسول", "رسل"},
              {"عليم", "علم"},
              {"كتاب", "كتب"},
              {"مسجد", "سجد"},
              {"معلوم", "علم"},
              {"تعليم", "علم"},
              {"مساجد", "سجد"},
              {"أعمال", "عمل"},
              {"علماء", "علم"},
              {"قواعد", "قعد"},
              {"رسائل", "رسل"},
              {"مواعيد", "وعد"},
              {"أساطير", "سطر"},
              {"أولياء", "ولي"},
              {"الحسنى", "حسن"},
              {"قرءان", "قري"}});
}

TEST(RootPattern, MatchesDerivedVerbFormsAndTheirParticiplesAndMasdars) {
  expect_all({{"أنزل", "نزل"},
              {"تعلم", "علم"},
              {"اجتنب", "جنب"},
              {"يجتنب", "جنب"},
              {"انقلب", "قلب"},
              {"ينقلب", "قلب"},
              {"تساءل", "سول"},
              {"مختلف", "خلف"},
              {"منقلب", "قلب"},
              {"متكبر", "كبر"},
              {"استكبر", "كبر"},
              {"يستكبر", "كبر"},
              {"مستقيم", "قوم"},
              {"متشابه", "شبه"},
              {"اختلاف", "خلف"},
              {"انقلاب", "قلب"},
              {"استغفار", "غفر"}});
}

// kEmphaticFirst / kDentalFirst: form VIII whose ت took the first radical's place of articulation.
TEST(RootPattern, MatchesFormEightWithAnAssimilatedTa) {
  expect_all({{"اصطبر", "صبر"},
              {"مصطفى", "صفي"},
              {"يصطبرون", "صبر"},
              {"اصطفاء", "صفي"},
              {"ازدجر", "زجر"},
              {"مزدجر", "زجر"},
              {"يزدادون", "زود"}});
}

// مفعال of a و-initial root writes its و as ي after the kasra (kWawWrittenYa).
// Fails on the old code, which read الميثاق as ي ث ق.
TEST(RootPattern, ReadsTheYaOfMifaalAsAWawRadical) {
  expect_all({{"الميثاق", "وثق"}, {"ميثاقهم", "وثق"}, {"ميعاد", "وعد"}, {"الميعاد", "وعد"}});
}

// Uthmani spelling: ؤا and a dagger alef in فعلاء.
TEST(RootPattern, MatchesTheUthmaniSpellingOfFualaa) { expect_all({{"ٱلْعُلَمَٰٓؤُا۟", "علم"}, {"ٱلْعُلَمَٰٓءِ", "علم"}}); }

// kAssimilatedFirst: form VIII of a و- or hamza-initial root writes its first
// radical and the ت as one ت; the ت-initial root keeps its ت when the
// dictionary lists it as a base form (تبع, ترك).
// kYaForFirst: إفعال of a و- or hamza-initial root writes that radical ي.
TEST(RootPattern, ReadsTheYaOfIfaalAsAWawOrHamzaRadical) {
  expect_all({{"إيجاد", "وجد"}, {"الإيقاف", "وقف"}, {"إيصال", "وصل"}, {"الإيرادات", "ورد"}, {"إيجادها", "وجد"}});
}

TEST(RootPattern, UndoesFormEightsAssimilatedFirstRadical) {
  expect_all({{"اتخذوا", "اخذ"},
              {"فاتخذه", "اخذ"},
              {"الاتفاق", "وفق"},
              {"الاتصالات", "وصل"},
              {"متصل", "وصل"},
              {"اتباع", "تبع"},
              {"الاتراك", "ترك"},
              {"اتبع", "تبع"}});
}

// --- weak, hamzated and doubled roots ---------------------------------------

TEST(RootWeak, WritesAWeakSecondRadicalAsWaw) {
  expect_all({{"قال", "قول"}, {"يقول", "قول"}, {"قيل", "قول"}, {"قائل", "قول"}, {"مقام", "قوم"}});
}

TEST(RootWeak, WritesAWeakThirdRadicalAsYa) {
  expect_all({{"دعا", "دعي"}, {"يدعو", "دعي"}, {"الهدى", "هدي"}, {"يهدي", "هدي"}});
}

TEST(RootWeak, WritesAnInitialHamzaAsAlef) { expect_all({{"أكل", "اكل"}, {"المؤمنون", "امن"}, {"ءامنوا", "امن"}}); }

// kDefectivePatterns: the lost third radical of a defective root.
TEST(RootWeak, RestoresTheThirdRadicalADefectiveVerbLost) {
  expect_all({{"اهتدوا", "هدي"}, {"رموا", "رمي"}, {"يدعون", "دعي"}});
}

// kTwoLetter*: two letters left, in a verb.
TEST(RootTwoLetters, AVerbOfTwoLettersIsHollow) { expect_all({{"يكن", "كون"}, {"كنتم", "كون"}, {"قلنا", "قول"}}); }

// kTwoLetter*: two letters left, in a noun. (ربنا is read as a verb, like
// قلنا, and gets روب: نا is "our" and "we did" alike.)
TEST(RootTwoLetters, ANounOfTwoLettersIsDoubled) {
  expect_all({{"رب", "ربب"}, {"ربكم", "ربب"}, {"كل", "كلل"}, {"بكل", "كلل"}, {"حق", "حقق"}});
}

// An initial hamza is looked up as ا when two letters are left: يؤتوا is
// ي + ءت + وا, the defective اتي (was اوي: form VIII over ء ت و).
// kGuardVerbFormKeepsPrefix on two letters: يف, a listed jussive, is not the
// stem of يفهم (ي + فهم); but a listed اد (أدّى's) keeps its ا.
TEST(RootTwoLetters, AListedImperfectOfTwoLettersIsNotTheStem) {
  expect_all({{"يفهم", "فهم"}, {"يعني", "عني"}, {"أدى", "ادي"}});
}

TEST(RootTwoLetters, AnInitialHamzaIsLookedUpAsAlef) { expect_all({{"يؤتوا", "اتي"}, {"ويؤتون", "اتي"}}); }

// Suffix::consonantal: a doubled root unmerges before تم نا ن (مددنا), so two
// letters before them are hollow, not doubled: قلن is قول (was قلل).
TEST(RootTwoLetters, TwoLettersBeforeAConsonantalEndingAreNotDoubled) {
  expect_all({{"قلن", "قول"}, {"كنتم", "كون"}, {"مددنا", "مدد"}});
}

// kGuardPatternOverDual: ان is not a dual where the whole word fits a pattern
// with fewer weak radicals; ميدان (ميد) keeps its reading.
TEST(RootGuard, APatternOfTheWholeWordBeatsADualEnding) {
  expect_all({{"الإيمان", "امن"}, {"والإيمان", "امن"}, {"ميدان", "مود"}});
}

// --- verbs that lose a radical irregularly (kShortStems) --------------------

TEST(RootShortStem, RaaLosesItsHamzaInTheImperfect) {
  expect_all({{"ترى", "روي"}, {"يرون", "روي"}, {"نراك", "روي"}, {"تروا", "روي"}, {"ويريكم", "روي"}, {"يره", "روي"}});
}

TEST(RootShortStem, KanaLosesItsNunInTheJussive) { expect_all({{"يك", "كون"}, {"تك", "كون"}}); }

TEST(RootShortStem, AkhadhaLosesItsHamzaInTheImperative) {
  expect_all({{"خذ", "اخذ"}, {"خذوا", "اخذ"}, {"فخذها", "اخذ"}});
}

// ترك and the nouns فترة, سيرا keep their own roots: ك is not a jussive's
// ending, a dictionary noun is not a verb, and the future takes no وا.
TEST(RootShortStem, LeavesWordsThatOnlyLookLikeIt) {
  expect_all({{"ترك", "ترك"}, {"فترة", "فتر"}, {"سيرا", "سور"}, {"سيروا", "سور"}});
  EXPECT_NE(R("سترا"), "روي");
}

// kVerbEndings: only a verb's ending and pronoun follow (يرونه, تروها,
// نرينك, اريناك); a noun's ات or ت does not (فترات, ستريت).
TEST(RootShortStem, TakesOnlyAVerbsEndings) {
  expect_all({{"يرونه", "روي"}, {"تروها", "روي"}, {"نرينك", "روي"}, {"أريناك", "روي"}, {"فترات", "فتر"}});
  EXPECT_NE(R("ستريت"), "روي");
}

// kNotHamzaFirst: form VIII's imperfect stem never has a hamza first radical,
// so يأتون is أتى's imperfect, not form VIII of اون.
TEST(RootPattern, FormEightsImperfectStemIsNotOverAHamza) {
  expect_all({{"يأتون", "اتي"}, {"يؤتون", "اتي"}, {"يجتنب", "جنب"}});
}

// --- guards -----------------------------------------------------------------

// kGuardArticleNotPerson and kArticleFirst: a word starting with ال is read
// with the article first.
TEST(RootGuard, TheArticleComesFirst) {
  static_assert(fahras::root_detail::kGuardArticleNotPerson && fahras::root_detail::kArticleFirst);
  expect_all({{"الدنيا", "دني"}, {"اليم", "يمم"}, {"الحق", "حقق"}});
}

// kGuardVerbFormKeepsPrefix: an imperfect the lexicon lists keeps its ي as a prefix.
TEST(RootGuard, AnImperfectTheDictionaryListsLosesItsPersonPrefix) {
  static_assert(fahras::root_detail::kGuardVerbFormKeepsPrefix);
  expect_all({{"يقول", "قول"}, {"يشاء", "شوي"}});
}

// kFreeClitics: a word the dictionary lacks loses و ف ب ك ل first.
TEST(RootGuard, AConjunctionComesOffAWordTheDictionaryLacks) {
  static_assert(fahras::root_detail::kFreeClitics);
  expect_all({{"وقالوا", "قول"}, {"لقوم", "قوم"}, {"والد", "ولد"}, {"وعد", "وعد"}});
}

// kGuardNominalNotVerb: no preposition before a verb's ending or a tanwin.
TEST(RootGuard, APrepositionNeverComesOffWithAVerbEnding) {
  static_assert(fahras::root_detail::kGuardNominalNotVerb);
  expect_all({{"كفروا", "كفر"}, {"كثيرا", "كثر"}});
}

// kGuardHollowFeminine: كانت is كان + ت; the noun ثابت keeps its ت.
TEST(RootGuard, AHollowVerbsFemininePastLosesItsTa) {
  static_assert(fahras::root_detail::kGuardHollowFeminine);
  expect_all({{"كانت", "كون"}, {"قالت", "قول"}, {"ثابت", "ثبت"}});
}

// kAttestedByStem: a pattern word the dictionary has attests its root.
TEST(RootGuard, ADictionaryWordOnAPatternAttestsItsRoot) {
  static_assert(fahras::root_detail::kAttestedByStem);
  expect_all({{"الجحيم", "جحم"}, {"المسرفين", "سرف"}});
}

// kGuardAttestedRoot: no guessing.
TEST(RootGuard, ANameGetsNoRoot) {
  static_assert(fahras::root_detail::kGuardAttestedRoot);
  expect_all({{"ترامب", ""}, {"كلينتون", ""}, {"لافروف", ""}, {"واشنطن", ""}, {"الكمبيوتر", ""}});
}

// --- whole words ------------------------------------------------------------

TEST(RootWholeWords, ParticlesAndPronounsHaveNoRoot) {
  expect_all(
      {{"في", ""}, {"الذي", ""}, {"هذا", ""}, {"وهو", ""}, {"بما", ""}, {"لعلكم", ""}, {"يٰٓأَيُّهَا", ""}, {"فيك", ""}});
}

TEST(RootWholeWords, FixedRoots) {
  expect_all({{"الله", "اله"},
              {"والله", "اله"},
              {"يد", "يدي"},
              {"ابن", "بني"},
              {"اسم", "سمي"},
              {"قل", "قول"},
              {"فقل", "قول"}});
}

// --- properties -------------------------------------------------------------

TEST(RootProperties, AnythingButArabicLettersHasNoRoot) {
  expect_all({{"", ""}, {"book", ""}, {"كتاب2", ""}, {"١٢٣", ""}, {"ك", ""}});
}

TEST(RootProperties, ARootIsTwoToFourArabicLettersAndNeverCrashesOnBytes) {
  const fahras::RootAnalyzer analyzer;
  std::mt19937 rng(21);
  std::uniform_int_distribution<int> byte(0, 255), len(0, 24);
  for (int i = 0; i < 20000; ++i) {
    std::string w(static_cast<std::size_t>(len(rng)), '\0');
    // Half the words are Arabic letters (two-byte U+0621..064A), half any bytes.
    for (std::size_t k = 0; k < w.size(); ++k) w[k] = static_cast<char>(byte(rng));
    if (i % 2 == 0) {
      w.clear();
      for (int k = len(rng) / 2; k > 0; --k) {
        const int cp = 0x621 + byte(rng) % 42;
        w += static_cast<char>(0xC0 | (cp >> 6));
        w += static_cast<char>(0x80 | (cp & 0x3F));
      }
    }
    const fahras::Root r = analyzer.root(w);
    const std::string_view v = r.view();
    ASSERT_TRUE(v.empty() || (v.size() >= 4 && v.size() <= 8 && v.size() % 2 == 0)) << w;
    for (std::size_t k = 0; k < v.size(); k += 2) {
      const auto b0 = static_cast<unsigned char>(v[k]);
      ASSERT_TRUE(b0 == 0xD8 || b0 == 0xD9) << w;
    }
    EXPECT_EQ(analyzer.root(w).view(), v) << "not a pure function: " << w;
  }
}

}  // namespace
