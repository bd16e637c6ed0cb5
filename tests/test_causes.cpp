// Root causes (issue 20): a [final] submission's consequences are listed under
// the mode error in the text report, with the one fix, and keep their
// severity and their caused_by in JSON.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "run_cli.hpp"

namespace {
std::string fixture(const char* name) { return quote(std::string(PREFLIGHT_TESTDATA) + "/" + name); }

std::size_t count(const std::string& s, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t at = s.find(needle); at != std::string::npos; at = s.find(needle, at + 1)) ++n;
  return n;
}
}  // namespace

TEST_CASE("a [final] submission: consequences grouped under the mode error", "[causes]") {
  CliResult text = run_preflight("check " + fixture("causes-final.pdf") + " --track short");
  CHECK(text.exit_code == 1);
  INFO(text.out);
  // The mode error with its fix, then its consequences under it.
  auto mode = text.out.find("[wrong-mode]");
  auto also = text.out.find("this also causes (3 more, gone with the fix above):");
  REQUIRE(mode != std::string::npos);
  REQUIRE(also != std::string::npos);
  CHECK(mode < also);
  CHECK(text.out.find("[anonymity.author-block.authors]", also) != std::string::npos);
  CHECK(text.out.find("[anonymity.email.text]", also) != std::string::npos);
  CHECK(text.out.find("[anonymity.acknowledgments.printed]", also) != std::string::npos);
  // Not repeated under their own rules, and no fix that points the wrong way.
  CHECK(count(text.out, "jane@uni.edu on page 1") == 1);
  CHECK(text.out.find("\nanonymity.author-block") == std::string::npos);
  CHECK(text.out.find("\\begin{ack}") == std::string::npos);

  CliResult js = run_preflight("check --format json " + fixture("causes-final.pdf") + " --track short");
  auto rep = nlohmann::json::parse(js.out);
  int caused = 0;
  for (const auto& f : rep["findings"]) {
    REQUIRE(f.contains("caused_by"));
    if (f["caused_by"].is_string()) {
      ++caused;
      CHECK(f["caused_by"] == "template.wrong-mode");
      CHECK(f["severity"] == "error");  // JSON keeps every finding with its severity
      CHECK(f["hint"].get<std::string>().find("final mode") != std::string::npos);
    }
  }
  CHECK(caused == 3);
  CHECK(rep["counts"]["error"] == 4);
}
