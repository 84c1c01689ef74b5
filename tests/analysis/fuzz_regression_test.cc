// Replays every input the fuzzers ever saved under fuzz/regressions/ through
// the tokeniser and the analyzer, checking the tokeniser's contract. Under the
// sanitizer build this also catches the out-of-bounds writes they once found.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "fahras/analyzer.h"
#include "fahras/tokenizer.h"
#include "test_util.h"

namespace fs = std::filesystem;

namespace {

std::vector<fs::path> regression_inputs() {
  std::vector<fs::path> out;
  const fs::path root = fs::path(FAHRAS_SOURCE_DIR) / "fuzz" / "regressions";
  if (!fs::exists(root)) return out;
  for (const auto& e : fs::recursive_directory_iterator(root))
    if (e.is_regular_file()) out.push_back(e.path());
  return out;
}

std::string slurp(const fs::path& p) { return fahras::test::read_file(p.string()); }

}  // namespace

TEST(FuzzRegressions, SavedInputsKeepTokensWithinBoundsAndSizeLimit) {
  const auto inputs = regression_inputs();
  ASSERT_FALSE(inputs.empty()) << "no saved fuzz inputs found under fuzz/regressions";
  fahras::Tokenizer tok;
  for (const auto& path : inputs) {
    const std::string text = slurp(path);
    std::uint32_t last_end = 0;
    tok.tokenize(text, [&](const fahras::Token& t) {
      EXPECT_LE(t.norm.size(), fahras::Tokenizer::kMaxTokenBytes) << path;
      EXPECT_LT(t.begin, t.end) << path;
      EXPECT_LE(t.end, text.size()) << path;
      EXPECT_LE(last_end, t.end) << path;
      last_end = t.end;
    });
  }
}

TEST(FuzzRegressions, LatinLetterThenLongArabicRunIsSkippedAsOverlongToken) {
  // One ASCII letter makes the token's byte length odd before a run of
  // two-byte Arabic letters: the run must not push the token past the limit.
  for (int letters : {59, 60, 100, 1000}) {
    std::string text = "a";
    for (int i = 0; i < letters; ++i) text += "\xD8\xB3";  // س
    std::vector<std::string> norms;
    fahras::Tokenizer tok;
    tok.tokenize(text, [&](const fahras::Token& t) { norms.emplace_back(t.norm); });
    const std::size_t bytes = 1 + 2 * static_cast<std::size_t>(letters);
    if (bytes <= fahras::Tokenizer::kMaxTokenBytes) {
      ASSERT_EQ(norms.size(), 1u) << letters;
      EXPECT_EQ(norms[0].size(), bytes);
    } else {
      EXPECT_TRUE(norms.empty()) << letters << " letters gave a token of " << norms[0].size();
    }
  }
}

TEST(FuzzRegressions, AnalyzerSurvivesSavedInputs) {
  fahras::Analyzer analyzer;
  for (const auto& path : regression_inputs()) {
    const std::string text = slurp(path);
    analyzer.analyze(text, [&](const fahras::AnalyzedToken& t) {
      EXPECT_FALSE(t.stem.empty()) << path;
      EXPECT_LE(t.stem.size(), t.norm.size()) << path;
    });
  }
}
