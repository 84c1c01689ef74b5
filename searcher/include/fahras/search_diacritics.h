// Diacritics typed in a query, enforced against the original (vocalised)
// passage text: `fahras-search --diacritics enforce`.
//
// The index holds normalised terms only (every mark removed), so retrieval is
// unchanged; this filter runs on the passages retrieval found. A query word
// with marks matches a text word when its letters occur in the text word
// (letters compared after normalisation, so أ = ا, and proclitics or suffixes
// around them are allowed) and every mark typed on a letter is present on the
// corresponding letter of the text. Letters typed without marks match any
// vocalisation, so partial vocalisation works: عَلم matches عَلَّمَ and عَلِمَ but not
// عِلْم. Marks are harakat, tanwin, shadda, sukun (the Uthmani small high
// dotless head U+06E1 counts as sukun), dagger alef and the other combining
// marks the normaliser removes.
//
// Ownership: VocalisedWord and DiacriticFilter own their data.
// Thread safety: plain data; DiacriticFilter::operator() is const and
// reentrant, so one filter may be shared by several Xapian matchers.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

namespace fahras {

// One letter with the set of marks written on it (a bit per mark).
struct VocalisedLetter {
  std::string letter;       // the normalised letter (UTF-8), e.g. "ا" for "أ"
  std::uint32_t marks = 0;  // see diacritic_mark_bit()
};

struct VocalisedWord {
  std::string original;  // as typed / as written in the text
  std::vector<VocalisedLetter> letters;
  bool has_marks() const noexcept;
};

// The bit for a combining mark code point, or 0 if `cp` is not a mark.
std::uint32_t diacritic_mark_bit(char32_t cp) noexcept;

// Splits one word (no spaces) into letters and their marks. Tatweel and
// characters that are neither letters nor marks are skipped.
VocalisedWord parse_vocalised_word(std::string_view word);

// The Arabic words of `text`, in order, each with its marks.
std::vector<VocalisedWord> vocalised_words(std::string_view text);

// True when `query`'s letters occur in `text` (contiguously) with every mark
// typed on a query letter present on the matching text letter.
bool marks_compatible(const VocalisedWord& query, const VocalisedWord& text);

// The words of a query string that carry at least one mark, skipping words
// negated with a leading '-' (they exclude, so there is nothing to enforce).
std::vector<VocalisedWord> vocalised_query_words(std::string_view query);

// True when, for each vocalised query word, some word of `text` is compatible
// with it. With no vocalised query words every text passes.
bool text_satisfies_marks(const std::vector<VocalisedWord>& query_words, std::string_view text);

// Keeps a passage only if its stored original text satisfies the query's
// marks (text_satisfies_marks); reads the passage record of each candidate.
class DiacriticFilter : public Xapian::MatchDecider {
 public:
  explicit DiacriticFilter(std::vector<VocalisedWord> query_words);
  bool operator()(const Xapian::Document& doc) const override;
  bool empty() const noexcept { return words_.empty(); }

 private:
  std::vector<VocalisedWord> words_;
};

}  // namespace fahras
