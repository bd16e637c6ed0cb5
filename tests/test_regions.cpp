// Figure and table regions on hand-built pages, and what they mean for
// headings: text inside a figure is never a section heading.
#include <catch2/catch.hpp>

#include <algorithm>

#include "preflight/layout.hpp"
#include "doc_builders.hpp"

using namespace preflight;
using preflight::testing::wd;
using preflight::testing::page;

namespace {

// Fonts: 1 body (Times), 2 bold Times (headings), 3 bold sans (diagram labels), 4 sans (axis text).
Document doc_with_fonts() {
  Document doc;
  doc.font_names = {"", "NimbusRomNo9L-Regu", "NimbusRomNo9L-Medi", "NimbusSanL-Bold", "NimbusSanL-Regu"};
  return doc;
}

// A full line of body text at y.
void body(Page& p, double y) {
  double x = 108;
  for (int k = 0; k < 9; ++k, x += 44) p.words.push_back(wd("text", x, y, k == 8 ? 44 : 40));
}

// Words of a line, by text.
void words(Page& p, double x, double y, std::initializer_list<const char*> ws, double size, std::uint16_t font) {
  for (const char* w : ws) {
    double width = 5.5 * static_cast<double>(std::string(w).size());
    p.words.push_back(wd(w, x, y, width, size, font));
    x += width + 3;
  }
}

int line_with(const Layout& lay, const std::string& text) {
  for (int i = 0; i < static_cast<int>(lay.lines.size()); ++i)
    if (lay.lines[i].text == text) return i;
  return -1;
}

bool is_heading(const Layout& lay, const std::string& key) {
  return std::any_of(lay.headings.begin(), lay.headings.end(), [&](const Heading& h) { return h.key == key; });
}

// Page 1: "1 Introduction", body, a diagram labelled "Reference" / "Agent" and
// "Policy" (bold sans, 12 pt) above "Figure 1: ...", more body. Page 2: body,
// then the real References heading.
Document reference_agent(bool with_graphics) {
  Document doc = doc_with_fonts();
  Page p1 = page(1);
  words(p1, 108, 72, {"1", "Introduction"}, 12, 2);
  for (int i = 0; i < 8; ++i) body(p1, 96 + 12 * i);
  // The diagram: two boxes with two-line labels, an arrow between them.
  words(p1, 150, 220, {"Reference"}, 12, 3);
  words(p1, 160, 236, {"Agent"}, 12, 3);
  words(p1, 380, 220, {"Policy"}, 12, 3);
  words(p1, 380, 236, {"Model"}, 12, 3);
  if (with_graphics) {
    Graphic a, b, arrow;
    a.box = Box{140, 210, 230, 255};
    b.box = Box{370, 210, 460, 255};
    arrow.box = Box{230, 231, 370, 233};
    p1.graphics = {a, b, arrow};
  }
  words(p1, 108, 270, {"Figure", "1:", "The", "reference", "agent", "scores", "the", "policy", "model."}, 9, 1);
  for (int i = 0; i < 8; ++i) body(p1, 300 + 12 * i);
  doc.pages.push_back(p1);
  Page p2 = page(2);
  for (int i = 0; i < 8; ++i) body(p2, 72 + 12 * i);
  words(p2, 108, 190, {"References"}, 12, 2);
  words(p2, 108, 210, {"[1]", "A.", "Researcher.", "Sparse", "dictionaries.", "2023."}, 9, 1);
  doc.pages.push_back(p2);
  return doc;
}

}  // namespace

TEST_CASE("diagram labels above a figure caption are a figure region, never a heading", "[regions]") {
  for (bool graphics : {false, true}) {
    INFO("graphics: " << graphics);
    Document doc = reference_agent(graphics);
    Layout lay = analyze(doc);
    REQUIRE(lay.regions.size() == 1);
    const Region& r = lay.regions[0];
    CHECK(r.kind == Region::Kind::figure);
    CHECK(r.label == "Figure 1");
    CHECK(r.page == 0);
    CHECK(r.source == (graphics ? Region::Source::graphics : Region::Source::caption_text));
    int ref = line_with(lay, "Reference"), agent = line_with(lay, "Agent"), cap = r.caption;
    REQUIRE(ref >= 0);
    REQUIRE(cap >= 0);
    CHECK(lay.lines[cap].caption);
    CHECK(lay.lines[ref].region == 0);
    CHECK(lay.lines[agent].region == 0);
    CHECK(lay.lines[line_with(lay, "Policy")].region == 0);
    // Body text above and below is not in the figure.
    for (const Line& l : lay.lines)
      if (l.font == 1 && l.size == 10) CHECK(l.region == -1);
    CHECK(r.box.y0 <= 220);
    CHECK(r.box.y1 < 270);  // the caption is not part of the box
    // The headings: the introduction and the real References on page 2.
    CHECK(is_heading(lay, "introduction"));
    CHECK_FALSE(is_heading(lay, "reference"));
    REQUIRE(lay.sections.references_begin >= 0);
    CHECK(lay.lines[lay.sections.references_begin].page == 1);
  }
}

TEST_CASE("a numbered section heading directly above a figure stays a heading", "[regions]") {
  Document doc = doc_with_fonts();
  Page p = page(1);
  for (int i = 0; i < 5; ++i) body(p, 72 + 12 * i);
  words(p, 108, 150, {"3", "Method"}, 12, 2);
  words(p, 150, 175, {"Encoder"}, 12, 3);
  words(p, 380, 175, {"Decoder"}, 12, 3);
  words(p, 108, 200, {"Figure", "2:", "The", "model."}, 9, 1);
  for (int i = 0; i < 5; ++i) body(p, 230 + 12 * i);
  doc.pages.push_back(p);
  Layout lay = analyze(doc);
  REQUIRE(lay.regions.size() == 1);
  CHECK(lay.lines[line_with(lay, "Encoder")].region == 0);
  CHECK(lay.lines[line_with(lay, "3 Method")].region == -1);
  CHECK(is_heading(lay, "method"));
}

TEST_CASE("a table below its caption ends at the gap before the References heading", "[regions]") {
  Document doc = doc_with_fonts();
  Page p = page(1);
  for (int i = 0; i < 5; ++i) body(p, 72 + 12 * i);
  words(p, 108, 150, {"Table", "1:", "Accuracy", "by", "layer."}, 9, 1);
  // Rows: a bold header row, then cells in the body font, 12 pt apart.
  words(p, 150, 166, {"Method"}, 10, 2);
  words(p, 300, 166, {"Accuracy"}, 10, 2);
  for (int i = 0; i < 3; ++i) {
    words(p, 150, 180 + 12 * i, {"Probe"}, 10, 1);
    words(p, 300, 180 + 12 * i, {"0.91"}, 10, 1);
  }
  Graphic top, mid, bottom;
  top.box = Box{145, 162, 400, 162.5};
  mid.box = Box{145, 177, 400, 177.4};
  bottom.box = Box{145, 216, 400, 216.5};
  p.graphics = {top, mid, bottom};
  // The float separation, then the References heading in bold.
  words(p, 108, 240, {"References"}, 12, 2);
  words(p, 108, 260, {"[1]", "A.", "Researcher.", "Sparse", "dictionaries.", "2023."}, 9, 1);
  doc.pages.push_back(p);
  Layout lay = analyze(doc);
  REQUIRE(lay.regions.size() == 1);
  const Region& r = lay.regions[0];
  CHECK(r.kind == Region::Kind::table);
  CHECK(r.label == "Table 1");
  CHECK(lay.lines[line_with(lay, "Method")].region == 0);
  CHECK(lay.lines[line_with(lay, "References")].region == -1);
  CHECK(r.box.y1 >= 216);  // the bottom rule belongs to the table
  CHECK(r.box.y1 < 240);
  CHECK(is_heading(lay, "references"));
  CHECK_FALSE(is_heading(lay, "method"));
}

TEST_CASE("an uncaptioned diagram is a figure; a shaded paragraph box and a heading bar are not", "[regions]") {
  Document doc = doc_with_fonts();
  Page p = page(1);
  // A heading with a coloured bar behind it.
  words(p, 108, 72, {"Appendix"}, 12, 2);
  Graphic bar;
  bar.box = Box{104, 70, 508, 86};
  // A shaded box around three paragraph lines.
  for (int i = 0; i < 3; ++i) body(p, 110 + 12 * i);
  Graphic shade;
  shade.box = Box{104, 106, 508, 148};
  // A diagram with a bold label and no caption.
  words(p, 200, 220, {"Reference"}, 12, 3);
  Graphic node;
  node.box = Box{180, 200, 320, 260};
  for (int i = 0; i < 4; ++i) body(p, 300 + 12 * i);
  p.graphics = {bar, shade, node};
  doc.pages.push_back(p);
  Layout lay = analyze(doc);
  REQUIRE(lay.regions.size() == 1);
  CHECK(lay.regions[0].label.empty());
  CHECK(lay.lines[line_with(lay, "Reference")].region == 0);
  CHECK(is_heading(lay, "appendix"));
  CHECK_FALSE(is_heading(lay, "reference"));
}

TEST_CASE("a body line that starts \"Table 1.\" mid-sentence is not a caption", "[regions]") {
  Document doc = doc_with_fonts();
  Page p = page(1);
  for (int i = 0; i < 4; ++i) body(p, 72 + 12 * i);
  // A full line that breaks mid-sentence before "Table 1.".
  words(p, 108, 120, {"The", "results", "of", "the", "probe", "over", "all", "layers", "and", "all", "seeds", "are",
                      "summarized", "in"}, 10, 1);
  words(p, 108, 132, {"Table", "1.", "We", "observe", "that", "the", "probe", "wins."}, 10, 1);
  words(p, 108, 150, {"Appendix"}, 12, 2);
  for (int i = 0; i < 4; ++i) body(p, 170 + 12 * i);
  doc.pages.push_back(p);
  Layout lay = analyze(doc);
  CHECK(lay.regions.empty());
  CHECK_FALSE(lay.lines[line_with(lay, "Table 1. We observe that the probe wins.")].caption);
  CHECK(is_heading(lay, "appendix"));

  // A short line right above ("(a) Accuracy", a sub-figure label) does not make a caption body text.
  Page p2 = page(2);
  for (int i = 0; i < 4; ++i) body(p2, 72 + 12 * i);
  words(p2, 200, 160, {"Layers"}, 12, 3);
  Graphic plot;
  plot.box = Box{150, 130, 450, 176};
  p2.graphics = {plot};
  words(p2, 200, 180, {"(a)", "Accuracy"}, 10, 1);
  words(p2, 108, 192, {"Figure", "2:", "Accuracy", "by", "layer."}, 10, 1);
  for (int i = 0; i < 4; ++i) body(p2, 220 + 12 * i);
  doc.pages.push_back(p2);
  lay = analyze(doc);
  REQUIRE(lay.regions.size() == 1);
  CHECK(lay.regions[0].label == "Figure 2");
}
