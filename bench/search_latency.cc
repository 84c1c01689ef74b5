// fahras-search-latency: runs a batch of queries through fahras::Searcher
// exactly as `fahras-search --queries` does (snippets off unless --snippets, best passage per
// document) and times each query in process, so its latencies compare
// directly with `xapian-baseline search`: both time parsing, matching and
// fetching each hit's data, and neither times writing the run.
//
//   fahras-search-latency --db DIR --queries FILE.tsv [--limit 100] [--out RUN] [--latency-out FILE]
//                         [--warmup] [--snippets] [--exact-count] [--variants on|off]
//                         [--spelling off|suggest|relax] [--spelling-without PARTS] [--json]
//
// Besides the latency summary it prints the timed pass's CPU time per query
// (this thread's, so neither start-up nor other processes count), split into
// the search and, with --json, building and writing the answer object as
// fahras-serve and `fahras-search --format json` do: scripts/bench-serve
// sets it against the server's CPU per answer (the HTTP overhead).
#include <time.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <boost/program_options.hpp>
#include <nlohmann/json.hpp>

#include "fahras/mapped_reads.h"
#include "fahras/result_writer.h"
#include "fahras/searcher.h"
#include "fahras/suggester.h"
#include "latency_stats.h"

namespace po = boost::program_options;

namespace {

// CPU seconds this thread has used: not moved by other load on the machine.
double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

}  // namespace

int main(int argc, char** argv) {
  using Clock = std::chrono::steady_clock;
  std::string db_path, queries_path, out_path, latency_path, run_tag = "fahras";
  Xapian::doccount limit = 100;
  po::options_description desc("fahras-search-latency options");
  // One option a line, as --help prints them.
  // clang-format off
  desc.add_options()
      ("help,h", "show this help")
      ("db", po::value(&db_path)->required(), "fahras database")
      ("queries", po::value(&queries_path)->required(), "qid<TAB>query file")
      ("limit", po::value(&limit), "results per query (default 100)")
      ("run-tag", po::value(&run_tag), "run name in the TREC output (default fahras)")
      ("out", po::value(&out_path), "TREC run file (default: none)")
      ("latency-out", po::value(&latency_path), "per-query latency file, qid<TAB>milliseconds")
      ("warmup", po::bool_switch(), "run the whole batch once, untimed, before the timed pass")
      ("snippets", po::bool_switch(), "also cut a snippet per hit, as an interactive search does (reads and inflates each hit's stored passage)")
      ("exact-count", po::bool_switch(), "also make the count exact when few match, as an interactive search does (SearchRequest::exact_count)")
      ("common-bonus-ratio", po::value<double>(), "a stem in more than this share of the passages only adds to passages of rarer words (fahras-search --common-bonus-ratio; default the library's)")
      ("variants", po::value<std::string>()->default_value("on"), "on | off: spelling variants of names (fahras-search --variants)")
      ("spelling", po::value<std::string>()->default_value("relax"), "off | suggest | relax: did-you-mean and relaxing (fahras-search --spelling; relax, the default, as fahras-serve)")
      ("spelling-without", po::value<std::string>(), "spelling parts to switch off, comma-separated (fahras-search --spelling-without)")
      ("json", po::bool_switch(), "also build and write each answer as fahras-serve does (the JSON answer object, timed apart)");
  // clang-format on
  try {
    po::variables_map vm;
    po::store(po::parse_command_line(argc, argv, desc), vm);
    if (vm.count("help") != 0u) {
      std::cout << "usage: fahras-search-latency --db DIR --queries FILE.tsv [options]\n" << desc;
      return 0;
    }
    po::notify(vm);

    // As fahras-search and fahras-serve (FAHRAS_MAPPED_READS=off measures without).
    fahras::mapped_reads::enable_from_environment();
    const auto queries = fahras::bench::read_queries(queries_path, "fahras-search-latency");
    fahras::RankingOptions ranking;
    ranking.variants = vm["variants"].as<std::string>() != "off";
    if (vm.count("common-bonus-ratio") != 0u) ranking.common_bonus_ratio = vm["common-bonus-ratio"].as<double>();
    fahras::Searcher searcher(db_path, ranking);
    fahras::SpellingOptions spelling;
    try {
      spelling.mode = fahras::parse_spelling_mode(vm["spelling"].as<std::string>());
    } catch (const std::invalid_argument& e) {
      throw po::error(std::string("--spelling: ") + e.what());
    }
    if (vm.count("spelling-without") != 0u) spelling.switch_off(vm["spelling-without"].as<std::string>());
    searcher.set_spelling(spelling);
    fahras::SearchRequest req;
    req.limit = limit;
    req.snippets = vm["snippets"].as<bool>();
    req.exact_count = vm["exact-count"].as<bool>();  // off: as fahras-search --queries (TREC, no count)

    std::ofstream out, lat;
    if (!out_path.empty()) out.open(out_path, std::ios::binary | std::ios::trunc);
    if (!latency_path.empty()) lat.open(latency_path, std::ios::binary | std::ios::trunc);
    if ((!out_path.empty() && !out) || (!latency_path.empty() && !lat)) {
      throw std::runtime_error("cannot write the output files");
    }

    auto run_one = [&](const fahras::bench::QueryLine& q) -> fahras::SearchResults {
      req.query = q.text;
      try {
        return searcher.search(req);
      } catch (const fahras::QueryError& e) {
        std::cerr << "fahras-search-latency: warning: query " << q.qid << ": " << e.what() << "\n";
        return {};
      }
    };
    if (vm["warmup"].as<bool>()) {
      for (const auto& q : queries) run_one(q);
      // The timed pass would otherwise find every rare word's spelling
      // candidates in the memo (the same queries twice): warm caches, not answers.
      searcher.forget_spelling_memo();
    }
    std::vector<double> ms;
    ms.reserve(queries.size());
    const bool json = vm["json"].as<bool>();
    fahras::WriterOptions wopt;
    wopt.format = fahras::OutputFormat::kJson;
    double cpu_search = 0, cpu_json = 0;
    std::size_t json_bytes = 0;
    const auto t_all = Clock::now();
    for (const auto& q : queries) {
      const auto t0 = Clock::now();
      const double c0 = thread_cpu_seconds();
      const auto results = run_one(q);
      const double c1 = thread_cpu_seconds();
      cpu_search += c1 - c0;
      if (json) {
        req.query = q.text;
        json_bytes += fahras::answer_json_text(req, results, wopt).size();
        cpu_json += thread_cpu_seconds() - c1;
      }
      const double elapsed = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
      ms.push_back(elapsed);
      if (lat) lat << q.qid << '\t' << elapsed << '\n';
      if (out) {
        for (const auto& h : results.hits) {
          out << q.qid << " Q0 " << h.passage.doc_id << ' ' << h.rank << ' ' << h.score << ' ' << run_tag << '\n';
        }
      }
    }
    const double total = std::chrono::duration<double>(Clock::now() - t_all).count();
    fahras::bench::print_latency_summary("fahras-search-latency", ms, total);
    const double n = static_cast<double>(std::max<std::size_t>(1, queries.size()));
    std::fprintf(stderr, "fahras-search-latency cpu: search_ms=%.4f json_ms=%.4f json_bytes=%.0f\n",
                 1000 * cpu_search / n, 1000 * cpu_json / n, static_cast<double>(json_bytes) / n);
    // How the first stage collapsed (warm-up included): from the first
    // pool, a deeper one, or by Xapian's own collapse after both fell short.
    const fahras::Searcher::CollapseCounts& c = searcher.collapse_counts();
    std::fprintf(stderr, "fahras-search-latency collapse: first_pool=%llu deeper_pool=%llu xapian=%llu\n",
                 static_cast<unsigned long long>(c.first_pool), static_cast<unsigned long long>(c.deeper_pool),
                 static_cast<unsigned long long>(c.xapian));
  } catch (const po::error& e) {
    std::cerr << "fahras-search-latency: " << e.what() << " (see --help)\n";
    return 2;
  } catch (const Xapian::Error& e) {
    std::cerr << "fahras-search-latency: " << e.get_description() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "fahras-search-latency: " << e.what() << "\n";
    return 2;
  }
  return 0;
}
