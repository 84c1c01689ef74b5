// Adapter from the fahras analysis core to Xapian, so that QueryParser,
// TermGenerator and MSet::snippet see exactly the stems the indexer writes.
//
// Ownership: make_xapian_stem() returns a Xapian::Stem that owns its implementation
// (Xapian reference-counts it). SnowballWordStemmer owns a Xapian::Stem.
// Thread safety: Xapian::Stem objects are not thread-safe; use one per thread.
#pragma once

#include <string>
#include <string_view>

#include <xapian.h>

#include "fahras/analyzer.h"

namespace fahras {

// Wraps normalise() + LightStemmer as a Xapian::StemImplementation. It
// normalises the word first, so it is correct whether or not the caller
// already normalised (normalisation is idempotent).
class FahrasStemImplementation : public Xapian::StemImplementation {
 public:
  std::string operator()(const std::string& word) override;
  std::string get_description() const override;

 private:
  LightStemmer stemmer_;
  std::string buf_;
};

// The Xapian::Stem for a stemmer choice: ours, Xapian's Snowball Arabic, or none.
Xapian::Stem make_xapian_stem(StemmerKind kind);

// Xapian's Snowball Arabic stemmer as a fahras WordStemmer, so the same
// engine can be compared with --stemmer snowball.
class SnowballWordStemmer : public WordStemmer {
 public:
  SnowballWordStemmer();
  std::string_view stem(std::string_view normalized_word, std::string& scratch) const override;

 private:
  mutable Xapian::Stem stem_;
};

// A Xapian::Stopper backed by fahras's stop-word list (normalising first).
class FahrasStopper : public Xapian::Stopper {
 public:
  bool operator()(const std::string& term) const override;
  std::string get_description() const override;
};

}  // namespace fahras
