// `preflight batch` and `merge` as a chair meets them: one row a paper whatever
// the input, error rows for crashes and hangs, resume, shards, the
// submissions CSV, and outputs that are safe to open.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "batch/inputs.hpp"
#include "preflight/summary.hpp"
#include "run_cli.hpp"

namespace fs = std::filesystem;

namespace {

// A fixed set of 8 committed fixtures (3 good PDFs and the 5 bad files of
// testdata/bad), copied once into a folder of their own so that the batch tests
// do not depend on how many fixtures testdata/ holds.
std::string make_batch_data() {
  fs::path src = PREFLIGHT_TESTDATA;
  fs::path dir = fs::temp_directory_path() / ("preflight-batch-data-" + std::to_string(::getpid()));
  fs::create_directories(dir / "bad");
  for (const char* f : {"sample-pass.pdf", "sample-a4.pdf", "mixed-sizes.pdf"})
    fs::copy_file(src / f, dir / f, fs::copy_options::overwrite_existing);
  for (const auto& e : fs::directory_iterator(src / "bad"))
    if (e.path().extension() == ".pdf") fs::copy_file(e.path(), dir / "bad" / e.path().filename(), fs::copy_options::overwrite_existing);
  std::atexit([] {
    std::error_code ec;
    fs::remove_all(fs::temp_directory_path() / ("preflight-batch-data-" + std::to_string(::getpid())), ec);
  });
  return dir.string();
}
const std::string kData = make_batch_data();

struct Env {  // sets an environment variable for the workers of one run
  std::string name;
  Env(const char* n, const std::string& v) : name(n) { ::setenv(n, v.c_str(), 1); }
  ~Env() { ::unsetenv(name.c_str()); }
};

// file -> row of results.jsonl
std::map<std::string, nlohmann::json> results(const std::string& dir) {
  std::map<std::string, nlohmann::json> rows;
  std::ifstream in(dir + "/results.jsonl");
  std::string line;
  while (std::getline(in, line)) {
    auto j = nlohmann::json::parse(line);
    rows[j["file"].get<std::string>()] = j;
  }
  return rows;
}

std::size_t csv_rows(const std::string& dir) { return preflight::parse_csv(slurp(dir + "/summary.csv")).size() - 1; }

std::string kind_of(const nlohmann::json& row) { return row["error"].is_object() ? row["error"]["kind"].get<std::string>() : ""; }

// The 8 committed fixtures: 3 good PDFs and 5 bad files in testdata/bad.
const std::size_t kFixtures = 8;

}  // namespace

TEST_CASE("batch: one row per input, bad files included, and exit code 3 when any is unreadable", "[batch]") {
  TempDir t;
  std::string missing = t / "no-such.pdf";
  auto r = run_preflight("batch " + quote(kData) + " " + quote(missing) + " --jobs 2 --out " + quote(t / "out"));
  CHECK(r.exit_code == 3);
  auto rows = results(t / "out");
  REQUIRE(rows.size() == kFixtures + 1);
  CHECK(csv_rows(t / "out") == kFixtures + 1);
  CHECK(rows[kData + "/sample-pass.pdf"]["verdict"] == "pass");
  CHECK(rows[kData + "/sample-a4.pdf"]["verdict"] == "fail");
  CHECK(rows[kData + "/sample-a4.pdf"]["findings"][0]["rule"] == "page-size");
  CHECK(kind_of(rows[kData + "/bad/empty.pdf"]) == "empty");
  CHECK(kind_of(rows[kData + "/bad/encrypted.pdf"]) == "encrypted");
  CHECK(kind_of(rows[kData + "/bad/truncated.pdf"]) == "damaged");
  CHECK(kind_of(rows[kData + "/bad/not-a-pdf.pdf"]) == "not-pdf");
  CHECK(kind_of(rows[missing]) == "missing");
  for (auto& [file, row] : rows) {  // every line is a full report of the check --format json schema
    CHECK(row["schema_version"] == 1);
    CHECK(row.contains("findings"));
    CHECK(row["batch"]["options_key"].is_string());
  }
}

TEST_CASE("batch exit codes: 0 all pass, 1 any fail, 2 usage", "[batch]") {
  TempDir t;
  CHECK(run_preflight("batch " + quote(kData + "/sample-pass.pdf") + " --out " + quote(t / "a")).exit_code == 0);
  CHECK(run_preflight("batch " + quote(kData + "/sample-pass.pdf") + " " + quote(kData + "/sample-a4.pdf") + " --out " +
                      quote(t / "b")).exit_code == 1);
  CHECK(run_preflight("batch " + quote(kData) + " --shard 3/2 --out " + quote(t / "c")).exit_code == 2);
  CHECK(run_preflight("batch " + quote(kData) + " --track medium --out " + quote(t / "c")).exit_code == 2);
  CHECK(run_preflight("batch @" + quote(t / "no-list.txt") + " --out " + quote(t / "c")).exit_code == 2);
  CHECK(run_preflight("batch " + quote(t.path.string()) + " --out " + quote(t / "c")).exit_code == 2);  // no PDF in it
}

TEST_CASE("batch: a worker that crashes, hangs, runs out of memory or prints garbage becomes that paper's error row",
          "[batch]") {
  TempDir t;
  // Test-only switch (see src/engine/pool.hpp): the worker of a matching path fails on purpose.
  Env fault("PREFLIGHT_TEST_FAULT", "crash:sample-a4,hang:mixed-sizes,memory:bad/empty,garbage:not-a-pdf");
  auto t0 = std::chrono::steady_clock::now();
  auto r = run_preflight("batch " + quote(kData) + " --timeout 3 --memory-mb 256 --out " + quote(t / "out"));
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  CHECK(secs < 30);  // the hang is stopped at the 3 s limit
  CHECK(r.exit_code == 3);
  auto rows = results(t / "out");
  REQUIRE(rows.size() == kFixtures);
  CHECK(kind_of(rows[kData + "/sample-a4.pdf"]) == "crash");
  CHECK(rows[kData + "/sample-a4.pdf"]["error"]["message"].get<std::string>().find("crashed") != std::string::npos);
  CHECK(kind_of(rows[kData + "/mixed-sizes.pdf"]) == "timeout");
  CHECK(kind_of(rows[kData + "/bad/empty.pdf"]) == "memory");
  CHECK(kind_of(rows[kData + "/bad/not-a-pdf.pdf"]) == "worker");
  for (const char* f : {"/sample-a4.pdf", "/mixed-sizes.pdf"}) CHECK(rows[kData + f]["verdict"] == "error");
  CHECK(rows[kData + "/sample-pass.pdf"]["verdict"] == "pass");  // the batch went on
  CHECK(kind_of(rows[kData + "/bad/encrypted.pdf"]) == "encrypted");
}

TEST_CASE("batch resume: a re-run reuses finished papers, --force redoes them", "[batch]") {
  TempDir t;
  std::string out = t / "out";
  REQUIRE(run_preflight("batch " + quote(kData) + " --out " + quote(out)).exit_code == 3);
  std::string first = slurp(out + "/results.jsonl");
  {
    // Were any paper checked again, its worker would crash now.
    Env fault("PREFLIGHT_TEST_FAULT", "crash:.pdf");
    CHECK(run_preflight("batch " + quote(kData) + " --out " + quote(out)).exit_code == 3);
    CHECK(slurp(out + "/results.jsonl") == first);
    CHECK(results(out)[kData + "/sample-pass.pdf"]["verdict"] == "pass");
    CHECK(run_preflight("batch " + quote(kData + "/sample-pass.pdf") + " --force --out " + quote(out)).exit_code == 3);
    auto rows = results(out);
    CHECK(rows.size() == 1);  // the outputs describe this run's inputs
    CHECK(kind_of(rows[kData + "/sample-pass.pdf"]) == "crash");
  }
  // Other options (here the track) are a different result: checked again.
  CHECK(run_preflight("batch " + quote(kData + "/sample-pass.pdf") + " --track short --out " + quote(out)).exit_code == 0);
  CHECK(results(out)[kData + "/sample-pass.pdf"]["track"] == "short");
}

TEST_CASE("batch --shard K/N: the shards partition the inputs, and merge joins them", "[batch]") {
  TempDir t;
  std::set<std::string> seen;
  std::size_t total = 0;
  std::string dirs;
  for (int k = 1; k <= 3; ++k) {
    std::string out = t / ("shard" + std::to_string(k));
    run_preflight("batch " + quote(kData) + " --shard " + std::to_string(k) + "/3 --out " + quote(out));
    for (auto& [file, row] : results(out)) {
      seen.insert(file);
      ++total;
    }
    dirs += " " + quote(out);
  }
  CHECK(total == kFixtures);  // no paper in two shards
  CHECK(seen.size() == kFixtures);  // and none missing
  auto r = run_preflight("merge" + dirs + " --out " + quote(t / "merged"));
  CHECK(r.exit_code == 3);
  CHECK(results(t / "merged").size() == kFixtures);
  CHECK(csv_rows(t / "merged") == kFixtures);
  CHECK(fs::exists(t / "merged/report.html"));
  CHECK(run_preflight("merge " + quote(t / "nothing-here")).exit_code == 2);
}

TEST_CASE("batch --submissions: each paper is checked with its own track and authors", "[batch]") {
  TempDir t;
  std::string csv = t / "subs.csv";
  {
    std::ofstream o(csv);
    o << "file,track,authors,handles,emails,title\n"
      << "sample-pass.pdf,short,Jane Doe;Bo Li,github:janedoe,jane@uni.edu;bo@lab.org,\"A title, with a comma\"\n"
      << kData << "/sample-a4.pdf,long,,,,\n";
  }
  std::string out = t / "out";
  auto r = run_preflight("batch " + quote(kData + "/sample-pass.pdf") + " " + quote(kData + "/sample-a4.pdf") +
                         " " + quote(kData + "/mixed-sizes.pdf") + " --submissions " + quote(csv) + " --out " + quote(out));
  CHECK(r.exit_code == 1);
  auto rows = results(out);
  CHECK(rows[kData + "/sample-pass.pdf"]["track"] == "short");
  CHECK(rows[kData + "/sample-a4.pdf"]["track"] == "long");
  CHECK(rows[kData + "/mixed-sizes.pdf"]["track"].is_null());  // not in the CSV: the command line's options
  // The authors are part of a paper's options: changing them checks it again, the others are reused.
  {
    std::ofstream o(csv);
    o << "file,track,authors,handles,emails\n"
      << "sample-pass.pdf,short,Jane Doe;Bo Li;Al Tran,github:janedoe,jane@uni.edu;bo@lab.org\n"
      << kData << "/sample-a4.pdf,long,,,\n";
  }
  Env fault("PREFLIGHT_TEST_FAULT", "crash:.pdf");
  run_preflight("batch " + quote(kData + "/sample-pass.pdf") + " " + quote(kData + "/sample-a4.pdf") + " " +
                quote(kData + "/mixed-sizes.pdf") + " --submissions " + quote(csv) + " --out " + quote(out));
  rows = results(out);
  CHECK(kind_of(rows[kData + "/sample-pass.pdf"]) == "crash");
  CHECK(rows[kData + "/sample-a4.pdf"]["verdict"] == "fail");
  CHECK(rows[kData + "/mixed-sizes.pdf"]["verdict"] == "fail");
  {
    std::ofstream o(csv);
    o << "file,track\nsample-pass.pdf,medium\n";
  }
  CHECK(run_preflight("batch " + quote(kData + "/sample-pass.pdf") + " --submissions " + quote(csv) + " --out " +
                      quote(out)).exit_code == 2);
}

TEST_CASE("batch report.html is one offline file that escapes hostile file names", "[batch][html]") {
  TempDir t;
  std::string hostile = t / "<img src=x onerror=alert(1)>&\"'.pdf";
  fs::copy_file(kData + "/sample-a4.pdf", hostile);
  std::string out = t / "out";
  run_preflight("batch " + quote(hostile) + " " + quote(kData + "/bad") + " --out " + quote(out));
  auto rows = results(out);
  CHECK(rows[hostile]["verdict"] == "fail");  // the name reached the worker intact
  std::string html = slurp(out + "/report.html");
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(html.find("http://") == std::string::npos);
  CHECK(html.find("https://") == std::string::npos);
  CHECK(html.find("<link") == std::string::npos);
  CHECK(html.find("<script src") == std::string::npos);
  CHECK(html.find("<img src=x") == std::string::npos);
  for (auto p = html.find("<img"); p != std::string::npos; p = html.find("<img", p + 1)) {
    auto src = html.find(" src=\"", p);  // every image is our own embedded PNG
    REQUIRE(src != std::string::npos);
    CHECK(html.compare(src, 28, " src=\"data:image/png;base64,") == 0);
  }
  CHECK(html.find("&lt;img src=x onerror=alert(1)&gt;&amp;&quot;&#39;.pdf") != std::string::npos);
  CHECK(html.find("page-size") != std::string::npos);  // the paper's findings are there
  CHECK(html.find("A4") != std::string::npos);
  auto csv = preflight::parse_csv(slurp(out + "/summary.csv"));
  REQUIRE(csv.size() == 1 + 1 + 5);
  CHECK(csv[0][0] == "file");
  bool found = false;
  for (auto& row : csv) found = found || row[0] == hostile;
  CHECK(found);  // quoted properly: the name with a quote and a comma-free cell round-trips
}

TEST_CASE("batch: a file whose name looks like an option is still a file", "[batch]") {
  TempDir t;
  fs::create_directories(t / "in");
  fs::copy_file(kData + "/sample-a4.pdf", t / "in/--track=long.pdf");
  fs::copy_file(kData + "/sample-pass.pdf", t / "in/-v.pdf");
  auto r = run_preflight("batch " + quote(t / "in") + " --out " + quote(t / "out"));
  CHECK(r.exit_code == 1);
  auto rows = results(t / "out");
  CHECK(rows[t / "in/--track=long.pdf"]["verdict"] == "fail");
  CHECK(rows[t / "in/--track=long.pdf"]["track"].is_null());
  CHECK(rows[t / "in/-v.pdf"]["verdict"] == "pass");
}

TEST_CASE("summary.csv cells are quoted and safe against formula injection", "[batch][csv]") {
  using preflight::csv_cell;
  CHECK(csv_cell("plain") == "plain");
  CHECK(csv_cell("a,b") == "\"a,b\"");
  CHECK(csv_cell("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(csv_cell("line\nbreak") == "\"line\nbreak\"");
  CHECK(csv_cell("=HYPERLINK(\"http://x\")") == "\"'=HYPERLINK(\"\"http://x\"\")\"");
  CHECK(csv_cell("+1") == "\"'+1\"");
  CHECK(csv_cell("-2") == "\"'-2\"");
  CHECK(csv_cell("@SUM(A1)") == "\"'@SUM(A1)\"");
  auto rows = preflight::parse_csv("\xEF\xBB\xBF" "file,track\r\n\"a,\"\"b\"\".pdf\",long\r\n");
  REQUIRE(rows.size() == 2);
  CHECK(rows[1][0] == "a,\"b\".pdf");
  CHECK(rows[1][1] == "long");
}

TEST_CASE("shards: every path is in exactly one of N", "[batch]") {
  for (int n : {1, 2, 3, 7}) {
    for (int i = 0; i < 200; ++i) {
      std::string p = "papers/" + std::to_string(i) + ".pdf";
      int in = 0;
      for (int k = 1; k <= n; ++k) in += preflight::in_shard(p, {k, n});
      CHECK(in == 1);
    }
  }
  CHECK_THROWS(preflight::parse_shard("0/3"));
  CHECK_THROWS(preflight::parse_shard("4/3"));
  CHECK_THROWS(preflight::parse_shard("1-3"));
  CHECK(preflight::parse_shard("2/3").k == 2);
}

TEST_CASE("batch --shard auto: K/N from a Slurm array task or a Kubernetes Indexed Job", "[batch]") {
  auto from = [](std::map<std::string, std::string> vars, const std::string& spec = "auto") {
    auto s = preflight::shard_from_env(spec, [&](const char* name) -> const char* {
      auto it = vars.find(name);
      return it == vars.end() ? nullptr : it->second.c_str();
    });
    return std::to_string(s.k) + "/" + std::to_string(s.n);
  };
  // sbatch --array=0-7: task 0 is the first of 8.
  CHECK(from({{"SLURM_ARRAY_TASK_ID", "0"}, {"SLURM_ARRAY_TASK_MIN", "0"}, {"SLURM_ARRAY_TASK_MAX", "7"},
              {"SLURM_ARRAY_TASK_COUNT", "8"}}) == "1/8");
  // sbatch --array=1-4: task 4 is the last of 4.
  CHECK(from({{"SLURM_ARRAY_TASK_ID", "4"}, {"SLURM_ARRAY_TASK_MIN", "1"}, {"SLURM_ARRAY_TASK_COUNT", "4"}}) == "4/4");
  CHECK(from({{"SLURM_ARRAY_TASK_ID", "3"}, {"SLURM_ARRAY_TASK_MIN", "1"}, {"SLURM_ARRAY_TASK_MAX", "5"}}) == "3/5");
  // A Kubernetes Indexed Job: the index is 0-based; the count is passed in.
  CHECK(from({{"JOB_COMPLETION_INDEX", "2"}}, "auto/5") == "3/5");
  CHECK(from({{"JOB_COMPLETION_INDEX", "0"}, {"JOB_COMPLETIONS", "3"}}) == "1/3");
  CHECK_THROWS_WITH(from({{"JOB_COMPLETION_INDEX", "0"}}), Catch::Contains("JOB_COMPLETIONS"));
  CHECK_THROWS_WITH(from({}), Catch::Contains("--shard K/N"));
  CHECK_THROWS(from({{"JOB_COMPLETION_INDEX", "5"}}, "auto/5"));  // index past the count
  CHECK_THROWS(from({{"SLURM_ARRAY_TASK_ID", "x"}, {"SLURM_ARRAY_TASK_COUNT", "2"}}));
  CHECK_THROWS(from({{"JOB_COMPLETION_INDEX", "1"}}, "auto/"));

  // The batch itself: a Slurm task's shard holds the same papers as --shard K/N.
  TempDir t;
  run_preflight("batch " + quote(kData) + " --shard 2/3 --out " + quote(t / "explicit"));
  ::setenv("SLURM_ARRAY_TASK_ID", "1", 1);
  ::setenv("SLURM_ARRAY_TASK_MIN", "0", 1);
  ::setenv("SLURM_ARRAY_TASK_COUNT", "3", 1);
  auto slurm = run_preflight("batch " + quote(kData) + " --shard auto --out " + quote(t / "slurm"));
  ::unsetenv("SLURM_ARRAY_TASK_ID");
  ::unsetenv("SLURM_ARRAY_TASK_MIN");
  ::unsetenv("SLURM_ARRAY_TASK_COUNT");
  std::set<std::string> a, b;
  for (auto& [file, row] : results(t / "explicit")) a.insert(file);
  for (auto& [file, row] : results(t / "slurm")) b.insert(file);
  CHECK(slurm.exit_code != 2);  // the shard was understood (it may hold no paper: slices go by a hash of the path)
  CHECK(fs::exists(t / "slurm/results.jsonl"));
  CHECK(a == b);
  CHECK(run_preflight("batch " + quote(kData) + " --shard auto --out " + quote(t / "none")).exit_code == 2);
}

TEST_CASE("batch writes OUT/preflight.log: options, each paper's time, worker failures, the summary", "[batch]") {
  TempDir t;
  ::setenv("PREFLIGHT_TEST_FAULT", "crash:sample-pass", 1);
  run_preflight("batch " + quote(kData + "/sample-pass.pdf") + " " + quote(std::string(PREFLIGHT_TESTDATA) + "/anon-email.pdf") + " --out " +
                quote(t / "out"));
  ::unsetenv("PREFLIGHT_TEST_FAULT");
  std::ifstream in(t / "out/preflight.log");
  std::stringstream ss;
  ss << in.rdbuf();
  std::string log = ss.str();
  CHECK(log.find("start: ") != std::string::npos);
  CHECK(log.find("options: profile mechinterp-neurips2025") != std::string::npos);
  CHECK(log.find("anon-email.pdf: fail in ") != std::string::npos);
  CHECK(log.find("sample-pass.pdf: worker crashed") != std::string::npos);
  CHECK(log.find("done: 2 papers: 1 error (crash), 1 fail") != std::string::npos);
  // --log-level error keeps only errors: nothing here.
  run_preflight("batch " + quote(std::string(PREFLIGHT_TESTDATA) + "/anon-email.pdf") + " --log-level error --force --out " + quote(t / "quiet"));
  CHECK(fs::file_size(t / "quiet/preflight.log") == 0);
  CHECK(run_preflight("batch " + quote(std::string(PREFLIGHT_TESTDATA) + "/anon-email.pdf") + " --log-level loud --out " + quote(t / "bad")).exit_code == 2);
}

TEST_CASE("batch report.html embeds page-1 thumbnails and finding images; --format prints every report", "[batch][visual]") {
  TempDir t;
  std::string overflow = std::string(PREFLIGHT_TESTDATA) + "/margins-overflow.pdf";
  auto r = run_preflight("batch " + quote(overflow) + " " + quote(kData + "/sample-pass.pdf") + " --format sarif --out " +
                         quote(t / "out"));
  CHECK(r.exit_code == 1);
  auto sarif = nlohmann::json::parse(r.out);
  CHECK(sarif["version"] == "2.1.0");
  CHECK(sarif["runs"][0]["artifacts"].size() == 2);
  std::string html = slurp(t / "out/report.html");
  auto count = [&](const std::string& needle) {
    std::size_t n = 0;
    for (auto p = html.find(needle); p != std::string::npos; p = html.find(needle, p + 1)) ++n;
    return n;
  };
  CHECK(count("class=\"thumb\"><img alt=\"page 1\" src=\"data:image/png;base64,") == 2);
  CHECK(count("class=\"region\"") >= 1);  // the margin overflow, drawn
  CHECK(html.find("src=\"http") == std::string::npos);
  auto rows = results(t / "out");
  CHECK(fs::exists(rows[overflow]["thumbnail"].get<std::string>()));
  // --no-images: nothing rendered, nothing embedded.
  r = run_preflight("batch " + quote(overflow) + " --no-images --out " + quote(t / "plain"));
  CHECK(slurp(t / "plain/report.html").find("data:image/png") == std::string::npos);
}
