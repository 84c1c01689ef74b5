// The fahras light stemmer: strips Arabic clitics and inflectional affixes for
// retrieval, with guards that keep radical letters. Rules are constexpr data
// (src/stem_rules.h); ambiguous clitics are decided with a lexicon generated
// at build time from hunspell-ar. stemmer/README.md documents each rule with
// examples and the measured quality.
//
// Input must already be normalised (normalizer.h): no diacritics or tatweel,
// alef variants folded, ة written as ه, ى as ي.
//
// Ownership: stem() returns a view into its argument or into static storage;
// it never allocates.
// Thread safety: LightStemmer is immutable; share one instance freely.
#pragma once

#include <string_view>

namespace fahras {

class LightStemmer {
 public:
  // Never empty for a non-empty word, never longer than the word. Words that
  // are not entirely Arabic letters, and words under three letters, are
  // returned unchanged. A pure function: the same word always gets the same
  // stem. Safe on any bytes.
  std::string_view stem(std::string_view normalized_word) const noexcept;

  // Version of the stemming rules; bumps whenever output may change, so a
  // database built with another version is refused by the searcher.
  static constexpr int kVersion = 11;
};

}  // namespace fahras
