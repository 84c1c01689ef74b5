// Spelling variants of names and loanwords (variants.h) and synonyms files
// (synonyms.h): each rule and guard of the generator, then what a search
// finds, over a small index built in-process.
#include <algorithm>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "fahras/analyzer.h"
#include "fahras/lexicon.h"
#include "fahras/searcher.h"
#include "fahras/synonyms.h"
#include "fahras/variants.h"
#include "test_support.h"

using fahras::Analyzer;
using fahras::Searcher;
using fahras::SearchRequest;
using fahras::Synonyms;
using fahras::SynonymsError;
using fahras::test::build_db;
using fahras::test::TempDir;
using fahras::test::TestDoc;
namespace variants = fahras::variants;

namespace {

const auto never_ordinary = [](std::string_view) { return false; };

bool has_variant(const std::vector<variants::Variant>& vs, const std::string& word, variants::Rule rule) {
  return std::any_of(vs.begin(), vs.end(),
                     [&](const variants::Variant& v) { return v.word == word && v.rule == rule; });
}

bool has_word(const std::vector<variants::Variant>& vs, const std::string& word) {
  return std::any_of(vs.begin(), vs.end(), [&](const variants::Variant& v) { return v.word == word; });
}

TEST(VariantRules, ALongVowelInsideANameIsDroppedOrAdded) {
  using variants::Rule;
  EXPECT_TRUE(has_variant(variants::generate("ترامب", never_ordinary), "ترمب", Rule::kLongVowel));
  EXPECT_TRUE(has_variant(variants::generate("ترمب", never_ordinary), "ترامب", Rule::kLongVowel));
  EXPECT_TRUE(has_variant(variants::generate("بوتين", never_ordinary), "بوتن", Rule::kLongVowel));
  EXPECT_TRUE(has_variant(variants::generate("بوتن", never_ordinary), "بوتين", Rule::kLongVowel));
}

TEST(VariantRules, TheFirstAndLastLettersAreNeverTakenForALongVowel) {
  // و and ا at the edges are clitics and endings (وترامب, ترامبا), not spelling.
  const auto vs = variants::generate("وترامبا", never_ordinary);
  EXPECT_FALSE(has_word(vs, "ترامبا"));
  EXPECT_FALSE(has_word(vs, "وترامب"));
  EXPECT_TRUE(has_word(vs, "وترمبا"));
}

TEST(VariantRules, LongVowelsOfGrammarAreNeverTakenForSpelling) {
  const auto has = [](const std::string& from, const std::string& to) {
    return has_word(variants::generate(from, never_ordinary), to);
  };
  EXPECT_FALSE(has("السياديه", "السياده"));  // nisba + ta marbuta
  EXPECT_FALSE(has("السياده", "السياديه"));
  EXPECT_FALSE(has("علاقاتها", "علاقتها"));  // feminine plural
  EXPECT_FALSE(has("علاقتها", "علاقاتها"));
  EXPECT_FALSE(has("والحكومه", "ولحكومه"));    // the article after و
  EXPECT_FALSE(has("الاجماليه", "الجماليه"));  // the hamza seat after the article
  EXPECT_TRUE(has("الميليشيات", "المليشيات"));
}

TEST(VariantRules, GIsWrittenWithGhainJimQafOrGaf) {
  using variants::Rule;
  const auto vs = variants::generate("جوجل", never_ordinary);
  EXPECT_TRUE(has_variant(vs, "غوغل", Rule::kLetter));
  EXPECT_TRUE(has_variant(vs, "قوقل", Rule::kLetter));
  EXPECT_TRUE(has_variant(vs, "گوگل", Rule::kLetter));
  EXPECT_TRUE(has_variant(vs, "جوغل", Rule::kLetter));  // one letter alone
}

TEST(VariantRules, VIsFaOrVeAndPIsBaOrPe) {
  using variants::Rule;
  EXPECT_TRUE(has_variant(variants::generate("فولكس", never_ordinary), "ڤولكس", Rule::kLetter));
  EXPECT_TRUE(has_variant(variants::generate("ڤولكس", never_ordinary), "فولكس", Rule::kLetter));
  EXPECT_TRUE(has_variant(variants::generate("باريس", never_ordinary), "پاريس", Rule::kLetter));
}

TEST(VariantRules, AmericaIsSpelledBothWaysWithItsDerivatives) {
  using variants::Rule;
  // Not guarded: أمريكا is a dictionary word, and still has two spellings.
  auto ordinary = [](std::string_view) { return true; };
  EXPECT_TRUE(has_variant(variants::generate("امريكا", ordinary), "اميركا", Rule::kAlternation));
  EXPECT_TRUE(has_variant(variants::generate("الاميركيه", ordinary), "الامريكيه", Rule::kAlternation));
  EXPECT_TRUE(has_variant(variants::generate("اوروبا", ordinary), "اوربا", Rule::kAlternation));
}

TEST(VariantRules, AJoinedCompoundIsSplitAndTwoWordsAreJoined) {
  using variants::Rule;
  auto ordinary = [](std::string_view) { return true; };
  EXPECT_TRUE(has_variant(variants::generate("عبدالله", ordinary), "عبد الله", Rule::kSplit));
  EXPECT_TRUE(has_variant(variants::generate("ابوظبي", ordinary), "ابو ظبي", Rule::kSplit));
  EXPECT_TRUE(has_variant(variants::generate("نورالدين", ordinary), "نور الدين", Rule::kSplit));
  EXPECT_EQ(variants::joined("عبد", "الله"), "عبدالله");
  EXPECT_EQ(variants::joined("صلاح", "الدين"), "صلاحالدين");
  EXPECT_EQ(variants::joined("ابو", "ظبي"), "ابوظبي");
}

TEST(VariantRules, ACliticAndAWordAreNotACompound) {
  auto ordinary = [](std::string_view) { return true; };
  EXPECT_FALSE(has_word(variants::generate("بالله", ordinary), "با الله"));
  EXPECT_FALSE(has_word(variants::generate("والله", ordinary), "وا الله"));
  EXPECT_EQ(variants::joined("في", "الله"), "");
  EXPECT_EQ(variants::joined("عبد", "ال"), "");
}

TEST(VariantRules, AWordWithTheArticleIsNoCompoundName) {
  auto ordinary = [](std::string_view) { return true; };
  // the parents, not الو + الدين; a compound name's first word has no article
  EXPECT_FALSE(has_word(variants::generate("الوالدين", ordinary), "الو الدين"));
  EXPECT_TRUE(has_variant(variants::generate("علاءالدين", ordinary), "علاء الدين", variants::Rule::kSplit));
}

TEST(VariantGuards, OrdinaryArabicWordsGetNoVowelOrLetterVariants) {
  // كتاب/كتب, امير/امر: one long vowel apart, different words.
  auto ordinary = [](std::string_view w) { return fahras::is_dictionary_word(w); };
  ASSERT_TRUE(fahras::is_dictionary_word("كتاب"));
  EXPECT_FALSE(has_word(variants::generate("كتاب", ordinary), "كتب"));
  EXPECT_FALSE(has_word(variants::generate("امير", ordinary), "امر"));
  // A name the dictionary lacks still gets them.
  ASSERT_FALSE(fahras::is_dictionary_word("ترامب"));
  EXPECT_TRUE(has_word(variants::generate("ترامب", ordinary), "ترمب"));
}

TEST(VariantGuards, AWordIsOrdinaryWhenItOrItsStemIsInTheDictionary) {
  auto none = [](std::string_view) -> std::uint64_t { return 0; };
  EXPECT_TRUE(variants::is_ordinary_arabic("كتاب", "كتاب", none));
  EXPECT_TRUE(variants::is_ordinary_arabic("عاما", "عام", none));
  EXPECT_FALSE(variants::is_ordinary_arabic("ترامب", "ترامب", none));
}

TEST(VariantGuards, AStemThatLostAFirstLetterCountsOnlyWhenItIsTheMoreFrequentWord) {
  // The light stemmer reads بوتين as ب + وتين (a dictionary word), and
  // وتقديم as و + تقديم: the database tells them apart.
  ASSERT_TRUE(fahras::is_dictionary_word("وتين"));
  ASSERT_TRUE(fahras::is_dictionary_word("تقديم"));
  auto passages = [](std::string_view w) -> std::uint64_t {
    if (w == "بوتين") return 122;
    if (w == "وتين") return 0;
    if (w == "وتقديم") return 765;
    if (w == "تقديم") return 2242;
    return 0;
  };
  EXPECT_FALSE(variants::is_ordinary_arabic("بوتين", "وتين", passages));
  EXPECT_TRUE(variants::is_ordinary_arabic("وتقديم", "تقديم", passages));
}

TEST(VariantGuards, AVariantThatIsAnOrdinaryWordIsNotOffered) {
  auto ordinary = [](std::string_view w) { return w == "ترمب"; };
  EXPECT_FALSE(has_word(variants::generate("ترامب", ordinary), "ترمب"));
}

TEST(VariantGuards, ShortWordsAndNonArabicWordsGetNoVariants) {
  EXPECT_TRUE(variants::generate("دبي", never_ordinary).empty());
  EXPECT_TRUE(variants::generate("google", never_ordinary).empty());
  EXPECT_TRUE(variants::generate("", never_ordinary).empty());
}

class VariantSearch : public ::testing::Test {
 protected:
  void SetUp() override {
    build_db(db_, {
                      {"trump-long", "", {"قال الرئيس ترامب إن الاتفاق سيوقع قريبا في العاصمة."}},
                      {"trump-short", "", {"قال الرئيس ترمب إن الاتفاق سيوقع قريبا في العاصمة."}},
                      {"google-jim", "", {"أعلنت شركة جوجل عن خدمة جديدة للبحث."}},
                      {"google-ghain", "", {"أعلنت شركة غوغل عن خدمة جديدة للخرائط."}},
                      {"america-ri", "", {"زار الوزير أمريكا الشهر الماضي للتفاوض."}},
                      {"america-yr", "", {"زار الوزير أميركا في الربيع للتفاوض."}},
                      {"abdallah-joined", "", {"استقبل الملك عبدالله الوفد في القصر."}},
                      {"abdallah-apart", "", {"استقبل الملك عبد الله الضيوف في القصر."}},
                      {"book", "", {"قرأ الطالب الكتاب في المكتبة."}},
                      {"wrote", "", {"كتب الطالب رسالة إلى صديقه."}},
                      {"mobile", "", {"اشترى الشاب جوالا جديدا من السوق."}},
                      {"phone", "", {"اشترى الشاب هاتفا جديدا من السوق."}},
                  });
  }

  std::vector<std::string> ids(Searcher& s, const std::string& query, std::vector<std::string>* notices = nullptr) {
    SearchRequest req;
    req.query = query;
    req.limit = 20;
    req.snippets = false;
    auto r = s.search(req);
    if (notices) *notices = r.notices;
    std::vector<std::string> out;
    for (const auto& h : r.hits) out.push_back(h.passage.doc_id);
    return out;
  }

  Searcher searcher(bool variants = true) {
    fahras::RankingOptions ranking;
    ranking.variants = variants;
    return Searcher(db_, ranking);
  }

  TempDir tmp_{"variants"};
  std::string db_ = tmp_.path("db");
};

TEST_F(VariantSearch, AVariantSpellingIsFoundBelowTheSpellingTyped) {
  Searcher s = searcher();
  s.set_spelling({fahras::SpellingMode::kOff});
  EXPECT_EQ(ids(s, "ترامب"), (std::vector<std::string>{"trump-long", "trump-short"}));
  EXPECT_EQ(ids(s, "ترمب"), (std::vector<std::string>{"trump-short", "trump-long"}));
  EXPECT_EQ(ids(s, "جوجل"), (std::vector<std::string>{"google-jim", "google-ghain"}));
  EXPECT_EQ(ids(s, "غوغل"), (std::vector<std::string>{"google-ghain", "google-jim"}));
  EXPECT_EQ(ids(s, "أميركا"), (std::vector<std::string>{"america-yr", "america-ri"}));
  EXPECT_EQ(ids(s, "امريكا"), (std::vector<std::string>{"america-ri", "america-yr"}));
}

TEST_F(VariantSearch, CompoundsMatchJoinedOrApartBelowTheFormTyped) {
  Searcher s = searcher();
  s.set_spelling({fahras::SpellingMode::kOff});
  EXPECT_EQ(ids(s, "عبدالله"), (std::vector<std::string>{"abdallah-joined", "abdallah-apart"}));
  const auto apart = ids(s, "عبد الله");
  ASSERT_EQ(apart.size(), 2u);
  EXPECT_EQ(apart[0], "abdallah-apart");
}

TEST_F(VariantSearch, TheNoticeSaysWhichVariantsWereSearched) {
  Searcher s = searcher();
  s.set_spelling({fahras::SpellingMode::kOff});
  std::vector<std::string> notices;
  ids(s, "ترامب", &notices);
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_NE(notices[0].find("ترامب → ترمب"), std::string::npos) << notices[0];
}

TEST_F(VariantSearch, OffSearchesOnlyTheSpellingTyped) {
  Searcher s = searcher(false);
  s.set_spelling({fahras::SpellingMode::kOff});
  std::vector<std::string> notices;
  EXPECT_EQ(ids(s, "ترامب", &notices), (std::vector<std::string>{"trump-long"}));
  EXPECT_TRUE(notices.empty());
  EXPECT_EQ(ids(s, "جوجل"), (std::vector<std::string>{"google-jim"}));
}

TEST_F(VariantSearch, AnOrdinaryWordDoesNotMatchItsNeighbourOneVowelAway) {
  Searcher s = searcher();
  s.set_spelling({fahras::SpellingMode::kOff});
  EXPECT_EQ(ids(s, "الكتاب"), (std::vector<std::string>{"book"}));
}

TEST_F(VariantSearch, SynonymsMatchBelowTheWordTyped) {
  Searcher s = searcher();
  s.set_spelling({fahras::SpellingMode::kOff});
  const std::string file = tmp_.write("syn.txt", "# phones\nجوال، موبايل هاتف\n\n");
  s.load_synonyms(file);
  EXPECT_EQ(ids(s, "جوال"), (std::vector<std::string>{"mobile", "phone"}));
  EXPECT_EQ(ids(s, "الهاتف"), (std::vector<std::string>{"phone", "mobile"}));
}

Synonyms parse(const std::string& text) {
  Analyzer analyzer;
  std::istringstream in(text);
  return Synonyms::parse(in, "syn.txt", analyzer);
}

std::string parse_error(const std::string& text) {
  try {
    parse(text);
  } catch (const SynonymsError& e) {
    return e.what();
  }
  return "";
}

TEST(SynonymsFile, GroupsAreSplitBySpacesAndCommasAndCommentsAreSkipped) {
  const Synonyms s = parse("# a comment\n\nجوال, موبايل،هاتف  # phones\nكورونا كوفيد\r\n");
  EXPECT_EQ(s.size(), 2u);
  Analyzer analyzer;
  const auto others = s.others(std::string(analyzer.stem("جوال")));
  ASSERT_EQ(others.size(), 2u);
  EXPECT_EQ(others[0].word, "موبايل");
  EXPECT_EQ(others[1].word, "هاتف");
}

TEST(SynonymsFile, WordsAreAnalysedSoEveryFormOfAWordMatches) {
  const Synonyms s = parse("الجوال موبايل\n");
  Analyzer analyzer;
  // Normalised and stemmed like the index: جوال and الجوال share a stem.
  EXPECT_EQ(s.others(std::string(analyzer.stem("جوال"))).size(), 1u);
}

TEST(SynonymsFile, BadLinesAreRefusedWithFileAndLine) {
  EXPECT_NE(parse_error("جوال موبايل\nهاتف\n").find("syn.txt:2: a group needs at least two words"), std::string::npos);
  EXPECT_NE(parse_error("جوال في\n").find("syn.txt:1: \"في\" is a stop word"), std::string::npos);
  EXPECT_NE(parse_error("\nجوال موبايل-هاتف\n").find("syn.txt:2: \"موبايل-هاتف\" is not one word"), std::string::npos);
  EXPECT_NE(parse_error("جوال !!!\n").find("syn.txt:1:"), std::string::npos);
}

TEST(SynonymsFile, AMissingFileIsNamed) {
  Analyzer analyzer;
  try {
    Synonyms::load("/nonexistent/syn.txt", analyzer);
    FAIL() << "no error";
  } catch (const SynonymsError& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/syn.txt"), std::string::npos);
  }
}

}  // namespace
