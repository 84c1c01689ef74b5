// Integration tests: run the real fahras-index binary and inspect the
// database it writes with Xapian directly.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <xapian.h>

#include "fahras/analyzer.h"
#include "fahras/passage_record.h"
#include "fahras/schema.h"
#include "test_util.h"

extern char** environ;

namespace {

namespace fs = std::filesystem;
namespace schema = fahras::schema;

const std::string kBin = std::string(FAHRAS_BIN_DIR) + "/fahras-index";
const std::string kShared = FAHRAS_SHARED_DIR;

using fahras::test::CommandResult;
using fahras::test::read_file;
using fahras::test::run_command;
using fahras::test::shell_quote;
using fahras::test::TempDir;

// Runs fahras-index with `args` (shell words, already quoted as needed).
CommandResult run_indexer(const std::string& args, const std::string& stdin_file = "") {
  return run_command(shell_quote(kBin) + " " + args +
                     (stdin_file.empty() ? " </dev/null" : " <" + shell_quote(stdin_file)));
}

// Starts fahras-index asynchronously; returns its pid.
pid_t spawn_indexer(const std::vector<std::string>& args, const std::string& stderr_file) {
  std::vector<std::string> all = {kBin};
  all.insert(all.end(), args.begin(), args.end());
  return fahras::test::spawn(all, "", "", stderr_file);
}

int wait_status(pid_t pid) {
  int raw = 0;
  ::waitpid(pid, &raw, 0);
  return WIFEXITED(raw) ? WEXITSTATUS(raw) : 128 + WTERMSIG(raw);
}

bool xapian_check(const std::string& db, std::string& output) {
  const CommandResult r = run_command("xapian-check " + shell_quote(db) + " 2>&1");
  output = r.out;
  return r.status == 0;
}

bool have_xapian_check() { return std::system("command -v xapian-check >/dev/null 2>&1") == 0; }

// Everything a test wants to know about a database, read through Xapian.
struct DbSummary {
  Xapian::doccount passages = 0;
  std::map<std::string, std::vector<fahras::PassageRecord>> docs;  // id -> records by passage number
};

DbSummary summarize(const std::string& path) {
  Xapian::Database db(path);
  DbSummary s;
  s.passages = db.get_doccount();
  for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
    const Xapian::Document doc = db.get_document(*it);
    fahras::PassageRecord r = fahras::decode_passage_record(doc.get_data());
    EXPECT_EQ(doc.get_value(schema::kSlotDocId), r.doc_id);
    EXPECT_EQ(Xapian::sortable_unserialise(doc.get_value(schema::kSlotPassageNo)), r.passage_no);
    s.docs[r.doc_id].push_back(std::move(r));
  }
  for (auto& [id, records] : s.docs) {
    std::sort(records.begin(), records.end(), [](const auto& a, const auto& b) { return a.passage_no < b.passage_no; });
    // No duplicates, no gaps: exactly passages 0..count-1, each once.
    for (std::size_t i = 0; i < records.size(); ++i) {
      EXPECT_EQ(records[i].passage_no, i) << id;
      EXPECT_EQ(records[i].passage_count, records.size()) << id;
    }
    EXPECT_EQ(db.get_termfreq(std::string(schema::kDocIdPrefix) + id), records.size()) << id;
  }
  return s;
}

std::string stem_term(std::string_view prefix, std::string_view word) {
  fahras::Analyzer analyzer;
  std::string term;
  analyzer.analyze(word, [&](const fahras::AnalyzedToken& t) { term = std::string(prefix) + std::string(t.stem); });
  return term;
}

std::string exact_term(std::string_view word) {
  fahras::Analyzer analyzer;
  std::string term;
  analyzer.analyze(
      word, [&](const fahras::AnalyzedToken& t) { term = std::string(schema::kExactPrefix) + std::string(t.norm); });
  return term;
}

// A small corpus with paragraphs long enough to give several passages.
std::string article(int n) {
  std::string text = "عنوان المقال رقم " + std::to_string(n) + "\n\n";
  for (int p = 0; p < 6; ++p) {
    for (int s = 0; s < 8; ++s) {
      text += "أجرى الرئيس مكالمة هاتفية تناولت الصراع في أوكرانيا والقضايا الاقتصادية رقم " +
              std::to_string(n * 100 + p * 10 + s) + ". ";
    }
    text += "\n\n";
  }
  return text;
}

TEST(IndexerCli, HelpDocumentsExitStatusesAndExamples) {
  TempDir dir;
  const int raw = std::system((shell_quote(kBin) + " --help >" + shell_quote(dir.path("out"))).c_str());
  ASSERT_TRUE(WIFEXITED(raw));
  EXPECT_EQ(WEXITSTATUS(raw), 0);
  const std::string help = read_file(dir.path("out"));
  for (const char* needle : {"Exit status:", "  0  success", "  1  success with warnings", "  2  failure",
                             "  3  interrupted", "Examples:", "--passage-size", "--strict"}) {
    EXPECT_NE(help.find(needle), std::string::npos) << needle;
  }
}

TEST(IndexerCli, MissingDbIsAUsageFailure) {
  const CommandResult r = run_indexer("somefile.txt");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("--db"), std::string::npos) << r.err;
}

TEST(IndexerCli, IndexesGeneratedCorpusWithOffsetsTitlesAndMetadata) {
  TempDir dir;
  for (int n = 0; n < 3; ++n) dir.write("corpus/doc" + std::to_string(n) + ".txt", article(n));
  dir.write("corpus/extra.jsonl",
            R"({"id":"j1","title":"عنوان جانبي","text":"نص قصير عن الاقتصاد.","source":"okaz","year":2015})"
            "\n");
  const std::string db = dir.path("db");
  const CommandResult r =
      run_indexer("-v --db " + shell_quote(db) + " --passage-size 500 " + shell_quote(dir.path("corpus")));
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.err.find("4 documents"), std::string::npos) << r.err;  // the summary line

  const DbSummary s = summarize(db);
  ASSERT_EQ(s.docs.size(), 4u);
  for (int n = 0; n < 3; ++n) {
    const std::string id = "doc" + std::to_string(n) + ".txt";
    ASSERT_TRUE(s.docs.count(id)) << id;
    const auto& records = s.docs.at(id);
    EXPECT_GE(records.size(), 4u);
    const std::string original = read_file(dir.path("corpus/" + id));
    for (const auto& rec : records) {
      EXPECT_EQ(rec.title, "عنوان المقال رقم " + std::to_string(n));
      ASSERT_LE(rec.end, original.size());
      EXPECT_EQ(original.substr(rec.begin, rec.end - rec.begin), rec.text) << "offsets do not slice back";
      EXPECT_LE(rec.text.size(), 1000u);
      EXPECT_TRUE(rec.metadata_json.empty());
    }
  }
  const auto& j1 = s.docs.at("j1");
  ASSERT_EQ(j1.size(), 1u);
  EXPECT_EQ(j1[0].title, "عنوان جانبي");
  EXPECT_EQ(j1[0].metadata_json, R"({"source":"okaz","year":2015})");

  Xapian::Database xdb(db);
  EXPECT_GT(xdb.get_termfreq(stem_term(schema::kStemPrefix, "أوكرانيا")), 0u);
  EXPECT_GT(xdb.get_termfreq(exact_term("الاقتصادية")), 0u);
  EXPECT_EQ(xdb.get_termfreq(stem_term(schema::kTitleStemPrefix, "جانبي")), 1u);
  EXPECT_EQ(xdb.get_termfreq(std::string(schema::kTitlePrefix) + exact_term("جانبي")), 1u);
  EXPECT_TRUE(xdb.has_positions());
  // Stemmed body terms carry positions (phrase search), exact words do not.
  const std::string stem = stem_term(schema::kStemPrefix, "أوكرانيا");
  const std::string word = exact_term("أوكرانيا");
  const Xapian::docid first = *xdb.postlist_begin(stem);
  EXPECT_NE(xdb.positionlist_begin(first, stem), xdb.positionlist_end(first, stem));
  EXPECT_EQ(xdb.positionlist_begin(first, word), xdb.positionlist_end(first, word));
  EXPECT_EQ(xdb.get_metadata(std::string(schema::kMetaAnalyzer)), fahras::Analyzer().config_string());
  EXPECT_EQ(xdb.get_metadata(std::string(schema::kMetaStemmer)), "fahras");
  // The default layout: the title inside the body terms' wdf (schema 3).
  EXPECT_EQ(xdb.get_metadata(std::string(schema::kMetaSchema)), std::to_string(schema::kSchemaVersion));
  EXPECT_EQ(xdb.get_metadata(std::string(schema::kMetaTitleWdf)), std::to_string(schema::kTitleWdf));
  EXPECT_EQ(xdb.get_metadata(std::string(schema::kMetaPassageTarget)), "500");
}

// --title-in-body on writes schema 3 (the title as body wdf, its ZS terms on
// the first passage only); an existing database keeps its layout, and the
// other one is refused rather than mixed into it.
TEST(IndexerCli, TitleInBodyIsRecordedKeptAndNeverMixed) {
  TempDir dir;
  dir.write(
      "a.jsonl",
      R"({"id":"j1","title":"إرهابيو داعش","text":"تحدث الوزير طويلا عن الأمن في المنطقة كلها.\n\nثم انتقل إلى الاقتصاد والتجارة والصناعة والزراعة."})"
      "\n");
  dir.write("b.jsonl", R"({"id":"j2","title":"داعش","text":"نص آخر عن الزراعة."})"
                       "\n");
  const std::string db = dir.path("db");
  CommandResult r = run_indexer("-q --title-in-body on --passage-size 64 --db " + shell_quote(db) + " " +
                                shell_quote(dir.path("a.jsonl")));
  ASSERT_EQ(r.status, 0) << r.err;
  {
    Xapian::Database xdb(db);
    EXPECT_EQ(xdb.get_metadata(std::string(schema::kMetaSchema)), std::to_string(schema::kSchemaVersion));
    EXPECT_EQ(xdb.get_metadata(std::string(schema::kMetaTitleWdf)), std::to_string(schema::kTitleWdf));
    const std::string q = std::string(schema::kDocIdPrefix) + "j1";
    ASSERT_GT(xdb.get_termfreq(q), 1u) << "the test needs a document of several passages";
    EXPECT_EQ(xdb.get_termfreq(stem_term(schema::kTitleStemPrefix, "داعش")), 1u);
    EXPECT_EQ(xdb.get_termfreq(stem_term(schema::kStemPrefix, "داعش")), xdb.get_termfreq(q));
  }
  // Without the option: added as the database was built.
  r = run_indexer("-q --db " + shell_quote(db) + " " + shell_quote(dir.path("b.jsonl")));
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(Xapian::Database(db).get_termfreq(stem_term(schema::kTitleStemPrefix, "داعش")), 2u);
  r = run_indexer("-q --title-in-body off --db " + shell_quote(db) + " " + shell_quote(dir.path("b.jsonl")));
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.err.find("--title-in-body on"), std::string::npos) << r.err;
  r = run_indexer("-q --title-in-body maybe --db " + shell_quote(db) + " " + shell_quote(dir.path("b.jsonl")));
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.err.find("--title-in-body must be on or off"), std::string::npos) << r.err;
}

// A schema 2 database (built before schema 3 became the default, or with
// --title-in-body off) keeps its layout when added to without the option.
TEST(IndexerCli, ASchema2DatabaseKeepsItsLayoutWhenAddedToByDefault) {
  TempDir dir;
  dir.write(
      "a.jsonl",
      R"({"id":"j1","title":"إرهابيو داعش","text":"تحدث الوزير طويلا عن الأمن في المنطقة كلها.\n\nثم انتقل إلى الاقتصاد والتجارة والصناعة والزراعة."})"
      "\n");
  dir.write(
      "b.jsonl",
      R"({"id":"j2","title":"داعش","text":"نص آخر عن الزراعة.\n\nونص ثان طويل عن الصناعة والتجارة في المدن الكبرى."})"
      "\n");
  const std::string db = dir.path("db");
  CommandResult r = run_indexer("-q --title-in-body off --passage-size 64 --db " + shell_quote(db) + " " +
                                shell_quote(dir.path("a.jsonl")));
  ASSERT_EQ(r.status, 0) << r.err;
  r = run_indexer("-q --passage-size 64 --db " + shell_quote(db) + " " + shell_quote(dir.path("b.jsonl")));
  ASSERT_EQ(r.status, 0) << r.err;
  Xapian::Database xdb(db);
  EXPECT_EQ(xdb.get_metadata(std::string(schema::kMetaSchema)), std::to_string(schema::kSchemaVersionTitleTerms));
  EXPECT_EQ(xdb.get_metadata(std::string(schema::kMetaTitleWdf)), "");
  // Schema 2: the title's ZS terms on every passage of both documents.
  ASSERT_GT(xdb.get_termfreq(std::string(schema::kDocIdPrefix) + "j2"), 1u);
  EXPECT_EQ(xdb.get_termfreq(stem_term(schema::kTitleStemPrefix, "داعش")), xdb.get_doccount());
}

// Issue 16: a word only in a JSON Lines title was not found by a plain
// query, while a text file's title line is part of its body. The title now
// joins the first passage's body, after a gap; a title already in the text
// (a text file's first line) is not indexed twice. Schema 2's layout, where
// no other passage has the title's words in its body; the default layout's
// is the next test.
TEST(IndexerCli, TitleWordsJoinTheFirstPassageBodyOnceAfterAGap) {
  TempDir dir;
  dir.write(
      "corpus/a.jsonl",
      R"({"id":"j1","title":"إرهابيو داعش","text":"تحدث الوزير طويلا عن الأمن في المنطقة كلها.\n\nثم انتقل إلى الاقتصاد والتجارة والصناعة والزراعة."})"
      "\n");
  dir.write("corpus/t.txt", "عنوان الملف النصي\n\nنص الملف عن الزراعة.\n");
  const std::string db = dir.path("db");
  const CommandResult r = run_indexer("-q --title-in-body off --db " + shell_quote(db) + " --passage-size 64 " +
                                      shell_quote(dir.path("corpus")));
  ASSERT_EQ(r.status, 0) << r.err;
  Xapian::Database xdb(db);
  const std::string title_word = stem_term(schema::kStemPrefix, "داعش");
  const std::string title_q = std::string(schema::kDocIdPrefix) + "j1";
  // Only in the first passage's body, as a body stem with positions past the text's.
  ASSERT_EQ(xdb.get_termfreq(title_word), 1u);
  EXPECT_EQ(xdb.get_termfreq(exact_term("داعش")), 1u);
  const Xapian::docid did = *xdb.postlist_begin(title_word);
  const std::string data = xdb.get_document(did).get_data();
  EXPECT_EQ(fahras::decode_passage_record(data).passage_no, 0u);
  const std::string text_word = stem_term(schema::kStemPrefix, "الأمن");
  Xapian::termpos last_text = 0;
  for (auto p = xdb.positionlist_begin(did, text_word); p != xdb.positionlist_end(did, text_word); ++p)
    last_text = std::max(last_text, *p);
  ASSERT_GT(last_text, 0u);
  EXPECT_GT(*xdb.positionlist_begin(did, title_word), last_text + schema::kTitleBodyGap - 10);
  EXPECT_GT(xdb.get_termfreq(title_q), 1u) << "the test needs a document of several passages";
  // The text file's title line is its text: its words are there once.
  const std::string txt_word = stem_term(schema::kStemPrefix, "النصي");
  ASSERT_EQ(xdb.get_termfreq(txt_word), 1u);
  EXPECT_EQ(xdb.postlist_begin(txt_word).get_wdf(), 1u);
}

// The default layout (schema 3): a title word weighs kTitleWdf in the body of
// every passage, without positions, and joins the first passage's text after
// the gap as on schema 2, so phrases and NEAR see it only there.
TEST(IndexerCli, TitleWordsWeighInEveryPassageAndHavePositionsOnlyInTheFirst) {
  TempDir dir;
  dir.write(
      "a.jsonl",
      R"({"id":"j1","title":"إرهابيو داعش","text":"تحدث الوزير طويلا عن الأمن في المنطقة كلها.\n\nثم انتقل إلى الاقتصاد والتجارة والصناعة والزراعة."})"
      "\n");
  const std::string db = dir.path("db");
  const CommandResult r =
      run_indexer("-q --db " + shell_quote(db) + " --passage-size 64 " + shell_quote(dir.path("a.jsonl")));
  ASSERT_EQ(r.status, 0) << r.err;
  Xapian::Database xdb(db);
  const std::string title_word = stem_term(schema::kStemPrefix, "داعش");
  const std::string q = std::string(schema::kDocIdPrefix) + "j1";
  ASSERT_GT(xdb.get_termfreq(q), 1u) << "the test needs a document of several passages";
  EXPECT_EQ(xdb.get_termfreq(title_word), xdb.get_termfreq(q));
  const std::string text_word = stem_term(schema::kStemPrefix, "الأمن");
  for (auto p = xdb.postlist_begin(title_word); p != xdb.postlist_end(title_word); ++p) {
    const auto no = fahras::decode_passage_record(xdb.get_document(*p).get_data()).passage_no;
    const bool positions = xdb.positionlist_begin(*p, title_word) != xdb.positionlist_end(*p, title_word);
    EXPECT_EQ(positions, no == 0) << "passage " << no;
    if (no == 0) {
      EXPECT_GT(*xdb.positionlist_begin(*p, title_word), *xdb.positionlist_begin(*p, text_word));
    } else {
      EXPECT_EQ(p.get_wdf(), schema::kTitleWdf) << "passage " << no;
    }
  }
}

TEST(IndexerCli, ReindexingReplacesPassagesAndDeleteRemovesADocument) {
  TempDir dir;
  for (int n = 0; n < 3; ++n) dir.write("corpus/doc" + std::to_string(n) + ".txt", article(n));
  const std::string db = dir.path("db");
  ASSERT_EQ(run_indexer("-q --db " + shell_quote(db) + " " + shell_quote(dir.path("corpus"))).status, 0);
  const DbSummary first = summarize(db);
  const CommandResult again = run_indexer("-q --db " + shell_quote(db) + " " + shell_quote(dir.path("corpus")));
  ASSERT_EQ(again.status, 0) << again.err;
  const DbSummary second = summarize(db);
  EXPECT_EQ(second.passages, first.passages);
  EXPECT_EQ(second.docs.size(), 3u);

  // A changed document replaces all its old passages, even with fewer of them.
  dir.write("corpus/doc1.txt", "عنوان جديد\nنص قصير.");
  ASSERT_EQ(run_indexer("-q --db " + shell_quote(db) + " " + shell_quote(dir.path("corpus/doc1.txt"))).status, 0);
  const DbSummary changed = summarize(db);
  ASSERT_EQ(changed.docs.at("doc1.txt").size(), 1u);
  EXPECT_EQ(changed.docs.at("doc1.txt")[0].text, "عنوان جديد\nنص قصير.");

  const CommandResult del = run_indexer("--db " + shell_quote(db) + " --delete doc0.txt --delete doc2.txt");
  ASSERT_EQ(del.status, 0) << del.err;
  const DbSummary after = summarize(db);
  EXPECT_EQ(after.docs.size(), 1u);
  EXPECT_EQ(after.passages, 1u);

  const CommandResult missing = run_indexer("-q --db " + shell_quote(db) + " --delete nope");
  EXPECT_EQ(missing.status, 1);
  EXPECT_NE(missing.err.find("nope"), std::string::npos) << missing.err;
}

TEST(IndexerCli, BadInputsAreWarningsAndTheRestIsIndexed) {
  TempDir dir;
  dir.write("corpus/good.txt", article(1));
  dir.write("corpus/binary.bin", std::string("\x7f"
                                             "ELF\0\0\0",
                                             7));
  dir.write("corpus/docs.jsonl", R"({"id":"a","text":"نص أول"})"
                                 "\n"
                                 R"({"id":"b","text":)"
                                 "\n"
                                 R"({"id":"c","title":"بلا نص"})"
                                 "\n"
                                 R"({"id":"d","text":"نص أخير"})"
                                 "\n");
  const std::string db = dir.path("db");
  const CommandResult r = run_indexer("--db " + shell_quote(db) + " " + shell_quote(dir.path("corpus")));
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_NE(r.err.find("binary.bin"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("docs.jsonl:2: malformed JSON"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("docs.jsonl:3: missing \"text\""), std::string::npos) << r.err;
  const DbSummary s = summarize(db);
  EXPECT_EQ(s.docs.size(), 3u);  // good.txt, a, d
  EXPECT_TRUE(s.docs.count("a") && s.docs.count("d") && s.docs.count("good.txt"));
}

TEST(IndexerCli, StrictModeFailsWithoutCommittingTheBatch) {
  TempDir dir;
  const std::string input = dir.write("docs.jsonl", R"({"id":"a","text":"نص أول"})"
                                                    "\n"
                                                    R"({"id":"b","text":"نص ثان"})"
                                                    "\n"
                                                    "not json\n"
                                                    R"({"id":"d","text":"نص أخير"})"
                                                    "\n");
  const std::string db = dir.path("db");
  const CommandResult r = run_indexer("--strict --db " + shell_quote(db) + " " + shell_quote(input));
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_NE(r.err.find("docs.jsonl:3"), std::string::npos) << r.err;
  EXPECT_EQ(Xapian::Database(db).get_doccount(), 0u);

  // With batches of one document, the ones before the bad line are committed.
  const std::string db2 = dir.path("db2");
  EXPECT_EQ(
      run_indexer("--strict --batch-size 1 --threads 1 --db " + shell_quote(db2) + " " + shell_quote(input)).status, 2);
  const DbSummary s = summarize(db2);
  EXPECT_EQ(s.docs.size(), 2u);
  EXPECT_TRUE(s.docs.count("a") && s.docs.count("b"));

  // With batches of three, the batch holding a and b is the failing one.
  const std::string db3 = dir.path("db3");
  EXPECT_EQ(run_indexer("-q --strict --batch-size 3 --db " + shell_quote(db3) + " " + shell_quote(input)).status, 2);
  EXPECT_EQ(Xapian::Database(db3).get_doccount(), 0u);
}

TEST(IndexerCli, DuplicateIdInOneRunKeepsOnlyTheLastVersion) {
  TempDir dir;
  const std::string input = dir.write("docs.jsonl", R"({"id":"a","text":"النسخة الأولى"})"
                                                    "\n"
                                                    R"({"id":"b","text":"وثيقة أخرى"})"
                                                    "\n"
                                                    R"({"id":"a","text":"النسخة الثانية"})"
                                                    "\n");
  const std::string db = dir.path("db");
  ASSERT_EQ(run_indexer("-q --db " + shell_quote(db) + " " + shell_quote(input)).status, 0);
  const DbSummary s = summarize(db);
  EXPECT_EQ(s.passages, 2u);
  ASSERT_EQ(s.docs.at("a").size(), 1u);
  EXPECT_EQ(s.docs.at("a")[0].text, "النسخة الثانية");
}

TEST(IndexerCli, DocumentWithThousandsOfPassagesIsIndexedCompletely) {
  // More passages than the pipeline builds at once, so it goes through in chunks.
  TempDir dir;
  std::string big = "كتاب طويل\n";
  for (int p = 0; p < 1200; ++p) big += "فقرة رقم " + std::to_string(p) + " عن الاقتصاد والسياسة في المنطقة.\n\n";
  dir.write("corpus/a_big.txt", big);
  dir.write("corpus/b_small.txt", article(7));
  const std::string db = dir.path("db");
  const CommandResult r = run_indexer("-q --passage-size 64 --batch-size 1 --db " + shell_quote(db) + " " +
                                      shell_quote(dir.path("corpus")));
  ASSERT_EQ(r.status, 0) << r.err;
  const DbSummary s = summarize(db);  // checks passages 0..n-1 each exactly once
  ASSERT_EQ(s.docs.size(), 2u);
  const auto& records = s.docs.at("a_big.txt");
  EXPECT_GT(records.size(), 1000u);
  for (const auto& rec : records) {
    ASSERT_EQ(big.substr(rec.begin, rec.end - rec.begin), rec.text);
  }
  // Passages of one document get consecutive docids, in order.
  Xapian::Database xdb(db);
  Xapian::docid previous = 0;
  const std::string q_term = std::string(schema::kDocIdPrefix) + "a_big.txt";
  for (auto it = xdb.postlist_begin(q_term); it != xdb.postlist_end(q_term); ++it) {
    const auto rec = fahras::decode_passage_record(xdb.get_document(*it).get_data());
    if (previous) {
      EXPECT_EQ(*it, previous + 1);
    }
    previous = *it;
    EXPECT_EQ(rec.passage_no + 1, *it);  // the first document of a new database
  }
}

TEST(IndexerCli, StdinIsReadAsJsonLines) {
  TempDir dir;
  const std::string input = dir.write("in.jsonl", R"({"id":"s1","text":"من المدخل القياسي"})"
                                                  "\n");
  const std::string db = dir.path("db");
  const CommandResult r = run_indexer("--db " + shell_quote(db) + " -", input);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(summarize(db).docs.count("s1"), 1u);
}

TEST(IndexerCli, LockedDatabaseIsRefusedAtOnce) {
  TempDir dir;
  const std::string db = dir.path("db");
  Xapian::WritableDatabase holder(db, Xapian::DB_CREATE_OR_OPEN);
  const std::string input = dir.write("a.txt", "نص");
  const CommandResult r = run_indexer("--db " + shell_quote(db) + " " + shell_quote(input));
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("database is locked by another writer"), std::string::npos) << r.err;
}

TEST(IndexerCli, DatabaseOfAnotherAnalyzerIsRefused) {
  TempDir dir;
  const std::string db = dir.path("db");
  const std::string input = dir.write("a.txt", "نص");
  ASSERT_EQ(run_indexer("-q --stemmer none --db " + shell_quote(db) + " " + shell_quote(input)).status, 0);
  const CommandResult r = run_indexer("--stemmer fahras --db " + shell_quote(db) + " " + shell_quote(input));
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("mix analyzers"), std::string::npos) << r.err;
}

TEST(IndexerCli, CompactKeepsTheSameContent) {
  TempDir dir;
  for (int n = 0; n < 3; ++n) dir.write("corpus/doc" + std::to_string(n) + ".txt", article(n));
  const std::string db = dir.path("db");
  ASSERT_EQ(run_indexer("-q --db " + shell_quote(db) + " " + shell_quote(dir.path("corpus"))).status, 0);
  const DbSummary before = summarize(db);
  const CommandResult r =
      run_indexer("-q --compact --db " + shell_quote(db + "/") + " " + shell_quote(dir.path("corpus")));
  ASSERT_EQ(r.status, 0) << r.err;
  const DbSummary after = summarize(db);
  EXPECT_EQ(after.passages, before.passages);
  EXPECT_EQ(after.docs.size(), before.docs.size());
  EXPECT_FALSE(fs::exists(db + ".compact-tmp"));
  if (have_xapian_check()) {
    std::string out;
    EXPECT_TRUE(xapian_check(db, out)) << out;
  }
}

TEST(IndexerCli, NewsCorpusOffsetsSliceBackToTheFiles) {
  const std::string corpus = kShared + "/corpus/news";
  if (!fs::is_directory(corpus)) GTEST_SKIP() << "shared corpus not found at " << corpus;
  TempDir dir;
  const std::string db = dir.path("db");
  const CommandResult r = run_indexer("--db " + shell_quote(db) + " " + shell_quote(corpus));
  ASSERT_EQ(r.status, 0) << r.err;
  const DbSummary s = summarize(db);
  std::size_t files = 0;
  for (const auto& e : fs::directory_iterator(corpus)) files += e.path().extension() == ".txt";
  EXPECT_EQ(s.docs.size(), files);
  EXPECT_GT(s.passages, files * 3);
  for (const auto& [id, records] : s.docs) {
    const std::string original = read_file(corpus + "/" + id);
    for (const auto& rec : records) {
      ASSERT_LE(rec.end, original.size());
      EXPECT_EQ(original.substr(rec.begin, rec.end - rec.begin), rec.text) << id << " passage " << rec.passage_no;
      EXPECT_FALSE(rec.title.empty());
    }
  }
  Xapian::Database xdb(db);
  EXPECT_GT(xdb.get_termfreq(stem_term(schema::kStemPrefix, "أوكرانيا")), 0u);
  EXPECT_GT(xdb.get_termfreq(stem_term(schema::kStemPrefix, "الكرملين")), 0u);

  ASSERT_EQ(run_indexer("-q --db " + shell_quote(db) + " " + shell_quote(corpus)).status, 0);
  EXPECT_EQ(summarize(db).passages, s.passages);
}

// The first `n` lines of SaudiNewsNet, as a temporary JSONL file.
std::string saudinewsnet_subset(const TempDir& dir, std::size_t n) {
  return fahras::test::news_lines(dir, "articles-00.jsonl", "subset.jsonl", 0, n);
}

// Waits until the database at `db` has committed at least `passages`.
bool wait_for_commits(const std::string& db, Xapian::doccount passages, pid_t pid) {
  for (int i = 0; i < 6000; ++i) {  // up to 10 minutes under sanitizers
    int raw;
    if (::waitpid(pid, &raw, WNOHANG) == pid) return false;  // finished too early
    try {
      if (Xapian::Database(db).get_doccount() >= passages) return true;
    } catch (const Xapian::Error&) {  // not created yet
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

TEST(IndexerCli, KillNineLeavesTheLastCommitAndRerunCompletes) {
  TempDir dir;
  const std::string input = saudinewsnet_subset(dir, 600);
  if (input.empty()) GTEST_SKIP() << "SaudiNewsNet not found under " << kShared;
  const std::string full = dir.path("full");
  ASSERT_EQ(run_indexer("-q --db " + shell_quote(full) + " " + shell_quote(input)).status, 0);
  const DbSummary expected = summarize(full);

  const std::string db = dir.path("db");
  // --in-place: a new database is otherwise built aside and only appears at the end (docs/indexing.md).
  const pid_t pid = spawn_indexer({"-q", "--in-place", "--batch-size", "20", "--db", db, input}, dir.path("err"));
  const bool committed = wait_for_commits(db, 100, pid);
  ::kill(pid, SIGKILL);
  const int status = wait_status(pid);
  if (!committed) GTEST_SKIP() << "the indexer finished before it could be killed (status " << status << ")";
  EXPECT_EQ(status, 128 + SIGKILL);

  const DbSummary partial = summarize(db);  // opens at the last commit, records intact
  EXPECT_GT(partial.passages, 0u);
  EXPECT_LT(partial.docs.size(), expected.docs.size());
  if (have_xapian_check()) {
    std::string out;
    EXPECT_TRUE(xapian_check(db, out)) << out;
  }

  const CommandResult rerun = run_indexer("-q --batch-size 20 --db " + shell_quote(db) + " " + shell_quote(input));
  ASSERT_EQ(rerun.status, 0) << rerun.err;
  const DbSummary done = summarize(db);  // also checks: no duplicate passages
  EXPECT_EQ(done.passages, expected.passages);
  EXPECT_EQ(done.docs.size(), expected.docs.size());
}

TEST(IndexerCli, SigintCommitsWhatWasReadAndSaysSo) {
  TempDir dir;
  const std::string input = saudinewsnet_subset(dir, 600);
  if (input.empty()) GTEST_SKIP() << "SaudiNewsNet not found under " << kShared;
  const std::string db = dir.path("db");
  const pid_t pid = spawn_indexer({"--in-place", "--batch-size", "20", "--db", db, input}, dir.path("err"));
  const bool committed = wait_for_commits(db, 100, pid);
  ::kill(pid, SIGINT);
  const int status = wait_status(pid);
  if (!committed) GTEST_SKIP() << "the indexer finished before it could be interrupted (status " << status << ")";
  const std::string err = read_file(dir.path("err"));
  EXPECT_EQ(status, 3) << err;
  EXPECT_NE(err.find("interrupted"), std::string::npos) << err;
  const DbSummary s = summarize(db);
  EXPECT_GT(s.docs.size(), 0u);
  EXPECT_LT(s.docs.size(), 600u);
  // The summary's document count is exactly what was committed.
  EXPECT_NE(err.find(std::to_string(s.docs.size()) + " documents"), std::string::npos) << err;
}

// Scripts and pipelines get no chatter: without a terminal the summary needs
// --verbose, and --quiet wins over both.
TEST(IndexerCli, QuietWhenStderrIsNotATerminalUnlessVerbose) {
  TempDir dir;
  dir.write("corpus/a.txt", "عنوان\nنص قصير عن الاقتصاد والتجارة.\n");
  const CommandResult plain =
      run_indexer("--db " + shell_quote(dir.path("a.db")) + " " + shell_quote(dir.path("corpus")));
  ASSERT_EQ(plain.status, 0) << plain.err;
  EXPECT_EQ(plain.err, "");
  const CommandResult verbose =
      run_indexer("-v --db " + shell_quote(dir.path("b.db")) + " " + shell_quote(dir.path("corpus")));
  ASSERT_EQ(verbose.status, 0) << verbose.err;
  EXPECT_NE(verbose.err.find("1 documents"), std::string::npos) << verbose.err;
  const CommandResult both =
      run_indexer("-v -q --db " + shell_quote(dir.path("c.db")) + " " + shell_quote(dir.path("corpus")));
  ASSERT_EQ(both.status, 0) << both.err;
  EXPECT_EQ(both.err, "");
}

}  // namespace
