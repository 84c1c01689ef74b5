#include "fahras/vocabulary.h"

#include <functional>

#include "fahras/schema.h"

namespace fahras {

namespace {

// UTF-8 lead bytes of U+0600-U+06FF.
constexpr unsigned char kFirstLead = 0xD8;
constexpr unsigned char kLastLead = 0xDB;

std::size_t hash_of(std::string_view word) noexcept { return std::hash<std::string_view>{}(word); }

}  // namespace

bool Vocabulary::covers(std::string_view word) noexcept {
  if (word.empty()) return false;
  const auto lead = static_cast<unsigned char>(word.front());
  return lead >= kFirstLead && lead <= kLastLead;
}

std::unique_ptr<Vocabulary> Vocabulary::read(const Xapian::Database& db, std::size_t max_words) {
  static_assert(schema::kExactPrefix.empty(), "exact-form terms are unprefixed: the range below is theirs");
  std::unique_ptr<Vocabulary> v(new Vocabulary);
  // Arabic terms from D8 up: one walk in key order, each block read once.
  const std::string first(1, static_cast<char>(kFirstLead));
  Xapian::TermIterator it = db.allterms_begin();
  const Xapian::TermIterator end = db.allterms_end();
  it.skip_to(first);
  for (; it != end; ++it) {
    const std::string term = *it;
    if (static_cast<unsigned char>(term.front()) > kLastLead) break;
    if (v->entries_.size() == max_words || v->words_.size() + term.size() > UINT32_MAX) return nullptr;
    v->entries_.push_back(
        {static_cast<std::uint32_t>(v->words_.size()), static_cast<std::uint32_t>(term.size()), it.get_termfreq()});
    v->words_ += term;
  }
  v->index();
  return v;
}

void Vocabulary::index() {
  std::size_t n = 16;
  while (n < 2 * entries_.size()) n *= 2;
  slots_.assign(n, 0);
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    std::size_t s = hash_of(word(entries_[i])) & (n - 1);
    while (slots_[s] != 0) s = (s + 1) & (n - 1);
    slots_[s] = static_cast<std::uint32_t>(i + 1);
  }
}

std::optional<Xapian::doccount> Vocabulary::frequency(std::string_view w) const noexcept {
  if (!covers(w)) return std::nullopt;
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t s = hash_of(w) & mask; slots_[s] != 0; s = (s + 1) & mask) {
    const Entry& e = entries_[slots_[s] - 1];
    if (word(e) == w) return e.frequency;
  }
  return Xapian::doccount{0};
}

}  // namespace fahras
