// The stem snapshot (tests/golden/stem-snapshot.tsv): about 10,000 words sampled
// from hunspell-ar and expanded through its affix rules, each with the stem the
// light stemmer gave at the version in the file's header. Like Xapian's
// stemtest, it fails when any stem changes while LightStemmer::kVersion stays
// the same (a database built with that version would silently get other
// terms), and shows which words changed. After a deliberate change: bump
// kVersion and run scripts/update-stem-snapshot.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <unordered_set>
#include <vector>

#include "../../stemmer/src/stem_lexicon.h"
#include "fahras/normalizer.h"
#include "fahras/stemmer.h"

namespace {

constexpr const char* kPath = FAHRAS_SOURCE_DIR "/tests/golden/stem-snapshot.tsv";
constexpr int kShown = 40;  // changed words printed; the count covers them all

struct Snapshot {
  int version = -1;
  long lexicon_words = -1;
  std::vector<std::pair<std::string, std::string>> stems;  // word, stem
};

Snapshot load() {
  Snapshot s;
  std::ifstream in(kPath);
  EXPECT_TRUE(in) << "cannot open " << kPath << "; create it with scripts/update-stem-snapshot --resample";
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty() || line[0] == '#') continue;
    const auto tab = line.find('\t');
    if (tab == std::string::npos || line.find('\t', tab + 1) != std::string::npos) {
      ADD_FAILURE() << kPath << ":" << number << ": expected word<TAB>stem";
      continue;
    }
    std::string key = line.substr(0, tab), value = line.substr(tab + 1);
    if (key == "stemmer-version") s.version = std::stoi(value);
    else if (key == "lexicon-words") s.lexicon_words = std::stol(value);
    else s.stems.emplace_back(std::move(key), std::move(value));
  }
  return s;
}

std::string stem_of(const std::string& word) {
  return std::string(fahras::LightStemmer{}.stem(fahras::normalize(word)));
}

TEST(StemSnapshot, HasAboutTenThousandDistinctWordsAndAVersion) {
  const Snapshot s = load();
  EXPECT_GE(s.version, 1) << kPath << " has no stemmer-version line";
  EXPECT_GE(s.lexicon_words, 1) << kPath << " has no lexicon-words line";
  EXPECT_GE(s.stems.size(), 9000u);
  std::unordered_set<std::string> seen;
  for (const auto& [word, stem] : s.stems) EXPECT_TRUE(seen.insert(word).second) << "listed twice: " << word;
}

TEST(StemSnapshot, StemsChangeOnlyWithTheStemmerVersion) {
  const Snapshot s = load();
  ASSERT_FALSE(s.stems.empty());
  if (s.lexicon_words != static_cast<long>(fahras::stem_detail::kLexiconWords))
    GTEST_SKIP() << "the stemmer's lexicon has " << fahras::stem_detail::kLexiconWords << " words, the snapshot was"
                 << " made with " << s.lexicon_words << " (another hunspell-ar than Debian 12's): stems may differ";

  std::ostringstream diff;
  std::size_t changed = 0;
  for (const auto& [word, old_stem] : s.stems) {
    const std::string now = stem_of(word);
    if (now == old_stem) continue;
    if (++changed <= kShown) diff << "  " << word << "\t" << old_stem << " -> " << now << "\n";
  }
  const std::string shown = changed > kShown ? " (first " + std::to_string(kShown) + " shown)" : "";
  const int version = fahras::LightStemmer::kVersion;
  if (s.version == version) {
    EXPECT_EQ(changed, 0u) << changed << " of " << s.stems.size() << " stems changed" << shown
                           << " while LightStemmer::kVersion is still " << version << ". word, old -> new stem:\n"
                           << diff.str()
                           << "If the change is meant, bump kVersion (stemmer/include/fahras/stemmer.h; databases "
                              "built before are then refused) and run scripts/update-stem-snapshot.";
  } else {
    ADD_FAILURE() << "LightStemmer::kVersion is " << version << " and " << kPath << " pins version " << s.version
                  << ": run scripts/update-stem-snapshot and review its diff (" << changed << " stems changed" << shown
                  << "):\n"
                  << diff.str();
  }
}

}  // namespace
