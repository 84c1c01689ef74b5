// Arabic-aware Unicode normalisation, the first step of fahras analysis.
//
// What it does (see stemmer/README.md for the full table with examples):
//  - removes harakat, tanwin, shadda, sukun (U+064B-065F), Qur'anic
//    annotation marks (U+06D6-06ED), tatweel (U+0640), bidi controls,
//    ZWJ/ZWNJ and BOM;
//  - writes the dagger alef (U+0670) as ا (ٱلْكِتَٰبُ -> الكتاب), except right
//    after ى, where it is removed (عَلَىٰ -> علي): the one rule that looks at
//    the code point before;
//  - folds alef variants (أ إ آ ٱ -> ا), hamza on a seat (ؤ ئ -> ء), ى -> ي,
//    ة -> ه, Persian/Urdu letters (ک -> ك, ی -> ي, ہ ە -> ه), presentation
//    forms and lam-alef ligatures (through NFKC);
//  - maps Arabic-Indic and extended Arabic-Indic digits to ASCII 0-9;
//  - case-folds Latin (ASCII by table, everything else through ICU).
// Arabic and ASCII go through a table-driven fast path in one pass; any other
// code point goes to ICU. Each ill-formed UTF-8 subpart (as ICU's U8_NEXT
// sees it: overlongs, surrogates and truncated sequences included) becomes
// one U+FFFD. The mapping is per code point; input is assumed to be NFC.
//
// Ownership: functions write into caller-owned strings; nothing is retained.
// Thread safety: all functions are reentrant and may be called concurrently.
#pragma once

#include <string>
#include <string_view>

namespace fahras {

// Appends the normalised form of `in` to `out` (which is not cleared).
// Never throws on bad input; may throw std::bad_alloc.
void normalize_append(std::string_view in, std::string& out);

// Convenience wrapper returning a new string.
std::string normalize(std::string_view in);

// The same mapping computed entirely through ICU and the Unicode tables, with
// no fast path. It exists so tests and fuzzers can check the fast path
// against a reference; it is slow and not for production use.
std::string normalize_reference(std::string_view in);

// Version of the normalisation rules; bumps whenever output may change.
inline constexpr int kNormalizerVersion = 2;

}  // namespace fahras
