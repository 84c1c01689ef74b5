// fuzz_tokenizer: any bytes through fahras::Tokenizer.
// Invariants (tokenizer.h and stemmer/README.md, "What the tokeniser does"):
//  - norm is non-empty and at most kMaxTokenBytes; begin < end <= size;
//  - tokens come in text order with strictly increasing positions, starting
//    at first_position or later; they do not overlap, except the tokens of
//    one multi-word ligature (U+FDFA), which share its byte range;
//  - the token's slice of the original text, normalised, is its norm (or,
//    when the slice holds a multi-word ligature, one of the words it spells);
//  - a token is one word: tokenising its norm gives back exactly that norm;
//  - script: Number iff the norm is digits with single dots between them;
//    Arabic iff it holds an Arabic-script letter, else Latin iff it holds a
//    Latin letter;
//  - first_position only shifts positions; tokenising normalize(text)
//    gives the same norms (a property the unit tests also check).
#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fahras/normalizer.h"
#include "fahras/tokenizer.h"
#include "fuzz_check.h"

namespace {

using fahras::TokenScript;
using fahras_fuzz::hex;

struct Tok {
  std::string norm;
  std::uint32_t begin, end, position;
  TokenScript script;
  bool operator==(const Tok& o) const {
    return norm == o.norm && begin == o.begin && end == o.end && position == o.position && script == o.script;
  }
};

std::vector<Tok> tokens(std::string_view text, std::uint32_t first = 0) {
  static fahras::Tokenizer tokenizer;  // reused, as in production: scratch must not leak between calls
  std::vector<Tok> out;
  tokenizer.tokenize(
      text,
      [&](const fahras::Token& t) {
        out.push_back({std::string(t.norm), t.begin, t.end, t.position, t.script});
      },
      first);
  return out;
}

std::vector<std::string> norms(const std::vector<Tok>& toks) {
  std::vector<std::string> out;
  for (const Tok& t : toks) out.push_back(t.norm);
  return out;
}

bool is_number(std::string_view s) {
  if (s.empty() || s.front() == '.' || s.back() == '.') return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '.') {
      if (s[i + 1] == '.') return false;
    } else if (s[i] < '0' || s[i] > '9') {
      return false;
    }
  }
  return true;
}

TokenScript expected_script(std::string_view norm) {
  bool arabic = false, latin = false;
  for (std::size_t i = 0; i < norm.size();) {
    const auto c = static_cast<UChar32>(fahras_fuzz::next_code_point(norm, i));
    if (!u_isalnum(c)) continue;
    UErrorCode err = U_ZERO_ERROR;
    const UScriptCode sc = uscript_getScript(c, &err);
    arabic |= sc == USCRIPT_ARABIC;
    latin |= sc == USCRIPT_LATIN;
  }
  if (arabic) return TokenScript::kArabic;
  if (latin) return TokenScript::kLatin;
  if (is_number(norm)) return TokenScript::kNumber;
  return TokenScript::kOther;
}

std::string describe(std::string_view text, const Tok& t) {
  return "input " + hex(text) + "\ntoken [" + std::to_string(t.begin) + "," + std::to_string(t.end) + ") pos " +
         std::to_string(t.position) + " script " + std::to_string(static_cast<int>(t.script)) + " norm " + hex(t.norm);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::vector<Tok> toks = tokens(text);

  for (std::size_t i = 0; i < toks.size(); ++i) {
    const Tok& t = toks[i];
    FUZZ_CHECK(!t.norm.empty(), describe(text, t));
    FUZZ_CHECK(t.norm.size() <= fahras::Tokenizer::kMaxTokenBytes, describe(text, t));
    FUZZ_CHECK(t.begin < t.end && t.end <= size, describe(text, t));
    FUZZ_CHECK(fahras_fuzz::valid_utf8(t.norm), describe(text, t));
    if (i > 0) {
      const Tok& prev = toks[i - 1];
      FUZZ_CHECK(t.position > prev.position, describe(text, t));
      FUZZ_CHECK(t.begin >= prev.begin, describe(text, t));
      if (t.begin < prev.end) {
        const std::string shared = fahras::normalize(text.substr(t.begin, prev.end - t.begin));
        FUZZ_CHECK(shared.find(' ') != std::string::npos,
                   describe(text, t) + "\noverlaps the previous token, but not in a multi-word ligature");
      }
    }

    const std::string slice = fahras::normalize(text.substr(t.begin, t.end - t.begin));
    if (slice.find(' ') != std::string::npos) {
      FUZZ_CHECK((" " + slice + " ").find(" " + t.norm + " ") != std::string::npos,
                 describe(text, t) + "\nnormalised slice " + hex(slice));
    } else {
      FUZZ_CHECK(slice == t.norm, describe(text, t) + "\nnormalised slice " + hex(slice));
    }

    const std::vector<Tok> again = tokens(t.norm);
    FUZZ_CHECK(again.size() == 1 && again[0].norm == t.norm && again[0].script == t.script,
               describe(text, t) + "\nre-tokenising the norm gives " + std::to_string(again.size()) + " tokens");
    FUZZ_CHECK(t.script == expected_script(t.norm),
               describe(text, t) + "\nexpected script " + std::to_string(static_cast<int>(expected_script(t.norm))));
  }

  const std::vector<Tok> shifted = tokens(text, 1000);
  FUZZ_CHECK(shifted.size() == toks.size(), "input " + hex(text));
  for (std::size_t i = 0; i < toks.size(); ++i) {
    Tok expect = toks[i];
    expect.position += 1000;
    FUZZ_CHECK(shifted[i] == expect, describe(text, shifted[i]));
  }

  const std::string normalised = fahras::normalize(text);
  FUZZ_CHECK(norms(tokens(normalised)) == norms(toks),
             "input " + hex(text) + "\nnormalised " + hex(normalised) + "\ntokenising it gives other norms");
  return 0;
}
