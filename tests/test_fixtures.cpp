// Walks every fixture in testdata/: each NAME.tex carries its expectations in
// comments (see testdata/README.md); the committed NAME.pdf is checked with the
// real binary and the JSON report compared with them.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "preflight/rule.hpp"
#include "run_cli.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

struct Expect {
  std::string args;
  std::string verdict;
  struct F { std::string rule, severity; int page = 0; std::string message, caused_by; };
  std::vector<F> present;
  std::vector<std::string> absent;
  std::vector<std::pair<std::string, json>> facts;
};

std::string trim(std::string s) {
  auto b = s.find_first_not_of(" \t\r");
  auto e = s.find_last_not_of(" \t\r");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

Expect parse(const fs::path& tex) {
  Expect e;
  std::ifstream in(tex);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("% ", 0) != 0) continue;
    std::string body = line.substr(2);
    auto directive = [&](const char* d) -> std::optional<std::string> {
      std::string p = std::string(d) + ":";
      if (body.rfind(p, 0) == 0) return trim(body.substr(p.size()));
      return std::nullopt;
    };
    if (auto v = directive("preflight-args")) e.args += " " + *v;
    else if (auto v = directive("expect-verdict")) e.verdict = *v;
    else if (auto v = directive("expect-none")) e.absent.push_back(*v);
    else if (auto v = directive("expect-fact")) {
      auto eq = v->find('=');
      REQUIRE(eq != std::string::npos);
      e.facts.emplace_back(trim(v->substr(0, eq)), json::parse(trim(v->substr(eq + 1))));
    } else if (auto v = directive("expect")) {
      Expect::F f;
      // An optional "quoted" part of the message ends the line.
      auto q = v->find('"');
      if (q != std::string::npos) {
        auto q2 = v->rfind('"');
        REQUIRE(q2 > q);
        f.message = v->substr(q + 1, q2 - q - 1);
        v = v->substr(0, q);
      }
      std::istringstream ss(*v);
      ss >> f.rule >> f.severity;
      std::string tok;
      while (ss >> tok)
        if (tok.rfind("page=", 0) == 0) f.page = std::stoi(tok.substr(5));
        else if (tok.rfind("caused_by=", 0) == 0) f.caused_by = tok.substr(10);
      e.present.push_back(f);
    }
  }
  return e;
}

const json* at_path(const json& j, const std::string& path) {
  const json* cur = &j;
  std::stringstream ss(path);
  std::string part;
  while (std::getline(ss, part, '.')) {
    if (cur->is_array() && !part.empty() && part.find_first_not_of("0123456789") == std::string::npos) {
      std::size_t i = std::stoul(part);  // an index into an array: prior_publication.0.id
      if (i >= cur->size()) return nullptr;
      cur = &(*cur)[i];
      continue;
    }
    if (!cur->is_object() || !cur->contains(part)) return nullptr;
    cur = &(*cur)[part];
  }
  return cur;
}

// An expectation names a finding by its rule ("margins"), its kind
// ("margins.overfull") or a prefix of its kind.
bool names(const json& finding, const std::string& id) {
  std::string rule = finding.value("rule", ""), kind = finding.value("kind", "");
  auto under = [&](const std::string& s) {
    return s == id || (s.size() > id.size() && s.compare(0, id.size(), id) == 0 && s[id.size()] == '.');
  };
  return under(rule) || under(kind);
}

}  // namespace

TEST_CASE("every fixture produces the findings its source declares", "[fixtures]") {
  fs::path dir = PREFLIGHT_TESTDATA;
  std::vector<fs::path> sources;
  for (auto& entry : fs::directory_iterator(dir))
    if (entry.path().extension() == ".tex") sources.push_back(entry.path());
  std::sort(sources.begin(), sources.end());
  REQUIRE(sources.size() >= 3);
  for (const auto& tex : sources) {
    fs::path pdf = tex;
    pdf.replace_extension(".pdf");
    Expect e = parse(tex);
    DYNAMIC_SECTION(tex.filename().string()) {
      REQUIRE(fs::exists(pdf));
      REQUIRE_FALSE(e.verdict.empty());  // every fixture states its verdict
      CliResult r = run_preflight("check --format json" + e.args + " " + quote(pdf.string()));
      INFO("args: " << e.args);
      INFO(r.out);
      json rep = json::parse(r.out);
      CHECK(rep["verdict"] == e.verdict);
      CHECK(r.exit_code == (e.verdict == "pass" ? 0 : 1));
      for (const auto& g : rep["findings"]) {  // every finding has a kind its rule declares
        INFO("finding: " << g.dump());
        const preflight::Rule* r = preflight::rule_of_kind(g.value("kind", ""));
        REQUIRE(r != nullptr);
        CHECK(r->id() == g["rule"].get<std::string>());
      }
      for (const auto& f : e.present) {
        bool found = false;
        for (const auto& g : rep["findings"])
          if (names(g, f.rule) && g["severity"] == f.severity && (f.page == 0 || g["page"] == f.page) &&
              (f.message.empty() || g["message"].get<std::string>().find(f.message) != std::string::npos) &&
              (f.caused_by.empty() || (g.contains("caused_by") && g["caused_by"] == f.caused_by)))
            found = true;
        INFO("expected: " << f.rule << " " << f.severity << " page=" << f.page << " message containing \"" << f.message
                          << "\"" << (f.caused_by.empty() ? "" : " caused_by=" + f.caused_by));
        CHECK(found);
      }
      for (const auto& id : e.absent) {
        for (const auto& g : rep["findings"]) {
          INFO("unexpected finding: " << g.dump());
          CHECK_FALSE(names(g, id));
        }
      }
      for (const auto& [path, value] : e.facts) {
        const json* got = at_path(rep["facts"], path);
        INFO("fact " << path << " expected " << value.dump());
        REQUIRE(got != nullptr);
        CHECK(*got == value);
      }
    }
  }
}

TEST_CASE("bad inputs get a one-line error, exit code 3 and an error kind", "[fixtures][bad-input]") {
  fs::path dir = fs::path(PREFLIGHT_TESTDATA) / "bad";
  std::ifstream tsv(dir / "expect.tsv");
  REQUIRE(tsv);
  std::string name, kind;
  int n = 0;
  while (tsv >> name >> kind) {
    ++n;
    DYNAMIC_SECTION(name) {
      CliResult r = run_preflight("check --format json " + quote((dir / name).string()));
      CHECK(r.exit_code == 3);
      json rep = json::parse(r.out);
      CHECK(rep["verdict"] == "error");
      CHECK(rep["error"]["kind"] == kind);
      CHECK_FALSE(rep["error"]["message"].get<std::string>().empty());
      CHECK(rep["error"]["message"].get<std::string>().find('\n') == std::string::npos);
    }
  }
  CHECK(n >= 5);
}

TEST_CASE("missing files and directories are errors of their own kind", "[bad-input]") {
  auto r = run_preflight("check --format json /nonexistent/paper.pdf");
  CHECK(r.exit_code == 3);
  CHECK(json::parse(r.out)["error"]["kind"] == "missing");
  r = run_preflight("check --format json " + quote(PREFLIGHT_TESTDATA));
  CHECK(r.exit_code == 3);
  CHECK(json::parse(r.out)["error"]["kind"] == "unreadable");
}

TEST_CASE("the right password opens an encrypted PDF; a wrong one is named", "[bad-input]") {
  std::string pdf = quote(std::string(PREFLIGHT_TESTDATA) + "/bad/encrypted.pdf");
  auto r = run_preflight("check --format json --password secret " + pdf);
  CHECK(r.exit_code == 0);
  CHECK(json::parse(r.out)["pages"] == 3);
  r = run_preflight("check --format json --password wrong " + pdf);
  CHECK(r.exit_code == 3);
  auto rep = json::parse(r.out);
  CHECK(rep["error"]["kind"] == "encrypted");
  CHECK(rep["error"]["message"].get<std::string>().find("password") != std::string::npos);
}
