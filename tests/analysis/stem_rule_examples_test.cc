// Every `why` of the stemmer's rule tables (stemmer/src/stem_rules.h) carries
// examples, and this test runs the whole stemmer on each, so a reason can no
// longer promise an output the stemmer stopped giving. The grammar of a `why`
// is stated at the top of stem_rules.h: "W -> S" (W stems to S), "keeps W1, W2"
// (unchanged, up to the next ; or "("), "(...)" commentary; an Arabic word
// anywhere else is an error, so every example is checked. The `W → S` examples of stemmer/README.md's rule
// list are checked the same way.
#include <gtest/gtest.h>

#include <cctype>
#include <cstddef>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "../../stemmer/src/stem_rules.h"
#include "fahras/normalizer.h"
#include "fahras/stemmer.h"

namespace {

struct Example {
  std::string word;
  std::string stem;  // what the stemmer must return
};

struct Parsed {
  std::vector<Example> examples;
  std::string error;  // empty when the `why` follows the grammar
};

// An Arabic letter in UTF-8: lead byte 0xD8-0xDB (U+0600-U+06FF), one
// continuation byte.
bool arabic_at(std::string_view s, std::size_t i) {
  const auto lead = static_cast<unsigned char>(s[i]);
  return lead >= 0xD8 && lead <= 0xDB && i + 1 < s.size();
}

enum class Kind { kWord, kArrow, kSemicolon, kKeeps, kOpen, kClose };
struct Token {
  Kind kind;
  std::string text;
};

std::vector<Token> tokenize(std::string_view why) {
  std::vector<Token> out;
  for (std::size_t i = 0; i < why.size();) {
    if (arabic_at(why, i)) {
      const std::size_t start = i;
      while (i < why.size() && arabic_at(why, i)) i += 2;
      out.push_back({Kind::kWord, std::string(why.substr(start, i - start))});
    } else if (why.substr(i, 2) == "->") {
      out.push_back({Kind::kArrow, {}});
      i += 2;
    } else if (why.substr(i, 5) == "keeps" && (i == 0 || why[i - 1] == ' ')) {
      out.push_back({Kind::kKeeps, {}});
      i += 5;
    } else {
      if (why[i] == ';') out.push_back({Kind::kSemicolon, {}});
      if (why[i] == '(') out.push_back({Kind::kOpen, {}});
      if (why[i] == ')') out.push_back({Kind::kClose, {}});
      ++i;
    }
  }
  return out;
}

Parsed parse_why(std::string_view why) {
  Parsed p;
  const std::vector<Token> t = tokenize(why);
  bool keeps = false;
  int depth = 0;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (t[i].kind == Kind::kOpen) {
      ++depth;
      keeps = false;
    } else if (t[i].kind == Kind::kClose) {
      if (depth > 0) --depth;
    } else if (depth > 0) {
      continue;  // commentary
    } else if (t[i].kind == Kind::kSemicolon) {
      keeps = false;
    } else if (t[i].kind == Kind::kKeeps) {
      keeps = true;
    } else if (t[i].kind == Kind::kArrow) {
      p.error = "\"->\" without an Arabic word before it";
      return p;
    } else if (i + 1 < t.size() && t[i + 1].kind == Kind::kArrow) {
      // W -> X [-> S]: the last word is the stem.
      const std::string word = t[i].text;
      while (i + 1 < t.size() && t[i + 1].kind == Kind::kArrow) {
        if (i + 2 >= t.size() || t[i + 2].kind != Kind::kWord) {
          p.error = "\"" + word + " ->\" is not followed by an Arabic word";
          return p;
        }
        i += 2;
      }
      p.examples.push_back({word, t[i].text});
    } else if (keeps) {
      p.examples.push_back({t[i].text, t[i].text});
    } else {
      p.error = "the Arabic word " + t[i].text + " is neither \"W -> S\", nor after \"keeps\", nor in parentheses";
      return p;
    }
  }
  return p;
}

std::string stem_of(std::string_view word) {
  const std::string norm = fahras::normalize(word);
  return std::string(fahras::LightStemmer{}.stem(norm));
}

struct Rule {
  std::string name;  // table[affix], as a developer searches for it
  std::string_view why;
};

template <std::size_t N>
void add(std::vector<Rule>& rules, const char* table, const fahras::stem_detail::Affix (&t)[N]) {
  for (const auto& a : t) rules.push_back({std::string(table) + "[" + std::string(a.text) + "]", a.why});
}
template <std::size_t N>
void add(std::vector<Rule>& rules, const char* table, const fahras::stem_detail::Frame (&t)[N]) {
  for (const auto& f : t)
    rules.push_back({std::string(table) + "[" + std::string(f.prefix) + "..." + std::string(f.suffix) + "]", f.why});
}

template <std::size_t N>
void add(std::vector<Rule>& rules, const char* table, const fahras::stem_detail::Hollow (&t)[N]) {
  for (const auto& h : t) rules.push_back({std::string(table) + "[" + std::string(h.perfect) + "]", h.why});
}

template <std::size_t N>
void add(std::vector<Rule>& rules, const char* table, const fahras::stem_detail::Defective (&t)[N]) {
  for (const auto& d : t) rules.push_back({std::string(table) + "[" + std::string(d.perfect) + "]", d.why});
}

void add(std::vector<Rule>& rules, const char* name, const fahras::stem_detail::Switch& s) {
  rules.push_back({name, s.why});
}

// Every table with a `why`: a new table is added here, or its examples go unchecked.
std::vector<Rule> all_rules() {
  using namespace fahras::stem_detail;
  std::vector<Rule> r;
  add(r, "kArticlePrefixes", kArticlePrefixes);
  add(r, "kConjunctions", kConjunctions);
  add(r, "kPrepositions", kPrepositions);
  add(r, "kFuturePrefixes", kFuturePrefixes);
  add(r, "kImperfectFrames", kImperfectFrames);
  add(r, "kBareImperfect", kBareImperfect);
  add(r, "kEnergeticPrefixes", kEnergeticPrefixes);
  add(r, "kEnergetic", kEnergetic);
  add(r, "kInterrogative", kInterrogative);
  add(r, "kVerbSubjectSuffixes", kVerbSubjectSuffixes);
  add(r, "kPronounSuffixes", kPronounSuffixes);
  add(r, "kBeforePronoun", kBeforePronoun);
  add(r, "kInflectionSuffixes", kInflectionSuffixes);
  add(r, "kFeminine", kFeminine);
  add(r, "kHollowVerbs", kHollowVerbs);
  add(r, "kDefectiveVerbs", kDefectiveVerbs);
  add(r, "kPrepositionGuardGenitiveNoun", kPrepositionGuardGenitiveNoun);
  add(r, "kFutureGuardKnownVerb", kFutureGuardKnownVerb);
  add(r, "kFeminineGuardShortStemKnown", kFeminineGuardShortStemKnown);
  add(r, "kArticleGuardInflectedWord", kArticleGuardInflectedWord);
  add(r, "kConjunctionGuardInflectedWord", kConjunctionGuardInflectedWord);
  add(r, "kImperfectGuardVerbSection", kImperfectGuardVerbSection);
  return r;
}

TEST(StemRuleExamples, ParserReadsArrowsKeepsAndCommentary) {
  const Parsed p = parse_why("reason: كتابها -> كتاب, مدرستها -> مدرست -> مدرس; keeps وصل, وطن (ريز is commentary)");
  ASSERT_EQ(p.error, "");
  ASSERT_EQ(p.examples.size(), 4u);
  EXPECT_EQ(p.examples[0].word, "كتابها");
  EXPECT_EQ(p.examples[0].stem, "كتاب");
  EXPECT_EQ(p.examples[1].word, "مدرستها");
  EXPECT_EQ(p.examples[1].stem, "مدرس");
  EXPECT_EQ(p.examples[2].stem, "وصل");
  EXPECT_EQ(p.examples[3].word, "وطن");
}

TEST(StemRuleExamples, ParserRejectsAnArabicWordOutsideTheGrammar) {
  EXPECT_NE(parse_why("before a pronoun: مدرستها, كتبته").error, "");
  EXPECT_NE(parse_why("stem: كتابها ->").error, "");
  EXPECT_NE(parse_why("keeps وصل; but not وطن").error, "");
  EXPECT_EQ(parse_why("no examples at all").examples.size(), 0u);
}

TEST(StemRuleExamples, EveryRuleHasAnExampleInTheGrammar) {
  const std::vector<Rule> rules = all_rules();
  ASSERT_GE(rules.size(), 50u) << "the rule tables shrank: is a table missing from all_rules()?";
  for (const Rule& r : rules) {
    const Parsed p = parse_why(r.why);
    EXPECT_EQ(p.error, "") << r.name << ": " << r.why;
    EXPECT_FALSE(p.examples.empty()) << r.name << " has no example: " << r.why;
  }
}

TEST(StemRuleExamples, EveryExampleStemsAsItsRuleSays) {
  std::ostringstream wrong;
  int checked = 0;
  int failed = 0;
  for (const Rule& r : all_rules()) {
    for (const Example& e : parse_why(r.why).examples) {
      ++checked;
      const std::string got = stem_of(e.word);
      if (got == e.stem) continue;
      ++failed;
      wrong << "  " << r.name << ": " << e.word << " -> expected " << e.stem << ", got " << got
            << "\n    why: " << r.why << "\n";
    }
  }
  EXPECT_GE(checked, 80);
  EXPECT_EQ(failed, 0) << failed << " of " << checked
                       << " rule examples differ (fix the rule, or the example in stemmer/src/stem_rules.h):\n"
                       << wrong.str();
}

// stemmer/README.md documents the rules in order ("The rules, in the order they apply": a numbered list that
// ends at the first blank line), with examples written `W → S` (or `W1/W2 → S`). Each must hold, so the README
// cannot drift from the tables either; in `W → X → S` X is a step and S is checked. An item about a rule the stemmer
// does not apply (its text names kStripNisba, or says the rule is OFF or removed) tells what the rule would do, and is
// not checked.
std::vector<Example> readme_examples(const std::string& readme, std::string& error) {
  const std::string start = "### The rules, in the order they apply";
  const std::size_t from = readme.find(start);
  if (from == std::string::npos) {
    error = "no section \"" + start + "\"";
    return {};
  }
  // Items are the numbered paragraphs; lines are joined so an example may wrap.
  std::vector<std::string> items;
  std::istringstream in(readme.substr(from + start.size()));
  std::string line;
  while (std::getline(in, line)) {
    const std::size_t text = line.find_first_not_of(' ');
    if (text == std::string::npos) {
      if (items.empty()) continue;  // the blank line under the heading
      break;                        // the end of the list
    }
    const bool numbered = line[0] != ' ' && std::isdigit(static_cast<unsigned char>(line[0])) && line.find(". ") < 3;
    if (numbered || items.empty()) items.emplace_back();
    items.back() += " " + line.substr(text);
  }
  auto switched_off = [](const std::string& item) {
    return item.find("kStripNisba") != std::string::npos || item.find("OFF**") != std::string::npos ||
           item.find("removed**") != std::string::npos;
  };
  std::vector<Example> out;
  const std::string arrow = " \u2192 ";
  for (const std::string& item : items) {
    if (switched_off(item)) continue;
    for (std::size_t open = item.find('`'); open != std::string::npos;) {
      const std::size_t close = item.find('`', open + 1);
      if (close == std::string::npos) break;
      const std::string code = item.substr(open + 1, close - open - 1);
      open = item.find('`', close + 1);
      const std::size_t at = code.find(arrow);
      if (at == std::string::npos) continue;
      const std::string stem = code.substr(code.rfind(arrow) + arrow.size());  // W → X → S: S
      std::istringstream words(code.substr(0, at));
      std::string word;
      while (std::getline(words, word, '/')) out.push_back({word, stem});
    }
  }
  if (out.empty()) error = "no `W \u2192 S` example found in \"" + start + "\"";
  return out;
}

TEST(StemRuleExamples, StemmerReadmeExamplesHold) {
  std::ifstream in(FAHRAS_SOURCE_DIR "/stemmer/README.md");
  ASSERT_TRUE(in) << "cannot read stemmer/README.md";
  const std::string readme((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::string error;
  const std::vector<Example> examples = readme_examples(readme, error);
  ASSERT_EQ(error, "");
  EXPECT_GE(examples.size(), 50u);
  std::ostringstream wrong;
  int failed = 0;
  for (const Example& e : examples) {
    const std::string got = stem_of(e.word);
    if (got == e.stem) continue;
    ++failed;
    wrong << "  " << e.word << " \u2192 " << e.stem << " in stemmer/README.md, the stemmer gives " << got << "\n";
  }
  EXPECT_EQ(failed, 0) << failed << " of " << examples.size() << " examples of stemmer/README.md's rules differ:\n"
                       << wrong.str();
}

TEST(StemRuleExamples, ReadmeParserJoinsWrappedExamplesAndSkipsSwitchedOffRules) {
  std::string error;
  const auto ex = readme_examples(
      "### The rules, in the order they apply\n\n1. **A** (`والكتاب → كتاب`, `يستخدم →\n   ستخدم`), `a/b → x → c`.\n"
      "2. **Off** (`kStripNisba = false`): `عربية → عرب`.\n3. **Nisba**, **measured and removed**: `a → b`.\n"
      "\nWhy it is off. `x → y`\n",
      error);
  ASSERT_EQ(error, "");
  ASSERT_EQ(ex.size(), 4u);
  EXPECT_EQ(ex[0].word, "والكتاب");
  EXPECT_EQ(ex[1].word, "يستخدم");
  EXPECT_EQ(ex[1].stem, "ستخدم");
  EXPECT_EQ(ex[2].word, "a");
  EXPECT_EQ(ex[3].stem, "c");
}

}  // namespace
