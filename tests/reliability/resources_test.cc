// Bounded resources: hostile inputs (a huge single line, deep JSON nesting,
// millions of tiny words, one word repeated millions of times) are indexed
// or refused without crashing, within a time guard and a peak-memory bound;
// hostile queries are answered or refused within a time guard. Peak memory is
// the child's ru_maxrss (wait4), printed for docs/reliability.md.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "reliability_util.h"

namespace {

namespace fs = std::filesystem;
using namespace fahras::test;

constexpr long kMaxRssKb = 1024L * 1024L;  // 1 GiB: generous, but far below what an unbounded buffer would take
// Sanitizers shrink the inputs (and ASan's shadow memory inflates RSS).
const std::size_t kScale = kSanitized ? 20 : 1;

// Writes `n` repetitions of `unit` (streamed: the test must not hold it all).
std::string write_repeated(const TempDir& dir, const std::string& name, const std::string& prefix,
                           const std::string& unit, std::size_t n, const std::string& suffix) {
  const std::string path = dir.path(name);
  std::ofstream out(path, std::ios::binary);
  out << prefix;
  std::string chunk;
  for (int i = 0; i < 4096; ++i) chunk += unit;
  std::size_t left = n;
  for (; left >= 4096; left -= 4096) out << chunk;
  for (; left > 0; --left) out << unit;
  out << suffix;
  return path;
}

void report(const std::string& what, const Outcome& o) {
  std::cout << "[ memory   ] " << what << ": exit " << o.status << ", peak RSS " << o.peak_rss_kb / 1024 << " MiB, "
            << o.seconds << " s" << std::endl;
}

Outcome index(const TempDir& dir, const std::string& input, const std::vector<std::string>& extra = {}) {
  std::vector<std::string> args = {bin_path("fahras-index"), "-q",  "--threads", "2",
                                   "--max-doc-size",         "512", "--db",      dir.path("db")};
  args.insert(args.end(), extra.begin(), extra.end());
  args.push_back(input);
  return run_guarded(args, 900);
}

void expect_bounded(const Outcome& o) {
  EXPECT_FALSE(o.timed_out);
  EXPECT_LT(o.status, 128) << "killed by a signal: " << o.err.substr(0, 2000);
  EXPECT_LT(o.peak_rss_kb, kMaxRssKb);
  EXPECT_EQ(o.err.find("terminate called"), std::string::npos) << o.err.substr(0, 2000);
  EXPECT_EQ(o.err.find("Sanitizer"), std::string::npos) << o.err.substr(0, 2000);
}

TEST(BoundedResources, HugeSingleLineFileIsIndexedInBoundedMemory) {
  TempDir dir("huge");
  // 200 MB of Arabic words on one line, no newline anywhere.
  const std::string unit = "تناولت المباحثات الصراع في أوكرانيا والقضايا الاقتصادية ";
  const std::size_t reps = 200'000'000 / unit.size() / kScale;
  const std::string input = write_repeated(dir, "line.txt", "", unit, reps, "");
  const Outcome o = index(dir, input);
  report(std::to_string(fs::file_size(input) / 1'000'000) + " MB single-line text file", o);
  expect_bounded(o);
  EXPECT_EQ(o.status, 0) << o.err;
  EXPECT_EQ(read_db(dir.path("db"), false).docs.size(), 1u);
}

TEST(BoundedResources, DeeplyNestedJsonLineIsRefusedWithAWarning) {
  TempDir dir("nested");
  const std::string input =
      write_repeated(dir, "nested.jsonl", "{\"id\":\"deep\",\"text\":\"نص\",\"meta\":", "[", 100'000,
                     std::string(100'000, ']') + "}\n{\"id\":\"ok\",\"text\":\"نص سليم\"}\n");
  const Outcome o = index(dir, input);
  report("JSON line nested 100,000 arrays deep", o);
  expect_bounded(o);
  EXPECT_EQ(o.status, 1) << o.err;
  EXPECT_NE(o.err.find("nested.jsonl:1:"), std::string::npos) << o.err;
  EXPECT_EQ(count_lines(o.err), 1u) << o.err;
  const DbContent got = read_db(dir.path("db"), false);
  EXPECT_EQ(got.docs.size(), 1u);
  EXPECT_EQ(got.docs.count("ok"), 1u);
}

TEST(BoundedResources, TenMillionOneLetterWordsAreIndexedInBoundedMemory) {
  TempDir dir("letters");
  // Ten million one-letter words, cycling through the alphabet, in lines.
  std::string unit;
  const char32_t letters[] = {U'ب', U'ت', U'ث', U'ج', U'ح', U'خ', U'د', U'ذ', U'ر', U'ز'};
  for (char32_t c : letters) unit += utf8(c) + " ";
  unit += "\n";
  const Outcome o = index(dir, write_repeated(dir, "letters.txt", "", unit, 1'000'000 / kScale, ""));
  report(std::to_string(10 / static_cast<double>(kScale)) + " million one-letter words", o);
  expect_bounded(o);
  EXPECT_EQ(o.status, 0) << o.err;
  EXPECT_EQ(read_db(dir.path("db"), false).docs.size(), 1u);
}

TEST(BoundedResources, OneWordRepeatedTenMillionTimesIsIndexedInBoundedMemory) {
  TempDir dir("repeat");
  const Outcome o = index(dir, write_repeated(dir, "same.txt", "", "سلم ", 10'000'000 / kScale, ""));
  report(std::to_string(10 / static_cast<double>(kScale)) + " million repetitions of one word", o);
  expect_bounded(o);
  EXPECT_EQ(o.status, 0) << o.err;
  EXPECT_EQ(read_db(dir.path("db"), false).docs.size(), 1u);
}

// Hostile queries against a database of real news text: answered (0) or
// refused (1, one line), never a crash or a hang. searcher_cli_test covers
// 100 KB, 5,000 words and 1,000 parentheses on a tiny database; this goes
// further and over a vocabulary where wildcards expand to thousands of terms.
TEST(BoundedResources, HostileQueriesAreAnsweredOrRefusedInBoundedTime) {
  TempDir dir("queries");
  std::ifstream in(shared_dir() + "/corpus/saudinewsnet/articles-03.jsonl", std::ios::binary);
  if (!in) GTEST_SKIP() << "SaudiNewsNet not found under " << shared_dir();
  {
    std::ofstream out(dir.path("news.jsonl"), std::ios::binary);
    std::string line;
    for (int i = 0; i < (kSanitized ? 100 : 500) && std::getline(in, line); ++i) out << line << '\n';
  }
  ASSERT_EQ(index(dir, dir.path("news.jsonl")).status, 0);
  const std::string db = dir.path("db");

  std::string megabyte;
  while (megabyte.size() < (1u << 20)) megabyte += "السعودية وزير ";
  std::string ors;
  for (int i = 0; i < 10'000; ++i) ors += (i ? " OR " : "") + std::string("w") + std::to_string(i);
  std::string arabic_ors;
  for (int i = 0; i < 10'000; ++i) arabic_ors += (i ? " OR " : "") + std::string(i % 2 ? "الرياض" : "جدة");
  const std::string nested = std::string(1000, '(') + "السعودية" + std::string(1000, ')');
  const std::string nested_ops = [] {
    std::string q;
    for (int i = 0; i < 1000; ++i) q += "(الرياض OR ";
    q += "جدة";
    for (int i = 0; i < 1000; ++i) q += ")";
    return q;
  }();
  const std::vector<std::pair<std::string, std::string>> queries = {
      {"1 MB query", megabyte},
      {"10,000 OR'd new words", ors},
      {"10,000 OR'd known words", arabic_ors},
      {"1,000 nested parentheses", nested},
      {"1,000 nested ORs", nested_ops},
      {"wildcard *", "*"},
      {"wildcard ا*", "ا*"},
      {"wildcard ال*", "ال*"},
      {"wildcard title:*", "title:*"},
      {"wildcards everywhere", "ا* ب* ت* ث* ج* ح* خ* د* ذ* ر* ز* س*"},
      {"phrase of wildcards", "\"ال* ال* ال*\""}};
  // The 1 MB query cannot be an argument (Linux caps one at 128 KiB), so all
  // go through --queries as well, and the short ones as arguments too.
  std::string batch;
  for (std::size_t i = 0; i < queries.size(); ++i) batch += "q" + std::to_string(i) + "\t" + queries[i].second + "\n";
  const std::string batch_file = dir.write("queries.tsv", batch);
  const Outcome b = run_guarded({bin_path("fahras-search"), db, "--queries", batch_file}, 120);
  std::cout << "[ queries  ] batch of " << queries.size() << " hostile queries: exit " << b.status << ", " << b.seconds
            << " s, peak RSS " << b.peak_rss_kb / 1024 << " MiB" << std::endl;
  expect_bounded(b);
  EXPECT_EQ(b.status, 0) << b.err;  // batch mode skips refused queries with a warning each
  for (const auto& [what, q] : queries) {
    if (q.size() > 100'000) continue;
    SCOPED_TRACE(what);
    const Outcome o = run_guarded({bin_path("fahras-search"), "--format", "json", db, "--", q}, 60);
    expect_bounded(o);
    EXPECT_TRUE(o.status == 0 || o.status == 1) << o.status << " " << o.err;
    if (o.status == 1) {
      EXPECT_EQ(count_lines(o.err), 1u) << o.err;
      EXPECT_EQ(o.err.rfind("fahras-search: ", 0), 0u) << o.err;
    }
    std::cout << "[ queries  ] " << what << ": exit " << o.status << ", " << o.seconds << " s, "
              << (o.status == 0 ? "answered" : "refused: " + o.err.substr(0, o.err.find('\n'))) << std::endl;
  }
}

}  // namespace
