// GitHub Actions workflow commands: one `::error` / `::warning` line per
// finding, which GitHub turns into an annotation on the PDF in the run's
// summary and the pull request. Info findings are left out (as in the text
// report without -v); a waived finding becomes a `::notice` that says
// "waived: REASON", so a waiver is never silent. After each PDF a plain line
// (no `::`) with the verdict is printed for the log.
//
// Escaping follows GitHub's runner (toolkit/core command.ts): in the message
// % -> %25, \r -> %0D, \n -> %0A; in property values additionally
// : -> %3A and , -> %2C.
#include <fmt/format.h>

#include <stdexcept>

#include "preflight/report.hpp"

namespace preflight {

std::string github_escape_data(std::string_view in) {
  std::string out;
  for (char c : repair_utf8(std::string(in))) {  // a file name need not be UTF-8
    if (c == '%') out += "%25";
    else if (c == '\r') out += "%0D";
    else if (c == '\n') out += "%0A";
    else out += c;
  }
  return out;
}

std::string github_escape_property(std::string_view s) {
  std::string out;
  for (char c : github_escape_data(s)) {
    if (c == ':') out += "%3A";
    else if (c == ',') out += "%2C";
    else out += c;
  }
  return out;
}

std::string to_github(const std::vector<Report>& reports, const RenderOptions&) {
  std::string out;
  auto command = [&](std::string_view kind, const std::string& file, const std::string& title, const std::string& msg) {
    out += fmt::format("::{} file={},title={}::{}\n", kind, github_escape_property(file), github_escape_property(title),
                       github_escape_data(msg));
  };
  for (const auto& rep : reports) {
    if (rep.error) {
      command("error", rep.file, fmt::format("preflight: {} PDF", rep.error->kind), rep.error->message);
      out += fmt::format("preflight: ERROR {}: {}\n", repair_utf8(rep.file), repair_utf8(rep.error->message));
      continue;
    }
    for (const auto& f : rep.findings) {
      if (f.severity == Severity::info && f.waived.empty()) continue;
      const std::string& id = f.kind.empty() ? f.rule : f.kind;
      std::string title = f.page ? fmt::format("{} (page {})", id, *f.page) : id;
      std::string msg = f.page ? fmt::format("page {}: {}", *f.page, f.message) : f.message;
      if (!f.evidence.empty()) msg += "\nfound: " + plain_quotes(f.evidence);
      if (!f.waived.empty()) {
        command("notice", rep.file, title + " [waived]", msg + "\nwaived: " + f.waived);
        continue;
      }
      if (!f.hint.empty()) msg += "\nfix: " + f.hint;
      command(f.severity == Severity::error ? "error" : "warning", rep.file, title, msg);
    }
    int e = rep.count(Severity::error), w = rep.count(Severity::warning);
    out += fmt::format("preflight: {} {}: {} error{}, {} warning{}\n", rep.verdict == "pass" ? "PASS" : "FAIL", repair_utf8(rep.file), e,
                       e == 1 ? "" : "s", w, w == 1 ? "" : "s");
  }
  return out;
}

std::string render(const std::vector<Report>& reports, std::string_view format, const RenderOptions& opts) {
  if (format == "sarif") return to_sarif(reports, opts);
  if (format == "junit") return to_junit(reports, opts);
  if (format == "github") return to_github(reports, opts);
  if (format == "json") {
    using json = nlohmann::ordered_json;
    json all = json::array();
    for (const auto& r : reports) all.push_back(to_json(r));
    // Text from a PDF is not always valid UTF-8: replace, never throw.
    return (all.size() == 1 ? all[0] : all).dump(2, ' ', false, json::error_handler_t::replace) + "\n";
  }
  throw std::invalid_argument(fmt::format("unknown report format '{}'", format));
}

}  // namespace preflight
