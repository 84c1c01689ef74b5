// fuzz_stemmer: fahras::LightStemmer on every word the tokeniser finds in
// any bytes, and on every space-separated piece of the normalised input
// (normalised, but with punctuation and junk left in).
// Invariants (stemmer.h): the stem of a non-empty word is non-empty and never
// longer than the word; words that are not Arabic come back unchanged;
// stemming is deterministic (same result from another instance, on another
// copy of the word); a stem is valid UTF-8 whenever the word is (a stem is
// written as a Xapian term and shown to users).
// Raw, unnormalised bytes are outside the contract, so for them only
// "no crash, no read out of bounds, not longer than the input" is checked.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "fahras/normalizer.h"
#include "fahras/stemmer.h"
#include "fahras/tokenizer.h"
#include "fuzz_check.h"

namespace {

using fahras_fuzz::hex;

const fahras::LightStemmer kStemmer;

void check_word(std::string_view input, std::string_view word, bool arabic_or_unknown) {
  const std::string_view stem = kStemmer.stem(word);
  const std::string detail = "input " + hex(input) + "\nword " + hex(word) + "\nstem " + hex(stem);
  FUZZ_CHECK(!stem.empty(), detail);
  FUZZ_CHECK(stem.size() <= word.size(), detail);
  if (fahras_fuzz::valid_utf8(word)) FUZZ_CHECK(fahras_fuzz::valid_utf8(stem), detail);
  if (!arabic_or_unknown) FUZZ_CHECK(stem == word, detail + "\na word that is not Arabic must come back unchanged");

  // Exactly sized heap copy: AddressSanitizer sees any read past its end.
  const auto copy = std::make_unique<char[]>(word.size());
  std::copy(word.begin(), word.end(), copy.get());
  const fahras::LightStemmer other;
  const std::string_view again = other.stem(std::string_view(copy.get(), word.size()));
  FUZZ_CHECK(again == stem, detail + "\nsecond stem " + hex(again));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);

  const std::string_view raw = kStemmer.stem(in);
  FUZZ_CHECK(raw.size() <= in.size(), "input " + hex(in) + "\nstem " + hex(raw));

  static fahras::Tokenizer tokenizer;
  tokenizer.tokenize(in,
                     [&](const fahras::Token& t) { check_word(in, t.norm, t.script == fahras::TokenScript::kArabic); });

  const std::string norm = fahras::normalize(in);
  for (std::size_t b = 0; b < norm.size();) {
    std::size_t e = norm.find(' ', b);
    if (e == std::string::npos) e = norm.size();
    if (e > b) check_word(in, std::string_view(norm).substr(b, e - b), true);
    b = e + 1;
  }
  return 0;
}
