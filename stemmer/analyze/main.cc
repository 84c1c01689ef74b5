// fahras-analyze: shows what the analysis chain makes of a text, one line per
// token (like Elasticsearch's _analyze), or stems a list of words.
#include <cstdio>
#include <exception>
#include <iostream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include <boost/program_options.hpp>

#include "fahras/analyzer.h"
#include "fahras/cli_version.h"
#include "fahras/exit_status.h"
#include "fahras/normalizer.h"
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

Exit status: 0 success, 1 error (e.g. unreadable input), 2 bad usage.

Options)";

// JSON string literal for `s`; invalid UTF-8 becomes U+FFFD so the output is
// always valid JSON.
void append_json_string(std::string& out, std::string_view s) {
  out += '"';
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
          if (c < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            out += buf;
          } else {
            out += static_cast<char>(c);
          }
      }
      ++i;
      continue;
    }
    std::size_t len = 0;
    std::uint32_t min = 0;
    if (c >= 0xC2 && c <= 0xDF) len = 2, min = 0x80;
    else if (c >= 0xE0 && c <= 0xEF) len = 3, min = 0x800;
    else if (c >= 0xF0 && c <= 0xF4) len = 4, min = 0x10000;
    bool ok = len != 0 && i + len <= s.size();
    std::uint32_t cp = len == 2 ? c & 0x1Fu : len == 3 ? c & 0x0Fu : c & 0x07u;
    for (std::size_t k = 1; ok && k < len; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0u) != 0x80u) ok = false;
      cp = (cp << 6) | (cc & 0x3Fu);
    }
    if (ok && (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))) ok = false;
    if (ok) {
      out.append(s.data() + i, len);
      i += len;
    } else {
      out += "\\ufffd";
      ++i;
    }
  }
  out += '"';
}

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

void analyze_text(fahras::Analyzer& analyzer, const std::string& text, bool json) {
  std::string out;
  if (!json) out = "#token\tbegin\tend\tposition\tnorm\tstem\tstopword\tscript\n";
  analyzer.analyze(text, [&](const fahras::AnalyzedToken& t) {
    const std::string_view original(text.data() + t.begin, t.end - t.begin);
    if (json) {
      out += "{\"token\":";
      append_json_string(out, original);
      out += ",\"start_offset\":" + std::to_string(t.begin);
      out += ",\"end_offset\":" + std::to_string(t.end);
      out += ",\"position\":" + std::to_string(t.position);
      out += ",\"norm\":";
      append_json_string(out, t.norm);
      out += ",\"stem\":";
      append_json_string(out, t.stem);
      out += t.stopword ? ",\"stopword\":true" : ",\"stopword\":false";
      out += ",\"script\":\"";
      out += script_name(t.script);
      out += "\"}\n";
    } else {
      out.append(original);
      out += '\t' + std::to_string(t.begin) + '\t' + std::to_string(t.end) + '\t' +
             std::to_string(t.position) + '\t';
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
    opts.add_options()
        ("help,h", "show this help")
        ("version", "show the version and the analysis configuration string, and exit")
        ("format", po::value(&format)->default_value("tsv"), "output format: tsv or json (JSON Lines)")
        ("stemmer", po::value(&stemmer_name)->default_value("fahras"), "fahras, snowball or none")
        ("stem-words", "read one word per line from standard input; print one stem per line");
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
    fahras::StemmerKind kind;
    try {
      kind = fahras::parse_stemmer_kind(stemmer_name);
    } catch (const std::invalid_argument&) {
      std::cerr << "fahras-analyze: --stemmer must be fahras, snowball or none, not '" << stemmer_name
                << "'\n";
      return fahras::kExitUsage;
    }

    std::unique_ptr<fahras::SnowballWordStemmer> snowball;
    if (kind == fahras::StemmerKind::kSnowball) snowball = std::make_unique<fahras::SnowballWordStemmer>();
    fahras::Analyzer analyzer(kind, snowball.get());

    if (vm.count("version")) {
      std::cout << fahras::version_line("fahras-analyze") << "\nanalyzer " << analyzer.config_string()
                << '\n';
      return fahras::kExitSuccess;
    }
    if (vm.count("stem-words")) {
      if (vm.count("text")) {
        std::cerr << "fahras-analyze: --stem-words reads standard input and takes no text arguments\n";
        return fahras::kExitUsage;
      }
      stem_words(analyzer);
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
