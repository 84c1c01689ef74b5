// Splits UTF-8 text into normalised word tokens, keeping each token's byte
// range in the ORIGINAL text (for snippet highlighting) and its word position.
//
// Word characters are letters, marks and digits. Arabic punctuation (، ؛ ؟ « »),
// curly quotes and all other punctuation and spaces separate words. Marks and
// tatweel that the normaliser removes never split a word: "شدّد" is one token.
// Numbers are tokens: a dot between digits joins them ("3.5"), a comma does
// not ("1,000" -> 1, 000); an Arabic letter next to a digit starts a new token
// ("و2025" -> و, 2025). Invalid UTF-8 bytes separate words and are never read
// past the end of the input. Multi-word ligatures (ﷺ) give one token per word,
// each with the ligature's byte range. stemmer/README.md has the details.
//
// Ownership: a Tokenizer owns a scratch buffer that it reuses between tokens,
// so tokenising allocates nothing per token. Token::norm points into that
// buffer and is valid only during the callback.
// Thread safety: one Tokenizer per thread; distinct instances are independent.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "fahras/function_ref.h"

namespace fahras {

enum class TokenScript : std::uint8_t { kArabic, kLatin, kNumber, kOther };

struct Token {
  std::string_view norm;   // normalised form (see normalizer.h); never empty
  std::uint32_t begin;     // byte offset of the token's first byte in the input
  std::uint32_t end;       // one past the token's last byte in the input
  std::uint32_t position;  // 0-based word position within this call
  TokenScript script;
};

class Tokenizer {
 public:
  Tokenizer();

  // Calls `sink` once per token, in text order. Inputs longer than 4 GiB are
  // rejected with std::length_error (offsets are 32-bit by design, to keep
  // tokens small; the indexer splits documents long before that).
  // `first_position` lets callers continue numbering across fields.
  void tokenize(std::string_view text, function_ref<void(const Token&)> sink, std::uint32_t first_position = 0);

  // Tokens longer than this many bytes (after normalisation) are skipped
  // rather than indexed: they are base64 blobs, URLs or junk, never words.
  // A skipped token still takes a position, so phrases never match across it.
  static constexpr std::size_t kMaxTokenBytes = 120;

 private:
  friend class Analyzer;  // runs the same loop with its per-token work inlined
  std::string buf_;
};

}  // namespace fahras
