// Behaviour of the tokeniser: token boundaries, byte offsets into the
// original text, positions, numbers, bad input; and invariants on the real
// news articles in ../shared/corpus/news.
#include "fahras/tokenizer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "fahras/normalizer.h"
#include "test_util.h"

namespace {

using fahras::Token;
using fahras::Tokenizer;
using fahras::TokenScript;

struct Tok {
  std::string norm;
  std::uint32_t begin, end, position;
  TokenScript script;
};

std::vector<Tok> tokens(std::string_view text, std::uint32_t first_position = 0) {
  Tokenizer t;
  std::vector<Tok> out;
  t.tokenize(
      text,
      [&](const Token& k) {
        out.push_back({std::string(k.norm), k.begin, k.end, k.position, k.script});
      },
      first_position);
  return out;
}

std::vector<std::string> norms(std::string_view text) {
  std::vector<std::string> out;
  for (const Tok& t : tokens(text)) out.push_back(t.norm);
  return out;
}

using Norms = std::vector<std::string>;

TEST(Tokenizer, SplitsOnSpaces) { EXPECT_EQ(norms("  قال   الرئيس \n\tاليوم "), (Norms{"قال", "الرءيس", "اليوم"})); }

TEST(Tokenizer, OffsetsSliceBackToTheOriginalWord) {
  const std::string text = "قال: «شدّد» الرئيسُ “جيدة” Hello!";
  const auto toks = tokens(text);
  ASSERT_EQ(toks.size(), 5u);
  const char* expected[] = {"قال", "شدّد", "الرئيسُ", "جيدة", "Hello"};
  for (std::size_t i = 0; i < toks.size(); ++i)
    EXPECT_EQ(text.substr(toks[i].begin, toks[i].end - toks[i].begin), expected[i]);
}

TEST(Tokenizer, PositionsAreConsecutiveFromFirstPosition) {
  const auto toks = tokens("واحد، اثنان؛ ثلاثة؟ four five", 7);
  ASSERT_EQ(toks.size(), 5u);
  for (std::size_t i = 0; i < toks.size(); ++i) EXPECT_EQ(toks[i].position, 7 + i);
}

TEST(Tokenizer, NormIsTheNormalisedForm) {
  EXPECT_EQ(norms("أحمدُ ذهبَ إلى المدرسة ٣ مرات"), (Norms{"احمد", "ذهب", "الي", "المدرسه", "3", "مرات"}));
}

TEST(Tokenizer, AsciiPunctuationSplitsWords) {
  EXPECT_EQ(norms("a,b.c;d:e!f?g(h)i[j]k\"l'm-n/o_p"),
            (Norms{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p"}));
}

TEST(Tokenizer, ArabicPunctuationSplitsWords) {
  EXPECT_EQ(norms("نعم،لا؛ربما؟حسنا"), (Norms{"نعم", "لا", "ربما", "حسنا"}));
}

TEST(Tokenizer, GuillemetsAndCurlyQuotesNeverStickToWords) {
  EXPECT_EQ(norms("«أهلا»“مرحبا”‘سلام’"), (Norms{"اهلا", "مرحبا", "سلام"}));
  for (const Tok& t : tokens("قال «الرئيس» إن “الوضع” ‘جيد’")) {
    for (const char* q : {"«", "»", "“", "”", "‘", "’"}) EXPECT_EQ(t.norm.find(q), std::string::npos) << t.norm;
  }
}

TEST(Tokenizer, MarksAndTatweelNeverSplitAWord) {
  EXPECT_EQ(norms("شدّد"), (Norms{"شدد"}));
  EXPECT_EQ(norms("شدّد"), norms("شدد"));
  EXPECT_EQ(norms("جـــميل"), (Norms{"جميل"}));
  EXPECT_EQ(norms("مؤكداً"), (Norms{"مءكدا"}));
}

TEST(Tokenizer, TrailingMarksBelongToTheTokenSlice) {
  const std::string text = "مؤكداً.";
  const auto toks = tokens(text);
  ASSERT_EQ(toks.size(), 1u);
  EXPECT_EQ(text.substr(toks[0].begin, toks[0].end - toks[0].begin), "مؤكداً");
}

TEST(Tokenizer, MarksAloneMakeNoToken) { EXPECT_TRUE(norms(" ـ ّ َ ").empty()); }

TEST(Tokenizer, ZeroWidthNonJoinerInsideAWordDoesNotSplitIt) {
  EXPECT_EQ(norms("می‌خواهم"), (Norms{"ميخواهم"}));
}

TEST(Tokenizer, DecimalNumberIsOneToken) {
  EXPECT_EQ(norms("بنسبة 3.5 في المئة"), (Norms{"بنسبه", "3.5", "في", "المءه"}));
  EXPECT_EQ(norms("٣٫٥"), (Norms{"3.5"}));
}

TEST(Tokenizer, TrailingDotIsNotPartOfANumber) { EXPECT_EQ(norms("عام 2025."), (Norms{"عام", "2025"})); }

TEST(Tokenizer, ThousandsSeparatorSplitsANumber) { EXPECT_EQ(norms("1,000"), (Norms{"1", "000"})); }

TEST(Tokenizer, ArabicIndicDigitsBecomeAsciiNumbers) {
  const auto toks = tokens("عام ٢٠٢٥");
  ASSERT_EQ(toks.size(), 2u);
  EXPECT_EQ(toks[1].norm, "2025");
  EXPECT_EQ(toks[1].script, TokenScript::kNumber);
}

TEST(Tokenizer, ArabicLetterNextToADigitStartsANewToken) {
  EXPECT_EQ(norms("و2025"), (Norms{"و", "2025"}));
  EXPECT_EQ(norms("بـ3"), (Norms{"ب", "3"}));
  EXPECT_EQ(norms("19كوفيد"), (Norms{"19", "كوفيد"}));
}

TEST(Tokenizer, LatinLettersAndDigitsStayTogether) { EXPECT_EQ(norms("covid19 G7"), (Norms{"covid19", "g7"})); }

TEST(Tokenizer, ReportsTheScriptOfEachToken) {
  const auto toks = tokens("كلمة word 42 москва 中文");
  ASSERT_EQ(toks.size(), 5u);
  EXPECT_EQ(toks[0].script, TokenScript::kArabic);
  EXPECT_EQ(toks[1].script, TokenScript::kLatin);
  EXPECT_EQ(toks[2].script, TokenScript::kNumber);
  EXPECT_EQ(toks[3].script, TokenScript::kOther);
  EXPECT_EQ(toks[4].script, TokenScript::kOther);
  EXPECT_EQ(toks[3].norm, "москва");
}

TEST(Tokenizer, LamAlefLigatureIsPartOfAWord) { EXPECT_EQ(norms("ﻷن"), (Norms{"لان"})); }

TEST(Tokenizer, MultiWordLigatureGivesOneTokenPerWordOverTheSameBytes) {
  const std::string text = "محمد ﷺ قال";
  const auto toks = tokens(text);
  ASSERT_EQ(toks.size(), 6u);
  EXPECT_EQ(toks[1].norm, "صلي");
  EXPECT_EQ(toks[4].norm, "وسلم");
  for (int i = 1; i <= 4; ++i) {
    EXPECT_EQ(text.substr(toks[i].begin, toks[i].end - toks[i].begin), "ﷺ");
    EXPECT_EQ(toks[i].position, static_cast<std::uint32_t>(i));
  }
  EXPECT_EQ(toks[5].norm, "قال");
}

TEST(Tokenizer, MultiWordLigatureTokenisesLikeItsSpelledOutForm) {
  const std::string text = "وﷺم";
  EXPECT_EQ(norms(text), norms(fahras::normalize(text)));
  EXPECT_EQ(norms(text), (Norms{"وصلي", "الله", "عليه", "وسلمم"}));
  const auto toks = tokens(text);
  ASSERT_EQ(toks.size(), 4u);
  EXPECT_EQ(toks[0].begin, 0u);
  EXPECT_EQ(toks[3].end, text.size());
}

TEST(Tokenizer, InvalidUtf8SeparatesWords) {
  EXPECT_EQ(norms("ab\xFF"
                  "cd"),
            (Norms{"ab", "cd"}));
  EXPECT_EQ(norms("كتب\xC0\xAFقرأ"), (Norms{"كتب", "قرا"}));
  EXPECT_EQ(norms("x\xED\xA0\x80y"), (Norms{"x", "y"}));
}

TEST(Tokenizer, NulBytesSeparateWords) { EXPECT_EQ(norms(std::string("ab\0cd\0", 6)), (Norms{"ab", "cd"})); }

// An exactly-sized heap copy, so AddressSanitizer catches any read past the end.
std::vector<Tok> tokens_of_exact_copy(std::string_view text) {
  auto copy = std::make_unique<char[]>(text.size());
  std::memcpy(copy.get(), text.data(), text.size());
  return tokens(std::string_view(copy.get(), text.size()));
}

TEST(Tokenizer, TruncatedSequenceAtEndOfInputIsNotReadPast) {
  for (const char* tail : {"\xD9", "\xE2", "\xE2\x80", "\xF0", "\xF0\x9F", "\xF0\x9F\x98", "\xC3"}) {
    for (const char* head : {"", "كلم", "abc", "12", "3."}) {
      const std::string text = std::string(head) + tail;
      const auto toks = tokens_of_exact_copy(text);
      ASSERT_EQ(toks.size(), std::strlen(head) > 0 ? 1u : 0u) << testing::PrintToString(text);
      for (const Tok& t : toks) EXPECT_LE(t.end, text.size());
    }
  }
}

TEST(Tokenizer, EmptyAndSeparatorOnlyInputsGiveNoTokens) {
  EXPECT_TRUE(norms("").empty());
  EXPECT_TRUE(norms(" ،؛؟«»“” ... \n").empty());
}

TEST(Tokenizer, TokenOfExactlyMaxBytesIsKept) {
  const std::string latin(Tokenizer::kMaxTokenBytes, 'a');
  EXPECT_EQ(norms(latin), (Norms{latin}));
  std::string arabic;
  for (std::size_t i = 0; i < Tokenizer::kMaxTokenBytes / 2; ++i) arabic += "ب";
  EXPECT_EQ(norms(arabic), (Norms{arabic}));
}

TEST(Tokenizer, VeryLongTokensAreSkippedButTakeAPosition) {
  const std::string latin(Tokenizer::kMaxTokenBytes + 1, 'a');
  std::string arabic;
  for (std::size_t i = 0; i < Tokenizer::kMaxTokenBytes / 2 + 1; ++i) arabic += "ب";
  const auto toks = tokens("قبل " + latin + " وسط " + arabic + " بعد");
  ASSERT_EQ(toks.size(), 3u);
  EXPECT_EQ(toks[0].norm, "قبل");
  EXPECT_EQ(toks[1].norm, "وسط");
  EXPECT_EQ(toks[1].position, 2u);
  EXPECT_EQ(toks[2].norm, "بعد");
  EXPECT_EQ(toks[2].position, 4u);
}

TEST(Tokenizer, LengthLimitAppliesToTheNormalisedForm) {
  // 120 letters with a shadda each: 360 bytes of input, 240 of norm.
  std::string diacritised;
  for (std::size_t i = 0; i < Tokenizer::kMaxTokenBytes / 2; ++i) diacritised += "بّ";
  EXPECT_EQ(norms(diacritised).size(), 1u);
}

TEST(Tokenizer, ReusesOneInstanceAcrossCalls) {
  Tokenizer t;
  std::vector<std::string> a, b;
  t.tokenize("الأول الثاني", [&](const Token& k) { a.emplace_back(k.norm); });
  t.tokenize("الثالث", [&](const Token& k) { b.emplace_back(k.norm); });
  EXPECT_EQ(a, (Norms{"الاول", "الثاني"}));
  EXPECT_EQ(b, (Norms{"الثالث"}));
}

// --- Real articles ---------------------------------------------------------

std::vector<std::filesystem::path> news_articles() {
  std::vector<std::filesystem::path> files;
  const std::filesystem::path dir = std::filesystem::path(FAHRAS_SHARED_DIR) / "corpus" / "news";
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec))
    if (e.path().extension() == ".txt") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  return files;
}

std::string read_file(const std::filesystem::path& p) { return fahras::test::read_file(p.string()); }

#define REQUIRE_NEWS(files) \
  if ((files).empty())      \
  GTEST_SKIP() << "no news articles in " FAHRAS_SHARED_DIR "/corpus/news (the shared data folder is absent)"

TEST(TokenizerOnNews, EverySliceNormalisesToItsNorm) {
  const auto files = news_articles();
  REQUIRE_NEWS(files);
  for (const auto& f : files) {
    const std::string text = read_file(f);
    const auto toks = tokens(text);
    EXPECT_GT(toks.size(), 100u) << f;
    for (const Tok& t : toks) {
      ASSERT_LT(t.begin, t.end);
      ASSERT_LE(t.end, text.size());
      EXPECT_EQ(fahras::normalize(text.substr(t.begin, t.end - t.begin)), t.norm) << f << " at " << t.begin;
    }
  }
}

TEST(TokenizerOnNews, NoTokenContainsQuotesOrArabicPunctuation) {
  const auto files = news_articles();
  REQUIRE_NEWS(files);
  for (const auto& f : files) {
    for (const Tok& t : tokens(read_file(f))) {
      for (const char* bad : {"«", "»", "“", "”", "‘", "’", "،", "؛", "؟", " ", "\n", "\""})
        EXPECT_EQ(t.norm.find(bad), std::string::npos) << f << ": '" << t.norm << "'";
    }
  }
}

TEST(TokenizerOnNews, PositionsAreConsecutive) {
  const auto files = news_articles();
  REQUIRE_NEWS(files);
  for (const auto& f : files) {
    const auto toks = tokens(read_file(f));
    for (std::size_t i = 0; i < toks.size(); ++i) ASSERT_EQ(toks[i].position, i) << f;
  }
}

TEST(TokenizerOnNews, TokensOfTheWholeArticleEqualTokensOfItsLines) {
  const auto files = news_articles();
  REQUIRE_NEWS(files);
  for (const auto& f : files) {
    const std::string text = read_file(f);
    const auto whole = tokens(text);
    std::vector<Tok> by_line;
    std::size_t start = 0;
    while (start <= text.size()) {
      std::size_t nl = text.find('\n', start);
      if (nl == std::string::npos) nl = text.size();
      for (Tok t : tokens(std::string_view(text).substr(start, nl - start))) {
        t.begin += static_cast<std::uint32_t>(start);
        t.end += static_cast<std::uint32_t>(start);
        by_line.push_back(t);
      }
      start = nl + 1;
    }
    ASSERT_EQ(whole.size(), by_line.size()) << f;
    for (std::size_t i = 0; i < whole.size(); ++i) {
      EXPECT_EQ(whole[i].norm, by_line[i].norm) << f;
      EXPECT_EQ(whole[i].begin, by_line[i].begin) << f;
      EXPECT_EQ(whole[i].end, by_line[i].end) << f;
    }
  }
}

TEST(TokenizerOnNews, DiacritisedWordsMatchTheirBareForms) {
  const auto files = news_articles();
  REQUIRE_NEWS(files);
  // The README of the shared data promises stray tashkeel such as شدّد; its
  // token must be the bare form.
  bool seen = false;
  for (const auto& f : files) {
    const std::string text = read_file(f);
    for (const Tok& t : tokens(text)) {
      if (text.compare(t.begin, t.end - t.begin, "شدّد") == 0) {
        seen = true;
        EXPECT_EQ(t.norm, "شدد");
      }
    }
  }
  EXPECT_TRUE(seen) << "expected شدّد in the news articles";
}

}  // namespace
