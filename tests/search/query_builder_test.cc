// Query preparation, parsing, limits and ranking extras, over small databases
// built in-process (test_support.h) so these tests do not need fahras-index.
#include <algorithm>
#include <iterator>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "fahras/normalizer.h"
#include "fahras/query_builder.h"
#include "fahras/schema.h"
#include "fahras/searcher.h"
#include "fahras/stopwords.h"
#include "test_support.h"

using fahras::QueryBuilder;
using fahras::QueryError;
using fahras::RankingOptions;
using fahras::Searcher;
using fahras::SearchRequest;
using fahras::test::build_db;
using fahras::test::TempDir;
using fahras::test::TestDoc;

namespace {

RankingOptions no_extras() {
  RankingOptions r;
  r.exact_weight = 0;
  r.title_weight = 0;
  r.proximity_weight = 0;
  r.rerank_depth = 0;
  return r;
}

// Only the second stage (rerank.h), with the given factors.
RankingOptions rerank_only(double pair_weight, double title_cover_weight) {
  RankingOptions r = no_extras();
  r.rerank_depth = 30;
  r.pair_weight = pair_weight;
  r.title_cover_weight = title_cover_weight;
  return r;
}

std::vector<std::string> ranked_ids(Searcher& s, const std::string& query, bool all = false) {
  SearchRequest req;
  req.query = query;
  req.all_passages = all;
  req.limit = 100;
  std::vector<std::string> ids;
  for (const auto& h : s.search(req).hits) ids.push_back(h.passage.doc_id);
  return ids;
}

std::string error_of(Searcher& s, const std::string& query) {
  SearchRequest req;
  req.query = query;
  try {
    s.search(req);
  } catch (const QueryError& e) {
    return e.what();
  }
  return "";
}

// Filler that is neither a query word nor a stop word.
std::string filler(int n) {
  static const char* words[] = {"جبل", "نهر", "بحر", "سهل", "واد", "غيم"};
  std::string s;
  for (int i = 0; i < n; ++i) s += std::string(words[i % 6]) + " ";
  return s;
}

class QueryBuilderTest : public ::testing::Test {
 protected:
  TempDir tmp{"qb"};
  std::string db = tmp.path("db");
};

}  // namespace

TEST(PrepareQuery, MapsGuillemetsAndCurlyQuotesToAsciiQuotes) {
  EXPECT_EQ(fahras::prepare_query("«وزير الخارجية»"), "\"وزير الخارجيه\"");
  EXPECT_EQ(fahras::prepare_query("“وزير”"), "\"وزير\"");
}

TEST(PrepareQuery, KeepsOperatorsAndNormalisesWords) {
  EXPECT_EQ(fahras::prepare_query("الصِّين AND أوكرانيا"), "الصين AND اوكرانيا");
  EXPECT_EQ(fahras::prepare_query("Peace NEAR/3 title:Kyiv*"), "peace NEAR/3 title:kyiv*");
  // Lower-case "and" is a word, not an operator.
  EXPECT_EQ(fahras::prepare_query("Tom AND Jerry and"), "tom AND jerry and");
}

TEST_F(QueryBuilderTest, DiacritisedHamzaAndPlainQueriesBuildTheSameQuery) {
  build_db(db, {{"d1", "", {"مؤتمر السلام في أوكرانيا"}}});
  Xapian::Database xdb(db);
  QueryBuilder qb(xdb, fahras::StemmerKind::kFahras);
  const auto plain = qb.build("مؤتمر اوكرانيا").query.get_description();
  EXPECT_EQ(qb.build("مُؤْتَمَر أُوكرانيا").query.get_description(), plain);
  EXPECT_EQ(qb.build("مؤتمـــر أوكرانيا").query.get_description(), plain);
}

TEST_F(QueryBuilderTest, EmptyAndPunctuationOnlyQueriesAreRefusedNamingTheQuery) {
  build_db(db, {{"d1", "", {"نص"}}});
  Searcher s(db);
  EXPECT_NE(error_of(s, "").find("no words"), std::string::npos);
  const auto e = error_of(s, "؟ ! ،");
  EXPECT_NE(e.find("no words"), std::string::npos) << e;
  EXPECT_NE(e.find("؟ ! ،"), std::string::npos) << e;
}

TEST_F(QueryBuilderTest, OnlyStopWordQueryIsRefused) {
  ASSERT_TRUE(fahras::is_stopword("من") && fahras::is_stopword("هو")) << "the stop-word list should contain من and هو";
  build_db(db, {{"d1", "", {"من هو الرئيس"}}});
  Searcher s(db);
  const auto e = error_of(s, "من هو");
  EXPECT_NE(e.find("only stop words"), std::string::npos) << e;
  // Quoted, the same words are a deliberate phrase.
  EXPECT_EQ(error_of(s, "\"من هو\""), "");
}

TEST_F(QueryBuilderTest, StopWordsAreLeftOutWhenOtherWordsRemain) {
  build_db(db, {{"d1", "", {"من هو الرئيس"}}});
  Xapian::Database xdb(db);
  QueryBuilder qb(xdb, fahras::StemmerKind::kFahras, no_extras());
  auto built = qb.build("من هو الرئيس");
  EXPECT_EQ(built.stopped.size(), 2u);
  EXPECT_EQ(built.query.get_length(), 1u) << built.query.get_description();
}

TEST_F(QueryBuilderTest, SyntaxErrorIsReportedNamingTheQuery) {
  build_db(db, {{"d1", "", {"نص"}}});
  Searcher s(db);
  const auto e = error_of(s, "الصين NOT");
  EXPECT_NE(e.find("cannot parse"), std::string::npos) << e;
  EXPECT_NE(e.find("الصين NOT"), std::string::npos) << e;
}

TEST_F(QueryBuilderTest, HugeQueryIsRefused) {
  build_db(db, {{"d1", "", {"نص"}}});
  Searcher s(db);
  std::string huge;
  while (huge.size() < 100 * 1024) huge += "الصين ";
  EXPECT_NE(error_of(s, huge).find("too long"), std::string::npos);
}

TEST_F(QueryBuilderTest, QueryWithThousandsOfWordsIsRefused) {
  build_db(db, {{"d1", "", {"نص"}}});
  fahras::QueryLimits limits;
  limits.max_bytes = 1 << 20;  // let the word limit be the one that trips
  Searcher s(db, {}, limits);
  std::string many;
  for (int i = 0; i < 3000; ++i) many += "w" + std::to_string(i) + " ";
  EXPECT_NE(error_of(s, many).find("too many words"), std::string::npos);
}

// Issue 16 item 8: "ignored common words: ما هي علي خلال" showed the
// normalised علي for the typed على.
TEST_F(QueryBuilderTest, IgnoredWordsAreShownAsTyped) {
  build_db(db, {{"d1", "", {"لافروف في موسكو"}}});
  Xapian::Database xdb(db);
  QueryBuilder qb(xdb, fahras::StemmerKind::kFahras);
  const auto built = qb.build("ما هي على لافروف");
  EXPECT_NE(std::find(built.stopped.begin(), built.stopped.end(), "على"), built.stopped.end());
  EXPECT_EQ(std::find(built.stopped.begin(), built.stopped.end(), "علي"), built.stopped.end());
  EXPECT_TRUE(built.notices.empty());
}

// Issue 16 item 4: Xapian 1.4's parser rejects a phrase inside NEAR and its
// fallback searched every word alone (11 of 12 results lacked لافروف).
TEST_F(QueryBuilderTest, PhraseInsideNearMatchesOnlyThePhraseNearTheWord) {
  build_db(db, {{"near", "", {"قال وزير الخارجية الروسي لافروف اليوم"}},
                {"no-lavrov", "", {"قال وزير الخارجية اليوم"}},
                {"apart", "", {"وزير " + filler(3) + "الخارجية لافروف"}},
                {"far", "", {"وزير الخارجية " + filler(20) + "لافروف"}}});
  Searcher s(db);
  EXPECT_EQ(ranked_ids(s, "\"وزير الخارجية\" NEAR/10 لافروف"), std::vector<std::string>{"near"});
  EXPECT_EQ(ranked_ids(s, "«وزير الخارجية» NEAR لافروف"), std::vector<std::string>{"near"});
  // ADJ keeps the order: لافروف comes after the phrase.
  EXPECT_EQ(ranked_ids(s, "\"وزير الخارجية\" ADJ/3 لافروف"), std::vector<std::string>{"near"});
  EXPECT_TRUE(ranked_ids(s, "لافروف ADJ/3 \"وزير الخارجية\"").empty());
  SearchRequest req;
  req.query = "\"وزير الخارجية\" NEAR/10 لافروف";
  EXPECT_TRUE(s.search(req).notices.empty());
  // Inside a larger query it cannot be built here: refused, not reread.
  EXPECT_NE(error_of(s, "موسكو OR \"وزير الخارجية\" NEAR لافروف").find("NEAR or ADJ"), std::string::npos);
}

// Issue 16 item 4: `(الصين` and `"الصين` were reparsed as plain words
// silently, although unparsable queries were documented as refused.
TEST_F(QueryBuilderTest, ASyntaxFallbackIsAnnouncedAndAValidQueryIsNot) {
  build_db(db, {{"d1", "", {"الصين وروسيا"}}, {"d2", "", {"روسيا"}}});
  Searcher s(db);
  auto notices = [&](const std::string& q) {
    SearchRequest req;
    req.query = q;
    return s.search(req).notices;
  };
  for (const std::string q : {"(الصين", "\"الصين", "الصين روسيا)", "-الصين"}) {
    const auto n = notices(q);
    ASSERT_EQ(n.size(), 1u) << q;
    EXPECT_NE(n[0].find("plain words"), std::string::npos) << n[0];
  }
  for (const std::string q :
       {"الصين", "\"الصين\"", "(الصين)", "الصين AND روسيا", "\"الصين وروسيا\"", "روس*", "الصين -روسيا"})
    EXPECT_TRUE(notices(q).empty()) << q;
}

// Issue 16, pasted paragraphs: over 64 words was refused.
TEST_F(QueryBuilderTest, APastedParagraphKeepsItsRarestWordsAndNamesTheOthers) {
  std::vector<TestDoc> docs;
  for (int i = 0; i < 40; ++i) docs.push_back({"c" + std::to_string(i), "", {"شائع " + filler(3)}});
  docs.push_back({"rare", "", {"كلمةنادرة " + filler(2)}});
  build_db(db, docs);
  Searcher s(db);
  // 300 distinct made-up words that no passage holds, then the rare one.
  static const char* letters[] = {"ب", "ت", "ث", "ج", "ح", "خ", "د", "ذ", "ر",
                                  "ز", "س", "ش", "ص", "ض", "ط", "ظ", "ع", "غ"};
  std::string paragraph = "شائع ";
  for (int i = 0; i < 300; ++i) paragraph += std::string("ف") + letters[i % 18] + letters[(i / 18) % 18] + "ق ";
  paragraph += "(كلمةنادرة) على";
  SearchRequest req;
  req.query = paragraph;
  const auto res = s.search(req);
  ASSERT_FALSE(res.hits.empty());
  EXPECT_EQ(res.hits.front().passage.doc_id, "rare");
  ASSERT_EQ(res.notices.size(), 1u);
  EXPECT_NE(res.notices[0].find("64 rarest words"), std::string::npos) << res.notices[0];
  EXPECT_NE(res.notices[0].find("left out: ف"), std::string::npos) << res.notices[0];
  EXPECT_EQ(res.notices[0].find("كلمةنادرة"), std::string::npos) << res.notices[0];
  EXPECT_NE(res.notices[0].find("brackets"), std::string::npos) << res.notices[0];
  EXPECT_NE(std::find(res.stopped.begin(), res.stopped.end(), "على"), res.stopped.end());
}

TEST_F(QueryBuilderTest, DeeplyNestedParenthesesAreRefused) {
  build_db(db, {{"d1", "", {"نص"}}});
  Searcher s(db);
  const std::string nested = std::string(1000, '(') + "الصين" + std::string(1000, ')');
  EXPECT_NE(error_of(s, nested).find("nests parentheses"), std::string::npos);
  EXPECT_EQ(error_of(s, "((الصين OR روسيا) AND (سلام))"), "");
}

TEST_F(QueryBuilderTest, WildcardExpansionIsBoundedToTheMostFrequentTerms) {
  // 300 documents, each with its own word beginning with "كت".
  std::vector<TestDoc> docs;
  for (int i = 0; i < 300; ++i)
    docs.push_back({"d" + std::to_string(i), "", {"كت" + std::string(1 + i % 20, 'x') + std::to_string(i)}});
  build_db(db, docs);
  fahras::QueryLimits limits;
  limits.max_wildcard = 10;
  Searcher s(db, {}, limits);
  SearchRequest req;
  req.query = "كت*";
  req.limit = 1000;
  auto res = s.search(req);
  EXPECT_GT(res.hits.size(), 0u);
  EXPECT_LE(res.hits.size(), 10u);
  // A bare star is not a query.
  EXPECT_NE(error_of(s, "*").find("no words"), std::string::npos);
}

TEST_F(QueryBuilderTest, PhraseQueryMatchesOnlyAdjacentWords) {
  build_db(db, {{"adjacent", "", {"قال وزير الخارجية اليوم"}}, {"apart", "", {"قال وزير الدفاع عن الخارجية"}}});
  Searcher s(db);
  EXPECT_EQ(ranked_ids(s, "\"وزير الخارجية\""), std::vector<std::string>{"adjacent"});
  EXPECT_EQ(ranked_ids(s, "«وزير الخارجية»"), std::vector<std::string>{"adjacent"});
  EXPECT_EQ(ranked_ids(s, "وزير الخارجية").size(), 2u);
}

TEST_F(QueryBuilderTest, BooleanOperatorsAndLoveHateWork) {
  build_db(db, {{"both", "", {"الصين وروسيا"}}, {"china", "", {"الصين"}}, {"russia", "", {"روسيا"}}});
  Searcher s(db);
  EXPECT_EQ(ranked_ids(s, "الصين AND روسيا"), std::vector<std::string>{"both"});
  EXPECT_EQ(ranked_ids(s, "الصين NOT روسيا"), std::vector<std::string>{"china"});
  EXPECT_EQ(ranked_ids(s, "+روسيا -الصين"), std::vector<std::string>{"russia"});
  EXPECT_EQ(ranked_ids(s, "الصين OR روسيا").size(), 3u);
}

TEST_F(QueryBuilderTest, TitleFieldSearchesTheTitleOnly) {
  build_db(db, {{"t", "الصين", {"نص عن السياسة"}}, {"b", "عنوان", {"نص عن الصين"}}});
  Searcher s(db);
  EXPECT_EQ(ranked_ids(s, "title:الصين"), std::vector<std::string>{"t"});
}

TEST_F(QueryBuilderTest, ExactFormRanksAboveStemOnlyMatch) {
  // Same length and counts; only the form of the matched word differs.
  build_db(db, {{"stem-only", "", {filler(10) + "والسلام"}}, {"exact", "", {filler(10) + "السلام"}}});
  RankingOptions with = no_extras();
  with.exact_weight = 1.0;
  Searcher boosted(db, with);
  SearchRequest req;
  req.query = "السلام";
  auto res = boosted.search(req);
  ASSERT_EQ(res.hits.size(), 2u);
  EXPECT_EQ(res.hits[0].passage.doc_id, "exact");
  EXPECT_GT(res.hits[0].score, res.hits[1].score);

  Searcher plain(db, no_extras());
  auto flat = plain.search(req);
  ASSERT_EQ(flat.hits.size(), 2u);
  EXPECT_DOUBLE_EQ(flat.hits[0].score, flat.hits[1].score);
}

TEST_F(QueryBuilderTest, TitleMatchRanksAboveBodyOnlyMatch) {
  build_db(db, {{"body", "عنوان", {filler(10) + "الصين"}}, {"title", "الصين", {filler(10) + "الصين"}}});
  RankingOptions with = no_extras();
  with.title_weight = 1.0;
  Searcher s(db, with);
  EXPECT_EQ(ranked_ids(s, "الصين").front(), "title");
}

TEST_F(QueryBuilderTest, CloseQueryWordsRankAboveDistantOnes) {
  build_db(db, {{"far", "", {"السلام " + filler(30) + "أوكرانيا"}},
                {"near", "", {filler(15) + "السلام أوكرانيا " + filler(15)}}});
  RankingOptions with = no_extras();
  with.proximity_weight = 1.0;
  Searcher s(db, with);
  EXPECT_EQ(ranked_ids(s, "السلام أوكرانيا").front(), "near");
}

TEST_F(QueryBuilderTest, SecondStageRanksAdjacentQueryWordsAboveScatteredOnes) {
  // "far" is shorter, so BM25 alone puts it first; its words are 12 apart.
  build_db(db, {{"far", "", {"السلام " + filler(12) + "أوكرانيا"}},
                {"near", "", {filler(15) + "السلام أوكرانيا " + filler(15)}}});
  Searcher plain(db, no_extras());
  EXPECT_EQ(ranked_ids(plain, "السلام أوكرانيا").front(), "far");
  Searcher reranked(db, rerank_only(1.0, 0));
  EXPECT_EQ(ranked_ids(reranked, "السلام أوكرانيا").front(), "near");
}

TEST_F(QueryBuilderTest, SecondStageRanksATitleMadeOfQueryWordsAboveALongHeadline) {
  // Both titles hold المغرب; "news" also repeats the query words in its body.
  build_db(db, {{"wiki", "المغرب", {"عاصمة المغرب الرباط " + filler(12)}},
                {"news", "قسنطينة تحتفي بالشعر في المغرب " + filler(4), {"عاصمة المغرب عاصمة " + filler(2)}}});
  Searcher plain(db, no_extras());
  EXPECT_EQ(ranked_ids(plain, "عاصمة المغرب").front(), "news");
  Searcher reranked(db, rerank_only(0, 1.0));
  EXPECT_EQ(ranked_ids(reranked, "عاصمة المغرب").front(), "wiki");
}

TEST_F(QueryBuilderTest, SecondStagePagesAreSlicesOfOneOrder) {
  std::vector<TestDoc> docs;
  for (int i = 0; i < 7; ++i)
    docs.push_back(
        {"d" + std::to_string(i), i % 2 ? "السلام" : "", {filler(i) + "السلام " + filler(7 - i) + "أوكرانيا"}});
  build_db(db, docs);
  Searcher s(db, rerank_only(1.0, 1.0));
  const auto all = ranked_ids(s, "السلام أوكرانيا");
  ASSERT_EQ(all.size(), 7u);
  std::vector<std::string> paged;
  for (Xapian::doccount offset = 0; offset < 7; offset += 3) {
    SearchRequest req;
    req.query = "السلام أوكرانيا";
    req.offset = offset;
    req.limit = 3;
    const auto res = s.search(req);
    for (std::size_t k = 0; k < res.hits.size(); ++k) {
      EXPECT_EQ(res.hits[k].rank, offset + k + 1);
      paged.push_back(res.hits[k].passage.doc_id);
    }
  }
  EXPECT_EQ(paged, all);
}

// Issue 16: the second stage's depth followed offset + limit, so each page
// was cut from a different ranking and 18 of a news search's top 100 never
// appeared in pages of 20 while others appeared twice.
TEST_F(QueryBuilderTest, PagesOfTwentyAreTheTopHundredWithoutGapsOrRepeats) {
  std::vector<TestDoc> docs;
  for (int i = 0; i < 130; ++i)
    docs.push_back({"d" + std::to_string(i),
                    i % 3 == 0 ? "السلام في أوكرانيا" : (i % 3 == 1 ? "السلام" : ""),
                    {filler(i % 13) + "السلام " + filler((i * 7) % 11) + "أوكرانيا " + filler(i % 5)}});
  build_db(db, docs);
  Searcher s(db);  // the default ranking, second stage included
  const std::string query = "السلام أوكرانيا";
  const auto top100 = ranked_ids(s, query);
  ASSERT_EQ(top100.size(), 100u);
  std::vector<std::string> paged;
  for (Xapian::doccount offset = 0; offset < 100; offset += 20) {
    SearchRequest req;
    req.query = query;
    req.offset = offset;
    req.limit = 20;
    for (const auto& h : s.search(req).hits) paged.push_back(h.passage.doc_id);
  }
  EXPECT_EQ(paged, top100);
  std::set<std::string> distinct(paged.begin(), paged.end());
  EXPECT_EQ(distinct.size(), 100u);
}

TEST_F(QueryBuilderTest, QueryKeepsItsRankedWordsInOrderWithoutStopWords) {
  build_db(db, {{"a", "", {"السلام في أوكرانيا"}}});
  Xapian::Database xdb(db);
  QueryBuilder qb(xdb, fahras::StemmerKind::kFahras);
  const auto built = qb.build("ما هو السلام في أوكرانيا؟");
  ASSERT_EQ(built.rank_terms.size(), 2u);
  EXPECT_EQ(built.rank_terms[0], "Z" + fahras::normalize("سلام"));
  EXPECT_EQ(built.rank_terms[1], "Z" + fahras::normalize("اوكرانيا"));
}

TEST_F(QueryBuilderTest, RankingExtrasNeverChangeWhichPassagesMatch) {
  build_db(db, {{"a", "الصين", {"السلام في الصين"}}, {"b", "", {"والسلام"}}, {"c", "", {"حرب"}}});
  RankingOptions heavy;
  heavy.exact_weight = heavy.title_weight = heavy.proximity_weight = 5;
  heavy.pair_weight = heavy.title_cover_weight = heavy.coverage_exponent = 5;
  Searcher with(db, heavy), without(db, no_extras());
  auto x = ranked_ids(with, "السلام الصين"), y = ranked_ids(without, "السلام الصين");
  std::sort(x.begin(), x.end());
  std::sort(y.begin(), y.end());
  EXPECT_EQ(x, y);
  EXPECT_EQ(x, (std::vector<std::string>{"a", "b"}));
}

TEST_F(QueryBuilderTest, BestPassagePerDocumentUnlessAllPassagesAreAsked) {
  build_db(db, {{"long", "", {"الصين", "الصين مرة أخرى", "لا شيء"}}, {"short", "", {"الصين"}}});
  Searcher s(db);
  EXPECT_EQ(ranked_ids(s, "الصين").size(), 2u);
  EXPECT_EQ(ranked_ids(s, "الصين", /*all=*/true).size(), 3u);
}

TEST_F(QueryBuilderTest, ContextFetchesNeighbouringPassagesInOrder) {
  build_db(db, {{"doc", "", {"واحد", "اثنان", "الصين", "ثلاثة", "أربعة"}}});
  Searcher s(db);
  SearchRequest req;
  req.query = "الصين";
  req.context = 1;
  auto res = s.search(req);
  ASSERT_EQ(res.hits.size(), 1u);
  const auto& hit = res.hits[0];
  EXPECT_EQ(hit.passage.passage_no, 2u);
  ASSERT_EQ(hit.context_before.size(), 1u);
  ASSERT_EQ(hit.context_after.size(), 1u);
  EXPECT_EQ(hit.context_before[0].text, "اثنان");
  EXPECT_EQ(hit.context_after[0].text, "ثلاثة");
}

TEST_F(QueryBuilderTest, SearchSurvivesAnIndexerCommittingMeanwhile) {
  build_db(db, {{"old", "", {"الصين القديمة"}}});
  Searcher s(db);
  ASSERT_EQ(ranked_ids(s, "الصين"), std::vector<std::string>{"old"});
  {
    // Several commits that rewrite everything, so the reader's revision's
    // blocks are reused and Xapian reports DatabaseModifiedError.
    Xapian::WritableDatabase w(db);
    for (int round = 0; round < 5; ++round) {
      for (Xapian::docid id = 1; id <= w.get_lastdocid(); ++id) {
        try {
          w.delete_document(id);
        } catch (const Xapian::DocNotFoundError&) {
        }
      }
      for (int i = 0; i < 200; ++i) {
        Xapian::Document d;
        d.add_posting("Zصين", 1);
        d.add_term("الصين" + std::to_string(round) + "x" + std::to_string(i));
        d.add_boolean_term("Qnew" + std::to_string(i));
        d.add_value(fahras::schema::kSlotDocId, "new" + std::to_string(i));
        fahras::PassageRecord r;
        r.doc_id = "new" + std::to_string(i);
        r.passage_count = 1;
        r.text = "الصين";
        d.set_data(fahras::encode_passage_record(r));
        w.add_document(d);
      }
      w.commit();
    }
  }
  std::vector<std::string> ids;
  ASSERT_NO_THROW(ids = ranked_ids(s, "الصين"));
  EXPECT_FALSE(ids.empty());
}

TEST_F(QueryBuilderTest, PerWordExactBonusScoresLikeOneBonusOverTheWholeQuery) {
  // Plain-word queries carry each word's exact-form bonus on that word alone
  // (faster); the scores must stay those of one bonus over the whole query.
  build_db(db, {{"a", "الصين", {"السلام في الصين " + filler(4)}},
                {"b", "", {filler(6) + "والسلام"}},
                {"c", "", {"الصيني السلام السلام " + filler(3)}},
                {"d", "السلام", {"بالصين " + filler(8)}},
                {"e", "", {"حرب " + filler(2)}}});
  RankingOptions heavy = no_extras();
  heavy.exact_weight = 0.7;
  heavy.title_weight = 0.4;
  const std::string query = "السلام الصين السلام";
  const std::vector<std::string> words = {"السلام", "الصين", "السلام"};  // already normalised

  Xapian::Database xdb(db);
  QueryBuilder qb(xdb, fahras::StemmerKind::kFahras, heavy);
  const auto built = qb.build(query);
  std::vector<Xapian::Query> exact, title;
  std::size_t i = 0;
  for (auto it = built.matching.get_terms_begin(); it != built.matching.get_terms_end(); ++it, ++i) {
    ASSERT_LT(i, words.size()) << built.matching.get_description();
    ASSERT_EQ((*it)[0], 'Z');
    exact.emplace_back(words[i]);
    title.emplace_back("ZS" + (*it).substr(1));
  }
  ASSERT_EQ(i, words.size());
  const Xapian::Query extras[] = {
      Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(Xapian::Query::OP_OR, exact.begin(), exact.end()),
                    heavy.exact_weight),
      Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(Xapian::Query::OP_OR, title.begin(), title.end()),
                    heavy.title_weight)};
  const Xapian::Query reference(Xapian::Query::OP_AND_MAYBE, built.matching,
                                Xapian::Query(Xapian::Query::OP_OR, std::begin(extras), std::end(extras)));
  Xapian::Enquire enquire(xdb);
  enquire.set_query(reference);
  enquire.set_weighting_scheme(Xapian::BM25Weight(heavy.bm25_k1, 0, 1, heavy.bm25_b, 0.5));
  std::map<std::string, double> expected;
  const Xapian::MSet mset = enquire.get_mset(0, 100);
  for (auto it = mset.begin(); it != mset.end(); ++it)
    expected[it.get_document().get_value(fahras::schema::kSlotDocId)] = it.get_weight();
  ASSERT_EQ(expected.size(), 4u);

  Searcher s(db, heavy);
  SearchRequest req;
  req.query = query;
  req.limit = 100;
  std::map<std::string, double> got;
  for (const auto& h : s.search(req).hits) got[h.passage.doc_id] = h.score;
  ASSERT_EQ(got.size(), expected.size());
  for (const auto& [id, score] : expected) {
    ASSERT_EQ(got.count(id), 1u) << id;
    EXPECT_NEAR(got[id], score, 1e-9 * score) << id;
  }
}

TEST_F(QueryBuilderTest, BatchHitsCarryOnlyTheDocumentIdUnlessContextIsAsked) {
  build_db(db, {{"long", "عنوان", {"الصين", "الصين مرة أخرى", "لا شيء"}}, {"short", "", {"الصين"}}});
  Searcher s(db);
  SearchRequest req;
  req.query = "الصين";
  req.snippets = false;
  for (bool all : {false, true}) {
    req.all_passages = all;
    const auto res = s.search(req);
    std::vector<std::string> ids;
    for (const auto& h : res.hits) {
      ids.push_back(h.passage.doc_id);
      EXPECT_TRUE(h.passage.text.empty() && h.passage.title.empty());
      EXPECT_TRUE(h.highlights.empty());
    }
    std::sort(ids.begin(), ids.end());
    const std::vector<std::string> want =
        all ? std::vector<std::string>{"long", "long", "short"} : std::vector<std::string>{"long", "short"};
    EXPECT_EQ(ids, want);
  }
  req.all_passages = false;
  req.context = 1;
  for (const auto& h : s.search(req).hits) {
    EXPECT_FALSE(h.passage.text.empty()) << h.passage.doc_id;
    if (h.passage.doc_id == "long") {
      EXPECT_EQ(h.passage.title, "عنوان");
    }
  }
}

// rare passages hold "نص الصين", common ones "نص" only, the rest neither.
std::vector<TestDoc> common_and_rare(int rare, int common, int neither) {
  std::vector<TestDoc> docs;
  for (int i = 0; i < rare; ++i) docs.push_back({"rare" + std::to_string(i), "", {"نص الصين " + filler(i % 7)}});
  for (int i = 0; i < common; ++i) docs.push_back({"common" + std::to_string(i), "", {"نص " + filler(i % 7)}});
  for (int i = 0; i < neither; ++i) docs.push_back({"neither" + std::to_string(i), "", {filler(1 + i % 7)}});
  return docs;
}

// Searchers with and without RankingOptions::common_bonus_ratio, judging
// databases of any size.
struct BonusOnAndOff {
  static RankingOptions with(double ratio) {
    RankingOptions r;
    r.common_term_min_passages = 1;
    r.common_bonus_ratio = ratio;
    return r;
  }
  BonusOnAndOff(const std::string& db, double ratio) : on(db, with(ratio)), off(db, with(0)) {}
  Searcher on, off;
};

TEST_F(QueryBuilderTest, CommonWordOnlyAddsToPassagesOfARarerWordWhileTheyFillThePool) {
  // More passages hold الصين (23%) than the first stage's pool (2 per
  // wanted document, 50 wanted for the second stage); نص is in 42%.
  build_db(db, common_and_rare(120, 100, 300));
  BonusOnAndOff s(db, 0.4);
  SearchRequest req;
  req.query = "نص الصين";
  req.limit = 10;
  req.exact_count = false;  // counted exactly, matches are the plain OR's
  const auto a = s.on.search(req), b = s.off.search(req);
  // The same page, scores and all, as the plain OR...
  ASSERT_EQ(a.hits.size(), 10u);
  ASSERT_EQ(a.hits.size(), b.hits.size());
  for (std::size_t i = 0; i < a.hits.size(); ++i) {
    EXPECT_EQ(a.hits[i].passage.doc_id, b.hits[i].passage.doc_id) << i;
    EXPECT_DOUBLE_EQ(a.hits[i].score, b.hits[i].score) << i;
  }
  // ...but the common word's own passages were never candidates.
  EXPECT_LE(a.matches_upper, 120u);
  EXPECT_GE(b.matches_upper, 220u);
  // The word is searched, not left out.
  EXPECT_EQ(std::find(a.stopped.begin(), a.stopped.end(), "نص"), a.stopped.end());
}

TEST_F(QueryBuilderTest, CommonWordStillBringsInItsPassagesWhenRarerOnesDoNotFillThePool) {
  build_db(db, common_and_rare(5, 55, 90));  // الصين in 3%, نص in 40%
  BonusOnAndOff s(db, 0.1);
  const std::vector<std::string> ids = ranked_ids(s.on, "نص الصين");
  EXPECT_EQ(ids.size(), 60u);
  EXPECT_EQ(ids, ranked_ids(s.off, "نص الصين"));
}

TEST_F(QueryBuilderTest, WordInMostPassagesIsLeftOutWhileARarerWordRemains) {
  build_db(db, {{"china", "", {"نص الصين"}},
                {"n1", "", {"نص " + filler(3)}},
                {"n2", "", {"نص " + filler(4)}},
                {"n3", "", {"نص " + filler(5)}},
                {"other", "", {filler(6)}}});
  RankingOptions r;
  r.common_term_ratio = 0.5;
  r.common_term_min_passages = 1;
  Searcher s(db, r);
  EXPECT_EQ(ranked_ids(s, "نص الصين"), std::vector<std::string>{"china"});
  SearchRequest req;
  req.query = "نص الصين";
  const auto res = s.search(req);
  EXPECT_NE(std::find(res.stopped.begin(), res.stopped.end(), "نص"), res.stopped.end());
  // Alone, the common word is still searched.
  EXPECT_EQ(ranked_ids(s, "نص").size(), 4u);

  r.common_term_ratio = 0;  // off
  Searcher keep(db, r);
  EXPECT_EQ(ranked_ids(keep, "نص الصين").size(), 4u);
  r.common_term_ratio = 0.5;
  r.common_term_min_passages = 6;  // the database is too small to judge
  Searcher small(db, r);
  EXPECT_EQ(ranked_ids(small, "نص الصين").size(), 4u);
}
