// fahras-analyze, run as a real process (FAHRAS_BIN_DIR/fahras-analyze).
#include <gtest/gtest.h>
#include <unistd.h>

#include <sstream>
#include <string>
#include <vector>

#include "test_util.h"

namespace {

using Result = fahras::test::CommandResult;
using fahras::test::run_command;
using fahras::test::shell_quote;

std::string binary() { return std::string(FAHRAS_BIN_DIR) + "/fahras-analyze"; }

// Runs the binary with `args` (each shell-quoted) and `input` on stdin.
Result run(const std::vector<std::string>& args, const std::string& input = "") {
  std::string cmd = shell_quote(binary());
  for (const auto& a : args) cmd += " " + shell_quote(a);
  return run_command(cmd, input);
}

std::vector<std::string> lines(const std::string& s) {
  std::vector<std::string> v;
  std::istringstream in(s);
  std::string l;
  while (std::getline(in, l)) v.push_back(l);
  return v;
}

std::vector<std::string> fields(const std::string& line) {
  std::vector<std::string> v;
  std::istringstream in(line);
  std::string f;
  while (std::getline(in, f, '\t')) v.push_back(f);
  return v;
}

class AnalyzeCli : public ::testing::Test {
 protected:
  void SetUp() override {
    if (access(binary().c_str(), X_OK) != 0) GTEST_SKIP() << binary() << " not built (build target fahras-analyze)";
  }
};

TEST_F(AnalyzeCli, TsvPrintsOneLinePerTokenWithOffsetsNormStemAndStopFlag) {
  const std::string text = "وَالْمَدْرَسَةُ في rust";
  const Result r = run({text});
  ASSERT_EQ(r.status, 0) << r.err;
  const auto ls = lines(r.out);
  ASSERT_EQ(ls.size(), 4u) << r.out;  // header + 3 tokens
  EXPECT_EQ(ls[0][0], '#');
  const auto t0 = fields(ls[1]);
  ASSERT_GE(t0.size(), 7u);
  EXPECT_EQ(t0[0], "وَالْمَدْرَسَةُ");
  EXPECT_EQ(t0[1], "0");
  EXPECT_EQ(t0[2], std::to_string(std::string("وَالْمَدْرَسَةُ").size()));
  EXPECT_EQ(t0[3], "0");
  EXPECT_EQ(t0[4], "والمدرسه");
  EXPECT_EQ(t0[5], "مدرس");
  EXPECT_EQ(t0[6], "0");
  const auto t1 = fields(ls[2]);
  EXPECT_EQ(t1[0], "في");
  EXPECT_EQ(t1[3], "1");
  EXPECT_EQ(t1[6], "1");  // stop word
  const auto t2 = fields(ls[3]);
  EXPECT_EQ(t2[5], "rust");
  // Offsets index the original text.
  EXPECT_EQ(text.substr(std::stoul(t2[1]), std::stoul(t2[2]) - std::stoul(t2[1])), "rust");
}

TEST_F(AnalyzeCli, ReadsStandardInputWithoutArguments) {
  const Result r = run({}, "سيكتبون الرسائل\n");
  ASSERT_EQ(r.status, 0) << r.err;
  const auto ls = lines(r.out);
  ASSERT_EQ(ls.size(), 3u);
  EXPECT_EQ(fields(ls[1])[5], "كتب");
}

TEST_F(AnalyzeCli, JsonLinesAreEscapedObjects) {
  const Result r = run({"--format", "json", "قال \"x\\y\""});
  ASSERT_EQ(r.status, 0) << r.err;
  const auto ls = lines(r.out);
  ASSERT_EQ(ls.size(), 3u) << r.out;
  EXPECT_EQ(ls[0],
            "{\"token\":\"قال\",\"start_offset\":0,\"end_offset\":6,\"position\":0,\"norm\":\"قال\","
            "\"stem\":\"قل\",\"stopword\":true,\"script\":\"arabic\"}");
  for (const auto& l : ls) {
    EXPECT_EQ(l.front(), '{');
    EXPECT_EQ(l.back(), '}');
  }
}

TEST_F(AnalyzeCli, StemWordsPrintsExactlyOneStemPerLine) {
  const Result r = run({"--stem-words"}, "الكتاب\n\nوالمدارس\nيكتبون\nrust\n");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "كتاب\n\nمدرس\nكتب\nrust\n");
}

TEST_F(AnalyzeCli, StemWordsNormalisesFirstAndHandlesCrLf) {
  const Result r = run({"--stem-words"}, "الْكِتَابُ\r\nإلى\r\n");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "كتاب\nالي\n");
}

TEST_F(AnalyzeCli, RootWordsPrintsExactlyOneRootPerLineAndEmptyForNone) {
  const Result r = run({"--root-words"}, "يَعْلَمُونَ\r\nفي\n\nالعلماء\nrust\nقالوا\n");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "علم\n\n\nعلم\n\nقول\n");
}

TEST_F(AnalyzeCli, RootWordsRefusesTextArgumentsAndStemWords) {
  EXPECT_EQ(run({"--root-words", "علم"}).status, 2);
  const Result r = run({"--root-words", "--stem-words"}, "علم\n");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("cannot be combined"), std::string::npos) << r.err;
}

TEST_F(AnalyzeCli, StemmerNoneLeavesWordsNormalisedOnly) {
  const Result r = run({"--stem-words", "--stemmer", "none"}, "والمدارس\n");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "والمدارس\n");
}

TEST_F(AnalyzeCli, StemmerSnowballDiffersFromFahras) {
  const Result a = run({"--stem-words", "--stemmer", "snowball"}, "والمدرسات\n");
  const Result b = run({"--stem-words"}, "والمدرسات\n");
  ASSERT_EQ(a.status, 0) << a.err;
  EXPECT_EQ(lines(a.out).size(), 1u);
  EXPECT_NE(a.out, b.out);
}

TEST_F(AnalyzeCli, VersionPrintsTheAnalyzerConfig) {
  const Result r = run({"--version"});
  ASSERT_EQ(r.status, 0);
  EXPECT_NE(r.out.find("stem=fahras"), std::string::npos) << r.out;
}

TEST_F(AnalyzeCli, HelpHasExamples) {
  const Result r = run({"--help"});
  ASSERT_EQ(r.status, 0);
  EXPECT_NE(r.out.find("--stem-words"), std::string::npos);
  EXPECT_NE(r.out.find("Examples"), std::string::npos);
}

TEST_F(AnalyzeCli, BadOptionsGiveOneLineOnStderrAndNonZeroExit) {
  for (const std::vector<std::string>& args : {std::vector<std::string>{"--stemmer", "porter", "x"},
                                               {"--format", "xml", "x"},
                                               {"--bogus"},
                                               {"--stem-words", "extra"}}) {
    const Result r = run(args);
    EXPECT_NE(r.status, 0);
    EXPECT_TRUE(r.out.empty());
    EXPECT_EQ(lines(r.err).size(), 1u) << r.err;
  }
}

}  // namespace
