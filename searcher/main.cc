// fahras-search: ranked passage search over a fahras database, one query or
// a batch (TREC run). The work is in fahras_search; this file is the CLI.
#include <unistd.h>

#include <cstdlib>
#include <exception>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <boost/program_options.hpp>

#include "fahras/cli_version.h"
#include "fahras/exit_status.h"
#include "fahras/fault_guard.h"
#include "fahras/mapped_reads.h"
#include "fahras/result_writer.h"
#include "fahras/search_diacritics.h"
#include "fahras/searcher.h"

namespace po = boost::program_options;

namespace {

constexpr const char* kUsage =
    "Usage: fahras-search [options] DB QUERY...        (or --db DB QUERY...)\n"
    "       fahras-search [options] DB --queries FILE   (batch: TREC run on stdout)\n"
    "\n"
    "Query syntax (words are matched by stem; the default operator is OR):\n"
    "  الصين روسيا            passages with either word, best first\n"
    "  الصين AND روسيا        both words     (also OR, NOT, XOR; operators in capitals)\n"
    "  -- +الصين -روسيا       must contain الصين, must not contain روسيا\n"
    "                         (\"--\" ends the options, so a query may start with -)\n"
    "  \"وزير الخارجية\"        the words adjacent, in order («…» quotes work too)\n"
    "  السلام NEAR/5 أوكرانيا  within 5 words of each other\n"
    "  \"وزير الخارجية\" NEAR/10 لافروف   the phrase near the word (a whole NEAR/ADJ query)\n"
    "  title:الصين            the word in the document title\n"
    "  >>علم  (root:علم)      its root class: علم, عالم, معلوم, تعليم, العلماء; the exact form\n"
    "                         first, then its stem class (a database built with\n"
    "                         fahras-index --root-terms on)\n"
    "  >علم   (stem:علم)      its stem class, as a plain word searches it\n"
    "  اوكر*                  words beginning with اوكر (most frequent expansions only)\n"
    "  (الصين OR الهند) AND السلام\n"
    "Typed metadata fields (see --describe; fahras-index --field):\n"
    "  النفط source:aleqtisadiya           only that newspaper   (-source:okaz: not it)\n"
    "  داعش source:(okaz OR sabq)          either newspaper\n"
    "  النفط date:2015-08                  in August 2015 (also date:2015-07-01..2015-07-15,\n"
    "                                      open ranges date:..2015-07-15, number ranges n:1..5)\n"
    "Diacritics, hamza forms and tatweel are ignored: مؤتمر = مُؤتمَر, أوكرانيا = اوكرانيا.\n"
    "Question words and particles (من، متى، كيف، في…) are left out of ranking.\n"
    "A query the parser cannot read as written ((الصين) is searched as plain words, and\n"
    "a note on stderr says so. Over 64 words (up to 1,000: a pasted paragraph), the 64\n"
    "rarest are searched and the note names the others.\n"
    "With --diacritics enforce, marks typed in the query must be on those letters in\n"
    "the text (عَلم finds عَلَّمَ, not عِلْم); letters typed without marks match any.\n"
    "A rare or absent word is also searched as the word probably meant, one slip away\n"
    "(الزكاء -> الذكاء), and the output says so; --spelling suggest only suggests it.\n"
    "Spelling variants of names the database holds are searched too, below the word\n"
    "typed (ترامب finds ترمب, جوجل غوغل, أمريكا أميركا, عبدالله عبد الله): --variants off.\n"
    "--synonyms FILE adds your own groups (one per line: جوال موبايل هاتف).\n"
    "\n"
    "Options";

constexpr const char* kExamples = R"(
Examples:
  fahras-search --db news.db 'الرئيس الصيني'
  fahras-search --db news.db --limit 3 --format json '"وزير الخارجية" NEAR/10 لافروف'
  fahras-search --db news.db --format json --offset 10 الصين | jq '.total, .hits[].docid'
  fahras-search --db news.db --queries questions.tsv > run.trec
  fahras-search --db quran.db --diacritics enforce 'عَلم'
  fahras-search --db sn.db --filter source:aleqtisadiya --filter date:2015-08 --sort -date النفط
  fahras-search --db sn.db --facet source --facet date:month --limit 0 داعش
  fahras-search --db sn.db --describe

Output: text starts with how many documents match (exact when about 500
passages or fewer match, else "about N" with the estimate's bounds); json is
one answer object per query (query, total, offset, limit, hits, ignored_words,
notices: docs/searching.md); jsonl is one line per hit; with jsonl and trec
the count goes to stderr.

Exit status:
  0  the query ran (also when nothing matches: a message says so on stderr;
     --format json still writes its answer, with no hits)
  1  the query, the database or the --synonyms file was refused (one line on
     stderr says why; for a bad line of the synonyms file, FILE:LINE: why)
  2  bad usage
)";

struct Options {
  std::string db;
  std::vector<std::string> query_words;
  std::string queries_file;
  std::string qid;
  unsigned limit = 10;
  unsigned offset = 0;
  std::string format = "text";
  std::string color = "auto";
  std::string bidi = "logical";
  std::size_t snippet_bytes = 320;
  unsigned context = 0;
  std::string bm25;
  std::string diacritics = "ignore";
  std::vector<std::string> facets;
  std::string sort = "relevance";
  fahras::FieldOptions fields;
  bool describe = false;
  std::string spelling = "relax";
  std::string spelling_without;
  std::string variants = "on";
  std::string names = "on";
  std::string name_thresholds;
  std::string synonyms;
};

void parse_bm25(const std::string& s, fahras::RankingOptions& r) {
  std::istringstream in(s);
  char comma = 0;
  double k1 = 0, b = 0;
  if (!(in >> k1 >> comma >> b) || comma != ',' || !(in >> std::ws).eof() || k1 < 0 || b < 0 || b > 1)
    throw po::validation_error(po::validation_error::invalid_option_value, "--bm25", s);
  r.bm25_k1 = k1;
  r.bm25_b = b;
}

bool want_color(const std::string& mode) {
  if (mode == "always") return true;
  if (mode == "never") return false;
  if (mode != "auto") throw po::error("--color must be auto, always or never, not \"" + mode + "\"");
  const char* no_color = std::getenv("NO_COLOR");
  return isatty(STDOUT_FILENO) == 1 && (no_color == nullptr || *no_color == '\0');
}

std::string join(const std::vector<std::string>& words) {
  std::string q;
  for (const auto& w : words) {
    if (!q.empty()) q += ' ';
    q += w;
  }
  return q;
}

// --diacritics enforce: keep only passages whose original text carries the
// marks typed in the query (an empty filter when nothing is to be enforced).
fahras::DiacriticFilter diacritic_filter(const Options& o, const std::string& query) {
  if (o.diacritics != "enforce") return fahras::DiacriticFilter({});
  return fahras::DiacriticFilter(fahras::vocalised_query_words(query));
}

// Facets after the hits in text output (JSON answers carry them as
// "facets"; JSON Lines and TREC runs have no place for them).
void write_facets(std::ostream& out, const fahras::WriterOptions& wopt, const fahras::SearchResults& results) {
  if (results.facets.empty() || wopt.format != fahras::OutputFormat::kText) return;
  out << '\n';
  fahras::write_facets_text(out, results.facets);
}

int run_batch(fahras::Searcher& searcher, const Options& o, fahras::SearchRequest req,
              const fahras::WriterOptions& wopt) {
  std::ifstream in(o.queries_file);
  if (!in) {
    std::cerr << "fahras-search: cannot open queries file " << o.queries_file << '\n';
    return fahras::kExitRefused;
  }
  req.snippets = wopt.format != fahras::OutputFormat::kTrec;
  req.exact_count = wopt.format == fahras::OutputFormat::kJson;  // only the JSON answer shows a count
  std::string line;
  std::size_t line_no = 0, failed = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    const auto tab = line.find('\t');
    if (tab == std::string::npos) {
      std::cerr << "fahras-search: warning: " << o.queries_file << " line " << line_no
                << ": no tab between qid and query, skipped\n";
      ++failed;
      continue;
    }
    const std::string qid = line.substr(0, tab);
    req.query = line.substr(tab + 1);
    const fahras::DiacriticFilter filter = diacritic_filter(o, req.query);
    req.match_decider = filter.empty() ? nullptr : &filter;
    try {
      auto results = searcher.search(req);
      // How the query was read (a syntax fallback, words left out): never silent.
      for (const auto& n : results.notices) std::cerr << "fahras-search: note: query " << qid << ": " << n << '\n';
      fahras::write_results(std::cout, wopt, qid, req, results);
      write_facets(std::cout, wopt, results);
    } catch (const fahras::QueryError& e) {
      std::cerr << "fahras-search: warning: query " << qid << ": " << e.what() << '\n';
      ++failed;
    }
  }
  if (failed > 0) std::cerr << "fahras-search: " << failed << " queries skipped\n";
  return fahras::kExitSuccess;
}

// What stdout does not say: JSON Lines and TREC lines carry no count, and
// no format says "nothing matched" except by being empty (text prints its
// header only when something matches; JSON says it in "total").
void report_on_stderr(const fahras::WriterOptions& wopt, const fahras::SearchRequest& req,
                      const fahras::SearchResults& results) {
  const bool nothing = results.hits.empty() && results.matches_upper == 0;
  if (nothing) {
    std::cerr << "fahras-search: no passage matches \"" << req.query << "\"\n";
    if (!results.did_you_mean.empty() && wopt.format != fahras::OutputFormat::kText)
      std::cerr << "fahras-search: did you mean: " << results.did_you_mean << "?\n";
    if (wopt.format == fahras::OutputFormat::kText)
      for (const auto& n : results.notices) std::cerr << "fahras-search: note: " << n << '\n';
    return;
  }
  if (wopt.format != fahras::OutputFormat::kJsonl && wopt.format != fahras::OutputFormat::kTrec) return;
  std::cerr << "fahras-search: " << fahras::count_phrase(req, results);
  const std::string empty = fahras::empty_page_phrase(req, results);
  if (!empty.empty()) std::cerr << "; " << empty;
  std::cerr << '\n';
  for (const auto& n : results.notices) std::cerr << "fahras-search: note: " << n << '\n';
}

// Everything the command line sets, parsed and checked.
struct Settings {
  Options o;
  fahras::RankingOptions ranking;
  fahras::DatabaseOpenOptions dbopen;
  fahras::WriterOptions wopt;
  fahras::SpellingOptions spelling;
  bool all_passages = false;
};

// The options --help lists, bound to where their values go.
po::options_description visible_options(Settings& s) {
  Options& o = s.o;
  fahras::RankingOptions& ranking = s.ranking;
  fahras::DatabaseOpenOptions& dbopen = s.dbopen;
  fahras::WriterOptions& wopt = s.wopt;
  po::options_description visible(kUsage);
  // clang-format off
  visible.add_options()
    ("help,h", "show this help")
    ("version", "show the version (with the analyser's) and exit")
    ("db,d", po::value(&o.db)->value_name("DIR"), "the database (or give it as the first argument)")
    ("limit,n", po::value(&o.limit)->default_value(10), "results to show (100 in batch mode)")
    ("offset", po::value(&o.offset)->default_value(0), "skip this many results (paging)")
    ("all-passages", "list every matching passage, not only the best one per document")
    ("format,f", po::value(&o.format)->default_value("text"),
     "text | json (one answer object) | jsonl (one line per hit) | trec")
    ("color", po::value(&o.color)->default_value("auto"),
     "auto | always | never (auto: when stdout is a terminal and NO_COLOR is unset)")
    ("bidi", po::value(&o.bidi)->default_value("logical"),
     "logical | visual (visual: reorder lines for terminals without bidi support)")
    ("snippet-bytes", po::value(&o.snippet_bytes)->default_value(320),
     "longest snippet, in bytes of the original text")
    ("context", po::value(&o.context)->default_value(0), "also show N neighbouring passages each side")
    ("passage-text", "JSON, JSON Lines: include the whole passage text")
    ("queries", po::value(&o.queries_file), "batch mode: TSV file of qid<TAB>query")
    ("run-tag", po::value(&wopt.run_tag)->default_value("fahras"), "TREC run tag")
    ("qid", po::value(&o.qid), "query id for --format trec/json/jsonl (single query)")
    ("exact-weight", po::value(&ranking.exact_weight)->default_value(ranking.exact_weight),
     "bonus for exact-form matches over stem-only matches (0: off)")
    ("title-weight", po::value(&ranking.title_weight)->default_value(ranking.title_weight),
     "bonus for query words in the title (0: off; only on a schema 2 database, built with fahras-index "
     "--title-in-body off or before 2026-12-03: by default the title weighs inside the body words)")
    ("proximity-weight", po::value(&ranking.proximity_weight)->default_value(ranking.proximity_weight),
     "bonus for consecutive query words close together (0: off)")
    ("proximity-window", po::value(&ranking.proximity_window)->default_value(ranking.proximity_window),
     "window, in words, for the proximity bonus")
    ("common-term-ratio", po::value(&ranking.common_term_ratio)->default_value(ranking.common_term_ratio),
     "leave out words found in more than this share of passages while a rarer word remains (0: keep all)")
    ("common-bonus-ratio", po::value(&ranking.common_bonus_ratio)->default_value(ranking.common_bonus_ratio),
     "words found in more than this share of passages only add to the score of passages holding a rarer word "
     "(0: off)")
    ("keep-stopwords", po::bool_switch()->notifier([&](bool keep) { ranking.drop_stopwords = !keep; }),
     "keep stop words in queries (for measurement; they are dropped by default)")
    ("nisba-weight", po::value(&ranking.nisba_weight)->default_value(ranking.nisba_weight),
     "a word ending in the nisba ya (الصينية) also matches its base (الصين) at this weight (0: off)")
    ("rerank-depth", po::value(&ranking.rerank_depth)->default_value(ranking.rerank_depth),
     "rescore the best N passages by query coverage and word adjacency (0: off)")
    ("coverage-exponent", po::value(&ranking.coverage_exponent)->default_value(ranking.coverage_exponent),
     "rerank: multiply by the share of the query's idf mass present, to this power (0: off)")
    ("pair-weight", po::value(&ranking.pair_weight)->default_value(ranking.pair_weight),
     "rerank: bonus for consecutive query words found near each other (0: off)")
    ("pair-window", po::value(&ranking.pair_window)->default_value(ranking.pair_window),
     "rerank: how many positions apart two query words may be to count as a pair")
    ("title-cover-weight", po::value(&ranking.title_cover_weight)->default_value(ranking.title_cover_weight),
     "rerank: bonus for a title made of query words, times the share of its words in the query (0: off)")
    ("bm25", po::value(&o.bm25), "BM25 parameters as k1,b (default 0.9,0.75)")
    ("allow-partial", po::bool_switch(&dbopen.allow_partial),
     "sharded --db: when a shard is unavailable, answer from the others and mark the answer partial")
    ("remote-timeout", po::value(&dbopen.remote_timeout_ms)->default_value(dbopen.remote_timeout_ms),
     "milliseconds a remote shard may take for any one operation")
    ("connect-timeout", po::value(&dbopen.connect_timeout_ms)->default_value(dbopen.connect_timeout_ms),
     "milliseconds to connect to a remote shard and get its greeting")
    ("filter", po::value<std::vector<std::string>>()->composing()->value_name("EXPR"),
     "only passages matching EXPR, in field syntax (source:okaz, -source:okaz, date:2015-07-01..2015-07-31); "
     "repeatable (all must hold); with no QUERY, every passage that matches")
    ("sort", po::value(&o.sort)->default_value("relevance"),
     "relevance | FIELD (ascending) | -FIELD (descending), e.g. -date: newest first")
    ("facet", po::value(&o.facets)->composing()->value_name("FIELD[:day|month|year]"),
     "count the matching documents per value of FIELD (dates by month unless told), over the whole "
     "match set; repeatable")
    ("facet-size", po::value<std::size_t>()->default_value(10), "values shown per facet (the most frequent)")
    ("recency", po::value<double>()->default_value(0)->value_name("DAYS"),
     "boost recent documents: + W * 0.5^(age / DAYS), age counted in days before the newest date of the "
     "database's first date field (0: off)")
    ("recency-weight", po::value<double>()->default_value(1.0)->value_name("W"),
     "the recency boost at age 0, in score points (BM25 scores are typically 5-20)")
    ("describe", "show the database's analyser, counts and typed fields, and exit")
    ("diacritics", po::value(&o.diacritics)->default_value("ignore"),
     "ignore | enforce (enforce: marks typed in the query must be present in the text)")
    ("spelling", po::value(&o.spelling)->default_value("relax"),
     "off | suggest | relax: for a rare or absent query word, suggest the likely word\n"
     "(suggest) and also search it (relax)")
    ("variants", po::value(&o.variants)->default_value("on"),
     "on | off: also search spelling variants of names and loanwords that the database\n"
     "holds (ترامب/ترمب, جوجل/غوغل, أمريكا/أميركا, عبدالله/عبد الله), below the word typed")
    ("names", po::value(&o.names)->default_value("on"),
     "on | off: a word whose stem lost its first letters (بوتين -> وتين) and that the\n"
     "database shows to be a name (frequent as written, the rest rare) is searched by its\n"
     "written forms (بوتين لبوتين ببوتين ...), not by the damaged stem")
    ("name-thresholds", po::value(&o.name_thresholds)->value_name("N,SHARE"),
     "for measurement: a name is written in at least N passages (default 5) and the rest\n"
     "its stem kept in fewer than SHARE of that many (default 0.05)")
    ("variant-weight", po::value(&ranking.variant_weight)->default_value(ranking.variant_weight),
     "a variant's share of the typed word's weight (0..1)")
    ("synonyms", po::value(&o.synonyms)->value_name("FILE"),
     "groups of synonyms, one group per line, words separated by spaces or commas, # comments;\n"
     "a query word in a group also matches the group's other words, below the word typed")
    ("synonym-weight", po::value(&ranking.synonym_weight)->default_value(ranking.synonym_weight),
     "a synonym's share of the typed word's weight (0..1)")
    ("spelling-without", po::value(&o.spelling_without),
     "for measurement: leave out parts of --spelling, a comma list of arabic-costs (every edit\n"
     "costs 1), splits (words run together or split), stems (candidates known by stem only),\n"
     "second (relaxing searches only the best candidate, not a close second too), stopwords\n"
     "(no misspelt stop word: الدي for الذي), context (a rare word is corrected whatever the\n"
     "query's other words: التهاب الدودية to التهاب الدولية)");
  // clang-format on
  return visible;
}

// Checks the values parsed into `s` and derives the rest; throws po::error
// or fahras::UsageError (and the parsers' std::invalid_argument) for bad usage.
void check_options(const po::variables_map& vm, Settings& s) {
  Options& o = s.o;
  fahras::RankingOptions& ranking = s.ranking;
  fahras::WriterOptions& wopt = s.wopt;
  fahras::SpellingOptions& spelling = s.spelling;
  if (o.db.empty() && !o.query_words.empty()) {
    o.db = o.query_words.front();
    o.query_words.erase(o.query_words.begin());
  }
  if (o.db.empty()) throw po::error("no database given");
  const bool batch = vm.count("queries") > 0;
  if (batch && !o.query_words.empty()) throw po::error("give either QUERY or --queries, not both");
  if (!batch && o.query_words.empty() && !vm.count("filter") && !vm.count("describe"))
    throw po::error("no query given");
  if (!o.bm25.empty()) parse_bm25(o.bm25, ranking);
  // The upper bounds also catch negative numbers, which Boost wraps to huge unsigned values.
  if (o.snippet_bytes < 16 || o.snippet_bytes > (std::size_t{1} << 20))
    throw po::error("--snippet-bytes must be 16..1048576");
  if (o.limit > 100000) throw po::error("--limit must be at most 100000");
  if (o.offset > 10'000'000) throw po::error("--offset must be 0..10000000");
  s.dbopen.validate();
  if (o.context > 100) throw po::error("--context must be at most 100");
  if (o.diacritics != "ignore" && o.diacritics != "enforce")
    throw po::error("--diacritics must be ignore or enforce, not '" + o.diacritics + "'");
  if (o.variants != "on" && o.variants != "off")
    throw po::error("--variants must be on or off, not \"" + o.variants + "\"");
  ranking.variants = o.variants == "on";
  if (o.names != "on" && o.names != "off") throw po::error("--names must be on or off, not \"" + o.names + "\"");
  ranking.names = o.names == "on";
  if (!o.name_thresholds.empty()) {
    std::istringstream in(o.name_thresholds);
    char comma = 0;
    if (!(in >> ranking.name_thresholds.min_passages >> comma >> ranking.name_thresholds.max_rest_share) ||
        comma != ',' || !in.eof())
      throw po::error("--name-thresholds takes N,SHARE (e.g. 5,0.05), not \"" + o.name_thresholds + "\"");
  }
  ranking.validate();
  spelling.mode = fahras::parse_spelling_mode(o.spelling);
  spelling.switch_off(o.spelling_without);
  wopt.format = fahras::parse_output_format(o.format);
  wopt.bidi = fahras::parse_bidi_mode(o.bidi);
  const bool color = want_color(o.color);  // validates the value whatever the format
  wopt.color = wopt.format == fahras::OutputFormat::kText && color;
  wopt.passage_text = vm.count("passage-text") > 0;
  if (vm.count("filter")) o.fields.filters = vm["filter"].as<std::vector<std::string>>();
  o.fields.sort = fahras::parse_sort(o.sort);
  for (const std::string& f : o.facets) o.fields.facets.push_back(fahras::parse_facet(f));
  o.fields.facet_limit = vm["facet-size"].as<std::size_t>();
  if (o.fields.facet_limit == 0 || o.fields.facet_limit > 100000) throw po::error("--facet-size must be 1..100000");
  o.fields.recency.half_life_days = vm["recency"].as<double>();
  o.fields.recency.weight = vm["recency-weight"].as<double>();
  o.fields.recency.validate();
  o.describe = vm.count("describe") > 0;
  if (batch && vm["format"].defaulted()) wopt.format = fahras::OutputFormat::kTrec;
  if (batch && vm["limit"].defaulted()) o.limit = 100;
  s.all_passages = vm.count("all-passages") > 0;
}

// Runs the search (or --describe) the checked settings ask for; the
// library's errors become one stderr line and the "refused" status.
int search(const Settings& s) {
  const Options& o = s.o;
  const fahras::RankingOptions& ranking = s.ranking;
  const fahras::DatabaseOpenOptions& dbopen = s.dbopen;
  const fahras::WriterOptions& wopt = s.wopt;
  try {
    if (o.describe) {
      fahras::describe_database(std::cout, o.db, fahras::open_search_database(o.db, dbopen).db);
      return fahras::kExitSuccess;
    }
    fahras::Searcher searcher(o.db, ranking, {}, dbopen);
    searcher.set_spelling(s.spelling);
    if (!o.synonyms.empty()) searcher.load_synonyms(o.synonyms);
    fahras::SearchRequest req;
    req.offset = o.offset;
    req.limit = o.limit;
    req.all_passages = s.all_passages;
    req.snippet_bytes = o.snippet_bytes;
    req.context = o.context;
    req.fields = o.fields;
    if (!o.queries_file.empty()) return run_batch(searcher, o, req, wopt);

    req.query = join(o.query_words);
    req.snippets = wopt.format != fahras::OutputFormat::kTrec;
    const fahras::DiacriticFilter filter = diacritic_filter(o, req.query);
    if (!filter.empty()) req.match_decider = &filter;
    auto results = searcher.search(req);
    for (const auto& m : results.missing_shards) std::cerr << "fahras-search: partial answer, left out " << m << '\n';
    fahras::write_results(std::cout, wopt, o.qid, req, results);
    write_facets(std::cout, wopt, results);
    report_on_stderr(wopt, req, results);
    std::cout.flush();
  } catch (const Xapian::Error& e) {
    std::cerr << "fahras-search: " << e.get_description() << '\n';
    return fahras::kExitRefused;
  } catch (const std::exception& e) {  // fahras::Error (query, database, synonyms) and the rest
    std::cerr << "fahras-search: " << e.what() << '\n';
    return fahras::kExitRefused;
  }
  return fahras::kExitSuccess;
}

}  // namespace

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  Settings s;
  const po::options_description visible = visible_options(s);
  po::options_description hidden;
  hidden.add_options()("args", po::value(&s.o.query_words)->composing(), "");
  po::options_description all;
  all.add(visible).add(hidden);
  po::positional_options_description pos;
  pos.add("args", -1);

  try {
    po::variables_map vm;
    po::store(po::command_line_parser(argc, argv).options(all).positional(pos).run(), vm);
    if (vm.count("help")) {
      std::cout << visible << kExamples;
      return fahras::kExitSuccess;
    }
    if (vm.count("version")) {
      std::cout << fahras::version_line("fahras-search") << '\n';
      return fahras::kExitSuccess;
    }
    po::notify(vm);
    check_options(vm, s);
  } catch (const std::exception& e) {  // po::error, UsageError and bad --format/--bidi values
    std::cerr << "fahras-search: " << e.what() << "\n(see fahras-search --help)\n";
    return fahras::kExitUsage;
  }

  // Xapian 1.4.22 can segfault on some damaged database files: say so.
  fahras::install_fault_guard("fahras-search", s.o.db, fahras::kExitRefused);
  // Table blocks read from a mapping, not one system call each (mapped_reads.h),
  // for a batch: one query costs more CPU mapped (docs/performance.md, "Mapped
  // reads"). After the guard, whose SIGBUS handler it chains to.
  fahras::mapped_reads::enable_from_environment(!s.o.queries_file.empty());
  return search(s);
}
