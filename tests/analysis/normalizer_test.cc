// Behaviour of the Arabic-aware normaliser, one rule per test.
#include "fahras/normalizer.h"

#include <gtest/gtest.h>

#include <string>

#include "test_util.h"

namespace {

using fahras::normalize;
using fahras::normalize_reference;

using fahras::test::utf8;

// Every code point of [first, last] inserted after the first letter of
// "كتب" must vanish.
void expect_range_removed(char32_t first, char32_t last) {
  for (char32_t c = first; c <= last; ++c) {
    const std::string in = "ك" + utf8(c) + "تب";
    EXPECT_EQ(normalize(in), "كتب") << "U+" << std::hex << static_cast<unsigned>(c);
  }
}

TEST(Normalizer, RemovesHarakat) {
  EXPECT_EQ(normalize("كَتَبَ"), "كتب");
  EXPECT_EQ(normalize("كُتِبَ"), "كتب");
}

TEST(Normalizer, RemovesTanwin) {
  EXPECT_EQ(normalize("مصدراً"), "مصدرا");
  EXPECT_EQ(normalize("كتابٌ"), "كتاب");
  EXPECT_EQ(normalize("كتابٍ"), "كتاب");
}

TEST(Normalizer, RemovesShadda) { EXPECT_EQ(normalize("شدّد"), "شدد"); }

TEST(Normalizer, RemovesSukun) { EXPECT_EQ(normalize("قُلْ"), "قل"); }

TEST(Normalizer, DaggerAlefIsAlefSoUthmaniSpellingMeetsModernSpelling) {
  // Issue 21: an MSA query must find the Qur'an's Uthmani text.
  EXPECT_EQ(normalize("ٱلْكِتَٰبُ"), normalize("الكتاب"));
  EXPECT_EQ(normalize("ٱلْعَٰلَمِينَ"), normalize("العالمين"));
  EXPECT_EQ(normalize("ٱلسَّمَٰوَٰتِ"), normalize("السماوات"));
  EXPECT_EQ(normalize("ٱلصَّٰبِرِينَ"), "الصابرين");
  EXPECT_EQ(normalize("هٰذا"), "هاذا");
}

TEST(Normalizer, DaggerAlefAfterAlefMaksuraIsRemoved) {
  EXPECT_EQ(normalize("عَلَىٰ"), normalize("على"));
  EXPECT_EQ(normalize("مُوسَىٰٓ"), normalize("موسى"));
  // Marks between ى and the dagger alef do not count (the nearest kept code point decides).
  EXPECT_EQ(normalize("عَلَىَٰ"), "علي");
  // A ligature keeps its old reading: ﱝ (ى with dagger alef) is ي.
  EXPECT_EQ(normalize("\uFC5D"), normalize_reference("\uFC5D"));
}

TEST(Normalizer, DaggerAlefFastPathAgreesWithReferenceInContext) {
  for (const char* s : {"ىٰ", "ىَٰ", "ى\u200Dٰ", "aٰ", "ٰ", "5ٰ", "ﯨٰ", "\xFFٰ", "ىىٰٰ", "يٰ", "ﱝٰ", "ٰٰ"})
    EXPECT_EQ(normalize(s), normalize_reference(s)) << testing::PrintToString(std::string(s));
}

TEST(Normalizer, RemovesWholeHarakatRange) { expect_range_removed(0x064B, 0x065F); }

TEST(Normalizer, RemovesQuranicAnnotationMarks) {
  expect_range_removed(0x06D6, 0x06ED);
  EXPECT_EQ(normalize("الرَّحِيمِ ۝"), "الرحيم ");
}

TEST(Normalizer, RemovesArabicSmallHighSigns) { expect_range_removed(0x0610, 0x061A); }

TEST(Normalizer, RemovesTatweel) { EXPECT_EQ(normalize("جـــميل"), "جميل"); }

TEST(Normalizer, RemovesBidiControls) {
  expect_range_removed(0x200E, 0x200F);
  expect_range_removed(0x202A, 0x202E);
  expect_range_removed(0x2066, 0x2069);
  expect_range_removed(0x061C, 0x061C);
}

TEST(Normalizer, RemovesZeroWidthJoinerAndNonJoiner) {
  expect_range_removed(0x200C, 0x200D);
  EXPECT_EQ(normalize("می‌خواهم"), "ميخواهم");
}

TEST(Normalizer, RemovesByteOrderMark) { EXPECT_EQ(normalize("\xEF\xBB\xBFسلام"), "سلام"); }

TEST(Normalizer, RemovesSoftHyphenAndWordJoiner) {
  EXPECT_EQ(normalize("infor\xC2\xADmation"), "information");
  expect_range_removed(0x2060, 0x2060);
}

TEST(Normalizer, KeepsZeroWidthSpaceAsIs) {
  // U+200B is a word boundary, not an invisible part of a word.
  EXPECT_EQ(normalize("a\xE2\x80\x8B"
                      "b"),
            "a\xE2\x80\x8B"
            "b");
}

TEST(Normalizer, FoldsAlefWithHamzaAboveToBareAlef) { EXPECT_EQ(normalize("أحمد"), "احمد"); }

TEST(Normalizer, FoldsAlefWithHamzaBelowToBareAlef) { EXPECT_EQ(normalize("إسلام"), "اسلام"); }

TEST(Normalizer, FoldsAlefWithMaddaToBareAlef) { EXPECT_EQ(normalize("آخر"), "اخر"); }

TEST(Normalizer, FoldsAlefWaslaToBareAlef) { EXPECT_EQ(normalize("ٱلله"), "الله"); }

TEST(Normalizer, FoldsWavyHamzaAlefsToBareAlef) {
  EXPECT_EQ(normalize(utf8(0x0672)), "ا");
  EXPECT_EQ(normalize(utf8(0x0673)), "ا");
}

TEST(Normalizer, FoldsAlefMaksuraToYeh) { EXPECT_EQ(normalize("مصطفى"), "مصطفي"); }

TEST(Normalizer, FoldsTehMarbutaToHeh) { EXPECT_EQ(normalize("مدرسة"), "مدرسه"); }

TEST(Normalizer, FoldsPersianKehehAndSwashKafToKaf) {
  EXPECT_EQ(normalize("کتاب"), "كتاب");
  EXPECT_EQ(normalize(utf8(0x06AA)), "ك");
}

TEST(Normalizer, FoldsFarsiYehToArabicYeh) { EXPECT_EQ(normalize("ایران"), "ايران"); }

TEST(Normalizer, FoldsUrduHehGoalAndAeToHeh) {
  EXPECT_EQ(normalize(utf8(0x06C1)), "ه");
  EXPECT_EQ(normalize(utf8(0x06D5)), "ه");
  EXPECT_EQ(normalize(utf8(0x06C0)), "ه");
  EXPECT_EQ(normalize(utf8(0x06BE)), "ه");
}

TEST(Normalizer, FoldsYehBarreeToYeh) { EXPECT_EQ(normalize(utf8(0x06D2)), "ي"); }

TEST(Normalizer, FoldsHamzaOnWawAndYehToLoneHamza) {
  // Measured decision; stemmer/README.md has the numbers.
  EXPECT_EQ(normalize("مسؤول"), "مسءول");
  EXPECT_EQ(normalize("مسئول"), "مسءول");
  EXPECT_EQ(normalize("رئيس"), "رءيس");
  EXPECT_EQ(normalize(utf8(0x0676)), "ء");  // high hamza waw
  EXPECT_EQ(normalize(utf8(0x0678)), "ء");  // high hamza yeh
}

TEST(Normalizer, KeepsHamzaSeatsApartFromPlainWawAndYeh) {
  EXPECT_NE(normalize("هادئ"), normalize("هادي"));
  EXPECT_NE(normalize("تؤمن"), normalize("تومن"));
}

TEST(Normalizer, KeepsLoneHamza) { EXPECT_EQ(normalize("ماء"), "ماء"); }

TEST(Normalizer, MapsArabicIndicDigitsToAscii) { EXPECT_EQ(normalize("٠١٢٣٤٥٦٧٨٩"), "0123456789"); }

TEST(Normalizer, MapsExtendedArabicIndicDigitsToAscii) { EXPECT_EQ(normalize("۰۱۲۳۴۵۶۷۸۹"), "0123456789"); }

TEST(Normalizer, MapsArabicDecimalSeparatorToDot) { EXPECT_EQ(normalize("٣٫٥"), "3.5"); }

TEST(Normalizer, MapsPresentationFormsToBaseLetters) {
  // ﺑ ﻛ ﺘ ﺎ ﺏ: initial/medial/final forms.
  EXPECT_EQ(normalize("\xEF\xBA\x91"), "ب");
  EXPECT_EQ(normalize("ﻛﺘﺎﺏ"), "كتاب");
  // Forms-A letters fold like their base: ﮎ (keheh isolated) -> ك.
  EXPECT_EQ(normalize(utf8(0xFB8E)), "ك");
  // A final teh marbuta form folds to heh.
  EXPECT_EQ(normalize(utf8(0xFE94)), "ه");
}

TEST(Normalizer, MapsLamAlefLigaturesToLamAlef) {
  EXPECT_EQ(normalize("ﻻ"), "لا");
  EXPECT_EQ(normalize("ﻷ"), "لا");  // lam-alef with hamza: the alef folds too
  EXPECT_EQ(normalize("ﻹ"), "لا");
  EXPECT_EQ(normalize("ﻵ"), "لا");
}

TEST(Normalizer, ExpandsWordLigatures) {
  EXPECT_EQ(normalize("ﷲ"), "الله");
  EXPECT_EQ(normalize("ﷺ"), "صلي الله عليه وسلم");
}

TEST(Normalizer, CaseFoldsAscii) { EXPECT_EQ(normalize("Hello WORLD 42"), "hello world 42"); }

TEST(Normalizer, CaseFoldsOtherLatinWithFullFolding) {
  EXPECT_EQ(normalize("ÉCOLE"), "école");
  EXPECT_EQ(normalize("Straße"), "strasse");
  EXPECT_EQ(normalize("ﬁle"), "file");
}

TEST(Normalizer, CaseFoldsOtherScripts) {
  EXPECT_EQ(normalize("ΣΟΦΙΑ"), "σοφια");
  EXPECT_EQ(normalize("МОСКВА"), "москва");
}

TEST(Normalizer, LeavesUncasedScriptsAlone) {
  EXPECT_EQ(normalize("中文"), "中文");
  EXPECT_EQ(normalize("שלום"), "שלום");
}

TEST(Normalizer, KeepsPunctuationAndSpaces) { EXPECT_EQ(normalize("«نعم»، “لا”؟"), "«نعم»، “لا”؟"); }

TEST(Normalizer, ReplacesInvalidBytesWithReplacementCharacter) {
  const std::string fffd = "\xEF\xBF\xBD";
  EXPECT_EQ(normalize("a\xFF"
                      "b"),
            "a" + fffd + "b");
  EXPECT_EQ(normalize("\x80"), fffd);
}

TEST(Normalizer, TreatsOverlongsAndSurrogatesAsInvalid) {
  const std::string fffd = "\xEF\xBF\xBD";
  EXPECT_EQ(normalize("\xC0\xAF"), fffd + fffd);                        // overlong '/'
  EXPECT_EQ(normalize("\xE0\x80\xAF"), fffd + fffd + fffd);             // overlong, 3 bytes
  EXPECT_EQ(normalize("\xED\xA0\x80"), fffd + fffd + fffd);             // surrogate U+D800
  EXPECT_EQ(normalize("\xF4\x90\x80\x80"), fffd + fffd + fffd + fffd);  // > U+10FFFF
}

TEST(Normalizer, ReplacesTruncatedSequenceWithOneReplacementCharacter) {
  const std::string fffd = "\xEF\xBF\xBD";
  EXPECT_EQ(normalize("ك\xD9"), "ك" + fffd);
  EXPECT_EQ(normalize("x\xE2\x80"), "x" + fffd);
  EXPECT_EQ(normalize("\xF0\x9F\x98"), fffd);
}

TEST(Normalizer, KeepsNulBytes) { EXPECT_EQ(normalize(std::string("a\0b", 3)), std::string("a\0b", 3)); }

TEST(Normalizer, AppendKeepsExistingContent) {
  std::string out = "prefix:";
  fahras::normalize_append("أَحمد", out);
  EXPECT_EQ(out, "prefix:احمد");
}

TEST(Normalizer, EmptyInputGivesEmptyOutput) { EXPECT_EQ(normalize(""), ""); }

TEST(Normalizer, IsIdempotentOnMixedText) {
  const std::string in = "قال الرئيسُ «أحمد» إنّ ٣٫٥ ﻷن Straße ﷺ ک ی ۀ";
  const std::string once = normalize(in);
  EXPECT_EQ(normalize(once), once);
}

TEST(Normalizer, FastPathAgreesWithReferenceOnEveryCodePoint) {
  int mismatches = 0;
  for (char32_t c = 0; c < 0x110000; ++c) {
    if (c >= 0xD800 && c < 0xE000) continue;
    const std::string s = utf8(c);
    const std::string fast = normalize(s), ref = normalize_reference(s);
    if (fast != ref && ++mismatches <= 10) {
      ADD_FAILURE() << "U+" << std::hex << static_cast<unsigned>(c) << ": fast '" << fast << "' reference '" << ref
                    << "'";
    }
  }
  EXPECT_EQ(mismatches, 0);
}

TEST(Normalizer, ReferenceAgreesOnInvalidSequences) {
  for (const char* s : {"\xFF", "\xC0\xAF", "\xE0\x80\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xD9", "\xE2\x80",
                        "\xF0\x9F\x98", "a\xC3", "\xC3\x28"}) {
    EXPECT_EQ(normalize(s), normalize_reference(s)) << "input bytes: " << testing::PrintToString(std::string(s));
  }
}

}  // namespace
