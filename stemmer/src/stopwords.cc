// The fahras stop-word list. Policy (stemmer/README.md): function words only
// -- particles, prepositions, pronouns, demonstratives, relative pronouns,
// question words, auxiliaries and the commonest verbs of saying. No content
// word is listed. Entries are in normalised form (normalizer.h), so أين is
// اين and إلى is الي. A word with a leading conjunction و/ف is a stop word
// when the rest is (وفي, فهو), except for the few words where that reading
// would hide a content word (ولي "guardian", فقد "lost").
#include "fahras/stopwords.h"

#include <array>
#include <string_view>

#include "stem_tables.h"

namespace fahras {
namespace {

// Words grouped by kind, several a line.
// clang-format off
inline constexpr std::string_view kStopwordList[] = {
    // Prepositions and prepositional adverbs.
    "في", "من", "الي", "علي", "عن", "مع", "حتي", "منذ", "مذ", "عند", "لدي", "لدن", "بين",
    "فوق", "تحت", "امام", "خلف", "وراء", "دون", "حول", "نحو", "ضد", "عبر", "خلال", "بعد",
    "قبل", "اثناء", "ازاء", "ضمن", "حسب", "وفق", "وفقا", "سوي", "غير", "مثل", "عدا",
    "خلا", "حاشا", "تجاه", "لذا", "لذلك",
    // Prepositions and particles with pronouns.
    "به", "بها", "بهم", "بهما", "بهن", "بي", "بك", "بكم", "بنا", "له", "لها", "لهم", "لهما",
    "لهن", "لي", "لك", "لكم", "لنا", "منه", "منها", "منهم", "منهما", "مني", "منك", "منكم",
    "منا", "عنه", "عنها", "عنهم", "عنهما", "عليه", "عليها", "عليهم", "عليهما", "عليك",
    "عليكم", "علينا", "اليه", "اليها", "اليهم", "اليك", "اليكم", "الينا", "فيه", "فيها",
    "فيهم", "فيهما", "معه", "معها", "معهم", "معنا", "لديه", "لديها", "لديهم", "عنده",
    "عندها", "عندهم", "بينهم", "بينهما", "بينها", "انه", "انها", "انهم", "انهما", "انني",
    "اننا", "انك", "انكم", "لانه", "لانها", "لانهم", "لكنه", "لكنها", "لكنهم",
    // Personal pronouns.
    "انا", "نحن", "انت", "انتم", "انتما", "انتن", "هو", "هي", "هم", "هما", "هن", "اياه",
    "اياها", "اياهم", "اياك", "اياكم", "ايانا", "اياي",
    // Demonstratives.
    "هذا", "هذه", "هذان", "هذين", "هاتان", "هاتين", "هءلاء", "ذلك", "تلك", "ذاك", "اولءك",
    "اولاء", "هنا", "هناك", "هنالك", "ثمه",
    // The same in Uthmani spelling, whose dagger alef normalises to ا (هَٰذَا,
    // ذَٰلِكَ, أُولَٰٓئِكَ, هَٰٓؤُلَآءِ).
    "هاذا", "هاذه", "هاذان", "هاذين", "ذالك", "لذالك", "اولاءك", "هاءلاء",
    // Relative pronouns.
    "الذي", "التي", "الذين", "اللذان", "اللذين", "اللتان", "اللتين", "اللاتي", "اللواتي",
    "اللاءي",
    // Question words.
    "ما", "ماذا", "متي", "اين", "كيف", "لماذا", "هل", "كم", "اي", "ايان",
    // Particles: negation, emphasis, condition, exception, conjunction.
    "ان", "لان", "لم", "لكن", "لكي", "كي", "لن", "لا", "لما", "قد", "لقد", "سوف", "بل", "او",
    "ام", "ثم", "اذا", "اذ", "اذن", "لو", "لولا", "الا", "اما", "كانما", "كان", "كانه",
    "لعل", "ليت", "يا", "ايها", "ايتها", "نعم", "بلي", "كلا", "و", "ف", "ب", "ل", "ك",
    "ايضا", "فقط", "حيث", "حين", "حينما", "بينما", "عندما", "كلما", "طالما", "مثلما",
    "كما", "ريثما", "ذو", "ذي", "ذا", "انما",
    // Uthmani spellings: لَٰكِن, and the vocative يا written joined to ايها.
    "لاكن", "ياايها", "ياايتها",
    // Quantifiers used as function words.
    "كل", "بعض", "جميع", "كلتا", "ساءر", "معظم",
    // Auxiliaries and the copula's family.
    "كانت", "كانوا", "يكون", "تكون", "يكونوا", "ليس", "ليست", "ليسوا", "مازال", "لازال",
    "مايزال", "لايزال", "زال", "يزال", "تزال", "ظل", "ظلت", "اصبح", "اصبحت", "بات",
    "باتت", "صار", "تم", "يتم", "تتم",
    // Verbs of saying, which introduce most quotations in news text.
    "قال", "قالت", "قالوا", "يقول", "تقول", "يقولون", "اضاف", "اضافت",
};
// clang-format on
inline constexpr auto kStopwords = stem_detail::to_array(kStopwordList);

static_assert(stem_detail::all_distinct(kStopwords), "a stop word is listed twice");
inline constexpr auto kSlots = stem_detail::build_slots<stem_detail::slots_for(kStopwords.size())>(kStopwords);
inline constexpr std::size_t kMaxBytes = stem_detail::max_size(kStopwords);

// With a leading و/ف these read as content words, so they are not stop words.
inline constexpr std::string_view kConjunctionFalseFriends[] = {
    "ولي",  // guardian, as in ولي العهد
    "فقد",  // lost (also "for indeed", but the content sense must stay searchable)
    "وهم",  // illusion
    "وكل",  // appointed (وكّل)
    "فلم",  // film, often written فلم
};

bool listed(std::string_view w) noexcept {
  return w.size() <= kMaxBytes && stem_detail::find_key(kSlots, kStopwords, w) >= 0;
}

bool false_friend(std::string_view w) noexcept {
  for (auto f : kConjunctionFalseFriends)
    if (f == w) return true;
  return false;
}

}  // namespace

bool is_stopword(std::string_view w) noexcept {
  if (listed(w)) return true;
  // و = D9 88, ف = D9 81: a conjunction glued to a stop word.
  if (w.size() > 2 && static_cast<unsigned char>(w[0]) == 0xD9 &&
      (static_cast<unsigned char>(w[1]) == 0x88 || static_cast<unsigned char>(w[1]) == 0x81)) {
    return listed(w.substr(2)) && !false_friend(w);
  }
  return false;
}

}  // namespace fahras
