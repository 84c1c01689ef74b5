// fuzz_analyzer: any bytes through the whole fahras::Analyzer chain, with the
// fahras light stemmer and with no stemmer.
// Invariants (analyzer.h, stemmer.h, tokenizer.h):
//  - the analyzer's tokens are the tokenizer's tokens (norm, range,
//    position, script), for any first_position;
//  - stem: with kNone and for numbers it is the norm; otherwise it is
//    LightStemmer::stem(norm) and Analyzer::stem(norm) gives the same; it
//    is non-empty and never longer than the norm;
//  - stopword is is_stopword(norm);
//  - removing the code points the normaliser deletes (harakat, tatweel,
//    Qur'anic marks, bidi controls, ZWJ/ZWNJ, BOM, soft hyphen, word
//    joiner) from valid UTF-8 text changes no norm, stem, position or
//    stop flag: they "never split a word" (tokenizer.h). Only for valid
//    UTF-8, since deleting a code point between ill-formed bytes may join
//    them into a new character.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fahras/analyzer.h"
#include "fahras/normalizer.h"
#include "fahras/stemmer.h"
#include "fahras/stopwords.h"
#include "fahras/tokenizer.h"
#include "fuzz_check.h"

namespace {

using fahras::StemmerKind;
using fahras::TokenScript;
using fahras_fuzz::hex;

struct Tok {
  std::string norm, stem;
  std::uint32_t begin, end, position;
  TokenScript script;
  bool stopword;
};

std::vector<Tok> analyze(fahras::Analyzer& a, std::string_view text, std::uint32_t first = 0) {
  std::vector<Tok> out;
  a.analyze(
      text,
      [&](const fahras::AnalyzedToken& t) {
        out.push_back({std::string(t.norm), std::string(t.stem), t.begin, t.end, t.position, t.script, t.stopword});
      },
      first);
  return out;
}

// The normaliser's removed set, as stemmer/README.md lists it (the dagger
// alef U+0670 is not in it: it is ا, or removed only after ى).
bool removed(char32_t c) {
  return (c >= 0x064B && c <= 0x065F) || (c >= 0x06D6 && c <= 0x06ED) || (c >= 0x0610 && c <= 0x061A) || c == 0x0640 ||
         c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) ||
         c == 0x200C || c == 0x200D || c == 0xFEFF || c == 0x00AD || c == 0x2060;
}

std::string strip_removed(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t start = i;
    const char32_t c = fahras_fuzz::next_code_point(s, i);
    if (!removed(c)) out.append(s.substr(start, i - start));
  }
  return out;
}

std::string describe(std::string_view text, StemmerKind kind, const Tok& t) {
  return "input " + hex(text) + "\nstemmer " + std::string(fahras::to_string(kind)) + " token [" +
         std::to_string(t.begin) + "," + std::to_string(t.end) + ") pos " + std::to_string(t.position) + " norm " +
         hex(t.norm) + " stem " + hex(t.stem);
}

void check_kind(std::string_view text, fahras::Analyzer& analyzer, const std::vector<fahras::Token>& ref,
                const std::vector<std::string>& ref_norms) {
  const StemmerKind kind = analyzer.kind();
  const fahras::LightStemmer light;
  const std::vector<Tok> toks = analyze(analyzer, text);
  FUZZ_CHECK(toks.size() == ref.size(), "input " + hex(text) + "\nanalyzer and tokenizer disagree on the count");
  for (std::size_t i = 0; i < toks.size(); ++i) {
    const Tok& t = toks[i];
    const std::string d = describe(text, kind, t);
    FUZZ_CHECK(t.norm == ref_norms[i] && t.begin == ref[i].begin && t.end == ref[i].end &&
                   t.position == ref[i].position && t.script == ref[i].script,
               d + "\ntokenizer says norm " + hex(ref_norms[i]));
    FUZZ_CHECK(!t.stem.empty() && t.stem.size() <= t.norm.size(), d);
    if (kind == StemmerKind::kNone || t.script == TokenScript::kNumber) {
      FUZZ_CHECK(t.stem == t.norm, d);
    } else {
      FUZZ_CHECK(t.stem == light.stem(t.norm), d + "\nLightStemmer says " + hex(light.stem(t.norm)));
    }
    if (t.script != TokenScript::kNumber)
      FUZZ_CHECK(analyzer.stem(t.norm) == t.stem, d + "\nAnalyzer::stem says " + hex(analyzer.stem(t.norm)));
    FUZZ_CHECK(t.stopword == fahras::is_stopword(t.norm), d);
  }

  const std::vector<Tok> shifted = analyze(analyzer, text, 77);
  FUZZ_CHECK(shifted.size() == toks.size(), "input " + hex(text));
  for (std::size_t i = 0; i < toks.size(); ++i)
    FUZZ_CHECK(shifted[i].position == toks[i].position + 77 && shifted[i].stem == toks[i].stem,
               describe(text, kind, shifted[i]));

  if (!fahras_fuzz::valid_utf8(text)) return;
  const std::string bare = strip_removed(text);
  if (bare.size() == text.size()) return;
  const std::vector<Tok> bare_toks = analyze(analyzer, bare);
  FUZZ_CHECK(bare_toks.size() == toks.size(), "input " + hex(text) + "\nstripped " + hex(bare) + "\ntoken counts " +
                                                  std::to_string(toks.size()) + " vs " +
                                                  std::to_string(bare_toks.size()));
  for (std::size_t i = 0; i < toks.size(); ++i) {
    const Tok& a = toks[i];
    const Tok& b = bare_toks[i];
    FUZZ_CHECK(
        a.norm == b.norm && a.stem == b.stem && a.position == b.position && a.stopword == b.stopword,
        describe(text, kind, a) + "\nstripped " + hex(bare) + "\nbare token " + hex(b.norm) + " stem " + hex(b.stem));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  static fahras::Analyzer fahras_analyzer(StemmerKind::kFahras);
  static fahras::Analyzer none_analyzer(StemmerKind::kNone);
  static fahras::Tokenizer tokenizer;

  std::vector<fahras::Token> ref;
  std::vector<std::string> ref_norms;  // Token::norm dies with the callback
  tokenizer.tokenize(text, [&](const fahras::Token& t) {
    ref.push_back(t);
    ref_norms.emplace_back(t.norm);
  });
  check_kind(text, fahras_analyzer, ref, ref_norms);
  check_kind(text, none_analyzer, ref, ref_norms);
  return 0;
}
