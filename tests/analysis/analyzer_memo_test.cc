// The Analyzer's memo of stems and stop flags (stemmer/src/stem_memo.h) must
// never change a result: every token's stem and stop flag must equal a
// direct LightStemmer::stem / is_stopword call, whether the word was a memo
// hit, a miss, evicted by colliding words, or bypassed the memo.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "../../stemmer/src/stem_memo.h"
#include "../../stemmer/src/stem_rules.h"
#include "fahras/analyzer.h"
#include "fahras/stemmer.h"
#include "fahras/stopwords.h"
#include "fahras/tokenizer.h"

namespace {

using fahras::AnalyzedToken;
using fahras::Analyzer;
using fahras::StemmerKind;
using fahras::detail::StemMemo;

// Analyses `text` with `a` and checks every token against the tokenizer and
// direct stemmer / stop-word calls. Returns the number of tokens checked.
std::size_t expect_same_as_direct(Analyzer& a, const std::string& text) {
  struct Ref {
    std::string norm;
    std::uint32_t begin, end, position;
    fahras::TokenScript script;
  };
  std::vector<Ref> ref;
  fahras::Tokenizer tok;
  tok.tokenize(text, [&](const fahras::Token& t) {
    ref.push_back({std::string(t.norm), t.begin, t.end, t.position, t.script});
  });
  const fahras::LightStemmer stemmer;
  std::size_t i = 0, bad = 0;
  a.analyze(text, [&](const AnalyzedToken& t) {
    if (i >= ref.size()) {
      ++i;
      return;
    }
    const Ref& r = ref[i++];
    const std::string_view want =
        r.script == fahras::TokenScript::kNumber ? std::string_view(r.norm) : stemmer.stem(r.norm);
    const bool ok = t.norm == r.norm && t.begin == r.begin && t.end == r.end && t.position == r.position &&
                    t.script == r.script && t.stem == want && t.stopword == fahras::is_stopword(r.norm);
    if (!ok && ++bad <= 10) {
      ADD_FAILURE() << "token " << i - 1 << " '" << r.norm << "': stem '" << t.stem << "' (want '" << want
                    << "'), stop " << t.stopword << " (want " << fahras::is_stopword(r.norm) << ")";
    }
  });
  EXPECT_EQ(i, ref.size()) << "the analyzer and the tokenizer disagree on the token count";
  EXPECT_EQ(bad, 0u);
  return ref.size();
}

std::string read_file(const std::filesystem::path& p, std::size_t max_bytes) {
  std::ifstream in(p, std::ios::binary);
  std::string s(max_bytes, '\0');
  in.read(&s[0], static_cast<std::streamsize>(max_bytes));
  s.resize(static_cast<std::size_t>(in.gcount()));
  return s;
}

std::string real_text() {
  const std::filesystem::path shared(FAHRAS_SHARED_DIR);
  std::string text;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(shared / "corpus" / "news", ec)) {
    text += read_file(e.path(), 1 << 20);
    text += '\n';
  }
  // 2 MB of SaudiNewsNet as raw JSON Lines: ~170K tokens of real text, so
  // the memo answers a realistic mix of repeated and first-seen words
  // (eviction itself is forced by the set-collision test).
  text += read_file(shared / "corpus" / "saudinewsnet" / "articles-01.jsonl", 2 << 20);
  return text;
}

// Normalised Arabic letters (U+0621-064A as the normaliser leaves them).
const std::vector<std::string>& letters() {
  static const std::vector<std::string> l = {"ء", "ا", "ب", "ت", "ث", "ج", "ح", "خ", "د", "ذ", "ر", "ز", "س", "ش", "ص",
                                             "ض", "ط", "ظ", "ع", "غ", "ف", "ق", "ك", "ل", "م", "ن", "ه", "و", "ي"};
  return l;
}

// Random words shaped like Arabic: clitics, 2-8 root letters, suffixes.
std::string random_word(std::mt19937& r) {
  static const char* pre[] = {"",    "",    "",   "و",  "ف",  "ب",  "ل",  "ك", "ال",
                              "وال", "بال", "لل", "وب", "ول", "سي", "ست", "ي", "ت"};
  static const char* suf[] = {"",   "",   "",  "ه",   "ها", "هم", "ات", "ون", "ين",
                              "ان", "وا", "ت", "تين", "كم", "نا", "ي",  "ا"};
  std::string w = pre[r() % std::size(pre)];
  const auto n = static_cast<unsigned>(2 + r() % 7);
  for (unsigned k = 0; k < n; ++k) w += letters()[r() % letters().size()];
  w += suf[r() % std::size(suf)];
  return w;
}

TEST(AnalyzerMemo, MatchesDirectStemmingOnRealNews) {
  const std::string text = real_text();
  if (text.size() < (1u << 20))
    GTEST_SKIP() << "no corpus under " FAHRAS_SHARED_DIR " (the shared data folder is absent)";
  Analyzer a(StemmerKind::kFahras);
  // Twice: the first pass fills the memo, the second is mostly hits.
  EXPECT_GT(expect_same_as_direct(a, text), 100000u);
  expect_same_as_direct(a, text);
}

TEST(AnalyzerMemo, MatchesDirectStemmingOnRandomArabicWords) {
  std::mt19937 r(20250611);
  std::vector<std::string> vocab;
  for (int i = 0; i < 300000; ++i) vocab.push_back(random_word(r));
  // A Zipf-like stream: a few words very often, most rarely.
  std::string text;
  for (int i = 0; i < 600000; ++i) {
    const double u = static_cast<double>(r() % 1000000) / 1e6;
    const auto k = static_cast<std::size_t>(std::pow(u, 3.0) * static_cast<double>(vocab.size()));
    text += vocab[k];
    text += ' ';
  }
  Analyzer a(StemmerKind::kFahras);
  EXPECT_EQ(expect_same_as_direct(a, text), 600000u);
}

TEST(AnalyzerMemo, MatchesDirectStemmingForWordsThatCollideInOneSet) {
  // Far more words than a set has ways, all hashing to the same few sets,
  // interleaved so that each evicts the others and comes back.
  std::mt19937 r(7);
  std::map<std::size_t, std::vector<std::string>> by_set;
  std::set<std::uint64_t> keys;
  for (int i = 0; i < 400000; ++i) {
    const std::string w = random_word(r);
    const std::uint64_t key = StemMemo::pack(w);
    if (key == 0) continue;
    if (!keys.insert(key).second) continue;
    by_set[StemMemo::set_of(key)].push_back(w);
  }
  std::vector<std::string> colliding;
  for (const auto& [set, words] : by_set) {
    if (words.size() >= 3 * StemMemo::kWays) colliding.insert(colliding.end(), words.begin(), words.end());
    if (colliding.size() > 400) break;
  }
  ASSERT_GT(colliding.size(), 3 * StemMemo::kWays);
  std::string text;
  for (int round = 0; round < 20; ++round) {
    for (std::size_t i = 0; i < colliding.size(); ++i) {
      text += colliding[(i * 7 + static_cast<std::size_t>(round)) % colliding.size()];
      text += round % 2 ? "، " : " ";
    }
  }
  Analyzer a(StemmerKind::kFahras);
  expect_same_as_direct(a, text);
}

TEST(AnalyzerMemo, PacksDistinctWordsToDistinctKeys) {
  std::mt19937 r(99);
  std::map<std::uint64_t, std::string> seen;
  for (int i = 0; i < 200000; ++i) {
    const std::string w = random_word(r);
    const std::uint64_t key = StemMemo::pack(w);
    if (key == 0) {
      EXPECT_GT(w.size(), 2 * StemMemo::kMaxLetters) << w;
      continue;
    }
    const auto [it, inserted] = seen.emplace(key, w);
    if (!inserted) {
      EXPECT_EQ(it->second, w) << "two words share key " << key;
    }
  }
  EXPECT_GT(seen.size(), 100000u);
}

TEST(AnalyzerMemo, DoesNotPackWordsItCannotRepresentExactly) {
  EXPECT_EQ(StemMemo::pack(""), 0u);
  EXPECT_EQ(StemMemo::pack("kitab"), 0u);
  EXPECT_EQ(StemMemo::pack("كتاب2"), 0u);
  EXPECT_EQ(StemMemo::pack("پژوهش"), 0u);           // Persian letters, beyond U+065F
  EXPECT_EQ(StemMemo::pack("والاستراتيجيات"), 0u);  // 14 letters
  EXPECT_EQ(StemMemo::pack("\xD8"), 0u);            // a truncated letter
  EXPECT_EQ(StemMemo::pack("\xD8\xA0"), 0u);        // U+0620, code 0 would be ambiguous
  EXPECT_NE(StemMemo::pack("الاستراتيج"), 0u);      // exactly 10 letters
  EXPECT_NE(StemMemo::pack("ء"), 0u);
}

TEST(AnalyzerMemo, GivesTableStemsThatAreNotPartOfTheWord) {
  // Whole-word table stems (وزراء -> وزير) live in static storage, not in
  // the word; repeated so that the second and later ones are memo hits.
  std::string text;
  for (int round = 0; round < 3; ++round) {
    for (const auto& p : fahras::stem_detail::kBrokenPlurals)
      text.append(p.plural).append(" ال").append(p.plural).append(" ");
    for (const auto& f : fahras::stem_detail::kFixedStems) text.append(f.word).append(" ");
  }
  Analyzer a(StemmerKind::kFahras);
  expect_same_as_direct(a, text);
  bool outside = false;
  a.analyze("الوزراء الوزراء", [&](const AnalyzedToken& t) {
    outside = outside || t.stem.data() < t.norm.data() || t.stem.data() >= t.norm.data() + t.norm.size();
    EXPECT_EQ(t.stem, "وزير");
  });
  EXPECT_TRUE(outside) << "expected a stem from the stemmer's static tables";
}

TEST(AnalyzerMemo, BypassedWordsAreStemmedDirectly) {
  Analyzer a(StemmerKind::kFahras);
  expect_same_as_direct(a, "والاستراتيجيات والاستراتيجيات kitab books 2025 3.5 پژوهش وللمستشفيات وللمستشفيات");
}

TEST(AnalyzerMemo, CopiesAndMovesGiveTheSameResults) {
  const std::string text = "والمدرسة الجديدة وقال الوزراء في بيان سيكتبون الرسائل والمدرسة";
  Analyzer a(StemmerKind::kFahras);
  expect_same_as_direct(a, text);
  Analyzer copy = a;
  expect_same_as_direct(copy, text);
  Analyzer none(StemmerKind::kNone);
  none = a;  // a warm memo must not survive a change of kind, nor leak
  expect_same_as_direct(none, text);
  Analyzer moved = std::move(copy);
  expect_same_as_direct(moved, text);
  Analyzer target(StemmerKind::kNone);
  target = std::move(moved);
  EXPECT_EQ(target.kind(), StemmerKind::kFahras);
  expect_same_as_direct(target, text);
}

}  // namespace
