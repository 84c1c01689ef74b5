// The fahras light stemmer: strips Arabic clitics and inflectional affixes for
// retrieval, with guards that keep radical letters. Rules are constexpr data;
// stemmer/README.md documents each one with examples.
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
  // are not Arabic are returned unchanged.
  std::string_view stem(std::string_view normalized_word) const noexcept;

  // Version of the stemming rules; bumps whenever output may change, so a
  // database built with another version is refused by the searcher.
  static constexpr int kVersion = 1;
};

}  // namespace fahras
