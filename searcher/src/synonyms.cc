#include <algorithm>
#include <fstream>
#include <string>

#include "fahras/synonyms.h"

namespace fahras {
namespace {

// The separators of a group's words besides spaces: the ASCII comma and the
// Arabic comma ، (U+060C), which an Arabic keyboard types.
std::string commas_to_spaces(std::string line) {
  static constexpr std::string_view kArabicComma = "\xD8\x8C";
  for (std::size_t at = line.find(kArabicComma); at != std::string::npos; at = line.find(kArabicComma, at))
    line.replace(at, kArabicComma.size(), " ");
  std::replace(line.begin(), line.end(), ',', ' ');
  std::replace(line.begin(), line.end(), '\t', ' ');
  return line;
}

}  // namespace

Synonyms Synonyms::parse(std::istream& in, const std::string& name, Analyzer& analyzer) {
  Synonyms out;
  std::string line;
  std::size_t line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    const std::string where = name + ":" + std::to_string(line_no) + ": ";
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const std::size_t hash = line.find('#');
    if (hash != std::string::npos) line.erase(hash);
    line = commas_to_spaces(std::move(line));
    std::vector<Member> group;
    std::size_t at = 0;
    while (at < line.size()) {
      at = line.find_first_not_of(' ', at);
      if (at == std::string::npos) break;
      std::size_t end = line.find(' ', at);
      if (end == std::string::npos) end = line.size();
      const std::string word = line.substr(at, end - at);
      at = end;
      std::vector<Member> tokens;
      bool stop = false;
      analyzer.analyze(word, [&](const AnalyzedToken& t) {
        tokens.push_back({std::string(t.norm), std::string(t.stem)});
        stop = stop || t.stopword;
      });
      if (tokens.size() != 1)
        throw SynonymsError(where + "\"" + word + "\" is not one word (" + std::to_string(tokens.size()) +
                            " tokens); write one word per entry");
      if (stop) throw SynonymsError(where + "\"" + word + "\" is a stop word, which queries never search");
      if (std::none_of(group.begin(), group.end(), [&](const Member& m) { return m.stem == tokens[0].stem; }))
        group.push_back(std::move(tokens[0]));
    }
    if (group.empty()) continue;
    if (group.size() < 2)
      throw SynonymsError(where + "a group needs at least two words with different stems (\"" + group[0].word +
                          "\" alone)");
    for (const Member& m : group) out.by_stem_[m.stem].push_back(out.groups_.size());
    out.groups_.push_back(std::move(group));
  }
  if (in.bad()) throw SynonymsError(name + ": read error");
  return out;
}

Synonyms Synonyms::load(const std::string& path, Analyzer& analyzer) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw SynonymsError("cannot open synonyms file " + path);
  return parse(in, path, analyzer);
}

std::vector<Synonyms::Member> Synonyms::others(std::string_view stem) const {
  std::vector<Member> out;
  const auto found = by_stem_.find(std::string(stem));
  if (found == by_stem_.end()) return out;
  for (const std::size_t g : found->second)
    for (const Member& m : groups_[g])
      if (m.stem != stem && std::none_of(out.begin(), out.end(), [&](const Member& o) { return o.stem == m.stem; }))
        out.push_back(m);
  return out;
}

}  // namespace fahras
