#include "fahras/fields.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>

#include "fahras/normalizer.h"
#include "fahras/schema.h"

namespace fahras {
namespace {

struct TypeName {
  FieldType type;
  std::string_view name;
};
constexpr TypeName kTypeNames[] = {
    {FieldType::kKeyword, "keyword"},
    {FieldType::kDate, "date"},
    {FieldType::kNumber, "number"},
    {FieldType::kText, "text"},
};

// Xapian's term limit is 245 bytes.
constexpr std::size_t kMaxKeywordTermBytes = 240;

// A document's own members cannot be fields.
constexpr std::string_view kReservedNames[] = {"id", "title", "text"};

// Howard Hinnant's days_from_civil: proleptic Gregorian, exact for any year.
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

// The day (since 1970-01-01) a time falls on, also before 1970.
std::int64_t floor_day(std::int64_t seconds) { return seconds >= 0 ? seconds / 86400 : -((-seconds + 86399) / 86400); }

void civil_from_days(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
}

bool leap(std::int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned days_in_month(std::int64_t y, unsigned m) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : kDays[m - 1];
}

// Reads exactly `n` digits at s[pos]; advances pos.
bool digits(std::string_view s, std::size_t& pos, std::size_t n, unsigned& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const char c = s[pos + i];
    if (c < '0' || c > '9') return false;
    out = out * 10 + static_cast<unsigned>(c - '0');
  }
  pos += n;
  return true;
}

// The parts of a date or date-time; `precision` says how much was given
// (1 year, 2 month, 3 day, 4 hour, 5 minute, 6 second).
struct Parsed {
  std::int64_t year = 0;
  unsigned month = 1, day = 1, hour = 0, minute = 0, second = 0;
  int precision = 0;
  std::int64_t offset_seconds = 0;  // zone: local = UTC + offset
};

std::optional<Parsed> parse_parts(std::string_view s, bool allow_partial) {
  Parsed p;
  std::size_t pos = 0;
  unsigned v = 0;
  if (!digits(s, pos, 4, v)) return std::nullopt;
  p.year = v;
  p.precision = 1;
  auto done = [&]() -> std::optional<Parsed> {
    if (pos != s.size()) return std::nullopt;
    if (!allow_partial && p.precision < 3) return std::nullopt;
    return p;
  };
  if (pos == s.size() || s[pos] != '-') return done();
  ++pos;
  if (!digits(s, pos, 2, p.month) || p.month < 1 || p.month > 12) return std::nullopt;
  p.precision = 2;
  if (pos == s.size() || s[pos] != '-') return done();
  ++pos;
  if (!digits(s, pos, 2, p.day) || p.day < 1 || p.day > days_in_month(p.year, p.month)) return std::nullopt;
  p.precision = 3;
  if (pos == s.size()) return done();
  if (s[pos] != 'T' && s[pos] != 't' && s[pos] != ' ') return std::nullopt;
  ++pos;
  if (!digits(s, pos, 2, p.hour) || p.hour > 23) return std::nullopt;
  if (pos == s.size() || s[pos] != ':') return std::nullopt;
  ++pos;
  if (!digits(s, pos, 2, p.minute) || p.minute > 59) return std::nullopt;
  p.precision = 5;
  if (pos < s.size() && s[pos] == ':') {
    ++pos;
    if (!digits(s, pos, 2, p.second) || p.second > 60) return std::nullopt;  // 60: a leap second
    p.precision = 6;
    if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {  // fraction: ignored
      ++pos;
      const std::size_t start = pos;
      while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
      if (pos == start) return std::nullopt;
    }
  }
  if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
    ++pos;
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    const int sign = s[pos] == '-' ? -1 : 1;
    ++pos;
    unsigned oh = 0, om = 0;
    if (!digits(s, pos, 2, oh) || oh > 23) return std::nullopt;
    if (pos < s.size() && s[pos] == ':') ++pos;
    if (!digits(s, pos, 2, om) || om > 59) return std::nullopt;
    p.offset_seconds = sign * static_cast<std::int64_t>(oh * 3600 + om * 60);
  }
  return done();
}

std::int64_t to_seconds(const Parsed& p) {
  return days_from_civil(p.year, p.month, p.day) * 86400 + p.hour * 3600 + p.minute * 60 + p.second - p.offset_seconds;
}

}  // namespace

std::string_view to_string(FieldType t) {
  for (const auto& tn : kTypeNames)
    if (tn.type == t) return tn.name;
  return "keyword";
}

FieldType parse_field_type(std::string_view s) {
  for (const auto& tn : kTypeNames)
    if (tn.name == s) return tn.type;
  throw FieldError("unknown field type \"" + std::string(s) + "\" (keyword, date, number or text)");
}

std::string FieldSpec::prefix() const { return schema::field_prefix(name); }
Xapian::valueno FieldSpec::value_slot() const { return schema::field_slot(index, schema::kFieldValueSlot); }
Xapian::valueno FieldSpec::facet_slot() const { return schema::field_slot(index, schema::kFieldFacetSlot); }
Xapian::valueno FieldSpec::day_slot() const { return schema::field_slot(index, schema::kFieldDaySlot); }

bool valid_field_name(std::string_view name) {
  if (name.empty() || name.size() > 64 || name[0] < 'a' || name[0] > 'z') return false;
  for (const char c : name)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  return std::find(std::begin(kReservedNames), std::end(kReservedNames), name) == std::end(kReservedNames);
}

std::pair<std::string, FieldType> parse_field_declaration(std::string_view decl) {
  const std::size_t colon = decl.find(':');
  if (colon == std::string_view::npos)
    throw FieldError("field declaration \"" + std::string(decl) + "\" is not NAME:TYPE (e.g. date:date)");
  const std::string name(decl.substr(0, colon));
  if (!valid_field_name(name))
    throw FieldError("field name \"" + name +
                     "\" is not usable: 1-64 of a-z 0-9 _ starting with a letter, not id, title or text");
  return {name, parse_field_type(decl.substr(colon + 1))};
}

// Record format: "1" (the record's version), then ",name:type" per field.
// Never empty: Xapian removes a metadata key set to an empty value, and an
// absent key means "built before typed fields".
constexpr std::string_view kRecordVersion = "1";

FieldSchema FieldSchema::parse(std::string_view recorded) {
  FieldSchema schema;
  if (recorded.substr(0, kRecordVersion.size()) != kRecordVersion ||
      (recorded.size() > kRecordVersion.size() && recorded[kRecordVersion.size()] != ','))
    throw FieldError("unknown field record format");
  recorded.remove_prefix(std::min(recorded.size(), kRecordVersion.size() + 1));
  std::size_t start = 0;
  while (start < recorded.size()) {
    std::size_t end = recorded.find(',', start);
    if (end == std::string_view::npos) end = recorded.size();
    const auto [name, type] = parse_field_declaration(recorded.substr(start, end - start));
    if (schema.find(name)) throw FieldError("field \"" + name + "\" is recorded twice");
    schema.add(name, type);
    start = end + 1;
  }
  return schema;
}

std::string FieldSchema::serialise() const {
  std::string out(kRecordVersion);
  for (const FieldSpec& f : fields_) {
    out.push_back(',');
    out += f.name;
    out.push_back(':');
    out += to_string(f.type);
  }
  return out;
}

const FieldSpec* FieldSchema::find(std::string_view name) const {
  for (const FieldSpec& f : fields_)
    if (f.name == name) return &f;
  return nullptr;
}

const FieldSpec& FieldSchema::add(std::string_view name, FieldType type) {
  if (const FieldSpec* f = find(name)) {
    if (f->type != type)
      throw FieldError("field \"" + std::string(name) + "\" is a " + std::string(to_string(f->type)) +
                       " field in this database, not " + std::string(to_string(type)));
    return *f;
  }
  if (!valid_field_name(name))
    throw FieldError("field name \"" + std::string(name) +
                     "\" is not usable: 1-64 of a-z 0-9 _ starting with a letter, not id, title or text");
  if (fields_.size() >= schema::kMaxFields)
    throw FieldError("too many fields (limit " + std::to_string(schema::kMaxFields) + ")");
  fields_.push_back(FieldSpec{std::string(name), type, fields_.size()});
  return fields_.back();
}

const FieldSpec* FieldSchema::first_date() const {
  for (const FieldSpec& f : fields_)
    if (f.type == FieldType::kDate) return &f;
  return nullptr;
}

std::optional<std::int64_t> parse_iso_datetime(std::string_view s) {
  const auto p = parse_parts(s, false);
  if (!p) return std::nullopt;
  return to_seconds(*p);
}

std::optional<std::pair<std::int64_t, std::int64_t>> parse_date_span(std::string_view s) {
  const auto p = parse_parts(s, true);
  if (!p) return std::nullopt;
  const std::int64_t first = to_seconds(*p);
  Parsed last = *p;
  switch (p->precision) {
    case 1: return std::make_pair(first, to_seconds(Parsed{p->year + 1, 1, 1, 0, 0, 0, 3, p->offset_seconds}) - 1);
    case 2: last.day = days_in_month(p->year, p->month); [[fallthrough]];
    case 3:
      last.hour = 23;
      last.minute = 59;
      last.second = 59;
      return std::make_pair(first, to_seconds(last));
    case 5: return std::make_pair(first, first + 59);
    default: return std::make_pair(first, first);
  }
}

std::string day_of(std::int64_t seconds) { return day_from_number(floor_day(seconds)); }

std::string day_from_number(std::int64_t days) {
  std::int64_t y = 0;
  unsigned m = 0, d = 0;
  civil_from_days(days, y, m, d);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(y), m, d);
  return buf;
}

std::optional<std::int64_t> day_number(std::string_view day) {
  const auto p = parse_parts(day, false);
  if (!p || p->precision != 3) return std::nullopt;
  return days_from_civil(p->year, p->month, p->day);
}

std::string keyword_term(const FieldSpec& field, std::string_view value) {
  std::string term = field.prefix();
  normalize_append(value, term);
  if (term.size() > kMaxKeywordTermBytes) {
    std::size_t cut = kMaxKeywordTermBytes;
    while (cut > 0 && (static_cast<unsigned char>(term[cut]) & 0xC0) == 0x80) --cut;
    term.resize(cut);
  }
  return term;
}

namespace {

std::string date_term(const FieldSpec& field, char level, std::int64_t y, unsigned m, unsigned d) {
  char buf[40];
  if (level == 'Y') std::snprintf(buf, sizeof buf, "Y%04lld", static_cast<long long>(y));
  else if (level == 'M') std::snprintf(buf, sizeof buf, "M%04lld%02u", static_cast<long long>(y), m);
  else std::snprintf(buf, sizeof buf, "D%04lld%02u%02u", static_cast<long long>(y), m, d);
  return field.prefix() + buf;
}

}  // namespace

std::array<std::string, 3> date_terms(const FieldSpec& field, std::int64_t seconds) {
  std::int64_t y = 0;
  unsigned m = 0, d = 0;
  civil_from_days(floor_day(seconds), y, m, d);
  return {date_term(field, 'Y', y, m, d), date_term(field, 'M', y, m, d), date_term(field, 'D', y, m, d)};
}

std::vector<std::string> date_cover_terms(const FieldSpec& field, std::int64_t first_second, std::int64_t last_second) {
  std::vector<std::string> terms;
  std::int64_t day = floor_day(first_second);
  const std::int64_t last = floor_day(last_second);
  while (day <= last) {
    std::int64_t y = 0;
    unsigned m = 0, d = 0;
    civil_from_days(day, y, m, d);
    const std::int64_t next_year = days_from_civil(y + 1, 1, 1);
    const std::int64_t next_month = m == 12 ? next_year : days_from_civil(y, m + 1, 1);
    if (m == 1 && d == 1 && next_year - 1 <= last) {
      terms.push_back(date_term(field, 'Y', y, m, d));
      day = next_year;
    } else if (d == 1 && next_month - 1 <= last) {
      terms.push_back(date_term(field, 'M', y, m, d));
      day = next_month;
    } else {
      terms.push_back(date_term(field, 'D', y, m, d));
      ++day;
    }
  }
  return terms;
}

std::optional<std::string> date_term_label(std::string_view v) {
  const bool digits = v.size() > 1 && v.find_first_not_of("0123456789", 1) == std::string_view::npos;
  if (!digits) return std::nullopt;
  const std::string d(v.substr(1));
  if (v[0] == 'Y' && d.size() == 4) return d;
  if (v[0] == 'M' && d.size() == 6) return d.substr(0, 4) + "-" + d.substr(4);
  if (v[0] == 'D' && d.size() == 8) return d.substr(0, 4) + "-" + d.substr(4, 2) + "-" + d.substr(6);
  return std::nullopt;
}

std::string_view facet_bucket(std::string_view key) { return key.substr(0, key.find(schema::kFacetKeySeparator)); }

}  // namespace fahras
