// fuzz_normalizer: any bytes through fahras::normalize.
// Invariants: the table-driven fast path equals the ICU reference; the output
// is valid UTF-8 (ill-formed input becomes U+FFFD); normalisation is
// idempotent; normalize_append only appends; and, since the mapping is per
// code point, splitting the input before any byte that cannot continue a
// UTF-8 sequence splits the output the same way. One mapping looks back: the
// dagger alef (U+0670) is ا except right after ى, where it is removed
// (normaliser 2; marks and other removed code points between them do not
// count), so the check is left out when a dagger alef follows the cut with
// nothing kept before it.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fahras/normalizer.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using fahras_fuzz::hex;
  const std::string_view in(reinterpret_cast<const char*>(data), size);

  const std::string fast = fahras::normalize(in);
  FUZZ_CHECK(fast == fahras::normalize_reference(in),
             "input " + hex(in) + "\nfast " + hex(fast) + "\nref  " + hex(fahras::normalize_reference(in)));
  FUZZ_CHECK(fahras_fuzz::valid_utf8(fast), "input " + hex(in) + "\noutput " + hex(fast));
  const std::string twice = fahras::normalize(fast);
  FUZZ_CHECK(twice == fast, "input " + hex(in) + "\nonce  " + hex(fast) + "\ntwice " + hex(twice));

  std::string appended = "\xD8\xA7x";  // existing content must survive
  fahras::normalize_append(in, appended);
  FUZZ_CHECK(appended == "\xD8\xA7x" + fast, "input " + hex(in) + "\nappended " + hex(appended));

  if (size > 1) {
    // Split point chosen by the input itself, moved back to a byte that
    // starts a code point (or an ill-formed subpart): no decoded sequence
    // can span it.
    std::size_t cut = data[0] % size;
    while (cut > 0 && (data[cut] & 0xC0u) == 0x80u) --cut;
    // A dagger alef with nothing kept between the cut and it looks back
    // across the cut for its ى.
    const std::string_view tail = in.substr(cut);
    const std::size_t dagger = tail.find("\xD9\xB0");
    if (dagger != std::string_view::npos && fahras::normalize(tail.substr(0, dagger)).empty()) return 0;
    const std::string joined = fahras::normalize(in.substr(0, cut)) + fahras::normalize(in.substr(cut));
    FUZZ_CHECK(joined == fast, "input " + hex(in) + "\ncut at " + std::to_string(cut) + "\nwhole " + hex(fast) +
                                   "\nparts " + hex(joined));
  }
  return 0;
}
