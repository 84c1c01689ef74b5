// Benchmark inputs: real Arabic text read in place from ../shared, with a
// fall-back to the project's own data/sample texts when ../shared is absent.
//
// Ownership: a Corpus owns its texts. Thread safety: plain data, read-only
// once loaded.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace fahras::bench {

struct Corpus {
  std::string name;               // "News", "SaudiNewsNet": the Input part of benchmark names
  std::string source;             // where the text came from, for the benchmark label
  bool fallback = false;          // true when ../shared was absent and data/sample was used
  std::vector<std::string> docs;  // one text per document, original bytes
  std::size_t bytes = 0;          // total bytes of docs

  // Documents grouped into chunks of at least `chunk_bytes` (the last may be
  // smaller): one benchmark iteration processes one chunk.
  struct Chunk {
    std::size_t first = 0, last = 0;  // doc index range [first, last)
    std::size_t bytes = 0;
    std::uint64_t words = 0;  // reference word count (minimal scanner)
  };
  std::vector<Chunk> chunks;
};

// The shared folder: $FAHRAS_SHARED_DIR if set, else the configured default.
std::string shared_dir();

// corpus/news/*.txt, in sorted order.
Corpus load_news(const std::string& shared);

// The "text" fields of corpus/saudinewsnet/articles-00.jsonl, up to about
// `max_bytes` of text.
Corpus load_saudinewsnet(const std::string& shared, std::size_t max_bytes);

// Splits the corpus into chunks and counts their words with the minimal
// scanner. Call once after loading.
void make_chunks(Corpus& corpus, std::size_t chunk_bytes);

}  // namespace fahras::bench
