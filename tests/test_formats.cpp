// The CI formats as their consumers read them: SARIF 2.1.0 (GitHub code
// scanning), JUnit XML (test reporters), GitHub workflow commands.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <memory>
#include <set>

#include "preflight/report.hpp"
#include "preflight/rule.hpp"
#include "run_cli.hpp"

using nlohmann::json;
using namespace preflight;

namespace fs = std::filesystem;

namespace {

std::string fixture(const char* name) { return std::string(PREFLIGHT_TESTDATA) + "/" + name; }

// A report with everything a format must escape: XML specials, newlines,
// percent signs, and a file name with ':' and ','.
Report tricky_report() {
  Report r;
  r.file = "papers/a,b:c.pdf";
  r.pages = 3;
  r.profile = "mechinterp-neurips2025";
  r.verdict = "fail";
  Finding f;
  f.rule = "page-size";
  f.severity = Severity::error;
  f.message = "size <A4> & \"odd\" 100% wrong\nsecond line\r";
  f.page = 2;
  f.evidence = "595.3 x 841.9 pt";
  f.hint = "use letterpaper, not a4paper";
  r.findings.push_back(f);
  Finding w = f;
  w.severity = Severity::warning;
  w.page = 3;
  w.message = "a warning";
  r.findings.push_back(w);
  Finding waived = f;
  waived.page = 1;
  waived.message = "waived one";
  waived.waived = "the chair allowed it";
  r.findings.push_back(waived);
  return r;
}

// ---------------------------------------------------------------- XML
// A minimal XML parser, enough to check well-formedness of what we write:
// elements, attributes in quotes, the five entities and &#N;, comments are not
// expected. Throws std::runtime_error on anything malformed.
struct Element {
  std::string name;
  std::map<std::string, std::string> attrs;
  std::vector<std::unique_ptr<Element>> children;
  std::string text;
  std::vector<const Element*> all(const std::string& n) const {
    std::vector<const Element*> out;
    for (auto& c : children)
      if (c->name == n) out.push_back(c.get());
    return out;
  }
};

struct XmlParser {
  const std::string& s;
  std::size_t i = 0;
  [[noreturn]] void fail(const std::string& why) { throw std::runtime_error("XML: " + why + " at byte " + std::to_string(i)); }
  std::string unescape(const std::string& raw) {
    std::string out;
    for (std::size_t k = 0; k < raw.size(); ++k) {
      char c = raw[k];
      if (c == '<') fail("raw '<' in text");
      if (c != '&') {
        out += c;
        continue;
      }
      auto semi = raw.find(';', k);
      if (semi == std::string::npos) fail("unterminated entity");
      std::string ent = raw.substr(k + 1, semi - k - 1);
      if (ent == "amp") out += '&';
      else if (ent == "lt") out += '<';
      else if (ent == "gt") out += '>';
      else if (ent == "quot") out += '"';
      else if (ent == "apos") out += '\'';
      else if (ent.size() > 1 && ent[0] == '#') out += static_cast<char>(std::stoi(ent.substr(1)));
      else fail("unknown entity &" + ent + ";");
      k = semi;
    }
    return out;
  }
  static bool name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == ':' || c == '.'; }
  void ws() { while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i; }
  std::string name() {
    std::size_t b = i;
    while (i < s.size() && name_char(s[i])) ++i;
    if (b == i) fail("expected a name");
    return s.substr(b, i - b);
  }
  std::unique_ptr<Element> element() {
    if (s[i] != '<') fail("expected '<'");
    ++i;
    auto e = std::make_unique<Element>();
    e->name = name();
    for (;;) {
      ws();
      if (s.compare(i, 2, "/>") == 0) {
        i += 2;
        return e;
      }
      if (s[i] == '>') {
        ++i;
        break;
      }
      std::string a = name();
      ws();
      if (s[i] != '=') fail("expected '='");
      ++i;
      ws();
      char q = s[i];
      if (q != '"' && q != '\'') fail("unquoted attribute");
      auto end = s.find(q, i + 1);
      if (end == std::string::npos) fail("unterminated attribute");
      if (e->attrs.count(a)) fail("duplicate attribute " + a);
      e->attrs[a] = unescape(s.substr(i + 1, end - i - 1));
      i = end + 1;
    }
    for (;;) {
      auto lt = s.find('<', i);
      if (lt == std::string::npos) fail("unclosed element " + e->name);
      e->text += unescape(s.substr(i, lt - i));
      i = lt;
      if (s.compare(i, 2, "</") == 0) {
        i += 2;
        if (name() != e->name) fail("mismatched end tag for " + e->name);
        ws();
        if (s[i] != '>') fail("expected '>'");
        ++i;
        return e;
      }
      e->children.push_back(element());
    }
  }
  std::unique_ptr<Element> document() {
    if (s.compare(0, 5, "<?xml") == 0) {
      auto e = s.find("?>");
      if (e == std::string::npos) fail("bad declaration");
      i = e + 2;
    }
    ws();
    auto root = element();
    ws();
    if (i != s.size()) fail("content after the root element");
    return root;
  }
};

std::unique_ptr<Element> parse_xml(const std::string& s) { return XmlParser{s}.document(); }

// ---------------------------------------------------------------- GitHub
struct WorkflowCommand {
  std::string command;
  std::map<std::string, std::string> props;  // unescaped
  std::string message;                       // unescaped
};

std::string gh_unescape(const std::string& s, bool property) {
  std::string out;
  for (std::size_t k = 0; k < s.size(); ++k) {
    if (s[k] != '%') {
      out += s[k];
      continue;
    }
    std::string code = s.substr(k + 1, 2);
    if (code == "25") out += '%';
    else if (code == "0D") out += '\r';
    else if (code == "0A") out += '\n';
    else if (property && code == "3A") out += ':';
    else if (property && code == "2C") out += ',';
    else throw std::runtime_error("bad escape %" + code + " in " + s);
    k += 2;
  }
  return out;
}

// `::command prop=value,prop=value::message`, per GitHub's workflow-command syntax.
WorkflowCommand parse_command(const std::string& line) {
  if (line.rfind("::", 0) != 0) throw std::runtime_error("not a command: " + line);
  auto sep = line.find("::", 2);
  if (sep == std::string::npos) throw std::runtime_error("no '::' before the message: " + line);
  std::string head = line.substr(2, sep - 2);
  WorkflowCommand c;
  c.message = gh_unescape(line.substr(sep + 2), false);
  auto sp = head.find(' ');
  c.command = head.substr(0, sp);
  if (sp != std::string::npos) {
    std::string props = head.substr(sp + 1);
    std::size_t b = 0;
    while (b <= props.size()) {
      auto e = props.find(',', b);
      std::string kv = props.substr(b, e == std::string::npos ? std::string::npos : e - b);
      auto eq = kv.find('=');
      if (eq == std::string::npos || eq == 0) throw std::runtime_error("bad property '" + kv + "' in " + line);
      c.props[kv.substr(0, eq)] = gh_unescape(kv.substr(eq + 1), true);
      if (e == std::string::npos) break;
      b = e + 1;
    }
  }
  return c;
}

std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> out;
  std::size_t b = 0;
  while (b < s.size()) {
    auto e = s.find('\n', b);
    out.push_back(s.substr(b, e - b));
    if (e == std::string::npos) break;
    b = e + 1;
  }
  return out;
}

}  // namespace

// ================================================================ SARIF

TEST_CASE("SARIF output has the 2.1.0 structure: tool, rules with help, results that resolve", "[formats][sarif]") {
  auto r = run_preflight("check --format sarif --root " + quote(PREFLIGHT_TESTDATA) + " " + quote(fixture("sample-a4.pdf")) +
                         " " + quote(fixture("mixed-sizes.pdf")));
  CHECK(r.exit_code == 1);
  json s = json::parse(r.out);
  CHECK(s["version"] == "2.1.0");
  CHECK(s["$schema"].get<std::string>().find("sarif") != std::string::npos);
  REQUIRE(s["runs"].size() == 1);
  const json& run = s["runs"][0];
  CHECK(run["tool"]["driver"]["name"] == "preflight");
  const json& rules = run["tool"]["driver"]["rules"];
  REQUIRE(rules.size() == all_rules().size());
  std::set<std::string> ids;
  for (const auto& rule : rules) {
    INFO(rule.dump());
    std::string id = rule["id"];
    CHECK(ids.insert(id).second);
    const Rule* known = find_rule(id);
    REQUIRE(known != nullptr);
    // name: PascalCase of the id, left out when that only repeats the id (SARIF1001).
    if (id.find_first_of(".-") != std::string::npos) CHECK_FALSE(rule["name"].get<std::string>().empty());
    else CHECK_FALSE(rule.contains("name"));
    CHECK(rule["shortDescription"]["text"] == std::string(known->summary()));
    CHECK(rule["fullDescription"]["text"] == std::string(known->doc().what));
    std::string help = rule["help"]["text"];
    CHECK(help.find(std::string(known->doc().fix)) != std::string::npos);
    CHECK(help.find("Why the venue cares") != std::string::npos);
    // Each kind with its severity under the run's profile, in the help and as data.
    REQUIRE(rule["properties"]["kinds"].size() == known->kinds().size());
    for (const auto& k : rule["properties"]["kinds"]) {
      CHECK(rule_of_kind(k["kind"].get<std::string>()) == known);
      CHECK(help.find(k["kind"].get<std::string>() + " (" + k["severity"].get<std::string>() + ")") != std::string::npos);
    }
  }
  const json& results = run["results"];
  REQUIRE(results.size() >= 2);
  std::set<std::string> files;
  for (const auto& res : results) {
    INFO(res.dump());
    std::string rule = res["ruleId"];
    REQUIRE(ids.count(rule));
    CHECK(rules[res["ruleIndex"].get<int>()]["id"] == rule);
    std::string level = res["level"];
    CHECK((level == "error" || level == "warning"));  // info findings are not alerts (only with -v)
    CHECK(res["locations"][0]["physicalLocation"]["artifactLocation"]["uriBaseId"] == "%SRCROOT%");
    CHECK_FALSE(res["message"]["text"].get<std::string>().empty());
    REQUIRE(res["locations"].size() == 1);
    const json& loc = res["locations"][0];
    std::string uri = loc["physicalLocation"]["artifactLocation"]["uri"];
    files.insert(uri);
    if (res.contains("properties") && res["properties"].contains("page")) {
      int page = res["properties"]["page"];
      CHECK(loc["logicalLocations"][0]["name"] == "page " + std::to_string(page));
      CHECK(loc["logicalLocations"][0]["fullyQualifiedName"].get<std::string>().find("#page=" + std::to_string(page)) != std::string::npos);
    }
    CHECK(res["partialFingerprints"].is_object());
  }
  // One location per PDF, relative to --root (the repository's root by default).
  CHECK(files == std::set<std::string>{"sample-a4.pdf", "mixed-sizes.pdf"});
  std::string base = run["originalUriBaseIds"]["%SRCROOT%"]["uri"];
  CHECK(base.rfind("file:///", 0) == 0);
  CHECK(base.size() >= 10);
  CHECK(base.substr(base.size() - 10) == "/testdata/");
  // The A4 sample: a page-size error on page 1; mixed sizes: on page 2.
  bool a4 = false, mixed = false;
  for (const auto& res : results) {
    std::string uri = res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"];
    if (res["ruleId"] == "page-size" && res["level"] == "error") {
      if (uri.find("sample-a4.pdf") != std::string::npos && res["properties"]["page"] == 1) a4 = true;
      if (uri.find("mixed-sizes.pdf") != std::string::npos && res["properties"]["page"] == 2) mixed = true;
    }
  }
  CHECK(a4);
  CHECK(mixed);
  CHECK(run["artifacts"].size() == 2);
  CHECK(run["invocations"][0]["executionSuccessful"] == true);
}

TEST_CASE("SARIF: info findings only with -v (level note); paths relative to the git root by default", "[formats][sarif]") {
  auto levels = [](const std::string& out) {
    std::set<std::string> l;
    for (const auto& res : json::parse(out)["runs"][0]["results"]) l.insert(res["level"].get<std::string>());
    return l;
  };
  auto quiet = run_preflight("check --format sarif " + quote(fixture("sample-pass.pdf")));
  CHECK(levels(quiet.out).count("note") == 0);
  auto verbose = run_preflight("check -v --format sarif " + quote(fixture("sample-pass.pdf")));
  CHECK(levels(verbose.out).count("note") == 1);
  // Run from inside a git repository: paths relative to its root, wherever preflight runs.
  TempDir t;
  fs::create_directories(t.path / ".git");
  fs::create_directories(t.path / "paper/sub");
  fs::copy_file(fixture("sample-a4.pdf"), t.path / "paper/a4.pdf");
  std::string cmd = "cd " + quote((t.path / "paper/sub").string()) + " && PREFLIGHT_CONFIG=none " + PREFLIGHT_BIN +
                    " check --format sarif ../a4.pdf";
  std::string out;
  {
    FILE* p = popen(cmd.c_str(), "r");
    REQUIRE(p != nullptr);
    char buf[4096];
    std::size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    pclose(p);
  }
  const json run = json::parse(out)["runs"][0];
  CHECK(run["artifacts"][0]["location"]["uri"] == "paper/a4.pdf");
  CHECK(run["artifacts"][0]["location"]["uriBaseId"] == "%SRCROOT%");
  CHECK(run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "paper/a4.pdf");
}

TEST_CASE("SARIF: relative paths stay relative, waivers are suppressions, unreadable PDFs are notifications", "[formats][sarif]") {
  Report ok = tricky_report();
  Report bad;
  bad.file = "broken.pdf";
  bad.verdict = "error";
  bad.error = InputError{"damaged", "broken.pdf is damaged"};
  json s = json::parse(to_sarif({ok, bad}));
  const json& run = s["runs"][0];
  REQUIRE(run["results"].size() == 3);
  CHECK(run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "papers/a%2Cb%3Ac.pdf");
  CHECK(run["results"][1]["level"] == "warning");
  CHECK_FALSE(run["results"][0].contains("suppressions"));
  CHECK(run["results"][2]["suppressions"][0]["kind"] == "external");
  CHECK(run["results"][2]["suppressions"][0]["justification"] == "the chair allowed it");
  CHECK(run["invocations"][0]["executionSuccessful"] == false);
  CHECK(run["invocations"][0]["toolExecutionNotifications"][0]["level"] == "error");
  // JSON escaping keeps the message intact.
  CHECK(run["results"][0]["message"]["text"].get<std::string>().find("size <A4> & \"odd\" 100% wrong\nsecond line") !=
        std::string::npos);
}

// ================================================================ JUnit

TEST_CASE("JUnit output is well-formed XML: a testsuite per PDF, a testcase per rule, failures with messages", "[formats][junit]") {
  auto r = run_preflight("check --format junit " + quote(fixture("sample-a4.pdf")) + " " + quote(fixture("sample-pass.pdf")));
  CHECK(r.exit_code == 1);
  auto root = parse_xml(r.out);
  CHECK(root->name == "testsuites");
  auto suites = root->all("testsuite");
  REQUIRE(suites.size() == 2);
  CHECK(suites[0]->attrs.at("name").find("sample-a4.pdf") != std::string::npos);
  CHECK(suites[1]->attrs.at("name").find("sample-pass.pdf") != std::string::npos);
  for (const Element* suite : suites) {
    auto cases = suite->all("testcase");
    CHECK(cases.size() == all_rules().size());
    CHECK(suite->attrs.at("tests") == std::to_string(cases.size()));
  }
  const Element* page_size = nullptr;
  for (auto* c : suites[0]->all("testcase"))
    if (c->attrs.at("name") == "page-size") page_size = c;
  REQUIRE(page_size != nullptr);
  auto failures = page_size->all("failure");
  REQUIRE(failures.size() == 1);
  CHECK(failures[0]->attrs.at("message").find("page 1:") == 0);
  CHECK(failures[0]->attrs.at("message").find("A4") != std::string::npos);
  CHECK(failures[0]->text.find("fix:") != std::string::npos);
  CHECK(suites[0]->attrs.at("failures") == "1");
  CHECK(suites[1]->attrs.at("failures") == "0");
  for (auto* c : suites[1]->all("testcase")) CHECK(c->all("failure").empty());
}

TEST_CASE("JUnit escapes XML specials; warnings and waivers do not fail; unselected rules are skipped", "[formats][junit]") {
  Report rep = tricky_report();
  Report bad;
  bad.file = "x<&\">.pdf";
  bad.verdict = "error";
  bad.error = InputError{"not-pdf", "not a PDF: <&\">"};
  RenderOptions opts;
  opts.ignore = {"no-such-family"};
  std::string xml = to_junit({rep, bad}, opts);
  std::unique_ptr<Element> root;
  REQUIRE_NOTHROW(root = parse_xml(xml));
  auto suites = root->all("testsuite");
  REQUIRE(suites.size() == 2);
  CHECK(suites[0]->attrs.at("name") == "papers/a,b:c.pdf");
  const Element* tc = suites[0]->all("testcase")[0];
  CHECK(tc->attrs.at("name") == "page-size");
  auto failures = tc->all("failure");
  REQUIRE(failures.size() == 1);  // the warning and the waived error do not fail
  CHECK(failures[0]->attrs.at("message").find("size <A4> & \"odd\" 100% wrong") != std::string::npos);
  CHECK(tc->all("system-out").empty());  // the Ant schema allows no output inside a testcase
  auto out = suites[0]->all("system-out");
  REQUIRE(out.size() == 1);
  CHECK(out[0]->text.find("waived: the chair allowed it") != std::string::npos);
  CHECK(out[0]->text.find("warning: page 3: a warning") != std::string::npos);
  CHECK(suites[1]->attrs.at("name") == "x<&\">.pdf");
  CHECK(suites[1]->attrs.at("errors") == "1");
  CHECK(suites[1]->all("testcase")[0]->all("error")[0]->attrs.at("message") == "not a PDF: <&\">");

  // --ignore page-size: the rule is skipped, not passed.
  opts.ignore = {"page-size"};
  Report clean;
  clean.file = "clean.pdf";
  clean.verdict = "pass";
  root = parse_xml(to_junit({clean}, opts));
  const Element* c = root->all("testsuite")[0]->all("testcase")[0];
  CHECK(c->all("skipped").size() == 1);
  CHECK(root->all("testsuite")[0]->attrs.at("skipped") == "1");
  CHECK(root->attrs.count("skipped") == 0);  // Jenkins' junit-10.xsd has no skipped on <testsuites>
}

// The shape both schemas ask for (Jenkins junit-10.xsd and the Ant JUnit.xsd;
// scripts/validate-ci-formats.sh validates against the schemas themselves).
TEST_CASE("JUnit has the attributes and children Jenkins' and Ant's schemas require", "[formats][junit]") {
  auto r = run_preflight("check --format junit " + quote(fixture("sample-a4.pdf")) + " " + quote(fixture("no-such.pdf")));
  auto root = parse_xml(r.out);
  CHECK(root->attrs.empty());  // Ant's <testsuites> takes no attribute
  auto suites = root->all("testsuite");
  REQUIRE(suites.size() == 2);
  int id = 0;
  for (const Element* suite : suites) {
    for (const char* a : {"name", "package", "id", "timestamp", "hostname", "tests", "failures", "errors", "time"})
      CHECK(suite->attrs.count(a) == 1);
    CHECK(suite->attrs.at("id") == std::to_string(id++));
    CHECK(suite->attrs.at("timestamp").size() == 19);  // 2026-12-02T03:04:05, no zone
    REQUIRE(!suite->children.empty());
    CHECK(suite->children.front()->name == "properties");
    CHECK(suite->children[suite->children.size() - 2]->name == "system-out");
    CHECK(suite->children.back()->name == "system-err");
    for (const Element* c : suite->all("testcase")) {
      CHECK(c->attrs.count("time") == 1);
      CHECK(c->attrs.count("classname") == 1);
      CHECK(c->children.size() <= 1);  // at most one failure, error or skipped
    }
  }
  CHECK(suites[1]->all("testcase")[0]->all("error").size() == 1);
}

TEST_CASE("the XML checker of these tests rejects malformed XML", "[formats][junit]") {
  CHECK_THROWS(parse_xml("<a><b></a>"));
  CHECK_THROWS(parse_xml("<a x=\"1 & 2\"/>"));
  CHECK_THROWS(parse_xml("<a>1 < 2</a>"));
  CHECK_THROWS(parse_xml("<a x=1/>"));
  CHECK_NOTHROW(parse_xml("<?xml version=\"1.0\"?>\n<a x=\"&lt;&amp;&quot;&gt;\"><b/>t</a>\n"));
}

// ================================================================ GitHub

TEST_CASE("GitHub output: workflow commands with escaped properties and messages", "[formats][github]") {
  auto r = run_preflight("check --format github " + quote(fixture("sample-a4.pdf")));
  CHECK(r.exit_code == 1);
  int errors = 0;
  for (const auto& line : lines_of(r.out)) {
    if (line.rfind("::", 0) != 0) continue;
    INFO(line);
    WorkflowCommand c;
    REQUIRE_NOTHROW(c = parse_command(line));
    CHECK((c.command == "error" || c.command == "warning" || c.command == "notice"));
    CHECK(c.props.at("file") == fixture("sample-a4.pdf"));
    if (c.command == "error" && c.props.at("title") == "page-size.wrong-size (page 1)") {
      ++errors;
      CHECK(c.message.find("page 1: ") == 0);
      CHECK(c.message.find("A4") != std::string::npos);
      CHECK(c.message.find("\nfix: ") != std::string::npos);
    }
  }
  CHECK(errors == 1);
  CHECK(r.out.find("preflight: FAIL ") != std::string::npos);
}

TEST_CASE("GitHub escaping: % CR LF in messages, also : and , in properties", "[formats][github]") {
  CHECK(github_escape_data("100%\r\nx:y,z") == "100%25%0D%0Ax:y,z");
  CHECK(github_escape_property("100%\r\nx:y,z") == "100%25%0D%0Ax%3Ay%2Cz");
  std::string out = to_github({tricky_report()});
  auto lines = lines_of(out);
  std::vector<WorkflowCommand> cmds;
  for (const auto& l : lines)
    if (l.rfind("::", 0) == 0) cmds.push_back(parse_command(l));
  REQUIRE(cmds.size() == 3);
  CHECK(cmds[0].command == "error");
  CHECK(cmds[0].props.at("file") == "papers/a,b:c.pdf");
  CHECK(cmds[0].props.at("title") == "page-size (page 2)");
  CHECK(cmds[0].message.find("size <A4> & \"odd\" 100% wrong\nsecond line\r") != std::string::npos);
  CHECK(cmds[1].command == "warning");
  CHECK(cmds[2].command == "notice");
  CHECK(cmds[2].message.find("waived: the chair allowed it") != std::string::npos);
  // Every line is either a command or plain log text; no raw newline leaks into a command.
  for (const auto& l : lines) CHECK((l.rfind("::", 0) == 0 || l.rfind("preflight: ", 0) == 0));
}

TEST_CASE("evidence reads with plain double quotes for people; JSON and SARIF properties keep the match marks", "[formats]") {
  Report r = tricky_report();
  r.findings.resize(1);
  r.findings[0].evidence = "see \u00abgithub.com/janedoe/probes\u00bb for the code";
  const std::string plain = "see \"github.com/janedoe/probes\" for the code";
  auto no_marks = [](const std::string& s) { return s.find("\u00ab") == std::string::npos && s.find("\u00bb") == std::string::npos; };
  std::string text = to_text(r, TextStyle{});
  CHECK(text.find("found: " + plain) != std::string::npos);
  CHECK(no_marks(text));
  std::string github = to_github({r});
  CHECK(github.find("found: see \"github.com/janedoe/probes\"") != std::string::npos);
  CHECK(no_marks(github));
  CHECK(no_marks(to_junit({r})));
  json sarif = json::parse(to_sarif({r}));
  const json& res = sarif["runs"][0]["results"][0];
  CHECK(res["message"]["text"].get<std::string>().find("Found: " + plain) != std::string::npos);
  CHECK(res["properties"]["evidence"] == r.findings[0].evidence);  // the data keeps where the match is
  CHECK(to_json(r)["findings"][0]["evidence"] == r.findings[0].evidence);
}

TEST_CASE("render() picks the format and rejects unknown ones", "[formats]") {
  Report r = tricky_report();
  CHECK(json::parse(render({r}, "json"))["file"] == r.file);
  CHECK(json::parse(render({r, r}, "json")).size() == 2);
  CHECK(json::parse(render({r}, "sarif"))["version"] == "2.1.0");
  CHECK(render({r}, "junit").rfind("<?xml", 0) == 0);
  CHECK(render({r}, "github").rfind("::error ", 0) == 0);
  CHECK_THROWS_AS(render({r}, "yaml"), std::invalid_argument);
}

TEST_CASE("text from a PDF with invalid UTF-8 or control characters still gives valid XML and JSON", "[formats]") {
  Report r = tricky_report();
  r.findings[0].message = std::string("bad \xff\xfe bytes \x01 and \xc3\xa9 and \xe2\x80");
  std::string xml = to_junit({r});
  std::unique_ptr<Element> root;
  REQUIRE_NOTHROW(root = parse_xml(xml));
  std::string msg = root->all("testsuite")[0]->all("testcase")[0]->all("failure")[0]->attrs.at("message");
  CHECK(msg.find("\xef\xbf\xbd\xef\xbf\xbd bytes \\x01 and \xc3\xa9 and \xef\xbf\xbd") != std::string::npos);
  CHECK_NOTHROW(json::parse(to_sarif({r})));
  CHECK_NOTHROW(json::parse(render({r}, "json")));
}
