// Full disk and I/O errors: a write that fails (file-size limit), inputs that
// cannot be read, a database folder that cannot be written. Each gives a
// clear error naming the path, the database stays at its last commit, and
// nothing is reported as indexed that was not.
//
// Root ignores permission bits, so the permission cases run the binaries as
// "nobody" through setpriv(1) when the test runs as root (and skip with a
// message when setpriv is missing).
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <xapian.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "fahras/fault_guard.h"
#include "reliability_util.h"

namespace {

namespace fs = std::filesystem;
using namespace fahras::test;

// The command prefix that drops root's privileges, or nullopt-like empty
// vector plus `skip` set when that is impossible.
std::vector<std::string> unprivileged(std::string& skip) {
  if (::geteuid() != 0) return {};
  if (!have_tool("setpriv")) {
    skip = "running as root, which ignores permission bits, and setpriv(1) is not installed to drop privileges";
    return {};
  }
  return {"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"};
}

// `a` with `b` appended.
std::vector<std::string> concat_args(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

std::vector<std::string> concat(std::vector<std::string> a, const std::vector<std::string>& b) {
  if (!a.empty()) {
    // setpriv finds the program through PATH: give it the full path.
    const std::string tool = a[0];
    a[0] = "/usr/bin/" + tool;
    if (!fs::exists(a[0])) a[0] = "/bin/" + tool;
  }
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// `layout`: the fahras-index options that pick the database layout.
void expect_write_failure_reported(const std::vector<std::string>& layout) {
  TempDir dir("fulldisk");
  const std::string first = news_lines(dir, "articles-02.jsonl", "first.jsonl", 0, 30);
  const std::string more = news_lines(dir, "articles-02.jsonl", "more.jsonl", 30, kSanitized ? 300 : 1000);
  if (first.empty()) GTEST_SKIP() << "SaudiNewsNet not found under " << shared_dir();
  const std::string db = dir.path("db");
  ASSERT_EQ(run_guarded(concat_args({bin_path("fahras-index"), "-q", "--db", db, first}, layout), 300).status, 0);
  std::uintmax_t largest = 0;
  for (const auto& e : fs::directory_iterator(db)) largest = std::max(largest, e.file_size());

  // ulimit -f: writes past the limit fail with EFBIG, like a disk filling
  // up. The indexer must not die of SIGXFSZ but report the failed write.
  const std::string limit_kb = std::to_string(largest / 1024 + 1024);
  const Outcome o =
      run_guarded({"/bin/bash", "-c", "ulimit -f " + limit_kb + "; exec \"$0\" \"$@\"", bin_path("fahras-index"), "-q",
                   "--log-commits", "--batch-size", "50", "--db", db, more},
                  300);
  ASSERT_FALSE(o.timed_out);
  ASSERT_NE(o.status, 0) << "the file-size limit of " << limit_kb << " KiB was never reached: " << o.err;
  EXPECT_EQ(o.status, 2) << "killed by a signal instead of reporting the failed write? " << o.err;
  std::string msg = o.err;
  msg = drop_lines(msg, "fahras-index: committed ");
  EXPECT_EQ(count_lines(msg), 1u) << msg;
  EXPECT_EQ(msg.rfind("fahras-index: " + db + ": ", 0), 0u) << "the message should name the database: " << msg;
  EXPECT_NE(msg.find("File too large"), std::string::npos) << msg;
  EXPECT_EQ(msg.find(" passages,"), std::string::npos) << "a summary claims documents were indexed: " << msg;

  std::string check;
  EXPECT_TRUE(!have_tool("xapian-check") || xapian_check_ok(db, check)) << check;
  const DbContent got = read_db(db, false);
  EXPECT_TRUE(got.problems.empty()) << got.problems.front();
  EXPECT_EQ(got.docs.size(), 30 + last_logged_commit(o.err)) << o.err;

  // With room again, the same command completes.
  const Outcome again = run_guarded({bin_path("fahras-index"), "-q", "--db", db, more}, 600);
  EXPECT_EQ(again.status, 0) << again.err;
  EXPECT_EQ(read_db(db, false).docs.size(), 30 + (kSanitized ? 300u : 1000u));
}

// The default layout (schema 3, the title inside the body terms). With these
// articles and this limit, the failing write lands in Xapian's value-stream
// merge, which used to end in "terminate called" (fault_guard.h).
TEST(IoErrors, WriteFailureIsReportedWithThePathAndKeepsTheLastCommit) { expect_write_failure_reported({}); }

// Schema 2's layout (title terms on every passage) reports it alike.
TEST(IoErrors, WriteFailureIsReportedAlikeOnTheTitleTermsLayout) {
  expect_write_failure_reported({"--title-in-body", "off"});
}

// The death test's child: as fahras-index, with the guard, commits 2 MB of
// values into `db` under a 256 KiB file-size limit. Never returns.
[[noreturn]] void commit_values_past_a_file_size_limit(const std::string& db) {
  fahras::install_write_failure_guard("fahras-index", db, 2);
  ::signal(SIGXFSZ, SIG_IGN);  // as fahras-index does: EFBIG instead of a signal
  Xapian::WritableDatabase w(db, Xapian::DB_OPEN | Xapian::DB_BACKEND_GLASS);
  const rlimit limit{256 << 10, 256 << 10};
  ::setrlimit(RLIMIT_FSIZE, &limit);
  // Well under Xapian's flush threshold (10,000 documents): all of it is
  // written by the commit's value merge.
  for (int i = 0; i < 2000; ++i) {
    Xapian::Document d;
    d.add_value(3, std::string(1000, static_cast<char>('a' + i % 26)));
    w.add_document(d);
  }
  w.commit();
  std::_Exit(0);
}

// Xapian 1.4.22 writes value streams in a destructor (Glass::ValueUpdater,
// see fault_guard.h): a write failing there ends the process in
// std::terminate instead of throwing to our catch. A database whose commit
// writes nothing but one large value stream makes that the failing write,
// whatever the sizes; the guard fahras-index installs must turn it into
// the one line and exit status of any failed write, and the last commit
// must survive.
TEST(IoErrorsDeathTest, WriteFailureInsideXapiansValueMergeIsReportedNotAborted) {
  // "fast" (fork here): the child writes to this test's database, which is
  // checked below; "threadsafe" would rerun the test in a new folder.
  GTEST_FLAG_SET(death_test_style, "fast");
  TempDir dir("valuemerge");
  const std::string db = dir.path("db");
  {
    Xapian::WritableDatabase w(db, Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS);
    for (int i = 0; i < 10; ++i) {
      Xapian::Document d;
      d.add_value(3, "committed");
      w.add_document(d);
    }
    w.commit();
  }
  const std::uintmax_t postlist_before = fs::file_size(db + "/postlist.glass");
  EXPECT_EXIT(commit_values_past_a_file_size_limit(db), ::testing::ExitedWithCode(2),
              "^fahras-index: [^\n]*: DatabaseError: Error writing block [0-9]+ \\(File too large\\)\n$");
  EXPECT_GT(fs::file_size(db + "/postlist.glass"), postlist_before) << "the child wrote elsewhere";
  std::string check;
  EXPECT_TRUE(!have_tool("xapian-check") || xapian_check_ok(db, check)) << check;
  EXPECT_EQ(Xapian::Database(db).get_doccount(), 10u);
}

TEST(IoErrors, ReadOnlyDatabaseFolderIsRefusedClearlyAndStaysReadable) {
  std::string skip;
  const std::vector<std::string> drop = unprivileged(skip);
  if (!skip.empty()) GTEST_SKIP() << skip;
  TempDir dir("readonly");
  ::chmod(dir.path().c_str(), 0755);
  const std::string first = news_lines(dir, "articles-02.jsonl", "first.jsonl", 0, 20);
  const std::string more = news_lines(dir, "articles-02.jsonl", "more.jsonl", 20, 20);
  if (first.empty()) GTEST_SKIP() << "SaudiNewsNet not found under " << shared_dir();
  ::chmod(first.c_str(), 0644);
  ::chmod(more.c_str(), 0644);
  const std::string db = dir.path("db");
  ASSERT_EQ(run_guarded({bin_path("fahras-index"), "-q", "--db", db, first}, 300).status, 0);
  const DbContent before = read_db(db);
  for (const auto& e : fs::directory_iterator(db)) ::chmod(e.path().c_str(), 0444);
  ::chmod(db.c_str(), 0555);

  const Outcome o = run_guarded(concat(drop, {bin_path("fahras-index"), "-q", "--db", db, more}), 60);
  ::chmod(db.c_str(), 0755);
  ASSERT_FALSE(o.timed_out);
  EXPECT_EQ(o.status, 2) << o.err;
  EXPECT_EQ(count_lines(o.err), 1u) << o.err;
  EXPECT_NE(o.err.find(db), std::string::npos) << o.err;
  EXPECT_EQ(o.err.find("locked by another writer"), std::string::npos) << "a read-only folder is not a lock: " << o.err;
  EXPECT_NE(o.err.find("writable"), std::string::npos) << o.err;
  const DbContent after = read_db(db);
  EXPECT_EQ(after.docs, before.docs);
  EXPECT_EQ(after.distinct_terms, before.distinct_terms);

  // A read-only database can still be searched.
  ::chmod(db.c_str(), 0555);
  const Outcome s = run_guarded(concat(drop, {bin_path("fahras-search"), "--format", "trec", db, "السعودية"}), 60);
  ::chmod(db.c_str(), 0755);
  EXPECT_EQ(s.status, 0) << s.err;
}

TEST(IoErrors, UnreadableInputsAreWarnedAboutByPathAndNothingElseIsIndexed) {
  std::string skip;
  const std::vector<std::string> drop = unprivileged(skip);
  if (!skip.empty()) GTEST_SKIP() << skip;
  TempDir dir("unreadable");
  ::chmod(dir.path().c_str(), 0777);
  const std::string good = dir.write("in/good.txt", "عنوان\nنص عربي قصير يصلح للفهرسة.\n");
  const std::string locked = dir.write("in/locked.jsonl", "{\"id\":\"hidden\",\"text\":\"نص لا يقرأ\"}\n");
  const std::string locked_txt = dir.write("in/sub/locked.txt", "نص لا يقرأ\n");
  ::chmod(locked.c_str(), 0000);
  ::chmod(locked_txt.c_str(), 0000);
  fs::create_symlink(dir.path("nowhere.txt"), dir.path("in/dangling.txt"));
  ASSERT_EQ(::mkfifo(dir.path("in/fifo.txt").c_str(), 0644), 0);
  for (const char* p : {"in", "in/sub"}) ::chmod(dir.path(p).c_str(), 0755);
  ::chmod(good.c_str(), 0644);

  const std::string db = dir.path("db");
  const Outcome o = run_guarded(
      concat(drop, {bin_path("fahras-index"), "-q", "--db", db, dir.path("in"), dir.path("missing.jsonl")}), 60);
  ASSERT_FALSE(o.timed_out) << "an unreadable input made the indexer hang";
  EXPECT_EQ(o.status, 1) << o.err;  // success with warnings
  for (const std::string& name : {std::string("locked.jsonl"), std::string("sub/locked.txt"),
                                  std::string("dangling.txt"), std::string("fifo.txt"), std::string("missing.jsonl")}) {
    bool found = false;
    std::istringstream lines(o.err);
    for (std::string line; std::getline(lines, line);)
      found = found || (line.find(name) != std::string::npos && line.rfind("fahras-index: warning: ", 0) == 0);
    EXPECT_TRUE(found) << "no warning naming " << name << ":\n" << o.err;
  }
  EXPECT_EQ(count_lines(o.err), 5u) << o.err;
  const DbContent got = read_db(db, false);
  ASSERT_EQ(got.docs.size(), 1u);
  EXPECT_EQ(got.docs.begin()->first, "good.txt");
}

}  // namespace
