#include "fahras/field_registry.h"

#include <cmath>
#include <cstdlib>

#include <simdjson.h>

#include "fahras/schema.h"

namespace fahras {
namespace {

// Inference: a string with white space longer than this is text.
constexpr std::size_t kMaxInferredKeywordBytes = 64;

simdjson::dom::parser& thread_parser() {
  thread_local simdjson::dom::parser parser;
  return parser;
}

bool has_space(std::string_view s) {
  for (const char c : s)
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') return true;
  return false;
}

std::string shown(std::string_view v) {
  constexpr std::size_t kShown = 40;
  if (v.size() <= kShown) return "\"" + std::string(v) + "\"";
  std::size_t cut = kShown;
  while (cut > 0 && (static_cast<unsigned char>(v[cut]) & 0xC0) == 0x80) --cut;
  return "\"" + std::string(v.substr(0, cut)) + "…\"";
}

std::optional<double> parse_number(std::string_view s) {
  if (s.empty() || s.size() > 64) return std::nullopt;
  const std::string copy(s);
  char* end = nullptr;
  const double d = std::strtod(copy.c_str(), &end);
  if (end != copy.c_str() + copy.size() || !std::isfinite(d)) return std::nullopt;
  return d;
}

std::optional<FieldType> infer_type(const simdjson::dom::element& v) {
  std::string_view s;
  switch (v.type()) {
    case simdjson::dom::element_type::INT64:
    case simdjson::dom::element_type::UINT64:
    case simdjson::dom::element_type::DOUBLE: return FieldType::kNumber;
    case simdjson::dom::element_type::BOOL: return FieldType::kKeyword;
    case simdjson::dom::element_type::STRING:
      s = v.get_string().value_unsafe();
      if (s.empty()) return std::nullopt;  // nothing to learn from
      if (parse_iso_datetime(s)) return FieldType::kDate;
      if (!has_space(s) || s.size() <= kMaxInferredKeywordBytes) return FieldType::kKeyword;
      return FieldType::kText;
    default: return std::nullopt;
  }
}

void add_facet(DocumentFields& out, const FieldSpec& f, std::string bucket, std::string_view doc_id) {
  bucket.push_back(schema::kFacetKeySeparator);
  bucket.append(doc_id);
  out.values.emplace_back(f.facet_slot(), std::move(bucket));
}

// One member's value; returns an error message, or empty when it fits.
std::string add_value(const FieldSpec& f, const simdjson::dom::element& v, std::string_view doc_id,
                      DocumentFields& out) {
  const auto type = v.type();
  std::string_view s;
  const bool is_string = !v.get(s);
  const bool is_number = type == simdjson::dom::element_type::INT64 || type == simdjson::dom::element_type::UINT64 ||
                         type == simdjson::dom::element_type::DOUBLE;
  if (type == simdjson::dom::element_type::NULL_VALUE) return {};  // absent
  switch (f.type) {
    case FieldType::kKeyword: {
      std::string value;
      if (is_string) {
        value.assign(s);
      } else if (is_number || type == simdjson::dom::element_type::BOOL) {
        value = simdjson::minify(v);
      } else {
        return "not a single value";
      }
      if (value.empty()) return {};
      if (value.find(schema::kFacetKeySeparator) != std::string::npos) return "value contains a NUL character";
      out.terms.push_back(keyword_term(f, value));
      out.values.emplace_back(f.value_slot(), value);
      add_facet(out, f, value, doc_id);
      return {};
    }
    case FieldType::kDate: {
      if (!is_string) return "not an ISO 8601 date string";
      if (s.empty()) return {};
      const auto seconds = parse_iso_datetime(s);
      if (!seconds) return shown(s) + " is not an ISO 8601 date or date-time (e.g. 2015-07-21T02:51:32)";
      out.values.emplace_back(f.value_slot(), Xapian::sortable_serialise(static_cast<double>(*seconds)));
      for (std::string& t : date_terms(f, *seconds)) out.terms.push_back(std::move(t));
      std::string day = day_of(*seconds);
      out.values.emplace_back(f.day_slot(), day);
      add_facet(out, f, std::move(day), doc_id);
      return {};
    }
    case FieldType::kNumber: {
      std::optional<double> d;
      if (is_number) {
        double x = 0;
        if (!v.get(x)) d = x;
      } else if (is_string) {
        d = parse_number(s);
        if (!d) return shown(s) + " is not a number";
      } else {
        return "not a number";
      }
      if (!d) return "not a number";
      std::string value = Xapian::sortable_serialise(*d);
      out.values.emplace_back(f.value_slot(), value);
      add_facet(out, f, std::move(value), doc_id);
      return {};
    }
    case FieldType::kText:
      if (!is_string) return "not a string";
      if (!s.empty()) out.texts.emplace_back(f.prefix(), std::string(s));
      return {};
  }
  return {};
}

}  // namespace

void extract_fields(const FieldSchema& schema, std::string_view metadata_json, std::string_view doc_id,
                    DocumentFields& out, std::vector<std::string>* problems) {
  out.clear();
  if (schema.empty() || metadata_json.empty()) return;
  simdjson::dom::element root;
  if (thread_parser().parse(metadata_json.data(), metadata_json.size()).get(root)) return;
  simdjson::dom::object object;
  if (root.get(object)) return;
  for (const auto member : object) {
    const FieldSpec* f = schema.find(member.key);
    if (!f) continue;
    std::string why = add_value(*f, member.value, doc_id, out);
    if (!why.empty() && problems)
      problems->push_back("field " + f->name + " (" + std::string(to_string(f->type)) + "): " + why);
  }
}

FieldRegistry::FieldRegistry(std::vector<std::pair<std::string, FieldType>> declared, bool infer)
    : declared_(std::move(declared)), infer_(infer) {
  auto schema = std::make_shared<FieldSchema>();
  for (const auto& [name, type] : declared_) schema->add(name, type);
  schema_ = std::move(schema);
}

void FieldRegistry::merge_recorded(const std::string& db_path, std::string_view record, bool recorded,
                                   bool has_documents) {
  std::lock_guard lock(mu_);
  if (!recorded && has_documents) {
    if (!declared_.empty())
      throw FieldError(db_path + " was built before typed fields: its documents have none, so --field " +
                       declared_.front().first +
                       " cannot be added to it; rebuild it into a new --db to filter on fields");
    frozen_ = true;
    schema_ = std::make_shared<FieldSchema>();
    return;
  }
  FieldSchema merged;
  try {
    if (recorded) merged = FieldSchema::parse(record);
  } catch (const FieldError& e) {
    throw FieldError(db_path + ": bad field record \"" + std::string(record) + "\": " + e.what());
  }
  // Fields recorded by a database come first, with their numbers; declared
  // and inferred ones follow.
  for (const FieldSpec& f : schema_->fields()) {
    try {
      merged.add(f.name, f.type);
    } catch (const FieldError& e) {
      throw FieldError(db_path + ": " + e.what() + " (declared with --field " + f.name + ":" +
                       std::string(to_string(f.type)) + ")");
    }
  }
  schema_ = std::make_shared<FieldSchema>(std::move(merged));
}

void FieldRegistry::observe(const SourceDocument& doc, const InputWarningSink& warn) {
  if (doc.metadata_json.empty()) return;
  std::lock_guard lock(mu_);
  if (frozen_) return;
  if (infer_) {
    simdjson::dom::element root;
    simdjson::dom::object object;
    if (!thread_parser().parse(doc.metadata_json.data(), doc.metadata_json.size()).get(root) && !root.get(object)) {
      std::shared_ptr<FieldSchema> grown;
      for (const auto member : object) {
        if (schema_->find(member.key) || (grown && grown->find(member.key))) continue;
        if (!valid_field_name(member.key)) continue;  // display-only metadata
        const auto type = infer_type(member.value);
        if (!type) continue;
        if (!grown) grown = std::make_shared<FieldSchema>(*schema_);
        if (grown->fields().size() >= schema::kMaxFields) break;
        grown->add(member.key, *type);
      }
      if (grown) schema_ = std::move(grown);
    }
  }
  problems_.clear();
  extract_fields(*schema_, doc.metadata_json, doc.id, scratch_, &problems_);
  for (const std::string& p : problems_) {
    warnings_.fetch_add(1);
    if (warn) warn(InputWarning{doc.origin, p + "; the document is indexed without it"});
  }
}

std::shared_ptr<const FieldSchema> FieldRegistry::snapshot() const {
  std::lock_guard lock(mu_);
  return schema_;
}

std::string FieldRegistry::record() const { return snapshot()->serialise(); }

bool FieldRegistry::frozen() const {
  std::lock_guard lock(mu_);
  return frozen_;
}

}  // namespace fahras
