// summary.csv: one row a paper, safe to open in a spreadsheet.
#include <fmt/format.h>

#include <algorithm>

#include "preflight/summary.hpp"

namespace preflight {

namespace {
std::string fact_text(const nlohmann::ordered_json& facts, std::initializer_list<const char*> path) {
  const nlohmann::ordered_json* j = &facts;
  for (const char* k : path) {
    if (!j->is_object() || !j->contains(k)) return "";
    j = &(*j)[k];
  }
  if (j->is_string()) return j->get<std::string>();
  if (j->is_number_integer()) return std::to_string(j->get<long long>());
  if (j->is_number()) return fmt::format("{}", j->get<double>());
  if (j->is_boolean()) return j->get<bool>() ? "true" : "false";
  return "";
}
}  // namespace

SummaryRow summarize(const Report& r) {
  SummaryRow s;
  s.file = r.file;
  s.verdict = r.verdict;
  s.error_kind = r.error ? r.error->kind : "";
  s.track = r.track.value_or("");
  s.pages = r.error ? "" : std::to_string(r.pages);
  s.main_pages = fact_text(r.facts, {"main_pages"});
  std::string family = fact_text(r.facts, {"template", "family"});
  std::string year = fact_text(r.facts, {"template", "year"});
  s.template_name = family.empty() ? year : year.empty() ? family : family + " " + year;
  s.mode = fact_text(r.facts, {"template", "mode"});
  s.errors = r.count(Severity::error);
  s.warnings = r.count(Severity::warning);
  std::vector<std::string> seen;
  for (const auto& f : r.findings) {
    if (!f.waived.empty() || f.severity == Severity::info) continue;
    const std::string& id = f.kind.empty() ? f.rule : f.kind;
    if (std::find(seen.begin(), seen.end(), id) == seen.end()) {
      seen.push_back(id);
      s.rules += (s.rules.empty() ? "" : ", ") + id;
    }
    if (s.first_error.empty() && f.severity == Severity::error) s.first_error = f.message;
  }
  if (r.error) s.first_error = r.error->message;
  return s;
}

std::string csv_cell(std::string_view in) {
  std::string s(in);
  if (!s.empty() && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r'))
    s.insert(s.begin(), '\'');
  if (s.find_first_of(",\"\r\n'") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) {
    if (c == '"') q += '"';
    q += c;
  }
  return q + '"';
}

std::string to_summary_csv(const std::vector<Report>& reports) {
  std::string out = "file,verdict,error_kind,track,pages,main_pages,template,mode,errors,warnings,rules,first_error\n";
  for (const auto& r : reports) {
    SummaryRow s = summarize(r);
    for (const std::string* c : {&s.file, &s.verdict, &s.error_kind, &s.track, &s.pages, &s.main_pages,
                                 &s.template_name, &s.mode})
      out += csv_cell(*c) + ',';
    out += fmt::format("{},{},", s.errors, s.warnings);
    out += csv_cell(s.rules) + ',' + csv_cell(s.first_error) + '\n';
  }
  return out;
}

}  // namespace preflight
