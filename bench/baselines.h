// Reference implementations that fahras's analysis is measured against:
// a minimal UTF-8 word scanner (the speed ceiling: it finds word boundaries
// and nothing else) and an ICU word segmenter.
//
// Ownership: IcuWordBreaker owns its BreakIterator and UTF-16 buffer.
// Thread safety: scan_words is reentrant; one IcuWordBreaker per thread.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include <unicode/brkiter.h>

namespace fahras::bench {

// Calls sink(begin, end) for each maximal run of word characters: ASCII
// letters and digits, Latin letters, and Arabic-block letters, digits and
// marks (Arabic punctuation separates). Invalid bytes separate words.
template <class Sink>
void scan_words(std::string_view text, Sink&& sink);

// Number of words scan_words finds.
std::uint64_t count_words(std::string_view text);

class IcuWordBreaker {
 public:
  IcuWordBreaker();  // throws std::runtime_error if ICU fails
  ~IcuWordBreaker();
  IcuWordBreaker(const IcuWordBreaker&) = delete;
  IcuWordBreaker& operator=(const IcuWordBreaker&) = delete;

  // Converts to UTF-16 (reusing a buffer) and counts the word segments that
  // ICU's rules classify as words (rule status other than UBRK_WORD_NONE).
  std::uint64_t count_words(std::string_view utf8);

 private:
  std::unique_ptr<icu::BreakIterator> it_;
  std::vector<char16_t> buf_;
};

// ---- implementation of the scanner (a template, so the sink inlines) ----

namespace detail {

constexpr bool is_word_code_point(char32_t c) noexcept {
  if (c < 0x80) {
    return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
  }
  if (c >= 0x0600 && c <= 0x06FF) {
    // Arabic punctuation and signs that separate words.
    switch (c) {
      case 0x060C:
      case 0x060D:
      case 0x061B:
      case 0x061E:
      case 0x061F:
      case 0x066A:
      case 0x066B:
      case 0x066C:
      case 0x066D:
      case 0x06D4: return false;
      default: return c >= 0x0610;
    }
  }
  return (c >= 0x00C0 && c <= 0x024F && c != 0x00D7 && c != 0x00F7) || (c >= 0x0750 && c <= 0x077F) ||
         (c >= 0x08A0 && c <= 0x08FF) || (c >= 0xFB50 && c <= 0xFDFF && c != 0xFD3E && c != 0xFD3F) ||
         (c >= 0xFE70 && c <= 0xFEFC);
}

// One bit per code point below U+0800 (all 1- and 2-byte UTF-8), so the
// common case is a table lookup.
struct WordBits {
  unsigned long long w[32] = {};
  constexpr WordBits() {
    for (char32_t c = 0; c < 0x800; ++c) {
      if (is_word_code_point(c)) w[c >> 6] |= 1ULL << (c & 63);
    }
  }
  constexpr bool test(char32_t c) const noexcept { return ((w[c >> 6] >> (c & 63)) & 1ULL) != 0; }
};
inline constexpr WordBits kWordBits{};

}  // namespace detail

template <class Sink>
void scan_words(std::string_view text, Sink&& sink) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t i = 0;
  std::size_t start = 0;
  bool in_word = false;
  while (i < n) {
    const unsigned char b = s[i];
    bool word;
    std::size_t len;
    if (b < 0x80) {
      word = detail::kWordBits.test(b);
      len = 1;
    } else if ((b & 0xE0) == 0xC0 && i + 1 < n && (s[i + 1] & 0xC0) == 0x80) {
      word = detail::kWordBits.test((char32_t{b & 0x1Fu} << 6) | (s[i + 1] & 0x3Fu));
      len = 2;
    } else if ((b & 0xF0) == 0xE0 && i + 2 < n && (s[i + 1] & 0xC0) == 0x80 && (s[i + 2] & 0xC0) == 0x80) {
      word = detail::is_word_code_point((char32_t{b & 0x0Fu} << 12) | (char32_t{s[i + 1] & 0x3Fu} << 6) |
                                        (s[i + 2] & 0x3Fu));
      len = 3;
    } else {
      // 4-byte sequences (no word characters here) and invalid bytes.
      word = false;
      len = ((b & 0xF8) == 0xF0 && i + 3 < n && (s[i + 1] & 0xC0) == 0x80 && (s[i + 2] & 0xC0) == 0x80 &&
             (s[i + 3] & 0xC0) == 0x80)
                ? 4
                : 1;
    }
    if (word != in_word) {
      if (word) {
        start = i;
      } else {
        sink(start, i);
      }
      in_word = word;
    }
    i += len;
  }
  if (in_word) sink(start, n);
}

}  // namespace fahras::bench
