// Headings and the split into main text / references / appendix on hand-built
// pages: what a sentence is, what a heading is.
#include <catch2/catch.hpp>

#include "preflight/layout.hpp"
#include "doc_builders.hpp"

using namespace preflight;
using preflight::testing::wd;
using preflight::testing::page;

namespace {

// A line of body text at y, starting with `first`.
void body(Page& p, double y, const std::string& first) {
  p.words.push_back(wd(first, 108, y, 50));
  double x = 162;
  for (const char* w : {"and", "some", "more", "words", "that", "fill", "the", "line", "of", "text"}) {
    p.words.push_back(wd(w, x, y, 30));
    x += 33;
  }
}

}  // namespace

TEST_CASE("a sentence starting with References ends nothing; a small-caps heading does", "[sections]") {
  Document doc;
  doc.font_names = {"", "NimbusRomNo9L-Regu", "NimbusRomNo9L-Medi"};
  Page p1 = page(1);
  p1.words.push_back(wd("1", 108, 72, 6, 12, 2));
  p1.words.push_back(wd("Introduction", 126, 72, 70, 12, 2));
  double y = 96;
  for (int i = 0; i < 6; ++i, y += 12) body(p1, y, i == 2 ? "References" : "Text");
  // "References to prior work are discussed in Section 2." alone on a line.
  p1.words.push_back(wd("References", 108, y, 50));
  p1.words.push_back(wd("to", 161, y, 10));
  p1.words.push_back(wd("prior", 174, y, 22));
  p1.words.push_back(wd("work.", 199, y, 24));
  y += 12;
  body(p1, y, "A");  // "A and some more ..." starts with the article, not a lettered section
  doc.pages.push_back(p1);

  Page p2 = page(2);
  body(p2, 72, "Text");
  body(p2, 84, "Text");
  // Small caps as the ICLR style sets them: "R" at 12 pt, "EFERENCES" at 9.6 pt, no gap.
  p2.words.push_back(wd("R", 108, 110, 8, 12));
  p2.words.push_back(wd("EFERENCES", 116.6, 112, 60, 9.6));
  body(p2, 130, "Author");
  body(p2, 142, "Author");
  // A lettered appendix section: "A" and its title a quad apart, bold like "1 Introduction".
  p2.words.push_back(wd("A", 108, 170, 8, 12, 2));
  p2.words.push_back(wd("Proofs", 128, 170, 36, 12, 2));
  body(p2, 190, "Proof");
  doc.pages.push_back(p2);

  Layout lay = analyze(doc);
  std::vector<std::string> keys;
  for (const auto& h : lay.headings) keys.push_back(h.number + "|" + h.key);
  CHECK(keys == std::vector<std::string>{"1|introduction", "|references", "A|proofs"});
  const Sections& s = lay.sections;
  REQUIRE(s.references_begin >= 0);
  CHECK(lay.lines[s.references_begin].page == 1);
  CHECK(s.marker == "references");
  CHECK(s.main_end_line == s.references_begin);
  REQUIRE(s.appendix_begin >= 0);
  CHECK(s.references_end == s.appendix_begin);  // the bibliography stops at the appendix
  CHECK(lay.in_references(s.references_begin + 1));
  CHECK_FALSE(lay.in_references(s.appendix_begin));
}
