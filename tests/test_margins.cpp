// The margins rule on hand-built Documents: tiers (off-page, main-text,
// overfull, back-matter), glyph-based top, and images / drawings.
#include <catch2/catch.hpp>

#include <algorithm>

#include "preflight/layout.hpp"
#include "preflight/profile.hpp"
#include "preflight/rule.hpp"

using namespace preflight;

namespace {

// A page of body lines (10 pt Times, baseline 8 pt below the box top) from x0 to x1.
struct Builder {
  Document doc;
  Builder() { doc.font_names = {"", "NimbusRomNo9L-Regu", "NimbusRomNo9L-Medi"}; }
  Page& page() {
    if (doc.pages.empty()) add_page();
    return doc.pages.back();
  }
  void add_page() {
    Page p;
    p.number = static_cast<int>(doc.pages.size()) + 1;
    p.width = 612;
    p.height = 792;
    p.media = p.crop = Box{0, 0, 612, 792};
    doc.pages.push_back(p);
  }
  // Words of `text` from x, spread evenly to x_end, with the baseline at `base`.
  void line(const std::string& text, double x, double x_end, double base, double size = 10, std::uint16_t font = 1,
            double ascent = 0.9) {
    std::vector<std::string> words;
    for (std::size_t b = 0; b < text.size();) {
      auto e = text.find(' ', b);
      if (e == std::string::npos) e = text.size();
      words.push_back(text.substr(b, e - b));
      b = e + 1;
    }
    double w = (x_end - x - 3.0 * static_cast<double>(words.size() - 1)) / static_cast<double>(words.size());
    for (const auto& t : words) {
      Word wd;
      wd.text = t;
      wd.size = static_cast<float>(size);
      wd.font = font;
      wd.baseline = static_cast<float>(base);
      // Poppler's box: the font's ascent (from the font descriptor) above the baseline, the descent below.
      wd.box = Box{x, base - ascent * size, x + w, base + 0.22 * size};
      wd.space_after = true;
      page().words.push_back(wd);
      x += w + 3;
    }
  }
  // A page of ordinary body text: 40 lines inside the block.
  void body(int lines = 40) {
    for (int i = 0; i < lines; ++i)
      line("the depth features are read by later attention heads to predict closing brackets", 108, 504, 82 + 11.0 * i);
  }
};

std::vector<Finding> check(const Document& doc) {
  Layout lay = analyze(doc);
  Profile pr = default_profile();
  nlohmann::ordered_json facts = nlohmann::ordered_json::object();
  CheckOptions opts;
  Context ctx{doc, lay, pr, opts, facts};
  std::vector<Finding> out;
  find_rule("margins")->check(ctx, out);
  return out;
}

int count(const std::vector<Finding>& fs, const std::string& kind) {
  return static_cast<int>(std::count_if(fs.begin(), fs.end(), [&](const Finding& f) { return f.kind == kind; }));
}

}  // namespace

TEST_CASE("margins: one element far out is the overfull warning; far out on error_pages main pages, an error per page", "[margins]") {
  // Pages 1-2 4 pt over, page 3 20 pt over: one line far out on one page is not systemic.
  Builder c;
  for (int p = 0; p < 3; ++p) {
    c.add_page();
    c.body(30);
    double over = p < 2 ? 4 : 20;
    c.line("see https://anonymous.4open.science/r/depth-probes", 108, 504 + over, 82 + 11.0 * 31);
  }
  auto fs = check(c.doc);
  REQUIRE(count(fs, "margins.overfull") == 1);
  auto over = std::find_if(fs.begin(), fs.end(), [](const Finding& f) { return f.kind == "margins.overfull"; });
  CHECK(over->message.find("pages 1-3") != std::string::npos);
  CHECK(over->message.find("worst 20.0 pt") != std::string::npos);
  CHECK(over->severity == Severity::warning);
  CHECK(count(fs, "margins.main-text") == 0);
  CHECK(count(fs, "margins.geometry") == 0);

  // 20 pt over on pages 1 and 2 (margins.error_pages = 2): an error on each; page 3's 4 pt stays a warning.
  Builder d;
  for (int p = 0; p < 3; ++p) {
    d.add_page();
    d.body(30);
    double o = p < 2 ? 20 : 4;
    d.line("see https://anonymous.4open.science/r/depth-probes", 108, 504 + o, 82 + 11.0 * 31);
  }
  auto gs = check(d.doc);
  REQUIRE(count(gs, "margins.main-text") == 2);
  auto err = std::find_if(gs.begin(), gs.end(), [](const Finding& f) { return f.kind == "margins.main-text"; });
  CHECK(err->page == 1);
  CHECK(err->message.find("20.0 pt") != std::string::npos);
  CHECK(count(gs, "margins.overfull") == 1);
}

TEST_CASE("margins: a heading at the top of a page is measured by its glyphs, not its ascent box", "[margins]") {
  Builder b;
  b.add_page();
  // A 12 pt bold heading with its baseline at 82, in a font whose descriptor gives a tall ascent
  // (1.15 em: accents and brackets): the box starts at 68.2, 3.8 pt above the block; the glyphs at 73.6.
  b.line("3 Results", 108, 170, 82, 12, 2, 1.15);
  for (int i = 1; i < 40; ++i) b.line("the depth features are read by later heads", 108, 504, 82 + 11.0 * i);
  CHECK(b.doc.pages[0].words[0].box.y0 < 72 - 2);
  CHECK(check(b.doc).empty());
  // A line whose glyphs do reach 5 pt above the block is reported (a warning: under 9 pt).
  Builder c;
  c.add_page();
  c.line("squeezed line above the block", 108, 504, 74);
  for (int i = 0; i < 30; ++i) c.line("the depth features are read by later heads", 108, 504, 96 + 11.0 * i);
  auto fs = check(c.doc);
  CHECK(count(fs, "margins.overfull") == 1);
}

TEST_CASE("margins: content past the paper's edge is an error on any page; images and drawings are measured", "[margins]") {
  Builder b;
  b.add_page();
  b.body(30);
  // A table row cut off at the right edge (Poppler drops the glyphs that start past it).
  b.line("ablation results for every depth feature at once", 300, 611.8, 82 + 11.0 * 32);
  auto fs = check(b.doc);
  CHECK(count(fs, "margins.off-page") == 1);
  CHECK(count(fs, "margins.main-text") == 0);

  // A drawing (table rule) 20 pt into the right margin and one clipped at the edge.
  Builder g;
  g.add_page();
  g.body(30);
  Graphic rule;
  rule.kind = Graphic::Kind::path;
  rule.box = Box{108, 450, 524, 450.4};
  g.doc.pages[0].graphics.push_back(rule);
  fs = check(g.doc);
  CHECK(count(fs, "margins.overfull") == 1);  // a graphic's box may be canvas: a warning
  CHECK(count(fs, "margins.main-text") == 0);
  Graphic cut = rule;
  cut.box = Box{108, 500, 612, 500.4};
  g.doc.pages[0].graphics.push_back(cut);
  fs = check(g.doc);
  REQUIRE(count(fs, "margins.off-page") == 1);
  auto f = std::find_if(fs.begin(), fs.end(), [](const Finding& x) { return x.kind == "margins.off-page"; });
  CHECK(f->message.find("drawing") != std::string::npos);
  // An image of the whole page (a scanned page, a background) is not an overflow.
  Builder bg;
  bg.add_page();
  bg.body(30);
  Graphic page_image;
  page_image.kind = Graphic::Kind::image;
  page_image.box = Box{0, 0, 612, 792};
  bg.doc.pages[0].graphics.push_back(page_image);
  CHECK(check(bg.doc).empty());
}
