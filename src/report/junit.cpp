// JUnit XML for CI test reporters: one <testsuite> per PDF, one <testcase>
// per rule. A rule with an (unwaived) error finding fails, with one <failure>
// per finding; warnings, notes and waived findings go to the testcase's
// <system-out> (they do not fail the build, like the exit code). A rule left
// out by --select/--ignore is <skipped/>. An unreadable PDF is a suite with a
// single testcase "load" carrying an <error>.
#include <fmt/format.h>

#include <map>

#include "preflight/check.hpp"
#include "preflight/report.hpp"
#include "preflight/rule.hpp"

namespace preflight {

namespace {

// Length of the valid UTF-8 sequence at s[i], or 0 if it is not valid.
std::size_t utf8_length(std::string_view s, std::size_t i) {
  auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = b(i);
  std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k)
    if ((b(i + k) & 0xC0) != 0x80) return 0;
  if (n == 2 && c < 0xC2) return 0;                                  // overlong
  if (n == 3 && c == 0xE0 && b(i + 1) < 0xA0) return 0;              // overlong
  if (n == 3 && c == 0xED && b(i + 1) >= 0xA0) return 0;             // surrogates
  if (n == 4 && (c > 0xF4 || (c == 0xF0 && b(i + 1) < 0x90) || (c == 0xF4 && b(i + 1) >= 0x90))) return 0;
  return n;
}

}  // namespace

// Text from a PDF may hold any bytes: invalid UTF-8 becomes U+FFFD and control
// characters (not allowed in XML 1.0, even escaped) become \xNN, so the
// document always parses.
std::string xml_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    std::size_t n = utf8_length(s, i);
    if (n == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
      continue;
    }
    if (n > 1) {
      out.append(s.substr(i, n));
      i += n;
      continue;
    }
    ++i;
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      case '\n': out += '\n'; break;
      case '\t': out += '\t'; break;
      case '\r': out += "&#13;"; break;
      default:
        if (c < 0x20 || c == 0x7F) out += fmt::format("\\x{:02x}", c);
        else out += static_cast<char>(c);
    }
  }
  return out;
}

namespace {

std::string describe(const Finding& f) {
  std::string s = f.page ? fmt::format("page {}: {}", *f.page, f.message) : f.message;
  if (!f.evidence.empty()) s += "\nfound: " + f.evidence;
  if (!f.waived.empty()) s += "\nwaived: " + f.waived;
  else if (!f.hint.empty()) s += "\nfix: " + f.hint;
  return s;
}

struct Suite {
  std::string xml;
  int tests = 0, failures = 0, errors = 0, skipped = 0;
};

Suite suite_for(const Report& rep, const RenderOptions& opts) {
  Suite s;
  std::string name = xml_escape(rep.file);
  if (rep.error) {
    s.tests = 1;
    s.errors = 1;
    s.xml += fmt::format("    <testcase classname=\"{}\" name=\"load\">\n      <error type=\"{}\" message=\"{}\"/>\n    </testcase>\n",
                         name, xml_escape(rep.error->kind), xml_escape(rep.error->message));
    return s;
  }
  std::vector<std::string> ids;
  for (const auto& r : all_rules()) ids.emplace_back(r->id());
  auto selected_rule = [&](const std::string& id) {
    const Rule* r = find_rule(id);
    return r ? rule_selected(*r, opts.select, opts.ignore)
             : (opts.select.empty() || rule_matches(id, opts.select)) && !rule_matches(id, opts.ignore);
  };
  for (const auto& f : rep.findings)
    if (std::find(ids.begin(), ids.end(), f.rule) == ids.end()) ids.push_back(f.rule);
  for (const auto& id : ids) {
    ++s.tests;
    std::string body, out;
    bool selected = selected_rule(id);
    bool failed = false;
    for (const auto& f : rep.findings) {
      if (f.rule != id) continue;
      if (f.severity == Severity::error && f.waived.empty()) {
        failed = true;
        std::string msg = f.page ? fmt::format("page {}: {}", *f.page, f.message) : f.message;
        body += fmt::format("      <failure type=\"{}\" message=\"{}\">{}</failure>\n",
                            xml_escape(f.kind.empty() ? "error" : f.kind), xml_escape(msg), xml_escape(describe(f)));
      } else {
        out += fmt::format("{}{}: {}\n", f.waived.empty() ? std::string(to_string(f.severity)) : "waived",
                           f.kind.empty() ? "" : " [" + f.kind + "]", describe(f));
      }
    }
    if (!selected && !failed) {
      ++s.skipped;
      body += "      <skipped message=\"not selected (--select / --ignore)\"/>\n";
    }
    if (failed) ++s.failures;
    if (!out.empty()) body += fmt::format("      <system-out>{}</system-out>\n", xml_escape(out));
    s.xml += fmt::format("    <testcase classname=\"{}\" name=\"{}\"", name, xml_escape(id));
    s.xml += body.empty() ? "/>\n" : fmt::format(">\n{}    </testcase>\n", body);
  }
  return s;
}

}  // namespace

std::string to_junit(const std::vector<Report>& reports, const RenderOptions& opts) {
  std::string suites;
  int tests = 0, failures = 0, errors = 0, skipped = 0;
  for (const auto& rep : reports) {
    Suite s = suite_for(rep, opts);
    tests += s.tests;
    failures += s.failures;
    errors += s.errors;
    skipped += s.skipped;
    suites += fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\">\n",
                          xml_escape(rep.file), s.tests, s.failures, s.errors, s.skipped);
    if (!rep.error)
      suites += fmt::format("    <properties>\n      <property name=\"profile\" value=\"{}\"/>\n      <property name=\"pages\" value=\"{}\"/>\n"
                            "      <property name=\"verdict\" value=\"{}\"/>\n    </properties>\n",
                            xml_escape(rep.profile), rep.pages, xml_escape(rep.verdict));
    suites += s.xml;
    suites += "  </testsuite>\n";
  }
  return fmt::format("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\">\n{}</testsuites>\n",
                     xml_escape(tool_name()), tests, failures, errors, skipped, suites);
}

}  // namespace preflight
