// Sharded databases: fahras-index --shards, local and remote shards behind a
// stub file (scripts/serve-shards), --allow-partial and remote timeouts, and
// the staged build of new databases under SIGKILL.
//
// The comparisons run on a subset of SaudiNewsNet (the first kSubsetLines
// lines of articles-00.jsonl: 1,000, or 400 under sanitizers) so the whole
// file, with its index builds and xapian-tcpsrv processes, stays short in CI.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <simdjson.h>
#include <xapian.h>

#include "fahras/passage_record.h"
#include "fahras/search_database.h"
#include "fahras/shard.h"
#include "test_util.h"

extern char** environ;

namespace {

namespace fs = std::filesystem;
using fahras::test::CommandResult;
using fahras::test::read_file;
using fahras::test::run_command;
using fahras::test::shell_quote;
using fahras::test::TempDir;

const std::string kBinDir = FAHRAS_BIN_DIR;
const std::string kIndex = kBinDir + "/fahras-index";
const std::string kSearch = kBinDir + "/fahras-search";
const std::string kServe = std::string(FAHRAS_SOURCE_DIR) + "/scripts/serve-shards";
const std::string kShared = FAHRAS_SHARED_DIR;
// Sanitizer builds run several times slower: smaller inputs there.
using fahras::test::kSanitized;
constexpr std::size_t kSubsetLines = kSanitized ? 400 : 1000;

// The first `n` lines of SaudiNewsNet, as a temporary JSONL file.
std::string saudinewsnet_subset(const TempDir& dir, std::size_t n) {
  return fahras::test::news_lines(dir, "articles-00.jsonl", "subset.jsonl", 0, n);
}

CommandResult index(const std::string& args) {
  return run_command(shell_quote(kIndex) + " -q " + args + " </dev/null");
}

// Every "id -> passage numbers" of a database (single or stub), and checks
// that no passage is stored twice.
std::map<std::string, std::multiset<std::uint32_t>> contents(const std::string& path) {
  Xapian::Database db(path);
  std::map<std::string, std::multiset<std::uint32_t>> out;
  for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
    const fahras::PassageRecord r = fahras::decode_passage_record(db.get_document(*it).get_data());
    out[r.doc_id].insert(r.passage_no);
  }
  return out;
}

struct Hit {
  std::string docid;
  std::uint64_t passage = 0;
  double score = 0;
  bool partial = false;
};

std::vector<Hit> parse_hits(const std::string& jsonl) {
  std::vector<Hit> hits;
  simdjson::dom::parser parser;
  std::istringstream in(jsonl);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    simdjson::dom::element e = parser.parse(line);
    Hit h;
    h.docid = std::string(std::string_view(e["docid"]));
    h.passage = std::uint64_t(e["passage"]);
    h.score = double(e["score"]);
    bool partial = false;
    if (e["partial"].get(partial) == simdjson::SUCCESS) h.partial = partial;
    hits.push_back(std::move(h));
  }
  return hits;
}

// One more than the ranks expect_same_ranking compares.
constexpr std::size_t kHitsAsked = 21;

CommandResult search(const std::string& db, const std::string& query, const std::string& extra = "") {
  // `timeout` is a guard against hangs, not a measurement.
  return run_command("timeout 120 " + shell_quote(kSearch) + " --format jsonl -n " + std::to_string(kHitsAsked) + " " +
                     extra + " " + shell_quote(db) + " -- " + shell_quote(query));
}

// Same documents, ranks and scores (within floating-point tolerance). Where
// scores tie, Xapian orders by internal docid, which differs between set-ups,
// so identity is compared only at ranks whose score is unique. search()
// asks for one hit more than it compares: whether the last compared rank
// ties with the next one can only be seen with the next one in hand.
void expect_same_ranking(const std::vector<Hit>& a, const std::vector<Hit>& b, const std::string& what) {
  ASSERT_EQ(a.size(), b.size()) << what;
  auto close = [](double x, double y) { return std::fabs(x - y) <= 1e-6 * std::max(1.0, std::fabs(x)); };
  const std::size_t compared = a.size() == kHitsAsked ? kHitsAsked - 1 : a.size();
  for (std::size_t i = 0; i < compared; ++i) {
    EXPECT_TRUE(close(a[i].score, b[i].score))
        << what << " rank " << i + 1 << ": " << a[i].score << " vs " << b[i].score;
    const bool tie_before = i > 0 && close(a[i].score, a[i - 1].score);
    const bool tie_after = i + 1 < a.size() && close(a[i].score, a[i + 1].score);
    if (!tie_before && !tie_after) {
      EXPECT_EQ(a[i].docid, b[i].docid) << what << " rank " << i + 1;
      EXPECT_EQ(a[i].passage, b[i].passage) << what << " rank " << i + 1;
    }
  }
}

// Starts the shard servers with scripts/serve-shards and stops them by PID
// when it goes out of scope, also when an assertion ends the test early.
class ShardServers {
 public:
  ShardServers(const std::string& db, const std::string& stub) : stub_(stub) {
    started_ = run_command("bash " + shell_quote(kServe) + " start " + shell_quote(db) + " " + shell_quote(stub));
  }
  ~ShardServers() {
    run_command("bash " + shell_quote(kServe) + " stop " + shell_quote(stub_));
    for (pid_t pid : pids()) ::kill(pid, SIGKILL);  // in case stop failed; harmless if gone
  }
  const CommandResult& start_result() const { return started_; }
  std::vector<pid_t> pids() const {
    std::vector<pid_t> out;
    std::ifstream in(stub_ + ".pids");
    std::string line;
    while (std::getline(in, line)) out.push_back(static_cast<pid_t>(std::stol(line)));
    return out;
  }

 private:
  std::string stub_;
  CommandResult started_;
};

bool have_tcpsrv() { return std::system("command -v xapian-tcpsrv >/dev/null 2>&1") == 0; }

const std::vector<std::string> kQueries = {
    "وزير الخارجية",
    "خادم الحرمين الشريفين",
    "النفط",
    "\"ولي العهد\"",
    "الرياض AND جدة",
    "التعليم NEAR/5 الجامعة",
    "title:الملك",
    "الهلال النصر",
    "كرة القدم",
    "الصحة -المستشفى",
    "اليمن الحوثي",
    "أسعار الأسهم السعودية",
    // Names (names.h): the passage counts that make بوتين a name are read
    // through every shard, and must say the same as one database's.
    "بوتين",
    "لبوتين روسيا",
    // Misspelt (suggester.h): the suggestion is looked up over every shard.
    "الرياظ",
    "وزيرالخارجية",
};

TEST(ShardOf, IsFnv1a64ModuloTheShardCount) {
  // FNV-1a 64 of "a" is 0xaf63dc4c8601ec8c (the published test vector).
  EXPECT_EQ(fahras::shard_of("a", 1000), 0xaf63dc4c8601ec8cull % 1000);
  EXPECT_EQ(fahras::shard_of("anything", 1), 0u);
  std::set<std::uint32_t> seen;
  for (int i = 0; i < 300; ++i) seen.insert(fahras::shard_of("doc-" + std::to_string(i), 3));
  EXPECT_EQ(seen.size(), 3u);  // every shard gets documents
}

TEST(ShardedIndex, ReindexAndDeleteFindTheDocumentsShard) {
  TempDir dir("shards");
  std::string input;
  for (int i = 0; i < 40; ++i)
    input += R"({"id":"d)" + std::to_string(i) + R"(","title":"عنوان","text":"نص الوثيقة رقم )" + std::to_string(i) +
             "\"}\n";
  const std::string in = dir.write("in.jsonl", input);
  const std::string db = dir.path("db");
  ASSERT_EQ(index("--shards 3 --db " + shell_quote(db) + " " + shell_quote(in)).status, 0);
  ASSERT_TRUE(fs::is_regular_file(db + "/XAPIANDB"));
  EXPECT_FALSE(fs::exists(db + ".building"));
  const auto first = contents(db);
  EXPECT_EQ(first.size(), 40u);
  // Each document sits in the shard its id hashes to.
  for (std::uint32_t s = 0; s < 3; ++s) {
    Xapian::Database shard(db + "/" + fahras::shard_name(s));
    for (auto it = shard.postlist_begin(""); it != shard.postlist_end(""); ++it) {
      const auto r = fahras::decode_passage_record(shard.get_document(*it).get_data());
      EXPECT_EQ(fahras::shard_of(r.doc_id, 3), s) << r.doc_id;
    }
  }
  // Re-indexing (without --shards: the stub says 3) replaces, never duplicates.
  ASSERT_EQ(index("--db " + shell_quote(db) + " " + shell_quote(in)).status, 0);
  EXPECT_EQ(contents(db), first);
  ASSERT_EQ(index("--db " + shell_quote(db) + " --delete d7 --delete d8").status, 0);
  const auto after = contents(db);
  EXPECT_EQ(after.size(), 38u);
  EXPECT_EQ(after.count("d7") + after.count("d8"), 0u);
  // Another shard count would move documents: refused.
  const CommandResult r = index("--shards 2 --db " + shell_quote(db) + " " + shell_quote(in));
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("has 3 shards"), std::string::npos) << r.err;
}

// The indexer and the searcher read a stub with one grammar: a line that is
// not "auto PATH", "glass PATH" or "remote HOST:PORT" is refused by both with
// the same file:line message, and both take a shard folder name with spaces.
TEST(ShardedIndex, IndexerAndSearcherReadTheStubAlike) {
  TempDir dir("shards");
  const std::string in = dir.write("in.jsonl", R"({"id":"d1","title":"عنوان","text":"نص الوثيقة الأولى"})"
                                               "\n");
  const std::string db = dir.path("db");
  ASSERT_EQ(index("--shards 2 --db " + shell_quote(db) + " " + shell_quote(in)).status, 0);
  const std::string stub = db + "/XAPIANDB";
  const std::string good = read_file(stub);
  // A folder name with a space, as Xapian reads it (the rest of the line).
  fs::rename(db + "/shard-001", db + "/shard 001");
  std::string spaced = good;
  spaced.replace(spaced.find("shard-001"), 9, "shard 001");
  dir.write("db/XAPIANDB", spaced);
  EXPECT_EQ(index("--db " + shell_quote(db) + " " + shell_quote(in)).status, 0);
  EXPECT_EQ(run_command(kSearch + " --db " + shell_quote(db) + " الوثيقة").status, 0);
  dir.write("db/XAPIANDB", good + "inmemory\n");
  const std::string expected = stub +
                               ":4: expected \"auto PATH\", \"glass PATH\" or \"remote HOST:PORT\", not "
                               "\"inmemory\"";
  const CommandResult by_index = index("--db " + shell_quote(db) + " " + shell_quote(in));
  EXPECT_EQ(by_index.status, 2);
  EXPECT_NE(by_index.err.find(expected), std::string::npos) << by_index.err;
  const CommandResult by_search = run_command(kSearch + " --db " + shell_quote(db) + " الوثيقة");
  EXPECT_EQ(by_search.status, 1);
  EXPECT_NE(by_search.err.find(expected), std::string::npos) << by_search.err;
}

TEST(ShardedSearch, ShardBuiltWithAnotherLayoutIsRefusedByName) {
  // The searcher lays a query out by the first shard's metadata, so a shard
  // of another layout would be searched wrongly without a word.
  TempDir dir("shards");
  const std::string in = dir.write("in.jsonl", R"({"id":"d1","title":"عنوان الخبر","text":"نص الوثيقة الأولى"})"
                                               "\n"
                                               R"({"id":"d2","title":"خبر آخر","text":"نص الوثيقة الثانية"})"
                                               "\n");
  for (const char* name : {"old", "old2"})
    ASSERT_EQ(index("--title-in-body off --db " + shell_quote(dir.path(name)) + " " + shell_quote(in)).status, 0);
  ASSERT_EQ(index("--title-in-body on --db " + shell_quote(dir.path("new")) + " " + shell_quote(in)).status, 0);
  const std::string same = dir.write("same.stub", "auto old\nauto old2\n");
  const CommandResult ok = run_command(kSearch + " " + shell_quote(same) + " الوثيقة");
  EXPECT_EQ(ok.status, 0) << ok.err;
  const std::string mixed = dir.write("mixed.stub", "auto old\nauto new\n");
  for (const std::string extra : {"", " --allow-partial"}) {
    const CommandResult r = run_command(kSearch + extra + " " + shell_quote(mixed) + " الوثيقة");
    EXPECT_EQ(r.status, 1) << extra;
    EXPECT_NE(r.err.find("shard 2 of 2 (auto new)"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("was not built like shard 1 of 2 (auto old)"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("fahras.schema \"3\" against \"2\""), std::string::npos) << r.err;
    EXPECT_EQ(r.out, "") << extra;
  }
}

TEST(ShardedSearch, OneDatabaseLocalShardsAndRemoteShardsRankAlike) {
  TempDir dir("shards");
  const std::string input = saudinewsnet_subset(dir, kSubsetLines);
  if (input.empty()) GTEST_SKIP() << "SaudiNewsNet not found under " << kShared;
  if (!have_tcpsrv()) GTEST_SKIP() << "xapian-tcpsrv not installed (xapian-tools)";
  const std::string one = dir.path("one.db"), three = dir.path("three.db");
  ASSERT_EQ(index("--db " + shell_quote(one) + " " + shell_quote(input)).status, 0);
  const CommandResult built = index("--shards 3 --db " + shell_quote(three) + " " + shell_quote(input));
  ASSERT_EQ(built.status, 0) << built.err;
  EXPECT_EQ(contents(one), contents(three));

  const std::string stub = dir.path("remote.stub");
  ShardServers servers(three, stub);
  ASSERT_EQ(servers.start_result().status, 0) << servers.start_result().err;
  ASSERT_EQ(servers.pids().size(), 3u);
  const std::string stub_text = read_file(stub);
  EXPECT_EQ(std::count(stub_text.begin(), stub_text.end(), '\n'), 3);
  EXPECT_NE(stub_text.find("remote 127.0.0.1:"), std::string::npos) << stub_text;
  // The searcher collapses on the servers' side only for remote shards
  // (reading each passage's document id would cost a round trip each).
  EXPECT_TRUE(fahras::open_search_database(stub, {}).remote());
  EXPECT_FALSE(fahras::open_search_database(three, {}).remote());
  EXPECT_FALSE(fahras::open_search_database(one, {}).remote());
  // The second stage reads remote candidates over extra connections, one
  // shard at a time by Xapian's docid interleaving: each shard says whether
  // it is remote, in the database's order.
  EXPECT_EQ(fahras::open_search_database(stub, {}).shard_remote, (std::vector<bool>{true, true, true}));
  EXPECT_EQ(fahras::open_search_database(three, {}).open_shard.size(), 3u);

  // A stub mixing a local shard with two remote ones reads candidates from
  // both kinds in one search.
  std::string mixed;
  {
    std::istringstream lines(stub_text);
    std::string line, rest;
    std::getline(lines, line);  // the remote line for shard-000, replaced by the folder
    while (std::getline(lines, line)) rest += line + "\n";
    mixed = dir.write("mixed.stub", "auto " + dir.path("three.db/shard-000") + "\n" + rest);
  }
  EXPECT_EQ(fahras::open_search_database(mixed, {}).shard_remote, (std::vector<bool>{false, true, true}));

  std::size_t compared = 0;
  for (const std::string& q : kQueries) {
    for (const std::string extra : {"", "--all-passages"}) {
      const CommandResult a = search(one, q, extra), b = search(three, q, extra), c = search(stub, q, extra),
                          d = search(mixed, q, extra);
      ASSERT_EQ(a.status, 0) << a.err;
      ASSERT_EQ(b.status, 0) << b.err;
      ASSERT_EQ(c.status, 0) << c.err;
      ASSERT_EQ(d.status, 0) << d.err;
      const auto ha = parse_hits(a.out);
      // The same suggestion, searched the same way, whatever the layout.
      auto suggestion = [](const std::string& out) {
        const std::size_t at = out.find("\"did_you_mean\"");
        return at == std::string::npos ? std::string() : out.substr(at, out.find('}', at) - at);
      };
      const std::string said = suggestion(a.out);
      if (q == "الرياظ" || q == "وزيرالخارجية") {
        EXPECT_NE(said.find("\"relaxed\":true"), std::string::npos) << a.out;
      }
      for (const CommandResult* other : {&b, &c, &d}) EXPECT_EQ(suggestion(other->out), said) << q;
      if (q.find("بوتين") != std::string::npos) {
        auto as_name = [](const CommandResult& r) { return r.err.find("searched as a name") != std::string::npos; };
        if (!kSanitized) {
          EXPECT_TRUE(as_name(a)) << a.err;  // 1,000 articles: بوتين in enough passages
        }
        for (const CommandResult* other : {&b, &c, &d}) EXPECT_EQ(as_name(*other), as_name(a)) << q << other->err;
      }
      expect_same_ranking(ha, parse_hits(b.out), "local shards, " + q + " " + extra);
      expect_same_ranking(ha, parse_hits(c.out), "remote shards, " + q + " " + extra);
      expect_same_ranking(ha, parse_hits(d.out), "local and remote shards, " + q + " " + extra);
      compared += ha.size();
    }
  }
  EXPECT_GT(compared, 100u);  // the queries did match: the comparison means something
}

TEST(ShardedSearch, DownShardIsNamedAndAllowPartialAnswersFromTheRest) {
  TempDir dir("shards");
  const std::string input = saudinewsnet_subset(dir, 300);
  if (input.empty()) GTEST_SKIP() << "SaudiNewsNet not found under " << kShared;
  if (!have_tcpsrv()) GTEST_SKIP() << "xapian-tcpsrv not installed (xapian-tools)";
  const std::string three = dir.path("three.db");
  ASSERT_EQ(index("--shards 3 --db " + shell_quote(three) + " " + shell_quote(input)).status, 0);
  const std::string stub = dir.path("remote.stub");
  ShardServers servers(three, stub);
  ASSERT_EQ(servers.start_result().status, 0) << servers.start_result().err;
  const auto pids = servers.pids();
  ASSERT_EQ(pids.size(), 3u);
  const CommandResult full = search(stub, "السعودية");
  ASSERT_EQ(full.status, 0) << full.err;
  const auto all_hits = parse_hits(full.out);
  ASSERT_FALSE(all_hits.empty());

  ::kill(pids[1], SIGTERM);
  for (int i = 0; i < 100 && ::kill(pids[1], 0) == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    int raw;
    ::waitpid(pids[1], &raw, WNOHANG);  // reaped by init; harmless otherwise
  }
  const CommandResult down = search(stub, "السعودية");
  EXPECT_EQ(down.status, 1);
  EXPECT_NE(down.err.find("shard 2 of 3"), std::string::npos) << down.err;
  EXPECT_NE(down.err.find("--allow-partial"), std::string::npos) << down.err;

  const CommandResult partial = search(stub, "السعودية", "--allow-partial");
  ASSERT_EQ(partial.status, 0) << partial.err;
  const auto hits = parse_hits(partial.out);
  ASSERT_FALSE(hits.empty());
  for (const Hit& h : hits) {
    EXPECT_TRUE(h.partial);
    EXPECT_NE(fahras::shard_of(h.docid, 3), 1u) << h.docid << " comes from the stopped shard";
  }
  EXPECT_NE(partial.err.find("shard 2 of 3"), std::string::npos) << partial.err;
  const CommandResult text =
      run_command("timeout 120 " + shell_quote(kSearch) + " --allow-partial " + shell_quote(stub) + " السعودية");
  ASSERT_EQ(text.status, 0) << text.err;
  EXPECT_NE(text.out.find("(partial answer: 1 shard is unavailable)"), std::string::npos) << text.out;
}

TEST(ShardedSearch, ServerThatNeverAnswersTimesOutInsteadOfHanging) {
  TempDir dir("shards");
  const std::string db = dir.path("db");
  const std::string in = dir.write("in.jsonl", R"({"id":"a","text":"نص عن الرياض"})"
                                               "\n");
  ASSERT_EQ(index("--db " + shell_quote(db) + " " + shell_quote(in)).status, 0);

  // A socket that listens but never accepts: the kernel completes the TCP
  // handshake, then nothing is ever said.
  const int sock = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(sock, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  ASSERT_EQ(::bind(sock, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(::listen(sock, 8), 0);
  socklen_t len = sizeof addr;
  ASSERT_EQ(::getsockname(sock, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  const int port = ntohs(addr.sin_port);
  const std::string stub = dir.write("hang.stub", "auto " + db + "\nremote 127.0.0.1:" + std::to_string(port) + "\n");

  // `timeout 60` is the hang guard; the searcher's own timeout is 1 s.
  const CommandResult r = search(stub, "الرياض", "--remote-timeout 1000 --connect-timeout 1000");
  EXPECT_EQ(r.status, 1) << r.err;  // 124 would mean the guard had to stop it
  EXPECT_NE(r.err.find("shard 2 of 2"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("Timeout"), std::string::npos) << r.err;
  const CommandResult p = search(stub, "الرياض", "--allow-partial --remote-timeout 1000 --connect-timeout 1000");
  EXPECT_EQ(p.status, 0) << p.err;
  const auto hits = parse_hits(p.out);
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_TRUE(hits[0].partial);
  ::close(sock);
}

pid_t spawn(const std::vector<std::string>& args, const std::string& stderr_file) {
  std::vector<std::string> all = {kIndex};
  all.insert(all.end(), args.begin(), args.end());
  return fahras::test::spawn(all, "", "", stderr_file);
}

// The promise of a staged build (every new database unless --in-place):
// after SIGKILL, --db holds nothing (never a half-synced
// database), and the next run builds it completely, without duplicates.
void check_killed_fresh_build(const std::vector<std::string>& extra) {
  TempDir dir("shards");
  const std::string input = saudinewsnet_subset(dir, kSanitized ? 250 : 400);
  if (input.empty()) GTEST_SKIP() << "SaudiNewsNet not found under " << kShared;
  const std::string full = dir.path("full");
  ASSERT_EQ(index("--db " + shell_quote(full) + " " + shell_quote(input)).status, 0);
  const auto expected = contents(full);

  const std::string db = dir.path("db");
  std::vector<std::string> args = {"-q", "--batch-size", "20", "--log-commits", "--db", db};
  args.insert(args.end(), extra.begin(), extra.end());
  args.push_back(input);
  const std::string err = dir.path("err");
  const pid_t pid = spawn(args, err);
  // Killed while it writes: its folder aside exists, and a moment later.
  for (int i = 0; i < 30000 && !fs::exists(db + ".building"); ++i) {
    int raw;
    if (::waitpid(pid, &raw, WNOHANG) == pid) GTEST_SKIP() << "the indexer finished too early";
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  ::kill(pid, SIGKILL);
  int raw = 0;
  ::waitpid(pid, &raw, 0);
  if (!(WIFSIGNALED(raw) && WTERMSIG(raw) == SIGKILL)) GTEST_SKIP() << "the indexer finished before the kill";
  EXPECT_FALSE(fs::exists(db)) << "a killed fresh build must leave nothing at --db";
  EXPECT_TRUE(fs::exists(db + ".building"));
  EXPECT_EQ(read_file(err).find("committed"), std::string::npos) << "no commit may be reported before --db exists";

  const CommandResult rerun =
      run_command(shell_quote(kIndex) + " -q --batch-size 20 --db " + shell_quote(db) + " " + [&] {
        std::string s;
        for (const auto& e : extra) s += shell_quote(e) + " ";
        return s;
      }() + shell_quote(input));
  ASSERT_EQ(rerun.status, 0) << rerun.err;
  EXPECT_FALSE(fs::exists(db + ".building"));
  EXPECT_EQ(contents(db), expected);
}

TEST(FreshBuild, KilledParallelBuildLeavesNothingAtDbAndRerunCompletes) { check_killed_fresh_build({}); }

TEST(FreshBuild, KilledSingleWriterBuildLeavesNothingAtDbAndRerunCompletes) {
  check_killed_fresh_build({"--build-writers", "1"});
}

TEST(FreshBuild, KilledShardedBuildLeavesNothingAtDbAndRerunCompletes) { check_killed_fresh_build({"--shards", "2"}); }

TEST(FreshBuild, ParallelBuildStoresWhatTheInPlaceBuildStores) {
  TempDir dir("shards");
  const std::string input = saudinewsnet_subset(dir, 200);
  if (input.empty()) GTEST_SKIP() << "SaudiNewsNet not found under " << kShared;
  const std::string a = dir.path("a"), b = dir.path("b");
  ASSERT_EQ(index("--in-place --db " + shell_quote(a) + " " + shell_quote(input)).status, 0);
  ASSERT_EQ(index("--build-writers 2 --db " + shell_quote(b) + " " + shell_quote(input)).status, 0);
  EXPECT_FALSE(fs::is_regular_file(b + "/XAPIANDB")) << "merged into one plain database";
  EXPECT_EQ(contents(a), contents(b));
  // Same terms with the same statistics, and the same metadata.
  Xapian::Database da(a), db(b);
  EXPECT_EQ(da.get_total_length(), db.get_total_length());
  auto tb = db.allterms_begin();
  std::size_t terms = 0;
  for (auto ta = da.allterms_begin(); ta != da.allterms_end(); ++ta, ++tb, ++terms) {
    ASSERT_NE(tb, db.allterms_end());
    ASSERT_EQ(*ta, *tb);
    ASSERT_EQ(ta.get_termfreq(), tb.get_termfreq()) << *ta;
    ASSERT_EQ(da.get_collection_freq(*ta), db.get_collection_freq(*tb)) << *ta;
  }
  EXPECT_EQ(tb, db.allterms_end());
  EXPECT_GT(terms, 1000u);
  for (auto k = da.metadata_keys_begin(); k != da.metadata_keys_end(); ++k)
    EXPECT_EQ(da.get_metadata(*k), db.get_metadata(*k)) << *k;
}

TEST(FreshBuild, StrictFailurePublishesTheCommittedBatches) {
  TempDir dir("shards");
  const std::string input = dir.write("docs.jsonl", R"({"id":"a","text":"نص أول"})"
                                                    "\n"
                                                    R"({"id":"b","text":"نص ثان"})"
                                                    "\n"
                                                    "not json\n"
                                                    R"({"id":"d","text":"نص أخير"})"
                                                    "\n");
  const std::string db = dir.path("db");
  EXPECT_EQ(index("--strict --batch-size 1 --db " + shell_quote(db) + " " + shell_quote(input)).status, 2);
  const auto got = contents(db);
  EXPECT_EQ(got.size(), 2u);
  EXPECT_TRUE(got.count("a") && got.count("b"));
  EXPECT_FALSE(fs::exists(db + ".building"));
}

TEST(FreshBuild, ExistingDatabaseIsUpdatedInPlace) {
  TempDir dir("shards");
  const std::string db = dir.path("db");
  const std::string a = dir.write("a.jsonl", R"({"id":"a","text":"نص أول"})"
                                             "\n");
  const std::string b = dir.write("b.jsonl", R"({"id":"b","text":"نص ثان"})"
                                             "\n");
  ASSERT_EQ(index("--db " + shell_quote(db) + " " + shell_quote(a)).status, 0);
  EXPECT_FALSE(fs::exists(db + ".building"));
  ASSERT_EQ(index("--db " + shell_quote(db) + " " + shell_quote(b)).status, 0);
  EXPECT_FALSE(fs::exists(db + ".building")) << "an existing database must not be staged";
  EXPECT_EQ(contents(db).size(), 2u);
}

}  // namespace
