// The rules of --diacritics enforce (fahras/search_diacritics.h): marks typed
// on a query letter must be on that letter in the text; unmarked letters
// match anything.
#include "fahras/search_diacritics.h"

#include <gtest/gtest.h>

#include <string>

namespace {

using fahras::marks_compatible;
using fahras::parse_vocalised_word;

bool compatible(const std::string& query, const std::string& text) {
  return marks_compatible(parse_vocalised_word(query), parse_vocalised_word(text));
}

TEST(DiacriticsEnforce, PartialVocalisationConstrainsOnlyTheMarkedLetters) {
  EXPECT_TRUE(compatible("عَلم", "عَلَّمَ"));
  EXPECT_TRUE(compatible("عَلم", "عَلِمَ"));
  EXPECT_TRUE(compatible("عَلم", "عَلَمٌ"));
  EXPECT_FALSE(compatible("عَلم", "عِلْمٌ"));
  EXPECT_FALSE(compatible("عَلم", "عُلِمَ"));
}

TEST(DiacriticsEnforce, AMarkTypedMustBePresentNotMerelyNotContradicted) {
  EXPECT_FALSE(compatible("عَلم", "علم"));  // the text carries no marks at all
  EXPECT_TRUE(compatible("علم", "علم"));
}

TEST(DiacriticsEnforce, ShaddaIsAMarkOfItsOwnAndCombinesWithAVowelInAnyOrder) {
  EXPECT_TRUE(compatible("علّم", "عَلَّمَ"));
  EXPECT_FALSE(compatible("علّم", "عَلِمَ"));
  // shadda then fatha in the query, fatha then shadda in the text
  EXPECT_TRUE(compatible("عل\u0651\u064Eم", "عَل\u064E\u0651مَ"));
  EXPECT_FALSE(compatible("عل\u0651\u064Eم", "عَل\u0651\u0650مَ"));  // shadda with kasra
}

TEST(DiacriticsEnforce, SukunMatchesTheUthmaniSmallHighHeadToo) {
  EXPECT_TRUE(compatible("عِلْم", "عِلْمٌ"));
  EXPECT_FALSE(compatible("عِلْم", "عَلَّمَ"));
  EXPECT_TRUE(compatible("عِلْم", "عِل\u06E1مٌ"));  // U+06E1 as in Uthmani text
  EXPECT_FALSE(compatible("عِلْم", "عِلَمٌ"));
}

TEST(DiacriticsEnforce, TanwinKindsAreDistinct) {
  EXPECT_TRUE(compatible("كتابٌ", "كِتَابٌ"));
  EXPECT_FALSE(compatible("كتابٌ", "كِتَابٍ"));
  EXPECT_FALSE(compatible("كتابٌ", "كِتَابُ"));  // damma is not dammatan
  EXPECT_TRUE(compatible("كتابًا", "كِتَابًا"));
  EXPECT_FALSE(compatible("كتابًا", "كِتَابٌ"));  // no final alef, and another tanwin
}

TEST(DiacriticsEnforce, DaggerAlefIsAMarkOnTheLetterItFollows) {
  EXPECT_TRUE(compatible("هٰذا", "هَٰذَا"));
  EXPECT_FALSE(compatible("هٰذا", "هَذَا"));
  // alef wasla folds to alef; the dagger alef sits on the mim
  EXPECT_TRUE(compatible("الرحمٰن", "ٱلرَّحۡمَٰنِ"));
  EXPECT_FALSE(compatible("الرحمٰن", "الرَّحْمَنِ"));
}

TEST(DiacriticsEnforce, LettersMayBeSurroundedByCliticsAndAreComparedNormalised) {
  EXPECT_TRUE(compatible("عَلم", "وَعَلَّمَهُ"));
  EXPECT_TRUE(compatible("أَمر", "ٱلۡأَمۡرُ"));
  EXPECT_FALSE(compatible("عَلم", "عَمَل"));  // same letters, other order
  EXPECT_FALSE(compatible("عَلم", "عَ"));
}

TEST(DiacriticsEnforce, QueryWordsWithoutMarksAndNegatedWordsAreNotEnforced) {
  const auto words = fahras::vocalised_query_words("عَلم الكتاب -عِلْم NOT عُلِمَ title:كِتاب \"هٰذا");
  ASSERT_EQ(words.size(), 3u);
  EXPECT_EQ(words[0].original, "عَلم");
  EXPECT_EQ(words[1].original, "كِتاب");
  EXPECT_EQ(words[2].original, "هٰذا");
  EXPECT_TRUE(fahras::vocalised_query_words("الكتاب المدرسة").empty());
}

TEST(DiacriticsEnforce, EveryVocalisedQueryWordNeedsACompatibleWordInTheText) {
  const auto q = fahras::vocalised_query_words("عِلْم كِتاب");
  EXPECT_TRUE(fahras::text_satisfies_marks(q, "في الكِتَابِ عِلْمٌ كَثِيرٌ."));
  EXPECT_FALSE(fahras::text_satisfies_marks(q, "في الكِتَابِ عَلَمٌ كَبِيرٌ."));
  EXPECT_FALSE(fahras::text_satisfies_marks(q, "عِلْمٌ بلا كتاب"));
  EXPECT_TRUE(fahras::text_satisfies_marks({}, "أي نص"));
}

}  // namespace
