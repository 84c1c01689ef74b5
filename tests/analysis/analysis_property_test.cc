// Property tests for the normaliser and tokeniser on random input, and the
// tokeniser's allocation behaviour on real text.
//
// Random tests use one seed, printed at the start; set FAHRAS_SEED to replay
// a failing run.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <new>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "fahras/analyzer.h"
#include "fahras/normalizer.h"
#include "fahras/tokenizer.h"
#include "test_util.h"

// --- Counting allocator ------------------------------------------------------
// Every operator new in this binary is counted while g_counting is set.

namespace {
std::atomic<bool> g_counting{false};
std::atomic<long> g_allocations{0};
}  // namespace

// GCC pairs new/delete by name when it inlines them and would warn that
// free() receives memory from "operator new"; keeping these two out of line
// makes the malloc/free pairing plain to it.
namespace {
[[gnu::noinline]] void* counted_malloc(std::size_t n) {
  if (g_counting.load(std::memory_order_relaxed)) g_allocations.fetch_add(1, std::memory_order_relaxed);
  return std::malloc(n == 0 ? 1 : n);
}
[[gnu::noinline]] void counted_free(void* p) noexcept { std::free(p); }
}  // namespace

void* operator new(std::size_t n) {
  if (void* p = counted_malloc(n)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { counted_free(p); }
void operator delete(void* p, std::size_t) noexcept { counted_free(p); }

namespace {

using fahras::normalize;
using fahras::normalize_reference;
using fahras::Token;
using fahras::Tokenizer;

std::uint64_t test_seed() {
  static const std::uint64_t seed = [] {
    const char* env = std::getenv("FAHRAS_SEED");
    const std::uint64_t s = env != nullptr ? std::strtoull(env, nullptr, 10) : 20250601u;
    std::cout << "[ SEED     ] FAHRAS_SEED=" << s << "\n";
    return s;
  }();
  return seed;
}

class Rng {
 public:
  explicit Rng(std::uint64_t salt) : gen_(test_seed() ^ (salt * 0x9E3779B97F4A7C15ull)) {}
  std::uint32_t below(std::uint32_t n) { return std::uniform_int_distribution<std::uint32_t>(0, n - 1)(gen_); }
  bool chance(std::uint32_t percent) { return below(100) < percent; }

 private:
  std::mt19937_64 gen_;
};

void append_utf8(std::string& s, char32_t c) { s += fahras::test::utf8(c); }

// A code point from the ranges that matter to the normaliser, or any.
char32_t interesting_code_point(Rng& r) {
  struct Range {
    char32_t lo, hi;
  };
  static const Range ranges[] = {{0x20, 0x7E},       {0x0600, 0x06FF}, {0x0600, 0x06FF}, {0x064B, 0x065F},
                                 {0xFB50, 0xFDFF},   {0xFE70, 0xFEFF}, {0x00A0, 0x024F}, {0x0370, 0x04FF},
                                 {0x2000, 0x206F},   {0x0750, 0x077F}, {0x08A0, 0x08FF}, {0x4E00, 0x4E2F},
                                 {0x1F600, 0x1F64F}, {0x0660, 0x0669}, {0x06F0, 0x06F9}, {0x0, 0x10FFFF}};
  const Range& g = ranges[r.below(sizeof ranges / sizeof ranges[0])];
  for (;;) {
    const char32_t c = g.lo + r.below(g.hi - g.lo + 1);
    if (c < 0xD800 || c > 0xDFFF) return c;
  }
}

std::string random_code_points(Rng& r, std::size_t n) {
  std::string s;
  for (std::size_t i = 0; i < n; ++i) append_utf8(s, r.chance(15) ? U' ' : interesting_code_point(r));
  return s;
}

// Mostly well-formed text with ill-formed bytes mixed in.
std::string random_bytes(Rng& r, std::size_t n) {
  std::string s;
  while (s.size() < n) {
    const auto k = r.below(10);
    if (k < 3) {
      append_utf8(s, interesting_code_point(r));
    } else if (k < 5) {
      s += static_cast<char>(r.below(256));
    } else if (k < 6) {
      s += static_cast<char>(0x80 + r.below(64));  // stray continuation byte
    } else if (k < 7) {
      s += static_cast<char>(0xC0 + r.below(64));  // lead byte, maybe truncated
    } else if (k < 8) {
      s += ' ';
    } else {
      append_utf8(s, 0x0621 + r.below(0x64A - 0x621 + 1));
    }
  }
  return s;
}

const char32_t kLetters[] = {0x0621, 0x0622, 0x0623, 0x0624, 0x0625, 0x0626, 0x0627, 0x0628, 0x0629, 0x062A,
                             0x062B, 0x062C, 0x062D, 0x062E, 0x062F, 0x0630, 0x0631, 0x0632, 0x0633, 0x0634,
                             0x0635, 0x0636, 0x0637, 0x0638, 0x0639, 0x063A, 0x0641, 0x0642, 0x0643, 0x0644,
                             0x0645, 0x0646, 0x0647, 0x0648, 0x0649, 0x064A, 0x06A9, 0x06CC, 0x0671, 0xFEFB};
const char* const kSeparators[] = {" ", "، ", "«", "» ", "“", "” ", ". ", "؟ ", "\n", " - ", "؛"};

// The same random Arabic text twice: bare, and with diacritics, tatweel and
// invisible marks sprinkled through it.
std::pair<std::string, std::string> random_arabic(Rng& r, std::size_t words) {
  std::string bare, marked;
  for (std::size_t w = 0; w < words; ++w) {
    const std::size_t len = 1 + r.below(9);
    for (std::size_t i = 0; i < len; ++i) {
      const char32_t c = kLetters[r.below(sizeof kLetters / sizeof kLetters[0])];
      append_utf8(bare, c);
      append_utf8(marked, c);
      while (r.chance(40)) {
        const auto k = r.below(6);
        const char32_t m = k < 3   ? 0x064B + r.below(0x065F - 0x064B + 1)
                           : k < 4 ? 0x0640
                           : k < 5 ? 0x06D6 + r.below(0x06ED - 0x06D6 + 1)
                                   : (r.chance(50) ? 0x200C : 0x200F);
        append_utf8(marked, m);
      }
    }
    const char* sep = kSeparators[r.below(sizeof kSeparators / sizeof kSeparators[0])];
    bare += sep;
    marked += sep;
  }
  return {bare, marked};
}

struct Tok {
  std::string norm;
  std::uint32_t begin, end, position;
};

// Tokenises an exactly-sized heap copy, so AddressSanitizer sees any read
// past the end of the input.
std::vector<Tok> tokens(std::string_view text) {
  auto copy = std::make_unique<char[]>(text.size() + 1);
  std::memcpy(copy.get(), text.data(), text.size());
  Tokenizer t;
  std::vector<Tok> out;
  t.tokenize(std::string_view(copy.get(), text.size()), [&](const Token& k) {
    out.push_back({std::string(k.norm), k.begin, k.end, k.position});
  });
  return out;
}

std::vector<std::string> norms(std::string_view text) {
  std::vector<std::string> out;
  for (const Tok& t : tokens(text)) out.push_back(t.norm);
  return out;
}

// The invariants every tokenisation must satisfy, whatever the input.
void check_token_invariants(const std::string& text) {
  const auto toks = tokens(text);
  for (std::size_t i = 0; i < toks.size(); ++i) {
    const Tok& t = toks[i];
    ASSERT_FALSE(t.norm.empty());
    ASSERT_LE(t.norm.size(), Tokenizer::kMaxTokenBytes);
    ASSERT_LT(t.begin, t.end);
    ASSERT_LE(t.end, text.size());
    if (i > 0) {
      ASSERT_GT(t.position, toks[i - 1].position);
      ASSERT_GE(t.begin, toks[i - 1].begin);
    }
    // A token is one word: tokenising its norm gives it back.
    ASSERT_EQ(norms(t.norm), std::vector<std::string>{t.norm}) << testing::PrintToString(text);
    const std::string slice = normalize(text.substr(t.begin, t.end - t.begin));
    if (slice.find(' ') != std::string::npos) {
      // A multi-word ligature (U+FDFA) in the slice: the token is one of
      // the words the slice spells out.
      ASSERT_NE((" " + slice + " ").find(" " + t.norm + " "), std::string::npos);
    } else {
      ASSERT_EQ(slice, t.norm) << testing::PrintToString(text);
    }
  }
}

TEST(AnalysisProperty, FastNormalisationEqualsReferenceOnRandomBytes) {
  Rng r(1);
  for (int i = 0; i < 3000; ++i) {
    const std::string s = random_bytes(r, r.below(80));
    ASSERT_EQ(normalize(s), normalize_reference(s)) << testing::PrintToString(s);
  }
}

TEST(AnalysisProperty, FastNormalisationEqualsReferenceOnRandomText) {
  Rng r(2);
  for (int i = 0; i < 3000; ++i) {
    const std::string s = random_code_points(r, r.below(40));
    ASSERT_EQ(normalize(s), normalize_reference(s)) << testing::PrintToString(s);
  }
}

TEST(AnalysisProperty, NormalisationIsIdempotent) {
  Rng r(3);
  for (int i = 0; i < 3000; ++i) {
    const std::string s = i % 2 ? random_code_points(r, r.below(40)) : random_bytes(r, r.below(80));
    const std::string once = normalize(s);
    ASSERT_EQ(normalize(once), once) << testing::PrintToString(s);
  }
}

TEST(AnalysisProperty, TokensHoldTheirInvariantsOnRandomBytes) {
  Rng r(4);
  for (int i = 0; i < 2000; ++i) {
    check_token_invariants(random_bytes(r, r.below(120)));
    if (HasFatalFailure()) return;
  }
}

TEST(AnalysisProperty, TokensHoldTheirInvariantsOnRandomText) {
  Rng r(5);
  for (int i = 0; i < 2000; ++i) {
    check_token_invariants(random_code_points(r, r.below(60)));
    if (HasFatalFailure()) return;
  }
}

TEST(AnalysisProperty, TokenisingNormalisedTextGivesTheSameNorms) {
  Rng r(6);
  for (int i = 0; i < 2000; ++i) {
    const std::string s = i % 2 ? random_code_points(r, r.below(60)) : random_bytes(r, r.below(120));
    ASSERT_EQ(norms(normalize(s)), norms(s)) << testing::PrintToString(s);
  }
}

TEST(AnalysisProperty, DiacritisedTextGivesTheSameNormsAsBareText) {
  Rng r(7);
  for (int i = 0; i < 1000; ++i) {
    const auto [bare, marked] = random_arabic(r, 1 + r.below(12));
    ASSERT_EQ(norms(marked), norms(bare)) << bare << "\n" << marked;
  }
}

TEST(AnalysisProperty, LongInputsAreHandledWhole) {
  Rng r(8);
  std::string text = random_arabic(r, 40000).second;
  text += random_bytes(r, 50000);
  text += std::string(5000, 'x') + " " + std::string(3000, '\xD8');  // an overlong token, truncated leads
  ASSERT_GT(text.size(), 300000u);
  check_token_invariants(text);
  EXPECT_EQ(normalize(text), normalize_reference(text));
}

// --- Allocations ---------------------------------------------------------------

std::string large_real_text() {
  const std::filesystem::path shared(FAHRAS_SHARED_DIR);
  std::string text;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(shared / "corpus" / "news", ec)) {
    std::ifstream in(e.path(), std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    text += s.str();
    text += '\n';
  }
  // A few MB of SaudiNewsNet, as raw JSON Lines (the tokeniser does not care).
  std::ifstream in(shared / "corpus" / "saudinewsnet" / "articles-00.jsonl", std::ios::binary);
  if (in) {
    std::string chunk(4 << 20, '\0');
    in.read(&chunk[0], static_cast<std::streamsize>(chunk.size()));
    chunk.resize(static_cast<std::size_t>(in.gcount()));
    text += chunk;
  }
  return text;
}

TEST(AnalysisProperty, TokenisingARealArticleAllocatesNothingPerToken) {
  const std::string text = large_real_text();
  if (text.size() < 1000) GTEST_SKIP() << "no corpus under " FAHRAS_SHARED_DIR " (the shared data folder is absent)";
  Tokenizer t;
  std::size_t count = 0;
  auto sink = [&](const Token&) { ++count; };
  t.tokenize("warm up the tables", sink);
  count = 0;
  g_allocations = 0;
  g_counting = true;
  t.tokenize(text, sink);
  g_counting = false;
  EXPECT_GT(count, 5000u);
  EXPECT_EQ(g_allocations.load(), 0) << "allocations while tokenising " << count << " tokens";
}

TEST(AnalysisProperty, AnalysingARealArticleAllocatesNothingPerToken) {
  const std::string text = large_real_text();
  if (text.size() < 1000) GTEST_SKIP() << "no corpus under " FAHRAS_SHARED_DIR " (the shared data folder is absent)";
  for (auto kind : {fahras::StemmerKind::kFahras, fahras::StemmerKind::kNone}) {
    fahras::Analyzer a(kind);
    std::size_t count = 0;
    auto sink = [&](const fahras::AnalyzedToken&) { ++count; };
    a.analyze("warm up the tables", sink);
    count = 0;
    g_allocations = 0;
    g_counting = true;
    a.analyze(text, sink);
    g_counting = false;
    EXPECT_GT(count, 5000u);
    EXPECT_EQ(g_allocations.load(), 0) << fahras::to_string(kind) << ": allocations for " << count << " tokens";
  }
}

TEST(AnalysisProperty, CountingAllocatorSeesAllocations) {
  // Guards the two tests above against a counter that never counts.
  g_allocations = 0;
  g_counting = true;
  auto v = std::make_unique<std::vector<int>>(100);
  g_counting = false;
  EXPECT_GE(g_allocations.load(), 2);
}

}  // namespace
