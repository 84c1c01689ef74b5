#include "fahras/normalizer.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

#include <cstring>
#include <stdexcept>

#include "norm_tables.h"

namespace fahras {
namespace detail {
namespace {

// ---------------------------------------------------------------------------
// The rules, written as plain data for the fast tables. normalize_reference()
// below derives the same mapping a different way (ICU properties and
// decompositions), so the tests can catch a mistake in either.

bool is_removed(char32_t c) noexcept {
  return (c >= 0x064B && c <= 0x065F) || c == 0x0670 ||  // harakat, tanwin, shadda, sukun, dagger alef
         (c >= 0x06D6 && c <= 0x06ED) ||                 // Qur'anic annotation marks
         (c >= 0x0610 && c <= 0x061A) ||                 // honorific and Qur'anic small signs
         c == 0x0640 ||                                  // tatweel
         c == 0x061C || c == 0x200E || c == 0x200F ||    // bidi marks
         (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200C || c == 0x200D ||  // ZWNJ, ZWJ
         c == 0xFEFF ||               // BOM / zero-width no-break space
         c == 0x00AD || c == 0x2060;  // soft hyphen, word joiner: invisible inside words
}

// Letter folds of the Arabic block; 0 when the letter is kept.
char32_t arabic_fold(char32_t c) noexcept {
  switch (c) {
    case 0x0622:
    case 0x0623:
    case 0x0625:
    case 0x0671:  // آ أ إ ٱ
    case 0x0672:
    case 0x0673:
    case 0x0675:  // wavy/high hamza alefs
      return 0x0627;
    case 0x0649:
    case 0x06CC:
    case 0x06CD:
    case 0x06CE:  // ى ی ۍ ێ
    case 0x06D0:
    case 0x06D2:
    case 0x06D3:  // ې ے ۓ
      return 0x064A;
    case 0x0629:
    case 0x06C0:
    case 0x06C1:
    case 0x06C2:  // ة ۀ ہ ۂ
    case 0x06C3:
    case 0x06D5:
    case 0x06BE:  // ۃ ە ھ
      return 0x0647;
    case 0x06A9:
    case 0x06AA:  // ک ڪ
      return 0x0643;
    case 0x0624:
    case 0x0676:  // ؤ ٶ
    case 0x0626:
    case 0x0678:  // ئ ٸ
      return kHamzaSeatFold;
    default: return 0;
  }
}

std::uint8_t script_bits(char32_t c) noexcept {
  UErrorCode err = U_ZERO_ERROR;
  const UScriptCode sc = uscript_getScript(static_cast<UChar32>(c), &err);
  if (U_FAILURE(err)) return kScriptOther;
  if (sc == USCRIPT_ARABIC) return kScriptArabic;
  if (sc == USCRIPT_LATIN) return kScriptLatin;
  return kScriptOther;
}

bool is_mark(char32_t c) noexcept {
  const auto t = u_charType(static_cast<UChar32>(c));
  return t == U_NON_SPACING_MARK || t == U_COMBINING_SPACING_MARK || t == U_ENCLOSING_MARK;
}

// Full case folding of one code point, as UTF-8. Returns bytes written
// (at most kMaxSlowOut).
std::size_t case_fold(char32_t c, char* out) noexcept {
  UChar src[2];
  int32_t n = 0;
  UBool err1 = false;
  U16_APPEND(src, n, 2, static_cast<UChar32>(c), err1);
  (void)err1;
  UChar dst[8];
  UErrorCode err = U_ZERO_ERROR;
  const int32_t m = u_strFoldCase(dst, 8, src, n, U_FOLD_CASE_DEFAULT, &err);
  if (U_FAILURE(err) || m > 8) return encode_utf8(c, out);
  std::size_t len = 0;
  for (int32_t i = 0; i < m;) {
    UChar32 x;
    U16_NEXT(dst, i, m, x);
    if (len + 4 > kMaxSlowOut) break;
    len += encode_utf8(static_cast<char32_t>(x), out + len);
  }
  return len;
}

// Class and output of a code point that is not a presentation form.
std::size_t compute_base(char32_t c, std::uint8_t& cls, char* out) noexcept {
  if (is_removed(c)) {
    cls = kTransparent;
    return 0;
  }
  if (c < 0x80) {
    const char ch = static_cast<char>(c);
    if (ch >= 'A' && ch <= 'Z') {
      cls = kWord | kScriptLatin;
      out[0] = static_cast<char>(ch - 'A' + 'a');
    } else if (ch >= 'a' && ch <= 'z') {
      cls = kWord | kScriptLatin;
      out[0] = ch;
    } else if (ch >= '0' && ch <= '9') {
      cls = kDigit;
      out[0] = ch;
    } else {
      cls = ch == '.' ? kDot : kSep;
      out[0] = ch;
    }
    return 1;
  }
  if ((c >= 0x0660 && c <= 0x0669) || (c >= 0x06F0 && c <= 0x06F9)) {
    cls = kDigit;
    out[0] = static_cast<char>('0' + (c & 0xF));
    return 1;
  }
  if (c == 0x066B) {  // Arabic decimal separator
    cls = kDot;
    out[0] = '.';
    return 1;
  }
  if (c == 0x066C) {  // Arabic thousands separator
    cls = kSep;
    out[0] = ',';
    return 1;
  }
  if (const char32_t f = arabic_fold(c)) {
    cls = kWord | kScriptArabic;
    return encode_utf8(f, out);
  }
  const auto u = static_cast<UChar32>(c);
  if (u_isalnum(u)) {
    cls = kWord | script_bits(c);
  } else if (is_mark(c)) {
    cls = kWord;
  } else {
    cls = kSep;
  }
  return case_fold(c, out);
}

bool is_presentation_form(char32_t c) noexcept { return (c >= 0xFB50 && c <= 0xFDFF) || (c >= 0xFE70 && c <= 0xFEFF); }

struct Computed {
  std::uint8_t cls = kSep;
  std::string out;
};

Computed compute(char32_t c) {
  Computed r;
  char buf[kMaxSlowOut];
  if (!is_presentation_form(c) || is_removed(c)) {
    const std::size_t n = compute_base(c, r.cls, buf);
    r.out.assign(buf, n);
    return r;
  }
  UErrorCode err = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(err);
  icu::UnicodeString d;
  if (U_FAILURE(err) || !nfkc->getDecomposition(static_cast<UChar32>(c), d)) {
    const std::size_t n = compute_base(c, r.cls, buf);
    r.out.assign(buf, n);
    return r;
  }
  // getDecomposition() gives the raw mapping; normalise it fully.
  d = nfkc->normalize(d, err);
  bool any_word = false, any_sep = false;
  std::uint8_t scripts = 0;
  for (int32_t i = 0; i < d.length();) {
    const UChar32 x = d.char32At(i);
    i += U16_LENGTH(x);
    std::uint8_t cls;
    const std::size_t n = compute_base(static_cast<char32_t>(x), cls, buf);
    r.out.append(buf, n);
    switch (cls & kClassMask) {
      case kTransparent: break;
      case kSep:
      case kDot:
      case kExpand: any_sep = true; break;
      default:
        any_word = true;
        scripts = static_cast<std::uint8_t>(scripts | (cls & ~kClassMask));
        break;
    }
  }
  if (any_word && any_sep) {
    // The tokeniser relies on this shape: Arabic words joined by single spaces.
    r.cls = kExpand;
    bool ok = !r.out.empty() && r.out.front() != ' ' && r.out.back() != ' ' && r.out.find("  ") == std::string::npos;
    for (std::size_t i = 0; ok && i < r.out.size(); ++i) {
      const auto b = static_cast<unsigned char>(r.out[i]);
      if (b == ' ') continue;
      ok = b - 0xD8u < 4u && i + 1 < r.out.size();
      if (ok) {
        const unsigned cp = ((b & 0x1Fu) << 6) | (static_cast<unsigned char>(r.out[i + 1]) & 0x3Fu);
        std::uint8_t c2;
        char tmp[kMaxSlowOut];
        compute_base(cp, c2, tmp);
        ok = c2 == (kWord | kScriptArabic);
        ++i;
      }
    }
    if (!ok) r.cls = kSep;
  } else if (any_word) {
    r.cls = static_cast<std::uint8_t>(kWord | scripts);
  } else if (any_sep) {
    r.cls = kSep;
  } else {
    r.cls = kTransparent;
  }
  return r;
}

void fill(CpEntry& e, const Computed& c, std::vector<char>& pool) {
  e.cls = c.cls;
  e.len = static_cast<std::uint8_t>(c.out.size());
  e.pool = 0;
  std::memset(e.inl, 0, sizeof e.inl);
  if (c.out.size() <= 4) {
    std::memcpy(e.inl, c.out.data(), c.out.size());
  } else {
    if (pool.size() + c.out.size() > 0xFFFF || c.out.size() > 0xFF)
      throw std::logic_error("fahras: normaliser pool overflow");
    e.pool = static_cast<std::uint16_t>(pool.size());
    pool.insert(pool.end(), c.out.begin(), c.out.end());
  }
}

Tables* build_tables() {
  auto* t = new Tables;
  for (char32_t c = 0; c < 0x800; ++c) fill(t->two[c], compute(c), t->pool);
  // The dagger alef is the letter ا, save after ى (kDaggerAlef): the passes
  // decide that from context, so it is kept out of the letter fast path below.
  fill(t->two[kDaggerAlef], Computed{static_cast<std::uint8_t>(kWord | kScriptArabic), "\xD8\xA7"}, t->pool);
  for (char32_t c = 0x2000; c < 0x2070; ++c) fill(t->punct[c - 0x2000], compute(c), t->pool);
  for (char32_t c = 0xFB50; c < 0xFF00; ++c) fill(t->pres[c - 0xFB50], compute(c), t->pool);
  for (unsigned lead = 0xD8; lead <= 0xDB; ++lead) {
    for (unsigned trail = 0; trail < 256; ++trail) {
      std::uint16_t v = 0;
      std::uint8_t code = Tables::kUnpackable;
      if ((trail & 0xC0u) == 0x80u) {
        const CpEntry& e = t->two[((lead & 0x1Fu) << 6) | (trail & 0x3Fu)];
        if (e.cls == (kWord | kScriptArabic) && ((lead & 0x1Fu) << 6 | (trail & 0x3Fu)) != kDaggerAlef) {
          if (e.len != 2) throw std::logic_error("fahras: an Arabic letter must fold to a 2-byte letter");
          std::memcpy(&v, e.inl, 2);
          const auto b0 = static_cast<unsigned char>(e.inl[0]);
          const auto b1 = static_cast<unsigned char>(e.inl[1]);
          const unsigned cp = ((b0 & 0x1Fu) << 6) | (b1 & 0x3Fu);
          if (b0 >= 0xD8 && b0 <= 0xD9 && cp >= 0x621 && cp <= 0x65F) code = static_cast<std::uint8_t>(cp - 0x620);
        }
      }
      t->arabic_pair[((lead - 0xD8u) << 8) | trail] = v;
      t->arabic_code[((lead - 0xD8u) << 8) | trail] = code;
    }
  }
  return t;
}

}  // namespace

const Tables& tables() {
  static const Tables* const t = build_tables();  // never freed: used until exit
  return *t;
}

std::size_t compute_slow(char32_t cp, std::uint8_t& cls, char* out) noexcept { return compute_base(cp, cls, out); }

}  // namespace detail

// ---------------------------------------------------------------------------

void normalize_append(std::string_view in, std::string& out) {
  using namespace detail;
  const Tables& t = tables();
  const auto* p = reinterpret_cast<const unsigned char*>(in.data());
  const auto* const begin = p;
  const auto* const end = p + in.size();
  // Inline outputs are at most 3 bytes per input byte (U+FFFD for one bad
  // byte), plus 4 for the unconditional 4-byte copy; longer outputs check.
  std::size_t w = out.size();
  out.resize(w + 3 * in.size() + 8);
  char* o = &out[0];
  auto ensure = [&](std::size_t extra) {
    const std::size_t need = w + extra + 3 * static_cast<std::size_t>(end - p) + 8;
    if (need > out.size()) {
      out.resize(need + need / 2);
      o = &out[0];
    }
  };
  while (p < end) {
    const unsigned b = *p;
    const CpEntry* e;
    if (b < 0x80) {
      e = &t.two[b];
      ++p;
    } else if (b - 0xC2u < 0x1Eu && p + 1 < end && (p[1] & 0xC0u) == 0x80u) {
      const unsigned cp = ((b & 0x1Fu) << 6) | (p[1] & 0x3Fu);
      e = &t.two[cp];
      p += 2;
      // ىٰ: the dagger alef is removed after ى (kDaggerAlef); rare, so kept out of line.
      if (__builtin_expect(cp == kDaggerAlef, 0) && dagger_after_maksura(t, begin, p - 2)) continue;
    } else {
      char32_t cp;
      const std::size_t n = decode_utf8(p, end, cp);
      p += n;
      if (cp == kInvalid) {
        std::memcpy(o + w, "\xEF\xBF\xBD", 3);
        w += 3;
        continue;
      }
      e = lookup3(t, cp);
      if (e == nullptr) {
        char buf[kMaxSlowOut];
        std::uint8_t cls;
        const std::size_t m = compute_slow(cp, cls, buf);
        ensure(m);
        std::memcpy(o + w, buf, m);
        w += m;
        continue;
      }
    }
    if (e->len <= 4) {
      std::memcpy(o + w, e->inl, 4);
      w += e->len;
    } else {
      ensure(e->len);
      std::memcpy(o + w, t.pool.data() + e->pool, e->len);
      w += e->len;
    }
  }
  out.resize(w);
}

std::string normalize(std::string_view in) {
  std::string out;
  normalize_append(in, out);
  return out;
}

// ---------------------------------------------------------------------------
// The reference: the same rules derived per code point from ICU properties,
// canonical decompositions and full case folding, with no tables.

namespace {

bool ref_removed(UChar32 c) {
  if (u_hasBinaryProperty(c, UCHAR_BIDI_CONTROL) || u_hasBinaryProperty(c, UCHAR_JOIN_CONTROL)) return true;
  if (c == 0xFEFF || c == 0x00AD || c == 0x2060 || c == 0x0640) return true;
  if (ublock_getCode(c) != UBLOCK_ARABIC) return false;
  return (c >= 0x064B && c <= 0x065F) || c == 0x0670 || (c >= 0x06D6 && c <= 0x06ED) || (c >= 0x0610 && c <= 0x061A);
}

void append_utf8(std::string& out, UChar32 c) {
  char buf[4];
  out.append(buf, detail::encode_utf8(static_cast<char32_t>(c), buf));
}

// Arabic letters: fold letters without a decomposition by name, and letters
// with a hamza or madda (canonical decomposition letter + U+0653/0654/0655)
// to their base letter, repeatedly.
UChar32 ref_fold_arabic(UChar32 c) {
  UErrorCode err = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(err);
  for (int guard = 0; guard < 4; ++guard) {
    switch (c) {
      case 0x0671:
      case 0x0672:
      case 0x0673:
      case 0x0675: c = 0x0627; continue;
      case 0x0649:
      case 0x06CC:
      case 0x06CD:
      case 0x06CE:
      case 0x06D0:
      case 0x06D2: c = 0x064A; continue;
      case 0x0629:
      case 0x06C1:
      case 0x06C3:
      case 0x06D5:
      case 0x06BE: c = 0x0647; continue;
      case 0x06A9:
      case 0x06AA: c = 0x0643; continue;
      case 0x0676: c = 0x0624; continue;  // compatibility form of waw + high hamza
      case 0x0678: c = 0x0626; continue;
      default: break;
    }
    icu::UnicodeString d;
    if (U_FAILURE(err) || !nfd->getDecomposition(c, d) || d.countChar32() != 2) break;
    const UChar32 base = d.char32At(0);
    const UChar32 mark = d.char32At(d.moveIndex32(0, 1));
    if (mark < 0x0653 || mark > 0x0655) break;
    // A hamza above on waw or yeh is a hamza on a seat: the seat goes.
    c = mark == 0x0654 && (base == 0x0648 || base == 0x064A) ? static_cast<UChar32>(detail::kHamzaSeatFold) : base;
  }
  return c;
}

void ref_base(UChar32 c, std::string& out) {
  if (ref_removed(c)) return;
  if (ublock_getCode(c) == UBLOCK_ARABIC) {
    const int32_t dv = u_charDigitValue(c);
    if (dv >= 0) {
      out.push_back(static_cast<char>('0' + dv));
      return;
    }
    if (c == 0x066B) {
      out.push_back('.');
      return;
    }
    if (c == 0x066C) {
      out.push_back(',');
      return;
    }
    append_utf8(out, ref_fold_arabic(c));
    return;
  }
  icu::UnicodeString s(c);
  s.foldCase(U_FOLD_CASE_DEFAULT);
  s.toUTF8String(out);
}

}  // namespace

std::string normalize_reference(std::string_view in) {
  std::string out;
  UErrorCode err = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(err);
  if (U_FAILURE(err)) throw std::runtime_error("fahras: ICU NFKC data unavailable");
  const auto* s = reinterpret_cast<const uint8_t*>(in.data());
  const auto n = static_cast<int32_t>(in.size());
  UChar32 kept = -1;  // the last code point whose output was not empty
  for (int32_t i = 0; i < n;) {
    UChar32 c;
    U8_NEXT(s, i, n, c);
    const std::size_t before = out.size();
    if (c < 0) {
      append_utf8(out, 0xFFFD);
      kept = 0xFFFD;
      continue;
    }
    if (c == 0x0670) {  // dagger alef: a long ā, written by ى before it
      if (kept != 0x0649) append_utf8(out, 0x0627);
      if (out.size() != before) kept = c;
      continue;
    }
    const bool pres = (c >= 0xFB50 && c <= 0xFDFF) || (c >= 0xFE70 && c <= 0xFEFF);
    if (!pres || ref_removed(c)) {
      ref_base(c, out);
    } else {
      const icu::UnicodeString d = nfkc->normalize(icu::UnicodeString(c), err);
      for (int32_t j = 0; j < d.length();) {
        const UChar32 x = d.char32At(j);
        j += U16_LENGTH(x);
        ref_base(x, out);
      }
    }
    if (out.size() != before) kept = c;
  }
  return out;
}

}  // namespace fahras
