// "Did you mean": finds the query a user probably meant when a query word is
// rare or absent in the database, with an Arabic-aware cost model, and the
// query to run instead ("showing results for ...").
//
// Candidates are the words one slip away from the typed word (after
// fahras::normalize, so what normalisation folds -- hamza seats, ة/ه, ى/ي,
// diacritics, tatweel -- costs nothing): a long vowel dropped or added, a
// letter doubled or undoubled, a sound-alike letter, a neighbouring key on
// the Arabic keyboard, two letters swapped, two words run together or one
// word split; any other one-letter edit costs most. Each candidate is looked
// up in the database's vocabulary of unstemmed words (schema.h's exact-form
// terms), and ranked by ln(passage frequency) - cost_weight * cost; a word
// the database holds is corrected only when the candidate also wins among
// the passages of the query's other words (SpellingOptions::context). Every
// lookup is Database::get_termfreq, so sharded and remote databases (whose
// statistics Xapian sums) work the same; Xapian 1.4's own spelling table is
// not used (byte trigrams, and no lookup on remote databases).
// docs/searching.md has the measurements.
//
// A Suggester that has looked up enough words at one revision reads the
// database's Arabic vocabulary into memory once (vocabulary.h) and looks
// words up there: a ski-rental rule, so a one-off search never pays for it.
//
// Ownership: a Suggester holds a handle to the caller's database (shared,
// reference-counted by Xapian), owns its memos and vocabulary, and borrows
// the caller's Analyzer, which must outlive it. Thread safety: one
// Suggester per thread, like the Analyzer.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <xapian.h>

#include "fahras/analyzer.h"
#include "fahras/vocabulary.h"

namespace fahras {

enum class SpellingMode {
  kOff,      // no suggestion
  kSuggest,  // suggest ("did you mean"), search what was typed
  kRelax,    // suggest, and search the suggestion too ("showing results for")
};

// Throws std::invalid_argument naming the bad value.
SpellingMode parse_spelling_mode(std::string_view s);

struct SpellingOptions {
  SpellingMode mode = SpellingMode::kRelax;
  // A word is rare when it is in at most this many passages as typed
  // (unstemmed) in a database of rare_scale_passages passages or more, and
  // proportionally fewer in a smaller one (in 662 passages, only absent
  // words are rare); only rare words get a suggestion. Each rare word costs
  // hundreds of vocabulary lookups: in a small database nearly every word
  // is in few passages, and suggesting for all of them made a batch of
  // questions 4x slower while a candidate 20x more frequent hardly exists.
  Xapian::doccount rare_passages = 20;
  Xapian::doccount rare_scale_passages = 100000;
  // A suggestion must be in this many times more passages than the typed
  // word (at least 1); for a word whose stem matches nothing, any known word
  // will do.
  double min_ratio = 20;
  // Score = ln(frequency) - cost_weight * cost: one cost unit is worth a
  // factor e^8 (about 3000) in frequency, so a plain edit rarely beats a
  // cheap slip (measured on ARCD train, docs/searching.md).
  double cost_weight = 8;
  // Candidates costing more are not considered (a plain one-letter edit
  // costs 1).
  double max_cost = 1.0;
  // Words shorter than this (in letters) get no suggestion: too many real
  // words lie one edit away from them.
  unsigned min_letters = 3;
  // A second candidate scoring within this of the best is searched too
  // when relaxing (not shown). Negative: never.
  double runner_up_margin = 3;
  // Parts, each switchable for measurement (fahras-search --spelling-without):
  bool arabic_costs = true;  // the slip costs; off: every edit costs 1
  bool splits = true;        // words run together or split
  bool by_stem = true;       // candidates known only by their stem (وبالذكاء)
  bool stop_words = true;    // a stop word with ذ ث ظ typed as spoken is it misspelt (الدي: الذي)
  // A word the database holds as written keeps it when the query's other
  // words say so: among the passages holding another query word whose stem
  // is in under context_common_ratio of the passages, the candidate must be
  // min_ratio times as frequent as the typed word too (التهاب الدودية is not
  // التهاب الدولية), and a close second candidate is searched only if it is
  // written beside them whenever the best one is. Common words say nothing
  // about the topic.
  bool context = true;
  double context_common_ratio = 0.05;

  // Switches off the parts named in a comma-separated list (arabic-costs,
  // splits, stems, second, stopwords, context), as fahras-search --spelling-without takes it.
  // Throws fahras::UsageError naming an unknown part.
  void switch_off(std::string_view parts);

  // Every field equal (a Suggester keeps its candidates while they are).
  bool operator==(const SpellingOptions& o) const;
  bool operator!=(const SpellingOptions& o) const { return !(*this == o); }
};

namespace spelling {

// Why a candidate differs from the typed word (for tests and reports).
enum class Slip : std::uint8_t {
  kLongVowel,   // ا و ي dropped or added
  kDoubled,     // a letter doubled or undoubled
  kHamza,       // ء written as a seat letter or left out
  kSoundAlike,  // ذ/ز, ث/س, ض/ظ, ق/ك ...
  kKeyboard,    // neighbouring key on the Arabic (101) keyboard
  kSwap,        // two adjacent letters swapped
  kSplit,       // two words run together: the candidate has a space
  kJoin,        // one word typed as two: the candidate joins them
  kOther,       // any other one-letter substitution, insertion or deletion
};

std::string_view to_string(Slip s);

// The cost of the cheapest explanation of `to` typed as `from`, for two
// letters (code points of normalised text); 0 when equal.
double substitution_cost(char32_t from, char32_t to);
// The cost of inserting `letter` between `before` and `after` (0 = none).
double insertion_cost(char32_t letter, char32_t before, char32_t after);

struct Edit {
  std::string word;  // normalised; a space separates the two parts of a split
  double cost;
  Slip slip;
};

// Every word one slip from `norm` (a normalised Arabic word), each with its
// cheapest cost, at most max_cost, in the words' byte order (so ties between
// candidates break alike on every build). Splits give both
// parts at least two letters. Empty when `norm` is not all Arabic letters.
// arabic_costs false: every edit costs 1 (plain Damerau-Levenshtein, for
// measurement); splits false: no candidate with a space.
std::vector<Edit> one_slip(std::string_view norm, double max_cost = 1.0, bool arabic_costs = true, bool splits = true);

}  // namespace spelling

// One corrected word or word pair of a query.
struct WordCorrection {
  std::string typed;                 // as in the query (original bytes)
  std::string suggested;             // replacement text: the typed letters kept where they agree
  std::uint32_t begin = 0, end = 0;  // byte range replaced in the query
  spelling::Slip slip = spelling::Slip::kOther;
  double cost = 0;
  Xapian::doccount frequency = 0;  // passages holding the suggested form(s)
  bool absent = false;             // the typed word's stem matches no passage
  // The suggestion is a stop word: the typed word is a misspelt particle
  // (الدي for الذي). Relaxing leaves it out of a query with other words,
  // as the stop word would be, instead of searching its stem.
  bool stopword = false;
  // A close second candidate (normalised), searched too when relaxing a
  // plain query: the best is right about two times in three.
  std::string also;
};

struct Suggestion {
  std::vector<WordCorrection> words;  // in query order, non-overlapping
  std::string corrected;              // the whole query with every correction ("did you mean")
  // The query to run when relaxing: an absent word replaced by its
  // suggestion, a rare one followed by it (both are searched); with boolean
  // syntax, phrases or fields, only absent words are replaced. Empty when
  // nothing is to be relaxed.
  std::string relaxed;

  bool empty() const { return words.empty(); }
};

class Suggester {
 public:
  // local: db has no remote shard, so its vocabulary may be read into
  // memory (a remote one would send every term over the network).
  Suggester(Xapian::Database db, Analyzer& analyzer, SpellingOptions options = {}, bool local = true);

  // The vocabulary is read once the words looked up one by one at this
  // revision would have paid for it: kWordsReadPerLookUp words are read in
  // the walk for the time of one B-tree look-up (0.4 against 2 microseconds
  // on ARCD + SaudiNewsNet), and a database holds about kWordsPerPassage
  // Arabic words a passage (250,714 for 122,865 passages there; fewer in a
  // larger one, so the estimate errs late).
  static constexpr std::size_t kWordsReadPerLookUp = 5;
  static constexpr std::size_t kWordsPerPassage = 2;

  // Throws Xapian errors from the database (the Searcher reports them).
  Suggestion suggest(std::string_view raw_query);

  const SpellingOptions& options() const { return options_; }
  // Other options (the mode aside): the candidates found under the old ones
  // are forgotten (the words' frequencies are kept).
  void set_options(const SpellingOptions& options);

  // Term frequencies read from the database one by one so far (for tests
  // of the memo; words found in the vocabulary are not counted).
  std::size_t look_ups() const { return look_ups_; }
  // Whether the vocabulary is in memory.
  bool has_vocabulary() const noexcept { return vocabulary_ != nullptr; }

  // Forgets every frequency and candidate looked up, and the vocabulary:
  // after the database moved to another revision (Searcher::reopen).
  void forget();
  // Forgets the answers (frequencies and candidates of words looked up) but
  // keeps the vocabulary, which answers every word alike: a benchmark's
  // warm-up pass must not answer the timed pass's rare words.
  void forget_answers();

  // A candidate and the passages holding it (its stem's, for one known only by its stem).
  struct Candidate {
    spelling::Edit edit;
    Xapian::doccount frequency = 0;
  };
  // How many of a word's best candidates the query's other words rank again.
  static constexpr std::size_t kContextCandidates = 5;
  // The best candidate for one normalised word, or an empty Edit::word when
  // none qualifies. `typed_frequency` and `stem_frequency`: passages holding
  // the typed word, and its stem. `runner_up` gets the second-best
  // one-word candidate when it scores within runner_up_margin of the best.
  // `top`, when given, gets the best kContextCandidates one-word candidates
  // that are not stop words, best first.
  spelling::Edit best_for(std::string_view norm, Xapian::doccount typed_frequency, Xapian::doccount stem_frequency,
                          Xapian::doccount* frequency = nullptr, spelling::Edit* runner_up = nullptr,
                          std::vector<Candidate>* top = nullptr);

 private:
  spelling::Edit find_best(std::string_view norm, Xapian::doccount typed_frequency, Xapian::doccount stem_frequency,
                           Xapian::doccount& frequency, spelling::Edit& runner_up, std::vector<Candidate>& top);
  // Every term frequency the suggester reads goes through here (look_ups_).
  Xapian::doccount termfreq(const std::string& term);
  Xapian::doccount exact_frequency(const std::string& word);
  void look_up_in_key_order(const std::vector<spelling::Edit>& edits);
  Xapian::doccount stem_frequency(std::string_view norm);
  Xapian::doccount phrase_frequency(const std::string& a, const std::string& b);
  // Passages holding `term` and any of the `context` terms, counted up to
  // `limit` (exactly below it).
  Xapian::doccount count_beside(const std::string& term, const std::vector<std::string>& context,
                                Xapian::doccount limit);
  // Whether the query's other words (`context`: their stem terms) hold the
  // typed word up against the candidate (SpellingOptions::context).
  bool context_keeps_typed(const std::string& typed, Xapian::doccount typed_frequency, const std::string& candidate,
                           const std::vector<std::string>& context);
  // Passages holding `word` (normalised; by its stem when the database lacks
  // it as written) and a `context` term, counted up to `limit`.
  Xapian::doccount written_with(const std::string& word, const std::vector<std::string>& context,
                                Xapian::doccount limit);
  // Ranks `top` again by how often each is written beside the query's other
  // words (`context`), and sets best, frequency and runner_up from it.
  void rank_in_context(const std::vector<Candidate>& top, const std::vector<std::string>& context, spelling::Edit& best,
                       Xapian::doccount& frequency, spelling::Edit& runner_up);

  // Reads the vocabulary when the rule above says so (once per revision).
  void maybe_read_vocabulary();

  Xapian::Database db_;
  Analyzer& analyzer_;
  SpellingOptions options_;
  bool local_ = true;
  std::unique_ptr<Vocabulary> vocabulary_;
  bool vocabulary_tried_ = false;
  std::size_t word_look_ups_ = 0;  // exact-form frequencies read one by one at this revision
  // Exact frequencies already looked up, by word: the stem pass and word
  // pairs ask again for words the first pass asked for, and a Suggester that
  // lives as long as its Searcher (one per batch or server worker) asks
  // again for the rare words of earlier queries. Both memos are valid for
  // one revision of the database (forget()) and are emptied when they
  // reach kMemoEntries, so a server's memory stays bounded.
  static constexpr std::size_t kMemoEntries = std::size_t{1} << 17;
  std::unordered_map<std::string, Xapian::doccount> exact_;
  // best_for's answers, by word (with the frequencies it was given).
  struct Best {
    Xapian::doccount typed_frequency = 0, stem_frequency = 0, frequency = 0;
    spelling::Edit best{"", 0, spelling::Slip::kOther}, runner_up{"", 0, spelling::Slip::kOther};
    std::vector<Candidate> top;
  };
  std::unordered_map<std::string, Best> best_;
  std::size_t look_ups_ = 0;
};

}  // namespace fahras
