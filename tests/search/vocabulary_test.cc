// The vocabulary in memory (vocabulary.h): every Arabic word a database holds
// as written, with the passage frequency Database::get_termfreq gives, read
// in one walk; words outside its range are left to the database.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "fahras/schema.h"
#include "fahras/vocabulary.h"
#include "test_support.h"

using fahras::Vocabulary;
using fahras::test::build_db;
using fahras::test::TempDir;
using fahras::test::TestDoc;

namespace {

std::vector<TestDoc> news() {
  return {
      {"n1", "أسعار النفط", {"ارتفعت أسعار النفط في الأسواق العالمية بعد قرار أوبك خفض الإنتاج 2 مليون برميل"}},
      {"n2", "", {"قال وزير الطاقة إن السوق متوازنة وإن الأسعار ستستقر", "OPEC+ met in Vienna on 5 June"}},
      {"n3", "الذهب", {"سجل الذهب أعلى سعر له منذ سنوات، وقد تراجع النفط قليلا"}},
      {"n4", "", {"ڤيينا گاز پاريس: أسماء كتبت بحروف فارسية"}},
  };
}

class VocabularyTest : public ::testing::Test {
 protected:
  void SetUp() override { build_db(path, news()); }
  TempDir tmp{"vocabulary"};
  std::string path = tmp.path("db");
};

TEST_F(VocabularyTest, GivesEachArabicWordThePassageFrequencyTheDatabaseGives) {
  const Xapian::Database db(path);
  const auto v = Vocabulary::read(db);
  ASSERT_NE(v, nullptr);
  std::size_t arabic = 0;
  for (auto t = db.allterms_begin(); t != db.allterms_end(); ++t) {
    const std::string term = *t;
    if (!Vocabulary::covers(term)) {
      EXPECT_FALSE(v->frequency(term).has_value()) << term;
      continue;
    }
    ++arabic;
    ASSERT_TRUE(v->frequency(term).has_value()) << term;
    EXPECT_EQ(*v->frequency(term), db.get_termfreq(term)) << term;
  }
  EXPECT_EQ(v->size(), arabic);
  EXPECT_GT(arabic, 30u);
  EXPECT_EQ(v->frequency("النفط"), Xapian::doccount{2});  // n1 and n3, whatever the passage count
  EXPECT_EQ(v->frequency("ڤيينا"), Xapian::doccount{1});  // Persian letters lie in the block too
}

TEST_F(VocabularyTest, AnAbsentArabicWordHasFrequencyZero) {
  const auto v = Vocabulary::read(Xapian::Database(path));
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->frequency("الزكاء"), Xapian::doccount{0});
  EXPECT_EQ(v->frequency("النف"), Xapian::doccount{0});    // a prefix of a word held
  EXPECT_EQ(v->frequency("النفطي"), Xapian::doccount{0});  // a word held, longer
}

TEST_F(VocabularyTest, LeavesWordsOutsideItsRangeToTheDatabase) {
  const auto v = Vocabulary::read(Xapian::Database(path));
  ASSERT_NE(v, nullptr);
  EXPECT_FALSE(v->frequency("opec").has_value());
  EXPECT_FALSE(v->frequency("2").has_value());
  EXPECT_FALSE(v->frequency("").has_value());
  // A stem term starts with its prefix, never an Arabic letter.
  EXPECT_FALSE(v->frequency(std::string(fahras::schema::kStemPrefix) + "نفط").has_value());
}

TEST_F(VocabularyTest, IsNotReadAboveItsWordLimit) {
  const Xapian::Database db(path);
  const std::size_t n = Vocabulary::read(db)->size();
  EXPECT_EQ(Vocabulary::read(db, n - 1), nullptr);
  ASSERT_NE(Vocabulary::read(db, n), nullptr);
  EXPECT_EQ(Vocabulary::read(db, n)->size(), n);
}

// A sharded database: Xapian merges the shards' terms and sums their
// frequencies, and so does the vocabulary.
TEST_F(VocabularyTest, SumsTheShardsOfAShardedDatabase) {
  const std::string second = tmp.path("db2");
  build_db(second, {{"m1", "", {"النفط والذهب في أسبوع واحد"}}, {"m2", "", {"سوق جديدة"}}});
  Xapian::Database both(path);
  both.add_database(Xapian::Database(second));
  const auto v = Vocabulary::read(both);
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->frequency("النفط"), Xapian::doccount{3});
  EXPECT_EQ(v->frequency("سوق"), both.get_termfreq("سوق"));
  for (auto t = both.allterms_begin(); t != both.allterms_end(); ++t) {
    if (!Vocabulary::covers(*t)) continue;
    EXPECT_EQ(v->frequency(*t), both.get_termfreq(*t)) << *t;
  }
}

}  // namespace
