// The analysis library's dictionary (hunspell-ar's nouns and verb forms, the
// light stemmer's lexicon, stemmer/README.md), exposed read-only so that
// other rules can ask whether a normalised word is ordinary Arabic: the
// searcher's spelling variants (variants.h) are only for names and
// loanwords, which the dictionary does not list.
//
// Thread safety: pure functions over immutable static data.
#pragma once

#include <string_view>

namespace fahras {

// True when `normalized_word` (fahras::normalize output, no clitics
// removed) is a dictionary entry. About one word in 10,000 not in the
// dictionary is wrongly found (a hashed table; stem_lexicon.h).
bool is_dictionary_word(std::string_view normalized_word) noexcept;

}  // namespace fahras
