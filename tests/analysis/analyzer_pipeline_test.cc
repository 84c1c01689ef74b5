// The Analyzer answers each token a few tokens after the tokeniser finds it
// (its memo set is prefetched meanwhile): these tests check that the delayed
// delivery is exact (every token, in order, with its own norm, offsets,
// position, stem and stop flag, whatever the text length or token size) and
// that the memo's second-chance replacement keeps a word that is being used.
#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <random>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "../../stemmer/src/stem_memo.h"
#include "fahras/analyzer.h"
#include "fahras/stemmer.h"
#include "fahras/stopwords.h"
#include "fahras/tokenizer.h"

namespace {

using fahras::AnalyzedToken;
using fahras::Analyzer;
using fahras::StemmerKind;
using fahras::detail::StemMemo;

struct Tok {
  std::string norm, stem;
  std::uint32_t begin, end, position;
  fahras::TokenScript script;
  bool stop;
  bool operator==(const Tok& o) const {
    return norm == o.norm && stem == o.stem && begin == o.begin && end == o.end && position == o.position &&
           script == o.script && stop == o.stop;
  }
};

std::ostream& operator<<(std::ostream& os, const Tok& t) {
  return os << "'" << t.norm << "' stem '" << t.stem << "' [" << t.begin << "," << t.end << ") pos " << t.position
            << " stop " << t.stop;
}

// The slow path: the tokenizer, then the stemmer and the stop list called directly.
std::vector<Tok> direct(std::string_view text, std::uint32_t first_position = 0) {
  const fahras::LightStemmer stemmer;
  std::vector<Tok> out;
  fahras::Tokenizer tok;
  tok.tokenize(
      text,
      [&](const fahras::Token& t) {
        const std::string stem(t.script == fahras::TokenScript::kNumber ? t.norm : stemmer.stem(t.norm));
        out.push_back({std::string(t.norm), stem, t.begin, t.end, t.position, t.script, fahras::is_stopword(t.norm)});
      },
      first_position);
  return out;
}

std::vector<Tok> analyzed(Analyzer& a, std::string_view text, std::uint32_t first_position = 0) {
  std::vector<Tok> out;
  a.analyze(
      text,
      [&](const AnalyzedToken& t) {
        out.push_back({std::string(t.norm), std::string(t.stem), t.begin, t.end, t.position, t.script, t.stopword});
      },
      first_position);
  return out;
}

const std::vector<std::string>& word_pool() {
  static const std::vector<std::string> w = {
      "والمدرسة", "في",      "2025",  "الوزراء",        "kitab", "سيكتبون", "3.5",   "من", "المملكة",
      "بـ3",      "العربية", "پژوهش", "والاستراتيجيات", "قال",   "الرياض",  "و2025", "ﷺ",  "وللمستشفيات"};
  return w;
}

TEST(AnalyzerPipeline, DeliversEveryTokenInOrderWhateverTheTextLength) {
  // Texts shorter than, equal to and longer than the delay, so that the
  // tokens still held back at the end of a call are always delivered.
  Analyzer a(StemmerKind::kFahras);
  for (unsigned n = 0; n <= 4 * StemMemo::kLag + 3; ++n) {
    std::string text;
    for (unsigned i = 0; i < n; ++i) text += word_pool()[(i * 5 + n) % word_pool().size()] + (i % 3 ? " " : "، ");
    for (int round = 0; round < 2; ++round) {  // cold memo, then warm
      const auto want = direct(text, 7);
      const auto got = analyzed(a, text, 7);
      ASSERT_EQ(got.size(), want.size()) << "text of " << n << " words: " << text;
      for (std::size_t i = 0; i < want.size(); ++i) EXPECT_EQ(got[i], want[i]) << "token " << i << " of: " << text;
    }
  }
}

TEST(AnalyzerPipeline, CarriesLongTokensIntact) {
  // Norms from 1 letter up to the longest kept token (and one byte more,
  // which is skipped but takes a position), among short words.
  std::mt19937 r(3);
  const std::vector<std::string> letters = {"ب", "ت", "س", "ك", "م", "ن", "ي", "و", "ر", "ع"};
  std::string text;
  for (std::size_t bytes = 2; bytes <= fahras::Tokenizer::kMaxTokenBytes + 2; bytes += 2) {
    std::string w;
    while (w.size() < bytes) w += letters[r() % letters.size()];
    text += w + " في " + w + " kitab" + std::string(bytes / 2, 'x') + " ";
  }
  Analyzer a(StemmerKind::kFahras);
  for (int round = 0; round < 2; ++round) {
    const auto want = direct(text);
    const auto got = analyzed(a, text);
    ASSERT_EQ(got.size(), want.size());
    for (std::size_t i = 0; i < want.size(); ++i) ASSERT_EQ(got[i], want[i]) << "token " << i;
  }
}

TEST(AnalyzerPipeline, StartsCleanAfterASinkThrows) {
  std::string first, second;
  for (int i = 0; i < 40; ++i) first += word_pool()[static_cast<std::size_t>(i) % word_pool().size()] + " ";
  for (int i = 0; i < 5; ++i) second += word_pool()[static_cast<std::size_t>(i * 7 + 1) % word_pool().size()] + " ";
  Analyzer a(StemmerKind::kFahras);
  int seen = 0;
  EXPECT_THROW(a.analyze(first,
                         [&](const AnalyzedToken&) {
                           if (++seen == 3) throw std::runtime_error("sink gives up");
                         }),
               std::runtime_error);
  EXPECT_EQ(seen, 3);
  // Nothing held back from the abandoned call may surface in the next one.
  EXPECT_EQ(analyzed(a, second), direct(second));
  EXPECT_EQ(analyzed(a, first, 100), direct(first, 100));
}

TEST(AnalyzerPipeline, ConsecutiveCallsKeepTheirOwnTokens) {
  Analyzer a(StemmerKind::kFahras);
  std::uint32_t pos = 0;
  for (std::size_t k = 0; k < word_pool().size(); ++k) {
    const std::string text = word_pool()[k] + " " + word_pool()[(k + 3) % word_pool().size()];
    const auto got = analyzed(a, text, pos);
    EXPECT_EQ(got, direct(text, pos)) << text;
    pos += 10;
  }
}

// Words whose keys fall in one memo set, found among generated words.
std::vector<std::string> words_in_one_set(std::size_t n) {
  std::mt19937 r(11);
  const std::vector<std::string> letters = {"ب", "ت", "س", "ك", "م", "ن", "ي", "و", "ر", "ع", "ل", "د"};
  std::map<std::size_t, std::vector<std::string>> by_set;
  std::set<std::uint64_t> keys;
  for (int i = 0; i < 2000000; ++i) {
    std::string w;
    const auto len = 3 + r() % 5;
    for (unsigned k = 0; k < len; ++k) w += letters[r() % letters.size()];
    const std::uint64_t key = StemMemo::pack(w);
    if (key == 0 || !keys.insert(key).second) continue;
    auto& v = by_set[StemMemo::set_of(key)];
    v.push_back(w);
    if (v.size() == n) return v;
  }
  return {};
}

TEST(AnalyzerMemoReplacement, KeepsAWordUsedSinceTheLastEvictionPassed) {
  const auto words = words_in_one_set(StemMemo::kWays + 2);
  ASSERT_EQ(words.size(), StemMemo::kWays + 2) << "no set with enough generated words";
  const fahras::LightStemmer stemmer;
  std::map<std::string, int> computed;
  auto compute = [&](std::string_view w) {
    ++computed[std::string(w)];
    return StemMemo::Answer{stemmer.stem(w), fahras::is_stopword(w)};
  };
  StemMemo memo;
  auto lookup = [&](const std::string& w) {
    const StemMemo::Answer ans = memo.get(StemMemo::pack(w), w, compute);
    EXPECT_EQ(ans.stem, stemmer.stem(w)) << w;
  };
  // Fill the set: the frequent word first, then kWays - 1 others.
  for (std::size_t i = 0; i < StemMemo::kWays; ++i) lookup(words[i]);
  lookup(words[0]);  // used: it must get a second chance
  // Two new words in the same set evict two ways; FIFO would take words[0] first.
  lookup(words[StemMemo::kWays]);
  lookup(words[StemMemo::kWays + 1]);
  lookup(words[0]);
  EXPECT_EQ(computed[words[0]], 1) << "the word in use was evicted";
  // Unused words were the ones replaced, and are recomputed when they come back.
  lookup(words[1]);
  EXPECT_EQ(computed[words[1]], 2);
  for (const auto& w : words) EXPECT_GE(computed[w], 1) << w;
}

}  // namespace
