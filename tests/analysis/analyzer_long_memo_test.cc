// The memo's table for words its 64-bit key cannot hold (longer than
// StemMemo::kMaxLetters letters, letters outside the key's alphabet, Latin
// words): it must give exactly the stemmer's answer, re-based on whichever
// copy of the word is looked up, survive and resolve slot collisions, and
// leave alone words longer than it stores. The Analyzer must then give the
// same tokens as the tokenizer plus the stemmer, cold and warm.
#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "../../stemmer/src/stem_memo.h"
#include "fahras/analyzer.h"
#include "fahras/stemmer.h"
#include "fahras/stopwords.h"
#include "fahras/tokenizer.h"

namespace {

using fahras::detail::StemMemo;

// Long Arabic words: a clitic, the article, a long stem and a suffix, so the
// stemmer has something to strip (the stem is then part of the word).
std::vector<std::string> long_words(std::size_t n, unsigned seed) {
  std::mt19937 r(seed);
  const std::vector<std::string> letters = {"ب", "ت", "س", "ك", "م", "ن", "ي", "ر", "ع", "ل", "د", "ق", "ف", "ح"};
  const std::vector<std::string> prefixes = {"وال", "بال", "فال", "لل", "ال", ""};
  const std::vector<std::string> suffixes = {"ات", "ين", "ون", "ها", "هم", ""};
  std::vector<std::string> out;
  while (out.size() < n) {
    std::string w = prefixes[r() % prefixes.size()];
    const auto len = 8 + r() % 10;
    for (unsigned k = 0; k < len; ++k) w += letters[r() % letters.size()];
    w += suffixes[r() % suffixes.size()];
    if (StemMemo::pack(w) == 0) out.push_back(w);  // only words the key cannot hold
  }
  return out;
}

struct Counting {
  fahras::LightStemmer stemmer;
  std::map<std::string, int> computed;
  StemMemo::Answer operator()(std::string_view w) {
    ++computed[std::string(w)];
    return {stemmer.stem(w), fahras::is_stopword(w)};
  }
};

TEST(AnalyzerLongMemo, AnswersLikeTheStemmerForWordsTheKeyCannotHold) {
  StemMemo memo;
  Counting compute;
  auto words = long_words(300, 5);
  for (const std::string latin : {"international", "kitab", "Riyadh2025x", "naïve"}) words.push_back(latin);
  for (int round = 0; round < 3; ++round) {
    for (const auto& w : words) {
      // A fresh copy each time: a remembered stem must point into the word
      // being looked up, not into the copy that was first seen.
      const std::string copy = w;
      const StemMemo::Answer a = memo.get_long(copy, compute);
      EXPECT_EQ(a.stem, compute.stemmer.stem(copy)) << w;
      EXPECT_EQ(a.stopword, fahras::is_stopword(copy)) << w;
      if (!a.stem.empty() && copy.size() <= StemMemo::kLongBytes) {
        EXPECT_GE(a.stem.data(), copy.data()) << w;
        EXPECT_LE(a.stem.data() + a.stem.size(), copy.data() + copy.size()) << w;
      }
    }
  }
  // Each word was computed once, unless another word took its slot meanwhile.
  int computed_once = 0;
  for (const auto& w : words) computed_once += compute.computed[w] == 1;
  EXPECT_GT(computed_once, static_cast<int>(words.size() * 9 / 10));
}

TEST(AnalyzerLongMemo, CollidingWordsNeverGetEachOthersAnswer) {
  // Words that share a slot, looked up in turns: each must come back with its
  // own stem, and the one evicted is computed again.
  std::map<std::size_t, std::vector<std::string>> by_slot;
  std::vector<std::string> pair;
  for (const auto& w : long_words(40000, 9)) {
    if (w.size() > StemMemo::kLongBytes) continue;
    auto& v = by_slot[StemMemo::long_slot(w)];
    if (!v.empty() && v.front() != w) {
      pair = {v.front(), w};
      break;
    }
    v.push_back(w);
  }
  ASSERT_EQ(pair.size(), 2u) << "no two generated words share a slot";
  StemMemo memo;
  Counting compute;
  for (int round = 0; round < 3; ++round) {
    for (const auto& w : pair) EXPECT_EQ(memo.get_long(w, compute).stem, compute.stemmer.stem(w)) << w;
  }
  EXPECT_EQ(compute.computed[pair[0]], 3);  // direct-mapped: each evicts the other
  EXPECT_EQ(compute.computed[pair[1]], 3);
  // Without a rival, a word stays.
  EXPECT_EQ(memo.get_long(pair[1], compute).stem, compute.stemmer.stem(pair[1]));
  EXPECT_EQ(compute.computed[pair[1]], 3);
}

TEST(AnalyzerLongMemo, KeepsStemsFromStaticStorage) {
  // A stem that is not part of the word (the stemmer's whole-word tables
  // give some) is remembered by address.
  static const char kStatic[] = "مستقل";
  StemMemo memo;
  int calls = 0;
  auto compute = [&](std::string_view) {
    ++calls;
    return StemMemo::Answer{std::string_view(kStatic), true};
  };
  const std::string w = long_words(1, 3).front();
  for (int i = 0; i < 3; ++i) {
    const std::string copy = w;
    const StemMemo::Answer a = memo.get_long(copy, compute);
    EXPECT_EQ(a.stem.data(), kStatic);
    EXPECT_EQ(a.stem, std::string_view(kStatic));
    EXPECT_TRUE(a.stopword);
  }
  EXPECT_EQ(calls, 1);
}

TEST(AnalyzerLongMemo, LeavesWordsLongerThanItStoresToTheStemmer) {
  StemMemo memo;
  Counting compute;
  std::string w;
  while (w.size() <= StemMemo::kLongBytes) w += "والمستشفيات";
  for (int i = 0; i < 3; ++i) EXPECT_EQ(memo.get_long(w, compute).stem, compute.stemmer.stem(w));
  EXPECT_EQ(compute.computed[w], 3);
}

TEST(AnalyzerLongMemo, AnalyzerMatchesTokenizerAndStemmerOnLongAndShortWords) {
  // Words at and around the key's limit (10 letters), long words repeated,
  // Latin words, numbers and marks: the Analyzer's answers, cold and warm,
  // are the tokenizer's tokens with the stemmer's stems.
  const auto longs = long_words(50, 17);
  const std::vector<std::string> others = {"مستشفيات", "والمستشفيات",   "وللمستشفيات", "kitab",         "2025",
                                           "شدّد",      "الاستراتيجيات", "پژوهش",       "international", "3.5"};
  std::string text;
  std::mt19937 r(23);
  for (int i = 0; i < 2000; ++i) {
    text += (r() % 2 ? longs[r() % longs.size()] : others[r() % others.size()]);
    text += (i % 7 == 6 ? "، " : " ");
  }
  const fahras::LightStemmer stemmer;
  std::vector<std::string> want;
  fahras::Tokenizer tok;
  tok.tokenize(text, [&](const fahras::Token& t) {
    const std::string_view stem = t.script == fahras::TokenScript::kNumber ? t.norm : stemmer.stem(t.norm);
    want.push_back(std::string(t.norm) + "|" + std::string(stem) + "|" + std::to_string(t.begin) + "|" +
                   std::to_string(t.end) + "|" + std::to_string(t.position) + "|" +
                   std::to_string(fahras::is_stopword(t.norm)));
  });
  fahras::Analyzer a(fahras::StemmerKind::kFahras);
  for (int round = 0; round < 2; ++round) {
    std::vector<std::string> got;
    a.analyze(text, [&](const fahras::AnalyzedToken& t) {
      got.push_back(std::string(t.norm) + "|" + std::string(t.stem) + "|" + std::to_string(t.begin) + "|" +
                    std::to_string(t.end) + "|" + std::to_string(t.position) + "|" + std::to_string(t.stopword));
    });
    ASSERT_EQ(got.size(), want.size());
    for (std::size_t i = 0; i < want.size(); ++i) ASSERT_EQ(got[i], want[i]) << "round " << round << " token " << i;
  }
}

}  // namespace
