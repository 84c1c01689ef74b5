// fahras-search --diacritics on a small fully vocalised text written for this
// test: a plain query finds every vocalisation, highlights cut from the
// original marks, and enforce keeps only passages compatible with the marks
// typed.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "test_util.h"

namespace {

using fahras::test::run_command;
using fahras::test::shell_quote;

std::string bin(const std::string& name) { return std::string(FAHRAS_BIN_DIR) + "/" + name; }
bool have_binary(const std::string& name) { return std::filesystem::exists(bin(name)); }

class DiacriticsCli : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!have_binary("fahras-index") || !have_binary("fahras-search"))
      GTEST_SKIP() << "fahras-index or fahras-search is not built in " << FAHRAS_BIN_DIR;
    const std::string input =
        tmp_.write("vocalised.jsonl",
                   "{\"id\":\"taught\",\"title\":\"الدرس\",\"text\":\"عَلَّمَ الأُسْتَاذُ تَلَامِيذَهُ الحِسَابَ فِي الصَّبَاحِ.\"}\n"
                   "{\"id\":\"knowledge\",\"title\":\"النور\",\"text\":\"العِلْمُ نُورٌ يَهْدِي صَاحِبَهُ فِي الطَّرِيقِ.\"}\n"
                   "{\"id\":\"flag\",\"title\":\"الساحة\",\"text\":\"رَفَعَ الجُنْدِيُّ العَلَمَ فَوْقَ المَبْنَى الكَبِيرِ.\"}\n"
                   "{\"id\":\"other\",\"title\":\"السوق\",\"text\":\"اشْتَرَتِ المَرْأَةُ خُبْزًا مِنَ السُّوقِ.\"}\n");
    db_ = tmp_.path("db");
    const auto r = run_command(bin("fahras-index") + " -q --db " + shell_quote(db_) + " " + shell_quote(input));
    ASSERT_EQ(r.status, 0) << r.err;
  }

  // The ids of the matching documents, in rank order, one per line.
  std::string ids(const std::string& options, const std::string& query) {
    const auto r = run_command(bin("fahras-search") + " --db " + shell_quote(db_) + " --format trec " + options +
                               " -- " + shell_quote(query) + " | cut -d' ' -f3 | sort");
    EXPECT_EQ(r.status, 0) << r.err;
    return r.out;
  }

  fahras::test::TempDir tmp_{"diacritics"};
  std::string db_;
};

TEST_F(DiacriticsCli, QueryWithoutMarksFindsEveryVocalisation) {
  EXPECT_EQ(ids("", "علم"), "flag\nknowledge\ntaught\n");
}

TEST_F(DiacriticsCli, IgnoreIsTheDefaultAndIgnoresTypedMarks) {
  EXPECT_EQ(ids("", "عِلْم"), "flag\nknowledge\ntaught\n");
  EXPECT_EQ(ids("--diacritics ignore", "عِلْم"), "flag\nknowledge\ntaught\n");
}

TEST_F(DiacriticsCli, EnforceKeepsOnlyPassagesCompatibleWithTheTypedMarks) {
  EXPECT_EQ(ids("--diacritics enforce", "عَلم"), "flag\ntaught\n");             // fatha on ain only
  EXPECT_EQ(ids("--diacritics enforce", "عِلْم"), "knowledge\n");                // kasra, sukun
  EXPECT_EQ(ids("--diacritics enforce", "علّم"), "taught\n");                   // shadda on lam
  EXPECT_EQ(ids("--diacritics enforce", "علم"), "flag\nknowledge\ntaught\n");  // nothing typed
}

TEST_F(DiacriticsCli, SnippetsHighlightTheOriginalVocalisedWord) {
  const auto r =
      run_command(bin("fahras-search") + " --db " + shell_quote(db_) + " --color always --diacritics enforce 'عِلْم'");
  ASSERT_EQ(r.status, 0) << r.err;
  const std::string word = "العِلْمُ";
  const auto at = r.out.find(word);
  ASSERT_NE(at, std::string::npos) << r.out;
  // The colour escape opens right before the whole original word.
  ASSERT_GE(at, 1u);
  EXPECT_EQ(r.out[at - 1], 'm') << r.out;
}

TEST_F(DiacriticsCli, AnUnknownModeIsAUsageError) {
  const auto r = run_command(bin("fahras-search") + " --db " + shell_quote(db_) + " --diacritics strict علم");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("--diacritics"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty());
}

}  // namespace
