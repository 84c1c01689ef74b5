// Names at search time (names.h, RankingOptions::names): a word whose stem
// lost its first letters and that the database's statistics show to be a
// name is searched by its written forms, not by the damaged stem.
#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "fahras/names.h"
#include "fahras/query_builder.h"
#include "fahras/searcher.h"
#include "test_support.h"

namespace {

using fahras::RankingOptions;
using fahras::Searcher;
using fahras::SearchRequest;
using fahras::test::build_db;
using fahras::test::TempDir;
using fahras::test::TestDoc;
namespace names = fahras::names;

// Passage counts of written forms, standing for a database's.
struct Counts {
  std::map<std::string, std::uint64_t> n;
  std::uint64_t operator()(std::string_view w) const {
    const auto it = n.find(std::string(w));
    return it == n.end() ? 0 : it->second;
  }
};

// A stemmer that cuts a first ب off, as the light stemmer does to بوتين.
const auto cut_ba = [](std::string_view w) {
  const std::string s(w);
  return s.rfind("ب", 0) == 0 ? s.substr(2) : s;
};

TEST(NameRules, TheRestIsWhatAStemCutFromTheWordsStart) {
  EXPECT_EQ(names::damaged_rest("بوتين", "وتين"), "وتين");
  EXPECT_EQ(names::damaged_rest("وبوتين", "وتين"), "وتين");
  EXPECT_EQ(names::damaged_rest("بمجلس", "مجلس"), "مجلس");
  // The stem kept the word's start (after ال for a word in ال): nothing cut.
  EXPECT_EQ(names::damaged_rest("بلير", "بلير"), "");
  EXPECT_EQ(names::damaged_rest("الكتاب", "كتاب"), "");
  EXPECT_EQ(names::damaged_rest("كامرون", "كامر"), "");
  // A name that begins like the article after a clitic: the rest keeps ال.
  EXPECT_EQ(names::damaged_rest("فالنسيا", "نسي"), "النسيا");
  EXPECT_EQ(names::damaged_rest("باليرمو", "يرمو"), "اليرمو");
  EXPECT_EQ(names::damaged_rest("فالحكومه", "حكوم"), "الحكومه");
  // Not a proclitic: the imperfect's ت (حتل is never written alone, so
  // its rarity says nothing); nor a restored hollow verb.
  EXPECT_EQ(names::damaged_rest("تحتل", "حتل"), "");
  EXPECT_EQ(names::damaged_rest("قال", "قول"), "");
  // A broken plural's أ is no clitic either.
  EXPECT_EQ(names::damaged_rest("احكام", "حكم"), "");
  EXPECT_EQ(names::damaged_rest("putin", "utin"), "");
}

TEST(NameRules, AWholeFormIsANameWhenFrequentAndItsRestRare) {
  EXPECT_TRUE(names::whole_form_is_name(288, 1));      // بوتين / وتين
  EXPECT_FALSE(names::whole_form_is_name(193, 8119));  // بمجلس / مجلس
  EXPECT_FALSE(names::whole_form_is_name(4494, 843));  // بسبب / سبب: rarer rest, still a clitic form
  EXPECT_FALSE(names::whole_form_is_name(4, 0));       // too rare to say
  EXPECT_TRUE(names::whole_form_is_name(names::Thresholds{}.min_passages, 0));
  EXPECT_TRUE(names::whole_form_is_name(20, 1, {5, 0.1}));
}

// ف and ك come before a word ten times less often than و ب ل, so their forms
// are names at a ten times larger rest share (Thresholds::rare_clitic_factor).
TEST(NameRules, AFormInFaOrKafIsANameAtATenTimesLargerRestShare) {
  EXPECT_DOUBLE_EQ(names::max_rest_share("ك"), 0.5);
  EXPECT_DOUBLE_EQ(names::max_rest_share("ف"), 0.5);
  EXPECT_DOUBLE_EQ(names::max_rest_share("ب"), 0.05);
  EXPECT_DOUBLE_EQ(names::max_rest_share("فب"), 0.05);              // ب follows ف: the ب's rate
  EXPECT_DOUBLE_EQ(names::max_rest_share("ك", {5, 0.2, 10}), 1.0);  // capped: the rest rarer than the form
  EXPECT_TRUE(names::whole_form_is_name(39, 4, {}, "ك"));           // كيم / يم
  EXPECT_FALSE(names::whole_form_is_name(39, 4, {}, "ب"));          // the same counts after ب
  EXPECT_FALSE(names::whole_form_is_name(23, 40, {}, "ك"));         // كروس / روس: the rest more frequent
  EXPECT_FALSE(names::whole_form_is_name(56, 9 * 4, {}, "ف"));      // a clitic form of a rare word stays one

  const auto cut_kaf = [](std::string_view w) {
    const std::string s(w);
    return s.rfind("ك", 0) == 0 ? s.substr(2) : s;
  };
  const Counts c{{{"كيم", 39}, {"يم", 4}, {"لكيم", 1}}};
  const auto name = names::find("لكيم", cut_kaf, c);
  ASSERT_TRUE(name.has_value());
  EXPECT_EQ(name->name, "كيم");
}

TEST(NameRules, ACliticFormOfANameIsFoundAsTheNameButNotAMoreFrequentWord) {
  const Counts c{{{"بوتين", 288}, {"وتين", 1}, {"لبوتين", 6}, {"بنان", 40}, {"لبنان", 900}, {"نان", 1}}};
  const auto name = names::find("لبوتين", cut_ba, c);
  ASSERT_TRUE(name.has_value());
  EXPECT_EQ(name->name, "بوتين");
  EXPECT_EQ(name->rest, "وتين");
  EXPECT_EQ(name->passages, 288u);
  // لبنان is ten times as frequent as بنان: a word of its own.
  EXPECT_FALSE(names::find("لبنان", cut_ba, c).has_value());
  EXPECT_EQ(names::forms(names::Name{"بنان", 40, "نان", 1}, c), (std::vector<std::string>{"بنان"}));
  EXPECT_EQ(names::forms(*name, c), (std::vector<std::string>{"بوتين", "لبوتين"}));
}

TEST(NameRules, ANameThatBeginsLikeTheArticleAfterACliticIsFoundByItsCounts) {
  // The light stemmer reads فالنسيا as ف + ال + نسيا, فالحكومه as ف + ال + حكومه.
  const auto cut_fal = [](std::string_view w) {
    const std::string s(w);
    return s.rfind("فال", 0) == 0 ? s.substr(6, s.size() - 8) : s;
  };
  const Counts c{{{"فالنسيا", 58}, {"النسيا", 0}, {"فالحكومه", 40}, {"الحكومه", 9000}}};
  const auto name = names::find("فالنسيا", cut_fal, c);
  ASSERT_TRUE(name.has_value());
  EXPECT_EQ(name->name, "فالنسيا");
  EXPECT_EQ(name->rest, "النسيا");
  // A real clitic + article form: its rest is far more frequent.
  EXPECT_FALSE(names::find("فالحكومه", cut_fal, c).has_value());
}

// Real sentences (written for this test): بوتين in 24 passages, its clitic
// forms in five, وتين (an artery) in one; مجلس in twelve, بمجلس in six.
std::vector<TestDoc> news() {
  const std::vector<std::string> putin = {
      "استقبل الرئيس الروسي فلاديمير بوتين نظيره في الكرملين",
      "قال بوتين إن بلاده ستواصل دعم الحل السياسي",
      "أجرى بوتين اتصالا هاتفيا مع المستشارة الألمانية",
      "وقع بوتين مرسوما بشأن الميزانية الجديدة",
      "التقى بوتين وزير الخارجية في موسكو",
      "أكد بوتين أهمية التعاون الاقتصادي بين البلدين",
  };
  const std::vector<std::string> place = {"اليوم", "أمس", "في العاصمة", "خلال زيارة رسمية"};
  std::vector<TestDoc> docs;
  int i = 0;
  for (const std::string& p : place)
    for (const std::string& s : putin) docs.push_back({"putin-" + std::to_string(i++), "", {s + " " + p + "."}});
  docs.push_back({"li-putin-1", "", {"وجه الرئيس الأمريكي رسالة لبوتين بشأن الأزمة."}});
  docs.push_back({"li-putin-2", "", {"قدم الوفد هدية لبوتين في ختام الزيارة."}});
  docs.push_back({"bi-putin", "", {"أشاد الوزير ببوتين وبسياسته الخارجية."}});
  docs.push_back({"wa-putin", "", {"اجتمع أوباما وبوتين على هامش القمة."}});
  docs.push_back({"wabi-putin", "", {"رحب الزعماء بالاتفاق وببوتين راعيا له."}});
  docs.push_back({"artery", "", {"قطع السهم وتين الفارس فسقط عن جواده."}});
  for (int k = 0; k < 12; ++k)
    docs.push_back({"council-" + std::to_string(k),
                    "",
                    {"اجتمع مجلس الوزراء برئاسة الملك في جلسته رقم " + std::to_string(k + 1) + "."}});
  for (int k = 0; k < 6; ++k)
    docs.push_back({"bi-council-" + std::to_string(k),
                    "",
                    {"أشاد العضو بمجلس الشورى في كلمته رقم " + std::to_string(k + 1) + "."}});
  return docs;
}

class NameSearch : public ::testing::Test {
 protected:
  void SetUp() override { build_db(db_, news()); }

  std::vector<std::string> ids(const std::string& query, bool names = true, fahras::SearchResults* out = nullptr) {
    RankingOptions ranking;
    ranking.names = names;
    Searcher s(db_, ranking);
    s.set_spelling({fahras::SpellingMode::kOff});
    SearchRequest req;
    req.query = query;
    req.limit = 100;
    auto r = s.search(req);
    std::vector<std::string> got;
    for (const auto& h : r.hits) got.push_back(h.passage.doc_id);
    if (out) *out = std::move(r);
    return got;
  }

  static bool has(const std::vector<std::string>& v, const std::string& id) {
    return std::find(v.begin(), v.end(), id) != v.end();
  }

  TempDir tmp_{"names"};
  std::string db_ = tmp_.path("db");
};

TEST_F(NameSearch, ANameFindsItsCliticFormsAndNotTheWordItsStemReads) {
  // The light stemmer reads بوتين as ب + وتين (an artery), and لبوتين
  // gets a stem of its own: without names, بوتين finds the artery and
  // misses لبوتين.
  const auto got = ids("بوتين");
  EXPECT_EQ(got.size(), 24u + 5u);
  for (const std::string id : {"li-putin-1", "li-putin-2", "bi-putin", "wa-putin", "wabi-putin", "putin-0"})
    EXPECT_TRUE(has(got, id)) << id;
  EXPECT_FALSE(has(got, "artery"));
  // The form typed ranks first.
  EXPECT_EQ(got.front().rfind("putin-", 0), 0u) << got.front();
}

TEST_F(NameSearch, ACliticFormOfANameIsSearchedAsTheName) {
  const auto got = ids("لبوتين");
  EXPECT_TRUE(has(got, "putin-3"));
  EXPECT_TRUE(has(got, "bi-putin"));
  EXPECT_FALSE(has(got, "artery"));
  // The spelling typed first.
  ASSERT_GE(got.size(), 2u);
  EXPECT_EQ(got[0].rfind("li-putin-", 0), 0u) << got[0];
  EXPECT_EQ(got[1].rfind("li-putin-", 0), 0u) << got[1];
}

TEST_F(NameSearch, AnOrdinaryCliticFormStillMatchesByItsStem) {
  // بمجلس is rarer than مجلس as written: a clitic form, stemmed as before.
  const auto got = ids("بمجلس");
  EXPECT_EQ(got.size(), 18u);
  EXPECT_TRUE(has(got, "council-0"));
}

TEST_F(NameSearch, TheAnswerSaysTheWordWasSearchedAsAName) {
  fahras::SearchResults r;
  ids("بوتين", true, &r);
  EXPECT_NE(r.understood.find("لبوتين"), std::string::npos) << r.understood;
  EXPECT_EQ(r.understood.rfind("بوتين SYNONYM", 0), 0u) << r.understood;
  bool told = false;
  for (const auto& n : r.notices) told = told || n.find("searched as a name") != std::string::npos;
  EXPECT_TRUE(told);
}

TEST_F(NameSearch, InsideAPhraseTheStemIsKeptForItsPositions) {
  EXPECT_TRUE(has(ids("\"فلاديمير بوتين\""), "putin-0"));
  // Boolean operators still see the name's forms.
  const auto got = ids("بوتين AND الزيارة");
  EXPECT_TRUE(has(got, "li-putin-2"));
}

TEST_F(NameSearch, ShardsAnswerAsOneDatabase) {
  // The counts come through the Database searched: Xapian sums them over
  // the shards of a stub (remote shards too: tests/shards).
  const std::vector<TestDoc> docs = news();
  std::vector<TestDoc> even, odd;
  for (std::size_t i = 0; i < docs.size(); ++i) (i % 2 ? odd : even).push_back(docs[i]);
  const std::string sharded = tmp_.path("sharded");
  std::filesystem::create_directories(sharded);
  build_db(sharded + "/shard-0", even);
  build_db(sharded + "/shard-1", odd);
  tmp_.write("sharded/XAPIANDB", "auto shard-0\nauto shard-1\n");
  const auto one = ids("بوتين");
  const std::string kept = db_;
  db_ = sharded;
  auto both = ids("بوتين");
  db_ = kept;
  EXPECT_FALSE(has(both, "artery"));
  EXPECT_TRUE(has(both, "li-putin-1"));
  EXPECT_EQ(std::set<std::string>(both.begin(), both.end()), std::set<std::string>(one.begin(), one.end()));
}

TEST_F(NameSearch, AnalyzeWithADatabasePrintsWhatTheSearchSearches) {
  if (!fahras::test::have_binary("fahras-analyze")) GTEST_SKIP() << "fahras-analyze is not built";
  const std::string words = "بوتين\nلبوتين\nبمجلس\n";
  const auto with_db = fahras::test::run_command(
      fahras::test::bin("fahras-analyze") + " --stem-words --db " + fahras::test::shell_quote(db_), words);
  ASSERT_EQ(with_db.status, 0) << with_db.err;
  EXPECT_EQ(with_db.out, "بوتين\nبوتين\nمجلس\n");
  // Without the database: the stems, بوتين read as ب + وتين.
  const auto plain = fahras::test::run_command(fahras::test::bin("fahras-analyze") + " --stem-words", words);
  EXPECT_EQ(plain.out, "وتين\nلبو\nمجلس\n");
  const auto missing = fahras::test::run_command(
      fahras::test::bin("fahras-analyze") + " --stem-words --db " + fahras::test::shell_quote(tmp_.path("none")),
      words);
  EXPECT_NE(missing.status, 0);
  EXPECT_NE(missing.err.find("cannot open database"), std::string::npos) << missing.err;
}

TEST_F(NameSearch, OffSearchesTheStemAsBefore) {
  const auto got = ids("بوتين", false);
  EXPECT_TRUE(has(got, "artery"));
  EXPECT_FALSE(has(got, "li-putin-1"));
}

}  // namespace
