#include "fahras/passage_record.h"

#include <gtest/gtest.h>

#include <random>
#include <stdexcept>
#include <string>

namespace {

fahras::PassageRecord sample() {
  fahras::PassageRecord r;
  r.doc_id = "sn-00547aa58e";
  r.passage_no = 3;
  r.passage_count = 7;
  r.begin = 123456789012ULL;
  r.end = 123456789012ULL + 17;
  r.title = "بريطانيا: أربعة محاور";
  r.text = "حدد رئيس الوزراء البريطاني";
  r.metadata_json = R"({"source":"okaz","date":"2015-07-20"})";
  return r;
}

void expect_equal(const fahras::PassageRecord& a, const fahras::PassageRecord& b) {
  EXPECT_EQ(a.doc_id, b.doc_id);
  EXPECT_EQ(a.passage_no, b.passage_no);
  EXPECT_EQ(a.passage_count, b.passage_count);
  EXPECT_EQ(a.begin, b.begin);
  EXPECT_EQ(a.end, b.end);
  EXPECT_EQ(a.title, b.title);
  EXPECT_EQ(a.text, b.text);
  EXPECT_EQ(a.metadata_json, b.metadata_json);
}

TEST(PassageRecord, RoundTripsEveryField) {
  const fahras::PassageRecord r = sample();
  expect_equal(fahras::decode_passage_record(fahras::encode_passage_record(r)), r);
}

TEST(PassageRecord, RoundTripsEmptyStringsAndExtremeNumbers) {
  fahras::PassageRecord r;
  r.passage_no = 0xFFFFFFFFu;
  r.passage_count = 0xFFFFFFFFu;
  r.begin = 0;
  r.end = ~std::uint64_t{0};
  expect_equal(fahras::decode_passage_record(fahras::encode_passage_record(r)), r);
}

TEST(PassageRecord, KeepsBinaryBytesInStrings) {
  fahras::PassageRecord r = sample();
  r.text = std::string("a\0b\xff", 4);
  expect_equal(fahras::decode_passage_record(fahras::encode_passage_record(r)), r);
}

TEST(PassageRecord, EncodingRejectsEndBeforeBegin) {
  fahras::PassageRecord r = sample();
  r.end = r.begin - 1;
  EXPECT_THROW(fahras::encode_passage_record(r), std::invalid_argument);
}

TEST(PassageRecord, EveryTruncationThrows) {
  const std::string data = fahras::encode_passage_record(sample());
  for (std::size_t n = 0; n < data.size(); ++n) {
    // A fresh heap copy of exactly n bytes, so ASan catches any over-read.
    const std::string prefix = data.substr(0, n);
    EXPECT_THROW(fahras::decode_passage_record(prefix), std::runtime_error) << "length " << n;
  }
}

TEST(PassageRecord, TrailingBytesThrow) {
  EXPECT_THROW(fahras::decode_passage_record(fahras::encode_passage_record(sample()) + "x"), std::runtime_error);
}

TEST(PassageRecord, UnknownVersionThrows) {
  std::string data = fahras::encode_passage_record(sample());
  data[0] = 2;
  EXPECT_THROW(fahras::decode_passage_record(data), std::runtime_error);
}

TEST(PassageRecord, HugeLengthThrowsInsteadOfReadingPastTheEnd) {
  // version, then a doc-id length of 2^63 as a varint, then one byte.
  std::string data = "\x01";
  data += std::string(9, '\xff').substr(0, 8);
  data += "\x7f";
  data += "x";
  EXPECT_THROW(fahras::decode_passage_record(data), std::runtime_error);
}

TEST(PassageRecord, OverlongVarintThrows) {
  std::string data = "\x01";
  data += std::string(11, '\x80');
  data += '\x00';
  EXPECT_THROW(fahras::decode_passage_record(data), std::runtime_error);
}

TEST(PassageRecord, PassageNumberAbove32BitsThrows) {
  // Build a record by hand whose passage_no varint encodes 2^32.
  std::string data = "\x01";
  data += '\x01';
  data += 'd';
  data += "\x80\x80\x80\x80\x10";  // 2^32
  data += '\x01';
  data += '\x00';
  data += '\x00';
  data += '\x00';
  data += '\x00';
  data += '\x00';
  EXPECT_THROW(fahras::decode_passage_record(data), std::runtime_error);
}

TEST(PassageRecord, RandomCorruptionNeverCrashes) {
  const std::string good = fahras::encode_passage_record(sample());
  std::mt19937 rng(12345);
  int decoded = 0, thrown = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string data = good;
    const int flips = 1 + static_cast<int>(rng() % 4);
    for (int f = 0; f < flips; ++f) data[rng() % data.size()] = static_cast<char>(rng() & 0xff);
    data.resize(rng() % (data.size() + 1));
    try {
      const fahras::PassageRecord r = fahras::decode_passage_record(data);
      // Whatever decodes must fit in the input.
      EXPECT_LE(r.doc_id.size() + r.title.size() + r.text.size() + r.metadata_json.size(), data.size());
      ++decoded;
    } catch (const std::runtime_error&) {
      ++thrown;
    }
  }
  EXPECT_GT(thrown, 0);
  EXPECT_EQ(decoded + thrown, 20000);
}

}  // namespace
