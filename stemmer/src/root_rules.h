// The root analyser's rules, as data: clitics, inflections, patterns (awzan)
// and a few whole words. root.cc only applies them. Every table is written in
// the normalised alphabet (normalizer.h: ا for أ إ آ ٱ, ه for ة, ي for ى,
// ء for ؤ ئ) and every entry carries its reason; stemmer/README.md ("The
// root analyser") documents them with examples, tests/analysis/root_test.cc
// has a test per rule.
//
// Private to fahras_analysis. Thread safety: immutable constexpr data.
#pragma once

#include <cstdint>
#include <string_view>

namespace fahras::root_detail {

// The tables are laid out by hand, one rule a line.
// clang-format off

// ---------------------------------------------------------------------------
// Prefixes, outermost first. A prefix comes off only when at least two
// letters remain; every way of reading the word is tried, fewest letters
// stripped first, and a reading counts only when its remainder fits a
// pattern with an attested root (root.cc).

enum class PrefixKind : std::uint8_t {
  kQuestion,     // interrogative ا, only before و/ف
  kConjunction,  // و ف
  kNominal,      // the article and prepositions: no imperfect prefix follows
  kVerbal,       // future س, lam of command/purpose ل: an imperfect prefix must follow
  kImperfect,    // person prefix of an imperfect verb
};

struct Prefix {
  std::string_view text;
  PrefixKind kind;
  std::string_view why;
};

inline constexpr Prefix kPrefixes[] = {
    {"ا", PrefixKind::kQuestion, "question before a conjunction: افلا, اولم (Qur'anic) -> لا, لم"},
    {"و", PrefixKind::kConjunction, "and: وقال -> قال"},
    {"ف", PrefixKind::kConjunction, "then/so: فعلم -> علم"},
    {"بال", PrefixKind::kNominal, "with the: بالعلم -> علم"},
    {"كال", PrefixKind::kNominal, "like the: كالجبال -> جبال"},
    {"ال", PrefixKind::kNominal, "the: العالم -> عالم"},
    {"لل", PrefixKind::kNominal, "for the (ل + ال, alef dropped): للعالمين -> عالمين"},
    {"ب", PrefixKind::kNominal, "with/in: بعلم -> علم"},
    {"ك", PrefixKind::kNominal, "like: كمثل -> مثل"},
    {"ل", PrefixKind::kNominal, "for/to: لعلم -> علم; also before a verb (below)"},
    {"س", PrefixKind::kVerbal, "future: سيعلمون -> يعلمون"},
    {"ل", PrefixKind::kVerbal, "lam of command or purpose: ليعلم -> يعلم, لتعلموا -> تعلموا"},
    {"ي", PrefixKind::kImperfect, "he/they: يعلم -> علم"},
    {"ت", PrefixKind::kImperfect, "she/you: تعلمون -> علمون"},
    {"ن", PrefixKind::kImperfect, "we: نعلم -> علم"},
    {"ا", PrefixKind::kImperfect, "I: اعلم -> علم (also the imperative's helping alef: اعلموا)"},
};

// ---------------------------------------------------------------------------
// Suffixes, outermost (pronoun) first, then inflection. A pronoun may be
// followed (inward) by any inflection, and also by the letters a pronoun
// hides: ة written ت, وا written و, the Qur'anic تمو/كمو before an object.

struct Suffix {
  std::string_view text;
  bool after_pronoun_only;  // only right before a pronoun that came off
  bool subject;             // a perfect verb's subject: two letters before it are a hollow verb (كنتم)
  bool verb_only;           // only a verb takes it: never after the article or a preposition
  std::string_view why;
  bool consonantal = false;  // a verb's consonant-initial ending, before which a doubled root unmerges
                             // (مددنا, يمددن): two letters before it are never a doubled root
};

inline constexpr Suffix kPronouns[] = {
    {"كموها", false, false, false, "you (pl.) + it (Qur'anic double object): انلزمكموها -> انلزم"},
    {"كموه", false, false, false, "you (pl.) + it: فاسقيناكموه -> فاسقينا"},
    {"هما", false, false, false, "their two: ربهما -> رب"},
    {"كما", false, false, false, "your two: ربكما -> رب"},
    {"هم", false, false, false, "their/them: قلوبهم -> قلوب"},
    {"هن", false, false, false, "their (f.): بيوتهن -> بيوت"},
    {"ها", false, false, false, "her/its: اخرجها -> اخرج"},
    {"كم", false, false, false, "your (pl.): ربكم -> رب"},
    {"كن", false, false, false, "your (f. pl.): طلقكن -> طلق"},
    {"نا", false, false, false, "our/us: ربنا -> رب, رزقناهم (inner نا is the subject)"},
    {"ني", false, false, false, "me: علمني -> علم"},
    {"ه", false, false, false, "his/him: رسوله -> رسول"},
    {"ك", false, false, false, "your (sg.): ربك -> رب"},
    {"ي", false, false, false, "my: ربي -> رب"},
};

inline constexpr Suffix kInflections[] = {
    {"تموه", false, true, true, "you (pl.) did it: اتخذتموه -> اتخذ (Qur'anic)"},
    {"تمو", true, true, true, "you (pl.) before an object: اتخذتموها -> اتخذ"},
    {"يين", false, false, false, "nisba plural, oblique: الاميين -> امي -> ام"},
    {"يون", false, false, false, "nisba plural: الحواريون -> حوار"},
    {"يات", false, false, false, "nisba feminine plural"},
    {"تين", false, false, false, "feminine dual, oblique: جنتين -> جن"},
    {"تان", false, false, false, "feminine dual: جنتان -> جن"},
    {"تما", false, true, true, "you two did: كنتما -> كن", true},
    {"يه", false, false, false, "nisba + feminine: عربيه -> عرب"},
    {"ات", false, false, false, "feminine plural: الصالحات -> صالح"},
    {"ون", false, false, false, "masculine plural / imperfect plural: يعلمون -> يعلم, المؤمنون -> مءمن"},
    {"ين", false, false, false, "masculine plural/dual oblique, or 2nd f. sg.: العالمين -> عالم"},
    {"ان", false, false, false, "dual: يداه -> يد (after ه), رجلان -> رجل"},
    {"وا", false, false, true, "past/subjunctive plural: قالوا -> قال, امنوا -> امن"},
    {"تم", false, true, true, "you (pl.) did: كنتم -> كن", true},
    {"تن", false, true, true, "you (f. pl.) did", true},
    {"نا", false, true, false, "we did: انزلنا -> انزل", true},
    {"ن", false, false, false, "feminine plural or energetic nun: يتربصن -> يتربص, ليسجنن -> ليسجن; قلن -> قول (not قلل)", true},
    {"ت", false, true, false, "she/you/I did, or ة before a pronoun: كانت -> كان, رحمته -> رحمت -> رحم"},
    {"ه", false, false, false, "ta marbuta: رحمه -> رحم"},
    {"ا", false, false, true, "dual verb, accusative indefinite: قالا -> قال, علما -> علم; never after ال or a preposition (no tanwin there)"},
    {"و", true, false, true, "plural verb before an object (وا loses its alef): قتلوهم -> قتل"},
    {"ي", false, false, false, "nisba or 2nd f. sg.: عربي -> عرب, اذكري -> اذكر"},
};

// ---------------------------------------------------------------------------
// Patterns (awzan). ف ع ل mark the three radicals; every other letter must be
// there as written. A remainder is matched against the patterns of its
// length; the radicals of the first pattern whose root the lexicon attests
// (root.cc, root_attested) give the root.

enum class PatternGuard : std::uint8_t {
  kNone,
  kAfterImperfect,  // an imperfect stem: only after a person prefix came off
  kNotImperfect,    // a noun or perfect shape: never right after a person prefix
  kEmphaticFirst,   // form VIII whose ت became ط: only after a first radical ص ض ط ظ
  kDentalFirst,     // form VIII whose ت became د: only after a first radical د ذ ز
  kNotHamzaFirst,   // form VIII imperfect stem: never over a hamza (يأتون, يؤتون are أتى's, not form VIII)
  kAssimilatedFirst,  // form VIII of a و- or hamza-initial root: ف and ت merged in one written ت (تّ)
  kYaForFirst,        // إفعال of a و- or hamza-initial root: ف written ي after the kasra (إيجاد, إيمان)
  kWawWrittenYa,    // مفعال of a و-initial root: its ف slot is ي (مِوْثاق -> ميثاق), the root's و
};

struct Pattern {
  std::string_view form;
  PatternGuard guard;
  std::string_view why;
};

inline constexpr Pattern kPatterns[] = {
    // three letters
    {"فعل", PatternGuard::kNone, "the bare root: علم, قال (hollow), دعا (defective), مدد"},
    // four letters
    {"متعل", PatternGuard::kAssimilatedFirst, "its participle: متصل -> وصل, متخذ -> اخذ"},
    {"اتعل", PatternGuard::kAssimilatedFirst, "form VIII whose و or hamza merged with its ت: اتصل -> وصل, اتخذ -> اخذ; when وصل/اخذ is a dictionary base form and تصل/تخذ is not (اتبع -> تبع)"},
    {"فاعل", PatternGuard::kNone, "active participle, form III (also after يـ: يقاتل): عالم, قاءل -> قول"},
    {"فعول", PatternGuard::kNotImperfect, "intensive / masdar / plural: رسول, قلوب; not يتقون as ي + تقون"},
    {"فعيل", PatternGuard::kNotImperfect, "adjective: عليم, كريم"},
    {"فعال", PatternGuard::kNotImperfect, "masdar / plural: كتاب, جبال"},
    {"مفعل", PatternGuard::kNotImperfect, "place noun / participle: مسجد, مءمن, مقام -> قوم"},
    {"افعل", PatternGuard::kNotImperfect, "form IV perfect / elative / plural: انزل, اعلم, انفس"},
    {"تفعل", PatternGuard::kNone, "form V perfect or imperfect stem: تعلم, تذكر"},
    {"فتعل", PatternGuard::kNotHamzaFirst, "form VIII imperfect stem: يجتنب -> جتنب; not over ات/ءت, which is أتى's imperfect (يأتون -> اتي, يؤتون -> اتي)"},
    {"نفعل", PatternGuard::kAfterImperfect, "form VII imperfect stem: ينقلب -> نقلب"},
    {"فعلء", PatternGuard::kNotImperfect, "Uthmani فعلاء, its long alef a dagger alef: العلمء (ٱلْعُلَمَٰٓءِ)"},
    {"فعلي", PatternGuard::kNone, "feminine فعلى (ى written ي): حسني, دنيا -> دني"},
    // five letters
    {"ايعال", PatternGuard::kYaForFirst, "form IV masdar of a و- or hamza-initial root, its ف written ي: ايجاد -> وجد, الايمان -> امن, ايصال -> وصل"},
    {"اتعال", PatternGuard::kAssimilatedFirst, "its masdar: اتصال -> وصل, اتخاذ -> اخذ"},
    {"مفعال", PatternGuard::kWawWrittenYa, "مفعال of a و-initial root, و after kasra written ي: ميثاق -> وثق, ميعاد -> وعد"},
    {"مفعول", PatternGuard::kNotImperfect, "passive participle: معلوم, مسءول -> سءل"},
    {"تفعيل", PatternGuard::kNotImperfect, "form II masdar: تعليم, تنزيل"},
    {"مفاعل", PatternGuard::kNotImperfect, "plural / form III participle: مساجد, مجاهد"},
    {"افعال", PatternGuard::kNotImperfect, "plural / form IV masdar: اعمال, انزال"},
    {"فعلاء", PatternGuard::kNone, "plural of فعيل: علماء, شهداء"},
    {"فعلءا", PatternGuard::kNotImperfect, "Uthmani فعلاء in the nominative (ؤا): العلمءا (ٱلْعُلَمَٰٓؤُا۟)"},
    {"فواعل", PatternGuard::kNone, "plural of فاعله: قواعد"},
    {"افتعل", PatternGuard::kNotImperfect, "form VIII perfect: اجتنب, اختلف"},
    {"انفعل", PatternGuard::kNotImperfect, "form VII perfect: انقلب"},
    {"تفاعل", PatternGuard::kNone, "form VI: تساءل, تعاون"},
    {"فعاءل", PatternGuard::kNone, "plural of فعيله: رساءل, خزاءن; after تفاعل, so تساءل is سءل"},
    {"مفتعل", PatternGuard::kNotImperfect, "form VIII participle: مختلف, مهتد"},
    {"منفعل", PatternGuard::kNotImperfect, "form VII participle: منقلب"},
    {"متفعل", PatternGuard::kNotImperfect, "form V participle: متكبر"},
    {"ستفعل", PatternGuard::kAfterImperfect, "form X imperfect stem: يستكبر -> ستكبر"},
    {"فعلان", PatternGuard::kNone, "masdar / adjective: قرءان, غفران, رحمان"},
    {"مفعال", PatternGuard::kNotImperfect, "instrument / intensive: ميزان, مثقال"},
    {"مفعله", PatternGuard::kNotImperfect, "place noun with ة kept: معيشه"},
    // six letters
    {"استفعل", PatternGuard::kNotImperfect, "form X perfect: استكبر, استغفر"},
    {"مستفعل", PatternGuard::kNotImperfect, "form X participle: مستقيم, مستكبر"},
    {"متفاعل", PatternGuard::kNotImperfect, "form VI participle: متشابه"},
    {"افتعال", PatternGuard::kNotImperfect, "form VIII masdar: اختلاف"},
    {"انفعال", PatternGuard::kNotImperfect, "form VII masdar: انقلاب"},
    {"مفاعيل", PatternGuard::kNotImperfect, "plural of مفعول: مواعيد"},
    {"افاعيل", PatternGuard::kNotImperfect, "plural: اساطير, اقاويل"},
    {"افعلاء", PatternGuard::kNotImperfect, "plural of a weak فعيل: اولياء, انبياء"},
    {"فعلاءا", PatternGuard::kNotImperfect, "Uthmani فعلاء in the nominative, dagger alef read as ا: العلماءا (ٱلْعُلَمَٰٓؤُا۟)"},
    // seven letters
    {"استفعال", PatternGuard::kNotImperfect, "form X masdar: استغفار"},
    // form VIII with its ت assimilated to the first radical
    {"افطعل", PatternGuard::kEmphaticFirst, "form VIII after ص ض ط ظ, ت written ط: اصطبر, اصطفي"},
    {"مفطعل", PatternGuard::kEmphaticFirst, "its participle: مصطفي, مضطهد"},
    {"فطعل", PatternGuard::kEmphaticFirst, "its imperfect stem: يصطبر -> صطبر"},
    {"افطعال", PatternGuard::kEmphaticFirst, "its masdar: اصطفاء, اضطهاد"},
    {"افدعل", PatternGuard::kDentalFirst, "form VIII after د ذ ز, ت written د: ازدجر, ازداد"},
    {"مفدعل", PatternGuard::kDentalFirst, "its participle: مزدجر"},
    {"فدعل", PatternGuard::kDentalFirst, "its imperfect stem: يزداد -> زداد"},
};

// Defective roots lose their last radical in the jussive, the imperative and
// before وا/ون: ادع, يدع, اهتدوا, رموا. Tried (root.cc) only when no full
// pattern gave an attested root for any reading of the word: a remainder that
// fits one of these gets a weak third radical.
inline constexpr Pattern kDefectivePatterns[] = {
    {"افتع", PatternGuard::kNotImperfect, "form VIII, defective: اهتد(وا) -> هدي"},
    {"تفع", PatternGuard::kNone, "form V, defective: تول(وا) -> ولي"},
    {"استفع", PatternGuard::kNotImperfect, "form X, defective: استحي -> (full pattern) / استح"},
    {"ستفع", PatternGuard::kAfterImperfect, "form X imperfect, defective"},
    {"فتع", PatternGuard::kAfterImperfect, "form VIII imperfect, defective: يهتد -> هتد"},
};

// ---------------------------------------------------------------------------
// Verbs that lose a radical irregularly, so that one or two letters are left:
// a stem (after the prefixes, before the endings) that stands for its root.
// Tried before every pattern, since the letters left would otherwise read as
// a root of their own (يرى as the pattern فعل over ي ر ي). An imperfect one
// is never read into a word the dictionary lists as a noun (فتره, تره are not
// ف/ت + ر + ه).

// What may follow such a stem: a verb's ending, then an object pronoun
// (kPronouns); never a noun's (ات, ه as ة): فترات, ستريت are not ف/س + ت + ر.
// نا is form IV أرى's "we showed" (اريناك).
// وا loses its ا before a pronoun (تروها); ن is feminine or energetic (نرينك).
inline constexpr std::string_view kVerbEndings[] = {"", "ون", "ين", "ان", "وا", "و", "نا", "ا", "ن"};

enum class ShortTail : std::uint8_t {
  kAny,      // any ending, or none
  kJussive,  // none, a plural/feminine ending (وا ون ين ن) or ه: not ك (ترك is a word); after
             // the future س only ون ين ن (سيرون; سيروا is سار's imperative)
  kEnding,   // some ending: a pronoun or plural (نراك), never none (سيرا, سترا are nouns)
  kNone,     // no ending at all
};

struct ShortStem {
  std::string_view stem;
  std::string_view root;
  bool imperfect;  // only after a person prefix (ي ت ن ا); otherwise after و/ف only
  ShortTail tail;
  std::string_view why;
};

inline constexpr ShortStem kShortStems[] = {
    {"ر", "راي", true, ShortTail::kJussive, "رأى drops its hamza in the imperfect; with its ى gone too, a jussive or plural: تروا -> راي"},
    {"ري", "راي", true, ShortTail::kAny, "رأى's imperfect, or form IV أرى's: يرى -> راي, يريكم -> راي"},
    {"را", "راي", true, ShortTail::kEnding, "رأى's imperfect before a pronoun: نراك -> راي, يراها -> راي"},
    {"ك", "كون", true, ShortTail::kNone, "the jussive of كان may drop its ن (لم يكُ): يك -> كون"},
    {"خذ", "اخذ", false, ShortTail::kAny, "أخذ's imperative drops its hamza: خذوا -> اخذ, فخذها -> اخذ"},
};

// ---------------------------------------------------------------------------
// Two letters left. A sound root never leaves two letters, so one radical is
// weak or doubled and hidden; each reading counts only when the lexicon
// attests the word it implies (root.cc, two_letter_root). After وا/ون/ين
// the defective one (رموا, يدعون: رمي, دعا); in a verb (a person prefix or a
// perfect's subject ending came off) hollow (يكن, كنتم: كان), assimilated
// (يعد, يجد: وعد, وجد), defective (ادع: دعا), doubled; in a noun doubled
// (رب, ربكم, كل, بكل, حق: the lexicon has ربب, كلل), hollow, defective.
// The commonest hollow imperatives (قل, كن) are whole words (kFixedRoots).
inline constexpr bool kTwoLetterHollow = true;
inline constexpr bool kTwoLetterAssimilated = true;
inline constexpr bool kTwoLetterDoubled = true;
inline constexpr bool kTwoLetterDefective = true;

// A word the dictionary does not have is not a word with a radical و ف ب ك ل
// in front, so those letters come off at no cost: وقال is و + قال (not the
// pattern فاعل over و ق ل), لقوم is ل + قوم. A dictionary word (والد, وعد,
// بعد) keeps them unless nothing else explains it.
inline constexpr bool kFreeClitics = true;

// A hollow verb's feminine past: four letters c1 ا c2 ت, not a dictionary
// noun, with c1 ا c2 a word, is c1 ا c2 + ت (كانت, قالت, جاءت: كون, قول,
// جيء), not the pattern فاعل over c1 c2 ت; nouns such as ثابت keep their ت.
inline constexpr bool kGuardHollowFeminine = true;

// The article and the prepositions ب ك ل govern nouns: a reading that takes
// one of them off together with a verb-only ending (وا, تم) or the
// accusative/dual ا is not tried (كفروا is not ك + فروا, كثيرا not ك + ثيرا).

// A word starting with ال is read with the article first: keeping it costs
// one more single letter (اليم is ال + يم, not the pattern فعيل over ا ل م).
inline constexpr bool kArticleFirst = true;
inline constexpr bool kGuardNominalNotVerb = true;

// The ا of a word starting with ال is the article's, never the 1st person
// prefix: الدنيا is ال + دنيا, not ا + لدنيا (whose لدن the lexicon has).
inline constexpr bool kGuardArticleNotPerson = true;

// One letter of a longer ending is not an ending of its own: قالوا loses وا
// (not ا, which would leave قالو, read فاعل over ق ل و), يعلمون loses ون.
inline constexpr bool kGuardWholeEnding = true;

// A word the lexicon lists as a verb form and that starts with ي ت ن ا is an
// imperfect: its first letter is a prefix, not a radical (يقول: قول, not يقل;
// يشاء: شيء, not يشا).
inline constexpr bool kGuardVerbFormKeepsPrefix = true;

// A dual ending ان that leaves three letters with a weak radical, where the
// whole word fits a pattern (افعال, ايعال, فعلان…) with fewer weak radicals,
// is not a dual: الايمان is امن (not ايم + ان).
// Fewer, not as few: ميدان, ميلان (ميد, ميل) are not مفعال of ودن, ولن.
inline constexpr bool kGuardPatternOverDual = true;

// A word whose root no rule finds (the remainder fits no pattern, or fits one
// whose root the lexicon does not attest) gets no root rather than a guess.
inline constexpr bool kGuardAttestedRoot = true;
// Last resort, when no reading gave a root the lexicon attests: a remainder
// of four letters or more that fits a pattern and is itself a dictionary word
// (جحيم, مسرف) attests its root, though the dictionary lacks its فعل.
inline constexpr bool kAttestedByStem = true;

// ---------------------------------------------------------------------------
// Whole words. Particles and pronouns have no root; a few frequent nouns are
// built on roots the patterns cannot reach (two-letter nouns with a lost weak
// radical, the name of God).

inline constexpr std::string_view kNoRoot[] = {
    // prepositions and their pronoun forms
    "في", "من", "الي", "علي", "عن", "مع", "حتي", "منذ", "مذ", "لدي", "لدن",
    "به", "بها", "بهم", "بهما", "بهن", "بي", "بك", "بكم", "بنا", "له", "لها", "لهم", "لهما",
    "لهن", "لي", "لك", "لكم", "لنا", "منه", "منها", "منهم", "منهما", "مني", "منك", "منكم",
    "منا", "عنه", "عنها", "عنهم", "عنهما", "عليه", "عليها", "عليهم", "عليهما", "عليك",
    "عليكم", "علينا", "اليه", "اليها", "اليهم", "اليك", "اليكم", "الينا", "فيه", "فيها",
    "فيهم", "فيهما", "فيك", "فيكم", "معه", "معها", "معهم", "معنا", "معكم",
    // pronouns and demonstratives
    "انا", "نحن", "انت", "انتم", "انتما", "انتن", "هو", "هي", "هم", "هما", "هن", "اياه",
    "اياها", "اياهم", "اياك", "اياكم", "ايانا", "اياي", "هذا", "هذه", "هذان", "هذين",
    "هاتان", "هاتين", "هءلاء", "ذلك", "ذلكم", "تلك", "ذاك", "اولءك", "اولاء", "هنا",
    "هناك", "هنالك", "ثم", "ثمه",
    // relatives and question words
    "الذي", "التي", "الذين", "اللذان", "اللذين", "اللتان", "اللتين", "اللاتي", "اللاءي",
    "ما", "ماذا", "متي", "اين", "كيف", "لماذا", "هل", "كم", "اي", "ايان", "اني", "مما", "عما",
    "ممن", "فيما", "ايها", "يايها", "يايتها", "ياايها", "ياايتها", "كلما", "لعل",
    // particles with clitics, which the prefix rules would read as a root
    // (بما as ب + مفعل... بوم); written out, since stripping a preposition and
    // looking the rest up hides content words (كانت is not ك + انت)
    "بما", "لمن", "بمن", "كذلك", "كذلكم", "لعلكم", "لعلهم", "لعلك", "لعله", "لعلي", "افلا",
    "افلم", "افمن", "باي", "بهذا", "لهذا", "بالذي", "بالذين", "بالتي", "كالذين", "كالذي",
    "بذلك", "لذلك", "عنكم", "عنك", "منهن", "عليهن", "فيهن", "فيكما", "لديهم", "لديه", "لدينا",
    "لكما", "لنحن", "بانهم", "بانه", "ايكم", "لانتم", "معكما", "اليهن", "منكن", "بكما",
    "عنهن", "فينا", "عليكما", "اليكما",     // particles
    "ان", "انه", "انها", "انهم", "انما", "انني", "اننا", "انك", "انكم", "لان", "لم", "لكن",
    "لكي", "كي", "لن", "لا", "لما", "قد", "لقد", "سوف", "بل", "او", "ام", "اذا", "اذ",
    "اذن", "لو", "لولا", "الا", "اما", "كانما", "كانه", "كانهم", "ليت",
    "يا", "ايتها", "بلي", "كلا", "كما", "حيث", "لكنه", "لكنا", "ذو", "ذي", "ذا",
    "هيهات", "اف", "لات", "اولو", "اولي",
};

struct FixedRoot {
  std::string_view word;
  std::string_view root;
  std::string_view why;
};

inline constexpr FixedRoot kFixedRoots[] = {
    {"الله", "اله", "the name of God, from اله (deity); the article rule would leave له"},
    {"لله", "اله", "for God"},
    {"بالله", "اله", "by God"},
    {"تالله", "اله", "by God (oath)"},
    {"اللهم", "اله", "O God"},
    {"يد", "يدي", "hand: a biliteral noun of a defective root"},
    {"دم", "دمي", "blood: a biliteral noun of a defective root"},
    {"اب", "ابو", "father: the و shows in ابوه, ابوك"},
    {"اخ", "اخو", "brother: the و shows in اخوه"},
    {"ابن", "بني", "son: from بني, like بنون, بنين"},
    {"ابنه", "بني", "his son"},
    {"اسم", "سمو", "name: from سمو, like اسماء"},
    {"امراه", "مرء", "woman: from مرء, like المرء"},
    {"امرات", "مرء", "the woman of (construct): امرات العزيز"},
    // The imperatives of the commonest hollow verbs: alone, two letters read
    // as a noun (doubled, like رب, كل), which these are not.
    {"قل", "قول", "say!: the commonest imperative of the Qur'an"},
    {"كن", "كون", "be!"},
    {"قم", "قوم", "stand!"},
    {"قولوا", "قول", "say! (pl.), which kGuardWholeEnding would also give"},
};

// clang-format on

}  // namespace fahras::root_detail
