#include "fahras/names.h"

#include <algorithm>

namespace fahras::names {
namespace {

constexpr std::string_view kArticle = "ال";
constexpr std::size_t kLetter = 2;  // bytes of a normalised Arabic letter

bool starts_with(std::string_view s, std::string_view p) { return s.size() >= p.size() && s.substr(0, p.size()) == p; }

// All letters two bytes of UTF-8 (U+0080..U+07FF: Arabic, after normalisation).
bool two_byte_letters(std::string_view w) {
  if (w.empty() || w.size() % kLetter != 0) return false;
  for (std::size_t i = 0; i < w.size(); i += kLetter) {
    const auto b0 = static_cast<unsigned char>(w[i]), b1 = static_cast<unsigned char>(w[i + 1]);
    if ((b0 & 0xE0u) != 0xC0u || (b1 & 0xC0u) != 0x80u) return false;
  }
  return true;
}

std::optional<Name> damaged_name(std::string_view word, StemOf stem_of, Passages passages, const Thresholds& t) {
  const std::string stem = stem_of(word);
  const std::string_view rest = damaged_rest(word, stem);
  if (rest.empty()) return std::nullopt;
  const std::uint64_t whole = passages(word);
  if (whole < t.min_passages) return std::nullopt;  // one look-up first: most words stop here
  const std::uint64_t rest_passages = passages(rest);
  if (!whole_form_is_name(whole, rest_passages, t, word.substr(0, word.size() - rest.size()))) return std::nullopt;
  return Name{std::string(word), whole, std::string(rest), rest_passages};
}

}  // namespace

std::string_view damaged_rest(std::string_view word, std::string_view stem) {
  if (!two_byte_letters(word) || stem.size() < 2 * kLetter) return {};
  const std::string_view start = stem.substr(0, 2 * kLetter);
  if (starts_with(word, start)) return {};
  if (starts_with(word, kArticle) && starts_with(word.substr(kArticle.size()), start)) return {};
  for (const std::string_view clitic : kClitics) {
    if (!starts_with(word, clitic) || word.size() < clitic.size() + 2 * kLetter) continue;
    const std::string_view rest = word.substr(clitic.size());
    if (starts_with(rest, start)) return rest;
    // A name that begins like the article after a clitic (فالنسيا, باليرمو:
    // ف + ال + نسيا): the rest keeps ال, whose form (النسيا) is as rare as
    // any name's rest, while a real clitic + article form (فالحكومة) has a
    // far more frequent rest (الحكومة).
    if (starts_with(rest, kArticle) && rest.size() >= kArticle.size() + 2 * kLetter &&
        starts_with(rest.substr(kArticle.size()), start))
      return rest;
  }
  return {};
}

double max_rest_share(std::string_view clitic, const Thresholds& t) {
  if (clitic != "ف" && clitic != "ك") return t.max_rest_share;
  return std::min(1.0, t.max_rest_share * t.rare_clitic_factor);
}

bool whole_form_is_name(std::uint64_t whole, std::uint64_t rest, const Thresholds& t, std::string_view clitic) {
  return whole >= t.min_passages && static_cast<double>(rest) < max_rest_share(clitic, t) * static_cast<double>(whole);
}

std::optional<Name> find(std::string_view word, StemOf stem, Passages passages, const Thresholds& t) {
  if (auto name = damaged_name(word, stem, passages, t)) return name;
  for (const std::string_view clitic : kClitics) {
    if (!starts_with(word, clitic) || word.size() < clitic.size() + 3 * kLetter) continue;
    auto name = damaged_name(word.substr(clitic.size()), stem, passages, t);
    if (name && passages(word) <= name->passages) return name;
  }
  return std::nullopt;
}

std::vector<std::string> forms(const Name& name, Passages passages) {
  std::vector<std::string> out{name.name};
  for (const std::string_view clitic : kClitics) {
    std::string form(clitic);
    form += name.name;
    const std::uint64_t n = passages(form);
    if (n > 0 && n <= name.passages) out.push_back(std::move(form));
  }
  return out;
}

}  // namespace fahras::names
