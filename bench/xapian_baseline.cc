// xapian-baseline: Xapian 1.4's standard pipeline on fahras's own passages,
// the reference point for retrieval quality and speed (see ../shared/README.md
// and docs/performance.md).
//
//   xapian-baseline index  --db DIR [--titles] [--commit-every N] INPUT...
//   xapian-baseline search --db DIR --queries FILE.tsv [--limit 100] [--run-tag xapian]
//   xapian-baseline passages [--out FILE.tsv] INPUT...
//
// Indexing reads documents with fahras's InputReader and splits them with
// fahras's PassageSplitter (so both systems index the same passages), then
// indexes each passage as one Xapian document with TermGenerator and
// Stem("arabic") (Snowball, STEM_SOME, positions on). Searching uses
// QueryParser with the same stemmer, default operator OR, FLAG_DEFAULT,
// BM25 with default parameters, collapsing passages of one source document.
// `passages` writes the same passages as text (docid<TAB>passage, with \\ \t
// \n \r escaped) for other engines to index: scripts/bench-lucene feeds them
// to bench/lucene/LuceneBench.java, so all three engines index the same text.
//
// The layout below is the baseline's own, deliberately not fahras's schema.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

#include <xapian.h>
#include <boost/program_options.hpp>

#include "fahras/input_reader.h"
#include "fahras/passage_splitter.h"
#include "latency_stats.h"

namespace po = boost::program_options;

namespace {

constexpr Xapian::valueno kSlotDocId = 0;  // source document id: the collapse key
constexpr const char* kTitlePrefix = "S";  // only with --titles, as Xapian's omega does
constexpr const char* kMetaTitles = "xapian-baseline.titles";
constexpr const char* kMetaPipeline = "xapian-baseline.pipeline";
constexpr const char* kPipeline = "TermGenerator+QueryParser Stem(arabic) STEM_SOME OP_OR BM25";

constexpr int kExitOk = 0;
constexpr int kExitWarnings = 1;
constexpr int kExitFailure = 2;

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

po::variables_map parse(const std::vector<std::string>& args, const po::options_description& desc,
                        const po::positional_options_description* pos) {
  po::variables_map vm;
  try {
    po::command_line_parser parser(args);
    parser.options(desc);
    if (pos != nullptr) parser.positional(*pos);
    po::store(parser.run(), vm);
    // --help wins over missing required options: notify() would reject
    // `xapian-baseline index --help` for lacking --db.
    if (vm.count("help") == 0u) po::notify(vm);
  } catch (const po::error& e) {
    throw UsageError(e.what());
  }
  return vm;
}

// Parses the options of a command that takes INPUT... positionally (bound to
// `inputs` in desc). Returns false when --help was asked for (printed with
// `usage`); throws UsageError when no input is given.
bool parse_with_inputs(const std::vector<std::string>& args, const po::options_description& desc, const char* usage,
                       const std::vector<std::string>& inputs, po::variables_map& vm) {
  po::positional_options_description pos;
  pos.add("input", -1);
  vm = parse(args, desc, &pos);
  if (vm.count("help") != 0u) {
    std::cout << usage << desc;
    return false;
  }
  if (inputs.empty()) throw UsageError("no inputs given");
  return true;
}

// `path` opened for writing into `file`, or standard output when empty.
std::ostream& output(const std::string& path, std::ofstream& file) {
  if (path.empty()) return std::cout;
  file.open(path, std::ios::binary | std::ios::trunc);
  if (!file) throw std::runtime_error("cannot write " + path);
  return file;
}

// Reads inputs with fahras's InputReader and calls fn(source, passage, n) for the
// n-th (from 0) passage fahras's PassageSplitter cuts from each source document,
// exactly as fahras-index splits them.
// Returns the number of input warnings (each printed to stderr).
template <typename Fn>
std::uint64_t for_each_passage(const std::vector<std::string>& inputs, std::size_t passage_bytes, Fn&& fn) {
  std::uint64_t warnings = 0;
  fahras::InputReader reader(inputs, fahras::InputOptions{}, [&](const fahras::InputWarning& w) {
    ++warnings;
    std::cerr << "xapian-baseline: warning: " << w.origin << ": " << w.message << "\n";
  });
  fahras::SplitterOptions split_opts;
  split_opts.target_bytes = passage_bytes;
  fahras::PassageSplitter splitter(split_opts);
  fahras::SourceDocument src;
  std::vector<fahras::PassageRange> ranges;
  std::string passage;
  while (reader.next(src)) {
    splitter.split(src.text, ranges);
    for (std::size_t n = 0; n < ranges.size(); ++n) {
      passage.assign(src.text, ranges[n].begin, ranges[n].end - ranges[n].begin);
      fn(src, passage, n);
    }
  }
  return warnings;
}

int run_index(const std::vector<std::string>& args) {
  std::string db_path;
  std::vector<std::string> inputs;
  std::size_t commit_every = 0;
  std::size_t passage_bytes = fahras::SplitterOptions::kDefaultTarget;
  po::options_description desc("xapian-baseline index options");
  // One option a line, as --help prints them.
  // clang-format off
  desc.add_options()
      ("help,h", "show this help")
      ("db", po::value(&db_path)->required(), "database folder (created or overwritten)")
      ("titles", po::bool_switch(), "also index titles with prefix S (off: body text only)")
      ("commit-every", po::value(&commit_every), "commit every N passages (default: once at the end)")
      ("passage-size", po::value(&passage_bytes),
       "passage target size in bytes (must match fahras-index's for same passages)")
      ("input", po::value(&inputs), "text files, folders or .jsonl files");
  // clang-format on
  po::variables_map vm;
  if (!parse_with_inputs(args, desc, "usage: xapian-baseline index --db DIR [options] INPUT...\n", inputs, vm))
    return kExitOk;
  const bool titles = vm["titles"].as<bool>();

  Xapian::WritableDatabase db(db_path, Xapian::DB_CREATE_OR_OVERWRITE);
  Xapian::TermGenerator tg;
  tg.set_stemmer(Xapian::Stem("arabic"));
  tg.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);

  const auto t0 = Clock::now();
  std::uint64_t documents = 0, passages = 0, bytes = 0;
  const std::uint64_t warnings = for_each_passage(
      inputs, passage_bytes, [&](const fahras::SourceDocument& src, const std::string& passage, std::size_t n) {
        if (n == 0) {
          ++documents;
          bytes += src.text.size();
        }
        Xapian::Document doc;
        tg.set_document(doc);
        if (titles && !src.title.empty()) {
          tg.index_text(src.title, 1, kTitlePrefix);
          tg.increase_termpos();
        }
        tg.index_text(passage);
        doc.add_value(kSlotDocId, src.id);
        doc.set_data(src.id);
        db.add_document(doc);
        ++passages;
        if (commit_every != 0 && passages % commit_every == 0) db.commit();
      });
  db.set_metadata(kMetaTitles, titles ? "1" : "0");
  db.set_metadata(kMetaPipeline, kPipeline);
  db.commit();
  db.close();
  const double secs = seconds_since(t0);

  std::printf(
      "xapian-baseline index: documents=%llu passages=%llu input_bytes=%llu seconds=%.3f "
      "passages_per_s=%.1f mb_per_s=%.2f warnings=%llu\n",
      static_cast<unsigned long long>(documents), static_cast<unsigned long long>(passages),
      static_cast<unsigned long long>(bytes), secs, secs > 0 ? static_cast<double>(passages) / secs : 0.0,
      secs > 0 ? static_cast<double>(bytes) / 1e6 / secs : 0.0, static_cast<unsigned long long>(warnings));
  return warnings == 0 ? kExitOk : kExitWarnings;
}

int run_search(const std::vector<std::string>& args) {
  std::string db_path, queries_path, run_tag = "xapian", out_path, latency_path;
  Xapian::doccount limit = 100;
  po::options_description desc("xapian-baseline search options");
  // One option a line, as --help prints them.
  // clang-format off
  desc.add_options()
      ("help,h", "show this help")
      ("db", po::value(&db_path)->required(), "database folder made by 'xapian-baseline index'")
      ("queries", po::value(&queries_path)->required(), "qid<TAB>query file")
      ("limit", po::value(&limit), "results per query (default 100)")
      ("run-tag", po::value(&run_tag), "run name in the TREC output (default xapian)")
      ("out", po::value(&out_path), "TREC run file (default: standard output)")
      ("latency-out", po::value(&latency_path), "per-query latency file, qid<TAB>milliseconds")
      ("warmup", po::bool_switch(), "run the whole batch once, untimed, before the timed pass");
  // clang-format on
  const auto vm = parse(args, desc, nullptr);
  if (vm.count("help") != 0u) {
    std::cout << "usage: xapian-baseline search --db DIR --queries FILE.tsv [options]\n" << desc;
    return kExitOk;
  }

  const auto queries = fahras::bench::read_queries(queries_path, "xapian-baseline");
  Xapian::Database db(db_path);
  Xapian::QueryParser qp;
  qp.set_database(db);
  qp.set_stemmer(Xapian::Stem("arabic"));
  qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
  qp.set_default_op(Xapian::Query::OP_OR);
  if (db.get_metadata(kMetaTitles) == "1") qp.add_prefix("title", kTitlePrefix);
  Xapian::Enquire enquire(db);
  enquire.set_weighting_scheme(Xapian::BM25Weight());
  enquire.set_collapse_key(kSlotDocId);

  std::ofstream out_file;
  std::ostream& out = output(out_path, out_file);

  struct Hit {
    std::string docid;
    double weight;
  };
  std::vector<Hit> hits;
  // Parsing, matching and fetching each hit's data are timed; writing is not.
  auto run_one = [&](const fahras::bench::QueryLine& q) {
    hits.clear();
    Xapian::Query query;
    try {
      query = qp.parse_query(q.text, Xapian::QueryParser::FLAG_DEFAULT);
    } catch (const Xapian::QueryParserError& e) {
      std::cerr << "xapian-baseline: warning: query " << q.qid << ": " << e.get_msg() << "\n";
      return;
    }
    enquire.set_query(query);
    const Xapian::MSet mset = enquire.get_mset(0, limit);
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      hits.push_back({it.get_document().get_data(), it.get_weight()});
    }
  };

  if (vm["warmup"].as<bool>()) {
    for (const auto& q : queries) run_one(q);
  }
  std::vector<double> ms;
  ms.reserve(queries.size());
  std::ofstream lat_file;
  if (!latency_path.empty()) {
    lat_file.open(latency_path, std::ios::binary | std::ios::trunc);
    if (!lat_file) throw std::runtime_error("cannot write " + latency_path);
  }
  const auto t_all = Clock::now();
  for (const auto& q : queries) {
    const auto t0 = Clock::now();
    run_one(q);
    const double elapsed = seconds_since(t0) * 1000.0;
    ms.push_back(elapsed);
    if (lat_file) lat_file << q.qid << '\t' << elapsed << '\n';
    for (std::size_t r = 0; r < hits.size(); ++r) {
      out << q.qid << " Q0 " << hits[r].docid << ' ' << (r + 1) << ' ' << hits[r].weight << ' ' << run_tag << '\n';
    }
  }
  const double total = seconds_since(t_all);
  out.flush();
  if (!out) throw std::runtime_error("writing the run failed");

  fahras::bench::print_latency_summary("xapian-baseline", ms, total);
  return kExitOk;
}

// Writes the passages fahras-index would index, one a line: docid<TAB>passage,
// with backslash, tab, newline and carriage return escaped as \\ \t \n \r, so
// another engine (bench/lucene) indexes exactly the same text.
int run_passages(const std::vector<std::string>& args) {
  std::string out_path;
  std::vector<std::string> inputs;
  std::size_t passage_bytes = fahras::SplitterOptions::kDefaultTarget;
  po::options_description desc("xapian-baseline passages options");
  // One option a line, as --help prints them.
  // clang-format off
  desc.add_options()
      ("help,h", "show this help")
      ("out", po::value(&out_path), "output file (default: standard output)")
      ("passage-size", po::value(&passage_bytes),
       "passage target size in bytes (must match fahras-index's for same passages)")
      ("input", po::value(&inputs), "text files, folders or .jsonl files");
  // clang-format on
  po::variables_map vm;
  if (!parse_with_inputs(args, desc, "usage: xapian-baseline passages [--out FILE.tsv] INPUT...\n", inputs, vm))
    return kExitOk;
  std::ofstream out_file;
  std::ostream& out = output(out_path, out_file);
  std::string line;
  auto escape_into = [&line](const std::string& s) {
    for (const char c : s) {
      switch (c) {
        case '\\': line += "\\\\"; break;
        case '\t': line += "\\t"; break;
        case '\n': line += "\\n"; break;
        case '\r': line += "\\r"; break;
        default: line += c;
      }
    }
  };
  const std::uint64_t warnings = for_each_passage(
      inputs, passage_bytes, [&](const fahras::SourceDocument& src, const std::string& passage, std::size_t) {
        line.clear();
        escape_into(src.id);
        line += '\t';
        escape_into(passage);
        line += '\n';
        out << line;
      });
  out.flush();
  if (!out) throw std::runtime_error("writing the passages failed");
  return warnings == 0 ? kExitOk : kExitWarnings;
}

void usage(std::ostream& os) {
  os << "usage: xapian-baseline index  --db DIR [--titles] [--commit-every N] INPUT...\n"
        "       xapian-baseline search --db DIR --queries FILE.tsv [--limit 100] [--run-tag xapian]\n"
        "       xapian-baseline passages [--out FILE.tsv] INPUT...\n"
        "Xapian 1.4's standard pipeline (TermGenerator/QueryParser, Stem(\"arabic\"), BM25) over\n"
        "fahras's passages; 'passages' writes those passages for other engines to index.\n"
        "'xapian-baseline COMMAND --help' lists each command's options.\n";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    usage(std::cerr);
    return kExitFailure;
  }
  const std::string command = argv[1];
  const std::vector<std::string> args(argv + 2, argv + argc);
  try {
    if (command == "index") return run_index(args);
    if (command == "search") return run_search(args);
    if (command == "passages") return run_passages(args);
    if (command == "--help" || command == "-h" || command == "help") {
      usage(std::cout);
      return kExitOk;
    }
    throw UsageError("unknown command '" + command + "' (expected index, search or passages)");
  } catch (const UsageError& e) {
    std::cerr << "xapian-baseline: " << e.what() << " (see --help)\n";
  } catch (const Xapian::Error& e) {
    std::cerr << "xapian-baseline: " << e.get_description() << "\n";
  } catch (const std::exception& e) {
    std::cerr << "xapian-baseline: " << e.what() << "\n";
  }
  return kExitFailure;
}
