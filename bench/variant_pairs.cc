// fahras-variant-pairs: the spelling-variant pairs (variants.h) a corpus
// actually holds, with their counts, their recall, and whether the spelling
// typed still ranks first (docs/searching.md, "Spelling variants").
//
//   fahras-variant-pairs --db DB [--min-docs 5] [--top 40]
//
// DB is a fahras database (e.g. of SaudiNewsNet). Every exact form (the
// database's unstemmed vocabulary) in at least --min-docs documents is given
// to variants::generate with the searcher's guard; a variant in at least
// --min-docs documents too makes a pair. For the --top pairs (by the rarer
// form's documents), each form is searched (fahras::Searcher, spelling off)
// with variants off and on:
//  - recall: the share of the documents holding either spelling that the
//    search finds;
//  - first: whether the best hit holds the spelling typed (its stem: any
//    form of the word as typed, not only of a variant), in its title or text.
// Output: one TSV line per pair, then totals.
#include <cstdio>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <xapian.h>
#include <boost/program_options.hpp>

#include "fahras/analyzer.h"
#include "fahras/schema.h"
#include "fahras/searcher.h"
#include "fahras/variants.h"

namespace po = boost::program_options;

namespace {

// Documents (source ids) whose passages hold the exact form `word`.
std::set<std::string> documents_with(const Xapian::Database& db, const std::string& word) {
  std::set<std::string> out;
  for (auto it = db.postlist_begin(word); it != db.postlist_end(word); ++it)
    out.insert(db.get_document(*it).get_value(fahras::schema::kSlotDocId));
  return out;
}

struct Found {
  std::set<std::string> docs;
  bool first_exact = false;  // the best hit's passage holds the typed word's stem
};

Found search(fahras::Searcher& searcher, fahras::Analyzer& analyzer, const std::string& word) {
  const std::string stem(analyzer.stem(word));
  fahras::SearchRequest req;
  req.query = word;
  req.limit = 100000;
  req.snippet_bytes = 16;
  Found out;
  fahras::SearchResults r;
  try {
    r = searcher.search(req);
  } catch (const fahras::QueryError&) {
    return out;  // a stop word (وجميع): never searched
  }
  for (const auto& hit : r.hits) out.docs.insert(hit.passage.doc_id);
  // The title counts: it is indexed with the passage (schema::title_joins_body).
  if (!r.hits.empty())
    for (const std::string* text : {&r.hits.front().passage.title, &r.hits.front().passage.text})
      analyzer.analyze(*text,
                       [&](const fahras::AnalyzedToken& t) { out.first_exact = out.first_exact || t.stem == stem; });
  return out;
}

std::string share(std::size_t a, std::size_t b) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.3f", b ? static_cast<double>(a) / static_cast<double>(b) : 0.0);
  return buf;
}

std::size_t found_of(const std::set<std::string>& found, const std::set<std::string>& wanted) {
  std::size_t n = 0;
  for (const auto& d : wanted) n += found.count(d);
  return n;
}

}  // namespace

int main(int argc, char** argv) {
  std::string db_path;
  Xapian::doccount min_docs = 5;
  std::size_t top = 40;
  double variant_weight = fahras::RankingOptions{}.variant_weight;
  po::options_description opts("fahras-variant-pairs --db DB [options]");
  opts.add_options()("help,h", "show this help")("db", po::value(&db_path)->required(), "fahras database")(
      "min-docs", po::value(&min_docs)->default_value(min_docs), "documents each form of a pair must be in")(
      "top", po::value(&top)->default_value(top), "pairs to search (recall and ranking), rarer form's count first")(
      "variant-weight", po::value(&variant_weight)->default_value(variant_weight), "RankingOptions::variant_weight");
  po::variables_map vm;
  try {
    po::store(po::parse_command_line(argc, argv, opts), vm);
    if (vm.count("help")) {
      std::cout << opts;
      return 0;
    }
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "fahras-variant-pairs: " << e.what() << '\n';
    return 2;
  }
  try {
    Xapian::Database db(db_path);
    fahras::Analyzer analyzer;
    auto ordinary = [&](std::string_view w) {
      return fahras::variants::is_ordinary_arabic(
          w, analyzer.stem(w), [&](std::string_view f) -> std::uint64_t { return db.get_termfreq(std::string(f)); });
    };
    // Passages are a lower bound of documents: forms in fewer passages are skipped unread.
    std::map<std::string, std::size_t> docs;  // form -> documents, cached
    auto doc_count = [&](const std::string& w) {
      auto [at, added] = docs.try_emplace(w, 0);
      if (added) at->second = documents_with(db, w).size();
      return at->second;
    };
    struct Pair {
      std::string a, b;
      std::string rule;
      std::size_t da, db;
    };
    std::vector<Pair> pairs;
    std::set<std::pair<std::string, std::string>> seen;
    for (auto it = db.allterms_begin(); it != db.allterms_end(); ++it) {
      const std::string& t = *it;
      if (t.empty() || (t[0] >= 'A' && t[0] <= 'Z') || it.get_termfreq() < min_docs) continue;
      for (const auto& v : fahras::variants::generate(t, ordinary)) {
        if (v.word.find(' ') != std::string::npos || db.get_termfreq(v.word) < min_docs) continue;
        const auto key = t < v.word ? std::pair{t, v.word} : std::pair{v.word, t};
        if (!seen.insert(key).second) continue;
        const std::size_t da = doc_count(t), dv = doc_count(v.word);
        if (da < min_docs || dv < min_docs) continue;
        pairs.push_back({da >= dv ? t : v.word, da >= dv ? v.word : t, std::string(fahras::variants::to_string(v.rule)),
                         std::max(da, dv), std::min(da, dv)});
      }
    }
    std::sort(pairs.begin(), pairs.end(),
              [](const Pair& x, const Pair& y) { return x.db != y.db ? x.db > y.db : x.a < y.a; });
    std::cout << "# " << pairs.size() << " pairs, each form in at least " << min_docs << " documents\n";
    std::cout << "form_a\tform_b\trule\tdocs_a\tdocs_b\tdocs_either\trecall_a_off\trecall_a_on\trecall_b_off\t"
                 "recall_b_on\tfirst_a\tfirst_b\n";
    fahras::RankingOptions off_ranking;
    off_ranking.variants = false;
    fahras::RankingOptions on_ranking;
    on_ranking.variant_weight = variant_weight;
    fahras::Searcher on(db_path, on_ranking), off(db_path, off_ranking);
    on.set_spelling({fahras::SpellingMode::kOff});
    off.set_spelling({fahras::SpellingMode::kOff});
    std::size_t searched = 0, first = 0, either_total = 0, found_off = 0, found_on = 0;
    for (std::size_t i = 0; i < pairs.size(); ++i) {
      const Pair& p = pairs[i];
      std::cout << p.a << '\t' << p.b << '\t' << p.rule << '\t' << p.da << '\t' << p.db;
      if (i >= top) {
        std::cout << '\n';
        continue;
      }
      std::set<std::string> either = documents_with(db, p.a);
      for (const auto& d : documents_with(db, p.b)) either.insert(d);
      std::cout << '\t' << either.size();
      bool firsts[2] = {false, false};
      int k = 0;
      for (const std::string& w : {p.a, p.b}) {
        const Found f_off = search(off, analyzer, w), f_on = search(on, analyzer, w);
        const std::size_t n_off = found_of(f_off.docs, either), n_on = found_of(f_on.docs, either);
        std::cout << '\t' << share(n_off, either.size()) << '\t' << share(n_on, either.size());
        firsts[k++] = f_on.first_exact;
        ++searched;
        first += f_on.first_exact;
        either_total += either.size();
        found_off += n_off;
        found_on += n_on;
      }
      std::cout << '\t' << (firsts[0] ? "yes" : "no") << '\t' << (firsts[1] ? "yes" : "no") << '\n';
    }
    std::cout << "# searched " << searched << " forms: recall of either spelling " << share(found_off, either_total)
              << " with variants off, " << share(found_on, either_total)
              << " on; the best hit holds the form typed for " << first << " of " << searched << "\n";
  } catch (const std::exception& e) {
    std::cerr << "fahras-variant-pairs: " << e.what() << '\n';
    return 1;
  } catch (const Xapian::Error& e) {
    std::cerr << "fahras-variant-pairs: " << e.get_description() << '\n';
    return 1;
  }
  return 0;
}
