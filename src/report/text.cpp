// The text report: a verdict line first, then findings grouped by rule with
// page, snippet and a fix hint.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <utility>

#include "preflight/report.hpp"
#include "preflight/rule.hpp"

namespace preflight {

namespace {

// What was and was not checked (issue 21): the page limit applied, or each
// track's fit when no track was given; that names were not searched when no
// author was given.
std::string checked_lines(const Report& r) {
  std::string out;
  const auto& fx = r.facts;
  if (fx.contains("limits") && fx["limits"].is_object() && !fx["limits"].empty() && fx.contains("main_pages") &&
      fx["main_pages"].is_number_integer()) {
    int pages = fx["main_pages"].get<int>();
    const auto& limits = fx["limits"];
    std::string main = fmt::format("{} main page{}", pages, pages == 1 ? "" : "s");
    if (r.track && limits.contains(*r.track)) {
      out += fmt::format("  limit: {} against the {} track's {}\n", main, *r.track, limits[*r.track].get<int>());
    } else if (limits.size() == 1) {
      out += fmt::format("  limit: {} against the {} track's {}\n", main, limits.begin().key(),
                         limits.begin().value().get<int>());
    } else {
      // No track: the main pages against each track, the longest first.
      std::vector<std::pair<std::string, int>> tracks;
      for (auto it = limits.begin(); it != limits.end(); ++it) tracks.emplace_back(it.key(), it.value().get<int>());
      std::stable_sort(tracks.begin(), tracks.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
      std::string fits, fails;
      for (const auto& [name, limit] : tracks) {
        std::string& to = pages <= limit ? fits : fails;
        to += fmt::format("{}{} ({})", to.empty() ? "" : ", ", name, limit);
      }
      out += fmt::format("  limit: no track given; {}: {}{}{}\n", main, fits.empty() ? "" : "fits " + fits,
                         !fits.empty() && !fails.empty() ? ", " : "", fails.empty() ? "" : "not " + fails);
    }
  }
  if (fx.contains("anonymity") && fx["anonymity"].is_object()) {
    const auto& an = fx["anonymity"];
    if (an.value("active", false) && an.value("authors", 0) == 0)
      out += "  authors: none given, so the authors' names and e-mails were not searched (give --author NAME, "
             "--authors-file FILE, or authors = [...] in preflight.toml)\n";
  }
  return out;
}

}  // namespace

std::string to_text(const Report& r, const TextStyle& st) {
  auto paint = [&](const char* code, const std::string& s) {
    return st.color ? fmt::format("\x1b[{}m{}\x1b[0m", code, s) : s;
  };
  std::string out;
  if (r.error) {
    out += fmt::format("{} {}: {}\n", paint("1;35", "ERROR"), r.file, r.error->message);
    return out;
  }
  int e = r.count(Severity::error), w = r.count(Severity::warning), inf = r.count(Severity::info);
  std::string verdict = r.verdict == "pass" ? paint("1;32", "PASS") : paint("1;31", "FAIL");
  out += fmt::format("{} {}: {} error{}, {} warning{}{} ({} pages, profile {}{}{})\n", verdict, r.file, e,
                     e == 1 ? "" : "s", w, w == 1 ? "" : "s", inf ? fmt::format(", {} note{}", inf, inf == 1 ? "" : "s") : "",
                     r.pages, r.profile, r.track ? ", track " + *r.track : "", r.camera_ready ? ", camera-ready" : "");
  out += checked_lines(r);
  // Group by rule, keeping the order in which rules reported. A finding caused
  // by another one shown here (Finding::caused_by) is listed under its cause.
  auto shown = [&](const Finding& f) { return f.severity != Severity::info || st.verbose || !f.waived.empty(); };
  std::map<std::string, std::vector<const Finding*>> effects;  // cause kind -> its consequences
  std::map<std::string, bool> is_cause;
  for (const auto& f : r.findings)
    if (shown(f)) is_cause[f.kind] = true;
  for (const auto& f : r.findings)
    if (shown(f) && !f.caused_by.empty() && is_cause.count(f.caused_by)) effects[f.caused_by].push_back(&f);
  std::vector<std::string> order;
  std::map<std::string, std::vector<const Finding*>> by_rule;
  for (const auto& f : r.findings) {
    if (!shown(f)) continue;
    if (!f.caused_by.empty() && is_cause.count(f.caused_by)) continue;
    if (!by_rule.count(f.rule)) order.push_back(f.rule);
    by_rule[f.rule].push_back(&f);
  }
  auto severity = [&](const Finding& f) {
    if (!f.waived.empty()) return paint("2", "waived");
    return f.severity == Severity::error     ? paint("31", "error")
           : f.severity == Severity::warning ? paint("33", "warning")
                                             : paint("36", "info");
  };
  std::map<std::string, bool> listed;  // a cause's consequences are listed once
  for (const auto& id : order) {
    const Rule* rule = find_rule(id);
    std::string summary = rule ? std::string(rule->summary()) : "";
    out += fmt::format("\n{}{}\n", paint("1", id), summary.empty() ? "" : paint("2", " — " + summary));
    for (const Finding* f : by_rule[id]) {
      std::string where = f->page ? fmt::format("page {}: ", *f->page) : "";
      std::string kind = f->kind.size() > id.size() ? f->kind.substr(id.size() + 1) : f->kind;  // "overfull"
      out += fmt::format("  {} {}{}{}\n", severity(*f), where, f->message, kind.empty() ? "" : paint("2", " [" + kind + "]"));
      if (!f->evidence.empty()) out += fmt::format("      {} {}\n", paint("2", "found:"), plain_quotes(f->evidence));
      if (!f->waived.empty()) out += fmt::format("      {} {}\n", paint("2", "waived:"), f->waived);
      else if (!f->hint.empty()) out += fmt::format("      {} {}\n", paint("2", "fix:"), f->hint);
      auto it = effects.find(f->kind);
      if (it == effects.end() || listed[f->kind]) continue;
      listed[f->kind] = true;
      out += fmt::format("      {}\n", paint("2", fmt::format("this also causes ({} more, gone with the fix above):",
                                                               it->second.size())));
      for (const Finding* c : it->second) {
        std::string cwhere = c->page ? fmt::format("page {}: ", *c->page) : "";
        out += fmt::format("        {} {}{} {}\n", severity(*c), cwhere, c->message, paint("2", "[" + c->kind + "]"));
        if (!c->evidence.empty()) out += fmt::format("            {} {}\n", paint("2", "found:"), plain_quotes(c->evidence));
      }
    }
  }
  return out;
}

}  // namespace preflight
