#include <cstdio>
#include <memory>
#include <ostream>
#include <stdexcept>
#include <string>

#include <simdjson.h>
#include <unicode/ubidi.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include "fahras/result_writer.h"

namespace fahras {
namespace {

constexpr std::string_view kBold = "\x1b[1m";
constexpr std::string_view kDim = "\x1b[2m";
constexpr std::string_view kMatch = "\x1b[1;31m";
constexpr std::string_view kReset = "\x1b[0m";

std::string fixed(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

// Inserts on/off around the marked byte ranges (sorted, non-overlapping).
std::string mark_logical(std::string_view line, const std::vector<ByteRange>& marked,
                         std::string_view on, std::string_view off) {
  if (on.empty() && off.empty()) return std::string(line);
  std::string out;
  std::size_t pos = 0;
  for (const auto& r : marked) {
    if (r.begin < pos || r.end > line.size() || r.begin >= r.end) continue;
    out.append(line.substr(pos, r.begin - pos));
    out.append(on);
    out.append(line.substr(r.begin, r.end - r.begin));
    out.append(off);
    pos = r.end;
  }
  out.append(line.substr(pos));
  return out;
}

struct ClosesBidi {
  void operator()(UBiDi* b) const { ubidi_close(b); }
};

// A line with its marked ranges, drawn for the chosen bidi mode.
std::string render(std::string_view line, const std::vector<ByteRange>& marked, bool color,
                   BidiMode bidi, std::string_view on = kMatch) {
  std::string_view off = color ? kReset : std::string_view();
  if (!color) on = {};
  if (bidi == BidiMode::kVisual) return visual_line(line, marked, on, off);
  return mark_logical(line, marked, on, off);
}

// Highlights (passage offsets) moved into the snippet text, which may start
// with "…".
std::vector<ByteRange> snippet_marks(const SearchHit& hit) {
  const std::uint32_t shift =
      hit.snippet.cut_begin ? static_cast<std::uint32_t>(std::string_view("…").size()) : 0;
  std::vector<ByteRange> out;
  for (const auto& h : hit.snippet.highlights)
    out.push_back(ByteRange{h.begin - hit.snippet.range.begin + shift,
                            h.end - hit.snippet.range.begin + shift});
  return out;
}

// For TREC lines, whose fields are separated by spaces.
std::string trec_field(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') c = '_';
  if (out.empty()) out = "_";
  return out;
}

// The stored metadata if it is a JSON object, else null: output must stay
// valid JSON even if a database is damaged.
std::string metadata_json(const std::string& raw) {
  static thread_local simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (parser.parse(simdjson::padded_string(raw)).get(doc) != simdjson::SUCCESS ||
      doc.type() != simdjson::dom::element_type::OBJECT)
    return "null";
  return simdjson::minify(doc);
}

// A title for a one-line heading: documents without a headline get their
// first paragraph as title, which would push the id and score off screen.
// Cut at a word boundary (UTF-8 safe: spaces are ASCII) with an ellipsis.
std::string heading_title(const std::string& title) {
  constexpr std::size_t kMaxBytes = 160;
  if (title.size() <= kMaxBytes) return title;
  std::size_t cut = title.rfind(' ', kMaxBytes);
  if (cut == std::string::npos || cut < kMaxBytes / 2) {
    cut = kMaxBytes;
    while (cut > 0 && (static_cast<unsigned char>(title[cut]) & 0xC0u) == 0x80u) --cut;
  }
  return title.substr(0, cut) + " \u2026";
}

// Passages keep their paragraph breaks; a result's lines must not, or the
// indentation and the bidi reordering (per line) break. Same byte count, so
// highlight ranges stay valid.
std::string one_line(std::string s) {
  for (char& c : s)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  return s;
}

void write_text(std::ostream& out, const WriterOptions& opt, const SearchResults& results) {
  for (const auto& hit : results.hits) {
    const auto& p = hit.passage;
    std::string head = std::to_string(hit.rank) + ". ";
    const auto title_begin = static_cast<std::uint32_t>(head.size());
    head += p.title.empty() ? p.doc_id : heading_title(p.title);
    const auto title_end = static_cast<std::uint32_t>(head.size());
    head += "  [" + p.doc_id + " · passage " + std::to_string(p.passage_no + 1) + "/" +
            std::to_string(p.passage_count) + " · score " + fixed(hit.score, 3) + "]";
    out << render(head, {ByteRange{title_begin, title_end}}, opt.color, opt.bidi, kBold) << '\n';
    for (const auto& c : hit.context_before)
      out << "   " << render(one_line(c.text), {ByteRange{0, static_cast<std::uint32_t>(c.text.size())}},
                             opt.color, opt.bidi, kDim)
          << '\n';
    out << "   " << render(one_line(std::string(snippet_text(p.text, hit.snippet))), snippet_marks(hit),
                             opt.color, opt.bidi)
        << '\n';
    for (const auto& c : hit.context_after)
      out << "   " << render(one_line(c.text), {ByteRange{0, static_cast<std::uint32_t>(c.text.size())}},
                             opt.color, opt.bidi, kDim)
          << '\n';
    out << '\n';
  }
}

void write_json(std::ostream& out, const WriterOptions& opt, std::string_view qid,
                std::string_view query, const SearchResults& results) {
  for (const auto& hit : results.hits) {
    const auto& p = hit.passage;
    std::string o = "{";
    if (!qid.empty()) o += "\"qid\":" + json_quote(qid) + ",";
    o += "\"query\":" + json_quote(query);
    o += ",\"rank\":" + std::to_string(hit.rank);
    o += ",\"docid\":" + json_quote(p.doc_id);
    o += ",\"passage\":" + std::to_string(p.passage_no);
    o += ",\"passage_count\":" + std::to_string(p.passage_count);
    o += ",\"score\":" + fixed(hit.score, 6);
    o += ",\"title\":" + json_quote(p.title);
    o += ",\"snippet\":" + json_quote(snippet_text(p.text, hit.snippet));
    o += ",\"snippet_range\":[" + std::to_string(hit.snippet.range.begin) + "," +
         std::to_string(hit.snippet.range.end) + "]";
    o += ",\"highlights\":[";
    for (std::size_t i = 0; i < hit.highlights.size(); ++i) {
      if (i) o += ",";
      o += "[" + std::to_string(hit.highlights[i].begin) + "," +
           std::to_string(hit.highlights[i].end) + "]";
    }
    o += "]";
    o += ",\"source_range\":[" + std::to_string(p.begin) + "," + std::to_string(p.end) + "]";
    if (opt.passage_text) o += ",\"passage_text\":" + json_quote(p.text);
    if (!p.metadata_json.empty()) o += ",\"metadata\":" + metadata_json(p.metadata_json);
    if (!hit.context_before.empty() || !hit.context_after.empty()) {
      o += ",\"context\":[";
      bool first = true;
      for (const auto* group : {&hit.context_before, &hit.context_after})
        for (const auto& c : *group) {
          if (!first) o += ",";
          first = false;
          o += "{\"passage\":" + std::to_string(c.passage_no) + ",\"text\":" + json_quote(c.text) +
               "}";
        }
      o += "]";
    }
    if (!results.missing_shards.empty()) {  // --allow-partial left shards out
      o += ",\"partial\":true,\"missing_shards\":[";
      for (std::size_t i = 0; i < results.missing_shards.size(); ++i)
        o += (i ? "," : "") + json_quote(results.missing_shards[i]);
      o += "]";
    }
    if (!results.did_you_mean.empty()) {  // suggester.h: "did you mean" / "showing results for"
      o += ",\"did_you_mean\":" + json_quote(results.did_you_mean);
      o += results.relaxed ? ",\"relaxed\":true" : ",\"relaxed\":false";
    }
    o += "}\n";
    out << o;
  }
}

void write_trec(std::ostream& out, const WriterOptions& opt, std::string_view qid,
                const SearchResults& results) {
  const std::string q = trec_field(qid.empty() ? "1" : qid);
  const std::string tag = trec_field(opt.run_tag);
  for (const auto& hit : results.hits)
    out << q << " Q0 " << trec_field(hit.passage.doc_id) << ' ' << hit.rank << ' '
        << fixed(hit.score, 6) << ' ' << tag << '\n';
}

}  // namespace

OutputFormat parse_output_format(std::string_view s) {
  if (s == "text") return OutputFormat::kText;
  if (s == "json") return OutputFormat::kJson;
  if (s == "trec") return OutputFormat::kTrec;
  throw std::invalid_argument("unknown format \"" + std::string(s) + "\" (text, json or trec)");
}

BidiMode parse_bidi_mode(std::string_view s) {
  if (s == "logical") return BidiMode::kLogical;
  if (s == "visual") return BidiMode::kVisual;
  throw std::invalid_argument("unknown bidi mode \"" + std::string(s) + "\" (logical or visual)");
}

void write_results(std::ostream& out, const WriterOptions& opt, std::string_view qid,
                   std::string_view query, const SearchResults& results) {
  switch (opt.format) {
    case OutputFormat::kText:
      write_text(out, opt, results);
      break;
    case OutputFormat::kJson:
      write_json(out, opt, qid, query, results);
      break;
    case OutputFormat::kTrec:
      write_trec(out, opt, qid, results);
      break;
  }
}

std::string json_quote(std::string_view s) {
  std::string out = "\"";
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(s.data());
  const auto len = static_cast<std::int32_t>(std::min<std::size_t>(s.size(), INT32_MAX));
  for (std::int32_t i = 0; i < len;) {
    const std::int32_t start = i;
    UChar32 c;
    U8_NEXT(bytes, i, len, c);
    if (c < 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD for each invalid sequence
      continue;
    }
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
          out += buf;
        } else {
          out.append(s.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(i - start)));
        }
    }
  }
  return out + "\"";
}

std::string visual_line(std::string_view line, const std::vector<ByteRange>& marked,
                        std::string_view on, std::string_view off) {
  if (line.size() > static_cast<std::size_t>(INT32_MAX / 2)) return std::string(line);
  // UTF-16 copy, with each unit's mark.
  std::u16string u;
  std::vector<bool> unit_marked;
  u.reserve(line.size());
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(line.data());
  const auto len = static_cast<std::int32_t>(line.size());
  std::size_t r = 0;
  for (std::int32_t i = 0; i < len;) {
    const auto at = static_cast<std::uint32_t>(i);
    while (r < marked.size() && marked[r].end <= at) ++r;
    const bool m = r < marked.size() && marked[r].begin <= at && at < marked[r].end;
    UChar32 c;
    U8_NEXT(bytes, i, len, c);
    if (c < 0) c = 0xFFFD;
    if (U_IS_BMP(c)) {
      u.push_back(static_cast<char16_t>(c));
      unit_marked.push_back(m);
    } else {
      u.push_back(static_cast<char16_t>(U16_LEAD(c)));
      u.push_back(static_cast<char16_t>(U16_TRAIL(c)));
      unit_marked.push_back(m);
      unit_marked.push_back(m);
    }
  }

  UErrorCode err = U_ZERO_ERROR;
  const auto ulen = static_cast<std::int32_t>(u.size());
  std::unique_ptr<UBiDi, ClosesBidi> bidi(ubidi_openSized(ulen, 0, &err));
  if (U_SUCCESS(err)) ubidi_setPara(bidi.get(), u.data(), ulen, UBIDI_DEFAULT_LTR, nullptr, &err);
  const std::int32_t runs = U_SUCCESS(err) ? ubidi_countRuns(bidi.get(), &err) : 0;
  if (U_FAILURE(err)) return mark_logical(line, marked, on, off);

  std::u16string vis;
  std::vector<bool> vis_marked;
  vis.reserve(u.size());
  std::u16string buf;
  for (std::int32_t k = 0; k < runs; ++k) {
    std::int32_t start = 0, length = 0;
    if (ubidi_getVisualRun(bidi.get(), k, &start, &length) == UBIDI_LTR) {
      vis.append(u, static_cast<std::size_t>(start), static_cast<std::size_t>(length));
      vis_marked.insert(vis_marked.end(), unit_marked.begin() + start,
                        unit_marked.begin() + start + length);
      continue;
    }
    // A right-to-left run: its same-mark chunks in reverse order, each
    // reversed by ICU (which keeps marks after their base letters, surrogate
    // pairs intact and mirrors brackets).
    std::int32_t end = start + length;
    while (end > start) {
      std::int32_t b = end - 1;
      while (b > start && unit_marked[static_cast<std::size_t>(b - 1)] ==
                              unit_marked[static_cast<std::size_t>(end - 1)])
        --b;
      buf.assign(static_cast<std::size_t>(end - b) * 2 + 1, u'\0');
      UErrorCode e2 = U_ZERO_ERROR;
      const std::int32_t n = ubidi_writeReverse(
          u.data() + b, end - b, buf.data(), static_cast<std::int32_t>(buf.size()),
          UBIDI_DO_MIRRORING | UBIDI_KEEP_BASE_COMBINING, &e2);
      if (U_FAILURE(e2)) return mark_logical(line, marked, on, off);
      vis.append(buf.data(), static_cast<std::size_t>(n));
      vis_marked.insert(vis_marked.end(), static_cast<std::size_t>(n),
                        unit_marked[static_cast<std::size_t>(end - 1)]);
      end = b;
    }
  }

  std::string out;
  out.reserve(line.size() + 16);
  bool in_mark = false;
  const auto vlen = static_cast<std::int32_t>(vis.size());
  for (std::int32_t i = 0; i < vlen;) {
    const bool m = vis_marked[static_cast<std::size_t>(i)];
    if (m != in_mark) {
      out.append(m ? on : off);
      in_mark = m;
    }
    UChar32 c;
    U16_NEXT(vis.data(), i, vlen, c);
    char tmp[4];
    std::int32_t o = 0;
    U8_APPEND_UNSAFE(tmp, o, c);
    out.append(tmp, static_cast<std::size_t>(o));
  }
  if (in_mark) out.append(off);
  return out;
}

}  // namespace fahras
