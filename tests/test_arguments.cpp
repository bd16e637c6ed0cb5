// A PDF after an option is a PDF to check, never the option's value (issue 21):
// `check --handle x bad.pdf good.pdf` once took both PDFs as handles, checked
// nothing it was meant to and printed PASS. For every option of `check`,
// `batch`, `merge` and the pre-commit hook's entry, a failing PDF put right
// after the option (and its value) must be read and fail the run.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "run_cli.hpp"

namespace fs = std::filesystem;

namespace {

const std::string kData = PREFLIGHT_TESTDATA;
std::string bad() { return quote(kData + "/sample-a4.pdf"); }    // page-size error
std::string good() { return quote(kData + "/sample-pass.pdf"); }

// Every long option that `preflight SUB --help` lists.
std::set<std::string> options_in_help(const std::string& sub) {
  auto help = run_preflight(sub + " --help").out;
  std::set<std::string> out;
  // An option's own line starts with it ("  -o,--output TEXT  Write ..."); descriptions may name others.
  std::regex opt("^\\s+(-[A-Za-z],)?(--[a-z][a-z-]*)");
  std::istringstream lines(help);
  std::string line;
  std::smatch m;
  while (std::getline(lines, line))
    if (std::regex_search(line, m, opt)) out.insert(m[2]);
  out.erase("--help");
  return out;
}

struct Case {
  std::string option;  // as --help lists it
  std::string args;    // the option with its value, as a user types it
};

// The options of `check`, each with a value that leaves sample-a4.pdf failing.
std::vector<Case> check_cases(const TempDir& t) {
  t.write("authors.txt", "Jane Doe <jane@uni.edu>\n");
  t.write("preflight.toml", "track = \"long\"\n");
  return {
      {"--track", "--track long"},
      {"--camera-ready", "--camera-ready"},
      {"--no-camera-ready", "--no-camera-ready"},
      {"--author", "--author 'Jane Doe' --author 'Bo Li'"},
      {"--authors-file", "--authors-file " + quote(t / "authors.txt")},
      {"--handle", "--handle janedoe --handle bo,li"},
      {"--profile", "--profile mechinterp-neurips2025"},
      {"--format", "--format json"},
      {"--select", "--select page-size,fonts --select page-limit"},
      {"--ignore", "--ignore fonts --ignore anonymity,margins"},
      {"--password", "--password secret"},
      {"--config", "--config " + quote(t / "preflight.toml")},
      {"--no-config", "--no-config"},
      {"--verbose", "--verbose"},
      {"--annotate", "--annotate " + quote(t / "annotated.pdf")},
      {"--images", "--images " + quote(t / "images")},
      {"--images-max", "--images-max 3"},
      {"--thumbnail", "--thumbnail " + quote(t / "thumb.png")},
      {"--inline-images", "--inline-images --thumbnail thumb.png"},
      {"--timeout", "--timeout 60"},
      {"--max-memory", "--max-memory 4096"},
      {"--max-warnings", "--max-warnings 100"},
      {"--output", "--output " + quote(t / "report.txt")},
      {"--root", "--root " + quote(kData)},
      {"--pre-commit", "--pre-commit"},
  };
}

}  // namespace

TEST_CASE("check: a failing PDF after any option is checked and fails the run", "[cli][arguments]") {
  TempDir t;
  auto cases = check_cases(t);
  std::set<std::string> covered;
  for (const auto& c : cases) covered.insert(c.option);
  for (const auto& o : options_in_help("check")) {
    INFO("check option without an argument test: " << o);
    CHECK(covered.count(o) == 1);
  }
  for (const auto& c : cases) {
    INFO(c.args);
    // --annotate writes one copy, so it takes one PDF; the others get a passing PDF after the failing one.
    std::string pdfs = c.option == "--annotate" ? bad() : bad() + " " + good();
    std::string out_file = t / "report.txt";
    fs::remove(out_file);
    auto r = run_preflight("check " + c.args + " " + pdfs);
    CHECK(r.exit_code == 1);
    std::string report = c.option == "--output" ? slurp(out_file) : r.out;
    CHECK(report.find("sample-a4.pdf") != std::string::npos);
    CHECK(report.find("page-size") != std::string::npos);
  }
}

TEST_CASE("check: every output format names the failing PDF after --format", "[cli][arguments]") {
  for (const char* f : {"text", "json", "sarif", "junit", "github"}) {
    INFO(f);
    auto r = run_preflight(std::string("check --format ") + f + " " + bad() + " " + good());
    CHECK(r.exit_code == 1);
    CHECK(r.out.find("sample-a4.pdf") != std::string::npos);
    CHECK(r.out.find("page-size") != std::string::npos);
  }
}

TEST_CASE("check: a list option takes one value each time; commas split ids", "[cli][arguments]") {
  auto r = run_preflight("check --format json --select fonts,page-size --select anonymity " + bad());
  CHECK(r.exit_code == 1);
  r = run_preflight("check --format json --ignore fonts,page-size --ignore anonymity " + bad());
  CHECK(r.exit_code == 0);
  for (const auto& f : nlohmann::json::parse(r.out)["findings"]) CHECK(f["rule"] != "page-size");
  // An option given without its value is a usage error, not a silent pass.
  CHECK(run_preflight("check " + bad() + " --author").exit_code == 2);
}

TEST_CASE("batch: a failing PDF after any option is checked and fails the run", "[batch][arguments]") {
  TempDir t;
  t.write("subs.csv", "file,track\nsample-pass.pdf,short\n");
  t.write("wording.toml", "deadline = \"by Friday\"\n");
  t.write("notes.json", R"([{"id": "a1", "number": 1, "content": {"title": {"value": "T"}, "track": {"value": "Long paper"},
                                                                   "pdf": {"value": "/pdf/sample-a4.pdf"}}}])");
  std::vector<Case> cases = {
      {"--submissions", "--submissions " + quote(t / "subs.csv")},
      {"--openreview", "--openreview " + quote(t / "notes.json")},
      {"--messages", "--messages " + quote(t / "messages")},
      {"--wording", "--wording " + quote(t / "wording.toml")},
      {"--jobs", "--jobs 1"},
      {"--out", ""},  // every case gives --out right before the PDFs
      {"--timeout", "--timeout 60"},
      {"--memory-mb", "--memory-mb 4096"},
      {"--shard", "--shard 1/1"},
      {"--profile", "--profile mechinterp-neurips2025"},
      {"--track", "--track long"},
      {"--camera-ready", "--camera-ready"},
      {"--force", "--force"},
      {"--no-images", "--no-images"},
      {"--format", "--format json"},
      {"--log-level", "--log-level warn"},
  };
  std::set<std::string> covered;
  for (const auto& c : cases) covered.insert(c.option);
  for (const auto& o : options_in_help("batch")) {
    INFO("batch option without an argument test: " << o);
    CHECK(covered.count(o) == 1);
  }
  int n = 0;
  for (const auto& c : cases) {
    INFO(c.args);
    std::string out = t / ("out" + std::to_string(n++));
    auto r = run_preflight("batch --no-images " + c.args + " --out " + quote(out) + " " + bad() + " " + good());
    CHECK(r.exit_code == 1);
    auto rows = rows_by_name(out);
    REQUIRE(rows.count("sample-a4.pdf") == 1);
    CHECK(rows["sample-a4.pdf"]["verdict"] == "fail");
    CHECK(rows.count("sample-pass.pdf") == 1);
  }
}

TEST_CASE("merge: a failing batch output after --out is merged", "[batch][arguments]") {
  TempDir t;
  CHECK(run_preflight("batch --no-images --out " + quote(t / "a") + " " + bad()).exit_code == 1);
  CHECK(run_preflight("batch --no-images --out " + quote(t / "b") + " " + good()).exit_code == 0);
  for (const auto& o : options_in_help("merge")) CHECK(o == "--out");
  auto r = run_preflight("merge --out " + quote(t / "m") + " " + quote(t / "a") + " " + quote(t / "b"));
  CHECK(r.exit_code == 1);
  auto rows = rows_by_name(t / "m");
  CHECK(rows["sample-a4.pdf"]["verdict"] == "fail");
  CHECK(rows.count("sample-pass.pdf") == 1);
}

// The hook's entry as .pre-commit-hooks.yaml gives it; pre-commit runs
// `ENTRY ARGS FILES...`.
std::string hook_entry() {
  std::string yaml = slurp(std::string(PREFLIGHT_TESTDATA) + "/../.pre-commit-hooks.yaml");
  auto at = yaml.find("\n  entry: ");
  REQUIRE(at != std::string::npos);
  std::string entry = yaml.substr(at + 10, yaml.find('\n', at + 1) - at - 10);
  REQUIRE(entry.rfind("preflight ", 0) == 0);
  return entry.substr(10);
}

TEST_CASE("pre-commit: a failing PDF after any option in args is checked and fails the hook", "[cli][arguments][pre-commit]") {
  TempDir t;
  std::string entry = hook_entry();
  for (const auto& c : check_cases(t)) {
    if (c.option == "--annotate") continue;  // one PDF at a time: covered by the check test
    INFO(entry << " " << c.args);
    std::string out_file = t / "report.txt";
    fs::remove(out_file);
    auto r = run_preflight(entry + " " + c.args + " " + bad() + " " + good());
    CHECK(r.exit_code == 1);
    std::string report = c.option == "--output" ? slurp(out_file) : r.out;
    CHECK(report.find("sample-a4.pdf") != std::string::npos);
  }
}

TEST_CASE("pre-commit: the paper is checked, not its figures", "[cli][pre-commit]") {
  std::string entry = hook_entry();
  TempDir t;
  fs::create_directories(t.path / ".git");
  fs::copy_file(kData + "/sample-a4.pdf", t.path / "paper.pdf");
  fs::create_directories(t.path / "figures");
  fs::copy_file(kData + "/sample-a4.pdf", t.path / "figures/probe_accuracy.pdf");
  auto run_in = [&](const std::string& args) {
    std::string cmd = "cd " + quote(t.path.string()) + " && " + std::string(PREFLIGHT_BIN) + " " + args + " 2>&1";
    CliResult r;
    FILE* p = popen(cmd.c_str(), "r");
    char buf[4096];
    std::size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
    int st = pclose(p);
    r.exit_code = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    return r;
  };
  // Default: the figure folder is skipped (and said so); the paper fails.
  auto r = run_in(entry + " figures/probe_accuracy.pdf");
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("skipped figures/probe_accuracy.pdf: in a figure folder") != std::string::npos);
  r = run_in(entry + " figures/probe_accuracy.pdf paper.pdf");
  CHECK(r.exit_code == 1);
  CHECK(r.out.find("FAIL paper.pdf") != std::string::npos);
  CHECK(r.out.find("FAIL figures/") == std::string::npos);
  // A one-page PDF outside a figure folder is taken for a figure too.
  fs::copy_file(kData + "/template-2024.pdf", t.path / "plot.pdf");
  r = run_in(entry + " plot.pdf");
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("skipped plot.pdf: a one-page PDF") != std::string::npos);
  // paths = [...] in preflight.toml: exactly those are papers.
  t.write("preflight.toml", "paths = [\"figures/*.pdf\"]\n");
  r = run_in(entry + " figures/probe_accuracy.pdf paper.pdf");
  CHECK(r.exit_code == 1);
  CHECK(r.out.find("FAIL figures/probe_accuracy.pdf") != std::string::npos);
  CHECK(r.out.find("skipped paper.pdf: not in paths") != std::string::npos);
  // Without the hook's flag, check checks every PDF it is given.
  r = run_in("check figures/probe_accuracy.pdf");
  CHECK(r.exit_code == 1);
}

// ================================================= what was and was not checked

TEST_CASE("the header says which limit was applied, or each track's fit when no track was given", "[cli][checked]") {
  std::string five = quote(kData + "/page-limit-5p0.pdf");  // 5 main pages: long (9) yes, short (4) no
  auto r = run_preflight("check " + five);
  CHECK(r.exit_code == 0);  // a warning, not an error: the verdict stays PASS
  CHECK(r.out.rfind("PASS ", 0) == 0);
  CHECK(r.out.find("limit: no track given; 5 main pages: fits long (9), not short (4)") != std::string::npos);
  CHECK(r.out.find("warning page 6: no track given: 5 main pages fit only the long track, not short (4)") !=
        std::string::npos);
  CHECK(r.out.find("[no-track]") != std::string::npos);
  r = run_preflight("check --track long " + five);
  CHECK(r.out.find("limit: 5 main pages against the long track's 9") != std::string::npos);
  CHECK(r.out.find("no-track") == std::string::npos);
  r = run_preflight("check --track short " + five);
  CHECK(r.exit_code == 1);
  CHECK(r.out.find("limit: 5 main pages against the short track's 4") != std::string::npos);
  // A paper that fits every track: no warning.
  r = run_preflight("check " + good());
  CHECK(r.out.find("limit: no track given; 3 main pages: fits long (9), short (4)") != std::string::npos);
  CHECK(r.out.find("no-track") == std::string::npos);
  // In JSON: the limits applied, and the warning's kind.
  auto j = nlohmann::json::parse(run_preflight("check --format json " + five).out);
  CHECK(j["facts"]["limits"]["short"] == 4);
  CHECK(j["facts"]["limits"]["long"] == 9);
  bool warned = false;
  for (const auto& f : j["findings"]) warned = warned || (f["kind"] == "page-limit.no-track" && f["severity"] == "warning");
  CHECK(warned);
}

TEST_CASE("the header says that names were not searched when no author was given", "[cli][checked]") {
  auto r = run_preflight("check " + good());
  CHECK(r.out.find("authors: none given, so the authors' names and e-mails were not searched (give --author NAME") !=
        std::string::npos);
  r = run_preflight("check --author 'Jane Doe' " + good());
  CHECK(r.out.find("authors: none given") == std::string::npos);
  // Camera-ready: anonymity is off, nothing to search for.
  r = run_preflight("check --camera-ready " + good());
  CHECK(r.out.find("authors: none given") == std::string::npos);
}

// ================================================= CI options

TEST_CASE("max-warnings: --max-warnings N fails a run with more than N warnings", "[cli][ci]") {
  std::string five = quote(kData + "/page-limit-5p0.pdf");  // one warning (no track)
  CHECK(run_preflight("check --max-warnings 1 " + five).exit_code == 0);
  auto r = run_preflight("check --max-warnings 0 " + five, true);
  CHECK(r.exit_code == 1);
  CHECK(r.out.find("1 warning, more than --max-warnings 0") != std::string::npos);
  CHECK(run_preflight("check --max-warnings 0 --track long " + five).exit_code == 0);
}

TEST_CASE("output: --output FILE writes the report there, in any format, and stdout stays empty", "[cli][ci]") {
  TempDir t;
  for (const char* f : {"text", "json", "sarif", "junit"}) {
    INFO(f);
    std::string out = t / (std::string("report.") + f);
    auto r = run_preflight(std::string("check --format ") + f + " --output " + quote(out) + " " + bad());
    CHECK(r.exit_code == 1);
    CHECK(r.out.empty());
    std::string written = slurp(out);
    CHECK(written.find("page-size") != std::string::npos);
    CHECK(written.find("\x1b[") == std::string::npos);
  }
  CHECK(run_preflight("check --output /no/such/folder/x.json " + bad()).exit_code == 2);
}

TEST_CASE("a mistyped rule, kind, track, option or command gets a suggestion", "[cli][ci]") {
  auto r = run_preflight("check --select page-sise " + good(), true);
  CHECK(r.exit_code == 2);
  CHECK(r.out.find("did you mean 'page-size'?") != std::string::npos);
  r = run_preflight("check --ignore margins.overful " + good(), true);
  CHECK(r.out.find("did you mean 'margins.overfull'?") != std::string::npos);
  r = run_preflight("check --track shrt " + good(), true);
  CHECK(r.exit_code == 2);
  CHECK(r.out.find("did you mean 'short'?") != std::string::npos);
  r = run_preflight("check --autor 'Jane Doe' " + good(), true);
  CHECK(r.exit_code == 2);
  CHECK(r.out.find("did you mean '--author'?") != std::string::npos);
  r = run_preflight("chek " + good(), true);
  CHECK(r.exit_code == 2);
  CHECK(r.out.find("did you mean 'check'?") != std::string::npos);
  // Nothing near: no guess.
  r = run_preflight("check --select zzzzzzzz " + good(), true);
  CHECK(r.out.find("did you mean") == std::string::npos);
}

TEST_CASE("batch --openreview: notes without a track field stop the batch and list the fields they have", "[batch][checked]") {
  TempDir t;
  t.write("notes.json", R"([{"id": "a1", "number": 1, "content": {"title": {"value": "T"}, "venue": {"value": "W"},
                                                                   "paper_length": {"value": "Short"}}},
                            {"id": "b2", "number": 2, "content": {"title": {"value": "U"}, "keywords": {"value": ["x"]}}}])");
  auto r = run_preflight("batch --no-images --openreview " + quote(t / "notes.json") + " --out " + quote(t / "out") + " " +
                             good(),
                         true);
  CHECK(r.exit_code == 2);
  CHECK(r.out.find("no note has a track field (looked for: track, paper_type, submission_type, submission_length)") !=
        std::string::npos);
  CHECK(r.out.find("The notes' content fields are: keywords, paper_length, title, venue.") != std::string::npos);
  CHECK(r.out.find("[openreview] track_field") != std::string::npos);
  CHECK_FALSE(fs::exists(t / "out/results.jsonl"));
  // --track gives every paper one track: the batch runs.
  r = run_preflight("batch --no-images --track long --openreview " + quote(t / "notes.json") + " --out " +
                    quote(t / "out") + " " + good());
  CHECK(r.exit_code == 3);  // two notes without a PDF: missing rows
  CHECK(fs::exists(t / "out/results.jsonl"));
}

TEST_CASE("batch --wording: the chair's deadline and signature in every message", "[batch][messages]") {
  TempDir t;
  t.write("wording.toml", "venue = \"the MechInterp Workshop\"\ndeadline = \"by 29 August, 23:59 AoE\"\n"
                          "signature = \"Jane and Bo, workshop chairs\"\n");
  auto r = run_preflight("batch --no-images --wording " + quote(t / "wording.toml") + " --messages " + quote(t / "msgs") +
                         " --out " + quote(t / "out") + " " + bad());
  CHECK(r.exit_code == 1);
  std::string m = slurp(t / "msgs/sample-a4.txt");
  CHECK(m.find(", to the MechInterp Workshop.") != std::string::npos);
  CHECK(m.find("Please upload a corrected PDF by 29 August, 23:59 AoE.") != std::string::npos);
  CHECK(m.find("Best regards,\nJane and Bo, workshop chairs\n") != std::string::npos);
  t.write("bad.toml", "signatur = \"x\"\n");
  r = run_preflight("batch --no-images --wording " + quote(t / "bad.toml") + " --out " + quote(t / "out2") + " " + bad(), true);
  CHECK(r.exit_code == 2);
  CHECK(r.out.find("signatur") != std::string::npos);
}
