// Passage record format, version 1 (all integers are LEB128 varints):
//   byte     version (1)
//   varint   doc_id length, bytes
//   varint   passage_no, varint passage_count
//   varint   begin, varint (end - begin)
//   varint   title length, bytes
//   varint   text length, bytes
//   varint   metadata_json length, bytes
// The record must end exactly after the last field, so truncation and
// trailing garbage are both detected.
#include "fahras/passage_record.h"

#include <limits>
#include <string>

#include "fahras/error.h"

namespace fahras {
namespace {

constexpr unsigned char kVersion = 1;

void put_varint(std::string& out, std::uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

void put_bytes(std::string& out, std::string_view s) {
  put_varint(out, s.size());
  out.append(s);
}

[[noreturn]] void corrupt(const char* what) {
  throw CorruptRecordError(std::string("corrupt passage record: ") + what);
}

class Cursor {
 public:
  explicit Cursor(std::string_view data) : p_(data.data()), end_(data.data() + data.size()) {}

  std::uint64_t varint(const char* field) {
    std::uint64_t v = 0;
    for (unsigned shift = 0;; shift += 7) {
      if (p_ == end_) corrupt(field);
      const auto byte = static_cast<unsigned char>(*p_++);
      // The tenth byte may only carry the top bit of a 64-bit value.
      if (shift == 63 && byte > 1) corrupt(field);
      v |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
      if ((byte & 0x80) == 0) return v;
      if (shift == 63) corrupt(field);
    }
  }

  std::uint32_t varint32(const char* field) {
    const std::uint64_t v = varint(field);
    if (v > std::numeric_limits<std::uint32_t>::max()) corrupt(field);
    return static_cast<std::uint32_t>(v);
  }

  std::string bytes(const char* field) {
    const std::uint64_t n = varint(field);
    if (n > static_cast<std::uint64_t>(end_ - p_)) corrupt(field);
    std::string s(p_, static_cast<std::size_t>(n));
    p_ += n;
    return s;
  }

  unsigned char byte(const char* field) {
    if (p_ == end_) corrupt(field);
    return static_cast<unsigned char>(*p_++);
  }

  bool at_end() const { return p_ == end_; }

 private:
  const char* p_;
  const char* end_;
};

}  // namespace

std::string encode_passage_record(const PassageRecord& r) {
  if (r.end < r.begin) throw std::invalid_argument("passage record: end before begin");
  std::string out;
  out.reserve(r.doc_id.size() + r.title.size() + r.text.size() + r.metadata_json.size() + 32);
  out.push_back(static_cast<char>(kVersion));
  put_bytes(out, r.doc_id);
  put_varint(out, r.passage_no);
  put_varint(out, r.passage_count);
  put_varint(out, r.begin);
  put_varint(out, r.end - r.begin);
  put_bytes(out, r.title);
  put_bytes(out, r.text);
  put_bytes(out, r.metadata_json);
  return out;
}

PassageRecord decode_passage_record(std::string_view data) {
  Cursor c(data);
  if (c.byte("empty") != kVersion) corrupt("unknown version");
  PassageRecord r;
  r.doc_id = c.bytes("doc id");
  r.passage_no = c.varint32("passage number");
  r.passage_count = c.varint32("passage count");
  r.begin = c.varint("begin");
  const std::uint64_t length = c.varint("length");
  if (length > std::numeric_limits<std::uint64_t>::max() - r.begin) corrupt("length");
  r.end = r.begin + length;
  r.title = c.bytes("title");
  r.text = c.bytes("text");
  r.metadata_json = c.bytes("metadata");
  if (!c.at_end()) corrupt("trailing bytes");
  return r;
}

}  // namespace fahras
