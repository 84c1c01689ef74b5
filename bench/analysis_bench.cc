// fahras-bench: the analysis hot paths on real Arabic text, against Xapian's
// TermGenerator (with and without Snowball), ICU word breaking and a minimal
// UTF-8 word scanner (the ceiling), all on the same text in the same run.
//
// Names follow Op_Input_Impl. One iteration processes one chunk of about
// 256 KB of documents, cycling through the corpus. Counters:
//   tokens        reference words (minimal scanner) per second, the same
//                 denominator for every implementation on an input;
//   allocs/iter   operator new calls per iteration (steady state: a warm-up
//                 pass over one chunk runs before counting);
//   allocs/token  the same per reference word; the target for fahras is 0.
// The Analyzer memoises stems: Analyze_*_Fahras is its warm steady state
// (on News, 44 KB processed over and over, the memo holds every word);
// Analyze_*_FahrasFreshAnalyzer starts each chunk with an empty memo.
// After the run, ratios between implementations are printed (to stdout with
// the console format, to stderr with --benchmark_format=json).
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <unistd.h>

#include <xapian.h>

#include "alloc_counter.h"
#include "baselines.h"
#include "bench_corpus.h"
#include "fahras/analyzer.h"
#include "fahras/normalizer.h"
#include "fahras/schema.h"
#include "fahras/stemmer.h"
#include "fahras/tokenizer.h"
#include "fahras/xapian_stem.h"

namespace fb = fahras::bench;

namespace {

constexpr std::size_t kChunkBytes = 256 * 1024;
constexpr std::size_t kDefaultSaudiBytes = 8u << 20;
constexpr std::size_t kMaxStemWords = 200000;
constexpr std::size_t kStemChunkWords = 4096;

// Runs `per_doc` over one chunk per iteration and reports throughput and
// allocations. The warm-up pass lets scratch buffers reach their steady size.
struct NoChunkHook {
  void operator()() const noexcept {}
};

// `on_chunk` runs (timed) before each chunk, e.g. to start from a fresh state.
template <class PerDoc, class OnChunk = NoChunkHook>
void run_chunks(benchmark::State& state, const fb::Corpus& c, PerDoc&& per_doc, OnChunk&& on_chunk = OnChunk{}) {
  for (std::size_t d = c.chunks[0].first; d < c.chunks[0].last; ++d) per_doc(c.docs[d]);
  std::size_t ci = 0;
  std::uint64_t bytes = 0, words = 0;
  const std::uint64_t allocs_before = fb::allocation_count();
  for (auto _ : state) {
    const auto& ch = c.chunks[ci];
    on_chunk();
    for (std::size_t d = ch.first; d < ch.last; ++d) per_doc(c.docs[d]);
    bytes += ch.bytes;
    words += ch.words;
    if (++ci == c.chunks.size()) ci = 0;
  }
  const auto allocs = static_cast<double>(fb::allocation_count() - allocs_before);
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
  state.counters["tokens"] = benchmark::Counter(static_cast<double>(words), benchmark::Counter::kIsRate);
  state.counters["allocs/iter"] = allocs / static_cast<double>(state.iterations());
  state.counters["allocs/token"] = words == 0 ? 0.0 : allocs / static_cast<double>(words);
  state.SetLabel(c.source);
}

// Normalised Arabic words of a corpus in running-text order, for the
// stemmer benchmarks (stemmers take normalised input).
struct StemInput {
  std::vector<std::string> words;
  std::vector<std::size_t> chunk_starts;  // word index where each chunk starts
  std::string source;
};

StemInput make_stem_input(const fb::Corpus& c) {
  StemInput in;
  in.source = c.source;
  fahras::Tokenizer tok;
  for (const auto& doc : c.docs) {
    tok.tokenize(doc, [&](const fahras::Token& t) {
      if (t.script == fahras::TokenScript::kArabic && in.words.size() < kMaxStemWords) {
        in.words.emplace_back(t.norm);
      }
    });
    if (in.words.size() >= kMaxStemWords) break;
  }
  for (std::size_t i = 0; i < in.words.size(); i += kStemChunkWords) in.chunk_starts.push_back(i);
  return in;
}

template <class StemOne>
void run_stem(benchmark::State& state, const StemInput& in, StemOne&& stem_one) {
  if (in.words.empty()) {
    state.SkipWithError("no Arabic words in the input");
    return;
  }
  for (std::size_t i = 0; i < std::min(in.words.size(), kStemChunkWords); ++i) stem_one(in.words[i]);
  std::size_t ci = 0;
  std::uint64_t bytes = 0, words = 0;
  const std::uint64_t allocs_before = fb::allocation_count();
  for (auto _ : state) {
    const std::size_t first = in.chunk_starts[ci];
    const std::size_t last = std::min(first + kStemChunkWords, in.words.size());
    for (std::size_t i = first; i < last; ++i) {
      stem_one(in.words[i]);
      bytes += in.words[i].size();
    }
    words += last - first;
    if (++ci == in.chunk_starts.size()) ci = 0;
  }
  const auto allocs = static_cast<double>(fb::allocation_count() - allocs_before);
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
  state.counters["tokens"] = benchmark::Counter(static_cast<double>(words), benchmark::Counter::kIsRate);
  state.counters["allocs/iter"] = allocs / static_cast<double>(state.iterations());
  state.counters["allocs/token"] = words == 0 ? 0.0 : allocs / static_cast<double>(words);
  state.SetLabel(in.source);
}

void register_corpus(const fb::Corpus* c, const StemInput* stem_in) {
  const std::string in = c->name;
  auto reg = [](const std::string& name, auto fn) {
    benchmark::RegisterBenchmark(name.c_str(), fn)->Unit(benchmark::kMicrosecond);
  };

  reg("BM_Scan_" + in + "_MinimalScanner", [c](benchmark::State& st) {
    std::uint64_t sum = 0;
    run_chunks(st, *c, [&](const std::string& doc) {
      fb::scan_words(doc, [&](std::size_t b, std::size_t e) { sum += e - b; });
    });
    benchmark::DoNotOptimize(sum);
  });

  reg("BM_WordBreak_" + in + "_ICU", [c](benchmark::State& st) {
    fb::IcuWordBreaker icu;
    std::uint64_t n = 0;
    run_chunks(st, *c, [&](const std::string& doc) { n += icu.count_words(doc); });
    benchmark::DoNotOptimize(n);
  });

  reg("BM_Normalize_" + in + "_Fahras", [c](benchmark::State& st) {
    std::string out;
    run_chunks(st, *c, [&](const std::string& doc) {
      out.clear();
      fahras::normalize_append(doc, out);
      benchmark::DoNotOptimize(out.data());
    });
  });

  reg("BM_Tokenize_" + in + "_Fahras", [c](benchmark::State& st) {
    fahras::Tokenizer tok;
    std::uint64_t sum = 0;
    run_chunks(st, *c, [&](const std::string& doc) {
      tok.tokenize(doc, [&](const fahras::Token& t) { sum += t.norm.size(); });
    });
    benchmark::DoNotOptimize(sum);
  });

  reg("BM_Analyze_" + in + "_Fahras", [c](benchmark::State& st) {
    fahras::Analyzer an(fahras::StemmerKind::kFahras);
    std::uint64_t sum = 0;
    run_chunks(st, *c, [&](const std::string& doc) {
      an.analyze(doc, [&](const fahras::AnalyzedToken& t) { sum += t.stem.size() + t.stopword; });
    });
    benchmark::DoNotOptimize(sum);
  });

  // The Analyzer memoises stems, so the steady state above is warm; this
  // starts every chunk (about 256 KB) with a new Analyzer and an empty memo.
  reg("BM_Analyze_" + in + "_FahrasFreshAnalyzer", [c](benchmark::State& st) {
    std::optional<fahras::Analyzer> an;
    an.emplace(fahras::StemmerKind::kFahras);
    std::uint64_t sum = 0;
    run_chunks(
        st, *c,
        [&](const std::string& doc) {
          an->analyze(doc, [&](const fahras::AnalyzedToken& t) { sum += t.stem.size() + t.stopword; });
        },
        [&] { an.emplace(fahras::StemmerKind::kFahras); });
    benchmark::DoNotOptimize(sum);
  });

  reg("BM_Analyze_" + in + "_FahrasSnowball", [c](benchmark::State& st) {
    fahras::SnowballWordStemmer snowball;
    fahras::Analyzer an(fahras::StemmerKind::kSnowball, &snowball);
    std::uint64_t sum = 0;
    run_chunks(st, *c, [&](const std::string& doc) {
      an.analyze(doc, [&](const fahras::AnalyzedToken& t) { sum += t.stem.size(); });
    });
    benchmark::DoNotOptimize(sum);
  });

  // The work TermGenerator does, done with fahras's analysis: a Z-prefixed
  // stem with a position plus the unstemmed form, into a Xapian::Document.
  reg("BM_Analyze_" + in + "_FahrasIntoDocument", [c](benchmark::State& st) {
    fahras::Analyzer an(fahras::StemmerKind::kFahras);
    Xapian::Document doc;
    std::string term;
    run_chunks(st, *c, [&](const std::string& text) {
      doc.clear_terms();
      an.analyze(
          text,
          [&](const fahras::AnalyzedToken& t) {
            term.assign(fahras::schema::kStemPrefix).append(t.stem);
            doc.add_posting(term, t.position);
            term.assign(t.norm);
            doc.add_term(term);
          },
          1);
    });
  });

  auto termgen = [c](benchmark::State& st, const Xapian::Stem* stem) {
    Xapian::TermGenerator tg;
    if (stem != nullptr) tg.set_stemmer(*stem);
    Xapian::Document doc;
    run_chunks(st, *c, [&](const std::string& text) {
      doc.clear_terms();
      tg.set_document(doc);
      tg.index_text(text);
    });
  };
  reg("BM_Analyze_" + in + "_XapianTermGenerator", [termgen](benchmark::State& st) { termgen(st, nullptr); });
  reg("BM_Analyze_" + in + "_XapianTermGeneratorSnowball", [termgen](benchmark::State& st) {
    const Xapian::Stem stem("arabic");
    termgen(st, &stem);
  });
  reg("BM_Analyze_" + in + "_XapianTermGeneratorFahrasStem", [termgen](benchmark::State& st) {
    const Xapian::Stem stem = fahras::make_xapian_stem(fahras::StemmerKind::kFahras);
    termgen(st, &stem);
  });

  reg("BM_Stem_" + in + "_Fahras", [stem_in](benchmark::State& st) {
    const fahras::LightStemmer stemmer;
    std::size_t sum = 0;
    run_stem(st, *stem_in, [&](const std::string& w) { sum += stemmer.stem(w).size(); });
    benchmark::DoNotOptimize(sum);
  });
  reg("BM_Stem_" + in + "_FahrasXapianStem", [stem_in](benchmark::State& st) {
    Xapian::Stem stem = fahras::make_xapian_stem(fahras::StemmerKind::kFahras);
    std::size_t sum = 0;
    run_stem(st, *stem_in, [&](const std::string& w) { sum += stem(w).size(); });
    benchmark::DoNotOptimize(sum);
  });
  reg("BM_Stem_" + in + "_Snowball", [stem_in](benchmark::State& st) {
    Xapian::Stem stem("arabic");
    std::size_t sum = 0;
    run_stem(st, *stem_in, [&](const std::string& w) { sum += stem(w).size(); });
    benchmark::DoNotOptimize(sum);
  });
}

// Forwards to the normal reporter, remembers each benchmark's bytes/s and
// allocations, and prints the ratios that matter at the end.
class RatioReporter : public benchmark::BenchmarkReporter {
 public:
  RatioReporter(std::unique_ptr<benchmark::BenchmarkReporter> inner, std::ostream& ratio_out)
      : inner_(std::move(inner)), ratio_out_(ratio_out) {}

  bool ReportContext(const Context& context) override { return inner_->ReportContext(context); }

  void ReportRuns(const std::vector<Run>& runs) override {
    inner_->ReportRuns(runs);
    for (const auto& r : runs) {
      if (r.error_occurred) continue;
      const bool mean = r.run_type == Run::RT_Aggregate && r.aggregate_name == "mean";
      if (r.run_type == Run::RT_Aggregate && !mean) continue;
      auto it = r.counters.find("bytes_per_second");
      if (it != r.counters.end()) bytes_per_s_[r.run_name.function_name] = it->second.value;
    }
  }

  void Finalize() override {
    inner_->Finalize();
    for (const std::string input : {"News", "SaudiNewsNet"}) {
      bool header = false;
      auto ratio = [&](const char* what, const std::string& a, const std::string& b) {
        auto ia = bytes_per_s_.find("BM_" + a);
        auto ib = bytes_per_s_.find("BM_" + b);
        if (ia == bytes_per_s_.end() || ib == bytes_per_s_.end() || ib->second <= 0) return;
        if (!header) {
          ratio_out_ << "\nRatios on " << input << " (bytes/s, same run):\n";
          header = true;
        }
        char line[256];
        std::snprintf(line, sizeof line, "  %-62s %6.2fx  (%.1f vs %.1f MB/s)\n", what, ia->second / ib->second,
                      ia->second / 1e6, ib->second / 1e6);
        ratio_out_ << line;
      };
      const std::string p = input + "_";
      ratio("fahras analyze / TermGenerator+Snowball", "Analyze_" + p + "Fahras",
            "Analyze_" + p + "XapianTermGeneratorSnowball");
      ratio("fahras analyze, empty memo every 256 KB / TermGenerator+Snowball", "Analyze_" + p + "FahrasFreshAnalyzer",
            "Analyze_" + p + "XapianTermGeneratorSnowball");
      ratio("fahras analyze into Xapian::Document / TermGenerator+Snowball", "Analyze_" + p + "FahrasIntoDocument",
            "Analyze_" + p + "XapianTermGeneratorSnowball");
      ratio("fahras analyze / TermGenerator (no stemmer)", "Analyze_" + p + "Fahras",
            "Analyze_" + p + "XapianTermGenerator");
      ratio("fahras analyze / minimal scanner (share of the ceiling)", "Analyze_" + p + "Fahras",
            "Scan_" + p + "MinimalScanner");
      ratio("fahras tokenize / minimal scanner", "Tokenize_" + p + "Fahras", "Scan_" + p + "MinimalScanner");
      ratio("fahras tokenize / ICU UTF-16 + word BreakIterator", "Tokenize_" + p + "Fahras", "WordBreak_" + p + "ICU");
      ratio("fahras stem / Snowball stem", "Stem_" + p + "Fahras", "Stem_" + p + "Snowball");
    }
    ratio_out_.flush();
  }

 private:
  std::unique_ptr<benchmark::BenchmarkReporter> inner_;
  std::ostream& ratio_out_;
  std::map<std::string, double> bytes_per_s_;
};

}  // namespace

int main(int argc, char** argv) {
  // Our own options are taken out before Google Benchmark sees the rest.
  std::size_t saudi_bytes = kDefaultSaudiBytes;
  std::string format = "console";
  std::vector<char*> args;
  for (int i = 0; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a.rfind("--saudinewsnet_bytes=", 0) == 0) {
      saudi_bytes = std::strtoull(argv[i] + std::strlen("--saudinewsnet_bytes="), nullptr, 10);
      continue;
    }
    if (a.rfind("--benchmark_format=", 0) == 0) format = std::string(a.substr(19));
    args.push_back(argv[i]);
  }
  int n = static_cast<int>(args.size());

  try {
    const std::string shared = fb::shared_dir();
    static fb::Corpus news = fb::load_news(shared);
    static fb::Corpus saudi = fb::load_saudinewsnet(shared, saudi_bytes);
    fb::make_chunks(news, kChunkBytes);
    fb::make_chunks(saudi, kChunkBytes);
    static StemInput news_stem = make_stem_input(news);
    static StemInput saudi_stem = make_stem_input(saudi);
    std::cerr << "fahras-bench: News = " << news.docs.size() << " docs, " << news.bytes << " bytes (" << news.source
              << "); SaudiNewsNet = " << saudi.docs.size() << " docs, " << saudi.bytes << " bytes (" << saudi.source
              << ")\n";
    register_corpus(&news, &news_stem);
    register_corpus(&saudi, &saudi_stem);
  } catch (const std::exception& e) {
    std::cerr << "fahras-bench: " << e.what() << "\n";
    return 2;
  }

  benchmark::Initialize(&n, args.data());
  if (benchmark::ReportUnrecognizedArguments(n, args.data())) return 2;
  std::unique_ptr<benchmark::BenchmarkReporter> inner;
  if (format == "json") {
    inner = std::make_unique<benchmark::JSONReporter>();
  } else {
    const bool tty = isatty(STDOUT_FILENO) != 0;
    inner = std::make_unique<benchmark::ConsoleReporter>(tty ? benchmark::ConsoleReporter::OO_ColorTabular
                                                             : benchmark::ConsoleReporter::OO_Tabular);
  }
  RatioReporter reporter(std::move(inner), format == "console" ? std::cout : std::cerr);
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  return 0;
}
