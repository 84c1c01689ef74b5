// The spelling cost model and the suggester (suggester.h), over a small real
// index built in-process, and the Searcher's relaxing ("showing results for").
#include <algorithm>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "fahras/analyzer.h"
#include "fahras/searcher.h"
#include "fahras/suggester.h"
#include "test_support.h"

using fahras::Searcher;
using fahras::SearchRequest;
using fahras::SpellingMode;
using fahras::SpellingOptions;
using fahras::Suggester;
using fahras::Suggestion;
using fahras::spelling::Edit;
using fahras::spelling::insertion_cost;
using fahras::spelling::one_slip;
using fahras::spelling::Slip;
using fahras::spelling::substitution_cost;
using fahras::test::build_db;
using fahras::test::TempDir;
using fahras::test::TestDoc;

namespace {

// A copy, not a pointer: callers pass the temporary that one_slip returns.
std::optional<Edit> find_edit(const std::vector<Edit>& edits, const std::string& word) {
  for (const Edit& e : edits)
    if (e.word == word) return e;
  return std::nullopt;
}

TEST(SpellingCosts, SoundAlikeLettersCostLessThanAPlainEdit) {
  EXPECT_DOUBLE_EQ(substitution_cost(U'ز', U'ذ'), substitution_cost(U'ذ', U'ز'));
  EXPECT_LT(substitution_cost(U'ز', U'ذ'), 1.0);
  EXPECT_LT(substitution_cost(U'س', U'ث'), 1.0);
  EXPECT_LT(substitution_cost(U'ض', U'ظ'), 1.0);
  EXPECT_LT(substitution_cost(U'ك', U'ق'), 1.0);
  EXPECT_DOUBLE_EQ(substitution_cost(U'ب', U'ظ'), 1.0);  // neither close nor alike
  EXPECT_DOUBLE_EQ(substitution_cost(U'ب', U'ب'), 0.0);
}

TEST(SpellingCosts, VoicingAndFoldedGlottalPairsAreSoundAlike) {
  EXPECT_DOUBLE_EQ(substitution_cost(U'س', U'ز'), 0.5);  // ماليزيا/ماليسيا
  EXPECT_DOUBLE_EQ(substitution_cost(U'ز', U'س'), 0.5);
  EXPECT_DOUBLE_EQ(substitution_cost(U'ع', U'ا'), 0.5);  // أمر for عمر, once أ is folded
}

TEST(SpellingCosts, NeighbouringKeysOnTheArabicKeyboardCostLessThanAPlainEdit) {
  EXPECT_LT(substitution_cost(U'ض', U'ص'), 1.0);                                   // q and w
  EXPECT_LT(substitution_cost(U'ش', U'ض'), 1.0);                                   // a under q
  EXPECT_LT(substitution_cost(U'ر', U'ب'), 1.0);                                   // v under f
  EXPECT_DOUBLE_EQ(substitution_cost(U'ض', U'د'), substitution_cost(U'د', U'ض'));  // both sound-alike
  EXPECT_DOUBLE_EQ(substitution_cost(U'ش', U'ك'), 1.0);                            // a and ; are far apart
}

TEST(SpellingCosts, HamzaSeatsAreTheCheapestSubstitution) {
  EXPECT_LT(substitution_cost(U'ء', U'و'), substitution_cost(U'ذ', U'ز'));
  EXPECT_LT(substitution_cost(U'ء', U'ي'), substitution_cost(U'ذ', U'ز'));
}

TEST(SpellingCosts, LongVowelsAndDoubledLettersAreCheapToInsert) {
  EXPECT_LT(insertion_cost(U'ا', U'ب', U'ت'), 1.0);
  EXPECT_LT(insertion_cost(U'و', U'ب', U'ت'), 1.0);
  EXPECT_LT(insertion_cost(U'ي', U'ب', U'ت'), 1.0);
  EXPECT_LT(insertion_cost(U'د', U'د', U'ر'), 1.0);  // doubled
  EXPECT_DOUBLE_EQ(insertion_cost(U'ظ', U'ب', U'ت'), 1.0);
}

// `meant` is among the words one slip from `typed` (both normalised), as `slip`.
void expect_slip(const std::string& typed, const std::string& meant, Slip slip) {
  const std::optional<Edit> e = find_edit(one_slip(typed), meant);
  ASSERT_TRUE(e.has_value()) << typed << " -> " << meant;
  EXPECT_EQ(e->slip, slip) << typed << " -> " << meant << ": " << fahras::spelling::to_string(e->slip);
  EXPECT_LT(e->cost, 1.0) << typed << " -> " << meant;
}

TEST(OneSlip, FindsEachKindOfSlipWithItsCost) {
  expect_slip("الزكاء", "الذكاء", Slip::kSoundAlike);
  expect_slip("روسا", "روسيا", Slip::kLongVowel);
  expect_slip("اليابان", "اليابن", Slip::kLongVowel);
  expect_slip("الحبر", "الحرب", Slip::kSwap);
  expect_slip("مدد", "مد", Slip::kDoubled);
  expect_slip("عاصمهمصر", "عاصمه مصر", Slip::kSplit);  // normalised: ة is ه
  expect_slip("جخال", "جمال", Slip::kKeyboard);        // م lies under خ
  expect_slip("مسوول", "مسءول", Slip::kHamza);         // مسؤول, normalised
}

TEST(OneSlip, TaTypedForTaMarbutaIsASoundAlikeSlipOnlyAtTheEnd) {
  expect_slip("مدرست", "مدرسه", Slip::kSoundAlike);  // مدرسة, normalised
  const std::optional<Edit> end = find_edit(one_slip("مدرست"), "مدرسه");
  const std::optional<Edit> middle = find_edit(one_slip("كتاب"), "كهاب");  // neighbouring keys only
  ASSERT_TRUE(end.has_value() && middle.has_value());
  EXPECT_LT(end->cost, middle->cost);
  EXPECT_EQ(middle->slip, Slip::kKeyboard);
}

TEST(OneSlip, ReplacingOrSwappingTheFirstLetterCostsMoreThanInsideTheWord) {
  const std::optional<Edit> first = find_edit(one_slip("زهب"), "ذهب");
  const std::optional<Edit> inside = find_edit(one_slip("الزهب"), "الذهب");
  ASSERT_TRUE(first.has_value() && inside.has_value());
  EXPECT_GT(first->cost, inside->cost);
  EXPECT_DOUBLE_EQ(inside->cost, 0.5);
  // غسوة: غزوة (a sound-alike inside) is cheaper than اسوة (a key at the start).
  EXPECT_LT(find_edit(one_slip("غسوه"), "غزوه")->cost, find_edit(one_slip("غسوه"), "اسوه")->cost);
  EXPECT_GT(find_edit(one_slip("لحرب"), "حلرب")->cost, find_edit(one_slip("الحبر"), "الحرب")->cost);
}

TEST(OneSlip, DroppingALeadingLetterCostsNoMoreThanInsideTheWord) {
  // A leading letter is often a clitic (لاوراسيا for اوراسيا).
  const std::optional<Edit> lead = find_edit(one_slip("لاوراسيا"), "اوراسيا");
  ASSERT_TRUE(lead.has_value());
  EXPECT_LT(lead->cost, 1.0);
}

TEST(OneSlip, KeepsTheCheapestExplanationAndRespectsTheLimit) {
  for (const Edit& e : one_slip("الكتاب", 0.5)) EXPECT_LE(e.cost, 0.5) << e.word;
  EXPECT_FALSE(find_edit(one_slip("الكتاب", 0.5), "الكظاب").has_value());  // a plain edit costs 1
  EXPECT_TRUE(find_edit(one_slip("الكتاب", 1.0), "الكظاب").has_value());
}

TEST(OneSlip, WithoutArabicCostsEveryEditCostsOne) {
  for (const Edit& e : one_slip("الزكاء", 1.0, false)) EXPECT_DOUBLE_EQ(e.cost, 1.0) << e.word;
  EXPECT_TRUE(find_edit(one_slip("عاصمهمصر", 1.0, true, true), "عاصمه مصر").has_value());
  EXPECT_FALSE(find_edit(one_slip("عاصمهمصر", 1.0, true, false), "عاصمه مصر").has_value());
}

TEST(OneSlip, GivesTheCandidatesInTheirWordsByteOrder) {
  const std::vector<Edit> edits = one_slip("الحبر");
  ASSERT_GT(edits.size(), 100u);
  for (std::size_t i = 1; i < edits.size(); ++i) EXPECT_LT(edits[i - 1].word, edits[i].word) << i;
}

// Every word one plain edit away, by brute force over code points: what
// one_slip must give without the Arabic costs (it splices UTF-8 bytes).
std::vector<std::string> plain_edits(const std::u32string& w) {
  static const std::u32string kLetters = U"ءابتثجحخدذرزسشصضطظعغفقكلمنهوي";
  auto utf8 = [](const std::u32string& s) {
    std::string out;
    for (const char32_t c : s) {
      out += static_cast<char>(0xC0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3F));
    }
    return out;
  };
  std::vector<std::string> out;
  for (std::size_t i = 0; i < w.size() && w.size() >= 2; ++i) out.push_back(utf8(w.substr(0, i) + w.substr(i + 1)));
  for (std::size_t i = 0; i <= w.size(); ++i)
    for (const char32_t c : kLetters) out.push_back(utf8(w.substr(0, i) + c + w.substr(i)));
  for (std::size_t i = 0; i < w.size(); ++i)
    for (const char32_t c : kLetters)
      if (c != w[i]) out.push_back(utf8(w.substr(0, i) + c + w.substr(i + 1)));
  for (std::size_t i = 0; i + 1 < w.size(); ++i) {
    std::u32string s = w;
    std::swap(s[i], s[i + 1]);
    if (s != w) out.push_back(utf8(s));
  }
  for (std::size_t i = 2; i + 2 <= w.size(); ++i) out.push_back(utf8(w.substr(0, i)) + " " + utf8(w.substr(i)));
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

TEST(OneSlip, GivesEveryWordOneEditAwayOnceAsValidText) {
  // Letters from both halves of the block (ء..غ are D8 xx, ف..ي are D9 xx),
  // doubled letters, and the shortest words.
  for (const std::u32string& w : {std::u32string(U"الحبر"), std::u32string(U"ءغفي"), std::u32string(U"مدرسه"),
                                  std::u32string(U"ببب"), std::u32string(U"ظ"), std::u32string(U"يء")}) {
    std::string norm;
    for (const char32_t c : w) {
      norm += static_cast<char>(0xC0 | (c >> 6));
      norm += static_cast<char>(0x80 | (c & 0x3F));
    }
    std::vector<std::string> words;
    for (const Edit& e : one_slip(norm, 1.0, false)) words.push_back(e.word);
    EXPECT_EQ(words, plain_edits(w)) << norm;
  }
}

TEST(OneSlip, GivesNothingForWordsThatAreNotArabicLetters) {
  EXPECT_TRUE(one_slip("python").empty());
  EXPECT_TRUE(one_slip("2025").empty());
  EXPECT_TRUE(one_slip("").empty());
}

// A small archive: frequent words appear in several passages, so frequency
// decides between candidates of equal cost.
std::vector<TestDoc> archive() {
  std::vector<TestDoc> docs = {
      {"ai", "الذكاء الاصطناعي", {"تطور الذكاء الاصطناعي في السنوات الاخيرة وتستخدمه الشركات"}},
      {"ai2", "", {"يعتمد الذكاء الاصطناعي على البيانات"}},
      {"school", "المدرسة", {"المدرسة الجديدة في المدينة"}},
      {"russia", "", {"زار الوزير روسيا والصين"}},
      {"russia2", "", {"روسيا دولة كبيرة"}},
      {"war", "", {"الحرب انتهت بعد سنوات"}},
      {"capital", "", {"القاهرة عاصمة مصر"}},
      {"name", "", {"بوتين رئيس روسيا"}},
      {"phone", "", {"قال المتصل الو ثم سأل عن الدين"}},
  };
  return docs;
}

// What a fresh Suggester over the database at `db` suggests for `q`.
Suggestion suggest_in(const std::string& db, const std::string& q, const SpellingOptions& o) {
  Xapian::Database x(db);
  fahras::Analyzer analyzer;
  return Suggester(x, analyzer, o).suggest(q);
}

class SuggesterTest : public ::testing::Test {
 protected:
  void SetUp() override { build_db(db, archive()); }
  Suggestion suggest(const std::string& q, SpellingMode mode = SpellingMode::kRelax) {
    SpellingOptions o;
    o.mode = mode;
    return suggest_in(db, q, o);
  }
  TempDir tmp{"suggest"};
  std::string db = tmp.path("db");
};

TEST_F(SuggesterTest, SuggestsTheKnownWordForAnAbsentOne) {
  const Suggestion s = suggest("الزكاء الاصطناعي");
  ASSERT_EQ(s.words.size(), 1u);
  EXPECT_EQ(s.corrected, "الذكاء الاصطناعي");
  EXPECT_EQ(s.relaxed, "الذكاء الاصطناعي");  // absent: replaced
  EXPECT_TRUE(s.words[0].absent);
  EXPECT_EQ(s.words[0].slip, Slip::kSoundAlike);
}

TEST_F(SuggesterTest, AKnownWordGetsNoSuggestion) {
  EXPECT_TRUE(suggest("الذكاء الاصطناعي").empty());
  EXPECT_TRUE(suggest("روسيا").empty());
}

TEST_F(SuggesterTest, SplitsWordsRunTogether) {
  const Suggestion s = suggest("عاصمةمصر");
  ASSERT_EQ(s.words.size(), 1u);
  EXPECT_EQ(s.corrected, "عاصمة مصر");
  EXPECT_EQ(s.words[0].slip, Slip::kSplit);
}

// يهاجمه (he attacks him) is absent as written, but its stem هاجم is in the
// database: a form of a known word, not two words run together, though يها
// and جمه are both in the archive (ARCD offered "يها جمه" for it).
TEST(SuggesterSplits, NeverSplitsAWordWhoseStemTheDatabaseHolds) {
  TempDir tmp{"suggest-split"};
  const std::string db = tmp.path("db");
  build_db(db, {{"attack", "", {"هاجم الجيش المدينة"}},
                {"halves", "", {"كتب يها جمه في سطر"}},
                {"runs", "", {"عاصمة مصر القاهرة"}}});
  Xapian::Database x(db);
  fahras::Analyzer analyzer;
  SpellingOptions o;
  const Suggestion s = Suggester(x, analyzer, o).suggest("يهاجمه");
  for (const auto& w : s.words) EXPECT_NE(w.slip, Slip::kSplit) << w.suggested;
  EXPECT_EQ(s.corrected.find("يها جمه"), std::string::npos) << s.corrected;
  // An absent word whose stem is absent too is still split.
  EXPECT_EQ(Suggester(x, analyzer, o).suggest("عاصمةمصر").corrected, "عاصمة مصر");
}

// An archive where الذي and ليست are frequent, and each misspelling of them
// once in a passage of its own, as a real archive holds a few.
// A small archive built by each test's SetUp and judged as a large one:
// words in a passage or two are rare there.
class ArchiveJudgedLarge : public ::testing::Test {
 protected:
  // Judged as in a large archive: words in a passage or two are rare.
  static SpellingOptions large() {
    SpellingOptions o;
    o.rare_scale_passages = 1;
    return o;
  }
  Suggestion suggest(const std::string& q, const SpellingOptions& o = large()) { return suggest_in(db, q, o); }
  TempDir tmp{"suggest-large"};
  std::string db = tmp.path("db");
};

class MisspeltStopWords : public ArchiveJudgedLarge {
 protected:
  void SetUp() override {
    const std::vector<std::string> topics = {"في الاقتصاد", "في الرياضة", "في السياسة", "في التعليم", "في الصحة"};
    std::vector<TestDoc> docs;
    for (int i = 0; i < 30; ++i)
      docs.push_back({"d" + std::to_string(i), "", {"الحكم الذي صدر اليوم ليست له سابقة " + topics[i % 5]}});
    docs.push_back({"typo", "", {"القرار الدي صدر"}});
    docs.push_back({"liszt", "", {"الموسيقار ليزت وزوجته"}});
    build_db(db, docs);
  }
};

TEST_F(MisspeltStopWords, ASpokenDalForDhalIsTheStopWordAndIsLeftOutWhenRelaxing) {
  const Suggestion s = suggest("الحكم الدي صدر");
  ASSERT_EQ(s.words.size(), 1u);
  EXPECT_TRUE(s.words[0].stopword);
  EXPECT_EQ(s.corrected, "الحكم الذي صدر");
  // الذي is a stop word: the relaxed query searches الحكم and صدر only, not
  // the stem of الدي.
  EXPECT_EQ(s.relaxed, "الحكم الذي صدر");
}

TEST_F(MisspeltStopWords, AMisspeltStopWordAloneIsStillSearched) {
  const Suggestion s = suggest("الدي");
  ASSERT_EQ(s.words.size(), 1u);
  EXPECT_EQ(s.corrected, "الذي");
  EXPECT_TRUE(s.relaxed.empty()) << s.relaxed;
}

TEST_F(MisspeltStopWords, AnotherSoundAlikePairDoesNotMakeANameAParticle) {
  // ليزت is ليست with ز for س, not a spoken interdental: a name stays.
  const Suggestion s = suggest("زوجة ليزت");
  for (const auto& w : s.words) EXPECT_FALSE(w.stopword) << w.suggested;
  EXPECT_EQ(s.relaxed.find("ليست"), std::string::npos) << s.relaxed;
}

TEST_F(MisspeltStopWords, SwitchedOffTheStopWordIsNoCandidate) {
  SpellingOptions o = large();
  o.stop_words = false;
  for (const auto& w : suggest("الحكم الدي صدر", o).words) EXPECT_FALSE(w.stopword) << w.suggested;
}

// The query's other words as evidence: الدودية (of appendicitis) is in one
// passage, beside التهاب; الدولية, one letter away, in 25, never beside it.
// A misspelling is in a passage of its topic too (الصرطان beside علاج), but
// its meant word is there far more often.
class SpellingContext : public ArchiveJudgedLarge {
 protected:
  void SetUp() override {
    const std::vector<std::string> topics = {"في جنيف", "في نيويورك", "في فيينا", "في باريس", "في لندن"};
    std::vector<TestDoc> docs;
    for (int i = 0; i < 25; ++i)
      docs.push_back({"un" + std::to_string(i), "", {"المنظمة الدولية اجتمعت اليوم " + topics[i % 5]}});
    docs.push_back({"appendix", "", {"التهاب الزائدة الدودية يحتاج جراحة"}});
    for (int i = 0; i < 25; ++i)
      docs.push_back({"cancer" + std::to_string(i), "", {"علاج السرطان طويل " + topics[i % 5]}});
    docs.push_back({"typo", "", {"علاج الصرطان طويل"}});
    build_db(db, docs);
  }
};

TEST_F(SpellingContext, ARareWordBesideItsQueryNeighboursKeepsItsSpelling) {
  const Suggestion s = suggest("التهاب الدودية");
  EXPECT_TRUE(s.empty()) << s.corrected;
  EXPECT_TRUE(s.relaxed.empty()) << s.relaxed;
  // Alone, nothing speaks for it against a word 25 times as frequent.
  EXPECT_EQ(suggest("الدودية").corrected, "الدولية");
  // Nor when the other word was never written beside it.
  EXPECT_EQ(suggest("جنيف الدودية").corrected, "جنيف الدولية");
}

TEST_F(SpellingContext, SwitchedOffTheFrequentCandidateIsSuggestedAsBefore) {
  SpellingOptions o = large();
  o.switch_off("context");
  EXPECT_FALSE(o.context);
  EXPECT_EQ(suggest("التهاب الدودية", o).corrected, "التهاب الدولية");
}

TEST_F(SpellingContext, AMisspellingBesideItsNeighboursIsStillCorrected) {
  // علاج is in half the passages here: count it as a topic word anyway.
  SpellingOptions o = large();
  o.context_common_ratio = 1;
  const Suggestion s = suggest("علاج الصرطان", o);
  ASSERT_EQ(s.words.size(), 1u);
  EXPECT_EQ(s.corrected, "علاج السرطان");
  EXPECT_EQ(s.relaxed, "علاج الصرطان السرطان");
}

TEST_F(SpellingContext, CommonNeighboursSayNothingAboutTheTopic) {
  // التهاب is in 1 of 52 passages; with a limit below that it counts as
  // common, is no evidence, and the frequent candidate wins again.
  SpellingOptions o = large();
  o.context_common_ratio = 0.01;
  EXPECT_EQ(suggest("التهاب الدودية", o).corrected, "التهاب الدولية");
}

// برد (absent) is one long vowel from بريد (10 passages, beside الرسائل) and
// from بارد (5, never beside it): close enough for both to be searched when
// relaxing, unless the query's other words tell them apart.
TEST(SpellingContextRunnerUp, IsSearchedOnlyWhenWrittenBesideTheOtherWordsAsTheBestIs) {
  TempDir tmp{"suggest-second"};
  const std::string db = tmp.path("db");
  std::vector<TestDoc> docs;
  for (int i = 0; i < 10; ++i) docs.push_back({"mail" + std::to_string(i), "", {"وصل بريد الرسائل اليوم"}});
  for (int i = 0; i < 5; ++i) docs.push_back({"cold" + std::to_string(i), "", {"الطقس بارد في الشتاء"}});
  build_db(db, docs);
  SpellingOptions o;
  o.context_common_ratio = 1;  // a tiny archive: every word is common in it
  const Suggestion alone = suggest_in(db, "برد", o);
  ASSERT_EQ(alone.words.size(), 1u);
  EXPECT_EQ(alone.words[0].suggested, "بريد");
  EXPECT_EQ(alone.words[0].also, "بارد");  // nothing tells them apart
  const Suggestion s = suggest_in(db, "الرسائل برد", o);
  ASSERT_EQ(s.words.size(), 1u);
  EXPECT_EQ(s.words[0].suggested, "بريد");
  EXPECT_EQ(s.words[0].also, "");
  EXPECT_EQ(s.relaxed, "الرسائل بريد");
  o.switch_off("context");
  EXPECT_EQ(suggest_in(db, "الرسائل برد", o).relaxed, "الرسائل بريد بارد");
}

// محفظ (absent) is one long vowel from محافظ (20 passages, of governors) and
// from محفوظ (3, beside نجيب).
std::vector<TestDoc> governors() {
  std::vector<TestDoc> docs;
  for (int i = 0; i < 20; ++i) docs.push_back({"gov" + std::to_string(i), "", {"اجتمع محافظ المنطقة بالسكان"}});
  return docs;
}
std::vector<TestDoc> novels() {
  std::vector<TestDoc> docs;
  for (int i = 0; i < 3; ++i) docs.push_back({"novel" + std::to_string(i), "", {"كتب نجيب محفوظ رواية"}});
  return docs;
}

// Alone the frequent candidate wins, after نجيب the one written beside it.
TEST(SpellingContextRanking, TheCandidateWrittenBesideTheOtherWordsBeatsAMoreFrequentOne) {
  TempDir tmp{"suggest-rank"};
  const std::string db = tmp.path("db");
  std::vector<TestDoc> docs = governors();
  for (TestDoc& d : novels()) docs.push_back(std::move(d));
  build_db(db, docs);
  SpellingOptions o;
  o.context_common_ratio = 1;  // a tiny archive: every word is common in it
  EXPECT_EQ(suggest_in(db, "محفظ", o).corrected, "محافظ");
  EXPECT_EQ(suggest_in(db, "نجيب محفظ", o).corrected, "نجيب محفوظ");
  EXPECT_EQ(suggest_in(db, "المنطقة محفظ", o).corrected, "المنطقة محافظ");
  o.switch_off("context");
  EXPECT_EQ(suggest_in(db, "نجيب محفظ", o).corrected, "نجيب محافظ");
}

// The same archive as two shards, the novels all in the second: the counts
// beside the other words walk every shard's posting lists (the first alone
// holds none, and frequency would choose محافظ).
TEST(SpellingContextRanking, CountsOverEveryShardOfAShardedDatabase) {
  TempDir tmp{"suggest-rank-shards"};
  build_db(tmp.path("a"), governors());
  build_db(tmp.path("b"), novels());
  Xapian::Database both(tmp.path("a"));
  both.add_database(Xapian::Database(tmp.path("b")));
  fahras::Analyzer analyzer;
  SpellingOptions o;
  o.context_common_ratio = 1;
  EXPECT_EQ(Suggester(both, analyzer, o).suggest("محفظ").corrected, "محافظ");
  EXPECT_EQ(Suggester(both, analyzer, o).suggest("نجيب محفظ").corrected, "نجيب محفوظ");
  // As with a remote shard (local = false), where the counts are matches.
  EXPECT_EQ(Suggester(both, analyzer, o, false).suggest("محفظ").corrected, "محافظ");
  EXPECT_EQ(Suggester(both, analyzer, o, false).suggest("نجيب محفظ").corrected, "نجيب محفوظ");
}

TEST_F(SuggesterTest, NeverSplitsOffTheArticleWithOneLetter) {
  // الو and الدين are both in the archive, and الوالدين is not.
  const Suggestion s = suggest("الوالدين");
  for (const auto& w : s.words) EXPECT_NE(w.suggested, "الو الدين") << s.corrected;
  EXPECT_EQ(s.relaxed.find("الو الدين"), std::string::npos) << s.relaxed;
}

TEST_F(SuggesterTest, JoinsAWordTypedAsTwo) {
  const Suggestion s = suggest("الذكاء الاصط ناعي");
  ASSERT_EQ(s.words.size(), 1u);
  EXPECT_EQ(s.corrected, "الذكاء الاصطناعي");
  EXPECT_EQ(s.words[0].slip, Slip::kJoin);
}

TEST_F(SuggesterTest, FoldedLettersCostNothingAndAreKeptAsTyped) {
  // ة and أ are folded by normalisation: المدرسة/المدرسه and أ/ا are the same
  // word, so only the real slip (ص for س) is corrected and the typed ة stays.
  const Suggestion s = suggest("المدرصة");
  ASSERT_EQ(s.words.size(), 1u);
  EXPECT_EQ(s.corrected, "المدرسة");
  EXPECT_TRUE(suggest("المدرسه").empty());
}

TEST_F(SuggesterTest, LongVowelDroppedIsRestored) {
  const Suggestion s = suggest("روسا");
  ASSERT_EQ(s.words.size(), 1u);
  EXPECT_EQ(s.corrected, "روسيا");
}

TEST_F(SuggesterTest, FieldsAndWildcardsAreLeftAlone) {
  EXPECT_TRUE(suggest("title:الزكاء").empty());
  EXPECT_TRUE(suggest("الزكا*").empty());
}

TEST_F(SuggesterTest, WithBooleanSyntaxOnlyAbsentWordsAreReplaced) {
  const Suggestion s = suggest("الزكاء AND الاصطناعي");
  EXPECT_EQ(s.corrected, "الذكاء AND الاصطناعي");
  EXPECT_EQ(s.relaxed, "الذكاء AND الاصطناعي");
}

// A word in a few passages is rare in a large archive and common in a small
// one: there only absent words get a suggestion (each costs hundreds of
// vocabulary lookups).
TEST(SuggesterScale, InASmallDatabaseOnlyAbsentWordsAreRare) {
  TempDir tmp{"suggest-scale"};
  std::vector<TestDoc> docs;
  for (int i = 0; i < 25; ++i) docs.push_back({"ai" + std::to_string(i), "", {"تطور الذكاء في السنوات الاخيرة"}});
  docs.push_back({"typo", "", {"مقال عن الزكاء بخطأ في الكتابة"}});
  const std::string db = tmp.path("db");
  build_db(db, docs);
  Xapian::Database x(db);
  fahras::Analyzer analyzer;
  SpellingOptions o;
  EXPECT_TRUE(Suggester(x, analyzer, o).suggest("الزكاء").empty());  // 26 passages: in 1 is not rare
  o.rare_scale_passages = 26;                                        // as if this were a large archive
  EXPECT_EQ(Suggester(x, analyzer, o).suggest("الزكاء").corrected, "الذكاء");
}

// باللاتينة (a long vowel dropped) stems to لا, which 25 passages hold, and
// its meant form is in one passage, too few to beat that. بالالاتينه, one
// long vowel away, is unknown as written and stems to الا, a particle's stem
// in 25 passages: a count that says nothing about the candidate.
TEST(SuggesterStemOnly, ACandidateWhoseStemIsAFewLettersOfALongWordIsNotSuggested) {
  TempDir tmp{"suggest-stem"};
  std::vector<TestDoc> docs;
  for (int i = 0; i < 25; ++i)
    docs.push_back({"n" + std::to_string(i), "", {"قال الا قليلا والا فلا وعن لاتين اخبار رقم " + std::to_string(i)}});
  docs.push_back({"latin", "", {"كتب الاسم باللاتينية في الكتاب"}});
  const std::string db = tmp.path("db");
  build_db(db, docs);
  Xapian::Database x(db);
  fahras::Analyzer analyzer;
  const Suggestion s = Suggester(x, analyzer, SpellingOptions{}).suggest("باللاتينة");
  for (const auto& w : s.words) EXPECT_NE(w.suggested, "بالالاتينة") << s.corrected;
  EXPECT_EQ(s.corrected.find("بالالات"), std::string::npos) << s.corrected;
}

// A form the database has never seen, of a word it holds (كلابهم, of
// كلاب), gets no candidate known only by its stem: كلعبهم, one letter away,
// is a form nobody wrote of لعب, a word in every other passage. A form
// whose stem is unknown too (وبالزكاء) still gets one (وبالذكاء, of ذكاء).
TEST(SuggesterStemOnly, AnUnseenFormOfAKnownWordIsNotCorrectedToAnUnseenFormOfAnother) {
  TempDir tmp{"suggest-stem"};
  std::vector<TestDoc> docs;
  for (int i = 0; i < 30; ++i)
    docs.push_back(
        {"play" + std::to_string(i), "", {"يلعب الفريق وتلعب الفرق لعبا في الملعب رقم " + std::to_string(i)}});
  for (int i = 0; i < 30; ++i)
    docs.push_back({"mind" + std::to_string(i), "", {"تطور الذكاء الاصطناعي في المختبر رقم " + std::to_string(i)}});
  docs.push_back({"dogs", "", {"خرجت الكلاب إلى الحديقة"}});
  docs.push_back({"dogs2", "", {"كلاب الحراسة في المزرعة"}});
  const std::string db = tmp.path("db");
  build_db(db, docs);
  Xapian::Database x(db);
  fahras::Analyzer analyzer;
  SpellingOptions o;
  o.rare_scale_passages = 62;  // as if this were a large archive
  const Suggestion dogs = Suggester(x, analyzer, o).suggest("كلابهم");
  EXPECT_TRUE(dogs.empty()) << dogs.corrected;
  EXPECT_EQ(Suggester(x, analyzer, o).suggest("وبالزكاء").corrected, "وبالذكاء");
}

TEST_F(SuggesterTest, SuggestModeDoesNotRelax) {
  const Suggestion s = suggest("الزكاء", SpellingMode::kSuggest);
  EXPECT_EQ(s.corrected, "الذكاء");
  EXPECT_TRUE(s.relaxed.empty());
  EXPECT_TRUE(suggest("الزكاء", SpellingMode::kOff).empty());
}

TEST_F(SuggesterTest, MoreFrequentCandidateWinsAtEqualCost) {
  // روسيا (3 passages) and a rarer word one long vowel away are both
  // candidates for روسا; the frequent one is suggested.
  std::vector<TestDoc> docs = archive();
  docs.push_back({"rare", "", {"روساء"}});
  build_db(db, docs);
  EXPECT_EQ(suggest("روسا").corrected, "روسيا");
}

TEST_F(SuggesterTest, SearcherRelaxesAndSaysSo) {
  Searcher searcher(db);
  SearchRequest req;
  req.query = "الزكاء";
  const auto results = searcher.search(req);
  EXPECT_EQ(results.did_you_mean, "الذكاء");
  EXPECT_TRUE(results.relaxed);
  ASSERT_FALSE(results.hits.empty());
  EXPECT_TRUE(results.hits[0].passage.doc_id == "ai" || results.hits[0].passage.doc_id == "ai2");

  SpellingOptions suggest_only;
  suggest_only.mode = SpellingMode::kSuggest;
  searcher.set_spelling(suggest_only);
  const auto plain = searcher.search(req);
  EXPECT_EQ(plain.did_you_mean, "الذكاء");
  EXPECT_FALSE(plain.relaxed);
  EXPECT_TRUE(plain.hits.empty());
}

// A rare word costs hundreds of vocabulary look-ups; a Searcher (one per
// batch, one per fahras-serve worker) keeps its Suggester and its memo, so
// the same word again costs about none, also when the options are set again
// to the same values (fahras-serve sets them for every request).
TEST_F(SuggesterTest, SearcherLooksARareWordsCandidatesUpOnce) {
  Searcher searcher(db);
  SearchRequest req;
  req.query = "الزكاء";
  EXPECT_EQ(searcher.search(req).did_you_mean, "الذكاء");
  // On a database this small the vocabulary is read after a few look-ups.
  const std::size_t first = searcher.spelling_look_ups();
  EXPECT_GT(first, 0u);
  EXPECT_EQ(searcher.search(req).did_you_mean, "الذكاء");
  EXPECT_LE(searcher.spelling_look_ups() - first, 2u);
  searcher.set_spelling(SpellingOptions{});
  EXPECT_EQ(searcher.search(req).did_you_mean, "الذكاء");
  EXPECT_LE(searcher.spelling_look_ups() - first, 4u);
}

// Without the vocabulary in memory (a database with remote shards), a rare
// word's candidates are looked up one by one, once: the memo answers the
// same word again.
TEST_F(SuggesterTest, WithoutTheVocabularyARareWordsCandidatesAreLookedUpOnce) {
  fahras::Analyzer analyzer;
  Suggester s(Xapian::Database(db), analyzer, SpellingOptions{}, /*local=*/false);
  EXPECT_EQ(s.suggest("الزكاء").corrected, "الذكاء");
  const std::size_t first = s.look_ups();
  EXPECT_GT(first, 50u);
  EXPECT_FALSE(s.has_vocabulary());
  EXPECT_EQ(s.suggest("الزكاء").corrected, "الذكاء");
  EXPECT_LE(s.look_ups() - first, 2u);
}

// Typed queries with slips of every kind, and clean ones.
const std::vector<std::string> kSlips = {
    "الزكاء الاصطناعي", "عاصمةمصر", "روسا",      "المدرسه الجديده", "الحرت انتهت", "بوتن",      "القاهره عاصمه",
    "الشركاتت",         "البيانت",  "الاصتناعي", "وبالذكاء",        "تطور الذكاء", "الو الدين", "زار الوزيير روسيا",
};

void expect_same(const Suggestion& a, const Suggestion& b, const std::string& q) {
  EXPECT_EQ(a.corrected, b.corrected) << q;
  EXPECT_EQ(a.relaxed, b.relaxed) << q;
  ASSERT_EQ(a.words.size(), b.words.size()) << q;
  for (std::size_t i = 0; i < a.words.size(); ++i) {
    EXPECT_EQ(a.words[i].suggested, b.words[i].suggested) << q;
    EXPECT_EQ(a.words[i].frequency, b.words[i].frequency) << q;
    EXPECT_EQ(a.words[i].absent, b.words[i].absent) << q;
    EXPECT_EQ(a.words[i].slip, b.words[i].slip) << q;
    EXPECT_DOUBLE_EQ(a.words[i].cost, b.words[i].cost) << q;
    EXPECT_EQ(a.words[i].also, b.words[i].also) << q;
  }
}

// The vocabulary answers every word as the database does, so suggestions
// are the same with it as without.
TEST_F(SuggesterTest, SuggestsTheSameWithTheVocabularyInMemoryAsWithout) {
  fahras::Analyzer analyzer;
  Suggester with(Xapian::Database(db), analyzer);
  Suggester without(Xapian::Database(db), analyzer, SpellingOptions{}, /*local=*/false);
  with.suggest("الزكاء");  // enough look-ups to read it on a database this small
  ASSERT_TRUE(with.has_vocabulary());
  std::size_t suggested = 0;
  for (const std::string& q : kSlips) {
    const Suggestion a = with.suggest(q), b = without.suggest(q);
    expect_same(a, b, q);
    suggested += a.empty() ? 0 : 1;
  }
  EXPECT_GE(suggested, 8u);
  EXPECT_FALSE(without.has_vocabulary());
}

// Ski rental: the vocabulary is read only once the words looked up one by
// one would have paid for reading it, estimated from the passage count, so
// a single rare word in a larger database never reads it, and many do.
TEST(SuggesterVocabulary, IsReadOnlyOnceItsLookUpsWouldHavePaidForIt) {
  TempDir tmp{"suggest-vocabulary"};
  const std::string path = tmp.path("db");
  std::vector<TestDoc> docs = archive();
  const std::vector<std::string> filler = {"الطقس معتدل في المساء", "انتهت المباراة بالتعادل",
                                           "افتتح المعرض ابوابه للزوار", "ارتفعت درجات الحرارة"};
  for (int i = 0; i < 1500; ++i) docs.push_back({"f" + std::to_string(i), "", {filler[i % filler.size()]}});
  build_db(path, docs);
  const Xapian::Database x(path);
  const std::size_t needed =
      Suggester::kWordsPerPassage * x.get_doccount() / Suggester::kWordsReadPerLookUp;  // 603 look-ups
  fahras::Analyzer analyzer;
  Suggester s(x, analyzer);
  EXPECT_EQ(s.suggest("الزكاء").corrected, "الذكاء");
  EXPECT_FALSE(s.has_vocabulary());
  EXPECT_LT(s.look_ups(), needed);
  for (const std::string& q : kSlips) {
    s.suggest(q);
    // look_ups() also counts stem frequencies, so it may pass `needed` first.
    EXPECT_TRUE(!s.has_vocabulary() || s.look_ups() >= needed) << q << ": " << s.look_ups();
  }
  EXPECT_TRUE(s.has_vocabulary());
  const std::size_t at = s.look_ups();
  s.suggest("المباراه بالتعادول");  // new words: their candidates answered from memory
  EXPECT_LE(s.look_ups(), at + 2);  // a stem or two, not hundreds of words
  s.forget();                       // another revision: read again only once it pays again
  EXPECT_FALSE(s.has_vocabulary());
}

// A Searcher keeps its suggester's vocabulary through a benchmark's warm-up
// (forget_spelling_memo: the answers go, the vocabulary stays) and drops it
// at a new revision of the database.
TEST_F(SuggesterTest, SearcherKeepsItsVocabularyThroughTheWarmUpButNotToANewRevision) {
  Searcher searcher(db);
  SearchRequest req;
  req.query = "الزكاء";
  EXPECT_EQ(searcher.search(req).did_you_mean, "الذكاء");
  ASSERT_TRUE(searcher.has_vocabulary());  // a few look-ups pay for it on 9 passages
  searcher.forget_spelling_memo();
  EXPECT_TRUE(searcher.has_vocabulary());
  const std::size_t before = searcher.spelling_look_ups();
  EXPECT_EQ(searcher.search(req).did_you_mean, "الذكاء");
  EXPECT_LE(searcher.spelling_look_ups() - before, 2u);  // the candidates come from memory again
  {
    Xapian::WritableDatabase w(db, Xapian::DB_OPEN);
    w.set_metadata("test.touch", "1");  // a commit: another revision
    w.commit();
  }
  ASSERT_TRUE(searcher.reopen());
  EXPECT_FALSE(searcher.has_vocabulary());
  EXPECT_EQ(searcher.search(req).did_you_mean, "الذكاء");
}

// The memo holds one revision's frequencies: once commits make another
// candidate far more frequent, a reopened Searcher suggests it.
TEST_F(SuggesterTest, SearcherForgetsItsSpellingMemoAtANewRevision) {
  std::vector<TestDoc> docs = archive();
  docs.push_back({"rare", "", {"روساء"}});
  build_db(db, docs);
  Searcher searcher(db);
  SearchRequest req;
  req.query = "روسا";
  EXPECT_EQ(searcher.search(req).did_you_mean, "روسيا");
  {
    Xapian::WritableDatabase w(db, Xapian::DB_OPEN);
    fahras::Analyzer analyzer;
    for (int i = 0; i < 20; ++i) {
      const std::string id = "more" + std::to_string(i);
      Xapian::Document doc;
      fahras::test::add_terms(analyzer, doc, "روساء", fahras::schema::kStemPrefix, fahras::schema::kExactPrefix, 1000);
      doc.add_boolean_term(std::string(fahras::schema::kDocIdPrefix) + id);
      doc.add_value(fahras::schema::kSlotDocId, id);
      doc.add_value(fahras::schema::kSlotPassageNo, Xapian::sortable_serialise(0));
      fahras::PassageRecord r;
      r.doc_id = id;
      r.passage_count = 1;
      r.text = "روساء";
      doc.set_data(fahras::encode_passage_record(r));
      w.add_document(doc);
    }
    w.commit();
  }
  ASSERT_TRUE(searcher.reopen());
  EXPECT_EQ(searcher.search(req).did_you_mean, "روساء");
  EXPECT_EQ(Searcher(db).search(req).did_you_mean, "روساء");  // as a new Searcher
}

TEST_F(SuggesterTest, SearcherLeavesKnownQueriesUnchanged) {
  Searcher searcher(db);
  SearchRequest req;
  req.query = "الحرب";
  const auto results = searcher.search(req);
  EXPECT_TRUE(results.did_you_mean.empty());
  EXPECT_FALSE(results.relaxed);
  ASSERT_EQ(results.hits.size(), 1u);
  EXPECT_EQ(results.hits[0].passage.doc_id, "war");
}

// fahras-spelling-accuracy judges a slipped word alone and within its
// question: محفظ alone is corrected to the frequent محافظ (wrong), after
// نجيب to محفوظ (right), and the clean question has no false alarm.
TEST(SpellingAccuracyTool, JudgesTheSlippedWordAloneAndWithinItsQuestion) {
  if (!fahras::test::have_binary("fahras-spelling-accuracy")) GTEST_SKIP() << "fahras-spelling-accuracy is not built";
  TempDir tmp{"spelling-accuracy"};
  const std::string db = tmp.path("db");
  std::vector<TestDoc> docs = governors();
  for (TestDoc& d : novels()) docs.push_back(std::move(d));
  // Enough other passages that نجيب (3) is under 5% of them: a topic word.
  for (int i = 0; i < 60; ++i) docs.push_back({"sky" + std::to_string(i), "", {"السماء صافية فوق البحر"}});
  build_db(db, docs);
  auto write = [&](const std::string& name, const std::string& text) {
    std::ofstream(tmp.path(name)) << text;
    return fahras::test::shell_quote(tmp.path(name));
  };
  const std::string slips = write("slips.tsv", "q1\tvowel-dropped\tمحفظ\tمحفوظ\n");
  const std::string noisy = write("noisy.tsv", "q1\tنجيب محفظ\n");
  const std::string clean = write("clean.tsv", "q1\tنجيب محفوظ\n");
  const auto r = fahras::test::run_command(fahras::test::bin("fahras-spelling-accuracy") + " --db " +
                                           fahras::test::shell_quote(db) + " --slips " + slips + " --queries " + noisy +
                                           " --clean-queries " + clean);
  ASSERT_EQ(r.status, 0) << r.err;
  const std::size_t in_question = r.out.find("fahras in its question");
  ASSERT_NE(in_question, std::string::npos) << r.out;
  // Alone: a correction, but not the meant word.
  EXPECT_NE(r.out.substr(0, in_question).find("| all | 1 | 0.0% | 0.0% |"), std::string::npos) << r.out;
  // In the question: right, and no false alarm on the clean question.
  EXPECT_NE(r.out.find("| all | 1 | 100.0% | 0.0% | 0.0% |", in_question), std::string::npos) << r.out;
  // A qid missing from the questions is bad input, named.
  const std::string other = write("other.tsv", "q2\tنجيب محفظ\n");
  const auto bad = fahras::test::run_command(fahras::test::bin("fahras-spelling-accuracy") + " --db " +
                                             fahras::test::shell_quote(db) + " --slips " + slips + " --queries " +
                                             other + " --clean-queries " + clean);
  EXPECT_EQ(bad.status, 1);
  EXPECT_NE(bad.err.find("qid q1 is not in --queries"), std::string::npos) << bad.err;
}

TEST_F(SuggesterTest, CommandLineSaysWhatItSearched) {
  if (!fahras::test::have_binary("fahras-search")) GTEST_SKIP() << "fahras-search is not built";
  auto run = [&](const std::string& args) {
    return fahras::test::run_command("NO_COLOR= " + fahras::test::bin("fahras-search") + " " +
                                     fahras::test::shell_quote(db) + " " + args);
  };
  const auto relaxed = run("'الزكاء'");
  EXPECT_EQ(relaxed.status, 0) << relaxed.err;
  EXPECT_NE(relaxed.out.find("(showing results for: الذكاء)"), std::string::npos) << relaxed.out;
  EXPECT_NE(relaxed.out.find("الذكاء الاصطناعي"), std::string::npos) << relaxed.out;

  const auto suggested = run("--spelling suggest 'الزكاء'");
  EXPECT_EQ(suggested.status, 0) << suggested.err;
  EXPECT_NE(suggested.out.find("(did you mean: الذكاء?)"), std::string::npos) << suggested.out;
  EXPECT_NE(suggested.err.find("no passage matches"), std::string::npos) << suggested.err;

  const auto off = run("--spelling off 'الزكاء'");
  EXPECT_EQ(off.out.find("الذكاء"), std::string::npos) << off.out;

  const auto json = run("--format json 'الزكاء'");
  EXPECT_NE(json.out.find("\"did_you_mean\":\"الذكاء\",\"relaxed\":true"), std::string::npos) << json.out;

  EXPECT_EQ(run("--spelling sometimes x").status, 2);
  EXPECT_EQ(run("--spelling-without vowels x").status, 2);
}

}  // namespace
