#include "baselines.h"

#include <stdexcept>
#include <string>

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/unistr.h>
#include <unicode/ustring.h>

namespace fahras::bench {

std::uint64_t count_words(std::string_view text) {
  std::uint64_t n = 0;
  scan_words(text, [&n](std::size_t, std::size_t) { ++n; });
  return n;
}

IcuWordBreaker::IcuWordBreaker() {
  UErrorCode status = U_ZERO_ERROR;
  it_.reset(icu::BreakIterator::createWordInstance(icu::Locale("ar"), status));
  if (U_FAILURE(status) || !it_) {
    throw std::runtime_error(std::string("ICU word BreakIterator: ") + u_errorName(status));
  }
}

IcuWordBreaker::~IcuWordBreaker() = default;

std::uint64_t IcuWordBreaker::count_words(std::string_view utf8) {
  // UTF-16 never needs more code units than UTF-8 has bytes.
  if (buf_.size() < utf8.size() + 1) buf_.resize(utf8.size() + 1);
  UErrorCode status = U_ZERO_ERROR;
  int32_t len = 0;
  u_strFromUTF8WithSub(buf_.data(), static_cast<int32_t>(buf_.size()), &len, utf8.data(),
                       static_cast<int32_t>(utf8.size()), 0xFFFD, nullptr, &status);
  if (U_FAILURE(status)) throw std::runtime_error(std::string("u_strFromUTF8: ") + u_errorName(status));
  // A read-only alias: the BreakIterator reads our buffer without copying it.
  const icu::UnicodeString alias(false, buf_.data(), len);
  it_->setText(alias);
  std::uint64_t words = 0;
  for (int32_t end = it_->next(); end != icu::BreakIterator::DONE; end = it_->next()) {
    if (it_->getRuleStatus() != UBRK_WORD_NONE) ++words;
  }
  return words;
}

}  // namespace fahras::bench
