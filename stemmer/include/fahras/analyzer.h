// The whole analysis chain: normalise, tokenise, stem, flag stop words.
// The indexer runs it on documents and the searcher on queries and snippets,
// so both see the same terms.
//
// Ownership: an Analyzer owns its tokenizer's scratch space and, once it has
// analysed a text with the fahras stemmer, a fixed 4.3 MiB memo of stems and
// stop flags (exact: it never changes a result, it only makes repeated
// words cheap). AnalyzedToken's views are valid only during the
// callback. An external WordStemmer passed to the constructor is borrowed
// and must outlive the Analyzer. A copy starts with an empty memo.
// Thread safety: one Analyzer per thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "fahras/function_ref.h"
#include "fahras/stemmer.h"
#include "fahras/tokenizer.h"

namespace fahras {

namespace detail {
class StemMemo;
// Owns an Analyzer's memo. The memo is only a cache of this analyzer's
// answers, so a copy starts without one, and assignment drops it.
class StemMemoHolder {
 public:
  StemMemoHolder() noexcept = default;
  StemMemoHolder(const StemMemoHolder&) noexcept {}
  StemMemoHolder(StemMemoHolder&& o) noexcept : memo_(o.memo_) { o.memo_ = nullptr; }
  StemMemoHolder& operator=(const StemMemoHolder& o) noexcept {
    if (this != &o) reset();
    return *this;
  }
  StemMemoHolder& operator=(StemMemoHolder&& o) noexcept {
    if (this != &o) {
      reset();
      memo_ = o.memo_;
      o.memo_ = nullptr;
    }
    return *this;
  }
  ~StemMemoHolder() { reset(); }

  StemMemo* get() const noexcept { return memo_; }
  StemMemo& get_or_create();

 private:
  void reset() noexcept;
  StemMemo* memo_ = nullptr;
};
}  // namespace detail

// The stemmer choice recorded in a database and offered on the command line.
enum class StemmerKind : std::uint8_t { kFahras, kSnowball, kNone };

// Parses "fahras", "snowball", "none"; throws std::invalid_argument otherwise.
StemmerKind parse_stemmer_kind(std::string_view name);
std::string_view to_string(StemmerKind kind) noexcept;

// An externally implemented stemmer (e.g. Xapian's Snowball, wrapped in the
// xapian adapter target). `scratch` may be used to hold the result.
class WordStemmer {
 public:
  virtual ~WordStemmer() = default;
  virtual std::string_view stem(std::string_view normalized_word, std::string& scratch) const = 0;
};

struct AnalyzedToken {
  std::string_view norm;  // normalised surface form
  std::string_view stem;  // stem of `norm` (equal to norm with kNone, and for numbers)
  std::uint32_t begin;    // byte range in the original text
  std::uint32_t end;
  std::uint32_t position;
  TokenScript script;
  bool stopword;
};

class Analyzer {
 public:
  // For kSnowball an external stemmer must be given (the core has no Xapian).
  explicit Analyzer(StemmerKind kind = StemmerKind::kFahras, const WordStemmer* external = nullptr);

  void analyze(std::string_view text, function_ref<void(const AnalyzedToken&)> sink, std::uint32_t first_position = 0);

  // Stem of one normalised word with this analyzer's stemmer.
  std::string_view stem(std::string_view normalized_word);

  StemmerKind kind() const noexcept { return kind_; }

  // A string that identifies the analysis configuration exactly, e.g.
  // "fahras-analyzer/1 norm=1 stem=fahras/1 stop=1". The indexer stores it
  // in the database; the searcher refuses a database whose string differs.
  std::string config_string() const;

 private:
  StemmerKind kind_;
  const WordStemmer* external_;
  LightStemmer light_;
  Tokenizer tokenizer_;
  std::string scratch_;
  detail::StemMemoHolder memo_;
};

}  // namespace fahras
