// Hostile and broken PDFs (testdata/robust/, written by make.py): each ends in
// a report or the right error, never a crash or a hang.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "run_cli.hpp"

namespace fs = std::filesystem;

TEST_CASE("robustness fixtures end in a report or the right error", "[robust]") {
  fs::path dir = fs::path(PREFLIGHT_TESTDATA) / "robust";
  std::ifstream tsv(dir / "expect.tsv");
  REQUIRE(tsv);
  std::string line;
  int n = 0;
  while (std::getline(tsv, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream ss(line);
    std::string file, codes, kind, rule;
    std::getline(ss, file, '\t');
    std::getline(ss, codes, '\t');
    std::getline(ss, kind, '\t');
    std::getline(ss, rule, '\t');
    ++n;
    DYNAMIC_SECTION(file) {
      REQUIRE(fs::exists(dir / file));
      CliResult r = run_preflight("check --format json " + quote((dir / file).string()));
      INFO(r.out);
      CHECK(codes.find(std::to_string(r.exit_code)) != std::string::npos);
      auto j = nlohmann::json::parse(r.out);  // always a well-formed report
      if (kind != "-") {
        REQUIRE(j["error"].is_object());
        CHECK(j["error"]["kind"] == kind);
      }
      if (r.exit_code != 3) CHECK(j["pages"].get<int>() > 0);
      if (rule.size() > 1) {
        bool found = false;
        for (const auto& f : j["findings"]) found = found || f["rule"] == rule.substr(1);
        INFO("rule " << rule);
        CHECK(found == (rule[0] == '+'));
      }
    }
  }
  CHECK(n >= 14);
}

#include "pdf/loader.hpp"
#include "preflight/layout.hpp"

TEST_CASE("text outside the crop box is extracted and marked", "[robust][loader]") {
  auto doc = preflight::load_pdf(std::string(PREFLIGHT_TESTDATA) + "/robust/text-outside-cropbox.pdf", "", {});
  REQUIRE(doc.pages.size() == 1);
  int outside = 0;
  for (const auto& w : doc.pages[0].words) outside += w.outside_crop;
  CHECK(outside >= 2);
  auto lay = preflight::analyze(doc);
  CHECK(lay.index.text.find("jane doe") != std::string::npos);
  CHECK(lay.index.text.find("sparse features") != std::string::npos);
}

TEST_CASE("invalid UTF-16 in the Info dictionary decodes without crashing", "[robust][loader]") {
  auto doc = preflight::load_pdf(std::string(PREFLIGHT_TESTDATA) + "/robust/bad-metadata.pdf", "", {});
  CHECK(doc.info.count("Author") == 1);
  CHECK(doc.xmp.find("not xml") != std::string::npos);
}

TEST_CASE("hitting the time or memory limit is a clear limit error, exit 3", "[robust][limits]") {
  std::string bomb = quote(std::string(PREFLIGHT_TESTDATA) + "/robust/decompression-bomb.pdf");
  auto r = run_preflight("check --format json --timeout 0.2 " + bomb);
  CHECK(r.exit_code == 3);
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["verdict"] == "error");
  CHECK(j["error"]["kind"] == "limit");
  CHECK(j["error"]["message"].get<std::string>().find("time limit") != std::string::npos);

  // The watchdog samples every 50 ms: a check that lasts a second is always seen.
  r = run_preflight("check --format json --max-memory 1 " + bomb);
  CHECK(r.exit_code == 3);
  j = nlohmann::json::parse(r.out);
  CHECK(j["error"]["kind"] == "limit");
  CHECK(j["error"]["message"].get<std::string>().find("memory limit") != std::string::npos);
}

#include "preflight/check.hpp"
#include "preflight/report.hpp"

TEST_CASE("strings from a hostile PDF are valid UTF-8: the strict JSON writer does not throw", "[robust][fuzz]") {
  // Found by fuzz/fuzz_check.cpp: invalid UTF-8 reached nlohmann::json::dump().
  std::string path = std::string(PREFLIGHT_TESTDATA) + "/robust/fuzz-invalid-utf8.pdf";
  auto doc = preflight::load_pdf(path, "", {});
  for (const auto& p : doc.pages)
    for (const auto& w : p.words) CHECK(preflight::repair_utf8(w.text) == w.text);
  for (const auto& [k, v] : doc.info) CHECK(preflight::repair_utf8(v) == v);
  auto rep = preflight::check_file(path, preflight::default_profile(), preflight::RunOptions{});
  CHECK_NOTHROW(preflight::to_json(rep).dump());
  CHECK(preflight::repair_utf8("ok \xC3\xA9 \xFF end") == "ok \xC3\xA9 \xEF\xBF\xBD end");
}
