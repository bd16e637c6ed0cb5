// The command line as a user meets it: exit codes, usage errors, rules, explain.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <unistd.h>

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

TEST_CASE("severity is the profile's: [severity] maps a kind to error, warning, info or off", "[cli][profile][severity]") {
  std::string path = "/tmp/preflight-test-severity-" + std::to_string(::getpid()) + ".toml";
  auto write = [&](const std::string& text) {
    std::ofstream o(path);
    o << "name = \"venue\"\n[tracks.long]\nmain_pages = 9\n" << text;
  };
  // The built-in profile: A4 is an error of kind page-size.wrong-size.
  auto r = run_preflight("check --format json " + fixture("sample-a4.pdf"));
  auto j = nlohmann::json::parse(r.out);
  bool found = false;
  for (const auto& f : j["findings"])
    if (f["kind"] == "page-size.wrong-size") found = f["severity"] == "error";
  CHECK(found);
  // A profile that makes it a warning: the paper passes, the finding stays.
  write("[severity]\n\"page-size.wrong-size\" = \"warning\"\n");
  r = run_preflight("check --format json --profile " + path + " " + fixture("sample-a4.pdf"));
  CHECK(r.exit_code == 0);
  j = nlohmann::json::parse(r.out);
  found = false;
  for (const auto& f : j["findings"])
    if (f["kind"] == "page-size.wrong-size") found = f["severity"] == "warning";
  CHECK(found);
  // "off" drops it; a rule id as key covers all its kinds; the most specific key wins.
  write("[severity]\n\"page-size\" = \"off\"\n");
  j = nlohmann::json::parse(run_preflight("check --format json --profile " + path + " " + fixture("sample-a4.pdf")).out);
  for (const auto& f : j["findings"]) CHECK(f["rule"] != "page-size");
  write("[severity]\n\"page-size\" = \"off\"\n\"page-size.wrong-size\" = \"error\"\n");
  CHECK(run_preflight("check --profile " + path + " " + fixture("sample-a4.pdf")).exit_code == 1);
  // explain shows the kinds with their severity under the profile, and the rule's default.
  write("[severity]\n\"page-size.wrong-size\" = \"info\"\n");
  r = run_preflight("explain page-size --profile " + path);
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("Kinds (severity under profile venue") != std::string::npos);
  CHECK(r.out.find("page-size.wrong-size  info") != std::string::npos);
  CHECK(r.out.find("the rule's default is error") != std::string::npos);
  // Unknown kinds and bad values are errors naming the file and line.
  write("[severity]\n\"margins.overful\" = \"warning\"\n");
  r = run_preflight("check --profile " + path + " " + fixture("sample-pass.pdf"), true);
  CHECK(r.exit_code == 2);
  CHECK(r.out.find("unknown key 'severity.margins.overful'") != std::string::npos);
  CHECK(r.out.find(path + ":5") != std::string::npos);
  write("[severity]\n\"margins.overfull\" = \"fatal\"\n");
  r = run_preflight("check --profile " + path + " " + fixture("sample-pass.pdf"), true);
  CHECK(r.exit_code == 2);
  CHECK(r.out.find("must be \"error\", \"warning\", \"info\" or \"off\"") != std::string::npos);
  std::remove(path.c_str());
}

TEST_CASE("select, ignore and explain take kinds", "[cli][severity]") {
  auto r = run_preflight("check --format json --ignore page-size.wrong-size " + fixture("sample-a4.pdf"));
  CHECK(r.exit_code == 0);
  r = run_preflight("check --format json --select page-size.wrong-size " + fixture("sample-a4.pdf"));
  CHECK(r.exit_code == 1);
  auto selected = nlohmann::json::parse(r.out);  // the range-for below must not iterate a temporary
  for (const auto& f : selected["findings"]) CHECK(f["kind"] == "page-size.wrong-size");
  CHECK(run_preflight("check --ignore page-size.no-such-kind " + fixture("sample-a4.pdf")).exit_code == 2);
  r = run_preflight("explain margins.overfull");
  CHECK(r.exit_code == 0);
  CHECK(r.out.rfind("margins: ", 0) == 0);
  CHECK(r.out.find("margins.off-page") != std::string::npos);
}

TEST_CASE("tracks.acknowledgments_count: counted by default, a profile switch exempts it", "[cli][profile][page-limit]") {
  auto r = run_preflight("check --format json --track short " + fixture("page-limit-acknowledgments.pdf"));
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["facts"]["main_pages"] == 4);
  CHECK(j["facts"]["main_end"]["marker"] == "references");
  std::string path = "/tmp/preflight-test-ack-" + std::to_string(::getpid()) + ".toml";
  {
    std::ofstream o(path);
    o << "name = \"ack-exempt\"\n[tracks]\nacknowledgments_count = false\n[tracks.short]\nmain_pages = 4\n";
  }
  r = run_preflight("check --format json --track short --profile " + path + " " + fixture("page-limit-acknowledgments.pdf"));
  j = nlohmann::json::parse(r.out);
  CHECK(j["facts"]["main_pages"] == 3);
  CHECK(j["facts"]["main_end"]["marker"] == "acknowledgments");
  bool note = false;
  for (const auto& f : j["findings"]) note = note || f["kind"] == "page-limit.acknowledgments-excluded";
  CHECK(note);
  std::remove(path.c_str());
}
