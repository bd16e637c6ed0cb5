// The message to authors in the chair's words: venue, deadline and signature
// from the profile's [messages], plain quotes instead of the «» match marks,
// lengths in millimetres.
#include <catch2/catch.hpp>

#include "preflight/profile.hpp"
#include "preflight/summary.hpp"

using namespace preflight;

namespace {

Report report_with(const std::string& message, const std::string& evidence) {
  Report r;
  r.file = "/home/chair/pdfs/12.pdf";
  r.verdict = "fail";
  r.submission = SubmissionRef{"openreview", "abc", 12, "Sparse Probes"};
  Finding f;
  f.rule = "margins";
  f.kind = "margins.main-text";
  f.severity = Severity::error;
  f.page = 3;
  f.message = message;
  f.evidence = evidence;
  f.hint = "shorten the line";
  r.findings.push_back(f);
  return r;
}

}  // namespace

TEST_CASE("messages: the chair's venue, deadline and signature, or plain defaults", "[messages]") {
  Report r = report_with("a line on page 3 runs 12.5 pt into the right margin", "the «overlong» line");
  std::string plain = to_author_message(r, "NeurIPS 2025 Mechanistic Interpretability Workshop");
  CHECK(plain.find("paper 12, \"Sparse Probes\", to the NeurIPS 2025 Mechanistic Interpretability Workshop.") !=
        std::string::npos);
  CHECK(plain.find("Please upload a corrected PDF before the deadline.") != std::string::npos);
  CHECK(plain.find("Best regards,\nThe program chairs\n") != std::string::npos);
  Profile::MessageWording w{"the MechInterp Workshop at NeurIPS 2025", "by 29 August 2025, 23:59 AoE",
                            "Jane Doe and Bo Li, MechInterp program chairs"};
  std::string own = to_author_message(r, w);
  CHECK(own.find("to the MechInterp Workshop at NeurIPS 2025.") != std::string::npos);
  CHECK(own.find("Please upload a corrected PDF by 29 August 2025, 23:59 AoE.") != std::string::npos);
  CHECK(own.find("Best regards,\nJane Doe and Bo Li, MechInterp program chairs\n") != std::string::npos);
  CHECK(own.find("/home/chair") == std::string::npos);
}

TEST_CASE("messages: plain quotes for the match, lengths in mm", "[messages]") {
  std::string m = to_author_message(report_with("a line runs 12.5 pt into the margin; the page is 595.3 x 841.9 pt",
                                                "the «overlong» line"),
                                    "");
  CHECK(m.find("\u00ab") == std::string::npos);
  CHECK(m.find("\u00bb") == std::string::npos);
  CHECK(m.find("In the PDF: the \"overlong\" line") != std::string::npos);
  CHECK(m.find("runs 4.4 mm into the margin") != std::string::npos);
  CHECK(m.find("the page is 210 x 297 mm") != std::string::npos);
  CHECK(m.find(" pt") == std::string::npos);
  // Already in mm: said once; font sizes stay in points.
  m = to_author_message(report_with("worst 12.0 pt = 4.2 mm on page 3; a line runs 9.0 pt (3.2 mm) into it", "x"), "");
  CHECK(m.find("orst 4.2 mm on page 3; a line runs 3.2 mm into it") != std::string::npos);
  m = to_author_message(report_with("the body text is set in 9 pt, below the minimum of 10 pt", "x"), "");
  CHECK(m.find("set in 9 pt, below the minimum of 10 pt") != std::string::npos);
  // Evidence without marks is quoted whole.
  std::string q = to_author_message(report_with("the page is too wide", "Figure 2"), "");
  CHECK(q.find("In the PDF: \"Figure 2\"") != std::string::npos);
}

TEST_CASE("a profile's [messages] table sets the wording; unknown keys are errors", "[messages][profile]") {
  auto p = parse_profile("name = \"x\"\n[messages]\nvenue = \"the X workshop\"\ndeadline = \"by Friday\"\n"
                         "signature = \"The X chairs\"\n",
                         "x.toml");
  CHECK(p.messages.venue == "the X workshop");
  CHECK(p.messages.deadline == "by Friday");
  CHECK(p.messages.signature == "The X chairs");
  CHECK_THROWS_AS(parse_profile("name = \"x\"\n[messages]\nsignatur = \"y\"\n", "x.toml"), ProfileError);
}
