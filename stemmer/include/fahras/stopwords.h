// The fahras Arabic stop-word list: particles, prepositions, pronouns,
// demonstratives, question words and common verbs of saying. Stored in
// normalised form, so pass normalised words.
//
// Thread safety: read-only static data; safe from any thread.
#pragma once

#include <string_view>

namespace fahras {

bool is_stopword(std::string_view normalized_word) noexcept;

// Version of the list; bumps whenever it changes.
inline constexpr int kStopwordsVersion = 2;

}  // namespace fahras
