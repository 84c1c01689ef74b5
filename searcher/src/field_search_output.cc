// Facets and the database description, for people and for programs.
#include <algorithm>
#include <cstdio>
#include <ostream>

#include <nlohmann/json.hpp>

#include "fahras/field_search.h"
#include "fahras/schema.h"

namespace fahras {
namespace {

// 12,345: counts are read at a glance.
std::string grouped(std::uint64_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

// Display width in characters (UTF-8 lead bytes), for alignment.
std::size_t width(std::string_view s) {
  std::size_t n = 0;
  for (const char c : s)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  return n;
}

std::string facet_name(const FacetResult& f) { return f.granularity.empty() ? f.field : f.field + ":" + f.granularity; }

std::string date_label(const Xapian::Database& db, Xapian::valueno slot, bool upper) {
  const std::string v = upper ? db.get_value_upper_bound(slot) : db.get_value_lower_bound(slot);
  if (v.empty()) return "-";
  return day_of(static_cast<std::int64_t>(Xapian::sortable_unserialise(v)));
}

}  // namespace

void write_facets_text(std::ostream& out, const std::vector<FacetResult>& facets) {
  for (const FacetResult& f : facets) {
    const char* unit = f.passages ? "passages" : "documents";
    out << facet_name(f) << " (" << grouped(f.with_value) << ' ' << unit << " with a value, " << grouped(f.distinct)
        << (f.distinct == 1 ? " value" : " values");
    if (f.values.size() < f.distinct) out << ", top " << f.values.size();
    out << ")\n";
    std::size_t w = 0;
    for (const FacetValue& v : f.values) w = std::max(w, width(v.label));
    for (const FacetValue& v : f.values) {
      out << "  " << v.label << std::string(w - width(v.label) + 2, ' ') << grouped(v.count) << '\n';
    }
    if (f.values.empty()) out << "  (none)\n";
    out << '\n';
  }
}

nlohmann::ordered_json facets_json(const std::vector<FacetResult>& facets) {
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  for (const FacetResult& f : facets) {
    nlohmann::ordered_json values = nlohmann::ordered_json::array();
    for (const FacetValue& v : f.values) values.push_back({{"value", v.label}, {"count", v.count}});
    out[facet_name(f)] = {{"counts", f.passages ? "passages" : "documents"},
                          {"distinct", f.distinct},
                          {"with_value", f.with_value},
                          {"values", std::move(values)}};
  }
  return out;
}

void describe_database(std::ostream& out, const std::string& path, const Xapian::Database& db) {
  auto meta = [&](std::string_view key) {
    const std::string v = db.get_metadata(std::string(key));
    return v.empty() ? std::string("(not recorded)") : v;
  };
  std::uint64_t documents = 0;
  const std::string q(schema::kDocIdPrefix);
  for (auto t = db.allterms_begin(q); t != db.allterms_end(q); ++t) ++documents;
  out << "database   " << path << '\n'
      << "shards     " << db.size() << '\n'
      << "schema     " << meta(schema::kMetaSchema) << '\n'
      << "analyser   " << meta(schema::kMetaAnalyzer) << '\n'
      << "stemmer    " << meta(schema::kMetaStemmer) << '\n'
      << "passages   " << grouped(db.get_doccount()) << " (target " << meta(schema::kMetaPassageTarget) << " bytes)\n"
      << "documents  " << grouped(documents) << '\n';
  const std::string record = db.get_metadata(std::string(schema::kMetaFields));
  if (record.empty()) {
    out << "fields     none: built before typed fields (re-index to filter, sort and count by metadata)\n";
    return;
  }
  const FieldSchema fields = FieldSchema::parse(record);
  if (fields.empty()) {
    out << "fields     none\n";
    return;
  }
  out << "fields\n";
  std::size_t w = 0;
  for (const FieldSpec& f : fields.fields()) w = std::max(w, f.name.size());
  for (const FieldSpec& f : fields.fields()) {
    out << "  " << f.name << std::string(w - f.name.size() + 2, ' ') << to_string(f.type)
        << std::string(8 - to_string(f.type).size(), ' ');
    switch (f.type) {
      case FieldType::kKeyword: {
        std::uint64_t values = 0;
        const std::string prefix = f.prefix();
        for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) ++values;
        out << grouped(values) << " values on " << grouped(db.get_value_freq(f.value_slot())) << " passages";
        break;
      }
      case FieldType::kDate:
        out << date_label(db, f.value_slot(), false) << " .. " << date_label(db, f.value_slot(), true) << " on "
            << grouped(db.get_value_freq(f.value_slot())) << " passages";
        break;
      case FieldType::kNumber: {
        const std::string lo = db.get_value_lower_bound(f.value_slot());
        const std::string hi = db.get_value_upper_bound(f.value_slot());
        char buf[96];
        std::snprintf(buf, sizeof buf, "%.15g .. %.15g", lo.empty() ? 0.0 : Xapian::sortable_unserialise(lo),
                      hi.empty() ? 0.0 : Xapian::sortable_unserialise(hi));
        out << buf << " on " << grouped(db.get_value_freq(f.value_slot())) << " passages";
        break;
      }
      case FieldType::kText: out << "searched as words (" << f.name << ":word)"; break;
    }
    out << '\n';
  }
}

}  // namespace fahras
