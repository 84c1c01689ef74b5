#include <charconv>
#include <cstdio>
#include <memory>
#include <ostream>
#include <stdexcept>
#include <string>

#include <unicode/ubidi.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>
#include <nlohmann/json.hpp>

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
std::string mark_logical(std::string_view line, const std::vector<ByteRange>& marked, std::string_view on,
                         std::string_view off) {
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

// Marks, embeddings, overrides and isolates (UAX #9, "explicit
// formatting characters").
bool is_bidi_control(UChar32 c) {
  return c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

struct ClosesBidi {
  void operator()(UBiDi* b) const { ubidi_close(b); }
};

// A line with its marked ranges, drawn for the chosen bidi mode.
std::string render(std::string_view line, const std::vector<ByteRange>& marked, bool color, BidiMode bidi,
                   std::string_view on = kMatch) {
  std::string_view off = color ? kReset : std::string_view();
  if (!color) on = {};
  if (bidi == BidiMode::kVisual) return visual_line(line, marked, on, off);
  return mark_logical(line, marked, on, off);
}

// Highlights (passage offsets) moved into the snippet text, which may start
// with "…".
std::vector<ByteRange> snippet_marks(const SearchHit& hit) {
  const std::uint32_t shift = hit.snippet.cut_begin ? static_cast<std::uint32_t>(std::string_view("…").size()) : 0;
  std::vector<ByteRange> out;
  for (const auto& h : hit.snippet.highlights)
    out.push_back(ByteRange{h.begin - hit.snippet.range.begin + shift, h.end - hit.snippet.range.begin + shift});
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
// valid JSON even if a database is damaged. No metadata: an empty object,
// so every hit has the same keys.
nlohmann::json metadata_json(const std::string& raw) {
  if (raw.empty()) return nlohmann::json::object();
  nlohmann::json j = nlohmann::json::parse(raw, nullptr, /*allow_exceptions=*/false);
  return j.is_object() ? j : nlohmann::json(nullptr);
}

// 1240 -> "1,240".
std::string grouped(std::uint64_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
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

// Unicode isolates: in visual mode an id such as 001_0300bacb.txt inside
// a right-to-left line would otherwise be split at its digits and
// punctuation and reordered piecewise (issue 16, item 5).
constexpr std::string_view kLeftToRightIsolate = "\u2066";
constexpr std::string_view kPopIsolate = "\u2069";

std::string isolated_id(const std::string& id, BidiMode bidi) {
  if (bidi != BidiMode::kVisual) return id;
  return std::string(kLeftToRightIsolate) + id + std::string(kPopIsolate);
}

// "showing 11–20" for a page with hits.
std::string page_phrase(const SearchRequest& request, const SearchResults& results) {
  if (results.hits.empty()) return empty_page_phrase(request, results);
  const std::uint64_t first = static_cast<std::uint64_t>(request.offset) + 1;
  const std::uint64_t last = static_cast<std::uint64_t>(request.offset) + results.hits.size();
  return "showing " + grouped(first) + (last > first ? "\u2013" + grouped(last) : std::string());
}

// Above the hits: partial answer, the count and page, ignored words,
// notices. Nothing when nothing matches (the CLI says so on stderr).
void write_text_header(std::ostream& out, const SearchRequest& request, const SearchResults& results) {
  // suggester.h: said even when nothing matches what was typed.
  if (!results.did_you_mean.empty())
    out << (results.relaxed ? "(showing results for: " : "(did you mean: ") << results.did_you_mean
        << (results.relaxed ? ")" : "?)") << '\n';
  if (results.hits.empty() && results.matches_upper == 0) {
    if (!results.did_you_mean.empty()) out << '\n';
    return;
  }
  if (!results.missing_shards.empty())
    out << "(partial answer: " << results.missing_shards.size() << " shard"
        << (results.missing_shards.size() == 1 ? " is" : "s are") << " unavailable)\n";
  out << count_phrase(request, results) << "; " << page_phrase(request, results) << '\n';
  if (!results.stopped.empty()) {
    out << "(ignored common words:";
    for (const auto& w : results.stopped) out << ' ' << w;
    out << ")\n";
  }
  for (const auto& n : results.notices) out << "(note: " << n << ")\n";
  out << '\n';
}

// "date · source" from the document's metadata, when it has them.
std::string date_and_source(const std::string& metadata) {
  if (metadata.empty()) return {};
  const nlohmann::json m = metadata_json(metadata);
  if (!m.is_object()) return {};
  std::string out;
  for (const char* key : {"date", "source"}) {
    const auto it = m.find(key);
    if (it == m.end() || !it->is_string()) continue;
    std::string v = it->get<std::string>();
    // ISO 8601 times (2015-07-21T02:51:32): the day is what a reader scans for.
    if (std::string_view(key) == "date" && v.size() > 10 && v[4] == '-' && v[10] == 'T') v.resize(10);
    if (v.empty()) continue;
    if (!out.empty()) out += " \u00b7 ";
    out += one_line(std::move(v));
  }
  return out;
}

void write_text(std::ostream& out, const WriterOptions& opt, const SearchRequest& request,
                const SearchResults& results) {
  write_text_header(out, request, results);
  for (const auto& hit : results.hits) {
    const auto& p = hit.passage;
    std::string head = std::to_string(hit.rank) + ". ";
    const auto title_begin = static_cast<std::uint32_t>(head.size());
    head += p.title.empty() ? isolated_id(p.doc_id, opt.bidi) : heading_title(p.title);
    const auto title_end = static_cast<std::uint32_t>(head.size());
    head += "  [" + isolated_id(p.doc_id, opt.bidi) + " · passage " + std::to_string(p.passage_no + 1) + "/" +
            std::to_string(p.passage_count) + " · score " + fixed(hit.score, 3) + "]";
    out << render(head, {ByteRange{title_begin, title_end}}, opt.color, opt.bidi, kBold) << '\n';
    const std::string about = date_and_source(p.metadata_json);
    if (!about.empty())
      out << "   " << render(about, {ByteRange{0, static_cast<std::uint32_t>(about.size())}}, opt.color, opt.bidi, kDim)
          << '\n';
    for (const auto& c : hit.context_before)
      out << "   "
          << render(one_line(c.text), {ByteRange{0, static_cast<std::uint32_t>(c.text.size())}}, opt.color, opt.bidi,
                    kDim)
          << '\n';
    out << "   "
        << render(one_line(std::string(snippet_text(p.text, hit.snippet))), snippet_marks(hit), opt.color, opt.bidi)
        << '\n';
    for (const auto& c : hit.context_after)
      out << "   "
          << render(one_line(c.text), {ByteRange{0, static_cast<std::uint32_t>(c.text.size())}}, opt.color, opt.bidi,
                    kDim)
          << '\n';
    out << '\n';
  }
}

nlohmann::ordered_json range_json(std::uint64_t begin, std::uint64_t end) {
  return nlohmann::ordered_json::array({begin, end});
}

void write_jsonl(std::ostream& out, const WriterOptions& opt, std::string_view qid, const SearchRequest& request,
                 const SearchResults& results) {
  for (const auto& hit : results.hits) {
    nlohmann::ordered_json line;
    if (!qid.empty()) line["qid"] = std::string(qid);
    line["query"] = request.query;
    line.update(hit_json(hit, opt));
    if (!results.missing_shards.empty()) {  // --allow-partial left shards out
      line["partial"] = true;
      line["missing_shards"] = results.missing_shards;
    }
    if (!results.did_you_mean.empty()) {  // suggester.h: "did you mean" / "showing results for"
      line["did_you_mean"] = results.did_you_mean;
      line["relaxed"] = results.relaxed;
    }
    out << dump_json(line) << '\n';
  }
}

void write_trec(std::ostream& out, const WriterOptions& opt, std::string_view qid, const SearchResults& results) {
  const std::string q = trec_field(qid.empty() ? "1" : qid);
  const std::string tag = trec_field(opt.run_tag);
  for (const auto& hit : results.hits)
    out << q << " Q0 " << trec_field(hit.passage.doc_id) << ' ' << hit.rank << ' ' << fixed(hit.score, 6) << ' ' << tag
        << '\n';
}

}  // namespace

OutputFormat parse_output_format(std::string_view s) {
  if (s == "text") return OutputFormat::kText;
  if (s == "json") return OutputFormat::kJson;
  if (s == "jsonl") return OutputFormat::kJsonl;
  if (s == "trec") return OutputFormat::kTrec;
  throw std::invalid_argument("unknown format \"" + std::string(s) + "\" (text, json, jsonl or trec)");
}

BidiMode parse_bidi_mode(std::string_view s) {
  if (s == "logical") return BidiMode::kLogical;
  if (s == "visual") return BidiMode::kVisual;
  throw std::invalid_argument("unknown bidi mode \"" + std::string(s) + "\" (logical or visual)");
}

nlohmann::ordered_json hit_json(const SearchHit& hit, const WriterOptions& opt) {
  const auto& p = hit.passage;
  nlohmann::ordered_json o;
  o["rank"] = hit.rank;
  o["docid"] = p.doc_id;
  o["passage"] = p.passage_no;
  o["passage_count"] = p.passage_count;
  o["score"] = hit.score;
  o["title"] = p.title;
  o["metadata"] = metadata_json(p.metadata_json);
  if (hit.snippet_shown) {
    const std::string snippet = snippet_text(p.text, hit.snippet);
    o["snippet"] = snippet;
    o["snippet_html"] = html_marked(snippet, snippet_marks(hit));
    o["snippet_range"] = range_json(hit.snippet.range.begin, hit.snippet.range.end);
    nlohmann::ordered_json highlights = nlohmann::ordered_json::array();
    for (const auto& h : hit.highlights) highlights.push_back(range_json(h.begin, h.end));
    o["highlights"] = std::move(highlights);
  }
  o["source_range"] = range_json(p.begin, p.end);
  if (opt.passage_text) o["passage_text"] = p.text;
  if (!hit.context_before.empty() || !hit.context_after.empty()) {
    nlohmann::ordered_json context = nlohmann::ordered_json::array();
    for (const auto* group : {&hit.context_before, &hit.context_after})
      for (const auto& c : *group) context.push_back({{"passage", c.passage_no}, {"text", c.text}});
    o["context"] = std::move(context);
  }
  return o;
}

nlohmann::ordered_json answer_json(const SearchRequest& request, const SearchResults& results, const WriterOptions& opt,
                                   std::string_view qid) {
  nlohmann::ordered_json a;
  if (!qid.empty()) a["qid"] = std::string(qid);
  a["query"] = {{"text", request.query}, {"understood", results.understood}};
  nlohmann::ordered_json total;
  total["value"] = results.matches_estimated;
  total["exact"] = results.matches_exact;
  if (!results.matches_exact) {
    total["lower"] = results.matches_lower;
    total["upper"] = results.matches_upper;
  }
  total["unit"] = request.all_passages ? "passages" : "documents";
  a["total"] = std::move(total);
  a["offset"] = request.offset;
  a["limit"] = request.limit;
  nlohmann::ordered_json hits = nlohmann::ordered_json::array();
  for (const auto& hit : results.hits) hits.push_back(hit_json(hit, opt));
  a["hits"] = std::move(hits);
  if (!request.fields.facets.empty()) a["facets"] = facets_json(results.facets);  // field_search.h
  a["ignored_words"] = results.stopped;
  // suggester.h: the query with its likely slips corrected, or null; when
  // `relaxed`, its words were searched too and a notice says so.
  a["did_you_mean"] =
      results.did_you_mean.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(results.did_you_mean);
  a["relaxed"] = results.relaxed;
  nlohmann::ordered_json notices = results.notices;
  if (results.relaxed) notices.push_back("showing results for: " + results.did_you_mean);
  a["notices"] = std::move(notices);
  a["partial"] = !results.missing_shards.empty();
  a["missing_shards"] = results.missing_shards;
  return a;
}

std::string dump_json(const nlohmann::ordered_json& j) {
  return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

namespace {

// Whether `s` is well-formed UTF-8 (Unicode table 3-7: no overlong forms,
// surrogates or code points past U+10FFFF), as nlohmann's dump checks it.
bool well_formed_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  while (p < end) {
    const unsigned c = *p;
    if (c < 0x80) {
      ++p;
      continue;
    }
    std::size_t n = 0;
    unsigned lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      n = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
      n = 2;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 3;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    } else {
      return false;
    }
    if (static_cast<std::size_t>(end - p) <= n || p[1] < lo || p[1] > hi) return false;
    for (std::size_t k = 2; k <= n; ++k)
      if (p[k] < 0x80 || p[k] > 0xBF) return false;
    p += n + 1;
  }
  return true;
}

// Appends the answer object's JSON text, byte for byte what
// dump_json(answer_json(...)) gives, without building the object: answers
// are written for every search the server makes, and the tree of small
// allocations cost 11% of the server's instructions per answer, more than
// the HTTP layer (docs/serving.md, "Between the library's answer and the
// socket"). Numbers other than integers, the stored metadata and
// the facets still go through nlohmann, as do strings that are not
// well-formed UTF-8 (replacement characters), so those stay its own bytes.
class AnswerText {
 public:
  explicit AnswerText(std::string& out) : out_(out) {}

  void string(std::string_view v) {
    if (!well_formed_utf8(v)) {
      out_ += dump_json(nlohmann::ordered_json(std::string(v)));
      return;
    }
    out_ += '"';
    std::size_t plain = 0;  // start of the bytes not yet copied
    for (std::size_t i = 0; i < v.size(); ++i) {
      const auto c = static_cast<unsigned char>(v[i]);
      if (c >= 0x20 && c != '"' && c != '\\') continue;
      out_.append(v.substr(plain, i - plain));
      plain = i + 1;
      switch (c) {
        case '"': out_ += "\\\""; break;
        case '\\': out_ += "\\\\"; break;
        case '\b': out_ += "\\b"; break;
        case '\f': out_ += "\\f"; break;
        case '\n': out_ += "\\n"; break;
        case '\r': out_ += "\\r"; break;
        case '\t': out_ += "\\t"; break;
        default: {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out_ += buf;
        }
      }
    }
    out_.append(v.substr(plain));
    out_ += '"';
  }
  void number(std::uint64_t v) {
    char buf[24];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    out_.append(buf, r.ptr);
  }
  void real(double v) { out_ += nlohmann::ordered_json(v).dump(); }
  void boolean(bool v) { out_ += v ? "true" : "false"; }
  void range(std::uint64_t begin, std::uint64_t end) {
    out_ += '[';
    number(begin);
    out_ += ',';
    number(end);
    out_ += ']';
  }
  void strings(const std::vector<std::string>& v) {
    out_ += '[';
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (i > 0) out_ += ',';
      string(v[i]);
    }
    out_ += ']';
  }
  // `"name":`, after a comma unless it opens the object.
  void key(std::string_view name, bool first = false) {
    if (!first) out_ += ',';
    out_ += '"';
    out_ += name;
    out_ += "\":";
  }
  void raw(std::string_view v) { out_ += v; }

  void hit(const SearchHit& hit, const WriterOptions& opt) {
    const auto& p = hit.passage;
    out_ += '{';
    key("rank", true);
    number(hit.rank);
    key("docid");
    string(p.doc_id);
    key("passage");
    number(p.passage_no);
    key("passage_count");
    number(p.passage_count);
    key("score");
    real(hit.score);
    key("title");
    string(p.title);
    key("metadata");
    if (p.metadata_json.empty()) {
      raw("{}");
    } else {
      out_ += metadata_json(p.metadata_json).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    }
    if (hit.snippet_shown) {
      const std::string snippet = snippet_text(p.text, hit.snippet);
      key("snippet");
      string(snippet);
      key("snippet_html");
      string(html_marked(snippet, snippet_marks(hit)));
      key("snippet_range");
      range(hit.snippet.range.begin, hit.snippet.range.end);
      key("highlights");
      out_ += '[';
      for (std::size_t i = 0; i < hit.highlights.size(); ++i) {
        if (i > 0) out_ += ',';
        range(hit.highlights[i].begin, hit.highlights[i].end);
      }
      out_ += ']';
    }
    key("source_range");
    range(p.begin, p.end);
    if (opt.passage_text) {
      key("passage_text");
      string(p.text);
    }
    if (!hit.context_before.empty() || !hit.context_after.empty()) {
      key("context");
      out_ += '[';
      bool first = true;
      for (const auto* group : {&hit.context_before, &hit.context_after}) {
        for (const auto& c : *group) {
          out_ += first ? "{" : ",{";
          first = false;
          key("passage", true);
          number(c.passage_no);
          key("text");
          string(c.text);
          out_ += '}';
        }
      }
      out_ += ']';
    }
    out_ += '}';
  }

 private:
  std::string& out_;
};

}  // namespace

std::string answer_json_text(const SearchRequest& request, const SearchResults& results, const WriterOptions& opt,
                             std::string_view qid) {
  std::string out;
  out.reserve(1024 + results.hits.size() * (3 * request.snippet_bytes + 512));
  AnswerText w(out);
  out += '{';
  bool first = true;
  if (!qid.empty()) {
    w.key("qid", true);
    w.string(qid);
    first = false;
  }
  w.key("query", first);
  out += '{';
  w.key("text", true);
  w.string(request.query);
  w.key("understood");
  w.string(results.understood);
  out += '}';
  w.key("total");
  out += '{';
  w.key("value", true);
  w.number(results.matches_estimated);
  w.key("exact");
  w.boolean(results.matches_exact);
  if (!results.matches_exact) {
    w.key("lower");
    w.number(results.matches_lower);
    w.key("upper");
    w.number(results.matches_upper);
  }
  w.key("unit");
  w.raw(request.all_passages ? "\"passages\"" : "\"documents\"");
  out += '}';
  w.key("offset");
  w.number(request.offset);
  w.key("limit");
  w.number(request.limit);
  w.key("hits");
  out += '[';
  for (std::size_t i = 0; i < results.hits.size(); ++i) {
    if (i > 0) out += ',';
    w.hit(results.hits[i], opt);
  }
  out += ']';
  if (!request.fields.facets.empty()) {
    w.key("facets");
    out += dump_json(facets_json(results.facets));
  }
  w.key("ignored_words");
  w.strings(results.stopped);
  w.key("did_you_mean");
  if (results.did_you_mean.empty()) {
    w.raw("null");
  } else {
    w.string(results.did_you_mean);
  }
  w.key("relaxed");
  w.boolean(results.relaxed);
  w.key("notices");
  out += '[';
  for (std::size_t i = 0; i < results.notices.size(); ++i) {
    if (i > 0) out += ',';
    w.string(results.notices[i]);
  }
  if (results.relaxed) {
    if (!results.notices.empty()) out += ',';
    w.string("showing results for: " + results.did_you_mean);
  }
  out += ']';
  w.key("partial");
  w.boolean(!results.missing_shards.empty());
  w.key("missing_shards");
  w.strings(results.missing_shards);
  out += '}';
  return out;
}

void write_results(std::ostream& out, const WriterOptions& opt, std::string_view qid, const SearchRequest& request,
                   const SearchResults& results) {
  switch (opt.format) {
    case OutputFormat::kText: write_text(out, opt, request, results); break;
    case OutputFormat::kJson: out << answer_json_text(request, results, opt, qid) << '\n'; break;
    case OutputFormat::kJsonl: write_jsonl(out, opt, qid, request, results); break;
    case OutputFormat::kTrec: write_trec(out, opt, qid, results); break;
  }
}

std::string count_phrase(const SearchRequest& request, const SearchResults& results) {
  const std::uint64_t n = results.matches_estimated;
  const std::string unit =
      request.all_passages ? (n == 1 ? "passage" : "passages") : (n == 1 ? "document" : "documents");
  const std::string verb = n == 1 ? " matches" : " match";
  if (results.matches_exact) return grouped(n) + " " + unit + verb;
  return "about " + grouped(n) + " " + unit + verb + " (estimate: " + grouped(results.matches_lower) + " to " +
         grouped(results.matches_upper) + ")";
}

std::string empty_page_phrase(const SearchRequest& request, const SearchResults& results) {
  if (!results.hits.empty() || results.matches_upper == 0) return {};
  if (request.limit == 0) return "none shown (limit 0)";
  return "none on this page (offset " + std::to_string(request.offset) + ")";
}

std::string html_marked(std::string_view text, const std::vector<ByteRange>& marked) {
  std::string out;
  out.reserve(text.size() + 16 * marked.size());
  auto escaped = [&](std::string_view s) {
    for (const char c : s) {
      switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default: out += c;
      }
    }
  };
  std::size_t pos = 0;
  for (const auto& r : marked) {
    if (r.begin < pos || r.end > text.size() || r.begin >= r.end) continue;
    escaped(text.substr(pos, r.begin - pos));
    out += "<mark>";
    escaped(text.substr(r.begin, r.end - r.begin));
    out += "</mark>";
    pos = r.end;
  }
  escaped(text.substr(pos));
  return out;
}

std::string visual_line(std::string_view line, const std::vector<ByteRange>& marked, std::string_view on,
                        std::string_view off) {
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
      vis_marked.insert(vis_marked.end(), unit_marked.begin() + start, unit_marked.begin() + start + length);
      continue;
    }
    // A right-to-left run: its same-mark chunks in reverse order, each
    // reversed by ICU (which keeps marks after their base letters, surrogate
    // pairs intact and mirrors brackets).
    std::int32_t end = start + length;
    while (end > start) {
      std::int32_t b = end - 1;
      while (b > start &&
             unit_marked[static_cast<std::size_t>(b - 1)] == unit_marked[static_cast<std::size_t>(end - 1)])
        --b;
      buf.assign(static_cast<std::size_t>(end - b) * 2 + 1, u'\0');
      UErrorCode e2 = U_ZERO_ERROR;
      const std::int32_t n =
          ubidi_writeReverse(u.data() + b, end - b, buf.data(), static_cast<std::int32_t>(buf.size()),
                             UBIDI_DO_MIRRORING | UBIDI_KEEP_BASE_COMBINING, &e2);
      if (U_FAILURE(e2)) return mark_logical(line, marked, on, off);
      vis.append(buf.data(), static_cast<std::size_t>(n));
      vis_marked.insert(vis_marked.end(), static_cast<std::size_t>(n), unit_marked[static_cast<std::size_t>(end - 1)]);
      end = b;
    }
  }

  std::string out;
  out.reserve(line.size() + 16);
  bool in_mark = false;
  const auto vlen = static_cast<std::int32_t>(vis.size());
  for (std::int32_t i = 0; i < vlen;) {
    const bool m = vis_marked[static_cast<std::size_t>(i)];
    UChar32 c;
    U16_NEXT(vis.data(), i, vlen, c);
    if (is_bidi_control(c)) continue;  // done steering; a terminal would show them as boxes
    if (m != in_mark) {
      out.append(m ? on : off);
      in_mark = m;
    }
    char tmp[4];
    std::int32_t o = 0;
    U8_APPEND_UNSAFE(tmp, o, c);
    out.append(tmp, static_cast<std::size_t>(o));
  }
  if (in_mark) out.append(off);
  return out;
}

}  // namespace fahras
