#pragma once
// Output formats. Only this layer knows them; the CLI picks one.
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "preflight/check.hpp"

namespace preflight {

inline constexpr int kSchemaVersion = 1;
std::string tool_name();  // "preflight X.Y.Z"

nlohmann::ordered_json to_json(const Report& r);
Report report_from_json(const nlohmann::ordered_json& j);  // inverse of to_json (batch merge, resume)

struct TextStyle {
  bool color = false;
  bool verbose = false;  // also list info findings
};
std::string to_text(const Report& r, const TextStyle& style);

// Evidence as people read it (text, HTML, GitHub, JUnit and SARIF message
// text, the annotated copy, the authors' message; the serve page does the
// same in its script): the «» marks around a match become plain double
// quotes, as in the chairs' messages. JSON and SARIF's properties and
// fingerprints keep the marks, which tools read.
std::string plain_quotes(std::string_view evidence);

// Formats for CI, one document for all reports of a run (check with several
// PDFs, batch). `select`/`ignore` are the run's rule filters: JUnit marks a rule
// that was not run as skipped instead of passed.
struct RenderOptions {
  std::vector<std::string> select;
  std::vector<std::string> ignore;
  const Profile* profile = nullptr;  // the run's profile (SARIF lists each kind's severity); null = built-in
  bool verbose = false;  // SARIF: also info findings (level "note"); without, they are left out (not alerts)
  std::string root;      // SARIF: absolute folder that file paths are made relative to (%SRCROOT%); "" = as given
};
std::string to_sarif(const std::vector<Report>& reports, const RenderOptions& opts = {});   // SARIF 2.1.0, one run
std::string to_junit(const std::vector<Report>& reports, const RenderOptions& opts = {});   // testsuite per PDF, testcase per rule
std::string to_github(const std::vector<Report>& reports, const RenderOptions& opts = {});  // ::error / ::warning workflow commands

// "json" (one object, or an array for several reports), "sarif", "junit",
// "github". Throws std::invalid_argument for any other format.
std::string render(const std::vector<Report>& reports, std::string_view format, const RenderOptions& opts = {});

// Escaping, exposed for tests. GitHub workflow commands: data escapes % \r \n;
// properties also : and ,. XML: & < > " '.
std::string github_escape_data(std::string_view s);
std::string github_escape_property(std::string_view s);
std::string xml_escape(std::string_view s);

}  // namespace preflight
