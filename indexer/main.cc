// fahras-index: builds or updates a fahras passage database.
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <boost/program_options.hpp>

#include "fahras/cli_version.h"
#include "fahras/fault_guard.h"
#include "fahras/fields.h"
#include "fahras/index_writer.h"
#include "fahras/open_writer.h"
#include "fahras/schema.h"

namespace po = boost::program_options;

namespace {

std::atomic<bool> g_stop{false};
std::mutex g_stderr;  // warnings (reader thread) and progress (writer thread) share stderr

extern "C" void on_signal(int) {
  g_stop.store(true);
  // A second signal kills the process the default way.
  ::signal(SIGINT, SIG_DFL);
  ::signal(SIGTERM, SIG_DFL);
}

void install_signal_handlers() {
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;  // no SA_RESTART: blocking reads return EINTR
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  // Past a file-size limit (ulimit -f) a write must fail with EFBIG and be
  // reported, not kill the indexer.
  ::signal(SIGXFSZ, SIG_IGN);
}

constexpr const char* kUsage = "Usage: fahras-index --db DIR [options] INPUT...";

constexpr const char* kHelpTail = R"(
Inputs:
  FILE           a text file: one document; id = file name, title = first line
  FOLDER         every file below it, recursively, in sorted order; ids are
                 paths relative to FOLDER; hidden files are skipped; *.jsonl
                 files are JSON Lines; binary files are skipped with a warning
  FILE.jsonl     one document per line: {"id": ..., "title": ..., "text": ...};
                 other fields are kept as metadata the searcher can show
  -              JSON Lines on standard input

Each document is split into passages (paragraphs, merged or split at sentence
boundaries to about --passage-size bytes); each passage is one Xapian
document. Re-indexing a document id replaces all its old passages.

Exit status:
  0  success
  1  success with warnings: some inputs were skipped (each one is reported)
  2  failure (bad usage, database locked or incompatible, I/O error, or a
     warning under --strict); the batch being built is not committed
  3  interrupted by SIGINT/SIGTERM; documents read before were committed

Examples:
  fahras-index --db news.db ../shared/corpus/news/
  fahras-index --db sn.db --compact ../shared/corpus/saudinewsnet/*.jsonl
  fahras-index --db sample.db data/sample/
  zcat docs.jsonl.gz | fahras-index --db docs.db -
  fahras-index --db news.db --delete 003_63bc939db50e56e5.txt
  fahras-index --db sn3.db --shards 3 ../shared/corpus/saudinewsnet/

A new database is built in DIR.building by parallel writers without fsync,
merged, synced and renamed to DIR at the end (or on SIGINT/SIGTERM); until
then nothing is at DIR, and a killed build leaves only DIR.building, which
the next run overwrites. --in-place builds at DIR with synced commits.
)";

std::string human_mb(std::uint64_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(bytes) / 1e6);
  return buf;
}

std::string human_count(std::uint64_t n) {
  char buf[32];
  if (n >= 10'000'000) {
    std::snprintf(buf, sizeof buf, "%.1f M", static_cast<double>(n) / 1e6);
  } else {
    std::snprintf(buf, sizeof buf, "%llu", static_cast<unsigned long long>(n));
  }
  return buf;
}

std::string clock_time(double seconds) {
  const long s = std::lround(seconds);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%ld:%02ld", s / 60, s % 60);
  return buf;
}

void print_progress(const fahras::Progress& p) {
  const double mb = static_cast<double>(p.bytes) / 1e6;
  const double rate = p.seconds > 0 ? static_cast<double>(p.passages) / p.seconds : 0;
  std::string line = "\r" + human_count(p.documents) + " documents, " + std::to_string(p.passages) + " passages, ";
  char buf[96];
  if (p.total_known && p.bytes_total > 0) {
    std::snprintf(buf, sizeof buf, "%.1f/%.1f MB, %.0f passages/s", mb, static_cast<double>(p.bytes_total) / 1e6, rate);
    line += buf;
    if (p.bytes > 0 && p.bytes < p.bytes_total) {
      const double eta = p.seconds * static_cast<double>(p.bytes_total - p.bytes) / static_cast<double>(p.bytes);
      line += ", ETA " + clock_time(eta);
    }
  } else {
    std::snprintf(buf, sizeof buf, "%.1f MB, %.0f passages/s", mb, rate);
    line += buf;
  }
  line += "\x1b[K";  // clear the rest of the line
  std::cerr << line << std::flush;
}

// Everything the command line sets.
struct Settings {
  fahras::IndexOptions options;
  std::vector<std::string> inputs;
  std::vector<std::string> deletes;
  std::string stemmer = "fahras";
  std::size_t max_doc_mb = 64;
  bool quiet = false;
  bool verbose = false;
  bool skip_stopwords = false;
  std::string root_terms;     // --root-terms on|off; empty: a new database off, an existing one as built
  std::string title_in_body;  // --title-in-body on|off; the same
  bool log_commits = false;
  fahras::WriterLayout layout;
  std::vector<std::string> field_decls;
  bool no_infer = false;
};

// The options --help lists, bound to where their values go.
po::options_description visible_options(Settings& s) {
  fahras::IndexOptions& options = s.options;
  po::options_description visible("Options");
  // clang-format off
  visible.add_options()
      ("help,h", "show this help and exit")
      ("version", "show the version and exit")
      ("db,d", po::value(&options.db_path)->value_name("DIR"), "database folder (created if missing)")
      ("stemmer", po::value(&s.stemmer)->value_name("NAME")->default_value(s.stemmer),
       "fahras | snowball | none; an existing database must have been built with the same")
      ("passage-size", po::value(&options.splitter.target_bytes)->value_name("BYTES")
           ->default_value(options.splitter.target_bytes), "target passage size in bytes")
      ("batch-size", po::value(&options.batch_size)->value_name("N")->default_value(options.batch_size),
       "commit every N documents")
      ("threads", po::value(&options.threads)->value_name("N")->default_value(0),
       "analysis threads (0 = one per core)")
      ("max-doc-size", po::value(&s.max_doc_mb)->value_name("MB")->default_value(s.max_doc_mb),
       "refuse (with a warning) documents and JSONL lines larger than this many MiB")
      ("delete", po::value(&s.deletes)->value_name("ID")->composing(),
       "remove every passage of document ID (repeatable)")
      ("strict", po::bool_switch(&options.strict), "treat warnings as failure (the batch is not committed)")
      ("compact", po::bool_switch(&options.compact), "compact the database when done")
      ("root-terms", po::value(&s.root_terms)->value_name("on|off"),
       "also index each word's root (R terms) for search by root (>>word, root:word); a new database "
       "defaults to off, an existing one keeps its setting")
      ("title-in-body", po::value(&s.title_in_body)->value_name("on|off"),
       "weigh the title inside the body words (schema 3: faster searches, see docs/performance.md) instead of "
       "title terms on every passage (schema 2); a new database defaults to on, an existing one keeps its layout")
      ("skip-stopwords", po::bool_switch(&s.skip_stopwords),
       "do not index stop words (measured: no gain; phrases with them stop matching)")
      ("quiet,q", po::bool_switch(&s.quiet), "no progress line and no summary (warnings still shown)")
      ("verbose,v", po::bool_switch(&s.verbose),
       "print the summary line even when standard error is not a terminal")
      ("shards", po::value(&s.layout.shards)->value_name("N"),
       "a new database is N shards (one writer each, in parallel) listed by DIR/XAPIANDB, which "
       "fahras-search opens as one database; an existing sharded database keeps its count")
      ("build-writers", po::value(&s.layout.build_writers)->value_name("N")->default_value(0),
       "a new database is built by N parallel writers in DIR.building (no fsync), merged by Xapian's "
       "compactor, synced and renamed to DIR; nothing is at DIR until then (0 = one per core, max 8)")
      ("no-termlist", po::bool_switch(&options.no_termlist),
       "build a new database without Xapian's term lists (a build-once archive: less indexing CPU, a quarter "
       "smaller); it can never be updated, have documents deleted or be served --writable")
      ("in-place", po::bool_switch(&s.layout.in_place),
       "build a new database at DIR itself, one writer, each batch committed and synced as it goes")
      ("field", po::value(&s.field_decls)->value_name("NAME:TYPE")->composing(),
       "type a JSON Lines metadata field: keyword, date, number or text (repeatable); "
       "e.g. --field source:keyword --field date:date")
      ("no-field-inference", po::bool_switch(&s.no_infer),
       "type only the --field fields (others stay display-only metadata); by default the type of "
       "every other field is inferred from its first value")
      ("log-commits", po::bool_switch(&s.log_commits),
       "print \"fahras-index: committed N documents\" on stderr after each commit");
  // clang-format on
  return visible;
}

// Checks the parsed values and derives the library's options from them;
// throws po::error or fahras::UsageError (and the field parser's errors).
void check_options(Settings& s) {
  fahras::IndexOptions& options = s.options;
  const fahras::WriterLayout& layout = s.layout;
  const std::vector<std::string>& inputs = s.inputs;
  const std::vector<std::string>& deletes = s.deletes;
  if (options.db_path.empty()) throw po::error("--db DIR is required");
  if (inputs.empty() && deletes.empty()) throw po::error("nothing to do: give inputs or --delete ID");
  fahras::validate(options);
  layout.validate();
  options.index_stopwords = !s.skip_stopwords;
  if (!s.root_terms.empty()) {
    if (s.root_terms != "on" && s.root_terms != "off") throw po::error("--root-terms must be on or off");
    options.root_terms = s.root_terms == "on";
    options.root_terms_explicit = true;
  }
  if (!s.title_in_body.empty()) {
    if (s.title_in_body != "on" && s.title_in_body != "off") throw po::error("--title-in-body must be on or off");
    options.title_in_body = s.title_in_body == "on";
    options.title_in_body_explicit = true;
  }
  // The bound also catches negative numbers, which Boost wraps to huge unsigned values.
  if (s.max_doc_mb == 0 || s.max_doc_mb > 2048) throw po::error("--max-doc-size must be 1..2048");
  options.stemmer = fahras::parse_stemmer_kind(s.stemmer);
  std::vector<std::pair<std::string, fahras::FieldType>> declared;
  for (const std::string& d : s.field_decls) declared.push_back(fahras::parse_field_declaration(d));
  options.fields = std::make_shared<fahras::FieldRegistry>(std::move(declared), !s.no_infer);
}

// The summary line: what was indexed, how fast, the database's size.
void print_summary(const Settings& s, const fahras::IndexStats& stats, std::uint64_t warnings) {
  const fahras::IndexOptions& options = s.options;
  const std::vector<std::string>& deletes = s.deletes;
  const double mbps = stats.seconds > 0 ? static_cast<double>(stats.bytes) / 1e6 / stats.seconds : 0;
  char rate[32];
  std::snprintf(rate, sizeof rate, "%.2f MB/s", mbps);
  char secs[32];
  std::snprintf(secs, sizeof secs, "%.1f s", stats.seconds);
  std::cerr << "fahras-index: " << stats.documents << " documents, " << stats.passages << " passages, "
            << human_count(stats.terms) << " terms, " << human_mb(stats.bytes) << " in " << secs << " (" << rate << ")"
            << (deletes.empty() ? "" : ", " + std::to_string(stats.deleted) + " deleted")
            << (warnings ? ", " + std::to_string(warnings) + " warnings" : "") << "; database "
            << human_mb(fahras::IndexWriter::database_size(options.db_path)) << " (" << options.db_path << ")\n";
}

// Indexes the inputs and deletions `s` asks for, with progress, warnings
// and the summary on stderr; returns the exit status.
int run_index(Settings& s) {
  fahras::IndexOptions& options = s.options;
  const std::vector<std::string>& deletes = s.deletes;
  const bool quiet = s.quiet;
  const bool show_progress = !quiet && ::isatty(STDERR_FILENO);
  std::atomic<bool> progress_shown{false};
  if (s.log_commits) {
    options.on_commit = [&](std::uint64_t documents) {
      std::lock_guard lock(g_stderr);
      if (progress_shown) std::cerr << "\r\x1b[K";
      std::cerr << "fahras-index: committed " << documents << " documents" << std::endl;
    };
  }
  install_signal_handlers();

  try {
    // Reader and field warnings share one sink; it tells the writer (strict mode).
    fahras::AnyIndexWriter* current_writer = nullptr;
    const fahras::InputWarningSink warn = [&](const fahras::InputWarning& w) {
      std::lock_guard lock(g_stderr);
      if (progress_shown) std::cerr << "\r\x1b[K";
      std::cerr << "fahras-index: warning: " << w.origin << ": " << w.message << "\n";
      if (current_writer) current_writer->note_warning();
    };
    options.field_warning = warn;
    fahras::AnyIndexWriter writer(options, s.layout);
    current_writer = &writer;
    std::uint64_t warnings = 0;
    for (const std::string& id : deletes) {
      if (!writer.delete_document(id)) {
        std::cerr << "fahras-index: warning: --delete " << id << ": no such document\n";
        ++warnings;
        if (options.strict) {
          std::cerr << "fahras-index: --strict: stopping; nothing was committed\n";
          return fahras::kExitFailure;  // the writer cancels its open transaction
        }
      }
    }

    fahras::InputOptions input_options;
    input_options.max_document_bytes = s.max_doc_mb << 20;
    input_options.stop = &g_stop;
    fahras::InputReader reader(s.inputs, input_options, warn);
    fahras::ProgressSink progress;
    if (show_progress) {
      progress = [&](const fahras::Progress& p) {
        std::lock_guard lock(g_stderr);
        print_progress(p);
        progress_shown = true;
      };
    }
    const fahras::IndexStats stats = writer.run(reader, &g_stop, progress);
    if (progress_shown) std::cerr << "\r\x1b[K";
    warnings += stats.warnings;
    if (stats.failed) {
      writer.close();  // a new database built aside appears with its committed batches
      std::cerr << "fahras-index: --strict: stopped at the first warning; the current batch was not "
                   "committed ("
                << stats.committed_documents << " documents of earlier batches were)\n";
      return fahras::kExitFailure;
    }
    writer.close();
    // Quiet by default in pipelines and scripts: the summary is for people.
    if (!quiet && (s.verbose || ::isatty(STDERR_FILENO))) print_summary(s, stats, warnings);
    if (stats.interrupted) {
      std::cerr << "fahras-index: interrupted: the " << stats.documents
                << " documents indexed so far are committed; re-run to index the rest\n";
      return fahras::kExitInterrupted;
    }
    return warnings ? fahras::kExitWarnings : fahras::kExitSuccess;
  } catch (const std::exception& e) {
    if (progress_shown) std::cerr << "\r\x1b[K";
    std::cerr << "fahras-index: " << e.what() << "\n";
  } catch (const Xapian::Error& e) {
    if (progress_shown) std::cerr << "\r\x1b[K";
    // Xapian's messages (a full disk: "Error writing block 375 (File too
    // large)") do not say which database.
    std::cerr << "fahras-index: " << options.db_path << ": " << e.get_description() << "\n";
  }
  return fahras::kExitFailure;
}

}  // namespace

int main(int argc, char** argv) {
  Settings s;
  const po::options_description visible = visible_options(s);
  po::options_description hidden;
  hidden.add_options()("input", po::value(&s.inputs));
  po::options_description all;
  all.add(visible).add(hidden);
  po::positional_options_description positional;
  positional.add("input", -1);

  try {
    po::variables_map vm;
    po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(), vm);
    if (vm.count("help")) {
      std::cout << kUsage << "\n\n" << visible << kHelpTail;
      return fahras::kExitSuccess;
    }
    if (vm.count("version")) {
      std::cout << fahras::version_line("fahras-index") << '\n';
      return fahras::kExitSuccess;
    }
    po::notify(vm);
    check_options(s);
  } catch (const std::exception& e) {
    std::cerr << "fahras-index: " << e.what() << "\n" << kUsage << "\n(see --help)\n";
    return fahras::kExitFailure;
  }

  // Xapian 1.4.22 can segfault on some damaged database files: say so.
  fahras::install_fault_guard("fahras-index", s.options.db_path, fahras::kExitFailure);
  // A failed write inside Xapian's commit can end in std::terminate instead
  // of reaching run_index's catch (fault_guard.h): report it the same way.
  fahras::install_write_failure_guard("fahras-index", s.options.db_path, fahras::kExitFailure);
  return run_index(s);
}
