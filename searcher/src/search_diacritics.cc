// Enforcing typed diacritics on the original passage text; see
// fahras/search_diacritics.h for the rules.
#include "fahras/search_diacritics.h"

#include <exception>

#include "fahras/normalizer.h"
#include "fahras/passage_record.h"

namespace fahras {
namespace {

constexpr char32_t kTatweel = 0x0640;
constexpr char32_t kSukun = 0x0652;
constexpr char32_t kUthmaniSukun = 0x06E1;  // small high dotless head of khah

// Decodes one UTF-8 sequence at `i`; returns U+FFFD and advances one byte on
// ill-formed input (only Arabic matters here, so no finer reporting).
char32_t next_code_point(std::string_view s, std::size_t& i) {
  const auto c = static_cast<unsigned char>(s[i]);
  std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
  if (len == 0 || i + len > s.size()) {
    ++i;
    return 0xFFFD;
  }
  char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1Fu) : len == 3 ? (c & 0x0Fu) : (c & 0x07u);
  for (std::size_t k = 1; k < len; ++k) {
    const auto cc = static_cast<unsigned char>(s[i + k]);
    if ((cc & 0xC0u) != 0x80u) {
      ++i;
      return 0xFFFD;
    }
    cp = (cp << 6) | (cc & 0x3Fu);
  }
  i += len;
  return cp;
}

bool is_arabic_letter(char32_t cp) noexcept {
  return (cp >= 0x0621 && cp <= 0x063A) || (cp >= 0x0641 && cp <= 0x064A) || (cp >= 0x0671 && cp <= 0x06D3) ||
         cp == 0x06D5 || cp == 0x06EE || cp == 0x06EF || (cp >= 0x06FA && cp <= 0x06FC) || cp == 0x06FF;
}

}  // namespace

std::uint32_t diacritic_mark_bit(char32_t cp) noexcept {
  if (cp == kUthmaniSukun) cp = kSukun;
  if (cp >= 0x064B && cp <= 0x065F) return 1u << (cp - 0x064B);  // bits 0..20
  if (cp == 0x0670) return 1u << 21;                             // dagger alef
  // The other Qur'anic annotation marks share one bit: they only need to
  // count as marks (skipped between letters), not to be told apart.
  if (cp >= 0x06D6 && cp <= 0x06ED && cp != 0x06DD && cp != 0x06DE && cp != 0x06E9) return 1u << 22;
  return 0;
}

bool VocalisedWord::has_marks() const noexcept {
  for (const auto& l : letters)
    if (l.marks != 0) return true;
  return false;
}

namespace {

// Appends the word starting at `i` (letters and marks) and returns the index
// after it; stops at the first character that is neither.
std::size_t scan_word(std::string_view s, std::size_t i, VocalisedWord& w) {
  const std::size_t begin = i;
  std::size_t end = i;
  while (i < s.size()) {
    std::size_t j = i;
    const char32_t cp = next_code_point(s, j);
    if (is_arabic_letter(cp)) {
      VocalisedLetter l;
      l.letter = normalize(s.substr(i, j - i));
      if (!l.letter.empty()) w.letters.push_back(std::move(l));
    } else if (const std::uint32_t bit = diacritic_mark_bit(cp)) {
      if (!w.letters.empty()) w.letters.back().marks |= bit;
    } else if (cp != kTatweel) {
      break;
    }
    i = j;
    end = j;
  }
  w.original.assign(s.substr(begin, end - begin));
  return end;
}

}  // namespace

VocalisedWord parse_vocalised_word(std::string_view word) {
  VocalisedWord w;
  std::size_t i = 0;
  while (i < word.size()) {
    const std::size_t after = scan_word(word, i, w);
    if (after == i) next_code_point(word, i);  // not part of a word: skip it
    else i = after;
  }
  w.original.assign(word);
  return w;
}

std::vector<VocalisedWord> vocalised_words(std::string_view text) {
  std::vector<VocalisedWord> words;
  std::size_t i = 0;
  while (i < text.size()) {
    VocalisedWord w;
    const std::size_t after = scan_word(text, i, w);
    if (after == i) {
      next_code_point(text, i);
      continue;
    }
    i = after;
    if (!w.letters.empty()) words.push_back(std::move(w));
  }
  return words;
}

bool marks_compatible(const VocalisedWord& query, const VocalisedWord& text) {
  const auto& q = query.letters;
  const auto& t = text.letters;
  if (q.empty() || q.size() > t.size()) return false;
  for (std::size_t start = 0; start + q.size() <= t.size(); ++start) {
    bool ok = true;
    for (std::size_t k = 0; ok && k < q.size(); ++k) {
      const auto& ql = q[k];
      const auto& tl = t[start + k];
      ok = ql.letter == tl.letter && (ql.marks & ~tl.marks) == 0;
    }
    if (ok) return true;
  }
  return false;
}

std::vector<VocalisedWord> vocalised_query_words(std::string_view query) {
  std::vector<VocalisedWord> out;
  bool negated_next = false;
  std::size_t i = 0;
  while (i < query.size()) {
    while (i < query.size() && (query[i] == ' ' || query[i] == '\t' || query[i] == '\n')) ++i;
    std::size_t j = i;
    while (j < query.size() && query[j] != ' ' && query[j] != '\t' && query[j] != '\n') ++j;
    const std::string_view token = query.substr(i, j - i);
    i = j;
    if (token.empty()) continue;
    if (token == "NOT") {
      negated_next = true;
      continue;
    }
    const bool negated = negated_next || token.front() == '-';
    negated_next = false;
    if (negated) continue;
    for (auto& w : vocalised_words(token))
      if (w.has_marks()) out.push_back(std::move(w));
  }
  return out;
}

bool text_satisfies_marks(const std::vector<VocalisedWord>& query_words, std::string_view text) {
  if (query_words.empty()) return true;
  const std::vector<VocalisedWord> words = vocalised_words(text);
  for (const auto& q : query_words) {
    bool found = false;
    for (const auto& w : words) {
      if (marks_compatible(q, w)) {
        found = true;
        break;
      }
    }
    if (!found) return false;
  }
  return true;
}

DiacriticFilter::DiacriticFilter(std::vector<VocalisedWord> query_words) : words_(std::move(query_words)) {}

bool DiacriticFilter::operator()(const Xapian::Document& doc) const {
  if (words_.empty()) return true;
  try {
    return text_satisfies_marks(words_, decode_passage_record(doc.get_data()).text);
  } catch (const std::exception&) {
    // A corrupt record cannot show its marks; the searcher reports the
    // corruption itself when it decodes the hit, so let it through.
    return true;
  }
}

}  // namespace fahras
