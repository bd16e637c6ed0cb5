// Hostile and broken PDFs (testdata/robust/, written by make.py): each ends in
// a report or the right error, never a crash or a hang.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
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
  // Its glyphs cross the top of the crop box (the baseline is 2 pt inside it): kept, with boxes above the page.
  int outside = 0;
  for (const auto& w : doc.pages[0].words) outside += w.box.y0 < 0;
  CHECK(outside >= 2);
  auto lay = preflight::analyze(doc);
  CHECK(lay.index.text.find("jane doe") != std::string::npos);
  CHECK(lay.index.text.find("sparse features") != std::string::npos);
}

namespace {
std::string box_str(const preflight::Box& b) {
  char buf[96];
  std::snprintf(buf, sizeof buf, "%.0f %.0f %.0f %.0f", b.x0, b.y0, b.x1, b.y1);
  return buf;
}
}  // namespace

TEST_CASE("the loader records images and painted paths with their display boxes", "[robust][loader][graphics]") {
  // testdata/robust/graphics.pdf (make.py, graphics()): every painted thing at a known place.
  auto doc = preflight::load_pdf(std::string(PREFLIGHT_TESTDATA) + "/robust/graphics.pdf", "", {});
  REQUIRE(doc.pages.size() == 1);
  std::vector<std::string> got;
  for (const auto& g : doc.pages[0].graphics)
    got.push_back(std::string(g.kind == preflight::Graphic::Kind::image ? "image " : "path ") + box_str(g.box) +
                  "");
  // Not there: the white sheet, the zero-area fill, the fill outside its clip,
  // the link annotation's border, the box below the crop box (nobody sees it).
  std::vector<std::string> want = {
      "image 72 142 172 192",         // XObject image, 100 x 50 pt
      "path 71 291 541 293",          // a 2 pt rule: half the width on each side
      "path 300 472 350 492",         // a filled box
      "path 72 592 172 692",          // a page-wide fill clipped to a 100 pt square
      "image 400 672 420 692",        // an inline image
      "path 450 142 500 192",         // an axial shading painted inside a clip
  };
  CHECK(got == want);
  // The words are still there, and nothing else moved.
  REQUIRE(!doc.pages[0].words.empty());
  CHECK(doc.pages[0].words[0].text == "Figure");
  CHECK(doc.pages[0].words[0].box.y1 == Approx(792 - 720 + 2).margin(3));
}

TEST_CASE("a page with more paths than the cap keeps the cap and merges the rest", "[robust][loader][graphics]") {
  // 30000 small filled squares in a row: 20000 graphics, the last one covering the rest.
  std::string content;
  for (int i = 0; i < 30000; ++i) content += std::to_string(i % 600) + " " + std::to_string(100 + i / 600) + " 1 1 re f\n";
  std::vector<std::string> objs = {
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
      "<< /Length " + std::to_string(content.size()) + " >>\nstream\n" + content + "\nendstream"};
  std::string pdf = "%PDF-1.7\n";
  std::vector<std::size_t> offsets;
  for (std::size_t i = 0; i < objs.size(); ++i) {
    offsets.push_back(pdf.size());
    pdf += std::to_string(i + 1) + " 0 obj\n" + objs[i] + "\nendobj\n";
  }
  std::size_t xref = pdf.size();
  pdf += "xref\n0 5\n0000000000 65535 f \n";
  for (auto o : offsets) {
    char line[32];
    std::snprintf(line, sizeof line, "%010zu 00000 n \n", o);
    pdf += line;
  }
  pdf += "trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
  auto doc = preflight::load_pdf_bytes(pdf, "many-paths.pdf", "", {});
  REQUIRE(doc.pages.size() == 1);
  const auto& g = doc.pages[0].graphics;
  REQUIRE(g.size() == 20000);
  CHECK(box_str(g.front().box) == "0 691 1 692");
  // The last kept graphic has grown to cover the 10001 squares from there on (rows 33-49).
  CHECK(g.back().box.x0 == Approx(0));
  CHECK(g.back().box.x1 == Approx(600));
  CHECK(g.back().box.y0 == Approx(792 - 150));
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

namespace {
// stderr to a file (not a terminal), stdout dropped.
int run_with_stderr(const std::string& args, const std::string& err_file) {
  std::string cmd = "PREFLIGHT_CONFIG=none " + std::string(PREFLIGHT_BIN) + " " + args + " >/dev/null 2>" + quote(err_file);
  int st = std::system(cmd.c_str());
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}
}  // namespace

// A folder unzipped from another system: a file name with bytes that are not
// UTF-8 (0xFF 0xFE) once made `batch` abort (json type_error.316, exit 134) with no row.
TEST_CASE("batch: a file name that is not UTF-8 gets its row and never breaks the batch", "[batch][robust]") {
  TempDir t;
  fs::create_directories(t / "in");
  std::string bad = t / "in/paper-\xFF\xFE.pdf";
  fs::copy_file(fs::path(PREFLIGHT_TESTDATA) / "sample-a4.pdf", bad);
  fs::copy_file(fs::path(PREFLIGHT_TESTDATA) / "sample-pass.pdf", t / "in/ok.pdf");
  std::string bad_hostile = t / "in/\xFF<script>.pdf";
  fs::copy_file(fs::path(PREFLIGHT_TESTDATA) / "bad/truncated.pdf", bad_hostile);
  int code = run_with_stderr("batch " + quote(t / "in") + " --jobs 2 --messages " + quote(t / "msg") + " --format junit --out " +
                              quote(t / "out"),
                          t / "err.txt");
  CHECK((code == 0 || code == 1 || code == 3));  // a verdict, not a crash (3: the truncated one)
  CHECK(code == 3);
  std::string results = slurp(t / "out/results.jsonl");
  std::size_t lines = 0;
  for (char c : results) lines += c == '\n';
  CHECK(lines == 3);
  std::string shown = t / "in/paper-\xEF\xBF\xBD\xEF\xBF\xBD.pdf";  // U+FFFD for each bad byte
  auto rows = rows_by_name(t / "out");
  REQUIRE(rows.count("paper-\xEF\xBF\xBD\xEF\xBF\xBD.pdf"));
  CHECK(rows["paper-\xEF\xBF\xBD\xEF\xBF\xBD.pdf"]["file"] == shown);
  CHECK(rows["paper-\xEF\xBF\xBD\xEF\xBF\xBD.pdf"]["verdict"] == "fail");  // opened by its real bytes: A4 found
  CHECK(rows["paper-\xEF\xBF\xBD\xEF\xBF\xBD.pdf"]["findings"][0]["rule"] == "page-size");
  CHECK(rows["\xEF\xBF\xBD<script>.pdf"]["error"]["kind"] == "damaged");
  std::string html = slurp(t / "out/report.html");
  CHECK(html.find('\xFF') == std::string::npos);
  CHECK(html.find("&lt;script&gt;") != std::string::npos);
  CHECK(slurp(t / "out/summary.csv").find('\xFF') == std::string::npos);
  CHECK(slurp(t / "msg/messages.csv").find('\xFF') == std::string::npos);
  CHECK(slurp(t / "err.txt").find("3 papers: 1 pass, 1 fail, 1 could not be checked") != std::string::npos);
  // check, in every format, on the same name
  for (const char* format : {"json", "sarif", "junit", "github", "text"}) {
    INFO(format);
    auto r = run_preflight("check " + quote(bad) + " --format " + format);
    CHECK(r.exit_code == 1);
    if (std::string(format) == "json" || std::string(format) == "sarif") CHECK_NOTHROW(nlohmann::json::parse(r.out));
    if (std::string(format) != "text") CHECK(r.out.find('\xFF') == std::string::npos);
  }
  // merge reads it back
  CHECK(run_with_stderr("merge " + quote(t / "out") + " --out " + quote(t / "merged"), t / "err2.txt") == 3);
  CHECK(rows_by_name(t / "merged").size() == 3);
}

TEST_CASE("one process loads many files: a failure leaves Poppler's global state usable", "[robust][loader]") {
  // GlobalParams is process-wide (tests, fuzzing and `check a.pdf b.pdf` load
  // many files): after damaged, truncated, encrypted and hostile files, the
  // next good file gives the same words as in a fresh process's first load.
  const std::string data = PREFLIGHT_TESTDATA;
  auto first = preflight::load_pdf(data + "/sample-pass.pdf", "", {});
  REQUIRE(first.word_count() > 100);
  for (const char* bad : {"/bad/truncated.pdf", "/bad/garbage-after-header.pdf", "/bad/encrypted.pdf",
                          "/bad/not-a-pdf.pdf", "/robust/broken-font.pdf", "/robust/page-tree-loop.pdf",
                          "/robust/cyclic-objects.pdf"}) {
    try {
      (void)preflight::load_pdf(data + bad, "", {});
    } catch (const preflight::LoadFailure&) {
    }
  }
  auto again = preflight::load_pdf(data + "/sample-pass.pdf", "", {});
  REQUIRE(again.word_count() == first.word_count());
  for (std::size_t p = 0; p < first.pages.size(); ++p)
    for (std::size_t i = 0; i < first.pages[p].words.size(); ++i) {
      CHECK(again.pages[p].words[i].text == first.pages[p].words[i].text);
      CHECK(again.font_of(again.pages[p].words[i]) == first.font_of(first.pages[p].words[i]));
    }
  // A wrong password is refused, and the right one still opens the encrypted file.
  CHECK_THROWS_AS(preflight::load_pdf(data + "/bad/encrypted.pdf", "wrong", {}), preflight::LoadFailure);
  CHECK(preflight::load_pdf(data + "/bad/encrypted.pdf", "secret", {}).word_count() > 0);
}
