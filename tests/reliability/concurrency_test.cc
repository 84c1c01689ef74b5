// Readers and the writer coexist: while fahras-index commits small batches,
// fahras-search in a loop, a long-lived fahras::Searcher (which must reopen
// on Xapian::DatabaseModifiedError) and a plain Xapian reader never fail and
// never see a half-committed document. A second writer is refused at once.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "fahras/searcher.h"
#include "reliability_util.h"

namespace {

using namespace fahras::test;

bool exited(pid_t pid, int& status) {
  int raw = 0;
  if (::waitpid(pid, &raw, WNOHANG) != pid) return false;
  status = WIFEXITED(raw) ? WEXITSTATUS(raw) : 128 + WTERMSIG(raw);
  return true;
}

// Commits every 25 documents (about ten a second here): a search reading a
// revision must finish before the writer has committed twice more (Xapian
// 1.4 then reuses its blocks), so much smaller batches with slow searches
// would make the searcher give up after its reopens ("keeps changing").
const char* const kBatch = "25";

TEST(ReadersAndWriter, SearchesDuringCommitsNeverFailNorSeeHalfADocument) {
  TempDir dir("readers");
  const std::size_t n = kSanitized ? 150 : 1200;
  const std::string first = news_lines(dir, "articles-01.jsonl", "first.jsonl", 0, 20);
  const std::string rest = news_lines(dir, "articles-01.jsonl", "rest.jsonl", 20, n);
  if (first.empty()) GTEST_SKIP() << "SaudiNewsNet not found under " << shared_dir();
  const std::string db = dir.path("db");
  const Outcome init = run_guarded({bin_path("fahras-index"), "-q", "--db", db, first}, 300);
  ASSERT_EQ(init.status, 0) << init.err;

  fahras::Searcher searcher(db);  // opened before the writer starts: it must follow its commits
  const std::string err_file = dir.path("writer.err");
  // Re-indexing the first documents too makes the writer replace passages
  // that readers are reading.
  const pid_t writer = spawn({bin_path("fahras-index"), "-q", "--log-commits", "--threads", "1", "--batch-size", kBatch,
                              "--db", db, first, rest},
                             "", "", err_file);

  // Once the writer has committed (so it holds the lock), a second writer is
  // refused at once with a clear message, never left waiting.
  int writer_status = -1;
  for (int i = 0; i < 60000 && read_file(err_file).find("committed") == std::string::npos; ++i) {
    if (exited(writer, writer_status)) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  const Outcome second = run_guarded({bin_path("fahras-index"), "-q", "--db", db, first}, 30);
  EXPECT_FALSE(second.timed_out) << "a second writer waited for the lock";
  const bool writer_done_early = writer_status != -1 || exited(writer, writer_status);
  if (!writer_done_early) {
    EXPECT_EQ(second.status, 2) << second.err;
    EXPECT_NE(second.err.find("locked"), std::string::npos) << second.err;
    EXPECT_NE(second.err.find(db), std::string::npos) << second.err;
    EXPECT_EQ(count_lines(second.err), 1u) << second.err;
  }

  const std::vector<std::string> queries = {"السعودية", "وزير الخارجية", "\"المملكة العربية\"", "الرياض OR جدة", "ال*"};
  unsigned rounds = 0, cli_runs = 0, library_searches = 0, snapshots = 0, reopens = 0;
  bool done = writer_done_early;
  while (!done) {
    done = exited(writer, writer_status);  // one last round after the writer ends
    ++rounds;
    const std::string& q = queries[rounds % queries.size()];
    const Outcome cli = run_guarded(
        {bin_path("fahras-search"), "--format", "json", "--all-passages", "--limit", "50", db, "--", q}, 60);
    ++cli_runs;
    ASSERT_FALSE(cli.timed_out) << q;
    ASSERT_TRUE(cli.status == 0 || (cli.status == 1 && cli.err.find("no passage matches") == std::string::npos))
        << "fahras-search failed during a commit: status " << cli.status << ": " << cli.err;
    ASSERT_EQ(cli.status, 0) << cli.err;
    for (int i = 0; i < 5; ++i) {
      fahras::SearchRequest req;
      req.query = queries[(rounds + static_cast<unsigned>(i)) % queries.size()];
      req.limit = 100;
      req.all_passages = true;
      fahras::SearchResults r;
      try {
        r = searcher.search(req);
      } catch (const std::exception& e) {
        FAIL() << "Searcher::search failed during a commit: " << e.what();
      } catch (const Xapian::Error& e) {
        FAIL() << "Searcher::search let a Xapian error out: " << e.get_description();
      }
      ++library_searches;
      for (const auto& h : r.hits) ASSERT_LT(h.passage.passage_no, h.passage.passage_count) << h.passage.doc_id;
    }
    // A snapshot is one revision: every document in it has all its passages.
    // A plain Xapian reader must reopen when the writer overwrites the
    // revision it was reading (DatabaseModifiedError), as the searcher does.
    DbContent snap;
    for (int attempt = 0;; ++attempt) {
      try {
        snap = read_db(db, false);
        break;
      } catch (const Xapian::DatabaseModifiedError&) {
        ++reopens;
        ASSERT_LT(attempt, 100) << "the database kept changing under the reader";
      } catch (const Xapian::Error& e) {
        FAIL() << "reader failed during a commit: " << e.get_description();
      }
    }
    ++snapshots;
    ASSERT_TRUE(snap.problems.empty()) << "a reader saw a half-committed document: " << snap.problems.front();
  }
  const std::string err = read_file(err_file);
  EXPECT_EQ(writer_status, 0) << err;
  std::cout << "[ readers  ] " << cli_runs << " fahras-search runs, " << library_searches << " in-process searches, "
            << snapshots << " snapshots checked (" << reopens
            << " reopened after DatabaseModifiedError) while the writer made "
            << std::count(err.begin(), err.end(), '\n') << " commits" << std::endl;
  EXPECT_GT(cli_runs, 1u) << "the writer finished before any reader ran concurrently";
  const DbContent final_state = read_db(db, false);
  EXPECT_TRUE(final_state.problems.empty());
  EXPECT_EQ(final_state.docs.size(), n + 20);
}

}  // namespace
