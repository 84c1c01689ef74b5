// fahras-collisions: which stems unite the most distinct surface forms in a
// built database. Over-stemming shows up here first: a stem that merges
// unrelated words (العالم with العالمية, a name with a noun) sits near the top.
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <xapian.h>
#include <boost/program_options.hpp>

#include "fahras/analyzer.h"
#include "fahras/cli_version.h"
#include "fahras/exit_status.h"
#include "fahras/root.h"
#include "fahras/schema.h"
#include "fahras/xapian_stem.h"

namespace po = boost::program_options;

namespace {

struct Form {
  std::string word;
  Xapian::doccount passages;
};

// Exact body terms are the unprefixed ones: Xapian prefixes start with an
// ASCII capital letter, and normalised words never do (case-folded).
bool is_exact_body_term(const std::string& t) {
  static_assert(fahras::schema::kExactPrefix.empty(), "exact terms are unprefixed");
  return !t.empty() && !(t[0] >= 'A' && t[0] <= 'Z');
}

int run(int argc, char** argv) {
  std::string db_path;
  std::size_t top = 30, forms_shown = 12;
  Xapian::doccount min_passages = 2;
  po::options_description opts(
      "Usage: fahras-collisions --db DIR [options]\n\n"
      "Lists the stems (or, with --roots, the roots) that unite the most distinct surface\n"
      "forms in a fahras database, each with its forms and the number of passages they\n"
      "occur in, most forms first. With --roots, forms without a root are left out, and\n"
      "each root also shows how many light-stemmer stems it unites.\n\n"
      "Examples:\n"
      "  fahras-collisions --db sn.db --top 50\n"
      "  fahras-collisions --db news.db --top 10 --forms 5 --min-passages 1\n"
      "  fahras-collisions --db news.db --roots --top 30\n\n"
      "Exit status: 0 success, 1 the database cannot be read or is not a fahras database,\n"
      "2 bad usage.\n\nOptions");
  // clang-format off
  opts.add_options()
    ("help,h", "show this help")
    ("version", "show the version and exit")
    ("db,d", po::value(&db_path)->value_name("DIR"), "the database")
    ("top,n", po::value(&top)->default_value(top), "stems to list")
    ("forms", po::value(&forms_shown)->default_value(forms_shown), "forms to show per stem")
    ("min-passages", po::value(&min_passages)->default_value(min_passages),
     "ignore forms found in fewer passages (typos, junk)")
    ("roots", "group forms by their root (the root analyser) instead of their stem");
  // clang-format on
  po::variables_map vm;
  po::store(po::parse_command_line(argc, argv, opts), vm);
  if (vm.count("help")) {
    std::cout << opts << '\n';
    return fahras::kExitSuccess;
  }
  if (vm.count("version")) {
    std::cout << fahras::version_line("fahras-collisions") << '\n';
    return fahras::kExitSuccess;
  }
  po::notify(vm);
  if (db_path.empty()) throw po::error("--db is required");

  Xapian::Database db(db_path);
  const std::string stemmer_name = db.get_metadata(std::string(fahras::schema::kMetaStemmer));
  if (stemmer_name.empty()) throw std::runtime_error(db_path + " is not a fahras database");
  const fahras::StemmerKind kind = fahras::parse_stemmer_kind(stemmer_name);
  fahras::SnowballWordStemmer snowball;
  fahras::Analyzer analyzer(kind, kind == fahras::StemmerKind::kSnowball ? &snowball : nullptr);
  if (analyzer.config_string() != db.get_metadata(std::string(fahras::schema::kMetaAnalyzer)))
    throw std::runtime_error(db_path + " was built with another analyzer (" +
                             db.get_metadata(std::string(fahras::schema::kMetaAnalyzer)) + ")");

  const bool roots = vm.count("roots") != 0;
  const fahras::RootAnalyzer root_analyzer;
  std::map<std::string, std::vector<Form>> by_stem;
  std::map<std::string, std::map<std::string, int>> stems_of_root;  // --roots: the stem classes a root unites
  std::size_t forms_total = 0, forms_rooted = 0;
  for (auto it = db.allterms_begin(); it != db.allterms_end(); ++it) {
    const std::string term = *it;
    if (!is_exact_body_term(term) || it.get_termfreq() < min_passages) continue;
    if (!roots) {
      by_stem[std::string(analyzer.stem(term))].push_back({term, it.get_termfreq()});
      continue;
    }
    ++forms_total;
    const fahras::Root r = root_analyzer.root(term);
    if (r.empty()) continue;
    ++forms_rooted;
    by_stem[std::string(r.view())].push_back({term, it.get_termfreq()});
    stems_of_root[std::string(r.view())][std::string(analyzer.stem(term))] = 1;
  }
  if (roots)
    std::cout << "# " << forms_rooted << " of " << forms_total << " forms have a root, in " << by_stem.size()
              << " roots\n";
  std::vector<std::pair<std::string, std::vector<Form>>> ranked(by_stem.begin(), by_stem.end());
  std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    return a.second.size() != b.second.size() ? a.second.size() > b.second.size() : a.first < b.first;
  });
  if (ranked.size() > top) ranked.resize(top);
  for (auto& [stem, forms] : ranked) {
    std::sort(forms.begin(), forms.end(), [](const Form& a, const Form& b) { return a.passages > b.passages; });
    std::cout << stem << '\t' << forms.size() << " forms";
    if (roots) std::cout << ", " << stems_of_root[stem].size() << " stems";
    std::cout << '\t';
    for (std::size_t i = 0; i < forms.size() && i < forms_shown; ++i)
      std::cout << (i ? " " : "") << forms[i].word << ':' << forms[i].passages;
    if (forms.size() > forms_shown) std::cout << " …";
    std::cout << '\n';
  }
  return fahras::kExitSuccess;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const po::error& e) {
    std::cerr << "fahras-collisions: " << e.what() << " (see --help)\n";
    return fahras::kExitUsage;
  } catch (const Xapian::Error& e) {
    std::cerr << "fahras-collisions: " << e.get_description() << '\n';
    return fahras::kExitRefused;
  } catch (const std::exception& e) {
    std::cerr << "fahras-collisions: " << e.what() << '\n';
    return fahras::kExitRefused;
  }
}
