// The document table (passage_table.h): which document each passage
// belongs to, read once per revision instead of once per passage, and the
// first stage's collapsing by hand that uses it (searcher.cc): a searcher
// that has built its table answers exactly as one that has not, in any
// docid layout, and a pool with too few documents is asked again deeper
// before Xapian's collapse.
#include <algorithm>
#include <memory>
#include <numeric>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "fahras/index_writer.h"
#include "fahras/passage_table.h"
#include "fahras/rerank.h"
#include "fahras/schema.h"
#include "fahras/searcher.h"
#include "test_support.h"

using fahras::PassageTable;
using fahras::RankingOptions;
using fahras::Searcher;
using fahras::SearchRequest;
using fahras::SourceDocument;
using fahras::StemmerKind;
using fahras::test::repeat;
using fahras::test::TempDir;
namespace schema = fahras::schema;

namespace {

Xapian::Document passage_of(const std::string& doc_id) {
  Xapian::Document d;
  if (!doc_id.empty()) d.add_value(schema::kSlotDocId, doc_id);
  d.add_term("x");
  return d;
}

// "oil" fills 40 passages of one document, "gold" 100 of another; 30 short
// documents mention each once. Paragraphs of about 250 bytes, a passage
// each at a 300-byte target.
std::vector<SourceDocument> corpus() {
  std::vector<SourceDocument> docs;
  auto add = [&](std::string id, std::string text) {
    SourceDocument d;
    d.id = std::move(id);
    d.text = std::move(text);
    docs.push_back(std::move(d));
  };
  add("oil-archive", repeat(repeat("النفط النفط النفط في الخليج. ", 5) + "\n\n", 40));
  for (int i = 0; i < 30; ++i)
    add("note-" + std::to_string(i), "ذكر التقرير رقم " + std::to_string(i) +
                                         " النفط مرة واحدة بين أخبار كثيرة عن الاقتصاد والتجارة والأسواق، ثم ذكر "
                                         "الذهب أيضا في آخر فقرة من فقراته الطويلة.");
  add("gold-archive", repeat(repeat("الذهب الذهب الذهب في الأسواق. ", 5) + "\n\n", 100));
  return docs;
}

// Builds the corpus at `path`. shuffled: the passages get their docids in a
// random order, so a document's passages are not consecutive (no indexer
// writes that, but nothing in the format forbids it).
void build(const std::string& path, bool shuffled) {
  fahras::SplitterOptions split;
  split.target_bytes = 300;
  fahras::PassageDocumentBuilder builder(StemmerKind::kFahras, nullptr, split, true, false, true);
  std::vector<Xapian::Document> all, passages;
  for (const auto& doc : corpus()) {
    builder.build(doc, passages);
    all.insert(all.end(), passages.begin(), passages.end());
  }
  std::vector<Xapian::docid> docids(all.size());
  std::iota(docids.begin(), docids.end(), 1);
  if (shuffled) std::shuffle(docids.begin(), docids.end(), std::mt19937(7));
  Xapian::WritableDatabase db(path, Xapian::DB_CREATE_OR_OVERWRITE);
  for (std::size_t i = 0; i < all.size(); ++i) db.replace_document(docids[i], all[i]);
  db.set_metadata(std::string(schema::kMetaAnalyzer), builder.analyzer_config());
  db.set_metadata(std::string(schema::kMetaStemmer), "fahras");
  db.set_metadata(std::string(schema::kMetaSchema), std::to_string(schema::kSchemaVersion));
  db.set_metadata(std::string(schema::kMetaTitleWdf), std::to_string(schema::kTitleWdf));
  db.commit();
}

struct Hit {
  std::string doc_id;
  double score;
};

struct Page {
  std::vector<Hit> hits;
  Xapian::doccount lower = 0, estimated = 0, upper = 0;
};

Page search(Searcher& s, const std::string& query, Xapian::doccount limit, Xapian::doccount offset = 0,
            bool all = false) {
  SearchRequest req;
  req.query = query;
  req.limit = limit;
  req.offset = offset;
  req.all_passages = all;
  req.snippets = false;
  const auto results = s.search(req);
  Page page{{}, results.matches_lower, results.matches_estimated, results.matches_upper};
  for (const auto& h : results.hits) page.hits.push_back({h.passage.doc_id, h.score});
  return page;
}

// Ranks by the first stage alone, with the exact-form bonus in the matcher,
// so a collapsed page is exactly the first passage of each document in the
// uncollapsed ranking, whichever way it was collapsed.
RankingOptions first_stage_only() {
  RankingOptions r;
  r.rerank_depth = 0;
  r.late_exact = false;
  return r;
}

// The best passage of each document, in the order of all passages.
std::vector<Hit> collapsed_by_test(Searcher& s, const std::string& query) {
  std::vector<Hit> out;
  std::set<std::string> seen;
  for (const auto& h : search(s, query, 10000, 0, true).hits)
    if (seen.insert(h.doc_id).second) out.push_back(h);
  return out;
}

const char* const kQueries[] = {"النفط", "الذهب", "النفط الذهب", "الاقتصاد", "التقرير النفط", "الأسواق"};

}  // namespace

TEST(PassageTable, PassagesOfADocumentShareOneOrdinalInAnyDocidOrder) {
  TempDir dir("doc-table");
  {
    Xapian::WritableDatabase db(dir.path("db"), Xapian::DB_CREATE_OR_OVERWRITE);
    const char* ids[] = {"a", "b", "a", "a-long-document-identifier-beyond-short-strings", "b", "", "a"};
    for (const char* id : ids) db.add_document(passage_of(id));
    db.add_document(passage_of("gone"));
    db.delete_document(8);
    db.commit();
  }
  const Xapian::Database db(dir.path("db"));
  const PassageTable t(db);
  EXPECT_EQ(t.ordinal(1), t.ordinal(3));
  EXPECT_EQ(t.ordinal(1), t.ordinal(7));
  EXPECT_EQ(t.ordinal(2), t.ordinal(5));
  EXPECT_NE(t.ordinal(1), t.ordinal(2));
  EXPECT_NE(t.ordinal(4), t.ordinal(1));
  EXPECT_EQ(t.id(t.ordinal(1)), "a");
  EXPECT_EQ(t.id(t.ordinal(2)), "b");
  EXPECT_EQ(t.id(t.ordinal(4)), "a-long-document-identifier-beyond-short-strings");
  // No value, a deleted passage and a docid past the last: the empty id,
  // as Document::get_value gives for a passage without one.
  EXPECT_EQ(t.id(t.ordinal(6)), "");
  EXPECT_EQ(t.id(t.ordinal(8)), "");
  EXPECT_EQ(t.id(t.ordinal(1000)), "");
  EXPECT_EQ(t.documents(), 4u);  // "", a, b, the long one; "gone" was deleted
}

// The shuffled corpus and its table.
struct Shuffled {
  TempDir dir{"passage-table"};
  Xapian::Database db;
  std::unique_ptr<PassageTable> table;
  Shuffled() {
    build(dir.path("db"), true);
    db = Xapian::Database(dir.path("db"));
    table = std::make_unique<PassageTable>(db);
  }
};

TEST(PassageTable, HoldsEachPassagesLengthAsTheDatabaseGivesIt) {
  const Shuffled f;
  const Xapian::Database& db = f.db;
  const PassageTable& t = *f.table;
  std::set<Xapian::termcount> seen;
  for (Xapian::docid did = 1; did <= db.get_lastdocid(); ++did) {
    EXPECT_EQ(t.length(did), db.get_doclength(did)) << did;
    seen.insert(t.length(did));
  }
  EXPECT_GE(seen.size(), 2u);  // lengths differ, or the comparison proves little
  EXPECT_EQ(t.length(db.get_lastdocid() + 1), 0u);
  EXPECT_EQ(t.length(0), 0u);
}

// The late exact-form bonus gives the same figures, to the bit, with the
// lengths from the table as from the database's list.
TEST(PassageTable, GivesTheExactFormBonusItsSameLengths) {
  const Shuffled f;
  const Xapian::Database& db = f.db;
  const PassageTable& t = *f.table;
  std::vector<Xapian::docid> dids;
  for (Xapian::docid did = db.get_lastdocid(); did >= 3; did -= 3) dids.push_back(did);  // any order
  const std::vector<std::string> terms = {"النفط", "الذهب", "الاقتصاد"};
  const RankingOptions ranking;
  std::uint64_t read = 0;
  const std::vector<double> from_db = fahras::exact_form_bonus(db, dids, terms, ranking, nullptr, &read);
  std::uint64_t read_with_table = 0;
  const std::vector<double> from_table = fahras::exact_form_bonus(db, dids, terms, ranking, &t, &read_with_table);
  ASSERT_EQ(from_db.size(), dids.size());
  EXPECT_EQ(from_db, from_table);
  EXPECT_GT(read, 0u);
  EXPECT_EQ(read_with_table, 0u);
  EXPECT_GT(std::count_if(from_db.begin(), from_db.end(), [](double b) { return b > 0; }), 10);
}

TEST(PassageTable, IsBuiltOnlyUpToItsSizeLimit) {
  TempDir dir("doc-table-limit");
  Xapian::WritableDatabase db(dir.path("db"), Xapian::DB_CREATE_OR_OVERWRITE);
  db.replace_document(PassageTable::kMaxLastDocid, passage_of("a"));
  db.commit();
  EXPECT_TRUE(PassageTable::is_worth_building(db));
  db.replace_document(PassageTable::kMaxLastDocid + 1, passage_of("b"));
  db.commit();
  EXPECT_FALSE(PassageTable::is_worth_building(db));
}

// A long-lived searcher builds its table once the ids it read one by one
// would have paid for it; from then on it must answer as a fresh searcher,
// which reads them one by one: the same documents, scores and counts, on
// consecutive and on shuffled passages.
TEST(FirstStageCollapse, ASearcherWithItsPassageTableAnswersAsAFreshOne) {
  for (const bool shuffled : {false, true}) {
    TempDir dir("doc-table-searcher");
    const std::string path = dir.path("db");
    build(path, shuffled);
    for (const RankingOptions& ranking : {RankingOptions(), first_stage_only()}) {
      Searcher warm(path, ranking);
      for (int i = 0; i < 3 && !warm.has_passage_table(); ++i)
        for (const char* q : kQueries) search(warm, q, 10);
      ASSERT_TRUE(warm.has_passage_table()) << "shuffled " << shuffled;
      for (const char* q : kQueries) {
        for (const Xapian::doccount limit : {1u, 5u, 20u, 50u}) {
          for (const Xapian::doccount offset : {0u, 3u}) {
            Searcher fresh(path, ranking);
            const Page a = search(fresh, q, limit, offset);
            ASSERT_FALSE(fresh.has_passage_table());
            const Page b = search(warm, q, limit, offset);
            const std::string where =
                std::string(q) + " limit " + std::to_string(limit) + " offset " + std::to_string(offset);
            ASSERT_EQ(a.hits.size(), b.hits.size()) << where;
            for (std::size_t k = 0; k < a.hits.size(); ++k) {
              EXPECT_EQ(a.hits[k].doc_id, b.hits[k].doc_id) << where << " rank " << k + 1;
              EXPECT_EQ(a.hits[k].score, b.hits[k].score) << where << " rank " << k + 1;
            }
            EXPECT_EQ(a.lower, b.lower) << where;
            EXPECT_EQ(a.estimated, b.estimated) << where;
            EXPECT_EQ(a.upper, b.upper) << where;
          }
        }
      }
    }
  }
}

// "oil" fills the first 40 passages with one document: the first pool (2
// per wanted document: 40 passages for 20) holds one document, the deeper
// one (80) enough. "gold" fills 100: even the deeper pool holds too few,
// and Xapian collapses. Each way, the page is the best passage of each
// document in order, with or without the table.
TEST(FirstStageCollapse, AShortPoolIsAskedAgainDeeperBeforeXapiansCollapse) {
  TempDir dir("doc-table-deeper");
  const std::string path = dir.path("db");
  build(path, true);
  Searcher s(path, first_stage_only());
  // The premises: the big documents' passages come first.
  const Page oil = search(s, "النفط", 81, 0, true);
  ASSERT_EQ(oil.hits.size(), 70u);
  for (std::size_t k = 0; k < 40; ++k) ASSERT_EQ(oil.hits[k].doc_id, "oil-archive") << k;
  const Page gold = search(s, "الذهب", 100, 0, true);
  for (const auto& h : gold.hits) ASSERT_EQ(h.doc_id, "gold-archive");

  // Each query once on a fresh searcher (ids read one by one), then on one
  // that has built its table.
  Searcher warm(path, first_stage_only());
  for (int i = 0; i < 3 && !warm.has_passage_table(); ++i) search(warm, "الاقتصاد", 20);
  ASSERT_TRUE(warm.has_passage_table());
  for (const bool with_table : {false, true}) {
    for (const char* q : {"النفط", "الذهب"}) {
      const std::vector<Hit> expected = collapsed_by_test(s, q);
      ASSERT_EQ(expected.size(), 31u) << q;
      Searcher fresh(path, first_stage_only());
      Searcher& t = with_table ? warm : fresh;
      const Searcher::CollapseCounts before = t.collapse_counts();
      const Page page = search(t, q, 20);
      const Searcher::CollapseCounts& after = t.collapse_counts();
      const std::string where = std::string(q) + (with_table ? " with the table" : " without");
      EXPECT_EQ(t.has_passage_table(), with_table) << where;
      EXPECT_EQ(after.first_pool, before.first_pool) << where;
      const bool is_oil = std::string(q) == "النفط";
      EXPECT_EQ(after.deeper_pool, before.deeper_pool + (is_oil ? 1 : 0)) << where;
      EXPECT_EQ(after.xapian, before.xapian + (is_oil ? 0 : 1)) << where;
      ASSERT_EQ(page.hits.size(), 20u) << where;
      for (std::size_t k = 0; k < page.hits.size(); ++k) {
        EXPECT_EQ(page.hits[k].doc_id, expected[k].doc_id) << where << " rank " << k + 1;
        EXPECT_NEAR(page.hits[k].score, expected[k].score, 1e-12 * expected[k].score) << where << " rank " << k + 1;
      }
    }
  }
}
