// preflight.toml: discovery, the override order (command line > config file >
// profile defaults), unknown keys, and waivers.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "cli/config.hpp"
#include "run_cli.hpp"

namespace fs = std::filesystem;
using nlohmann::json;
using namespace preflight;

namespace {

std::string fixture(const char* name) { return quote(std::string(PREFLIGHT_TESTDATA) + "/" + name); }

// A fresh temporary folder per test (ctest runs test cases in parallel).
// Runs preflight in `dir` with config discovery on (no PREFLIGHT_CONFIG).
CliResult run_in(const fs::path& dir, const std::string& args, bool merge_stderr = false) {
  std::string cmd = "cd " + quote(dir.string()) + " && env -u PREFLIGHT_CONFIG " + PREFLIGHT_BIN + " " + args +
                    (merge_stderr ? " 2>&1" : " 2>/dev/null");
  CliResult r;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return r;
  char buf[65536];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  int st = pclose(p);
  r.exit_code = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

Config parse(const std::string& text) { return parse_config(text, "preflight.toml", "/repo"); }

std::string error_of(const std::string& text) {
  try {
    parse(text);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("config: every key is read; relative profile paths are resolved against the file's folder", "[config]") {
  Config c = parse(R"(
track = "long"
camera_ready = true
authors = ["Jane Doe <jane@uni.edu> github:janedoe", "Bo Li"]
handles = ["hf:boli"]
profile = "venues/other.toml"
ignore = ["page-size"]
select = ["page-size"]
waivers = [
  {rule = "page-size", page = 2, match = "A4", reason = "accepted by the chairs"},
]
)");
  CHECK(c.track == "long");
  CHECK(c.camera_ready == true);
  REQUIRE(c.authors);
  CHECK(c.authors->size() == 2);
  CHECK(c.handles == std::vector<std::string>{"hf:boli"});
  CHECK(c.profile == "/repo/venues/other.toml");
  REQUIRE(c.waivers.size() == 1);
  CHECK(c.waivers[0].rule == "page-size");
  CHECK(c.waivers[0].page == 2);
  CHECK(c.waivers[0].match == "A4");
  CHECK(c.waivers[0].reason == "accepted by the chairs");
  CHECK(c.waivers[0].where == "preflight.toml:10");
  Config empty = parse("");
  CHECK_FALSE(empty.track);
  CHECK_FALSE(empty.camera_ready);
  CHECK(empty.waivers.empty());
}

TEST_CASE("config: unknown keys, wrong types, waivers without reason and unknown rules are errors naming them", "[config]") {
  CHECK(error_of("trak = \"short\"\n").find("unknown key 'trak'") != std::string::npos);
  CHECK(error_of("camera_ready = \"yes\"\n").find("'camera_ready' must be true or false") != std::string::npos);
  CHECK(error_of("authors = 3\n").find("'authors' must be an array of strings") != std::string::npos);
  CHECK(error_of("ignore = [\"no-such-rule\"]\n").find("unknown rule 'no-such-rule'") != std::string::npos);
  std::string e = error_of("waivers = [{rule = \"page-size\", match = \"A4\"}]\n");
  CHECK(e.find("no 'reason'") != std::string::npos);
  CHECK(e.find("preflight.toml:1") == 0);
  CHECK(error_of("waivers = [{rule = \"page-size\", reason = \"  \"}]\n").find("no 'reason'") != std::string::npos);
  CHECK(error_of("waivers = [{match = \"x\", reason = \"r\"}]\n").find("no 'rule'") != std::string::npos);
  CHECK(error_of("waivers = [{rule = \"nope\", reason = \"r\"}]\n").find("unknown rule 'nope'") != std::string::npos);
  CHECK(error_of("waivers = [{rule = \"page-size\", reason = \"r\", pages = 2}]\n").find("unknown key 'waivers.pages'") !=
        std::string::npos);
  CHECK(error_of("track = \n").find("preflight.toml:1") == 0);  // TOML syntax error, with the line
}

TEST_CASE("config discovery: this folder or above, stopping at the repository root", "[config]") {
  TempDir t;
  fs::create_directories(t.path / "outside/repo/.git");
  fs::create_directories(t.path / "outside/repo/paper/figs");
  // A file above the repository root is never found.
  t.write("outside/preflight.toml", "track = \"long\"\n");
  CHECK_FALSE(find_config(t.path / "outside/repo/paper/figs"));
  // One in the repository is found from any folder below it; the nearest wins.
  fs::path root_cfg = t.write("outside/repo/preflight.toml", "track = \"short\"\n");
  CHECK(find_config(t.path / "outside/repo/paper/figs") == root_cfg);
  fs::path paper_cfg = t.write("outside/repo/paper/preflight.toml", "");
  CHECK(find_config(t.path / "outside/repo/paper/figs") == paper_cfg);
  CHECK(find_config(t.path / "outside/repo") == root_cfg);
  // A git worktree or submodule has a .git file, not a folder: also a root.
  fs::create_directories(t.path / "outside/wt/sub");
  t.write("outside/wt/.git", "gitdir: elsewhere\n");
  CHECK_FALSE(find_config(t.path / "outside/wt/sub"));
  // Without a repository, the search goes up (here to outside/).
  fs::create_directories(t.path / "outside/plain/a");
  CHECK(find_config(t.path / "outside/plain/a") == t.path / "outside/preflight.toml");
}

TEST_CASE("waivers match by rule (or family), optional page, and substring of evidence or message", "[config][waivers]") {
  Finding f;
  f.rule = "anonymity.handle";
  f.page = 3;
  f.message = "a GitHub user name in a link: huggingface";
  f.evidence = "see «github.com/huggingface/peft» for";
  Waiver w{"anonymity.handle", std::nullopt, "github.com/huggingface/peft", "third-party library", "", 0};
  CHECK(waiver_matches(w, f));
  w.rule = "anonymity";  // family prefix
  CHECK(waiver_matches(w, f));
  w.rule = "anonymity.author-name";
  CHECK_FALSE(waiver_matches(w, f));
  f.kind = "anonymity.handle.unverified";  // a kind
  w.rule = "anonymity.handle.unverified";
  CHECK(waiver_matches(w, f));
  w.rule = "anonymity.handle.author";
  CHECK_FALSE(waiver_matches(w, f));
  w.rule = "anonymity.handle";
  w.page = 4;
  CHECK_FALSE(waiver_matches(w, f));
  w.page = 3;
  CHECK(waiver_matches(w, f));
  w.match = "user name in a link";  // the message
  CHECK(waiver_matches(w, f));
  w.match = "github.com/janedoe";
  CHECK_FALSE(waiver_matches(w, f));
  w.match = "see \"github.com/huggingface/peft\"";  // copied from a report's found: line
  CHECK(waiver_matches(w, f));
  w.match = "";  // rule (and page) only
  CHECK(waiver_matches(w, f));

  Report r;
  r.verdict = "fail";
  Finding e = f;
  e.severity = Severity::error;
  r.findings = {e};
  std::vector<Waiver> ws{{"anonymity.handle", std::nullopt, "peft", "third-party library", "", 0},
                         {"page-size", std::nullopt, "", "unused", "", 0}};
  apply_waivers(r, ws);
  CHECK(r.findings[0].waived == "third-party library");
  CHECK(r.verdict == "pass");
  CHECK(r.count(Severity::error) == 0);
  CHECK(ws[0].used == 1);
  CHECK(ws[1].used == 0);
}

TEST_CASE("preflight.toml is found from the current folder upward and applied", "[config][cli]") {
  TempDir t;
  fs::create_directories(t.path / "repo/.git");
  fs::create_directories(t.path / "repo/paper");
  t.write("repo/preflight.toml", "track = \"long\"\ncamera_ready = true\n");
  auto r = run_in(t.path / "repo/paper", "check --format json " + fixture("sample-pass.pdf"));
  json j = json::parse(r.out);
  CHECK(j["track"] == "long");
  CHECK(j["camera_ready"] == true);
  // The command line overrides the file.
  j = json::parse(run_in(t.path / "repo/paper", "check --format json --track short --no-camera-ready " + fixture("sample-pass.pdf")).out);
  CHECK(j["track"] == "short");
  CHECK(j["camera_ready"] == false);
  // --no-config and PREFLIGHT_CONFIG=none switch discovery off (the test suite runs that way).
  j = json::parse(run_in(t.path / "repo/paper", "check --format json --no-config " + fixture("sample-pass.pdf")).out);
  CHECK(j["track"].is_null());
  j = json::parse(run_preflight("check --format json " + fixture("sample-pass.pdf")).out);
  CHECK(j["track"].is_null());
}

TEST_CASE("override order: command line > preflight.toml > profile defaults", "[config][cli]") {
  TempDir t;
  t.write("venue.toml", "name = \"from-config\"\n");
  t.write("cli-venue.toml", "name = \"from-cli\"\n");
  fs::path cfg = t.write("preflight.toml", "profile = \"venue.toml\"\nignore = [\"page-size\"]\n");
  std::string base = "check --format json --config " + quote(cfg.string()) + " ";
  // The config's profile (relative to the config file) replaces the built-in one.
  auto r = run_preflight(base + fixture("sample-a4.pdf"));
  json j = json::parse(r.out);
  CHECK(j["profile"] == "from-config");
  // The config's ignore list turns the A4 failure into a pass ...
  CHECK(r.exit_code == 0);
  CHECK(j["findings"].empty());
  // ... and an explicit (even empty) --ignore on the command line replaces it.
  r = run_preflight(base + "--ignore '' " + fixture("sample-a4.pdf"));
  CHECK(r.exit_code == 1);
  // --profile beats the config's profile.
  j = json::parse(run_preflight(base + "--profile " + quote((t.path / "cli-venue.toml").string()) + " " + fixture("sample-a4.pdf")).out);
  CHECK(j["profile"] == "from-cli");
  // Without a config: the built-in profile.
  j = json::parse(run_preflight("check --format json " + fixture("sample-a4.pdf")).out);
  CHECK(j["profile"] == "mechinterp-neurips2025");
}

TEST_CASE("a config error is exit code 2 with a message naming the key", "[config][cli]") {
  TempDir t;
  fs::path cfg = t.write("preflight.toml", "track = \"short\"\nauthorz = [\"Jane Doe\"]\n");
  auto r = run_preflight("check --config " + quote(cfg.string()) + " " + fixture("sample-pass.pdf"), true);
  CHECK(r.exit_code == 2);
  CHECK(r.out.find("unknown key 'authorz'") != std::string::npos);
  CHECK(r.out.find("preflight.toml:2") != std::string::npos);
  // Found by discovery: the same error.
  r = run_in(t.path, "check " + fixture("sample-pass.pdf"), true);
  CHECK(r.exit_code == 2);
  CHECK(r.out.find("unknown key 'authorz'") != std::string::npos);
  r = run_preflight("check --config /nonexistent/preflight.toml " + fixture("sample-pass.pdf"), true);
  CHECK(r.exit_code == 2);
  CHECK(r.out.find("cannot read the config file") != std::string::npos);
  fs::path bad_track = t.write("t.toml", "track = \"medium\"\n");
  r = run_preflight("check --config " + quote(bad_track.string()) + " " + fixture("sample-pass.pdf"), true);
  CHECK(r.exit_code == 2);
  CHECK(r.out.find("unknown track 'medium'") != std::string::npos);
}

TEST_CASE("a waived finding stays in the report as 'waived: REASON' and does not fail the paper", "[config][cli][waivers]") {
  TempDir t;
  fs::path cfg = t.write("preflight.toml",
                         "waivers = [{rule = \"page-size\", page = 1, match = \"595.3 x 841.9\", reason = \"the chairs accept A4 for this paper\"}]\n");
  std::string args = "check --config " + quote(cfg.string()) + " ";
  auto r = run_preflight(args + fixture("sample-a4.pdf"));
  CHECK(r.exit_code == 0);
  CHECK(r.out.rfind("PASS ", 0) == 0);
  CHECK(r.out.find("waived: the chairs accept A4 for this paper") != std::string::npos);
  r = run_preflight(args + "--format json " + fixture("sample-a4.pdf"));
  json j = json::parse(r.out);
  CHECK(j["verdict"] == "pass");
  json page_size;
  for (const auto& f : j["findings"])
    if (f["rule"] == "page-size") page_size = f;
  REQUIRE(page_size.is_object());
  CHECK(page_size["waived"] == "the chairs accept A4 for this paper");
  CHECK(j["counts"]["error"] == 0);
  // A waiver for another page does not match: the paper fails, and the unused waiver is reported.
  fs::path other = t.write("other.toml", "waivers = [{rule = \"page-size\", page = 2, reason = \"only page 2\"}]\n");
  r = run_preflight("check --config " + quote(other.string()) + " " + fixture("sample-a4.pdf"), true);
  CHECK(r.exit_code == 1);
  CHECK(r.out.find("other.toml:1: the waiver for page-size matched no finding") != std::string::npos);
  // A waiver without a reason is refused.
  fs::path noreason = t.write("noreason.toml", "waivers = [{rule = \"page-size\", match = \"A4\"}]\n");
  r = run_preflight("check --config " + quote(noreason.string()) + " " + fixture("sample-a4.pdf"), true);
  CHECK(r.exit_code == 2);
  CHECK(r.out.find("no 'reason'") != std::string::npos);
}
