// Cuts a snippet from a passage's ORIGINAL text (diacritics and all) around
// the words that match the query, and reports where those words are.
//
// The passage is re-analysed with the database's Analyzer, so each token's
// stem is exactly what the indexer wrote and its byte range points into the
// original text: a diacritised or inflected form ("الصِّينيّة") is highlighted
// whole, at the right place.
//
// Ownership: results own their data. Thread safety: make_snippet uses the
// given Analyzer, which is one-per-thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fahras/analyzer.h"
#include "fahras/query_builder.h"

namespace fahras {

struct ByteRange {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  bool operator==(const ByteRange& o) const { return begin == o.begin && end == o.end; }
};

struct Snippet {
  ByteRange range;                    // the slice of the passage shown
  bool cut_begin = false;             // text precedes the slice (show "…")
  bool cut_end = false;               // text follows the slice
  std::vector<ByteRange> highlights;  // matched tokens inside `range`, passage offsets
};

// Every matched token of the passage, in text order.
std::vector<ByteRange> find_matches(Analyzer& analyzer, std::string_view passage, const QueryTerms& terms);

// The window of at most `max_bytes` bytes (cut at token boundaries; a single
// longer token is cut at a UTF-8 boundary) holding the most distinct matched
// terms, widened with context around them. Without matches, the passage head.
// If `all_matches` is given, it receives find_matches()'s result too, saving
// a second analysis.
Snippet make_snippet(Analyzer& analyzer, std::string_view passage, const QueryTerms& terms, std::size_t max_bytes,
                     std::vector<ByteRange>* all_matches = nullptr);

// The snippet's text with "…" at cut ends.
std::string snippet_text(std::string_view passage, const Snippet& s);

}  // namespace fahras
