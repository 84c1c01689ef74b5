// The stop-word list: function words in, content words out, and every
// spelling that normalises to a listed word recognised.
#include "fahras/stopwords.h"

#include <gtest/gtest.h>

#include "fahras/normalizer.h"

namespace {

bool stop(std::string_view raw) { return fahras::is_stopword(fahras::normalize(raw)); }

TEST(Stopwords, RecognisesPrepositions) {
  for (const char* w : {"في", "من", "إلى", "على", "عن", "مع", "حتى", "منذ", "بين", "خلال", "نحو"})
    EXPECT_TRUE(stop(w)) << w;
}

TEST(Stopwords, RecognisesPronounsAndDemonstratives) {
  for (const char* w : {"هو", "هي", "هم", "نحن", "أنا", "أنت", "هذا", "هذه", "ذلك", "تلك", "هؤلاء", "أولئك"})
    EXPECT_TRUE(stop(w)) << w;
}

TEST(Stopwords, RecognisesUthmaniSpellingsOfDemonstratives) {
  // Their dagger alef normalises to ا (issue 21), so هَٰذَا is هاذا.
  for (const char* w : {"هَٰذَا", "هَٰذِهِۦ", "ذَٰلِكَ", "وَذَٰلِكَ", "أُوْلَٰٓئِكَ", "هَٰٓؤُلَآءِ", "لَٰكِنَّ", "يَٰٓأَيُّهَا", "عَلَىٰ", "حَتَّىٰ"})
    EXPECT_TRUE(stop(w)) << w;
}

TEST(Stopwords, RecognisesRelativePronouns) {
  for (const char* w : {"الذي", "التي", "الذين", "اللذين", "اللتين", "اللواتي"}) EXPECT_TRUE(stop(w)) << w;
}

TEST(Stopwords, RecognisesQuestionWords) {
  for (const char* w : {"من", "ما", "ماذا", "متى", "أين", "كيف", "لماذا", "هل", "كم", "أي"}) EXPECT_TRUE(stop(w)) << w;
}

TEST(Stopwords, RecognisesParticlesAuxiliariesAndVerbsOfSaying) {
  for (const char* w : {"إن", "أن", "لكن", "لم", "لن", "لا", "قد", "كان", "كانت", "ليس", "قال", "قالت", "أضاف"})
    EXPECT_TRUE(stop(w)) << w;
}

TEST(Stopwords, RecognisesParticlesWithPronouns) {
  for (const char* w : {"عليه", "إليها", "منهم", "فيه", "لديه", "بينهم", "أنه", "إنها"}) EXPECT_TRUE(stop(w)) << w;
}

TEST(Stopwords, RecognisesDiacritisedAndHamzaVariants) {
  for (const char* w : {"أَيْنَ", "إِلَى", "عَلَى", "الَّذِي", "هٰذا", "هَذِهِ", "أيـــن", "اين", "إلي", "الى"})
    EXPECT_TRUE(stop(w)) << w;
}

TEST(Stopwords, RecognisesAConjunctionGluedToAStopWord) {
  for (const char* w : {"وفي", "ومن", "فهو", "وهي", "ولكن", "وقال", "فإن"}) EXPECT_TRUE(stop(w)) << w;
}

TEST(Stopwords, ConjunctionFalseFriendsAreContentWords) {
  // و + لي would be "and to me", but ولي is "guardian" (ولي العهد).
  for (const char* w : {"ولي", "فقد", "وهم", "فلم"}) EXPECT_FALSE(stop(w)) << w;
}

TEST(Stopwords, ContentWordsAreNotStopWords) {
  for (const char* w : {"كتاب", "مدرسة", "الحكومة", "قانون", "يوم", "عام", "رئيس", "وزير", "فلسطين", "اقتصاد", "أكد",
                        "سنة", "الله", "ولد", "وصل", "نفس"})
    EXPECT_FALSE(stop(w)) << w;
}

TEST(Stopwords, EmptyAndNonArabicAreNotStopWords) {
  EXPECT_FALSE(fahras::is_stopword(""));
  EXPECT_FALSE(fahras::is_stopword("the"));
  EXPECT_FALSE(
      fahras::is_stopword("و"
                          "x"));
}

}  // namespace
