// The `why` strings of the root analyser's tables (stemmer/src/root_rules.h)
// carry examples; this test runs the whole analyser on those that name a full
// word's root, so a reason can no longer promise a root the analyser stopped
// giving. An example is a chain "W -> X -> Y" of Arabic words; it is checked
// when its last word is three letters (a root, e.g. "مقام -> قوم"). Chains
// ending in a stem or a remainder of another length ("يجتنب -> جتنب",
// "جنتين -> جن") show what one rule cuts, not the root, and are not checked.
#include <gtest/gtest.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "../../stemmer/src/root_rules.h"
#include "fahras/normalizer.h"
#include "fahras/root.h"

namespace {

bool arabic_at(std::string_view s, std::size_t i) {
  const auto lead = static_cast<unsigned char>(s[i]);
  return lead >= 0xD8 && lead <= 0xDB && i + 1 < s.size();
}

struct Example {
  std::string word;
  std::string root;
};

// The chains of a `why`: runs of Arabic words joined by "->".
std::vector<Example> root_examples(std::string_view why) {
  std::vector<Example> out;
  std::vector<std::string> chain;
  auto flush = [&] {
    if (chain.size() >= 2 && chain.back().size() == 6) out.push_back({chain.front(), chain.back()});
    chain.clear();
  };
  bool arrow = false;
  for (std::size_t i = 0; i < why.size();) {
    if (arabic_at(why, i)) {
      const std::size_t start = i;
      while (i < why.size() && arabic_at(why, i)) i += 2;
      if (!arrow) flush();
      chain.emplace_back(why.substr(start, i - start));
      arrow = false;
    } else if (why.substr(i, 2) == "->") {
      arrow = true;
      i += 2;
    } else {
      if (why[i] != ' ') {
        arrow = false;
        flush();
      }
      ++i;
    }
  }
  flush();
  return out;
}

std::string root_of(std::string_view word) {
  return std::string(fahras::RootAnalyzer{}.root(fahras::normalize(word)).view());
}

// A root as the analyser writes it (root.cc, canonical): an initial hamza as
// ا, a weak second radical (ا و ي ء) as و, a weak third as ي. The tables name
// roots as dictionaries do (سءل, ابو, مرء).
std::string canonical(std::string_view root) {
  auto weak = [](std::string_view l) { return l == "ا" || l == "و" || l == "ي" || l == "ء"; };
  std::string a(root.substr(0, 2)), b(root.substr(2, 2)), c(root.substr(4, 2));
  if (a == "ء") a = "ا";
  if (weak(b)) b = "و";
  if (weak(c)) c = "ي";
  return a + b + c;
}

template <typename Table>
std::size_t check_table(const Table& table) {
  std::size_t checked = 0;
  for (const auto& rule : table)
    for (const Example& e : root_examples(rule.why)) {
      EXPECT_EQ(root_of(e.word), canonical(e.root)) << "example of: " << rule.why;
      ++checked;
    }
  return checked;
}

TEST(RootRuleExamples, ParsesChainsEndingInARoot) {
  const auto ex = root_examples("masdar: قرءان, غفران; مقام -> قوم, الاميين -> امي -> ام, دنيا -> دني");
  ASSERT_EQ(ex.size(), 2u);
  EXPECT_EQ(ex[0].word, "مقام");
  EXPECT_EQ(ex[0].root, "قوم");
  EXPECT_EQ(ex[1].word, "دنيا");
  EXPECT_EQ(ex[1].root, "دني");
}

TEST(RootRuleExamples, EveryPatternExampleGivesItsRoot) { EXPECT_GT(check_table(fahras::root_detail::kPatterns), 5u); }

TEST(RootRuleExamples, EveryShortStemExampleGivesItsRoot) {
  EXPECT_GE(check_table(fahras::root_detail::kShortStems), std::size(fahras::root_detail::kShortStems));
}

TEST(RootRuleExamples, EveryFixedRootIsWhatTheAnalyserGives) {
  for (const auto& f : fahras::root_detail::kFixedRoots) EXPECT_EQ(root_of(f.word), canonical(f.root)) << f.word;
}

}  // namespace
