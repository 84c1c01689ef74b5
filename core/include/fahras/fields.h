// Typed metadata fields: what a JSON Lines document's extra members
// ("source", "date", ...) become in the database, so that they can be
// filtered on, sorted by and counted on every passage of the document.
//
// Types:
//   keyword  exact values: boolean filter terms (source:okaz), sorting,
//            facets; the value is normalised like query words (case, hamza,
//            diacritics), so source:OKAZ finds "okaz"
//   date     ISO 8601 date or date-time (2015-07-21, 2015-07-21T02:51:32,
//            ...Z or ...+03:00): ranges (date:2015-07-01..2015-07-31),
//            sorting, facets by day, month or year, the recency boost
//   number   JSON numbers (or strings holding one): ranges, sorting, facets
//   text     searched word by word, like the title (author:الغامدي)
// The layout (prefixes and value slots) is in schema.h; the list of fields
// and their types is recorded in the database (schema::kMetaFields) and read
// back by the searcher, so queries need no declarations.
//
// Ownership: plain values. Thread safety: FieldSchema is a value type (no
// sharing); the free functions are pure and reentrant.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "fahras/error.h"

namespace fahras {

enum class FieldType { kKeyword, kDate, kNumber, kText };

std::string_view to_string(FieldType t);
// "keyword", "date", "number", "text"; throws FieldError otherwise.
FieldType parse_field_type(std::string_view s);

struct FieldSpec {
  std::string name;
  FieldType type = FieldType::kKeyword;
  std::size_t index = 0;  // field number: its slots and place in the record

  std::string prefix() const;          // schema::field_prefix(name)
  Xapian::valueno value_slot() const;  // sort / range value
  Xapian::valueno facet_slot() const;  // facet keys
  Xapian::valueno day_slot() const;    // dates: "YYYY-MM-DD"
  bool has_values() const { return type != FieldType::kText; }
};

// Field names are 1-64 bytes of [a-z0-9_] starting with a letter (they
// become QueryParser prefixes and term prefixes). "id", "title" and "text"
// are the document's own members.
bool valid_field_name(std::string_view name);

// "NAME:TYPE" (fahras-index --field); throws FieldError.
std::pair<std::string, FieldType> parse_field_declaration(std::string_view decl);

class FieldSchema {
 public:
  // The recorded form, "1,name:type,..." ("1": no fields). Throws
  // FieldError when it is malformed.
  static FieldSchema parse(std::string_view recorded);
  std::string serialise() const;

  const FieldSpec* find(std::string_view name) const;
  // Adds a field (or returns the existing one of the same type); throws
  // FieldError for a bad name, a different type, or past schema::kMaxFields.
  const FieldSpec& add(std::string_view name, FieldType type);
  const std::vector<FieldSpec>& fields() const { return fields_; }
  bool empty() const { return fields_.empty(); }
  // The first date field (the recency boost's), or nullptr.
  const FieldSpec* first_date() const;

 private:
  std::vector<FieldSpec> fields_;
};

// --- values ---------------------------------------------------------------

// Seconds since 1970-01-01T00:00:00Z of an ISO 8601 date or date-time
// ("2015-07-21", "2015-07-21T02:51:32", "2015-07-21 02:51", fractions,
// "Z" or "+03:00"); nullopt if `s` is not one. Without a zone, UTC.
std::optional<std::int64_t> parse_iso_datetime(std::string_view s);

// A date typed in a query: "2015", "2015-07", "2015-07-21" or a date-time.
// Returns the first and last second it covers (a day covers all of it).
std::optional<std::pair<std::int64_t, std::int64_t>> parse_date_span(std::string_view s);

// "YYYY-MM-DD" (UTC) of a time.
std::string day_of(std::int64_t seconds);
// Days since 1970-01-01 of a "YYYY-MM-DD" day; nullopt if malformed.
std::optional<std::int64_t> day_number(std::string_view day);
std::string day_from_number(std::int64_t days);

// The term a keyword value is filtered by: prefix + the value normalised as
// query words are (fahras::normalize), so a typed value matches; cut (at a
// character boundary) to Xapian's term limit, so values longer than about
// 230 bytes that share their beginning (long URLs) filter together.
std::string keyword_term(const FieldSpec& field, std::string_view value);

// The boolean terms a date is filtered by: prefix + "Y2015", "M201507" and
// "D20150721" (UTC), on every passage. A closed range then is an OR of a
// few posting lists that Xapian can skip through, instead of a value
// compared on every candidate passage (which made a selective date filter
// slower than no filter; docs/searching.md has the figures).
std::array<std::string, 3> date_terms(const FieldSpec& field, std::int64_t seconds);

// The fewest of those terms that cover every day from the day of
// `first_second` to the day of `last_second`, whole years and months by
// their own term: 2015-07-30..2015-09-02 is D20150730 D20150731 M201508
// D20150901 D20150902. Empty when last < first.
std::vector<std::string> date_cover_terms(const FieldSpec& field, std::int64_t first_second, std::int64_t last_second);

// A date term's value (after the field prefix) as a query writes it:
// Y2015 -> 2015, M201507 -> 2015-07, D20150721 -> 2015-07-21; nullopt for
// anything else (keyword values are normalised to lower case, so a capital
// letter marks a date term).
std::optional<std::string> date_term_label(std::string_view value);

// A facet key's bucket (the part before schema::kFacetKeySeparator).
std::string_view facet_bucket(std::string_view key);

}  // namespace fahras
