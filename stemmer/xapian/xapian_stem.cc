// The fahras <-> Xapian adapter: every Xapian component that stems or stops
// (QueryParser, TermGenerator, MSet::snippet) goes through the same
// normalise + LightStemmer + is_stopword as the indexer's Analyzer.
#include "fahras/xapian_stem.h"

#include <string>

#include "fahras/normalizer.h"
#include "fahras/stopwords.h"

namespace fahras {

std::string FahrasStemImplementation::operator()(const std::string& word) {
  // Xapian hands over raw words (it keeps combining marks and tatweel inside
  // a word), so normalise here; for already-normalised input this is a no-op.
  buf_.clear();
  normalize_append(word, buf_);
  const std::string_view stem = stemmer_.stem(buf_);
  return std::string(stem);
}

std::string FahrasStemImplementation::get_description() const { return "fahras"; }

Xapian::Stem make_xapian_stem(StemmerKind kind) {
  switch (kind) {
    case StemmerKind::kFahras:
      // Xapian::Stem takes ownership of the implementation (intrusive count).
      return Xapian::Stem(new FahrasStemImplementation);
    case StemmerKind::kSnowball: return Xapian::Stem("arabic");
    case StemmerKind::kNone: return Xapian::Stem("none");
  }
  return Xapian::Stem("none");
}

SnowballWordStemmer::SnowballWordStemmer() : stem_("arabic") {}

std::string_view SnowballWordStemmer::stem(std::string_view normalized_word, std::string& scratch) const {
  scratch = stem_(std::string(normalized_word));
  return scratch;
}

bool FahrasStopper::operator()(const std::string& term) const {
  // Xapian's QueryParser passes the word as typed; our list is normalised.
  return is_stopword(normalize(term));
}

std::string FahrasStopper::get_description() const { return "fahras::FahrasStopper()"; }

}  // namespace fahras
