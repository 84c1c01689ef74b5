// fahras-spelling-accuracy: top-1 accuracy of fahras's suggester
// (suggester.h) against Xapian 1.4's spelling API on the same slipped words,
// in one run (docs/searching.md).
//
//   fahras-spelling-accuracy --db FAHRAS_DB --slips SLIPS.tsv --xapian-spelling DIR
//                            [--queries NOISY.tsv --clean-queries CLEAN.tsv]
//
// SLIPS.tsv is what scripts/noisy-queries --slips writes: qid, slip, typed,
// meant. Each typed word (or run-together pair) is given to both:
//  - fahras: Suggester::suggest on the word alone; right when the corrected
//    text, normalised, equals the meant word(s) normalised;
//  - Xapian: Database::get_spelling_suggestion(normalised word, 2) over a
//    spelling table holding every unstemmed word of FAHRAS_DB with its
//    passage frequency (built into DIR when DIR does not exist: Xapian
//    keeps spelling data in the database it searches, and fahras's index
//    has none). Xapian's trigrams are on bytes, two per Arabic letter.
// Also counted: how often each suggests something for the meant (clean)
// word, a false alarm.
//
// With --queries (the slipped questions, qid<TAB>text, as scripts/noisy-queries
// writes them) and --clean-queries (the same qids as written), fahras is
// also judged in its question, as a search sees it: the correction of the
// slipped word within the whole question (the query's other words weigh in,
// SpellingOptions::context), and as a false alarm any correction of the
// meant word within the clean question. Xapian's API takes one word, so it
// has no such column.
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <xapian.h>
#include <boost/program_options.hpp>

#include "fahras/analyzer.h"
#include "fahras/normalizer.h"
#include "fahras/schema.h"
#include "fahras/suggester.h"
#include "fahras/xapian_stem.h"
#include "latency_stats.h"

namespace po = boost::program_options;

namespace {

struct Tally {
  std::size_t n = 0, right = 0, none = 0, false_alarms = 0;
};

// qid -> text of a qid<TAB>text file, read as the latency tools read theirs.
std::map<std::string, std::string> questions_by_qid(const std::string& path) {
  std::map<std::string, std::string> out;
  for (auto& q : fahras::bench::read_queries(path, "fahras-spelling-accuracy")) out[q.qid] = std::move(q.text);
  return out;
}

// The correction the suggestion makes to `word` (normalised), if any: the
// normalised suggested text, or "" when the word is left as typed.
std::string correction_of(const fahras::Suggestion& s, const std::string& word) {
  for (const fahras::WordCorrection& c : s.words)
    if (fahras::normalize(c.typed) == word) return fahras::normalize(c.suggested);
  return "";
}

std::string pct(std::size_t a, std::size_t b) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", b ? 100.0 * static_cast<double>(a) / static_cast<double>(b) : 0.0);
  return buf;
}

void build_spelling(const Xapian::Database& from, const std::string& dir) {
  Xapian::WritableDatabase out(dir, Xapian::DB_CREATE);
  std::size_t words = 0;
  // Unprefixed terms are fahras's exact forms; prefixes are capital ASCII.
  for (auto it = from.allterms_begin(); it != from.allterms_end(); ++it) {
    const std::string& t = *it;
    if (t.empty() || (t[0] >= 'A' && t[0] <= 'Z')) continue;
    out.add_spelling(t, it.get_termfreq());
    if (++words % 200000 == 0) out.commit();
  }
  out.commit();
  std::cerr << "fahras-spelling-accuracy: " << words << " words in Xapian's spelling table at " << dir << '\n';
}

}  // namespace

int main(int argc, char** argv) {
  std::string db_path, slips_path, xapian_dir, queries_path, clean_path;
  po::options_description opts(
      "Usage: fahras-spelling-accuracy --db DB --slips SLIPS.tsv --xapian-spelling DIR\n"
      "Top-1 accuracy of fahras's suggestions and of Xapian's spelling API on the same\n"
      "slipped words (scripts/noisy-queries --slips). Exit status: 0, 1 on bad input, 2 bad usage.\n"
      "\nOptions");
  opts.add_options()("help,h", "show this help")("db", po::value(&db_path)->required(), "fahras database")(
      "slips", po::value(&slips_path)->required(), "qid<TAB>slip<TAB>typed<TAB>meant")(
      "xapian-spelling", po::value(&xapian_dir), "Xapian spelling database (built if absent; without it, fahras only)")(
      "queries", po::value(&queries_path), "the slipped questions (qid<TAB>text): fahras also judged in its question")(
      "clean-queries", po::value(&clean_path), "the questions as written, same qids (false alarms in the question)")(
      "each",
      "print every word: slip, typed, meant, fahras's and Xapian's suggestions, and the typed\n"
      "word's stem and exact frequencies and the meant word's");
  fahras::SpellingOptions options;
  opts.add_options()("rare", po::value(&options.rare_passages)->default_value(options.rare_passages),
                     "SpellingOptions::rare_passages")(
      "ratio", po::value(&options.min_ratio)->default_value(options.min_ratio), "SpellingOptions::min_ratio")(
      "cost-weight", po::value(&options.cost_weight)->default_value(options.cost_weight),
      "SpellingOptions::cost_weight")("spelling-without", po::value<std::string>(),
                                      "parts switched off, as fahras-search --spelling-without takes them");
  po::variables_map vm;
  try {
    po::store(po::parse_command_line(argc, argv, opts), vm);
    if (vm.count("help")) {
      std::cout << opts << '\n';
      return EXIT_SUCCESS;
    }
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "fahras-spelling-accuracy: " << e.what() << '\n';
    return 2;
  }
  try {
    Xapian::Database db(db_path);
    const fahras::StemmerKind kind =
        fahras::parse_stemmer_kind(db.get_metadata(std::string(fahras::schema::kMetaStemmer)));
    std::unique_ptr<fahras::SnowballWordStemmer> snowball;
    if (kind == fahras::StemmerKind::kSnowball) snowball = std::make_unique<fahras::SnowballWordStemmer>();
    fahras::Analyzer analyzer(kind, snowball.get());
    if (vm.count("spelling-without")) options.switch_off(vm["spelling-without"].as<std::string>());
    options.mode = fahras::SpellingMode::kSuggest;
    fahras::Suggester suggester(db, analyzer, options);

    const bool with_xapian = !xapian_dir.empty();
    if (with_xapian && !std::filesystem::exists(xapian_dir)) build_spelling(db, xapian_dir);
    Xapian::Database spelling;
    if (with_xapian) spelling = Xapian::Database(xapian_dir);

    std::ifstream in(slips_path);
    if (!in) throw std::runtime_error("cannot open " + slips_path);
    const bool in_context = !queries_path.empty();
    if (in_context && clean_path.empty()) throw std::runtime_error("--queries needs --clean-queries");
    const auto noisy_questions = in_context ? questions_by_qid(queries_path) : std::map<std::string, std::string>{};
    const auto clean_questions = in_context ? questions_by_qid(clean_path) : std::map<std::string, std::string>{};
    std::map<std::string, Tally> fahras_by, xapian_by, context_by;
    double fahras_s = 0, xapian_s = 0;
    std::string line;
    std::size_t line_no = 0;
    using Clock = std::chrono::steady_clock;
    while (std::getline(in, line)) {
      ++line_no;
      std::istringstream fields(line);
      std::string qid, slip, typed, meant;
      if (!std::getline(fields, qid, '\t') || !std::getline(fields, slip, '\t') || !std::getline(fields, typed, '\t') ||
          !std::getline(fields, meant))
        throw std::runtime_error(slips_path + " line " + std::to_string(line_no) + ": expected 4 tab-separated fields");
      const std::string want = fahras::normalize(meant);
      for (const std::string& key : {slip, std::string("all")}) {
        ++fahras_by[key].n;
        ++xapian_by[key].n;
      }
      auto t0 = Clock::now();
      const fahras::Suggestion s = suggester.suggest(typed);
      const fahras::Suggestion on_meant = suggester.suggest(meant);
      const bool alarm = !on_meant.empty();
      auto t1 = Clock::now();
      const std::string x = with_xapian ? spelling.get_spelling_suggestion(fahras::normalize(typed), 2) : "";
      const bool x_alarm =
          with_xapian && want.find(' ') == std::string::npos && !spelling.get_spelling_suggestion(want, 2).empty();
      auto t2 = Clock::now();
      if (vm.count("each")) {
        const std::string tn = fahras::normalize(typed);
        std::cout << slip << '\t' << typed << '\t' << meant << '\t' << s.corrected << '\t' << x << '\t'
                  << db.get_termfreq(std::string(fahras::schema::kStemPrefix) + std::string(analyzer.stem(tn))) << '\t'
                  << db.get_termfreq(tn) << '\t' << db.get_termfreq(want) << '\t' << on_meant.corrected << '\n';
      }
      if (in_context) {
        const auto noisy = noisy_questions.find(qid);
        const auto clean = clean_questions.find(qid);
        if (noisy == noisy_questions.end() || clean == clean_questions.end())
          throw std::runtime_error(slips_path + " line " + std::to_string(line_no) + ": qid " + qid +
                                   " is not in --queries and --clean-queries");
        const std::string got = correction_of(suggester.suggest(noisy->second), fahras::normalize(typed));
        const bool q_alarm =
            want.find(' ') == std::string::npos && !correction_of(suggester.suggest(clean->second), want).empty();
        for (const std::string& key : {slip, std::string("all")}) {
          Tally& c = context_by[key];
          ++c.n;
          if (got.empty()) ++c.none;
          else if (got == want) ++c.right;
          c.false_alarms += q_alarm;
        }
      }
      fahras_s += std::chrono::duration<double>(t1 - t0).count();
      xapian_s += std::chrono::duration<double>(t2 - t1).count();
      for (const std::string& key : {slip, std::string("all")}) {
        Tally& f = fahras_by[key];
        if (s.empty()) ++f.none;
        else if (fahras::normalize(s.corrected) == want) ++f.right;
        f.false_alarms += alarm;
        Tally& xt = xapian_by[key];
        if (x.empty()) ++xt.none;
        else if (x == want) ++xt.right;
        xt.false_alarms += x_alarm;
      }
    }
    std::cout << "| slip | words | fahras top-1 | fahras none | Xapian top-1 | Xapian none | false alarms on the meant "
                 "word (fahras / Xapian) |\n"
                 "|---|---|---|---|---|---|---|\n";
    for (const auto& [key, f] : fahras_by) {
      const Tally& x = xapian_by[key];
      std::cout << "| " << key << " | " << f.n << " | " << pct(f.right, f.n) << " | " << pct(f.none, f.n) << " | "
                << pct(x.right, x.n) << " | " << pct(x.none, x.n) << " | " << pct(f.false_alarms, f.n) << " / "
                << pct(x.false_alarms, x.n) << " |\n";
    }
    if (in_context) {
      std::cout << "\nfahras in its question (the slipped question and the clean one, whole):\n\n"
                   "| slip | words | top-1 | none | false alarms on the meant word |\n|---|---|---|---|---|\n";
      for (const auto& [key, c] : context_by)
        std::cout << "| " << key << " | " << c.n << " | " << pct(c.right, c.n) << " | " << pct(c.none, c.n) << " | "
                  << pct(c.false_alarms, c.n) << " |\n";
    }
    std::cout << "\nseconds for both lookups of every word: fahras " << fahras_s << ", Xapian " << xapian_s << '\n';
  } catch (const Xapian::Error& e) {
    std::cerr << "fahras-spelling-accuracy: " << e.get_description() << '\n';
    return EXIT_FAILURE;
  } catch (const std::exception& e) {
    std::cerr << "fahras-spelling-accuracy: " << e.what() << '\n';
    return EXIT_FAILURE;
  }
  return EXIT_SUCCESS;
}
