// The text report: a verdict line first, then findings grouped by rule with
// page, snippet and a fix hint.
#include <fmt/format.h>

#include <map>

#include "preflight/report.hpp"
#include "preflight/rule.hpp"

namespace preflight {

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
  // Group by rule, keeping the order in which rules reported.
  std::vector<std::string> order;
  std::map<std::string, std::vector<const Finding*>> by_rule;
  for (const auto& f : r.findings) {
    if (f.severity == Severity::info && !st.verbose && f.waived.empty()) continue;
    if (!by_rule.count(f.rule)) order.push_back(f.rule);
    by_rule[f.rule].push_back(&f);
  }
  for (const auto& id : order) {
    const Rule* rule = find_rule(id);
    std::string summary = rule ? std::string(rule->summary()) : "";
    out += fmt::format("\n{}{}\n", paint("1", id), summary.empty() ? "" : paint("2", " — " + summary));
    for (const Finding* f : by_rule[id]) {
      std::string sev = f->severity == Severity::error     ? paint("31", "error")
                        : f->severity == Severity::warning ? paint("33", "warning")
                                                           : paint("36", "info");
      std::string where = f->page ? fmt::format("page {}: ", *f->page) : "";
      if (!f->waived.empty()) sev = paint("2", "waived");
      std::string kind = f->kind.size() > id.size() ? f->kind.substr(id.size() + 1) : f->kind;  // "overfull"
      out += fmt::format("  {} {}{}{}\n", sev, where, f->message, kind.empty() ? "" : paint("2", " [" + kind + "]"));
      if (!f->evidence.empty()) out += fmt::format("      {} {}\n", paint("2", "found:"), f->evidence);
      if (!f->waived.empty()) out += fmt::format("      {} {}\n", paint("2", "waived:"), f->waived);
      else if (!f->hint.empty()) out += fmt::format("      {} {}\n", paint("2", "fix:"), f->hint);
    }
  }
  return out;
}

}  // namespace preflight
