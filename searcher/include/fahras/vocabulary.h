// The Arabic words of one database revision as written (schema.h's
// exact-form terms, unprefixed) with the number of passages holding each,
// read in one pass in key order and kept in memory.
//
// Why: "did you mean" looks up a rare word's ~500 candidates (suggester.h),
// each Database::get_termfreq a B-tree search whose block reads are random:
// 1,600 instructions and a copied 8 KB block for each, which made finding
// suggestions 20% of an ARCD question's time (docs/performance.md, "The
// vocabulary in memory"). Walking every term in key order reads each block
// once, so a Suggester that looks up many words at one revision (a batch, a
// server worker) reads the vocabulary once and finds a word with one hash.
//
// Only terms whose first byte starts a letter of the Arabic block
// (U+0600-U+06FF: UTF-8 lead bytes D8-DB) are held: spelling candidates are
// normalised Arabic words, and digits or Latin words would only take room.
// frequency() says when a word lies outside that range, so the caller asks
// the database.
//
// Ownership: owns its words and table (about 37 bytes a word: 9.2 MB for
// the 250,714 Arabic words of ARCD + SaudiNewsNet). Thread safety: immutable
// after construction; const members may be called from any thread.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

namespace fahras {

class Vocabulary {
 public:
  // The most words read (about 150 MB): a database with more keeps asking
  // the B-tree, which costs the same whatever its size.
  static constexpr std::size_t kMaxWords = std::size_t{4} << 20;

  // Reads db's Arabic exact-form terms with their term frequencies (db
  // should be local: a remote one sends every term over the network).
  // Null when there are more than max_words. Throws Xapian errors.
  static std::unique_ptr<Vocabulary> read(const Xapian::Database& db, std::size_t max_words = kMaxWords);

  // Whether `word` lies in the range held (its first byte is D8-DB).
  static bool covers(std::string_view word) noexcept;

  // Passages holding `word` as written, as Database::get_termfreq(word)
  // gives it at this revision (0 when absent); nullopt when the word is
  // outside the range held.
  std::optional<Xapian::doccount> frequency(std::string_view word) const noexcept;

  std::size_t size() const noexcept { return entries_.size(); }

 private:
  Vocabulary() = default;
  struct Entry {
    std::uint32_t offset;  // into words_
    std::uint32_t length;
    Xapian::doccount frequency;
  };
  std::string_view word(const Entry& e) const noexcept { return {words_.data() + e.offset, e.length}; }
  void index();

  std::string words_;           // every word, concatenated in key order
  std::vector<Entry> entries_;  // in key order
  // Open addressing: entry index + 1 per slot, 0 = empty; a power of two
  // at least twice the entries, so probe sequences stay short.
  std::vector<std::uint32_t> slots_;
};

}  // namespace fahras
