// Template detection on hand-built pages: what the NeurIPS-like geometry alone
// says (nothing), and what the title rules add.
#include <catch2/catch.hpp>

#include "analysis/template_detect.hpp"
#include "preflight/layout.hpp"
#include "doc_builders.hpp"

using namespace preflight;
using preflight::testing::wd;

namespace {

// A Letter page of body lines in Times from x 108 to 504, the NeurIPS block.
Document neurips_like() {
  Document doc;
  doc.font_names = {"", "NimbusRomNo9L-Regu", "NimbusRomNo9L-Medi"};
  Page p;
  p.number = 1;
  p.width = 612;
  p.height = 792;
  p.media = p.crop = Box{0, 0, 612, 792};
  p.words.push_back(wd("Tracking", 200, 100, 80, 17, 2));
  p.words.push_back(wd("Depth", 290, 100, 60, 17, 2));
  for (int i = 0; i < 30; ++i) {
    double y = 200 + 12 * i;
    double x = 108;
    for (int k = 0; k < 9; ++k, x += 44) p.words.push_back(wd("word", x, y, k == 8 ? 44 : 40));
  }
  doc.pages.push_back(p);
  return doc;
}

}  // namespace

TEST_CASE("NeurIPS-like geometry alone is not the NeurIPS template; the title rules make it one", "[template]") {
  Document doc = neurips_like();
  {
    Layout lay = analyze(doc);
    TemplateInfo t = detect_template(doc, lay);
    CHECK(t.neurips_geometry);
    CHECK(t.family == "unknown");
    CHECK(t.neurips_like);
    REQUIRE_FALSE(t.evidence.empty());
    CHECK(t.evidence.front().rfind("not the NeurIPS template (NeurIPS-like geometry)", 0) == 0);
  }
  // The 4 pt rule above the title and the 1 pt rule below it, as wide as the block.
  Graphic top, bottom;
  top.box = Box{108, 80, 504, 84};
  bottom.box = Box{108, 130, 504, 131};
  doc.pages[0].graphics = {top, bottom};
  {
    Layout lay = analyze(doc);
    TemplateInfo t = detect_template(doc, lay);
    CHECK(t.title_rules == 2);
    CHECK(t.family == "neurips");
    CHECK(t.modified);  // the notice is missing
    CHECK_FALSE(t.neurips_like);
  }
  // A wide rule lower on the page (a table rule) is not a title rule.
  doc.pages[0].graphics = {top};
  Graphic table_rule;
  table_rule.box = Box{108, 500, 504, 500.5};
  doc.pages[0].graphics.push_back(table_rule);
  {
    Layout lay = analyze(doc);
    TemplateInfo t = detect_template(doc, lay);
    CHECK(t.title_rules == 1);
    CHECK(t.family == "unknown");
  }
}
