// Shared by the fuzz targets. FUZZ_CHECK aborts with the broken invariant and
// the input in hex, so libFuzzer saves the input as a crash-* file and the
// message says which property failed, not just that something crashed.
// The UTF-8 validator is written here, independently of the code under test,
// so that a bug there cannot hide itself.
//
// Thread safety: libFuzzer runs one input at a time; nothing here is shared.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace fahras_fuzz {

inline std::string hex(std::string_view s, std::size_t max = 256) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < s.size() && i < max; ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (i) out += ' ';
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  if (s.size() > max) out += " ... (" + std::to_string(s.size()) + " bytes)";
  return out;
}

[[noreturn]] inline void fail(const char* file, int line, const char* cond, const std::string& detail) {
  std::fprintf(stderr, "\n==FAHRAS-FUZZ== invariant broken at %s:%d: %s\n%s\n", file, line, cond, detail.c_str());
  std::abort();
}

// Strict UTF-8 (RFC 3629): no overlongs, surrogates or values past U+10FFFF.
inline bool valid_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  for (std::size_t i = 0; i < n;) {
    const unsigned c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len;
    unsigned lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    } else {
      return false;
    }
    if (n - i < len || p[i + 1] < lo || p[i + 1] > hi) return false;
    for (std::size_t k = 2; k < len; ++k)
      if ((p[i + k] & 0xC0u) != 0x80u) return false;
    i += len;
  }
  return true;
}

// Decodes the code point at s[i] of a string already known to be valid UTF-8
// and advances i past it.
inline char32_t next_code_point(std::string_view s, std::size_t& i) {
  const auto b = [&](std::size_t k) { return static_cast<char32_t>(static_cast<unsigned char>(s[k])); };
  const char32_t c = b(i);
  if (c < 0x80) {
    i += 1;
    return c;
  }
  if (c < 0xE0) {
    i += 2;
    return ((c & 0x1F) << 6) | (b(i - 1) & 0x3F);
  }
  if (c < 0xF0) {
    i += 3;
    return ((c & 0x0F) << 12) | ((b(i - 2) & 0x3F) << 6) | (b(i - 1) & 0x3F);
  }
  i += 4;
  return ((c & 0x07) << 18) | ((b(i - 3) & 0x3F) << 12) | ((b(i - 2) & 0x3F) << 6) | (b(i - 1) & 0x3F);
}

}  // namespace fahras_fuzz

// `detail` is an expression giving a std::string; it is evaluated only when
// the check fails.
#define FUZZ_CHECK(cond, detail)                                           \
  do {                                                                     \
    if (!(cond)) ::fahras_fuzz::fail(__FILE__, __LINE__, #cond, (detail)); \
  } while (0)
