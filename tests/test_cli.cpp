// The command line as a user meets it: exit codes, usage errors, rules, explain.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>

#include "run_cli.hpp"

namespace {
std::string fixture(const char* name) { return quote(std::string(PREFLIGHT_TESTDATA) + "/" + name); }
}

TEST_CASE("exit codes: 0 pass, 1 fail, 2 usage", "[cli]") {
  CHECK(run_preflight("check " + fixture("sample-pass.pdf") + " --track short").exit_code == 0);
  CHECK(run_preflight("check " + fixture("sample-a4.pdf")).exit_code == 1);
  CHECK(run_preflight("check " + fixture("sample-pass.pdf") + " --track medium").exit_code == 2);
  CHECK(run_preflight("check " + fixture("sample-pass.pdf") + " --format yaml").exit_code == 2);
  CHECK(run_preflight("check " + fixture("sample-pass.pdf") + " --select no-such-rule").exit_code == 2);
  CHECK(run_preflight("frobnicate").exit_code == 2);
  CHECK(run_preflight("").exit_code == 2);
}

TEST_CASE("the text report starts with the verdict and names page, size and fix", "[cli]") {
  auto r = run_preflight("check " + fixture("sample-a4.pdf"));
  CHECK(r.out.rfind("FAIL ", 0) == 0);
  CHECK(r.out.find("page-size") != std::string::npos);
  CHECK(r.out.find("A4") != std::string::npos);
  CHECK(r.out.find("fix:") != std::string::npos);
  CHECK(r.out.find("\x1b[") == std::string::npos);  // no colour when not a terminal
  r = run_preflight("check " + fixture("sample-pass.pdf"));
  CHECK(r.out.rfind("PASS ", 0) == 0);
}

TEST_CASE("ignore drops a rule's findings and can turn a fail into a pass", "[cli]") {
  auto r = run_preflight("check --format json --ignore page-size " + fixture("sample-a4.pdf"));
  CHECK(r.exit_code == 0);
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["verdict"] == "pass");
  for (const auto& f : j["findings"]) CHECK(f["rule"] != "page-size");  // other rules may add info findings
  r = run_preflight("check --format json --select page-size " + fixture("sample-a4.pdf"));
  CHECK(r.exit_code == 1);
}

TEST_CASE("rules lists every rule and explain prints the four parts", "[cli]") {
  auto r = run_preflight("rules");
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("page-size") != std::string::npos);
  r = run_preflight("explain page-size");
  CHECK(r.exit_code == 0);
  for (const char* part : {"What it does", "Why the venue cares", "Example", "Use instead"})
    CHECK(r.out.find(part) != std::string::npos);
  CHECK(run_preflight("explain nope").exit_code == 2);
}

TEST_CASE("a profile with an unknown key is a configuration error naming the key", "[cli][profile]") {
  std::string path = "/tmp/preflight-test-profile.toml";
  {
    std::ofstream o(path);
    o << "name = \"x\"\n[page]\nwidht = 612\n";
  }
  auto r = run_preflight("check --profile " + path + " " + fixture("sample-pass.pdf"), true);
  CHECK(r.exit_code == 2);
  CHECK(r.out.find("unknown key 'page.widht'") != std::string::npos);
  std::remove(path.c_str());
}

TEST_CASE("the JSON report has the documented shape", "[cli][json]") {
  auto r = run_preflight("check --format json --track short " + fixture("sample-pass.pdf"));
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["schema_version"] == 1);
  CHECK(j["tool"].get<std::string>().rfind("preflight ", 0) == 0);
  CHECK(j["sha256"].get<std::string>().size() == 64);
  CHECK(j["pages"] == 3);
  CHECK(j["profile"] == "mechinterp-neurips2025");
  CHECK(j["track"] == "short");
  CHECK(j["camera_ready"] == false);
  CHECK(j["verdict"] == "pass");
  CHECK(j["error"].is_null());
  CHECK(j["facts"].is_object());
  CHECK(j["findings"].is_array());
}
