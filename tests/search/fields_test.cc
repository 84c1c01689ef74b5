// Typed metadata fields end to end: the real fahras-index types and stores
// them, the real fahras-search filters, sorts, boosts and counts by them, on
// one database, a sharded one, remote shards, and one built before fields.
#include <signal.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <simdjson.h>
#include <xapian.h>

#include "fahras/field_search.h"
#include "fahras/fields.h"
#include "fahras/query_builder.h"
#include "fahras/schema.h"
#include "fahras/searcher.h"
#include "test_support.h"

using fahras::test::CommandResult;
using fahras::test::run_command;
using fahras::test::shell_quote;

namespace {

// a3's word النفط is in two passages, neither the first (--passage-size 64
// splits its paragraphs); a6's date does not parse; a7 lacks the word.
const std::string kCorpus =
    R"({"id":"a1","title":"خبر أول","text":"ارتفعت أسعار النفط اليوم.","source":"okaz","date":"2015-07-05T10:00:00","views":10,"author":"محمد الغامدي"}
{"id":"a2","title":"خبر ثان","text":"انخفض إنتاج النفط في الشهر الماضي.","source":"sabq","date":"2015-07-20","views":50,"author":"سارة"}
{"id":"a3","title":"تقرير طويل","text":"الفقرة الأولى عن الطقس والأمطار الغزيرة في المنطقة الشمالية اليوم.\n\nالفقرة الثانية عن أسواق النفط العالمية وتقلباتها الكثيرة هذا الأسبوع.\n\nالفقرة الثالثة عن صادرات النفط إلى آسيا في الربع الثالث من العام.","source":"alriyadh","date":"2015-08-02T08:00:00Z","views":5}
{"id":"a4","title":"خبر رابع","text":"قال وزير الطاقة إن النفط مورد مهم.","source":"okaz","date":"2015-08-15T12:00:00","views":100}
{"id":"a5","title":"خبر خامس","text":"اجتماع أوبك يناقش النفط والغاز.","source":"aleqtisadiya","date":"2015-08-20T23:30:00+03:00","views":20}
{"id":"a6","title":"خبر سادس","text":"تقرير عن النفط بلا تاريخ صحيح.","source":"sabq","date":"yesterday","views":7}
{"id":"a7","title":"خبر سابع","text":"الاقتصاد المحلي ينمو بثبات.","source":"okaz","date":"2015-07-31","views":3}
)";

std::set<std::string> as_set(const std::vector<std::string>& v) { return {v.begin(), v.end()}; }

// facet name -> value -> count, from the JSON line (or object) with "facets".
using Facets = std::map<std::string, std::map<std::string, std::uint64_t>>;
Facets parse_facets(const std::string& out) {
  Facets facets;
  std::istringstream in(out);
  std::string line;
  simdjson::dom::parser parser;
  while (std::getline(in, line)) {
    if (line.find("\"facets\"") == std::string::npos) continue;
    simdjson::dom::element e = parser.parse(line);
    simdjson::dom::object f;
    if (e["facets"].get(f)) continue;
    for (const auto member : f) {
      auto& values = facets[std::string(member.key)];
      for (simdjson::dom::element v : member.value["values"].get_array())
        values[std::string(std::string_view(v["value"]))] = std::uint64_t(v["count"]);
    }
  }
  return facets;
}

class Fields : public fahras::test::CliTest {
 protected:
  Fields() : CliTest("fields") {}

  void SetUp() override {
    CliTest::SetUp();
    if (IsSkipped()) return;
    corpus_ = tmp_.write("corpus.jsonl", kCorpus);
    db_ = tmp_.path("db");
    built_ = index(db_, "--field author:text");
    ASSERT_NE(built_.status, 2) << built_.err;
  }

  CommandResult index(const std::string& db, const std::string& options = "") {
    return run_index(db, "--passage-size 64 " + options + " " + shell_quote(corpus_) + " </dev/null");
  }

  CommandResult search(const std::string& args, const std::string& db = "") {
    return run_search(db.empty() ? db_ : db, args);
  }

  std::vector<std::string> ids(const std::string& args, const std::string& db = "") {
    return run_ids(db.empty() ? db_ : db, args);
  }
  std::vector<std::string> ids_for(const std::string& query, const std::string& db = "") {
    return ids("-- " + shell_quote(query), db);
  }

  Facets facets(const std::string& args, const std::string& db = "") {
    const CommandResult r = search("--format json " + args, db);
    EXPECT_EQ(r.status, 0) << args << ": " << r.err;
    return parse_facets(r.out);
  }

  std::string corpus_, db_;
  CommandResult built_;
};

using Set = std::set<std::string>;

TEST(FieldValues, IsoDatesAndSpans) {
  EXPECT_EQ(fahras::parse_iso_datetime("1970-01-01"), 0);
  EXPECT_EQ(fahras::parse_iso_datetime("2015-07-21T02:51:32"), 1437447092);
  EXPECT_EQ(fahras::parse_iso_datetime("2015-07-21T05:51:32+03:00"), 1437447092);
  EXPECT_EQ(fahras::parse_iso_datetime("2015-07-21T02:51:32.250Z"), 1437447092);
  EXPECT_FALSE(fahras::parse_iso_datetime("2015-02-29"));  // not a leap year
  EXPECT_FALSE(fahras::parse_iso_datetime("2015-07"));     // a value is at least a day
  EXPECT_FALSE(fahras::parse_iso_datetime("yesterday"));
  EXPECT_FALSE(fahras::parse_iso_datetime("2015-07-21T25:00"));
  const auto month = fahras::parse_date_span("2016-02");
  ASSERT_TRUE(month);
  EXPECT_EQ(fahras::day_of(month->first), "2016-02-01");
  EXPECT_EQ(fahras::day_of(month->second), "2016-02-29");
  EXPECT_EQ(month->second + 1, *fahras::parse_iso_datetime("2016-03-01"));
  EXPECT_EQ(fahras::day_of(fahras::parse_date_span("2015")->second), "2015-12-31");
  EXPECT_EQ(fahras::day_from_number(*fahras::day_number("2015-08-31")), "2015-08-31");
}

TEST(FieldValues, SchemaRecordRoundTripsAndRefusesAnotherType) {
  fahras::FieldSchema s;
  s.add("source", fahras::FieldType::kKeyword);
  s.add("date", fahras::FieldType::kDate);
  const fahras::FieldSchema back = fahras::FieldSchema::parse(s.serialise());
  ASSERT_EQ(back.fields().size(), 2u);
  EXPECT_EQ(back.find("date")->value_slot(), s.find("date")->value_slot());
  EXPECT_NE(back.find("date")->value_slot(), back.find("source")->value_slot());
  EXPECT_THROW(s.add("date", fahras::FieldType::kNumber), fahras::FieldError);
  EXPECT_THROW(s.add("Bad-Name", fahras::FieldType::kKeyword), fahras::FieldError);
  EXPECT_THROW(fahras::parse_field_declaration("date:when"), fahras::FieldError);
  EXPECT_THROW(fahras::FieldSchema::parse("source:keyword"), fahras::FieldError);  // no record version
}

TEST(FieldValues, KeywordGroupsBecomeOneFilterPerValue) {
  fahras::FieldSchema s;
  s.add("source", fahras::FieldType::kKeyword);
  EXPECT_EQ(fahras::expand_field_groups("x source:(okaz OR sabq)", s), "x source:okaz source:sabq");
  EXPECT_EQ(fahras::expand_field_groups("x -source:(okaz OR \"al riyadh\")", s),
            "x -source:okaz -source:\"al riyadh\"");
  EXPECT_EQ(fahras::expand_field_groups("title:x source:okaz", s), "title:x source:okaz");
  EXPECT_THROW(fahras::expand_field_groups("x source:(okaz AND sabq)", s), fahras::QueryError);
  EXPECT_THROW(fahras::expand_field_groups("x source:(okaz", s), fahras::QueryError);
  EXPECT_THROW(fahras::expand_field_groups("x sourse:okaz", s), fahras::QueryError);
}

TEST_F(Fields, BadValueWarnsWithFileAndLineAndTheDocumentIsStillIndexed) {
  EXPECT_EQ(built_.status, 1) << built_.err;  // indexed, with warnings
  EXPECT_NE(built_.err.find("corpus.jsonl:6: field date (date): \"yesterday\" is not an ISO 8601 date"),
            std::string::npos)
      << built_.err;
  const auto found = as_set(ids_for("النفط"));
  EXPECT_TRUE(found.count("a6"));
  EXPECT_TRUE(as_set(ids_for("النفط source:sabq")).count("a6"));  // its other fields work
}

TEST_F(Fields, TypesAreInferredOrDeclaredAndRecorded) {
  const CommandResult r = search("--describe");
  ASSERT_EQ(r.status, 0) << r.err;
  for (const char* line : {"source  keyword", "date    date    2015-07-05 .. 2015-08-20", "views   number  3 .. 100",
                           "author  text", "documents  7", "fahras-analyzer/"})
    EXPECT_NE(r.out.find(line), std::string::npos) << line << " in\n" << r.out;
  Xapian::Database db(db_);
  EXPECT_EQ(db.get_metadata(std::string(fahras::schema::kMetaFields)),
            "1,author:text,source:keyword,date:date,views:number");
}

TEST_F(Fields, KeywordFiltersNegationAndGroups) {
  EXPECT_EQ(as_set(ids_for("النفط source:okaz")), (Set{"a1", "a4"}));
  EXPECT_EQ(as_set(ids_for("النفط source:OKAZ")), (Set{"a1", "a4"}));  // normalised like words
  EXPECT_EQ(as_set(ids_for("النفط -source:okaz")), (Set{"a2", "a3", "a5", "a6"}));
  EXPECT_EQ(as_set(ids_for("النفط source:(okaz OR sabq)")), (Set{"a1", "a2", "a4", "a6"}));
  EXPECT_EQ(as_set(ids_for("النفط -source:(okaz OR sabq)")), (Set{"a3", "a5"}));
  const CommandResult unknown = search("-- 'النفط sourse:okaz'");
  EXPECT_EQ(unknown.status, 1);
  EXPECT_NE(unknown.err.find("no field \"sourse\""), std::string::npos) << unknown.err;
}

TEST_F(Fields, EveryPassageCarriesItsDocumentsFields) {
  // a3 matches in passages 2 and 3 only; both carry source and date.
  const CommandResult r = search("--format jsonl --all-passages --filter source:alriyadh --filter date:2015-08 النفط");
  ASSERT_EQ(r.status, 0) << r.err;
  std::set<std::uint64_t> passages;
  simdjson::dom::parser parser;
  std::istringstream in(r.out);
  std::string line;
  while (std::getline(in, line)) {
    simdjson::dom::element e = parser.parse(line);
    std::uint64_t p = 0;
    if (e["passage"].get(p) == simdjson::SUCCESS) passages.insert(p);
  }
  EXPECT_EQ(passages.size(), 2u) << r.out;
  EXPECT_EQ(passages.count(0), 0u) << r.out;  // passage numbers count from 0: not the first
}

TEST_F(Fields, DateAndNumberRanges) {
  EXPECT_EQ(as_set(ids_for("النفط date:2015-07-01..2015-07-31")), (Set{"a1", "a2"}));
  EXPECT_EQ(as_set(ids_for("النفط date:..2015-07-15")), (Set{"a1"}));
  EXPECT_EQ(as_set(ids_for("النفط date:2015-08..")), (Set{"a3", "a4", "a5"}));
  EXPECT_EQ(as_set(ids_for("النفط date:2015-08")), (Set{"a3", "a4", "a5"}));
  EXPECT_EQ(as_set(ids_for("النفط date:2015-08-20")), (Set{"a5"}));  // 23:30+03:00 is 20:30 UTC
  // Ranges over month and year boundaries, and bounds inside a day: a1 is
  // at 10:00 on 2015-07-05, a2 on 2015-07-20, a3 at 08:00 on 2015-08-02.
  EXPECT_EQ(as_set(ids_for("النفط date:2015-07-20..2015-08-02")), (Set{"a2", "a3"}));
  EXPECT_EQ(as_set(ids_for("النفط date:2014-12-31..2016-01-01")), (Set{"a1", "a2", "a3", "a4", "a5"}));
  EXPECT_EQ(as_set(ids_for("النفط date:2015-07-05T10:30..2015-08-02T07:59")), (Set{"a2"}));
  EXPECT_EQ(as_set(ids_for("النفط date:2015-07-05T09:59..2015-08-02T08:00")), (Set{"a1", "a2", "a3"}));
  EXPECT_EQ(as_set(ids_for("النفط views:10..50")), (Set{"a1", "a2", "a5"}));
  EXPECT_EQ(as_set(ids_for("النفط views:..9")), (Set{"a3", "a6"}));
  EXPECT_EQ(as_set(ids_for("النفط views:100")), (Set{"a4"}));
  const CommandResult bad = search("-- 'النفط date:2015-13..'");
  EXPECT_EQ(bad.status, 1);
  EXPECT_NE(bad.err.find("not a date"), std::string::npos) << bad.err;
}

TEST_F(Fields, FilterOptionMatchesTheQuerySyntaxAndWorksAlone) {
  EXPECT_EQ(ids("--filter source:okaz النفط"), ids_for("النفط source:okaz"));
  EXPECT_EQ(as_set(ids("--filter -source:okaz --filter date:2015-08 النفط")), (Set{"a3", "a5"}));
  EXPECT_EQ(ids("--filter source:okaz --sort date"), (std::vector<std::string>{"a1", "a7", "a4"}));
  EXPECT_EQ(search("--filter nosuch:x").status, 1);
}

TEST_F(Fields, SortByDateCollapsesAndPages) {
  const auto newest = ids("--sort -date --limit 5 النفط");
  EXPECT_EQ(newest, (std::vector<std::string>{"a5", "a4", "a3", "a2", "a1"}));
  const auto page = ids("--sort -date --limit 2 --offset 2 النفط");
  EXPECT_EQ(page, (std::vector<std::string>{"a3", "a2"}));
  // One hit per document although a3 matches twice; all passages: both.
  const auto all = ids("--sort -date --all-passages النفط");
  EXPECT_EQ(std::count(all.begin(), all.end(), "a3"), 2);
  const auto views = ids("--sort views --filter views:..60 النفط");
  EXPECT_EQ(views, (std::vector<std::string>{"a3", "a6", "a1", "a5", "a2"}));
  EXPECT_EQ(search("--sort author النفط").status, 1);  // a text field
  EXPECT_EQ(search("--sort nosuch النفط").status, 1);
}

TEST_F(Fields, FacetsCountDocumentsOverTheWholeMatchSet) {
  const Facets f = facets("--facet source --facet date:month --limit 1 النفط");
  EXPECT_EQ(f.at("source"),
            (std::map<std::string, std::uint64_t>{{"okaz", 2}, {"sabq", 2}, {"alriyadh", 1}, {"aleqtisadiya", 1}}));
  EXPECT_EQ(f.at("date:month"), (std::map<std::string, std::uint64_t>{{"2015-07", 2}, {"2015-08", 3}}));
  // Whatever the page and the sort.
  EXPECT_EQ(facets("--facet source --offset 3 --limit 2 --sort -date النفط"), facets("--facet source النفط"));
  // Passages with --all-passages: a3 counts twice.
  EXPECT_EQ(facets("--facet source --all-passages النفط").at("source").at("alriyadh"), 2u);
  EXPECT_EQ(facets("--facet source --facet-size 1 النفط").at("source").size(), 1u);
  EXPECT_EQ(facets("--facet views النفط").at("views").at("100"), 1u);
  const CommandResult text = search("--facet source --facet date:day النفط");
  ASSERT_EQ(text.status, 0) << text.err;
  EXPECT_NE(text.out.find("source (6 documents with a value, 4 values)"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("  okaz          2"), std::string::npos) << text.out;
  EXPECT_EQ(search("--format trec --facet source النفط").out, search("--format trec النفط").out);  // TREC unchanged
  EXPECT_EQ(search("--facet author النفط").status, 1);
  EXPECT_EQ(search("--facet source:month النفط").status, 1);
}

// fahras-serve reopens its Searchers after commits; the facet count runs on
// a handle of its own, which must move to the new revision with them.
TEST_F(Fields, FacetsOfAReopenedSearcherCountTheNewCommit) {
  fahras::Searcher searcher(db_);
  fahras::SearchRequest req;
  req.query = "النفط";
  req.fields.facets.push_back(fahras::parse_facet("source"));
  const auto okaz = [&] {
    const fahras::SearchResults r = searcher.search(req);
    if (r.facets.size() != 1) return std::uint64_t{0};
    for (const auto& v : r.facets[0].values)
      if (v.label == "okaz") return std::uint64_t{v.count};
    return std::uint64_t{0};
  };
  ASSERT_EQ(okaz(), 2u);
  const std::string more =
      tmp_.write("more.jsonl",
                 R"({"id":"a8","title":"خبر ثامن","text":"صادرات النفط تتراجع.","source":"okaz","date":"2015-08-25"})"
                 "\n");
  const CommandResult added = run_index(db_, "--passage-size 64 " + shell_quote(more) + " </dev/null");
  ASSERT_EQ(added.status, 0) << added.err;
  ASSERT_TRUE(searcher.reopen());
  EXPECT_EQ(okaz(), 3u);
}

TEST_F(Fields, RecencyBoostPutsTheNewestFirst) {
  const auto boosted = ids("--recency 3 --recency-weight 50 النفط");
  ASSERT_FALSE(boosted.empty());
  EXPECT_EQ(boosted.front(), "a5");
  const auto half = ids("--recency 3 --recency-weight 50 --limit 3 النفط");
  EXPECT_EQ(half, (std::vector<std::string>{"a5", "a4", "a3"}));
}

TEST_F(Fields, TextFieldIsSearchedByWord) {
  EXPECT_EQ(ids_for("author:الغامدي"), (std::vector<std::string>{"a1"}));
  EXPECT_EQ(ids_for("author:سارة"), (std::vector<std::string>{"a2"}));
}

TEST_F(Fields, ShardedDatabaseFiltersSortsAndCountsLikeOne) {
  const std::string three = tmp_.path("three.db");
  ASSERT_EQ(index(three, "--field author:text --shards 3").status, 1);
  EXPECT_EQ(Xapian::Database(three).get_metadata(std::string(fahras::schema::kMetaFields)),
            Xapian::Database(db_).get_metadata(std::string(fahras::schema::kMetaFields)));
  for (const std::string q : {"النفط source:(okaz OR sabq)", "النفط date:2015-08..", "النفط views:10..50"})
    EXPECT_EQ(as_set(ids_for(q, three)), as_set(ids_for(q))) << q;
  EXPECT_EQ(ids("--sort -date --limit 5 النفط", three), ids("--sort -date --limit 5 النفط"));
  const std::string f = "--facet source --facet date:day --limit 2 النفط";
  EXPECT_EQ(facets(f, three), facets(f));

  if (std::system("command -v xapian-tcpsrv >/dev/null 2>&1") != 0) GTEST_SKIP() << "xapian-tcpsrv not installed";
  const std::string serve = std::string(FAHRAS_SOURCE_DIR) + "/scripts/serve-shards";
  const std::string stub = tmp_.path("remote.stub");
  const CommandResult started =
      run_command("bash " + shell_quote(serve) + " start " + shell_quote(three) + " " + shell_quote(stub));
  ASSERT_EQ(started.status, 0) << started.err;
  EXPECT_EQ(facets(f, stub), facets(f));
  EXPECT_EQ(facets(f + " --all-passages", stub), facets(f + " --all-passages"));
  EXPECT_EQ(ids("--sort -date --limit 5 --filter -source:okaz النفط", stub),
            ids("--sort -date --limit 5 --filter -source:okaz النفط"));
  EXPECT_EQ(ids("--recency 3 --recency-weight 50 --limit 3 النفط", stub),
            ids("--recency 3 --recency-weight 50 --limit 3 النفط"));
  run_command("bash " + shell_quote(serve) + " stop " + shell_quote(stub));
}

// A database from before typed fields: no field record, no field terms or
// values. It searches as before; field syntax is refused with a clear
// message; adding documents keeps it without fields.
TEST_F(Fields, DatabaseBuiltBeforeFieldsSearchesAsBeforeAndRefusesFieldSyntax) {
  const std::string old_db = tmp_.path("old.db");
  ASSERT_EQ(index(old_db).status, 1);
  const std::string before = search("--format trec --limit 20 النفط", old_db).out;
  try {
    Xapian::WritableDatabase db(old_db);
    std::vector<Xapian::docid> dids;
    for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) dids.push_back(*it);
    for (const Xapian::docid did : dids) {
      Xapian::Document doc = db.get_document(did);
      std::vector<std::string> field_terms;
      for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t)
        if (fahras::schema::is_field_term(*t)) field_terms.push_back(*t);
      for (const auto& t : field_terms) doc.remove_term(t);
      for (Xapian::valueno slot = fahras::schema::kSlotFieldBase; slot < fahras::schema::kSlotFieldBase + 30; ++slot)
        if (!doc.get_value(slot).empty()) doc.remove_value(slot);
      db.replace_document(did, doc);
    }
    db.set_metadata(std::string(fahras::schema::kMetaFields), "");
    db.commit();
  } catch (const Xapian::Error& e) {
    FAIL() << e.get_description();
  }
  EXPECT_EQ(search("--format trec --limit 20 النفط", old_db).out, before);
  const CommandResult field = search("-- 'النفط source:okaz'", old_db);
  EXPECT_EQ(field.status, 1);
  EXPECT_NE(field.err.find("no field \"source\" in this database (it has no typed fields"), std::string::npos)
      << field.err;
  EXPECT_EQ(search("--facet source النفط", old_db).status, 1);
  EXPECT_NE(search("--describe", old_db).out.find("built before typed fields"), std::string::npos);
  const CommandResult declared = index(old_db, "--field source:keyword");
  EXPECT_EQ(declared.status, 2);
  EXPECT_NE(declared.err.find("built before typed fields"), std::string::npos) << declared.err;
  EXPECT_EQ(index(old_db).status, 0);  // re-indexing its documents works, still without fields
  EXPECT_EQ(Xapian::Database(old_db).get_metadata(std::string(fahras::schema::kMetaFields)), "");
  EXPECT_EQ(search("--format trec --limit 20 النفط", old_db).out, before);
}

}  // namespace
