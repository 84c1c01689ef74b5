// The title-stem count slot (schema::kSlotTitleStems) that the second
// ranking stage reads instead of each passage's term list, and the
// first stage's collapsing by hand (searcher.cc). Databases are built
// in-process with the indexer's own PassageDocumentBuilder; an "old"
// database is the same documents without the slot, as written before it.
#include <algorithm>
#include <cmath>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "fahras/analyzer.h"
#include "fahras/error.h"
#include "fahras/index_writer.h"
#include "fahras/passage_record.h"
#include "fahras/rerank.h"
#include "fahras/schema.h"
#include "fahras/searcher.h"
#include "test_support.h"

using fahras::RankingOptions;
using fahras::Searcher;
using fahras::SearchRequest;
using fahras::SourceDocument;
using fahras::StemmerKind;
using fahras::test::repeat;
using fahras::test::TempDir;
namespace schema = fahras::schema;

namespace {

std::vector<SourceDocument> corpus() {
  std::vector<SourceDocument> docs;
  auto add = [&](std::string id, std::string title, std::string text) {
    SourceDocument d;
    d.id = std::move(id);
    d.title = std::move(title);
    d.text = std::move(text);
    docs.push_back(std::move(d));
  };
  add("short-title", "الحرب العالمية الأولى",
      "اندلعت الحرب العالمية الأولى في أوروبا سنة 1914. " + repeat("وشاركت فيها دول كثيرة من القارات كلها. ", 8) +
          "وانتهت الحرب بهدنة سنة 1918 بعد خسائر كبيرة.");
  add("long-headline", "وزير الخارجية يتحدث عن الحرب والسلام والاقتصاد في مؤتمر صحفي بالرياض",
      "قال الوزير إن الحرب العالمية غيرت وجه العالم، وإن السلام يحتاج إلى تعاون الدول.");
  add("one-word-title", "الحرب", "الحرب صراع مسلح بين دولتين أو أكثر، وللحرب العالمية تاريخ طويل.");
  add("no-title", "", "كتب المؤرخون عن الحرب العالمية الثانية كتبا كثيرة.");
  add("other", "الاقتصاد العالمي", "تأثر الاقتصاد العالمي بالحرب وارتفعت الأسعار في الأسواق.");
  // Many passages about the query words: fills the first stage on its own.
  add("dominant", "أرشيف الحرب", repeat("الحرب الحرب العالمية الحرب في كل مكان والحرب مستمرة. ", 120));
  return docs;
}

// Builds `path` with the indexer's document builder; `with_slot` false drops
// kSlotTitleStems from every passage, as a database written before it;
// `title_in_body`: schema 3's layout (fahras-index --title-in-body on), else
// schema 2's.
void build(const std::string& path, bool with_slot, bool title_in_body = true) {
  fahras::SplitterOptions split;
  split.target_bytes = 300;
  fahras::PassageDocumentBuilder builder(StemmerKind::kFahras, nullptr, split, true, false, title_in_body);
  Xapian::WritableDatabase db(path, Xapian::DB_CREATE_OR_OVERWRITE);
  std::vector<Xapian::Document> passages;
  for (const auto& doc : corpus()) {
    builder.build(doc, passages);
    for (auto& p : passages) {
      if (!with_slot) p.remove_value(schema::kSlotTitleStems);
      db.add_document(p);
    }
  }
  db.set_metadata(std::string(schema::kMetaAnalyzer), builder.analyzer_config());
  db.set_metadata(std::string(schema::kMetaStemmer), "fahras");
  db.set_metadata(std::string(schema::kMetaSchema),
                  std::to_string(title_in_body ? schema::kSchemaVersion : schema::kSchemaVersionTitleTerms));
  if (title_in_body) db.set_metadata(std::string(schema::kMetaTitleWdf), std::to_string(schema::kTitleWdf));
  db.commit();
}

std::size_t title_terms_in_termlist(const Xapian::Database& db, Xapian::docid did) {
  const std::string prefix(schema::kTitleStemPrefix);
  std::size_t n = 0;
  for (auto it = db.termlist_begin(did); it != db.termlist_end(did); ++it)
    if ((*it).compare(0, prefix.size(), prefix) == 0) ++n;
  return n;
}

struct Hit {
  std::string doc_id;
  double score;
};

std::vector<Hit> search(Searcher& s, const std::string& query, Xapian::doccount limit, Xapian::doccount offset = 0,
                        bool all = false) {
  SearchRequest req;
  req.query = query;
  req.limit = limit;
  req.offset = offset;
  req.all_passages = all;
  req.snippets = false;
  std::vector<Hit> out;
  for (const auto& h : s.search(req).hits) out.push_back({h.passage.doc_id, h.score});
  return out;
}

const char* const kQueries[] = {"الحرب", "الحرب العالمية", "العالمية الأولى", "الاقتصاد الحرب",
                                "السلام والحرب العالمية"};

}  // namespace

// Every passage stores its title's distinct stem count, and the title stem
// list it is counted from; the title's own ZS terms are on the first passage
// only (schema 3), where they agree with both.
TEST(TitleStemSlot, EveryNewPassageStoresItsTitlesDistinctStemCount) {
  TempDir dir("title-slot");
  build(dir.path("new.db"), true);
  Xapian::Database db(dir.path("new.db"));
  EXPECT_EQ(db.get_value_freq(schema::kSlotTitleStems), db.get_doccount());
  for (Xapian::docid did = 1; did <= db.get_lastdocid(); ++did) {
    const Xapian::Document doc = db.get_document(did);
    const std::string value = doc.get_value(schema::kSlotTitleStems);
    ASSERT_FALSE(value.empty()) << "passage " << did;
    std::size_t listed = 0;
    schema::for_each_title_stem(doc.get_value(schema::kSlotTitleStemList),
                                [&](std::string_view, Xapian::termcount) { ++listed; });
    EXPECT_EQ(Xapian::sortable_unserialise(value), static_cast<double>(listed)) << "passage " << did;
    const bool first = Xapian::sortable_unserialise(doc.get_value(schema::kSlotPassageNo)) == 0;
    EXPECT_EQ(title_terms_in_termlist(db, did), first ? listed : 0) << "passage " << did;
  }
}

TEST(TitleStemSlot, CountsTheDistinctStemsOfAKnownTitle) {
  TempDir dir("title-slot");
  build(dir.path("new.db"), true);
  Xapian::Database db(dir.path("new.db"));
  // The expectation comes from the analyzer, not from the index.
  fahras::Analyzer analyzer(StemmerKind::kFahras);
  for (const auto& doc : corpus()) {
    std::set<std::string> stems;
    analyzer.analyze(
        doc.title, [&](const fahras::AnalyzedToken& t) { stems.emplace(t.stem); }, 1);
    const std::string q = fahras::doc_id_term(doc.id);
    ASSERT_NE(db.postlist_begin(q), db.postlist_end(q)) << doc.id;
    for (auto p = db.postlist_begin(q); p != db.postlist_end(q); ++p)
      EXPECT_EQ(Xapian::sortable_unserialise(db.get_document(*p).get_value(schema::kSlotTitleStems)),
                static_cast<double>(stems.size()))
          << doc.id;
  }
}

TEST(TitleStemSlot, DatabasesWithoutItRerankWithTheSameScores) {
  TempDir dir("title-slot");
  build(dir.path("new.db"), true);
  build(dir.path("old.db"), false);
  ASSERT_EQ(Xapian::Database(dir.path("old.db")).get_value_freq(schema::kSlotTitleStems), 0u);
  Searcher with_slot(dir.path("new.db"));
  Searcher without(dir.path("old.db"));
  RankingOptions no_share;
  no_share.title_cover_weight = 0;
  Searcher plain(dir.path("new.db"), no_share);
  bool share_mattered = false;
  for (const char* q : kQueries) {
    const auto a = search(with_slot, q, 10);
    const auto b = search(without, q, 10);
    ASSERT_FALSE(a.empty()) << q;
    ASSERT_EQ(a.size(), b.size()) << q;
    for (std::size_t i = 0; i < a.size(); ++i) {
      EXPECT_EQ(a[i].doc_id, b[i].doc_id) << q << " rank " << i + 1;
      EXPECT_EQ(a[i].score, b[i].score) << q << " rank " << i + 1;
    }
    const auto c = search(plain, q, 10);
    for (std::size_t i = 0; i < std::min(a.size(), c.size()); ++i)
      if (a[i].score != c[i].score) share_mattered = true;
  }
  // Otherwise the comparison above would not exercise the title share.
  EXPECT_TRUE(share_mattered);
}

// A database with the title slot and a searcher that ranks by the first
// stage only, so collapsing is seen without the second stage reordering,
// and with the exact-form bonus in the matcher: the late bonus reorders
// only the passages fetched (LateExactFormBonus below), so a document whose
// best passage is below them can come out of order (the title's words make
// every passage of short-title match "العالمية الأولى", which fills them).
struct CollapseFixture {
  TempDir dir{"collapse"};
  std::unique_ptr<Searcher> searcher;
  CollapseFixture() {
    build(dir.path("new.db"), true);
    RankingOptions first_stage_only;
    first_stage_only.rerank_depth = 0;
    first_stage_only.late_exact = false;
    searcher = std::make_unique<Searcher>(dir.path("new.db"), first_stage_only);
  }
};

// The collapsed ranking must be, page by page, the first passage of each
// document in the uncollapsed ranking: what Xapian's collapse gives. With
// limit 2, the 4 passages fetched are all "dominant"'s, so the search falls
// back on Xapian's collapse; with larger limits it collapses by hand.
// The second stage reads positions only for candidates that can still reach
// the page (rerank.cc): every page is the same slice, with the same scores,
// of the whole reordered depth.
TEST(SecondStage, EveryPageIsASliceOfTheWholeReorderedDepth) {
  TempDir tmp("slot-pages");
  const std::string db = tmp.path("db");
  build(db, true);
  Searcher s(db);
  for (const char* q : kQueries) {
    for (const bool all : {true, false}) {
      const std::vector<Hit> whole = search(s, q, 50, 0, all);
      ASSERT_FALSE(whole.empty()) << q;
      for (Xapian::doccount offset = 0; offset < whole.size(); ++offset) {
        for (const Xapian::doccount limit : {1u, 3u, 10u}) {
          const std::vector<Hit> page = search(s, q, limit, offset, all);
          const std::size_t expect = std::min<std::size_t>(limit, whole.size() - offset);
          ASSERT_EQ(page.size(), expect) << q << " offset " << offset << " limit " << limit;
          for (std::size_t k = 0; k < page.size(); ++k) {
            EXPECT_EQ(page[k].doc_id, whole[offset + k].doc_id) << q << " offset " << offset << " limit " << limit;
            EXPECT_EQ(page[k].score, whole[offset + k].score) << q << " offset " << offset << " limit " << limit;
          }
        }
      }
    }
  }
}

TEST(FirstStageCollapse, KeepsTheBestPassageOfEachDocumentInOrder) {
  const CollapseFixture f;
  Searcher& s = *f.searcher;
  for (const char* q : kQueries) {
    std::vector<Hit> expected;
    std::set<std::string> seen;
    for (const auto& h : search(s, q, 10000, 0, true))
      if (seen.insert(h.doc_id).second) expected.push_back(h);
    ASSERT_GE(expected.size(), 2u) << q;
    for (Xapian::doccount limit : {1u, 2u, 3u, 5u, 100u}) {
      for (Xapian::doccount offset : {0u, 1u, 2u}) {
        const auto got = search(s, q, limit, offset);
        const std::size_t from = std::min<std::size_t>(offset, expected.size());
        const std::size_t to = std::min<std::size_t>(offset + limit, expected.size());
        ASSERT_EQ(got.size(), to - from) << q << " limit " << limit << " offset " << offset;
        // Collapsing by hand sums the same weights as Xapian: equal scores
        // to rounding.
        for (std::size_t i = 0; i < got.size(); ++i) {
          EXPECT_EQ(got[i].doc_id, expected[from + i].doc_id) << q << " rank " << from + i + 1;
          EXPECT_NEAR(got[i].score, expected[from + i].score, 1e-12 * expected[from + i].score)
              << q << " rank " << from + i + 1;
        }
      }
    }
  }
}

TEST(FirstStageCollapse, DominantDocumentFillsTheFetchedPassages) {
  // Guards the fallback case above: the dominant document must really take
  // the first passages, or the fallback would go untested.
  const CollapseFixture f;
  Searcher& s = *f.searcher;
  const auto top = search(s, "الحرب", 4, 0, true);
  ASSERT_EQ(top.size(), 4u);
  for (const auto& h : top) EXPECT_EQ(h.doc_id, "dominant");
}

// The exact-form bonus added after the match, to the passages the first
// stage collapses (RankingOptions::late_exact), must give the ranking and
// the scores of the bonus inside the matcher, wherever the pool holds the
// results (this corpus is small enough for every query here).
TEST(LateExactFormBonus, SameRankingAndScoresAsInTheMatcher) {
  TempDir dir("late-exact");
  build(dir.path("new.db"), true);
  RankingOptions in_matcher, none;
  in_matcher.late_exact = false;
  none.exact_weight = 0;
  Searcher late(dir.path("new.db")), matcher(dir.path("new.db"), in_matcher), without(dir.path("new.db"), none);
  bool bonus_mattered = false;
  for (const char* q : {"الحرب", "الحرب العالمية", "العالمية الأولى", "الاقتصاد الحرب", "السلام والحرب العالمية",
                        "حرب عالمية", "الحروب والاقتصاد"}) {
    for (Xapian::doccount limit : {3u, 10u, 100u}) {
      const auto a = search(late, q, limit);
      const auto b = search(matcher, q, limit);
      ASSERT_FALSE(a.empty()) << q;
      ASSERT_EQ(a.size(), b.size()) << q;
      for (std::size_t i = 0; i < a.size(); ++i) {
        EXPECT_EQ(a[i].doc_id, b[i].doc_id) << q << " rank " << i + 1;
        EXPECT_NEAR(a[i].score, b[i].score, 1e-12 * b[i].score) << q << " rank " << i + 1;
      }
      const auto c = search(without, q, limit);
      for (std::size_t i = 0; i < std::min(a.size(), c.size()); ++i)
        if (std::abs(a[i].score - c[i].score) > 1e-9 * c[i].score) bonus_mattered = true;
    }
  }
  // Otherwise the comparison above would not exercise the bonus.
  EXPECT_TRUE(bonus_mattered);
}

// Remote shards rerank from the stored passages (searcher.cc): the
// re-analysed title and text must give exactly the scores that the
// database's posting, position and value reads give.
class RerankFromText : public ::testing::TestWithParam<bool> {};

TEST_P(RerankFromText, StoredPassagesGiveTheDatabasesScores) {
  TempDir dir("rerank-text");
  build(dir.path("new.db"), true, GetParam());
  const Xapian::Database db(dir.path("new.db"));
  std::vector<fahras::Candidate> all;
  std::vector<fahras::PassageRecord> records;
  std::vector<fahras::CandidateText> texts;
  records.reserve(db.get_lastdocid());  // texts view them
  for (Xapian::docid did = 1; did <= db.get_lastdocid(); ++did) {
    const Xapian::Document doc = db.get_document(did);
    const fahras::PassageRecord& r = records.emplace_back(fahras::decode_passage_record(doc.get_data()));
    all.push_back({did, 1.0});
    texts.push_back({r.title, r.text, doc.get_value(schema::kSlotTitleStems),
                     schema::title_joins_body(r.passage_no, r.title, r.text)});
  }
  fahras::Analyzer analyzer(StemmerKind::kFahras);
  RankingOptions ranking;
  ranking.coverage_exponent = 1;  // every factor on
  const auto n = static_cast<Xapian::doccount>(all.size());
  bool reordered = false;
  for (const char* q : kQueries) {
    std::vector<std::string> names;
    analyzer.analyze(q, [&](const fahras::AnalyzedToken& t) {
      if (!t.stopword) names.push_back(std::string(schema::kStemPrefix) + std::string(t.stem));
    });
    const auto a = fahras::rerank(db, all, names, ranking, 0, n);
    const auto b = fahras::rerank(db, all, names, ranking, 0, n, texts, analyzer);
    ASSERT_EQ(a.size(), all.size()) << q;
    ASSERT_EQ(b.size(), all.size()) << q;
    for (std::size_t i = 0; i < a.size(); ++i) {
      EXPECT_EQ(a[i].index, b[i].index) << q << " rank " << i + 1;
      EXPECT_EQ(a[i].score, b[i].score) << q << " rank " << i + 1;
      if (a[i].index != i) reordered = true;
    }
  }
  EXPECT_TRUE(reordered);  // the features did change the order: the comparison means something
}

// Schema 3 (the title as body wdf) and schema 2 (title terms on every passage).
INSTANTIATE_TEST_SUITE_P(TitleLayouts, RerankFromText, ::testing::Values(true, false),
                         [](const ::testing::TestParamInfo<bool>& p) {
                           return p.param ? std::string("TitleInBody") : std::string("TitleTerms");
                         });

// Schema 3: the title weighs inside the body terms, so title: finds a
// document through its first passage only, which holds the title's terms.
TEST(TitleInBody, TitleFieldFindsOnlyTheFirstPassage) {
  TempDir dir("title-in-body");
  build(dir.path("new.db"), true);
  Searcher s(dir.path("new.db"));
  ASSERT_GT(Xapian::Database(dir.path("new.db")).get_termfreq(fahras::doc_id_term("dominant")), 1u);
  SearchRequest req;
  req.query = "title:أرشيف";
  req.limit = 100;
  req.all_passages = true;
  req.snippets = false;
  const auto hits = s.search(req).hits;
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].passage.doc_id, "dominant");
  EXPECT_EQ(hits[0].passage.passage_no, 0u);
}

// A title word weighs in every passage of its document, including those
// whose text lacks it: a passage of "dominant" (titled أرشيف الحرب) is
// found by the title's other word.
TEST(TitleInBody, ATitleWordMatchesEveryPassageOfItsDocument) {
  TempDir dir("title-in-body");
  build(dir.path("new.db"), true);
  const Xapian::Database db(dir.path("new.db"));
  Searcher s(dir.path("new.db"));
  SearchRequest req;
  req.query = "أرشيف";
  req.limit = 1000;
  req.all_passages = true;
  req.snippets = false;
  EXPECT_EQ(s.search(req).hits.size(), db.get_termfreq(fahras::doc_id_term("dominant")));
}

// The title's weight is the index's (schema::kTitleWdf): no title bonus is
// added in the matcher, so --title-weight changes no score.
TEST(TitleInBody, TheMatchersTitleWeightChangesNothing) {
  TempDir dir("title-in-body");
  build(dir.path("new.db"), true);
  RankingOptions no_title;
  no_title.title_weight = 0;
  Searcher with(dir.path("new.db")), without(dir.path("new.db"), no_title);
  for (const char* q : kQueries) {
    const auto a = search(with, q, 10);
    const auto b = search(without, q, 10);
    ASSERT_EQ(a.size(), b.size()) << q;
    for (std::size_t i = 0; i < a.size(); ++i) {
      EXPECT_EQ(a[i].doc_id, b[i].doc_id) << q << " rank " << i + 1;
      EXPECT_EQ(a[i].score, b[i].score) << q << " rank " << i + 1;
    }
  }
}

// A schema 2 database (the title's ZS/S terms on every passage, no title
// wdf) is still searched its way: the title bonus in the matcher.
TEST(TitleInBody, ASchema2DatabaseKeepsTheTitleBonusInTheMatcher) {
  TempDir dir("title-in-body");
  fahras::test::build_db(dir.path("old.db"), {{"t1", "الحرب العالمية", {"بدأت الحرب في أوروبا.", "ثم انتهت بهدنة."}},
                                              {"t2", "", {"الحرب الطويلة في التاريخ.", "كتب كثيرة."}}});
  ASSERT_EQ(Xapian::Database(dir.path("old.db")).get_metadata(std::string(schema::kMetaSchema)), "2");
  RankingOptions no_title;
  no_title.title_weight = 0;
  Searcher with(dir.path("old.db")), without(dir.path("old.db"), no_title);
  const auto a = search(with, "الحرب", 10);
  const auto b = search(without, "الحرب", 10);
  ASSERT_EQ(a.size(), 2u);
  ASSERT_EQ(b.size(), 2u);
  EXPECT_EQ(a[0].doc_id, "t1");
  EXPECT_GT(a[0].score, b[0].score);
  // title: reads the ZS terms of every passage.
  SearchRequest req;
  req.query = "title:العالمية";
  req.all_passages = true;
  req.snippets = false;
  EXPECT_EQ(with.search(req).hits.size(), 2u);
}

// A database of schema 3 without its title weight record, or of an unknown
// version, is refused with a message to re-index, never searched wrongly.
TEST(TitleInBody, ADatabaseWithoutItsTitleWeightRecordIsRefused) {
  TempDir dir("title-in-body");
  build(dir.path("new.db"), true);
  {
    Xapian::WritableDatabase db(dir.path("new.db"));
    db.set_metadata(std::string(schema::kMetaTitleWdf), "");
    db.commit();
  }
  try {
    Searcher s(dir.path("new.db"));
    FAIL() << "opened";
  } catch (const fahras::DatabaseError& e) {
    EXPECT_NE(std::string(e.what()).find(std::string(schema::kMetaTitleWdf)), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("re-index"), std::string::npos) << e.what();
  }
  {
    Xapian::WritableDatabase db(dir.path("new.db"));
    db.set_metadata(std::string(schema::kMetaSchema), "1");
    db.commit();
  }
  try {
    Searcher s(dir.path("new.db"));
    FAIL() << "opened";
  } catch (const fahras::DatabaseError& e) {
    EXPECT_NE(std::string(e.what()).find("schema version 1"), std::string::npos) << e.what();
  }
}
