// JUnit XML for CI test reporters: one <testsuite> per PDF, one <testcase>
// per rule. A rule with an (unwaived) error finding fails, with one <failure>
// per finding; warnings, notes and waived findings go to the testcase's
// <system-out> (they do not fail the build, like the exit code). A rule left
// out by --select/--ignore is <skipped/>. An unreadable PDF is a suite with a
// single testcase "load" carrying an <error>.
#include <fmt/format.h>

#include <unistd.h>

#include <algorithm>
#include <ctime>
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
  if (!f.evidence.empty()) s += "\nfound: " + plain_quotes(f.evidence);
  if (!f.waived.empty()) s += "\nwaived: " + f.waived;
  else if (!f.hint.empty()) s += "\nfix: " + f.hint;
  return s;
}

struct Suite {
  std::string xml;  // the testcases
  std::string out;  // the suite's <system-out>: warnings, notes and waived findings
  int tests = 0, failures = 0, errors = 0, skipped = 0;
};

Suite suite_for(const Report& rep, const RenderOptions& opts) {
  Suite s;
  std::string name = xml_escape(rep.file);
  if (rep.error) {
    s.tests = 1;
    s.errors = 1;
    s.xml += fmt::format("    <testcase classname=\"{}\" name=\"load\" time=\"0\">\n      <error type=\"{}\" message=\"{}\"/>\n    </testcase>\n",
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
    // The Ant schema allows one <failure> a testcase and no output in it: the
    // first error is the failure's message, every error is in its text.
    std::string first, text;
    int errors = 0;
    for (const auto& f : rep.findings) {
      if (f.rule != id) continue;
      if (f.severity == Severity::error && f.waived.empty()) {
        if (errors++ == 0) first = f.page ? fmt::format("page {}: {}", *f.page, f.message) : f.message;
        text += describe(f) + "\n";
      } else {
        s.out += fmt::format("{}{}: {}\n", f.waived.empty() ? std::string(to_string(f.severity)) : "waived",
                             f.kind.empty() ? " [" + f.rule + "]" : " [" + f.kind + "]", describe(f));
      }
    }
    std::string body;
    if (errors > 0) {
      ++s.failures;
      std::string kind;
      for (const auto& f : rep.findings)
        if (f.rule == id && f.severity == Severity::error && f.waived.empty() && kind.empty()) kind = f.kind;
      if (errors > 1) first += fmt::format(" (and {} more)", errors - 1);
      body = fmt::format("      <failure type=\"{}\" message=\"{}\">{}</failure>\n", xml_escape(kind.empty() ? "error" : kind),
                         xml_escape(first), xml_escape(text));
    } else if (!selected_rule(id)) {
      ++s.skipped;
      body = "      <skipped message=\"not selected (--select / --ignore)\"/>\n";
    }
    s.xml += fmt::format("    <testcase classname=\"{}\" name=\"{}\" time=\"0\"", name, xml_escape(id));
    s.xml += body.empty() ? "/>\n" : fmt::format(">\n{}    </testcase>\n", body);
  }
  return s;
}

// Now in UTC without a zone ("2026-12-02T03:04:05"), as the Ant schema's timestamp wants it.
std::string timestamp_now() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  return buf;
}

std::string host_name() {
  char buf[256] = {0};
  if (gethostname(buf, sizeof buf - 1) != 0 || buf[0] == 0) return "localhost";
  return buf;
}

}  // namespace

// Valid against both Jenkins' junit-10.xsd and the Ant JUnit schema
// (windyroad JUnit.xsd): <testsuites> without attributes (Ant allows none),
// each <testsuite> with id, package, timestamp, hostname and time, then
// <properties>, the testcases, <system-out> and <system-err>; each testcase
// has a time and at most one failure, error or skipped.
std::string to_junit(const std::vector<Report>& reports, const RenderOptions& opts) {
  std::string suites;
  std::string stamp = timestamp_now(), host = xml_escape(host_name());
  int id = 0;
  for (const auto& rep : reports) {
    Suite s = suite_for(rep, opts);
    std::string name = xml_escape(rep.file.empty() ? "(unnamed)" : rep.file);
    suites += fmt::format("  <testsuite name=\"{}\" package=\"preflight\" id=\"{}\" timestamp=\"{}\" hostname=\"{}\" "
                          "tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" time=\"{:.3f}\">\n",
                          name, id++, stamp, host, s.tests, s.failures, s.errors, s.skipped, std::max(0.0, rep.seconds));
    if (!rep.error)
      suites += fmt::format("    <properties>\n      <property name=\"profile\" value=\"{}\"/>\n      <property name=\"pages\" value=\"{}\"/>\n"
                            "      <property name=\"verdict\" value=\"{}\"/>\n    </properties>\n",
                            xml_escape(rep.profile), rep.pages, xml_escape(rep.verdict));
    else
      suites += "    <properties/>\n";
    suites += s.xml;
    suites += s.out.empty() ? "    <system-out/>\n" : fmt::format("    <system-out>{}</system-out>\n", xml_escape(s.out));
    suites += "    <system-err/>\n";
    suites += "  </testsuite>\n";
  }
  return fmt::format("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n{}</testsuites>\n", suites);
}

}  // namespace preflight
