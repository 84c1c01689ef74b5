#include "fahras/passage_splitter.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

using fahras::PassageRange;
using fahras::PassageSplitter;
using fahras::SplitterOptions;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }
bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

std::string slice(const std::string& text, const PassageRange& r) { return text.substr(r.begin, r.end - r.begin); }

// The invariants promised by passage_splitter.h, for any input.
void check_invariants(const std::string& text, const std::vector<PassageRange>& ranges, std::size_t max) {
  std::vector<bool> covered(text.size(), false);
  std::size_t previous_end = 0;
  for (const PassageRange& r : ranges) {
    ASSERT_LT(r.begin, r.end);
    ASSERT_LE(r.end, text.size());
    EXPECT_GE(r.begin, previous_end) << "ranges overlap or are out of order";
    previous_end = r.end;
    EXPECT_FALSE(is_space(text[r.begin]));
    EXPECT_FALSE(is_space(text[r.end - 1]));
    EXPECT_FALSE(is_continuation(text[r.begin])) << "range starts inside a character";
    if (r.end < text.size()) {
      EXPECT_FALSE(is_continuation(text[r.end])) << "range ends inside a character";
    }
    EXPECT_LE(r.end - r.begin, max);
    for (std::size_t i = r.begin; i < r.end; ++i) covered[i] = true;
  }
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (!is_space(text[i])) {
      ASSERT_TRUE(covered[i]) << "byte " << i << " of non-space text is in no passage";
    }
  }
}

const std::string kSentence = "وقال الرئيس إن المحادثات كانت جيدة للغاية. ";  // 78 bytes

std::string paragraph_of(int sentences) {
  std::string p;
  for (int i = 0; i < sentences; ++i) p += kSentence;
  return p;
}

TEST(PassageSplitter, EmptyOrBlankTextGivesNoPassages) {
  PassageSplitter splitter;
  EXPECT_TRUE(splitter.split("").empty());
  EXPECT_TRUE(splitter.split(" \n\n\t \r\n").empty());
}

TEST(PassageSplitter, ShortTextIsOnePassageWithoutSurroundingSpace) {
  PassageSplitter splitter;
  const std::string text = "\n  مرحبا بالعالم  \n";
  const auto ranges = splitter.split(text);
  ASSERT_EQ(ranges.size(), 1u);
  EXPECT_EQ(slice(text, ranges[0]), "مرحبا بالعالم");
}

TEST(PassageSplitter, MergesShortParagraphsUpToTheTarget) {
  SplitterOptions options;
  options.target_bytes = 400;
  PassageSplitter splitter(options);
  std::string text;
  for (int i = 0; i < 10; ++i) text += paragraph_of(1) + "\n\n";  // ten 77-byte paragraphs
  const auto ranges = splitter.split(text);
  check_invariants(text, ranges, splitter.options().max_bytes);
  ASSERT_EQ(ranges.size(), 2u);  // 5 paragraphs (~400 bytes) each
  for (const auto& r : ranges) EXPECT_LE(r.end - r.begin, 400u);
  // Merged passages keep the original bytes between paragraphs.
  EXPECT_NE(slice(text, ranges[0]).find("\n\n"), std::string::npos);
}

TEST(PassageSplitter, KeepsParagraphBoundariesWhenParagraphsAreNearTheTarget) {
  SplitterOptions options;
  options.target_bytes = 400;
  PassageSplitter splitter(options);
  const std::string p1 = paragraph_of(4);  // ~311 bytes
  const std::string p2 = paragraph_of(3);
  const std::string text = p1 + "\n" + p2 + "\n";
  const auto ranges = splitter.split(text);
  check_invariants(text, ranges, splitter.options().max_bytes);
  ASSERT_EQ(ranges.size(), 2u);
  EXPECT_EQ(ranges[0].begin, 0u);
  EXPECT_EQ(ranges[1].begin, p1.size() + 1);
}

TEST(PassageSplitter, SplitsLongParagraphAtSentenceBoundaries) {
  SplitterOptions options;
  options.target_bytes = 400;
  PassageSplitter splitter(options);
  const std::string text = paragraph_of(30);  // ~2300 bytes, one line
  const auto ranges = splitter.split(text);
  check_invariants(text, ranges, splitter.options().max_bytes);
  ASSERT_GE(ranges.size(), 5u);
  for (const auto& r : ranges) {
    const std::string p = slice(text, r);
    EXPECT_EQ(p.substr(p.size() - 1), ".") << "passage does not end at a sentence end: " << p;
    EXPECT_EQ(p.rfind("وقال", 0), 0u) << "passage does not start at a sentence start";
  }
}

TEST(PassageSplitter, CutsRunOnTextWithoutSentenceEndsAtSpaces) {
  SplitterOptions options;
  options.target_bytes = 200;
  PassageSplitter splitter(options);
  std::string text;
  for (int i = 0; i < 100; ++i) text += "كلمة ";
  const auto ranges = splitter.split(text);
  check_invariants(text, ranges, splitter.options().max_bytes);
  ASSERT_GE(ranges.size(), 4u);
  for (const auto& r : ranges) EXPECT_EQ(slice(text, r).find("  "), std::string::npos);
}

TEST(PassageSplitter, CutsTextWithoutSpacesAtCharacterBoundaries) {
  SplitterOptions options;
  options.target_bytes = 101;  // odd, so a naive cut would split a 2-byte letter
  PassageSplitter splitter(options);
  std::string text;
  for (int i = 0; i < 500; ++i) text += "ب";
  const auto ranges = splitter.split(text);
  check_invariants(text, ranges, splitter.options().max_bytes);
  EXPECT_GE(ranges.size(), 5u);
}

TEST(PassageSplitter, ShortTailJoinsThePreviousPassage) {
  SplitterOptions options;
  options.target_bytes = 400;
  PassageSplitter splitter(options);
  const std::string text = paragraph_of(5) + "\nنهاية.";
  const auto ranges = splitter.split(text);
  check_invariants(text, ranges, splitter.options().max_bytes);
  ASSERT_EQ(ranges.size(), 1u);
  EXPECT_EQ(slice(text, ranges.back()).substr(slice(text, ranges.back()).size() - 11), "نهاية.");
}

TEST(PassageSplitter, ByteRangesSliceBackToTheOriginalText) {
  PassageSplitter splitter;
  std::string text = "عنوان الخبر\r\n\r\n" + paragraph_of(20) + "\n" + paragraph_of(2) + "\n\n\n" + paragraph_of(9);
  const auto ranges = splitter.split(text);
  check_invariants(text, ranges, splitter.options().max_bytes);
  // Concatenating passages with the white space between them rebuilds the text.
  std::string rebuilt;
  std::size_t pos = 0;
  for (const auto& r : ranges) {
    rebuilt += text.substr(pos, r.begin - pos);
    rebuilt += slice(text, r);
    pos = r.end;
  }
  rebuilt += text.substr(pos);
  EXPECT_EQ(rebuilt, text);
}

TEST(PassageSplitter, SplitterIsReusableAcrossDocuments) {
  PassageSplitter splitter;
  const std::string a = paragraph_of(40);
  const std::string b = "قصير";
  const auto first = splitter.split(a);
  EXPECT_EQ(splitter.split(b).size(), 1u);
  EXPECT_EQ(splitter.split(a).size(), first.size());
}

TEST(PassageSplitter, RealNewsArticlesKeepTheInvariants) {
  const std::string dir = std::string(FAHRAS_SHARED_DIR) + "/corpus/news/";
  std::ifstream in(dir + "000_0a7fa7cde48dafa3.txt", std::ios::binary);
  if (!in) GTEST_SKIP() << "shared corpus not found at " << dir;
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string text = ss.str();
  for (std::size_t target : {200u, 500u, 1000u, 3000u}) {
    SplitterOptions options;
    options.target_bytes = target;
    PassageSplitter splitter(options);
    const auto ranges = splitter.split(text);
    check_invariants(text, ranges, splitter.options().max_bytes);
    EXPECT_GE(ranges.size(), text.size() / (2 * target));
  }
}

}  // namespace
