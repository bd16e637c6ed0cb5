// The built-in venue profiles: each venue's submission fixture passes under its
// own profile and fails the template rule under the workshop's; `preflight
// profiles`, --profile NAME in check, explain and batch, and profile = "NAME" in
// preflight.toml.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "cli/config.hpp"
#include "preflight/profile.hpp"
#include "run_cli.hpp"

namespace fs = std::filesystem;
using nlohmann::json;
using namespace preflight;

namespace {

std::string fixture(const std::string& name) { return quote(std::string(PREFLIGHT_TESTDATA) + "/" + name); }

json check_json(const std::string& pdf, const std::string& args) {
  CliResult r = run_preflight("check " + fixture(pdf) + " " + args + " --format json");
  return json::parse(r.out);
}

int count(const json& rep, const std::string& rule, const std::string& severity) {
  int n = 0;
  for (const auto& f : rep["findings"]) n += f["rule"] == rule && f["severity"] == severity;
  return n;
}

}  // namespace

TEST_CASE("each venue's submission passes under its own profile and fails the template rule under the workshop's",
          "[venues]") {
  struct Case {
    const char* pdf;
    const char* profile;
    const char* family;
  };
  for (const Case& c : {Case{"venue-iclr2026-submission.pdf", "iclr2026", "iclr"},
                        Case{"venue-icml2025-submission.pdf", "icml2025", "icml"},
                        Case{"venue-acl-submission.pdf", "acl --track long", "acl"},
                        Case{"venue-neurips2025-checklist.pdf", "neurips2025", "neurips"}}) {
    INFO(c.pdf);
    json own = check_json(c.pdf, std::string("--profile ") + c.profile);
    CHECK(own["verdict"] == "pass");
    for (const char* rule : {"template", "margins", "page-size", "anonymity.author-block", "anonymity.email"})
      CHECK(count(own, rule, "error") == 0);
    CHECK(own["facts"]["template"]["family"] == c.family);
    CHECK(own["facts"]["template"]["mode"] == "submission");
    if (std::string(c.family) == "neurips") continue;  // the same template as the workshop's
    json workshop = check_json(c.pdf, "");
    CHECK(workshop["verdict"] == "fail");
    REQUIRE(count(workshop, "template", "error") == 1);
    for (const auto& f : workshop["findings"])
      if (f["rule"] == "template")
        CHECK(f["message"].get<std::string>().find("not NeurIPS 2025") != std::string::npos);
  }
}

TEST_CASE("a venue's limits come from its profile: the ICLR 2026 paper of 10 pages fits ICLR 2025", "[venues]") {
  json y26 = check_json("venue-iclr2026-over.pdf", "--profile iclr2026");
  CHECK(count(y26, "page-limit", "error") == 1);
  for (const auto& f : y26["findings"])
    if (f["rule"] == "page-limit" && f["severity"] == "error")
      CHECK(f["message"].get<std::string>().find("main papers may use 9 pages (1 page over") != std::string::npos);
  json cr = check_json("venue-iclr2026-over.pdf", "--profile iclr2026 --camera-ready");
  CHECK(count(cr, "page-limit", "error") == 0);
  // The 2026 PDF under the 2025 profile: the page limit passes, the template names the year.
  json y25 = check_json("venue-iclr2026-over.pdf", "--profile iclr2025");
  CHECK(count(y25, "page-limit", "error") == 0);
  CHECK(count(y25, "template", "error") == 1);
}

TEST_CASE("the workshop profile does not require the checklist; neurips2025 does", "[venues]") {
  json workshop = check_json("venue-neurips2025-no-checklist.pdf", "--track long");
  CHECK(count(workshop, "checklist", "error") == 0);
  CHECK(count(workshop, "checklist", "info") == 0);
  json main = check_json("venue-neurips2025-no-checklist.pdf", "--profile neurips2025");
  CHECK(count(main, "checklist", "error") == 1);
  CHECK(main["verdict"] == "fail");
}

TEST_CASE("preflight profiles lists every built-in profile with its page limits", "[venues][cli]") {
  CliResult r = run_preflight("profiles");
  CHECK(r.exit_code == 0);
  for (const auto& name : builtin_profile_names()) CHECK(r.out.find(name + " ") != std::string::npos);
  CHECK(r.out.find("main 9 pages (camera-ready +1)") != std::string::npos);  // iclr2026, neurips2025
  CHECK(r.out.find("long 8, short 4 pages") != std::string::npos);           // acl
  CHECK(r.out.find("[default]") != std::string::npos);
  CHECK(builtin_profile_names().front() == "mechinterp-neurips2025");
  for (const auto& name : builtin_profile_names()) {
    const Profile* p = builtin_profile(name);
    REQUIRE(p);
    CHECK(p->name == name);  // the file name and the name inside agree
  }
  CHECK(builtin_profile("acl")->page_name == "A4");
  CHECK(builtin_profile("icml2025")->columns == 2);
  CHECK(builtin_profile("neurips2025")->required("checklist"));
  CHECK(builtin_profile("acl")->required("limitations"));
}

TEST_CASE("check --profile: a built-in name or a TOML path; an unknown name is a usage error naming the built-ins",
          "[venues][cli]") {
  CliResult bad = run_preflight("check " + fixture("sample-pass.pdf") + " --profile iclr2027", true);
  CHECK(bad.exit_code == 2);
  CHECK(bad.out.find("no built-in profile 'iclr2027'") != std::string::npos);
  CHECK(bad.out.find("iclr2026") != std::string::npos);
  CliResult explain = run_preflight("explain required-sections --profile icml2025");
  CHECK(explain.exit_code == 0);
  CHECK(explain.out.find("under profile icml2025") != std::string::npos);
  CHECK(explain.out.find("required-sections.missing  warning") != std::string::npos);  // ICML's own severity
  CliResult path = run_preflight("check " + fixture("sample-pass.pdf") + " --track short --profile " +
                                 quote(std::string(PREFLIGHT_TESTDATA) + "/../rules/mechinterp-neurips2025.toml"));
  CHECK(path.exit_code == 0);
}

TEST_CASE("batch --profile NAME checks every paper against the built-in profile", "[venues][cli][batch]") {
  std::string tmpl = (fs::temp_directory_path() / "preflight-venues-XXXXXX").string();
  fs::path dir = mkdtemp(tmpl.data());
  fs::create_directories(dir / "in");
  fs::copy_file(fs::path(PREFLIGHT_TESTDATA) / "venue-acl-submission.pdf", dir / "in" / "a.pdf");
  fs::copy_file(fs::path(PREFLIGHT_TESTDATA) / "venue-acl-no-limitations.pdf", dir / "in" / "b.pdf");
  CliResult r = run_preflight("batch " + quote((dir / "in").string()) + " --profile acl --track long --no-images --out " +
                              quote((dir / "out").string()));
  CHECK(r.exit_code == 1);  // b fails
  std::ifstream csv(dir / "out" / "results.jsonl");
  std::string all((std::istreambuf_iterator<char>(csv)), std::istreambuf_iterator<char>());
  CHECK(all.find("required-sections") != std::string::npos);
  std::error_code ec;
  fs::remove_all(dir, ec);
}

TEST_CASE("preflight.toml: profile = a built-in name stays a name", "[venues][config]") {
  Config c = parse_config("profile = \"iclr2026\"\n", "preflight.toml", "/repo");
  CHECK(c.profile == "iclr2026");
  Config p = parse_config("profile = \"venues/x.toml\"\n", "preflight.toml", "/repo");
  CHECK(p.profile == "/repo/venues/x.toml");
}

TEST_CASE("ICML: the accepted notice is the wrong mode at submission and the right one for the camera-ready",
          "[venues]") {
  json sub = check_json("venue-icml2025-accepted.pdf", "--profile icml2025");
  CHECK(count(sub, "template", "error") == 1);
  json cr = check_json("venue-icml2025-accepted.pdf", "--profile icml2025 --camera-ready");
  CHECK(count(cr, "template", "error") == 0);
  CHECK(cr["verdict"] == "pass");
  // The submission PDF is not a camera-ready.
  json sub_cr = check_json("venue-icml2025-submission.pdf", "--profile icml2025 --camera-ready");
  CHECK(count(sub_cr, "template", "error") == 1);
}
