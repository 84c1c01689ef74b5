// A crash never corrupts the index: fahras-index is killed with SIGKILL at
// random moments while it indexes real news text, and each time the database
// must open, pass xapian-check, hold exactly the documents of a commit the
// indexer reported (--log-commits, a record kept outside the database), and
// a re-run of the same command must complete it to exactly what an
// uninterrupted run builds. SIGINT and SIGTERM must commit and exit with 3.
//
// Seed: FAHRAS_KILL_SEED (printed on every run, so a failure can be replayed).
// FAHRAS_KILLS overrides the number of kills.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "reliability_util.h"

namespace {

namespace fs = std::filesystem;
using namespace fahras::test;

// The first `n` lines of SaudiNewsNet as a JSONL file, and their ids in order.
struct Subset {
  std::string path;
  std::vector<std::string> ids;
};

Subset news_subset(const TempDir& dir, std::size_t n) {
  Subset s;
  std::ifstream in(shared_dir() + "/corpus/saudinewsnet/articles-00.jsonl", std::ios::binary);
  if (!in) return s;
  s.path = dir.path("subset.jsonl");
  std::ofstream out(s.path, std::ios::binary);
  std::string line;
  while (s.ids.size() < n && std::getline(in, line)) {
    // Lines start {"id": "...": keep only those whose id we can read.
    const std::string key = "{\"id\": \"";
    const std::size_t end = line.find('"', key.size());
    if (line.compare(0, key.size(), key) != 0 || end == std::string::npos) continue;
    s.ids.push_back(line.substr(key.size(), end - key.size()));
    out << line << '\n';
  }
  return s;
}

unsigned env_unsigned(const char* name, unsigned fallback) {
  const char* v = std::getenv(name);
  return v && *v ? static_cast<unsigned>(std::stoul(v)) : fallback;
}

TEST(IndexCrash, SigkillAtRandomMomentsLeavesTheLastCommitAndRerunCompletesIt) {
  if (!have_tool("xapian-check")) GTEST_SKIP() << "xapian-check (xapian-tools) is not installed";
  TempDir dir("crash");
  // Release: 20 kills over 500 articles; sanitizers are ~10x slower, so
  // fewer kills over a smaller input there.
  const std::size_t n_docs = kSanitized ? 150 : 500;
  const unsigned kills = env_unsigned("FAHRAS_KILLS", kSanitized ? 3 : 20);
  const std::size_t batch = kSanitized ? 10 : 40;
  const Subset input = news_subset(dir, n_docs);
  if (input.path.empty()) GTEST_SKIP() << "SaudiNewsNet not found under " << shared_dir() << "/corpus/saudinewsnet";
  ASSERT_EQ(input.ids.size(), n_docs);
  ASSERT_EQ(std::set<std::string>(input.ids.begin(), input.ids.end()).size(), n_docs) << "ids are not unique";

  const unsigned seed = env_unsigned("FAHRAS_KILL_SEED", std::random_device{}());
  std::cout << "[ crash    ] seed " << seed << " (FAHRAS_KILL_SEED=" << seed << " replays it), " << kills << " kills, "
            << n_docs << " documents, --batch-size " << batch << (kSanitized ? " (reduced run: sanitizer build)" : "")
            << std::endl;
  std::mt19937 rng(seed);

  const auto command = [&](const std::string& db, bool in_place) {
    std::vector<std::string> c = {bin_path("fahras-index"),
                                  "-q",
                                  "--log-commits",
                                  "--threads",
                                  "2",
                                  "--batch-size",
                                  std::to_string(batch),
                                  "--db",
                                  db,
                                  input.path};
    if (in_place) c.insert(c.begin() + 1, "--in-place");
    return c;
  };

  // The uninterrupted run everything is compared with.
  const std::string ref_db = dir.path("reference");
  const Outcome ref = run_guarded(command(ref_db, false), 600);
  ASSERT_EQ(ref.status, 0) << ref.err;
  ASSERT_EQ(last_logged_commit(ref.err), n_docs) << ref.err;
  const DbContent expected = read_db(ref_db);
  ASSERT_TRUE(expected.problems.empty()) << expected.problems.front();
  ASSERT_EQ(expected.docs.size(), n_docs);
  std::cout << "[ crash    ] uninterrupted run: " << ref.seconds << " s, " << expected.passages << " passages, "
            << expected.distinct_terms << " distinct terms" << std::endl;
  // The first batch alone, to start the "existing database" groups from.
  const std::string head = dir.path("head.jsonl");
  {
    std::ifstream in(input.path, std::ios::binary);
    std::ofstream out(head, std::ios::binary);
    std::string line;
    for (std::size_t i = 0; i < batch && std::getline(in, line); ++i) out << line << '\n';
  }

  // Kills come in groups of four, each starting over: a fresh database built
  // the default way (staged in DIR.building, renamed at the end), an
  // existing database (committed in place every batch), a fresh database
  // with --in-place. Within a group each run re-runs the command the previous
  // kill interrupted; each group ends with a re-run that must complete it.
  enum Mode { kStaged, kExisting, kInPlace };
  // Under the sanitizers each of the 3 kills gets its own group, so all
  // three ways are covered.
  const unsigned group = kSanitized ? 1 : 4;
  const Mode modes[] = {kStaged, kExisting, kInPlace, kExisting, kStaged};
  const char* mode_names[] = {"fresh (staged)", "existing database", "fresh --in-place"};
  const std::string work = dir.path("work");
  const std::string db = work + "/db";
  std::size_t before = 0;  // documents the database held before this run started
  Mode mode = kStaged;
  unsigned survived = 0, completions = 0, absent = 0;
  for (unsigned k = 0; k < kills; ++k) {
    if (k % group == 0) {
      mode = modes[(k / group) % 5];
      fs::remove_all(work);
      fs::create_directories(work);
      before = 0;
      if (mode == kExisting) {
        const Outcome seeded = run_guarded({bin_path("fahras-index"), "-q", "--db", db, head}, 300);
        ASSERT_EQ(seeded.status, 0) << seeded.err;
        before = batch;
      }
    }
    SCOPED_TRACE("kill " + std::to_string(k + 1) + " of " + std::to_string(kills) + ", " + mode_names[mode] +
                 ", seed " + std::to_string(seed));
    std::uniform_real_distribution<double> when(0.02, 0.8);
    const double delay = when(rng) * ref.seconds;
    const std::string err_file = dir.path("err");
    const bool existed = fs::exists(db);
    const pid_t pid = spawn(command(db, mode == kInPlace), "", "", err_file);
    std::this_thread::sleep_for(std::chrono::duration<double>(delay));
    ::kill(pid, SIGKILL);
    const Outcome o = reap(pid, 60);
    const std::string err = read_file(err_file);
    const std::size_t logged = last_logged_commit(err);
    if (o.status != 128 + SIGKILL) {
      ASSERT_EQ(o.status, 0) << err;  // it finished before the signal: nothing was interrupted
    } else {
      ++survived;
    }
    std::string check;
    if (!fs::exists(db)) {
      // Acceptable only if the indexer never reported a commit.
      ++absent;
      EXPECT_EQ(logged, 0u) << "the indexer reported " << logged << " committed documents but " << db
                            << " does not exist after SIGKILL";
    } else {
      ASSERT_TRUE(xapian_check_ok(db, check)) << "xapian-check fails after SIGKILL at " << delay << " s:\n" << check;
      const DbContent got = read_db(db, false);
      ASSERT_TRUE(got.problems.empty()) << got.problems.front();
      // Commits follow input order, so the database holds a prefix of the
      // input: the larger of what it held before and what this run committed.
      const std::size_t held = got.docs.size();
      for (std::size_t i = 0; i < held && i < n_docs; ++i)
        ASSERT_TRUE(got.docs.count(input.ids[i]))
            << "document " << i << " (" << input.ids[i] << ") missing but " << held << " documents are stored";
      for (const auto& [id, count] : got.docs) ASSERT_EQ(count, expected.docs.at(id)) << id;
      // This run committed `logged` documents, or one batch more if the kill
      // fell between a commit and its log line; a staged build appears whole.
      const std::size_t next = std::min(logged + batch, n_docs);
      const bool staged_whole = mode == kStaged && !existed && held == n_docs;
      EXPECT_TRUE(held == std::max(before, logged) || held == std::max(before, next) || staged_whole)
          << "database holds " << held << " documents; the indexer last reported a commit of " << logged << " (batch "
          << batch << ", " << before << " held before this run)";
      before = held;
    }

    if (k % group == group - 1 || k + 1 == kills) {
      const Outcome rerun = run_guarded(command(db, mode == kInPlace), 600);
      ASSERT_EQ(rerun.status, 0) << rerun.err;
      const DbContent done = read_db(db);
      ASSERT_TRUE(done.problems.empty()) << done.problems.front();
      EXPECT_EQ(done.docs, expected.docs);
      EXPECT_EQ(done.passages, expected.passages);
      EXPECT_EQ(done.distinct_terms, expected.distinct_terms);
      EXPECT_EQ(done.total_length, expected.total_length);
      ASSERT_TRUE(xapian_check_ok(db, check)) << check;
      // Nothing left next to the database (staging or compaction folders).
      std::vector<std::string> left;
      for (const auto& e : fs::directory_iterator(work)) left.push_back(e.path().filename().string());
      EXPECT_EQ(left, std::vector<std::string>{"db"}) << "left over next to the database after the re-run";
      ++completions;
    }
  }
  std::cout << "[ crash    ] " << survived << " SIGKILLs survived (" << kills - survived
            << " runs finished before their kill; " << absent
            << " kills left no database, as a staged fresh build should), " << completions
            << " re-runs completed to the reference" << std::endl;
  EXPECT_GT(survived, kills / 2) << "most kills should land while the indexer runs";
}

// SIGINT and SIGTERM: the indexer commits what it read, says so, exits 3;
// on an existing database (commits logged as they happen) and on a fresh one
// (built staged, so it appears only at the end).
struct SignalCase {
  int signal;
  bool existing;
};

class IndexSignal : public ::testing::TestWithParam<SignalCase> {};

TEST_P(IndexSignal, CommitsWhatWasReadAndExitsWithThree) {
  TempDir dir("signal");
  const Subset input = news_subset(dir, kSanitized ? 300 : 1200);
  if (input.path.empty()) GTEST_SKIP() << "SaudiNewsNet not found under " << shared_dir();
  const std::string db = dir.path("db");
  if (GetParam().existing) {
    const std::string head = dir.path("head.jsonl");
    std::ifstream in(input.path, std::ios::binary);
    std::ofstream out(head, std::ios::binary);
    std::string line;
    std::getline(in, line);
    out << line << '\n';
    out.close();
    ASSERT_EQ(run_guarded({bin_path("fahras-index"), "-q", "--db", db, head}, 300).status, 0);
  }
  const std::string err_file = dir.path("err");
  const pid_t pid =
      spawn({bin_path("fahras-index"), "--log-commits", "--threads", "2", "--batch-size", "10", "--db", db, input.path},
            "", "", err_file);
  if (GetParam().existing) {
    // Signal once a commit is logged, so there is something to keep.
    for (int i = 0; i < 30000 && last_logged_commit(read_file(err_file)) == 0; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
  } else {
    std::this_thread::sleep_for(std::chrono::milliseconds(kSanitized ? 3000 : 1500));
  }
  ::kill(pid, GetParam().signal);
  const Outcome o = reap(pid, 120);
  const std::string err = read_file(err_file);
  ASSERT_FALSE(o.timed_out) << "no exit within 120 s after the signal";
  if (o.status == 0) GTEST_SKIP() << "the indexer finished before the signal arrived";
  EXPECT_EQ(o.status, 3) << err;
  EXPECT_NE(err.find("interrupted"), std::string::npos) << err;
  const std::size_t committed = last_logged_commit(err);
  if (!fs::exists(db) || committed == 0) {
    // A busy machine can deliver the signal before the first document.
    EXPECT_TRUE(!fs::exists(db) || read_db(db, false).docs.empty()) << err;
    GTEST_SKIP() << "interrupted before any document was committed: " << err;
  }
  const DbContent got = read_db(db, false);
  EXPECT_TRUE(got.problems.empty()) << got.problems.front();
  EXPECT_EQ(got.docs.size(), committed) << err;
  EXPECT_GT(got.docs.size(), 0u);
  // (All of them when the signal came after the last document was read.)
  EXPECT_LE(got.docs.size(), input.ids.size());
  // In place, commits follow input order: what is kept is a prefix. A fresh
  // build's parallel writers each keep their own share, so there only the
  // count is checked (a re-run indexes everything again either way).
  const std::set<std::string> all(input.ids.begin(), input.ids.end());
  for (std::size_t i = 0; i < got.docs.size(); ++i) {
    if (GetParam().existing) {
      EXPECT_TRUE(got.docs.count(input.ids[i])) << "not a prefix of the input at " << i;
    }
  }
  for (const auto& [id, n] : got.docs) EXPECT_TRUE(all.count(id)) << id;
  std::string check;
  EXPECT_TRUE(!have_tool("xapian-check") || xapian_check_ok(db, check)) << check;
}

std::string signal_case_name(const ::testing::TestParamInfo<SignalCase>& p) {
  return std::string(p.param.signal == SIGINT ? "Sigint" : "Sigterm") + (p.param.existing ? "Existing" : "Fresh");
}

INSTANTIATE_TEST_SUITE_P(SigintAndSigterm, IndexSignal,
                         ::testing::Values(SignalCase{SIGINT, true}, SignalCase{SIGTERM, true},
                                           SignalCase{SIGINT, false}, SignalCase{SIGTERM, false}),
                         signal_case_name);

}  // namespace
