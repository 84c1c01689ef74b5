#include "fahras/passage_splitter.h"

#include <algorithm>
#include <stdexcept>
#include <string>

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/utext.h>

namespace fahras {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// Shrinks [b, e) to exclude leading and trailing white space.
PassageRange trim(std::string_view text, std::size_t b, std::size_t e) {
  while (b < e && is_space(text[b])) ++b;
  while (e > b && is_space(text[e - 1])) --e;
  return {b, e};
}

}  // namespace

struct PassageSplitter::Impl {
  std::unique_ptr<icu::BreakIterator> sentences;
  UText utext = UTEXT_INITIALIZER;
  std::vector<PassageRange> units;  // scratch: paragraphs and pieces of long ones

  Impl() {
    UErrorCode status = U_ZERO_ERROR;
    sentences.reset(icu::BreakIterator::createSentenceInstance(icu::Locale("ar"), status));
    if (U_FAILURE(status) || !sentences) {
      throw std::runtime_error(std::string("ICU sentence break iterator: ") + u_errorName(status));
    }
  }
  ~Impl() { utext_close(&utext); }
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;

  // Appends [b, e) cut at white space (or, failing that, at a character
  // boundary) into pieces of at most `limit` bytes.
  static void cut_run_on(std::string_view text, std::size_t b, std::size_t e, std::size_t limit,
                         std::vector<PassageRange>& out) {
    while (b < e) {
      if (e - b <= limit) {
        out.push_back({b, e});
        return;
      }
      std::size_t cut = b + limit;
      std::size_t space = cut;
      while (space > b && !is_space(text[space])) --space;
      if (space > b) {
        cut = space;
      } else {
        while (cut > b && is_continuation(text[cut])) --cut;
        if (cut == b) {  // one character longer than the limit: take it whole
          cut = b + 1;
          while (cut < e && is_continuation(text[cut])) ++cut;
        }
      }
      const PassageRange piece = trim(text, b, cut);
      if (piece.begin < piece.end) out.push_back(piece);
      b = cut;
      while (b < e && is_space(text[b])) ++b;
    }
  }

  // Appends the sentences of paragraph [b, e), each cut further if longer
  // than `limit`.
  void split_sentences(std::string_view text, std::size_t b, std::size_t e, std::size_t limit) {
    UErrorCode status = U_ZERO_ERROR;
    utext_openUTF8(&utext, text.data() + b, static_cast<int64_t>(e - b), &status);
    if (U_SUCCESS(status)) sentences->setText(&utext, status);
    if (U_FAILURE(status)) {  // cannot happen for sane input; fall back to white space
      cut_run_on(text, b, e, limit, units);
      return;
    }
    std::int32_t start = sentences->first();
    for (std::int32_t stop = sentences->next(); stop != icu::BreakIterator::DONE;
         start = stop, stop = sentences->next()) {
      const PassageRange s = trim(text, b + static_cast<std::size_t>(start), b + static_cast<std::size_t>(stop));
      if (s.begin >= s.end) continue;
      if (s.end - s.begin > limit) {
        cut_run_on(text, s.begin, s.end, limit, units);
      } else {
        units.push_back(s);
      }
    }
  }
};

PassageSplitter::PassageSplitter(SplitterOptions options) : options_(options), impl_(std::make_unique<Impl>()) {
  if (options_.target_bytes == 0) options_.target_bytes = SplitterOptions::kDefaultTarget;
  if (options_.max_bytes == 0) options_.max_bytes = 2 * options_.target_bytes;
  options_.max_bytes = std::max(options_.max_bytes, options_.target_bytes);
  if (options_.min_bytes == 0) options_.min_bytes = options_.target_bytes / 3;
}

PassageSplitter::~PassageSplitter() = default;

void PassageSplitter::split(std::string_view text, std::vector<PassageRange>& out) {
  out.clear();
  const std::size_t target = options_.target_bytes;
  const std::size_t max = options_.max_bytes;
  const std::size_t min = options_.min_bytes;

  // 1. Units: paragraphs (lines), with those longer than the target replaced
  // by their sentences.
  auto& units = impl_->units;
  units.clear();
  std::size_t line_start = 0;
  while (line_start < text.size()) {
    std::size_t line_end = text.find('\n', line_start);
    if (line_end == std::string_view::npos) line_end = text.size();
    const PassageRange p = trim(text, line_start, line_end);
    if (p.begin < p.end) {
      if (p.end - p.begin > target) {
        impl_->split_sentences(text, p.begin, p.end, target);
      } else {
        units.push_back(p);
      }
    }
    line_start = line_end + 1;
  }

  // 2. Pack units greedily up to the target; a passage still shorter than
  // `min` may grow up to `max` rather than stand alone.
  for (const PassageRange& u : units) {
    if (out.empty()) {
      out.push_back(u);
      continue;
    }
    PassageRange& cur = out.back();
    const std::size_t merged = u.end - cur.begin;
    if (merged <= target || (cur.end - cur.begin < min && merged <= max)) {
      cur.end = u.end;
    } else {
      out.push_back(u);
    }
  }
  // 3. A short tail joins its predecessor when that stays within `max`.
  if (out.size() >= 2) {
    const PassageRange last = out.back();
    PassageRange& prev = out[out.size() - 2];
    if (last.end - last.begin < min && last.end - prev.begin <= max) {
      prev.end = last.end;
      out.pop_back();
    }
  }
}

}  // namespace fahras
