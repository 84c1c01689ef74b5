// fahras-index --no-termlist: a build-once archive without Xapian's term
// lists. Runs the real binaries and reads the databases through Xapian.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include <xapian.h>

#include "fahras/schema.h"
#include "test_util.h"

namespace {

namespace fs = std::filesystem;
namespace schema = fahras::schema;

using fahras::test::CommandResult;
using fahras::test::run_command;
using fahras::test::shell_quote;
using fahras::test::TempDir;

const std::string kBinDir = FAHRAS_BIN_DIR;

CommandResult run_indexer(const std::string& args) {
  return run_command(shell_quote(kBinDir + "/fahras-index") + " " + args + " </dev/null");
}

// JSON Lines with enough text for several passages per document.
std::string corpus(int documents, int first = 0) {
  std::string out;
  for (int n = first; n < first + documents; ++n) {
    std::string text;
    for (int s = 0; s < 40; ++s)
      text += "أجرى الرئيس مكالمة هاتفية تناولت الصراع في أوكرانيا والقضايا الاقتصادية رقم " +
              std::to_string(n * 100 + s) + ". ";
    out += R"({"id":"d)" + std::to_string(n) + R"(","title":"عنوان المقال )" + std::to_string(n) +
           R"(","source":"okaz","text":")" + text + "\"}\n";
  }
  return out;
}

// Every term with its frequencies and postings (document, wdf, positions),
// every document's data and values, and the statistics: what a search reads.
std::string dump(const std::string& path) try {
  Xapian::Database db(path);
  std::string out = std::to_string(db.get_doccount()) + " docs, length " + std::to_string(db.get_total_length()) + "\n";
  for (auto t = db.allterms_begin(); t != db.allterms_end(); ++t) {
    out += *t + " " + std::to_string(t.get_termfreq()) + " " + std::to_string(db.get_collection_freq(*t)) + ":";
    for (auto p = db.postlist_begin(*t); p != db.postlist_end(*t); ++p) {
      out += " " + std::to_string(*p) + "/" + std::to_string(p.get_wdf()) + "/" + std::to_string(p.get_doclength());
      for (auto pos = p.positionlist_begin(); pos != p.positionlist_end(); ++pos) out += "," + std::to_string(*pos);
    }
    out += "\n";
  }
  for (auto p = db.postlist_begin(""); p != db.postlist_end(""); ++p) {
    out += std::to_string(*p) + " " + db.get_document(*p).get_data() + "\n";
  }
  // Values by slot (Document::values_begin() reads the term list table,
  // which an archive lacks; searches read value streams, as here).
  for (Xapian::valueno slot = 0; slot < schema::field_slot(8, 0); ++slot) {
    for (auto v = db.valuestream_begin(slot); v != db.valuestream_end(slot); ++v)
      out += std::to_string(slot) + " " + std::to_string(v.get_docid()) + "=" + *v + "\n";
  }
  return out;
} catch (const Xapian::Error& e) {
  ADD_FAILURE() << path << ": " << e.get_description();
  return "";
}

class NoTermList : public ::testing::Test {
 protected:
  void SetUp() override { input_ = dir_.write("corpus.jsonl", corpus(30)); }
  std::string build(const std::string& name, const std::string& args) {
    const std::string db = dir_.path(name);
    const CommandResult r = run_indexer("-q " + args + " --db " + shell_quote(db) + " " + shell_quote(input_));
    EXPECT_EQ(r.status, 0) << r.err;
    return db;
  }
  TempDir dir_{"no-termlist-test"};
  std::string input_;
};

TEST_F(NoTermList, ArchiveHoldsWhatTheDefaultBuildHoldsButNoTermLists) {
  for (const std::string& layout :
       std::vector<std::string>{"", "--build-writers 1", "--in-place --compact", "--title-in-body on"}) {
    SCOPED_TRACE(layout);
    const std::string name = std::to_string(layout.size());
    const std::string plain = build("plain" + name, layout);
    const std::string archive = build("archive" + name, layout + " --no-termlist");
    EXPECT_EQ(dump(archive), dump(plain));
    EXPECT_FALSE(fs::exists(archive + "/termlist.glass"));
    EXPECT_TRUE(fs::exists(plain + "/termlist.glass"));
    const Xapian::Database db(archive);
    EXPECT_EQ(db.get_metadata(std::string(schema::kMetaTermList)), schema::kTermListOff);
    EXPECT_EQ(Xapian::Database(plain).get_metadata(std::string(schema::kMetaTermList)), "");
    EXPECT_THROW(db.termlist_begin(1), Xapian::FeatureUnavailableError);
  }
}

TEST_F(NoTermList, SearchesGiveTheSameResultsAsTheDefaultBuild) {
  if (!fs::exists(kBinDir + "/fahras-search")) GTEST_SKIP() << "fahras-search is not built in " << kBinDir;
  for (const std::string& layout : std::vector<std::string>{"", "--title-in-body on"}) {
    SCOPED_TRACE(layout);
    const std::string name = std::to_string(layout.size());
    const std::string plain = build("plain" + name, layout);
    const std::string archive = build("archive" + name, layout + " --no-termlist");
    const std::string queries =
        dir_.write("q.tsv", "q1\tالرئيس أوكرانيا\nq2\t\"مكالمة هاتفية\"\nq3\ttitle:المقال 7\nq4\tsource:okaz الصراع\n");
    auto search = [&](const std::string& db) {
      const CommandResult r = run_command(shell_quote(kBinDir + "/fahras-search") + " " + shell_quote(db) +
                                          " --queries " + shell_quote(queries) + " --limit 20 --format trec");
      EXPECT_EQ(r.status, 0) << r.err;
      return r.out;
    };
    const std::string expected = search(plain);
    EXPECT_NE(expected.find("q3"), std::string::npos) << expected;
    EXPECT_EQ(search(archive), expected);
  }
}

TEST_F(NoTermList, UpdatesAndDeletesAreRefusedWithOneLineAndChangeNothing) {
  const std::string archive = build("archive", "--no-termlist");
  const std::string before = dump(archive);
  const std::string more = dir_.write("more.jsonl", corpus(3, 100));
  const std::string changed = dir_.write("changed.jsonl", corpus(1, 5));
  const std::vector<std::string> runs = {shell_quote(more), shell_quote(changed), "--delete d5",
                                         "--no-termlist " + shell_quote(more)};
  for (const std::string& args : runs) {
    SCOPED_TRACE(args);
    const CommandResult r = run_indexer("-q --db " + shell_quote(archive) + " " + args);
    EXPECT_EQ(r.status, 2);
    EXPECT_NE(r.err.find("--no-termlist"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("Xapian"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("termlist.glass"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << r.err;  // one line
    EXPECT_EQ(dump(archive), before);
  }
}

TEST_F(NoTermList, DuplicateIdKeepsTheFirstCopyWithAWarning) {
  const std::string input = dir_.write("dup.jsonl", R"({"id":"a","text":"النسخة الأولى"})"
                                                    "\n"
                                                    R"({"id":"b","text":"وثيقة أخرى"})"
                                                    "\n"
                                                    R"({"id":"a","text":"النسخة الثانية"})"
                                                    "\n");
  for (const std::string& layout : std::vector<std::string>{"", "--build-writers 1"}) {
    SCOPED_TRACE(layout);
    const std::string db = dir_.path("dup" + std::to_string(layout.size()));
    const CommandResult r =
        run_indexer("-q --no-termlist " + layout + " --db " + shell_quote(db) + " " + shell_quote(input));
    EXPECT_EQ(r.status, 1) << r.err;
    EXPECT_NE(r.err.find("dup.jsonl:3"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("\"a\""), std::string::npos) << r.err;
    const Xapian::Database xdb(db);
    EXPECT_EQ(xdb.get_doccount(), 2u);
    EXPECT_EQ(xdb.get_termfreq(std::string(schema::kDocIdPrefix) + "a"), 1u);
    const CommandResult strict = run_indexer("-q --strict --no-termlist " + layout + " --db " +
                                             shell_quote(db + "-strict") + " " + shell_quote(input));
    EXPECT_EQ(strict.status, 2) << strict.err;
  }
}

TEST_F(NoTermList, RefusedForAnExistingDatabaseAndForShards) {
  const std::string plain = build("plain", "");
  const std::string before = dump(plain);
  CommandResult r = run_indexer("-q --no-termlist --db " + shell_quote(plain) + " " + shell_quote(input_));
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("new databases only"), std::string::npos) << r.err;
  EXPECT_EQ(dump(plain), before);
  r = run_indexer("-q --no-termlist --shards 2 --db " + shell_quote(dir_.path("sharded")) + " " + shell_quote(input_));
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("--shards"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir_.path("sharded")));
}

}  // namespace
