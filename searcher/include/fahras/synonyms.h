// A synonyms file: what the analyser cannot know (جوال = موبايل = هاتف,
// كورونا = كوفيد). At search time a query word in a group also matches the
// group's other words, at a reduced weight (RankingOptions::synonym_weight),
// so the word typed ranks first.
//
// Format (docs/searching.md): UTF-8, one group per line, its words separated
// by spaces or commas (Arabic ، too); `#` starts a comment to the end of the
// line; blank lines are skipped. Words are analysed with the database's
// analyser (normalised, stemmed), so a group matches every form of its
// words, and each word must be one token that is not a stop word. A line
// breaking a rule is refused as a whole with a SynonymsError naming the
// file and line.
//
// Ownership: a Synonyms owns its groups. Thread safety: immutable after
// loading; const methods may be called from several threads.
#pragma once

#include <cstddef>
#include <istream>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "fahras/analyzer.h"
#include "fahras/error.h"

namespace fahras {

// A synonyms file that cannot be read or has a bad line: "FILE:LINE: why".
class SynonymsError : public Error {
 public:
  using Error::Error;
};

class Synonyms {
 public:
  // Throws SynonymsError. `name` names the source in messages.
  static Synonyms parse(std::istream& in, const std::string& name, Analyzer& analyzer);
  static Synonyms load(const std::string& path, Analyzer& analyzer);

  struct Member {
    std::string word;  // normalised, as written in the file
    std::string stem;  // its stem with the analyser
  };
  // The other members of every group holding a word with this stem (each
  // stem once, never `stem` itself).
  std::vector<Member> others(std::string_view stem) const;

  bool empty() const { return groups_.empty(); }
  std::size_t size() const { return groups_.size(); }

 private:
  std::vector<std::vector<Member>> groups_;
  std::unordered_map<std::string, std::vector<std::size_t>> by_stem_;  // stem -> groups
};

}  // namespace fahras
