// Splits a document's text into passages, the unit fahras indexes and
// retrieves. Passages follow paragraph boundaries (lines; blank lines), short
// paragraphs are merged up to the target size, and paragraphs much longer
// than the target are split at sentence boundaries (ICU sentence
// BreakIterator over UTF-8 through UText), with a fall-back to white space
// and finally to a character boundary for run-on "sentences".
//
// Guarantees, for valid UTF-8 input ("white space" = ASCII space, \t, \n,
// \v, \f, \r):
//   - ranges are non-empty, in order and non-overlapping, start and end on
//     character boundaries and never begin or end with white space;
//   - every byte of the text that is not white space lies in a range;
//   - no range is longer than max_bytes unless one UTF-8 character is;
//   - an empty or all-white-space text gives no passages.
//
// Ownership: a PassageSplitter owns one ICU BreakIterator, reused across
// calls (no ICU allocation per passage). Thread safety: one per thread.
#pragma once

#include <cstddef>
#include <memory>
#include <string_view>
#include <vector>

namespace fahras {

struct PassageRange {
  std::size_t begin;  // byte offsets into the document text
  std::size_t end;
};

struct SplitterOptions {
  // Wanted passage size in bytes (Arabic letters are 2 bytes in UTF-8).
  std::size_t target_bytes = kDefaultTarget;
  // Hard upper bound; 0 means 2 * target_bytes.
  std::size_t max_bytes = 0;
  // Passages shorter than this are merged with a neighbour when the result
  // stays within max_bytes; 0 means target_bytes / 3.
  std::size_t min_bytes = 0;

  static constexpr std::size_t kDefaultTarget = 1000;
};

class PassageSplitter {
 public:
  explicit PassageSplitter(SplitterOptions options = {});  // throws std::runtime_error if ICU fails
  ~PassageSplitter();
  PassageSplitter(const PassageSplitter&) = delete;
  PassageSplitter& operator=(const PassageSplitter&) = delete;

  // Replaces the contents of `out` with the passages of `text`.
  void split(std::string_view text, std::vector<PassageRange>& out);

  std::vector<PassageRange> split(std::string_view text) {
    std::vector<PassageRange> out;
    split(text, out);
    return out;
  }

  const SplitterOptions& options() const noexcept { return options_; }

 private:
  struct Impl;
  SplitterOptions options_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace fahras
