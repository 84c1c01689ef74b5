#include "fahras/analyzer.h"

#include <cassert>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <string>

#include "fahras/normalizer.h"
#include "fahras/stopwords.h"
#include "stem_memo.h"
#include "tok_core.h"

namespace fahras {

StemmerKind parse_stemmer_kind(std::string_view name) {
  if (name == "fahras") return StemmerKind::kFahras;
  if (name == "snowball") return StemmerKind::kSnowball;
  if (name == "none") return StemmerKind::kNone;
  throw std::invalid_argument("unknown stemmer '" + std::string(name) + "' (expected fahras, snowball or none)");
}

std::string_view to_string(StemmerKind kind) noexcept {
  switch (kind) {
    case StemmerKind::kFahras: return "fahras";
    case StemmerKind::kSnowball: return "snowball";
    case StemmerKind::kNone: return "none";
  }
  return "unknown";
}

namespace detail {

StemMemo& StemMemoHolder::get_or_create() {
  if (memo_ == nullptr) memo_ = new StemMemo();
  return *memo_;
}

void StemMemoHolder::reset() noexcept {
  delete memo_;
  memo_ = nullptr;
}

}  // namespace detail

Analyzer::Analyzer(StemmerKind kind, const WordStemmer* external) : kind_(kind), external_(external) {
  if (kind_ == StemmerKind::kSnowball && external_ == nullptr)
    throw std::invalid_argument("fahras: the snowball stemmer needs an external WordStemmer");
}

std::string_view Analyzer::stem(std::string_view normalized_word) {
  switch (kind_) {
    case StemmerKind::kFahras: return light_.stem(normalized_word);
    case StemmerKind::kSnowball: return external_->stem(normalized_word, scratch_);
    case StemmerKind::kNone: break;
  }
  return normalized_word;
}

void Analyzer::analyze(std::string_view text, function_ref<void(const AnalyzedToken&)> sink,
                       std::uint32_t first_position) {
  if (text.size() > std::numeric_limits<std::uint32_t>::max())
    throw std::length_error("fahras: analyzer input longer than 4 GiB");
  std::string& buf = tokenizer_.buf_;
  if (buf.size() < detail::kTokenBufBytes) buf.resize(detail::kTokenBufBytes);

  // Numbers are never stemmed: a stemmer's affix rules have nothing to say
  // about "2025" and must not turn it into something else.
  if (kind_ != StemmerKind::kFahras) {
    auto on_token = [&](const Token& t) {
      const std::string_view st = t.script == TokenScript::kNumber ? t.norm : stem(t.norm);
      const AnalyzedToken at{t.norm, st, t.begin, t.end, t.position, t.script, is_stopword(t.norm)};
      sink(at);
    };
    detail::tokenize_core(detail::tables(), &buf[0], text, first_position, on_token);
    return;
  }

  // The fahras stemmer costs ~100 ns a word; it and the stop-word test are
  // pure functions of the norm, so both answers are memoised. (Without a
  // stemmer the memo would cost more than the stop-word test it saves.)
  using detail::StemMemo;
  StemMemo& memo = memo_.get_or_create();
  auto compute = [this](std::string_view w) { return StemMemo::Answer{light_.stem(w), is_stopword(w)}; };
  // The tokeniser builds each word's memo key as it copies the letters. The
  // memo (4 MiB) does not fit in L2, so a lookup made at once would wait for
  // memory on most tokens; instead the set is prefetched and the token is
  // answered and delivered with its batch (up to kLag tokens later), in the
  // same order. Nothing else changes: the memo sees the same lookups in the
  // same order. Norms are written by the tokeniser into the batch's arena,
  // and tokens are handed to the sink from the batch itself: no copies.
  static_assert((StemMemo::kLag - 1) * detail::kMaxBytes + detail::kTokenBufBytes <= sizeof(StemMemo::arena),
                "a batch of the longest tokens fits in the arena");
  AnalyzedToken* const batch = memo.batch;
  std::uint64_t* const keys = memo.batch_key;
  std::uint32_t* const sets = memo.batch_set;
  char* const arena = memo.arena;
  unsigned count = 0;
  auto flush = [&] {
    const unsigned n = count;
    count = 0;  // a sink that throws leaves nothing behind
    for (unsigned i = 0; i < n; ++i) {
      AnalyzedToken& at = batch[i];
      const std::uint64_t key = keys[i];
      StemMemo::Answer a;
      if (__builtin_expect(key != 0, 1)) {
        a = memo.get_in(sets[i], key, at.norm, compute);
      } else if (at.script == TokenScript::kNumber) {
        a = StemMemo::Answer{at.norm, is_stopword(at.norm)};
      } else {
        a = memo.get_long(at.norm, compute);
      }
      at.stem = a.stem;
      at.stopword = a.stopword;
      sink(at);
    }
  };
  auto on_token = [&](const Token& t, std::uint64_t key) -> char* {
    assert(key == 0 || key == StemMemo::pack(t.norm));
    AnalyzedToken& at = batch[count];
    at.norm = t.norm;
    at.begin = t.begin;
    at.end = t.end;
    at.position = t.position;
    at.script = t.script;
    keys[count] = key;
    if (key != 0) sets[count] = static_cast<std::uint32_t>(memo.prefetch(key));
    char* next = const_cast<char*>(t.norm.data()) + t.norm.size();
    if (++count == StemMemo::kLag) {
      flush();
      next = arena;
    }
    return next;
  };
  detail::tokenize_core<true>(detail::tables(), arena, text, first_position, on_token);
  flush();
}

std::string Analyzer::config_string() const {
  std::string s = "fahras-analyzer/1 norm=" + std::to_string(kNormalizerVersion) + " stem=";
  s += to_string(kind_);
  if (kind_ == StemmerKind::kFahras) s += "/" + std::to_string(LightStemmer::kVersion);
  s += " stop=" + std::to_string(kStopwordsVersion);
  return s;
}

}  // namespace fahras
