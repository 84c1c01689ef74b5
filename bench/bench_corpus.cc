#include "bench_corpus.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <simdjson.h>

#include "baselines.h"

namespace fahras::bench {
namespace fs = std::filesystem;

namespace {

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + p.string());
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<fs::path> sorted_files(const fs::path& dir, std::string_view ext) {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.is_regular_file() && e.path().extension() == ext) files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// data/sample stands in for a missing ../shared, so the benchmarks still run
// (with a label saying so) on a checkout without the data.
Corpus load_sample(std::string name) {
  Corpus c;
  c.name = std::move(name);
  c.fallback = true;
  const fs::path dir = fs::path(FAHRAS_SOURCE_DIR) / "data" / "sample";
  c.source = "fallback: data/sample (../shared absent)";
  for (const auto& p : sorted_files(dir, ".txt")) {
    c.docs.push_back(read_file(p));
    c.bytes += c.docs.back().size();
  }
  if (c.docs.empty()) throw std::runtime_error("no texts in " + dir.string());
  return c;
}

}  // namespace

std::string shared_dir() {
  if (const char* env = std::getenv("FAHRAS_SHARED_DIR"); env != nullptr && *env != '\0') return env;
  return FAHRAS_SHARED_DIR;
}

Corpus load_news(const std::string& shared) {
  const fs::path dir = fs::path(shared) / "corpus" / "news";
  if (!fs::is_directory(dir)) return load_sample("News");
  Corpus c;
  c.name = "News";
  c.source = "shared/corpus/news";
  for (const auto& p : sorted_files(dir, ".txt")) {
    c.docs.push_back(read_file(p));
    c.bytes += c.docs.back().size();
  }
  if (c.docs.empty()) return load_sample("News");
  return c;
}

Corpus load_saudinewsnet(const std::string& shared, std::size_t max_bytes) {
  const fs::path file = fs::path(shared) / "corpus" / "saudinewsnet" / "articles-00.jsonl";
  if (!fs::is_regular_file(file)) return load_sample("SaudiNewsNet");
  Corpus c;
  c.name = "SaudiNewsNet";
  c.source = "shared/corpus/saudinewsnet/articles-00.jsonl";
  std::ifstream in(file, std::ios::binary);
  std::string line;
  simdjson::ondemand::parser parser;
  while (c.bytes < max_bytes && std::getline(in, line)) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    simdjson::padded_string padded(line);
    auto doc = parser.iterate(padded);
    std::string_view text;
    if (doc.get_object()["text"].get_string().get(text) != simdjson::SUCCESS) continue;
    if (text.empty()) continue;
    c.docs.emplace_back(text);
    c.bytes += text.size();
  }
  if (c.docs.empty()) throw std::runtime_error("no usable \"text\" fields in " + file.string());
  return c;
}

void make_chunks(Corpus& corpus, std::size_t chunk_bytes) {
  corpus.chunks.clear();
  Corpus::Chunk chunk;
  for (std::size_t i = 0; i < corpus.docs.size(); ++i) {
    chunk.bytes += corpus.docs[i].size();
    chunk.words += count_words(corpus.docs[i]);
    chunk.last = i + 1;
    if (chunk.bytes >= chunk_bytes) {
      corpus.chunks.push_back(chunk);
      chunk = Corpus::Chunk{};
      chunk.first = chunk.last = i + 1;
    }
  }
  if (chunk.last > chunk.first) corpus.chunks.push_back(chunk);
}

}  // namespace fahras::bench
