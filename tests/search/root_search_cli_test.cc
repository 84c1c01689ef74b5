// Search by root and by stem class (issue 21): fahras-index --root-terms and
// fahras-search's >>word / root:word and >word / stem:word, on an index the
// real fahras-index writes from short vocalised sentences.
#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <xapian.h>

#include "fahras/root.h"
#include "fahras/schema.h"
#include "test_support.h"

using fahras::test::CommandResult;
using fahras::test::shell_quote;

namespace {

// Six sentences built on the root ع ل م, in the exact form علم, in its
// stem class (العلم) and only in its root class (العلماء, معلوم, التعليم,
// عالم), and one without it.
constexpr const char* kText =
    R"({"id":"exact","title":"أ","text":"قال الشيخ: عَلِمَ الرجلُ ما لم يكن يعلم من قبل."}
{"id":"stem","title":"ب","text":"العِلْمُ نورٌ يهدي القلوب إلى الطريق."}
{"id":"scholars","title":"ج","text":"العُلَمَاءُ ورثةُ الأنبياء في كل زمان."}
{"id":"known","title":"د","text":"جاء القوم إلى السوق في يومٍ مَعْلُومٍ من الشهر."}
{"id":"teaching","title":"هـ","text":"بدأ التَّعْلِيمُ في المدرسة الجديدة صباحًا."}
{"id":"alim","title":"و","text":"سافر عالِمٌ كبيرٌ إلى المدينة البعيدة."}
{"id":"other","title":"ز","text":"قرأ الولد كتابًا جديدًا في البيت مساءً."}
)";

class RootSearchCli : public fahras::test::CliTest {
 protected:
  RootSearchCli() : CliTest("root-search-cli") {}

  void SetUp() override {
    CliTest::SetUp();
    if (IsSkipped()) return;
    corpus_ = tmp_.write("text.jsonl", kText);
    db_ = tmp_.path("db");
    plain_db_ = tmp_.path("plain-db");
    auto r = index(db_, "--root-terms on " + shell_quote(corpus_));
    ASSERT_EQ(r.status, 0) << r.err;
    r = index(plain_db_, shell_quote(corpus_));
    ASSERT_EQ(r.status, 0) << r.err;
  }

  static CommandResult index(const std::string& db, const std::string& args) { return run_index(db, args); }

  static CommandResult search(const std::string& db, const std::string& args) {
    return run_search(db, "--spelling off " + args);
  }

  std::vector<std::string> ids(const std::string& query, const std::string& db = "") {
    return run_ids(db.empty() ? db_ : db, "--spelling off -- " + shell_quote(query));
  }

  std::string corpus_, db_, plain_db_;
};

std::vector<std::string> sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

TEST_F(RootSearchCli, RootOperatorFindsTheWholeRootClass) {
  const auto got = ids(">>علم");
  EXPECT_EQ(sorted(got), (std::vector<std::string>{"alim", "exact", "known", "scholars", "stem", "teaching"}));
  EXPECT_EQ(ids("root:علم"), got);
}

TEST_F(RootSearchCli, ExactFormRanksAboveItsStemClassAboveTheRestOfItsRoot) {
  const auto got = ids(">>علم");
  ASSERT_EQ(got.size(), 6u);
  EXPECT_EQ(got[0], "exact");
  EXPECT_EQ(got[1], "stem");
}

TEST_F(RootSearchCli, PlainWordsAndTheStemOperatorStayInTheStemClass) {
  EXPECT_EQ(ids("علم"), (std::vector<std::string>{"exact", "stem"}));
  EXPECT_EQ(ids(">علم"), (std::vector<std::string>{"exact", "stem"}));
  EXPECT_EQ(ids("stem:علم"), (std::vector<std::string>{"exact", "stem"}));
}

TEST_F(RootSearchCli, RootMatchesAreHighlightedInTheVocalisedText) {
  auto r = search(db_, "--format jsonl -- " + shell_quote(">>علم"));
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("<mark>مَعْلُومٍ</mark>"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("<mark>العُلَمَاءُ</mark>"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("<mark>التَّعْلِيمُ</mark>"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("<mark>عالِمٌ</mark>"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("<mark>المدرسة"), std::string::npos) << r.out;
}

TEST_F(RootSearchCli, DiacriticsEnforceAppliesToTheRootOperatorsWord) {
  auto r = search(db_, "--diacritics enforce --format trec -- " + shell_quote(">>عَلِمَ"));
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(fahras::test::trec_ids(r.out), (std::vector<std::string>{"exact"}));
}

TEST_F(RootSearchCli, AWordWithoutARootIsSearchedByItsStemWithANotice) {
  auto r = search(db_, "-- " + shell_quote(">>كلينتون البيت"));
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE((r.out + r.err).find("has no root"), std::string::npos) << r.out << r.err;
}

TEST_F(RootSearchCli, ADatabaseWithoutRootTermsRefusesTheRootOperator) {
  auto r = search(plain_db_, "-- " + shell_quote(">>علم"));
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.err.find("--root-terms on"), std::string::npos) << r.err;
  EXPECT_EQ(ids(">علم", plain_db_), (std::vector<std::string>{"exact", "stem"}));
}

TEST_F(RootSearchCli, TheIndexKeepsADatabasesRootSetting) {
  const std::string more = tmp_.write("more.jsonl", R"({"id":"more","title":"ح","text":"المَعْلُومَاتُ كثيرةٌ."})"
                                                    "\n");
  auto r = index(db_, "--root-terms off " + shell_quote(more));
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.err.find("root terms on"), std::string::npos) << r.err;
  r = index(db_, shell_quote(more));  // no flag: the database's setting
  ASSERT_EQ(r.status, 0) << r.err;
  const auto got = ids(">>علم");
  EXPECT_NE(std::find(got.begin(), got.end(), "more"), got.end());
  r = index(db_, "--root-terms maybe " + shell_quote(more));
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.err.find("--root-terms must be on or off"), std::string::npos) << r.err;
}

TEST_F(RootSearchCli, RootTermsFromAnotherRootAnalyserAreRefusedNotMissed) {
  // As an index built before kMetaRootAnalyzer (root analyser 1) reads now.
  {
    Xapian::WritableDatabase db(db_, Xapian::DB_OPEN);
    db.set_metadata(std::string(fahras::schema::kMetaRootAnalyzer), "");
    db.commit();
  }
  ASSERT_NE(fahras::RootAnalyzer::kVersion, 1);
  auto r = search(db_, "-- " + shell_quote(">>علم"));
  EXPECT_EQ(r.status, 1) << r.out;  // a refused query
  EXPECT_NE(r.err.find("root analyser 1"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--root-terms on"), std::string::npos) << r.err;
  // Searches not by root still answer.
  EXPECT_EQ(ids("علم"), (std::vector<std::string>{"exact", "stem"}));
  const std::string more = tmp_.write("more.jsonl", R"({"id":"more","title":"ح","text":"المَعْلُومَاتُ كثيرةٌ."})"
                                                    "\n");
  r = index(db_, shell_quote(more));
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("root analyser 1"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(db_), std::string::npos) << r.err;
  // A database built now records the version it was built with.
  EXPECT_EQ(Xapian::Database(plain_db_).get_metadata(std::string(fahras::schema::kMetaRootAnalyzer)), "");
  const std::string fresh = tmp_.path("fresh-db");
  ASSERT_EQ(index(fresh, "--root-terms on " + shell_quote(more)).status, 0);
  EXPECT_EQ(Xapian::Database(fresh).get_metadata(std::string(fahras::schema::kMetaRootAnalyzer)),
            std::to_string(fahras::RootAnalyzer::kVersion));
}

}  // namespace
