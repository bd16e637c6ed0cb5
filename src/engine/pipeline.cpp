// The pipeline: load -> analyse -> every rule -> severities -> Report. It sits
// above pdf/, analysis/ and rules/, and check, batch workers and serve call it.
#include "preflight/check.hpp"

#include <algorithm>

#include "pdf/loader.hpp"
#include "rules/rules.hpp"

namespace preflight {

int Report::count(Severity s) const {
  return static_cast<int>(std::count_if(findings.begin(), findings.end(),
                                        [s](const Finding& f) { return f.severity == s && f.waived.empty(); }));
}

bool rule_matches(std::string_view rule, const std::vector<std::string>& patterns) {
  for (const auto& p : patterns) {
    if (rule == p) return true;
    if (rule.size() > p.size() && rule.substr(0, p.size()) == p && rule[p.size()] == '.') return true;
  }
  return false;
}

bool finding_matches(const Finding& f, const std::vector<std::string>& patterns) {
  return rule_matches(f.rule, patterns) || (!f.kind.empty() && rule_matches(f.kind, patterns));
}

bool rule_selected(const Rule& rule, const std::vector<std::string>& select, const std::vector<std::string>& ignore) {
  if (rule_matches(rule.id(), ignore)) return false;
  if (select.empty() || rule_matches(rule.id(), select)) return true;
  for (const auto& k : rule.kinds())
    if (rule_matches(rule.kind_id(k.name), select)) return true;
  return false;
}

namespace {

Report new_report(const std::string& path, const Profile& profile, const RunOptions& opts) {
  Report rep;
  rep.file = path;
  rep.profile = profile.name;
  rep.track = opts.check.track;
  rep.camera_ready = opts.check.camera_ready;
  return rep;
}

// Analyse a loaded document and run every rule.
void run_rules(const Document& doc, const Profile& profile, const RunOptions& opts, Report& rep) {
  rep.sha256 = doc.sha256;
  rep.pages = static_cast<int>(doc.pages.size());
  Layout layout = analyze(doc);
  Context ctx{doc, layout, profile, opts.check, rep.facts};
  // Every rule runs (rules record facts, and facts do not depend on --select);
  // --select / --ignore filter the findings.
  for (const auto& rule : all_rules()) {
    std::vector<Finding> found;
    rule->check(ctx, found);
    for (auto& f : found) {
      // The profile decides the severity of each kind, or turns it off.
      if (!f.kind.empty()) {
        auto sev = severity_under(profile, f.kind);
        if (!sev) continue;
        f.severity = *sev;
      }
      if (!opts.select.empty() && !finding_matches(f, opts.select)) continue;
      if (finding_matches(f, opts.ignore)) continue;
      rep.findings.push_back(std::move(f));
    }
  }
  link_causes(ctx, rep.findings);
  rep.verdict = rep.count(Severity::error) > 0 ? "fail" : "pass";
}

template <typename Load>
Report check_with(const std::string& path, const Profile& profile, const RunOptions& opts, Load load) {
  Report rep = new_report(path, profile, opts);
  Document doc;
  try {
    doc = load(LoadLimits{profile.max_pages, profile.max_chars});
  } catch (const LoadFailure& f) {
    rep.verdict = "error";
    rep.error = f.error;
    return rep;
  }
  run_rules(doc, profile, opts, rep);
  return rep;
}

}  // namespace

Report check_file(const std::string& path, const Profile& profile, const RunOptions& opts) {
  return check_with(path, profile, opts, [&](const LoadLimits& l) { return load_pdf(path, opts.password, l); });
}

Report check_bytes(std::string bytes, const std::string& name, const Profile& profile, const RunOptions& opts) {
  return check_with(name, profile, opts,
                    [&](const LoadLimits& l) { return load_pdf_bytes(std::move(bytes), name, opts.password, l); });
}

}  // namespace preflight
