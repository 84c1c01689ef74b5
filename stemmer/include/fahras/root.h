// The fahras root analyser: the triliteral (rarely biliteral-doubled) root of
// an Arabic word, for search by root (علم finds عَلِمَ, عالم, معلوم, تعليم,
// علماء). A second function of the analysis library beside the light stemmer
// (stemmer.h), not a replacement: a root class is much wider than a stem
// class, so it is offered as its own kind of term.
//
// Method (stemmer/README.md, "The root analyser"): clitics and inflections
// are stripped in every way the word allows, fewest letters first; each
// remainder is matched against the patterns (awzan) of src/root_rules.h; the
// first candidate root the hunspell-ar lexicon attests wins. Weak and hamzated
// radicals are written in one canonical way, so قال, يقول, قيل and قائل share
// the root قول, and دعا, يدعو, ادع share دعي. Particles, pronouns and words
// no pattern explains with an attested root get no root at all: a root search
// must not drown its user in false matches.
//
// Input must already be normalised (normalizer.h).
//
// Ownership: Root is a small value (no heap); RootAnalyzer holds no state.
// Thread safety: RootAnalyzer is immutable; share one instance freely.
#pragma once

#include <cstdint>
#include <string_view>

namespace fahras {

// A root: two to four Arabic letters in UTF-8, or empty when the word has none.
class Root {
 public:
  std::string_view view() const noexcept { return {bytes_, size_}; }
  bool empty() const noexcept { return size_ == 0; }
  // Appends one letter (code point U+0600 + code); at most four letters fit.
  void push(std::uint8_t code) noexcept;

 private:
  char bytes_[8] = {};
  std::uint8_t size_ = 0;
};

class RootAnalyzer {
 public:
  // The root of a normalised word, or an empty Root when it has none: not
  // all Arabic letters, a particle or pronoun, or no pattern with an attested
  // root. A pure function; never allocates; safe on any bytes.
  Root root(std::string_view normalized_word) const noexcept;

  // Version of the root rules; bumps whenever output may change. An index
  // records it with its root terms (schema::kMetaRootAnalyzer), and root
  // searches and additions on another version's terms are refused.
  static constexpr int kVersion = 2;
};

}  // namespace fahras
