// fahras-analyze: shows what the analysis chain makes of a text, one line per
// token (like Elasticsearch's _analyze), or stems a list of words.
#include <cstdint>
#include <cstdio>
#include <exception>
#include <iostream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include <boost/program_options.hpp>
#include <nlohmann/json.hpp>

#include "fahras/analyzer.h"
#include "fahras/cli_version.h"
#include "fahras/exit_status.h"
#include "fahras/names.h"
#include "fahras/normalizer.h"
#include "fahras/root.h"
#include "fahras/schema.h"
#include "fahras/xapian_stem.h"

namespace po = boost::program_options;

namespace {

constexpr const char* kUsage = R"(Usage: fahras-analyze [options] [text...]

Analyses TEXT (the arguments joined by spaces, or standard input when there
are none) and prints one line per token: the original text, its byte offsets
in the input, its word position, the normalised form, the stem, and whether
it is a stop word.

Examples:
  fahras-analyze 'والمدرسة الجديدة'
  echo 'سيكتبون الرسائل' | fahras-analyze --format json
  fahras-analyze --stemmer snowball 'المكتبات'
  printf 'الكتاب\nوالمدارس\n' | fahras-analyze --stem-words
  printf 'يعلمون\nالعلماء\nقل\n' | fahras-analyze --root-words
  printf 'بوتين\nبمجلس\n' | fahras-analyze --db news.db --stem-words

Exit status: 0 success, 1 error (e.g. unreadable input), 2 bad usage.

Options)";

std::string_view script_name(fahras::TokenScript s) {
  switch (s) {
    case fahras::TokenScript::kArabic: return "arabic";
    case fahras::TokenScript::kLatin: return "latin";
    case fahras::TokenScript::kNumber: return "number";
    case fahras::TokenScript::kOther: return "other";
  }
  return "other";
}

// --stem-words: one word per line in, exactly one stem per line out.
void stem_words(fahras::Analyzer& analyzer) {
  std::string line, norm, out;
  while (std::getline(std::cin, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    norm.clear();
    fahras::normalize_append(line, norm);
    out.assign(analyzer.stem(norm));
    out += '\n';
    std::fwrite(out.data(), 1, out.size(), stdout);
  }
  if (std::cin.bad()) throw std::runtime_error("cannot read standard input");
}

// --stem-words --db DB: what fahras-search searches each word by in DB: a
// word the database's statistics show to be a name (names.h), or a clitic
// form of one, as that name (بوتين, لبوتين -> بوتين); any other word as
// its stem. So stem measures (scripts/eval-stem --db) see the search.
void search_words(fahras::Analyzer& analyzer, const Xapian::Database& db) {
  auto passages = [&](std::string_view f) -> std::uint64_t { return db.get_termfreq(std::string(f)); };
  auto stem = [&](std::string_view w) { return std::string(analyzer.stem(w)); };
  std::string line, norm, out;
  while (std::getline(std::cin, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    norm.clear();
    fahras::normalize_append(line, norm);
    const auto name = fahras::names::find(norm, stem, passages);
    out.assign(name ? std::string_view(name->name) : analyzer.stem(norm));
    out += '\n';
    std::fwrite(out.data(), 1, out.size(), stdout);
  }
  if (std::cin.bad()) throw std::runtime_error("cannot read standard input");
}

// --root-words: one word per line in, exactly one root per line out; an
// empty line for a word without a root (a particle, a pronoun, a name, or a
// word no pattern explains).
void root_words() {
  const fahras::RootAnalyzer roots;
  std::string line, norm, out;
  while (std::getline(std::cin, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    norm.clear();
    fahras::normalize_append(line, norm);
    out.assign(roots.root(norm).view());
    out += '\n';
    std::fwrite(out.data(), 1, out.size(), stdout);
  }
  if (std::cin.bad()) throw std::runtime_error("cannot read standard input");
}

void analyze_text(fahras::Analyzer& analyzer, const std::string& text, bool json) {
  std::string out;
  if (!json) out = "#token\tbegin\tend\tposition\tnorm\tstem\tstopword\tscript\n";
  analyzer.analyze(text, [&](const fahras::AnalyzedToken& t) {
    const std::string_view original(text.data() + t.begin, t.end - t.begin);
    if (json) {
      // Invalid UTF-8 (a token cut from bad input) becomes U+FFFD, so each
      // line is always valid JSON.
      const nlohmann::ordered_json line = {
          {"token", original}, {"start_offset", t.begin}, {"end_offset", t.end},    {"position", t.position},
          {"norm", t.norm},    {"stem", t.stem},          {"stopword", t.stopword}, {"script", script_name(t.script)}};
      out += line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
      out += '\n';
    } else {
      out.append(original);
      out += '\t' + std::to_string(t.begin) + '\t' + std::to_string(t.end) + '\t' + std::to_string(t.position) + '\t';
      out.append(t.norm);
      out += '\t';
      out.append(t.stem);
      out += t.stopword ? "\t1\t" : "\t0\t";
      out += script_name(t.script);
      out += '\n';
    }
  });
  std::fwrite(out.data(), 1, out.size(), stdout);
}

}  // namespace

int main(int argc, char** argv) {
  try {
    std::string format = "tsv";
    std::string stemmer_name = "fahras";
    po::options_description opts(kUsage);
    // clang-format off
    opts.add_options()
        ("help,h", "show this help")
        ("version", "show the version and the analysis configuration string, and exit")
        ("format", po::value(&format)->default_value("tsv"), "output format: tsv or json (JSON Lines)")
        ("stemmer", po::value(&stemmer_name)->default_value("fahras"), "fahras, snowball or none")
        ("stem-words", "read one word per line from standard input; print one stem per line")
        ("db", po::value<std::string>()->value_name("DB"),
         "with --stem-words: print what fahras-search searches each word by in database DB: a\n"
         "name by the database's statistics (بوتين, لبوتين -> بوتين) as the name, any other word\n"
         "as its stem (the database's stemmer)")
        ("root-words", "read one word per line from standard input; print one root per line (an empty "
                       "line when the word has none: particles, pronouns, names)");
    // clang-format on
    po::options_description hidden;
    hidden.add_options()("text", po::value<std::vector<std::string>>(), "text");
    po::options_description all;
    all.add(opts).add(hidden);
    po::positional_options_description pos;
    pos.add("text", -1);

    po::variables_map vm;
    try {
      po::store(po::command_line_parser(argc, argv).options(all).positional(pos).run(), vm);
      po::notify(vm);
    } catch (const po::error& e) {
      std::cerr << "fahras-analyze: " << e.what() << " (see --help)\n";
      return fahras::kExitUsage;
    }
    if (vm.count("help")) {
      std::cout << opts << '\n';
      return fahras::kExitSuccess;
    }
    if (format != "tsv" && format != "json") {
      std::cerr << "fahras-analyze: --format must be tsv or json, not '" << format << "'\n";
      return fahras::kExitUsage;
    }
    Xapian::Database db;
    if (vm.count("db")) {
      if (!vm.count("stem-words")) {
        std::cerr << "fahras-analyze: --db works with --stem-words only\n";
        return fahras::kExitUsage;
      }
      const std::string path = vm["db"].as<std::string>();
      try {
        db = Xapian::Database(path);
      } catch (const Xapian::Error& e) {
        std::cerr << "fahras-analyze: cannot open database " << path << ": " << e.get_description() << '\n';
        return fahras::kExitRefused;
      }
      // The database's stemmer is the one its queries are stemmed with.
      const std::string recorded = db.get_metadata(std::string(fahras::schema::kMetaStemmer));
      if (recorded.empty()) {
        std::cerr << "fahras-analyze: " << path << " is not a fahras database (no " << fahras::schema::kMetaStemmer
                  << " metadata)\n";
        return fahras::kExitRefused;
      }
      if (!vm["stemmer"].defaulted() && recorded != stemmer_name) {
        std::cerr << "fahras-analyze: --stemmer " << stemmer_name << " but " << path << " was built with " << recorded
                  << '\n';
        return fahras::kExitUsage;
      }
      stemmer_name = recorded;
    }
    fahras::StemmerKind kind;
    try {
      kind = fahras::parse_stemmer_kind(stemmer_name);
    } catch (const std::invalid_argument&) {
      std::cerr << "fahras-analyze: --stemmer must be fahras, snowball or none, not '" << stemmer_name << "'\n";
      return fahras::kExitUsage;
    }

    std::unique_ptr<fahras::SnowballWordStemmer> snowball;
    if (kind == fahras::StemmerKind::kSnowball) snowball = std::make_unique<fahras::SnowballWordStemmer>();
    fahras::Analyzer analyzer(kind, snowball.get());

    if (vm.count("version")) {
      std::cout << fahras::version_line("fahras-analyze") << "\nanalyzer " << analyzer.config_string() << '\n';
      return fahras::kExitSuccess;
    }
    if (vm.count("stem-words") && vm.count("root-words")) {
      std::cerr << "fahras-analyze: --stem-words and --root-words cannot be combined\n";
      return fahras::kExitUsage;
    }
    if (vm.count("root-words")) {
      if (vm.count("text")) {
        std::cerr << "fahras-analyze: --root-words reads standard input and takes no text arguments\n";
        return fahras::kExitUsage;
      }
      root_words();
      return std::fflush(stdout) == 0 ? fahras::kExitSuccess : fahras::kExitRefused;
    }
    if (vm.count("stem-words")) {
      if (vm.count("text")) {
        std::cerr << "fahras-analyze: --stem-words reads standard input and takes no text arguments\n";
        return fahras::kExitUsage;
      }
      if (vm.count("db")) search_words(analyzer, db);
      else stem_words(analyzer);
      return std::fflush(stdout) == 0 ? fahras::kExitSuccess : fahras::kExitRefused;
    }

    std::string text;
    if (vm.count("text")) {
      const auto& parts = vm["text"].as<std::vector<std::string>>();
      for (std::size_t i = 0; i < parts.size(); ++i) {
        if (i) text += ' ';
        text += parts[i];
      }
    } else {
      text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
      if (std::cin.bad()) throw std::runtime_error("cannot read standard input");
    }
    analyze_text(analyzer, text, format == "json");
    return std::fflush(stdout) == 0 ? fahras::kExitSuccess : fahras::kExitRefused;
  } catch (const std::exception& e) {
    std::cerr << "fahras-analyze: error: " << e.what() << '\n';
    return fahras::kExitRefused;
  }
}
