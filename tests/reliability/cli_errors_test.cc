// Clear errors everywhere: every failure a user can cause prints a line
// saying what went wrong and where (the option, value or path), starting
// with the program's name, and exits with the documented status (fahras-index:
// 1 warnings, 2 failure; fahras-search: 2 usage, 1 error). Never an
// exception dump, "terminate called", a sanitizer report or a signal.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "reliability_util.h"

namespace {

namespace fs = std::filesystem;
using namespace fahras::test;

struct Case {
  std::string program;
  std::vector<std::string> args;  // "@X" is replaced by the path of fixture X
  int status;
  std::string needle;  // must appear in the first line (after substitution)
};

class CliErrors : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* p : {"fahras-index", "fahras-search"})
      if (!fs::exists(bin_path(p))) GTEST_SKIP() << p << " is not built in " << FAHRAS_BIN_DIR;
    paths_["in"] = tmp_.write("in.jsonl", "{\"id\":\"a\",\"title\":\"عنوان\",\"text\":\"نص عربي عن الرياض وجدة.\"}\n");
    paths_["db"] = tmp_.path("db");
    paths_["none"] = tmp_.path("none-db");
    ASSERT_EQ(run_guarded({bin_path("fahras-index"), "-q", "--db", paths_["db"], paths_["in"]}, 120).status, 0);
    ASSERT_EQ(
        run_guarded({bin_path("fahras-index"), "-q", "--stemmer", "none", "--db", paths_["none"], paths_["in"]}, 120)
            .status,
        0);
    paths_["file"] = tmp_.write("a-file", "not a database\n");
    paths_["empty"] = tmp_.path("empty-dir");
    fs::create_directories(paths_["empty"]);
    paths_["missing"] = tmp_.path("no/such/db");
    paths_["missing-in"] = tmp_.path("no-such-input.jsonl");
    paths_["plain"] = tmp_.path("plain-xapian");
    {
      Xapian::WritableDatabase plain(paths_["plain"], Xapian::DB_CREATE);
      Xapian::Document d;
      d.add_term("x");
      plain.add_document(d);
      plain.commit();
    }
    paths_["queries"] = tmp_.write("q.tsv", "q1\tالرياض\n");
  }

  std::string subst(const std::string& s) const {
    if (s.size() > 1 && s[0] == '@') return paths_.at(s.substr(1));
    return s;
  }

  TempDir tmp_{"clierr"};
  std::map<std::string, std::string> paths_;
};

TEST_F(CliErrors, EveryBadInvocationGetsOneClearLineAndADocumentedStatus) {
  const std::vector<Case> cases = {
      // fahras-index: 2 = failure, 1 = done with warnings
      {"fahras-index", {}, 2, "--db"},
      {"fahras-index", {"@in"}, 2, "--db"},
      {"fahras-index", {"--db"}, 2, "db"},
      {"fahras-index", {"--db", "@db"}, 2, "nothing to do"},
      {"fahras-index", {"--bogus", "--db", "@db", "@in"}, 2, "bogus"},
      {"fahras-index", {"--batch-size", "0", "--db", "@db", "@in"}, 2, "--batch-size"},
      {"fahras-index", {"--batch-size", "lots", "--db", "@db", "@in"}, 2, "batch-size"},
      {"fahras-index", {"--batch-size", "-5", "--db", "@db", "@in"}, 2, "batch-size"},
      {"fahras-index", {"--threads", "two", "--db", "@db", "@in"}, 2, "threads"},
      {"fahras-index", {"--threads", "-1", "--db", "@db", "@in"}, 2, "--threads"},
      {"fahras-index", {"--passage-size", "-1", "--db", "@db", "@in"}, 2, "--passage-size"},
      {"fahras-index", {"--passage-size", "10", "--db", "@db", "@in"}, 2, "--passage-size"},
      {"fahras-index", {"--passage-size", "99999999999999999999999", "--db", "@db", "@in"}, 2, "passage-size"},
      {"fahras-index", {"--max-doc-size", "0", "--db", "@db", "@in"}, 2, "--max-doc-size"},
      {"fahras-index", {"--max-doc-size", "1e3", "--db", "@db", "@in"}, 2, "max-doc-size"},
      {"fahras-index", {"--stemmer", "porter", "--db", "@db", "@in"}, 2, "porter"},
      {"fahras-index", {"--db", "@file", "@in"}, 2, "@file"},
      {"fahras-index", {"--db", "@none", "@in"}, 2, "@none"},
      {"fahras-index", {"--db", "@plain", "@in"}, 2, "not a fahras database"},
      {"fahras-index", {"--db", "/proc/self/no-such/db", "@in"}, 2, "/proc/self/no-such/db"},
      {"fahras-index", {"--db", "@db", "@missing-in"}, 1, "@missing-in"},
      {"fahras-index", {"--db", "@db", "--delete", "no-such-id"}, 1, "no-such-id"},
      {"fahras-index", {"--strict", "--db", "@db", "@missing-in"}, 2, "@missing-in"},
      // fahras-search: 2 = usage, 1 = error
      {"fahras-search", {}, 2, "no database"},
      {"fahras-search", {"@db"}, 2, "no query"},
      {"fahras-search", {"--bogus", "@db", "x"}, 2, "bogus"},
      {"fahras-search", {"--limit", "ten", "@db", "x"}, 2, "limit"},
      {"fahras-search", {"--limit", "-1", "@db", "x"}, 2, "limit"},
      {"fahras-search", {"--limit", "1000000", "@db", "x"}, 2, "--limit"},
      {"fahras-search", {"--offset", "x", "@db", "x"}, 2, "offset"},
      {"fahras-search", {"--offset", "-1", "@db", "x"}, 2, "--offset"},
      {"fahras-search", {"--snippet-bytes", "-5", "@db", "x"}, 2, "--snippet-bytes"},
      {"fahras-search", {"--rerank-depth", "-1", "@db", "x"}, 2, "--rerank-depth"},
      {"fahras-search", {"--pair-window", "0", "@db", "x"}, 2, "--pair-window"},
      {"fahras-search", {"--proximity-window", "-3", "@db", "x"}, 2, "--proximity-window"},
      {"fahras-search", {"--remote-timeout", "-1", "@db", "x"}, 2, "--remote-timeout"},
      {"fahras-search", {"--format", "xml", "@db", "x"}, 2, "xml"},
      {"fahras-search", {"--color", "sometimes", "@db", "x"}, 2, "sometimes"},
      {"fahras-search", {"--bidi", "both", "@db", "x"}, 2, "both"},
      {"fahras-search", {"--bm25", "1", "@db", "x"}, 2, "bm25"},
      {"fahras-search", {"--bm25", "1,2", "@db", "x"}, 2, "bm25"},
      {"fahras-search", {"--snippet-bytes", "1", "@db", "x"}, 2, "--snippet-bytes"},
      {"fahras-search", {"--context", "1000", "@db", "x"}, 2, "--context"},
      {"fahras-search", {"--common-term-ratio", "2", "@db", "x"}, 2, "--common-term-ratio"},
      {"fahras-search", {"--title-weight", "-1", "@db", "x"}, 2, "weights"},
      {"fahras-search", {"--queries", "@queries", "@db", "x"}, 2, "either"},
      {"fahras-search", {"@missing", "x"}, 1, "@missing"},
      {"fahras-search", {"@file", "x"}, 1, "@file"},
      {"fahras-search", {"@empty", "x"}, 1, "@empty"},
      {"fahras-search", {"@plain", "x"}, 1, "not a fahras database"},
      {"fahras-search", {"@db", "--queries", "@missing-in"}, 1, "@missing-in"},
      {"fahras-search", {"@db", "--", "((("}, 1, "((("},
      {"fahras-search", {"@db", "--", "*"}, 1, "*"},
  };
  unsigned checked = 0;
  for (const Case& c : cases) {
    std::vector<std::string> argv = {bin_path(c.program)};
    std::string shown = c.program;
    for (const auto& a : c.args) {
      argv.push_back(subst(a));
      shown += " " + a;
    }
    SCOPED_TRACE(shown);
    const Outcome o = run_guarded(argv, 60);
    ASSERT_FALSE(o.timed_out);
    EXPECT_EQ(o.status, c.status) << o.err;
    const std::string first = o.err.substr(0, o.err.find('\n'));
    // fahras-index usage errors add "Usage: ..." and "(see --help)"; the
    // first line alone must say what is wrong.
    EXPECT_LE(count_lines(o.err), 3u) << o.err;
    EXPECT_EQ(first.rfind(c.program + ": ", 0), 0u) << o.err;
    EXPECT_NE(first.find(subst(c.needle)), std::string::npos)
        << "first line does not name " << subst(c.needle) << ": " << o.err;
    for (const char* bad : {"terminate called", "what():", "Sanitizer", "runtime error:", "Aborted", "#0 "})
      EXPECT_EQ(o.err.find(bad), std::string::npos) << o.err;
    if (c.status == 2) {
      EXPECT_TRUE(o.out.empty()) << "usage errors print nothing on stdout: " << o.out;
    }
    ++checked;
  }
  std::cout << "[ errors   ] " << checked << " bad invocations checked" << std::endl;
}

}  // namespace
