#include "fahras/lexicon.h"

#include "stem_lexicon.h"

namespace fahras {

bool is_dictionary_word(std::string_view normalized_word) noexcept { return stem_detail::lexicon_has(normalized_word); }

}  // namespace fahras
