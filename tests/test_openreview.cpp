// `preflight batch --openreview`: a chair's export of OpenReview notes
// (testdata/openreview/notes.json: 10 notes, 9 in the API 2 shape and note 7
// in the API 1 shape) over fixture PDFs saved the way chairs save them
// (NUMBER.pdf, ID.pdf, the name of content.pdf), plus the messages to authors,
// the closing line, and file names that are not UTF-8.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "batch/inputs.hpp"
#include "batch/openreview.hpp"
#include "preflight/summary.hpp"
#include "run_cli.hpp"

namespace fs = std::filesystem;

namespace {

const std::string kNotes = std::string(PREFLIGHT_TESTDATA) + "/openreview/notes.json";

// The PDFs of the export, as a chair's download leaves them.
const char* kFiles[][2] = {
    {"anon-name.pdf", "1.pdf"},          // authors Jane Doe, Élodie Dupré: both printed
    {"anon-clean.pdf", "2.pdf"},         // author Jane Doe: not printed (the bibliography's "J. Doe" is info)
    {"page-limit-5p0.pdf", "3.pdf"},     // 5 main pages, short track
    {"page-limit-5p0.pdf", "4.pdf"},     // the same PDF, long track
    {"sample-pass.pdf", "Hx7kTq2WbE.pdf"},  // note without a number: saved as ID.pdf
    {"sample-a4.pdf", "7.pdf"},          // the API 1 note
    {"anon-author-block.pdf", "8c1f0e4b2a7d9e3f5a6b8c0d1e2f3a4b5c6d7e8f.pdf"},  // the name of content.pdf
    {"anon-email.pdf", "9.pdf"},         // author objects; e-mails printed, names not
    {"margins-overflow.pdf", "10.pdf"},
    {"fonts-small.pdf", "late-upload.pdf"},  // matches no note
};

std::set<int> pages_of(const nlohmann::json& row, const std::string& rule, const std::string& severity) {
  std::set<int> pages;
  for (const auto& f : row["findings"])
    if (f["rule"] == rule && f["severity"] == severity && f["page"].is_number()) pages.insert(f["page"].get<int>());
  return pages;
}

bool has_rule(const nlohmann::json& row, const std::string& rule, const std::string& severity) {
  for (const auto& f : row["findings"])
    if (f["rule"] == rule && f["severity"] == severity) return true;
  return false;
}

// Runs preflight with stderr written to a file (not a terminal), as in a job script.
int run_to_files(const std::string& args, const std::string& err_file) {
  std::string cmd = "PREFLIGHT_CONFIG=none " + std::string(PREFLIGHT_BIN) + " " + args + " >/dev/null 2>" + quote(err_file);
  int st = std::system(cmd.c_str());
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

struct Batch {
  TempDir t;
  std::string dir, out, msgs;
  int code = -1;
  std::string err;
  std::map<std::string, nlohmann::json> rows;
  Batch() {
    dir = t / "pdfs";
    out = t / "out";
    msgs = t / "messages";
    fs::create_directories(dir);
    for (auto& f : kFiles) fs::copy_file(fs::path(PREFLIGHT_TESTDATA) / f[0], fs::path(dir) / f[1]);
    code = run_to_files("batch " + quote(dir) + " --openreview " + quote(kNotes) + " --messages " + quote(msgs) +
                            " --no-images --jobs 2 --out " + quote(out),
                        t / "stderr.txt");
    err = slurp(t / "stderr.txt");
    rows = rows_by_name(out);
  }
};

Batch& batch() {
  static Batch b;  // one run serves the test cases below
  return b;
}

}  // namespace

TEST_CASE("openreview: one row per note and per stray PDF; submission on every row", "[batch][openreview]") {
  auto& b = batch();
  CHECK(b.code == 3);  // note 5 has no PDF: an error row
  REQUIRE(b.rows.size() == 11);  // 10 notes + 1 PDF without a note
  for (auto& [name, row] : b.rows) {
    INFO(name);
    REQUIRE(row["submission"].is_object());
    CHECK(row["submission"].contains("number"));
    CHECK(row["submission"].contains("source"));
  }
  CHECK(b.rows["1.pdf"]["submission"] ==
        nlohmann::json({{"source", "openreview"}, {"id", "aB3xQ9pL1m"}, {"number", 1}, {"title", "Sparse Probes for Bracket Depth"}}));
  CHECK(b.rows["7.pdf"]["submission"]["number"] == 7);  // the API 1 note
  CHECK(b.rows["7.pdf"]["submission"]["title"] == "An A4 Paper in the API 1 Shape");
  CHECK(b.rows["Hx7kTq2WbE.pdf"]["submission"]["number"].is_null());  // API 2 to_json() has no number
  CHECK(b.rows["Hx7kTq2WbE.pdf"]["submission"]["id"] == "Hx7kTq2WbE");
  CHECK(b.rows["Hx7kTq2WbE.pdf"]["verdict"] == "pass");
  CHECK(b.rows["8c1f0e4b2a7d9e3f5a6b8c0d1e2f3a4b5c6d7e8f.pdf"]["submission"]["number"] == 8);  // by content.pdf
  // Rows come in the order of the submission numbers, papers without one last.
  std::istringstream in(slurp(b.out + "/results.jsonl"));
  std::string line, order;
  while (std::getline(in, line)) {
    auto n = nlohmann::json::parse(line)["submission"]["number"];
    order += (n.is_null() ? std::string("-") : std::to_string(n.get<int>())) + " ";
  }
  CHECK(order == "1 2 3 4 5 7 8 9 10 - - ");
}

TEST_CASE("openreview: the authors of each note give author-name errors exactly where their names are printed",
          "[batch][openreview]") {
  auto& b = batch();
  // Jane Doe on page 1 (a \thanks, a name split over a line), Élodie Dupré on page 2.
  CHECK(b.rows["1.pdf"]["verdict"] == "fail");
  CHECK(pages_of(b.rows["1.pdf"], "anonymity.author-name", "error") == std::set<int>{1, 2});
  // The same author, whose name is not printed: no error (the cited "J. Doe" is info).
  CHECK(pages_of(b.rows["2.pdf"], "anonymity.author-name", "error").empty());
  CHECK(has_rule(b.rows["2.pdf"], "anonymity.author-name", "info"));
  CHECK(b.rows["2.pdf"]["verdict"] == "pass");
  // Note 8 lists only the profile id ~Jane_Doe1: the name "Jane Doe" comes from it, printed in the author block.
  CHECK(pages_of(b.rows["8c1f0e4b2a7d9e3f5a6b8c0d1e2f3a4b5c6d7e8f.pdf"], "anonymity.author-name", "error") == std::set<int>{1});
  // Note 9 (author objects): its e-mails are printed, its authors' names are not.
  CHECK(has_rule(b.rows["9.pdf"], "anonymity.email", "error"));
  CHECK(pages_of(b.rows["9.pdf"], "anonymity.author-name", "error").empty());
  // A PDF without a note has no authors to look for, and the command line's track (none).
  CHECK(b.rows["late-upload.pdf"]["submission"]["source"] == "none");
  CHECK(b.rows["late-upload.pdf"]["track"].is_null());
  CHECK(b.rows["late-upload.pdf"]["facts"]["anonymity"]["authors"] == 0);
  CHECK(has_rule(b.rows["late-upload.pdf"], "body-text", "error"));  // 8 pt body (issue 20)
}

TEST_CASE("openreview: the note's track decides the page limit", "[batch][openreview]") {
  auto& b = batch();
  // The same 5-page PDF as note 3 (short track) and note 4 (long track).
  CHECK(b.rows["3.pdf"]["track"] == "short");
  CHECK(b.rows["3.pdf"]["facts"]["main_pages"] == 5);
  CHECK(pages_of(b.rows["3.pdf"], "page-limit", "error") == std::set<int>{6});
  CHECK(b.rows["3.pdf"]["verdict"] == "fail");
  CHECK(b.rows["4.pdf"]["track"] == "long");
  CHECK(b.rows["4.pdf"]["facts"]["main_pages"] == 5);
  CHECK_FALSE(has_rule(b.rows["4.pdf"], "page-limit", "error"));
  CHECK(b.rows["4.pdf"]["verdict"] == "pass");
  CHECK(b.rows["7.pdf"]["track"] == "long");  // "Long paper (max 9 pages)" in the API 1 shape
}

TEST_CASE("openreview: a note without a PDF is a missing row that says where it looked", "[batch][openreview]") {
  auto& b = batch();
  auto& row = b.rows["5.pdf"];
  CHECK(row["verdict"] == "error");
  CHECK(row["error"]["kind"] == "missing");
  std::string msg = row["error"]["message"];
  CHECK(msg.find("note 5") != std::string::npos);
  CHECK(msg.find("5.pdf, Mx8cV1bN4f.pdf") != std::string::npos);
  CHECK(row["submission"]["number"] == 5);
  CHECK(row["track"] == "short");
}

TEST_CASE("openreview: summary.csv has number and title; the closing line goes to stderr when it is a file",
          "[batch][openreview]") {
  auto& b = batch();
  auto csv = preflight::parse_csv(slurp(b.out + "/summary.csv"));
  REQUIRE(csv.size() == 12);
  CHECK(csv[0][0] == "file");
  CHECK(csv[0][1] == "number");
  CHECK(csv[0][2] == "title");
  bool found = false;
  for (auto& r : csv)
    if (r[1] == "10") {
      found = true;
      CHECK(r[2] == "Wide Tables & <Margins>");
      CHECK(r[3] == "fail");
    }
  CHECK(found);
  CHECK(b.err.find("11 papers: 4 pass, 6 fail, 1 could not be checked \u2014 " + b.out + "/report.html") != std::string::npos);
  CHECK(b.err.find("1 PDF matches no note and is checked with the command line's options: late-upload.pdf") !=
        std::string::npos);
  std::string html = slurp(b.out + "/report.html");
  CHECK(html.find("Wide Tables &amp; &lt;Margins&gt;") != std::string::npos);
  CHECK(html.find("<b>Wide Tables & <Margins>") == std::string::npos);
}

TEST_CASE("openreview report.html: papers by reason, rows tagged for the filter, titles instead of paths",
          "[batch][openreview][html]") {
  auto& b = batch();
  std::string html = slurp(b.out + "/report.html");
  // The bar of a reason: its id, label and count of papers.
  auto bar = [&](const std::string& id) {
    auto p = html.find("data-reason=\"" + id + "\"");
    if (p == std::string::npos) return std::string();
    return html.substr(p, html.find("</tr>", p) - p);
  };
  CHECK(bar("page-limit").find("Over the page limit") != std::string::npos);
  CHECK(bar("page-limit").find("<b>1</b> paper with an error") != std::string::npos);  // note 3
  CHECK(bar("anonymity").find("<b>3</b> papers with an error") != std::string::npos);  // notes 1, 8, 9
  CHECK(bar("anonymity.author-name").find("<b>2</b> papers") != std::string::npos);  // notes 1, 8
  CHECK(bar("page-size").find("<b>1</b> paper") != std::string::npos);  // note 7
  CHECK(bar("body-text").find("<b>1</b> paper with an error") != std::string::npos);  // late-upload.pdf
  CHECK(bar("unreadable").find("<b>1</b> paper") != std::string::npos);  // note 5
  CHECK(bar("unreadable.missing").find("no PDF") != std::string::npos);
  // Each row carries its reasons; the script filters on them.
  CHECK(html.find("<tr data-reasons=\"page-limit\"><td class=\"n c-n\">3</td>") != std::string::npos);
  // Note 2 is clean but for the workshop's limitations warning (no Limitations section).
  CHECK(html.find("<tr data-reasons=\"limitations\"><td class=\"n c-n\">2</td>") != std::string::npos);
  // The paper is shown by number, title and file name; the folder only in a tooltip.
  CHECK(html.find("<b>Sparse Probes for Bracket Depth</b><span class=\"fn\" title=\"" + b.dir + "/1.pdf\">1.pdf</span>") !=
        std::string::npos);
  CHECK(html.find(">" + b.dir) == std::string::npos);
}

TEST_CASE("openreview --messages: one polite message per paper to fix, with page, evidence and fix, and nothing else",
          "[batch][openreview]") {
  auto& b = batch();
  std::string m1 = slurp(b.msgs + "/1.txt");
  REQUIRE(!m1.empty());
  CHECK(m1.rfind("Dear authors,", 0) == 0);
  CHECK(m1.find("paper 1, \"Sparse Probes for Bracket Depth\"") != std::string::npos);
  CHECK(m1.find("1. Author name \"Jane Doe\" is printed on page 1.") != std::string::npos);
  CHECK(m1.find("In the PDF: \"") != std::string::npos);
  CHECK(m1.find("How to fix it: ") != std::string::npos);
  CHECK(m1.find(b.dir) == std::string::npos);  // no path of the chair's machine
  for (const char* other : {"Bracket Depth Without Leaks", "Five Pages", "Alice", "Carol", "A4"}) {
    INFO(other);
    CHECK(m1.find(other) == std::string::npos);  // nothing of another paper
  }
  CHECK(slurp(b.msgs + "/3.txt").find("page-limit") == std::string::npos);  // words, not rule ids
  CHECK(slurp(b.msgs + "/3.txt").find("main pages") != std::string::npos);
  CHECK(fs::exists(b.msgs + "/10.txt"));
  CHECK(fs::exists(b.msgs + "/late-upload.txt"));  // an error: body-text
  // Note 2 passes; its only warning is the missing limitations discussion.
  CHECK(slurp(b.msgs + "/2.txt").find("limitations") != std::string::npos);
  CHECK_FALSE(fs::exists(b.msgs + "/4.txt"));
  CHECK_FALSE(fs::exists(b.msgs + "/5.txt"));  // no PDF: the chair's side, not the authors'
  auto csv = preflight::parse_csv(slurp(b.msgs + "/messages.csv"));
  REQUIRE(!csv.empty());
  CHECK(csv[0] == std::vector<std::string>{"number", "id", "title", "emails", "authorids", "message_file", "message"});
  bool found = false;
  for (auto& r : csv)
    if (r[0] == "1") {
      found = true;
      CHECK(r[3] == "elodie.dupre@univ-example.fr");
      CHECK(r[4] == "~Jane_Doe1;elodie.dupre@univ-example.fr");
      CHECK(r[5] == "1.txt");
      CHECK(r[6] == m1);
    }
  CHECK(found);
}

TEST_CASE("openreview reader: both API shapes, author objects, profile ids, tracks", "[openreview]") {
  auto p = preflight::default_profile();
  auto ex = preflight::parse_openreview_notes(slurp(kNotes), p.openreview_track_fields);
  REQUIRE(ex.notes.size() == 10);
  CHECK(ex.warnings.empty());
  CHECK(ex.notes[6].api == 1);
  CHECK(ex.notes[6].authors == std::vector<std::string>{"Eve Moss"});
  CHECK(ex.notes[0].api == 2);
  CHECK(ex.notes[8].authors == std::vector<std::string>{"Alice Smith", "Bob Jones"});
  CHECK(ex.notes[8].authorids == std::vector<std::string>{"alice.smith@depth-lab.org", "~Bob_Jones1"});
  CHECK(preflight::name_of_profile_id("~Jane_Q._Doe1") == "Jane Q. Doe");
  CHECK(preflight::name_of_profile_id("~Élodie_Dupré12") == "Élodie Dupré");
  CHECK(preflight::name_of_profile_id("jane@uni.edu") == "");
  preflight::OpenReviewNote n;
  n.authors = {"Jane Doe", "", "Bo Li"};
  n.authorids = {"~Jane_Q._Doe1", "~Al_Tran1", "bo@lab.org"};
  CHECK(preflight::author_lines(n) == std::vector<std::string>{"Jane Doe", "Jane Q. Doe", "Al Tran", "Bo Li <bo@lab.org>"});
  n = {};
  n.authors = {"Mallory <x@y.z> github:evil"};  // a hostile name cannot add e-mails or handles
  CHECK(preflight::author_lines(n) == std::vector<std::string>{"Mallory"});
  CHECK(preflight::map_track("Short paper (max 4 pages)", p) == "short");
  CHECK(preflight::map_track("LONG", p) == "long");
  CHECK_FALSE(preflight::map_track("Short or long paper", p));  // two tracks named: ambiguous
  CHECK(preflight::map_track("Shortlisted long paper", p) == "long");  // words, not parts of words
  CHECK_FALSE(preflight::map_track("Tiny paper", p));
  auto q = preflight::parse_profile(
      "name = \"x\"\n[tracks.short]\nmain_pages = 4\n[tracks.long]\nmain_pages = 9\n"
      "[openreview]\ntrack_field = \"paper_type\"\n[openreview.track_map]\n\"Tiny Paper\" = \"short\"\n",
      "x.toml");
  CHECK(q.openreview_track_fields == std::vector<std::string>{"paper_type"});
  CHECK(preflight::map_track("tiny paper", q) == "short");
  CHECK_THROWS_WITH(preflight::parse_profile("name = \"x\"\n[openreview]\ntrack_feild = \"x\"\n", "x.toml"),
                    Catch::Contains("unknown key 'openreview.track_feild'"));
  CHECK_THROWS_WITH(preflight::parse_profile("name = \"x\"\n[tracks.short]\nmain_pages = 4\n[openreview.track_map]\n"
                                             "\"Tiny\" = \"medium\"\n", "x.toml"),
                    Catch::Contains("no such track"));
  preflight::OpenReviewNote pn;
  pn.number = 12;
  pn.id = "../../etc/passwd";  // never a path
  pn.pdf = "/pdf/abc.pdf?x=1";
  CHECK(preflight::pdf_names(pn) == std::vector<std::string>{"12.pdf", "abc.pdf"});
  CHECK(preflight::parse_openreview_notes("{\"notes\": [{\"id\": \"a\"}], \"count\": 1}", {}).notes.size() == 1);
  CHECK(preflight::parse_openreview_notes("[1, {\"content\": {}}, {\"id\": \"b\"}]", {}).warnings.size() == 2);
  CHECK_THROWS(preflight::parse_openreview_notes("{\"id\": 1}", {}));
  CHECK_THROWS(preflight::parse_openreview_notes("[{", {}));
}

TEST_CASE("openreview: a track value that names no track stops the batch before it runs", "[batch][openreview]") {
  TempDir t;
  {
    std::ofstream o(t / "notes.json");
    o << R"([{"id": "a1", "number": 1, "content": {"title": {"value": "T"}, "track": {"value": "Tiny paper"}}}])";
  }
  fs::copy_file(fs::path(PREFLIGHT_TESTDATA) / "sample-pass.pdf", t / "1.pdf");
  auto r = run_preflight("batch " + quote(t / "1.pdf") + " --openreview " + quote(t / "notes.json") + " --out " +
                             quote(t / "out"),
                         true);
  CHECK(r.exit_code == 2);
  CHECK(r.out.find("\"Tiny paper\" (note 1)") != std::string::npos);
  CHECK(r.out.find("[openreview.track_map]") != std::string::npos);
  {
    std::ofstream o(t / "p.toml");
    o << slurp(std::string(PREFLIGHT_TESTDATA) + "/../rules/mechinterp-neurips2025.toml")
      << "\n[openreview.track_map]\n\"Tiny paper\" = \"short\"\n";
  }
  r = run_preflight("batch " + quote(t / "1.pdf") + " --openreview " + quote(t / "notes.json") + " --profile " +
                    quote(t / "p.toml") + " --no-images --out " + quote(t / "out"));
  CHECK(r.exit_code == 0);
  CHECK(nlohmann::json::parse(slurp(t / "out/results.jsonl"))["track"] == "short");
}

TEST_CASE("batch --submissions fills the same submission object (source csv)", "[batch][openreview]") {
  TempDir t;
  {
    std::ofstream o(t / "subs.csv");
    o << "file,number,id,title,track\n1.pdf,41,abc,\"A title, with a comma\",short\n";
  }
  fs::copy_file(fs::path(PREFLIGHT_TESTDATA) / "sample-pass.pdf", t / "1.pdf");
  fs::copy_file(fs::path(PREFLIGHT_TESTDATA) / "sample-a4.pdf", t / "2.pdf");
  auto r = run_preflight("batch " + quote(t / "1.pdf") + " " + quote(t / "2.pdf") + " --submissions " + quote(t / "subs.csv") +
                         " --no-images --out " + quote(t / "out"));
  CHECK(r.exit_code == 1);
  auto rows = rows_by_name(t / "out");
  CHECK(rows["1.pdf"]["submission"] ==
        nlohmann::json({{"source", "csv"}, {"id", "abc"}, {"number", 41}, {"title", "A title, with a comma"}}));
  CHECK(rows["2.pdf"]["submission"] ==
        nlohmann::json({{"source", "none"}, {"id", nullptr}, {"number", nullptr}, {"title", nullptr}}));
  {
    std::ofstream o(t / "subs.csv");
    o << "file,number\n1.pdf,P41\n";
  }
  CHECK(run_preflight("batch " + quote(t / "1.pdf") + " --submissions " + quote(t / "subs.csv") + " --out " +
                      quote(t / "out")).exit_code == 2);
}

TEST_CASE("batch and merge print the closing line on stderr even when it is not a terminal", "[batch]") {
  TempDir t;
  fs::copy_file(fs::path(PREFLIGHT_TESTDATA) / "sample-pass.pdf", t / "a.pdf");
  CHECK(run_to_files("batch " + quote(t / "a.pdf") + " --no-images --out " + quote(t / "out"), t / "err.txt") == 0);
  CHECK(slurp(t / "err.txt") == "1 paper: 1 pass, 0 fail, 0 could not be checked \u2014 " + (t / "out") + "/report.html\n");
  CHECK(run_to_files("merge " + quote(t / "out") + " --out " + quote(t / "merged"), t / "err2.txt") == 0);
  CHECK(slurp(t / "err2.txt") == "1 paper: 1 pass, 0 fail, 0 could not be checked \u2014 " + (t / "merged") + "/report.html\n");
}

TEST_CASE("batch --messages: a re-run removes the message of a paper fixed since, and nothing else", "[batch][openreview]") {
  TempDir t;
  {
    std::ofstream o(t / "subs.csv");
    o << "file,number,title,emails\n1.pdf,1,One,a@x.org\n2.pdf,2,Two,b@x.org\n";
  }
  fs::create_directories(t / "in");
  fs::copy_file(fs::path(PREFLIGHT_TESTDATA) / "sample-a4.pdf", t / "in/1.pdf");
  fs::copy_file(fs::path(PREFLIGHT_TESTDATA) / "sample-pass.pdf", t / "in/2.pdf");
  fs::create_directories(t / "msg");
  std::ofstream(t / "msg/chair-notes.txt") << "mine";
  std::string cmd = "batch " + quote(t / "in") + " --submissions " + quote(t / "subs.csv") + " --messages " + quote(t / "msg") +
                    " --no-images --track short --out " + quote(t / "out");
  CHECK(run_preflight(cmd).exit_code == 1);
  CHECK(fs::exists(t / "msg/1.txt"));
  CHECK_FALSE(fs::exists(t / "msg/2.txt"));
  CHECK(slurp(t / "msg/1.txt").find("paper 1, \"One\"") != std::string::npos);
  CHECK(slurp(t / "msg/1.txt").find("US Letter") != std::string::npos);
  auto csv = preflight::parse_csv(slurp(t / "msg/messages.csv"));
  REQUIRE(csv.size() == 2);
  CHECK(csv[1][3] == "a@x.org");
  // The authors upload a US Letter PDF: no message any more.
  fs::copy_file(fs::path(PREFLIGHT_TESTDATA) / "sample-pass.pdf", t / "in/1.pdf", fs::copy_options::overwrite_existing);
  CHECK(run_preflight(cmd).exit_code == 0);
  CHECK_FALSE(fs::exists(t / "msg/1.txt"));
  CHECK(preflight::parse_csv(slurp(t / "msg/messages.csv")).size() == 1);
  CHECK(slurp(t / "msg/chair-notes.txt") == "mine");  // not ours: kept
}

TEST_CASE("openreview report.html: each row links to its forum and to its message file", "[batch][openreview][html]") {
  auto& b = batch();
  std::string html = slurp(b.out + "/report.html");
  auto note = nlohmann::json::parse(slurp(kNotes))[0];
  std::string id = note["id"].get<std::string>();
  CHECK(html.find("href=\"https://openreview.net/forum?id=" + id + "\"") != std::string::npos);
  CHECK(html.find("href=\"../messages/1.txt\">message</a>") != std::string::npos);
  CHECK(html.find("href=\"../messages/4.txt\"") == std::string::npos);  // paper 4 gets no message (paper 2 has the limitations warning)
  CHECK(fs::exists(b.msgs + "/1.txt"));
  // Readable from 1000 px: the less needed columns fold away in narrow windows.
  CHECK(html.find("@media (max-width:1400px)") != std::string::npos);
  CHECK(html.find("<th class=\"c-template\">") != std::string::npos);
}
