// End-to-end: the real fahras-index builds databases, the real fahras-search
// and fahras-eval answer from them.
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <simdjson.h>
#include <xapian.h>
#include <nlohmann/json.hpp>

#include "fahras/schema.h"
#include "test_support.h"

using fahras::test::bin;
using fahras::test::CommandResult;
using fahras::test::run_command;
using fahras::test::shell_quote;
using fahras::test::TempDir;

namespace {

constexpr const char* kCorpus =
    R"({"id":"china","title":"زيارة رسمية","text":"وصل وزير الخارجيّة إلى الصين أمس لبحث السلام في أوكرانيا مع نظيره.","source":"test"}
{"id":"russia","title":"روسيا","text":"قال الكرملين إن روسيا مستعدة للتفاوض حول أوكرانيا."}
{"id":"apart","title":"الدفاع","text":"التقى وزير الدفاع بمسؤولين من الخارجية في العاصمة."}
{"id":"diacritics","title":"بيان","text":"أعلنت الحكومةُ الصِّينيّةُ دعمها لمؤتمر السلام."}
{"id":"weather","title":"طقس","text":"أمطار غزيرة على الساحل وانخفاض في درجات الحرارة."}
)";

class SearcherCli : public fahras::test::CliTest {
 protected:
  SearcherCli() : CliTest("cli") {}

  void SetUp() override {
    CliTest::SetUp();
    if (IsSkipped()) return;
    corpus_ = tmp_.write("corpus.jsonl", kCorpus);
    db_ = tmp_.path("db");
    auto r = index(db_, corpus_);
    ASSERT_EQ(r.status, 0) << r.err;
  }

  CommandResult index(const std::string& db, const std::string& input, const std::string& options = "") {
    return run_index(db, options + " " + shell_quote(input));
  }

  CommandResult search(const std::string& args, const std::string& db = "") {
    return run_search(db.empty() ? db_ : db, args);
  }

  // Document ids of a TREC run, in order.
  static std::vector<std::string> trec_ids(const std::string& run) { return fahras::test::trec_ids(run); }

  std::vector<std::string> ids_for(const std::string& query, const std::string& db = "") {
    return run_ids(db.empty() ? db_ : db, "-- " + shell_quote(query));
  }

  static bool contains(const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
  }

  std::string corpus_, db_;
};

std::size_t count_lines(const std::string& s) { return static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n')); }

// Text output without its header (the count line, ignored words, notices,
// then a blank line).
std::string after_header(const std::string& out) {
  const std::size_t blank = out.find("\n\n");
  return blank == std::string::npos ? out : out.substr(blank + 2);
}

}  // namespace

TEST_F(SearcherCli, DiacritisedHamzaVariantAndPlainQueriesGiveTheSameRanking) {
  auto plain = search("--format trec اوكرانيا السلام");
  auto hamza = search("--format trec أوكرانيا السلام");
  auto marks = search("--format trec أُوكْرانِيا السَّلامُ");
  ASSERT_EQ(plain.status, 0) << plain.err;
  EXPECT_FALSE(plain.out.empty());
  EXPECT_EQ(hamza.out, plain.out);
  EXPECT_EQ(marks.out, plain.out);
}

TEST_F(SearcherCli, InflectedQueriesFindThePassageContainingTheBaseForm) {
  for (const char* q : {"بالصين", "والصين", "الصين", "الصينية"}) {
    SCOPED_TRACE(q);
    EXPECT_TRUE(contains(ids_for(q), "china"));
  }
}

TEST_F(SearcherCli, PhraseQueryMatchesOnlyAdjacentWords) {
  EXPECT_EQ(ids_for("\"وزير الخارجية\""), std::vector<std::string>{"china"});
  EXPECT_EQ(ids_for("«وزير الخارجية»"), std::vector<std::string>{"china"});
  const auto loose = ids_for("وزير الخارجية");
  EXPECT_TRUE(contains(loose, "china"));
  EXPECT_TRUE(contains(loose, "apart"));
}

// fahras-index's default layout (schema 3) weighs a title word in every
// passage's body without positions: NEAR and phrases still match the text
// only, never a title word joined to a later passage's text.
TEST_F(SearcherCli, NearAndPhrasesOnTheDefaultLayoutMatchTheTextOnly) {
  ASSERT_EQ(Xapian::Database(db_).get_metadata(std::string(fahras::schema::kMetaSchema)),
            std::to_string(fahras::schema::kSchemaVersion));
  EXPECT_EQ(ids_for("السلام NEAR/5 أوكرانيا"), std::vector<std::string>{"china"});
  EXPECT_EQ(ids_for("\"وزير الخارجية\" NEAR/10 الصين"), std::vector<std::string>{"china"});

  const std::string db = tmp_.path("multi.db");
  const std::string input = tmp_.write(
      "multi.jsonl",
      R"({"id":"multi","title":"الزعفران","text":"بدأ موسم الحصاد في القرى الجبلية هذا الأسبوع.\n\nوارتفعت الأسعار في الأسواق كثيرا."})"
      "\n");
  ASSERT_EQ(index(db, input, "--passage-size 64").status, 0);
  ASSERT_GT(Xapian::Database(db).get_doccount(), 1u) << "the test needs a document of several passages";
  EXPECT_EQ(run_ids(db, "--all-passages -- الزعفران").size(), Xapian::Database(db).get_doccount());
  EXPECT_EQ(ids_for("الزعفران الأسعار", db), std::vector<std::string>{"multi"});
  EXPECT_TRUE(ids_for("\"الزعفران الأسعار\"", db).empty());
  EXPECT_TRUE(ids_for("الزعفران NEAR/3 الأسعار", db).empty());
}

TEST_F(SearcherCli, JsonLinesParseAndHighlightsSliceTheOriginalDiacritisedText) {
  auto r = search("--format jsonl --passage-text الصينية");
  ASSERT_EQ(r.status, 0) << r.err;
  simdjson::dom::parser parser;
  std::istringstream lines(r.out);
  std::string line;
  bool saw_diacritised = false;
  std::size_t n = 0;
  while (std::getline(lines, line)) {
    ++n;
    simdjson::dom::element doc;
    ASSERT_EQ(parser.parse(simdjson::padded_string(line)).get(doc), simdjson::SUCCESS) << line;
    std::string_view docid, text, snippet;
    int64_t rank = 0;
    ASSERT_EQ(doc["docid"].get(docid), simdjson::SUCCESS);
    ASSERT_EQ(doc["passage_text"].get(text), simdjson::SUCCESS);
    ASSERT_EQ(doc["snippet"].get(snippet), simdjson::SUCCESS);
    ASSERT_EQ(doc["rank"].get(rank), simdjson::SUCCESS);
    EXPECT_EQ(rank, static_cast<int64_t>(n));
    simdjson::dom::array highlights;
    ASSERT_EQ(doc["highlights"].get(highlights), simdjson::SUCCESS);
    for (auto h : highlights) {
      uint64_t b = 0, e = 0;
      ASSERT_EQ(h.at(0).get(b), simdjson::SUCCESS);
      ASSERT_EQ(h.at(1).get(e), simdjson::SUCCESS);
      ASSERT_LT(b, e);
      ASSERT_LE(e, text.size());
      const std::string word(text.substr(b, e - b));
      if (docid == "diacritics") {
        EXPECT_EQ(word, "الصِّينيّةُ");
        saw_diacritised = true;
      }
    }
  }
  EXPECT_GT(n, 0u);
  EXPECT_TRUE(saw_diacritised) << r.out;
}

TEST_F(SearcherCli, JsonKeepsExtraJsonlFieldsAsMetadata) {
  auto r = search("--format json السلام");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("\"metadata\":{\"source\":\"test\"}"), std::string::npos) << r.out;
}

// Issue 16: `داعش` was found by `title:داعش` only when it was in no text.
TEST_F(SearcherCli, AWordOnlyInAJsonLinesTitleIsFoundByAPlainQueryWithItsTitleBonus) {
  const auto corpus =
      tmp_.write("titles.jsonl",
                 R"({"id":"t1","title":"إرهابيو داعش وخلاياه","text":"تحدث الوزير عن الأمن في المنطقة وعن الاقتصاد."})"
                 "\n"
                 R"({"id":"t2","title":"أخبار الاقتصاد","text":"قال المحلل إن داعش فقد مواقعه في المنطقة."})"
                 "\n"
                 R"({"id":"t3","title":"الطقس","text":"أمطار غزيرة اليوم في المنطقة."})"
                 "\n");
  const auto db = tmp_.path("titles.db");
  ASSERT_EQ(index(db, corpus).status, 0);
  const auto ids = ids_for("داعش", db);
  ASSERT_EQ(ids.size(), 2u);
  EXPECT_EQ(ids.front(), "t1");  // the title bonus still counts
  EXPECT_TRUE(contains(ids, "t2"));
  // No phrase joins the end of the text to the title.
  EXPECT_TRUE(ids_for("\"الاقتصاد إرهابيو\"", db).empty());
}

TEST_F(SearcherCli, TrecBatchRunScoresPerfectlyWithFahrasEval) {
  if (!fahras::test::have_binary("fahras-eval")) GTEST_SKIP() << "fahras-eval is not built";
  const auto queries = tmp_.write("q.tsv", "q1\tالكرملين روسيا\nq2\tأمطار الساحل\n");
  const auto qrels = tmp_.write("qrels", "q1 0 russia 1\nq2 0 weather 1\n");
  auto run = search("--queries " + queries + " --run-tag test");
  ASSERT_EQ(run.status, 0) << run.err;
  EXPECT_NE(run.out.find("q1 Q0 russia 1 "), std::string::npos) << run.out;
  EXPECT_NE(run.out.find(" test\n"), std::string::npos) << run.out;
  const auto run_file = tmp_.write("run", run.out);
  auto eval = run_command(bin("fahras-eval") + " " + qrels + " " + run_file);
  ASSERT_EQ(eval.status, 0) << eval.err;
  EXPECT_NE(eval.out.find("mrr@10\tall\t1.0000"), std::string::npos) << eval.out;
  EXPECT_NE(eval.out.find("num_q\tall\t2"), std::string::npos) << eval.out;
}

TEST_F(SearcherCli, BatchModeWarnsAboutAFailingQueryAndContinues) {
  const auto queries = tmp_.write("q.tsv", "bad1\tمن هو\nbad2\tالصين NOT\ngood\tروسيا\n");
  auto run = search("--queries " + queries);
  EXPECT_EQ(run.status, 0) << run.err;
  EXPECT_NE(run.err.find("query bad1"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("query bad2"), std::string::npos) << run.err;
  EXPECT_NE(run.out.find("good Q0 russia 1 "), std::string::npos) << run.out;
}

TEST_F(SearcherCli, DatabaseWithADifferentAnalyzerIsRefused) {
  {
    Xapian::WritableDatabase db(db_);
    db.set_metadata(std::string(fahras::schema::kMetaAnalyzer), "fahras-analyzer/0 stem=other");
    db.commit();
  }
  auto r = search("الصين");
  EXPECT_EQ(r.status, 1);
  EXPECT_TRUE(r.out.empty());
  EXPECT_NE(r.err.find("analyzer"), std::string::npos) << r.err;
  EXPECT_EQ(count_lines(r.err), 1u) << r.err;
}

TEST_F(SearcherCli, DatabaseBuiltWithAnotherStemmerIsUsedWithThatStemmerOnly) {
  const auto snow = tmp_.path("snowball-db");
  ASSERT_EQ(index(snow, corpus_, "--stemmer snowball").status, 0);
  EXPECT_TRUE(contains(ids_for("الصين", snow), "china"));
  {
    // Claiming the fahras stemmer while the analyzer string is Snowball's.
    Xapian::WritableDatabase db(snow);
    db.set_metadata(std::string(fahras::schema::kMetaStemmer), "fahras");
    db.commit();
  }
  auto r = search("الصين", snow);
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("analyzer"), std::string::npos) << r.err;
}

TEST_F(SearcherCli, MissingAndForeignDatabasesAreRefusedWithOneLine) {
  auto missing = search("الصين", tmp_.path("no-such-db"));
  EXPECT_EQ(missing.status, 1);
  EXPECT_NE(missing.err.find("does not exist"), std::string::npos) << missing.err;
  EXPECT_EQ(count_lines(missing.err), 1u);

  const auto foreign = tmp_.path("plain-xapian");
  {
    Xapian::WritableDatabase db(foreign, Xapian::DB_CREATE);
    Xapian::Document d;
    d.add_term("x");
    db.add_document(d);
    db.commit();
  }
  auto r = search("الصين", foreign);
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("not a fahras database"), std::string::npos) << r.err;

  const auto junk = tmp_.path("junk");
  std::filesystem::create_directories(junk);
  tmp_.write("junk/iamglass", "garbage");
  auto j = search("الصين", junk);
  EXPECT_EQ(j.status, 1);
  EXPECT_EQ(count_lines(j.err), 1u) << j.err;
}

TEST_F(SearcherCli, HostileQueriesAreAnsweredOrRefusedWithoutCrashing) {
  std::string huge;
  while (huge.size() < 100 * 1024) huge += "الصين ";
  std::string many;
  for (int i = 0; i < 5000; ++i) many += "w" + std::to_string(i) + " ";
  const std::string nested = std::string(1000, '(') + "الصين" + std::string(1000, ')');
  constexpr int kEither = -2;  // answering and refusing are both fine
  const std::vector<std::pair<std::string, int>> cases = {{huge, 1},
                                                          {many, 1},
                                                          {nested, 1},
                                                          {"*", 1},
                                                          {"ا*", 0},
                                                          {"\"\"\"", 1},
                                                          {"((((", 1},
                                                          {"NEAR NEAR", kEither},
                                                          {"title:", kEither},
                                                          {"AND OR NOT", kEither},
                                                          {"\"الصين", 0},
                                                          {"الصين)))", 0},
                                                          {"-", 1},
                                                          {"الصين NEAR/99999 روسيا", 0}};
  for (const auto& [q, want] : cases) {
    SCOPED_TRACE(q.substr(0, 40));
    auto r = search("-- " + shell_quote(q));
    if (want == kEither) EXPECT_TRUE(r.status == 0 || r.status == 1) << r.status << " " << r.err;
    else EXPECT_EQ(r.status, want) << r.err;
    if (r.status != 0) {
      EXPECT_EQ(count_lines(r.err), 1u) << r.err;
      EXPECT_EQ(r.err.rfind("fahras-search: ", 0), 0u) << r.err;
    }
  }
}

TEST_F(SearcherCli, ColourOnlyWhenAskedAndVisualBidiReordersLines) {
  auto plain = search("--color never روسيا");
  auto colour = search("--color always روسيا");
  ASSERT_EQ(colour.status, 0) << colour.err;
  EXPECT_EQ(plain.out.find('\x1b'), std::string::npos);
  EXPECT_NE(colour.out.find("\x1b[1;31m"), std::string::npos);
  // Not a terminal, so auto means no colour.
  EXPECT_EQ(search("روسيا").out.find('\x1b'), std::string::npos);
  auto visual = search("--color never --bidi visual روسيا");
  ASSERT_EQ(visual.status, 0) << visual.err;
  EXPECT_NE(visual.out, plain.out);
  EXPECT_EQ(count_lines(visual.out), count_lines(plain.out));
}

TEST_F(SearcherCli, ContextAndAllPassagesUseNeighbouringPassages) {
  std::string text =
      "الفقرة الأولى عن الطقس والمطر.\n\nالفقرة الثانية عن الصين والسلام.\n\n"
      "الفقرة الثالثة عن البحر والسفن.";
  const auto input = tmp_.write("long.jsonl", "{\"id\":\"long\",\"title\":\"t\",\"text\":\"" +
                                                  std::string("الفقرة الأولى عن الطقس والمطر. ") + "\\n\\n" +
                                                  "الفقرة الثانية عن الصين والسلام. " + "\\n\\n" +
                                                  "الفقرة الثالثة عن البحر والسفن." + "\"}\n");
  const auto db = tmp_.path("long-db");
  auto ix = index(db, input, "--passage-size 64");
  ASSERT_EQ(ix.status, 0) << ix.err;
  auto r = search("--format json --context 1 الصين", db);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("\"context\":["), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("الطقس"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("البحر"), std::string::npos) << r.out;
}

TEST(SearcherCliNews, QueryFormsRankTheSameOnTheNewsCorpus) {
  if (!fahras::test::have_shared()) GTEST_SKIP() << "../shared is absent";
  if (!fahras::test::have_binary("fahras-index")) GTEST_SKIP() << "fahras-index is not built";
  TempDir tmp("news");
  const auto db = tmp.path("db");
  auto ix =
      run_command(bin("fahras-index") + " -q --db " + db + " " + shell_quote(fahras::test::shared("corpus/news")));
  ASSERT_EQ(ix.status, 0) << ix.err;
  auto run = [&](const std::string& q) {
    auto r = run_command(bin("fahras-search") + " " + db + " --format trec --all-passages -- " + shell_quote(q));
    EXPECT_EQ(r.status, 0) << r.err;
    return r.out;
  };
  const auto plain = run("اوكرانيا السلام");
  EXPECT_GE(count_lines(plain), 2u);
  EXPECT_EQ(run("أوكرانيا السلام"), plain);
  EXPECT_EQ(run("أُوكرانيا السَّلام"), plain);
  const auto inflected = run("بأوكرانيا");
  EXPECT_GE(count_lines(inflected), 1u);
}

namespace {

TEST_F(SearcherCli, AParagraphLongTitleIsShortenedInTheTextHeading) {
  // A document without a headline gets its first paragraph as title; the
  // heading must still fit a line, ending in an ellipsis, with id and score.
  std::string title;
  for (int i = 0; i < 40; ++i) title += "كلمة ";
  const std::string text = title + "\n\nنص يذكر السلحفاة البحرية.";
  const std::string doc = tmp_.write("long-title.txt", text);
  const std::string db = tmp_.path("long-title-db");
  auto r = index(db, doc);
  ASSERT_EQ(r.status, 0) << r.err;
  auto s = search("--color never السلحفاة", db);
  ASSERT_EQ(s.status, 0) << s.err;
  const std::string hits = after_header(s.out);
  const std::string heading = hits.substr(0, hits.find('\n'));
  EXPECT_LT(heading.size(), 260u) << heading;
  EXPECT_NE(heading.find("\u2026"), std::string::npos) << heading;
  EXPECT_NE(heading.find("long-title.txt"), std::string::npos) << heading;
}

}  // namespace

namespace {

TEST_F(SearcherCli, ASnippetAcrossParagraphsStaysOnOneIndentedLine) {
  // Short paragraphs are merged into one passage; its snippet must not carry
  // the paragraph break into the output, which would break the layout.
  const std::string doc = tmp_.write("paragraphs.txt", "عنوان\n\nالسلحفاة تسبح.\n\nالسلحفاة تأكل.\n\nالسلحفاة تنام.\n");
  const std::string db = tmp_.path("paragraphs-db");
  auto r = index(db, doc);
  ASSERT_EQ(r.status, 0) << r.err;
  auto s = search("--color never السلحفاة", db);
  ASSERT_EQ(s.status, 0) << s.err;
  const std::string hits = after_header(s.out);
  ASSERT_EQ(count_lines(hits), 3u) << s.out;  // heading, snippet, blank line
  const std::string snippet = hits.substr(hits.find('\n') + 1);
  EXPECT_EQ(snippet.rfind("   ", 0), 0u) << snippet;
  EXPECT_NE(snippet.find("تسبح"), std::string::npos) << snippet;
  EXPECT_NE(snippet.find("تنام"), std::string::npos) << snippet;
}

}  // namespace

namespace {

TEST_F(SearcherCli, CollisionsListsTheStemUnitingTheMostForms) {
  if (!fahras::test::have_binary("fahras-collisions")) GTEST_SKIP() << "fahras-collisions not built";
  const std::string corpus =
      tmp_.write("forms.jsonl",
                 "{\"id\":\"a\",\"title\":\"ا\",\"text\":\"الكتاب كتاب والكتاب بالكتاب المدرسة\"}\n"
                 "{\"id\":\"b\",\"title\":\"ب\",\"text\":\"الكتاب كتاب والكتاب بالكتاب المدرسة والمدرسة\"}\n");
  const std::string db = tmp_.path("forms-db");
  ASSERT_EQ(index(db, corpus).status, 0);
  auto r = run_command(bin("fahras-collisions") + " --db " + shell_quote(db) + " --top 2");
  ASSERT_EQ(r.status, 0) << r.err;
  // كتاب unites four forms seen in both passages; مدرس two (والمدرسة is in one only).
  EXPECT_EQ(r.out.rfind("كتاب\t4 forms\t", 0), 0u) << r.out;
  EXPECT_NE(r.out.find("\nمدرس\t1 forms"), std::string::npos) << r.out;
  auto bad = run_command(bin("fahras-collisions") + " --db " + shell_quote(tmp_.path("missing")));
  EXPECT_NE(bad.status, 0);
  EXPECT_NE(bad.err.find("fahras-collisions:"), std::string::npos) << bad.err;
}

}  // namespace

namespace {

// Issue 16: the answer a user sees, through the real binaries.
class SearcherAnswer : public SearcherCli {
 protected:
  void SetUp() override {
    SearcherCli::SetUp();
    if (IsSkipped()) return;
    // One document of several passages with metadata; the query word is in
    // its last passage only.
    std::string text;
    for (int i = 0; i < 6; ++i) text += "فقرة رقم " + std::to_string(i) + " عن الطقس والمطر والرياح في الشتاء. ";
    text += "\\n\\nوفي الفقرة الأخيرة ذكر السلحفاة البحرية.";
    const auto input = tmp_.write("meta.jsonl", "{\"id\":\"multi\",\"title\":\"مقال طويل\",\"text\":\"" + text +
                                                    "\",\"date\":\"2015-07-21T02:51:32\",\"source\":\"aawsat\"}\n");
    meta_db_ = tmp_.path("meta-db");
    auto ix = index(meta_db_, input, "--passage-size 64");
    ASSERT_EQ(ix.status, 0) << ix.err;
  }
  std::string meta_db_;
};

nlohmann::json parse_answer(const CommandResult& r) {
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << "one answer object, one line: " << r.out;
  return nlohmann::json::parse(r.out);
}

}  // namespace

TEST_F(SearcherAnswer, JsonIsOneAnswerObjectWithTotalPageAndHits) {
  const auto a = parse_answer(search("--format json --limit 2 -- 'ما هي أوكرانيا'"));
  EXPECT_EQ(a["query"]["text"], "ما هي أوكرانيا");
  EXPECT_EQ(a["query"]["understood"], "اوكرانيا") << a.dump();  // the stem searched
  EXPECT_EQ(a["total"]["value"], 2);
  EXPECT_EQ(a["total"]["exact"], true);
  EXPECT_EQ(a["total"]["unit"], "documents");
  EXPECT_EQ(a["offset"], 0);
  EXPECT_EQ(a["limit"], 2);
  EXPECT_EQ(a["ignored_words"], nlohmann::json::array({"ما", "هي"}));
  EXPECT_TRUE(a["notices"].is_array());
  ASSERT_EQ(a["hits"].size(), 2u);
  for (const auto& h : a["hits"]) {
    for (const char* key : {"rank", "docid", "passage", "passage_count", "score", "title", "metadata", "snippet",
                            "snippet_html", "snippet_range", "highlights", "source_range"})
      EXPECT_TRUE(h.contains(key)) << key << " in " << h.dump();
    EXPECT_NE(h["snippet_html"].get<std::string>().find("<mark>"), std::string::npos) << h.dump();
  }
}

TEST_F(SearcherAnswer, JsonWithNoMatchIsAValidEmptyAnswer) {
  const auto a = parse_answer(search("--format json كمبيوتر"));
  EXPECT_EQ(a["hits"], nlohmann::json::array());
  EXPECT_EQ(a["total"]["value"], 0);
}

TEST_F(SearcherAnswer, EveryPassageHitCarriesItsDocumentsMetadata) {
  // Failed before: metadata was on passage 1 only.
  const auto a = parse_answer(search("--format json السلحفاة", meta_db_));
  ASSERT_EQ(a["hits"].size(), 1u);
  EXPECT_GT(a["hits"][0]["passage"].get<int>(), 0) << "the test needs a hit past passage 1";
  EXPECT_EQ(a["hits"][0]["metadata"]["source"], "aawsat") << a.dump();
  const auto all = parse_answer(search("--format json --all-passages --limit 50 -- 'الطقس OR السلحفاة'", meta_db_));
  ASSERT_GT(all["hits"].size(), 2u);
  for (const auto& h : all["hits"]) EXPECT_EQ(h["metadata"]["date"], "2015-07-21T02:51:32") << h.dump();
}

// A hit on a later passage takes its document's metadata from passage 0's
// metadata slot, not its record (schema.h, kSlotMetadata); a database whose
// passage 0 lacks the slot (written before it) still shows the record's.
TEST_F(SearcherAnswer, ALaterPassageReadsTheMetadataSlotOrWithoutItTheRecord) {
  auto source_of_hit = [&] {
    const auto a = parse_answer(search("--format json السلحفاة", meta_db_));
    EXPECT_EQ(a["hits"].size(), 1u);
    EXPECT_GT(a["hits"][0]["passage"].get<int>(), 0);
    return a["hits"][0]["metadata"].value("source", std::string("(none)"));
  };
  auto edit_passage_zero = [&](const std::function<void(Xapian::Document&)>& edit) {
    Xapian::WritableDatabase db(meta_db_);
    for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
      Xapian::Document d = db.get_document(*it);
      if (Xapian::sortable_unserialise(d.get_value(fahras::schema::kSlotPassageNo)) != 0) continue;
      ASSERT_EQ(d.get_value(fahras::schema::kSlotMetadata).substr(0, 1), std::string(1, fahras::schema::kMetadataMark));
      edit(d);
      db.replace_document(*it, d);
    }
    db.commit();
  };
  EXPECT_EQ(source_of_hit(), "aawsat");
  // The slot is what is read: a different value there shows through.
  edit_passage_zero([](Xapian::Document& d) {
    d.add_value(fahras::schema::kSlotMetadata, std::string(1, fahras::schema::kMetadataMark) + R"({"source":"slot"})");
  });
  EXPECT_EQ(source_of_hit(), "slot");
  // Without the slot, the record's metadata.
  edit_passage_zero([](Xapian::Document& d) { d.remove_value(fahras::schema::kSlotMetadata); });
  EXPECT_EQ(source_of_hit(), "aawsat");
}

TEST_F(SearcherAnswer, TextShowsTheCountAndEachHitsDateAndSource) {
  auto r = search("--color never السلحفاة", meta_db_);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out.rfind("1 document matches; showing 1\n", 0), 0u) << r.out;
  EXPECT_NE(r.out.find("\n   2015-07-21 · aawsat\n"), std::string::npos) << r.out;
  auto many = search("--color never --all-passages الطقس", meta_db_);
  EXPECT_NE(many.out.find(" passages match; showing 1–"), std::string::npos) << many.out;
}

TEST_F(SearcherAnswer, APageAfterTheLastHitSaysHowManyMatch) {
  // Failed before: "no passage matches" although two documents match.
  auto r = search("--color never --offset 5000 أوكرانيا");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "2 documents match; none on this page (offset 5000)\n\n");
  EXPECT_EQ(r.err.find("no passage matches"), std::string::npos) << r.err;
  auto zero = search("--color never --limit 0 أوكرانيا");
  EXPECT_EQ(zero.out, "2 documents match; none shown (limit 0)\n\n");
  EXPECT_EQ(zero.err.find("no passage matches"), std::string::npos) << zero.err;
  auto trec = search("--format trec --offset 5000 أوكرانيا");
  EXPECT_EQ(trec.out, "");
  EXPECT_EQ(trec.err, "fahras-search: 2 documents match; none on this page (offset 5000)\n");
  const auto a = parse_answer(search("--format json --offset 5000 أوكرانيا"));
  EXPECT_EQ(a["total"]["value"], 2);
  EXPECT_EQ(a["hits"].size(), 0u);
}

TEST_F(SearcherAnswer, JsonLinesKeepTheLineFormatAndTrecStdoutIsUnchanged) {
  auto r = search("--format jsonl --qid q9 أوكرانيا");
  ASSERT_EQ(r.status, 0) << r.err;
  ASSERT_EQ(count_lines(r.out), 2u) << r.out;
  const auto line = nlohmann::json::parse(r.out.substr(0, r.out.find('\n')));
  EXPECT_EQ(line["qid"], "q9");
  EXPECT_EQ(line["query"], "أوكرانيا");
  EXPECT_EQ(line["rank"], 1);
  auto trec = search("--format trec أوكرانيا");
  ASSERT_EQ(count_lines(trec.out), 2u) << trec.out;
  EXPECT_EQ(trec.out.rfind("1 Q0 ", 0), 0u) << trec.out;
  EXPECT_EQ(trec.err, "fahras-search: 2 documents match\n");
}

TEST_F(SearcherAnswer, VisualBidiKeepsAnIdWithDigitsAndUnderscoresWhole) {
  // Failed before: "[0300bacb8aeb6261.txt · passage 1/9 · score 2.475_001]".
  const std::string id = "001_0300bacb8aeb6261.txt";
  const auto dir = tmp_.path("bidi");
  std::filesystem::create_directories(dir);
  tmp_.write("bidi/" + id, "عنوان عربي\n\nنص عن السلحفاة البحرية.\n");
  const auto db = tmp_.path("bidi-db");
  ASSERT_EQ(index(db, dir).status, 0);
  auto r = search("--color never --bidi visual السلحفاة", db);
  ASSERT_EQ(r.status, 0) << r.err;
  const std::string heading = after_header(r.out);
  EXPECT_NE(heading.find(id), std::string::npos) << heading;
  EXPECT_EQ(heading.find("\u2066"), std::string::npos) << heading;
}
