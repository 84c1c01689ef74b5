#include "fahras/tokenizer.h"

#include <limits>
#include <stdexcept>

#include "tok_core.h"

namespace fahras {

Tokenizer::Tokenizer() : buf_(detail::kTokenBufBytes, '\0') {}

void Tokenizer::tokenize(std::string_view text, function_ref<void(const Token&)> sink, std::uint32_t first_position) {
  if (text.size() > std::numeric_limits<std::uint32_t>::max())
    throw std::length_error("fahras: tokenizer input longer than 4 GiB");
  if (buf_.size() < detail::kTokenBufBytes) buf_.resize(detail::kTokenBufBytes);
  detail::tokenize_core(detail::tables(), &buf_[0], text, first_position, sink);
}

}  // namespace fahras
