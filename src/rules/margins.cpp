// margins: no text beyond the profile's text block (NeurIPS: x 108-504,
// y 72-720 pt), reported once per page and side with the worst overshoot.
// Line numbers, page numbers, the page-1 notice and rotated text (the arXiv
// stamp) are not violations. Images are not checked: the Document has no image
// boxes yet.
#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstring>

#include <fmt/format.h>

#include "analysis/template_detect.hpp"
#include "rules/rules.hpp"

namespace preflight {
namespace {

constexpr double kPtPerMm = 72.0 / 25.4;
// How far below its baseline Poppler's box reaches, as a share of the font size
// (Times descender); the bottom of the text block is where the last BASELINE sits.
constexpr double kDescent = 0.25;
// How far subscripts and fraction denominators on the last line may drop below
// the baseline (a display equation ending the page is not an overflow).
constexpr double kScriptDrop = 4.0;

std::string cut(const std::string& s, std::size_t n) {
  if (s.size() <= n) return s;
  std::size_t i = n;
  while (i > 0 && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) --i;  // UTF-8 boundary
  return s.substr(0, i) + "…";
}

bool lineno_word(const Word& w, double text_left) {
  if (w.text.empty() || w.text.size() > 4 || w.box.x1 > text_left - 4 || w.box.x0 < text_left - 40) return false;
  return std::all_of(w.text.begin(), w.text.end(), [](unsigned char c) { return std::isdigit(c); });
}

// A line number right of the text block (ACL's ruler on both sides).
bool right_lineno_word(const Word& w, double text_right) {
  if (w.text.empty() || w.text.size() > 4 || w.box.x0 < text_right + 4 || w.box.x0 > text_right + 60) return false;
  return std::all_of(w.text.begin(), w.text.end(), [](unsigned char c) { return std::isdigit(c); });
}

bool page_number_like(const std::string& t) {
  if (t.empty() || t.size() > 8) return false;
  bool digits = true, roman = true;
  for (unsigned char c : t) {
    if (!std::isdigit(c)) digits = false;
    if (!std::strchr("ivxlcdmIVXLCDM", c)) roman = false;
  }
  return digits || roman;
}

// The style centres the text block horizontally: on a page of another size
// (reported by page-size) the block moves with the page centre.
double shift(const Page& page, const Profile& pr) {
  return std::abs(page.width - pr.page_width) > pr.page_tolerance ? (page.width - pr.page_width) / 2 : 0.0;
}

enum Side { kLeft, kRight, kTop, kBottom };
const char* side_name(int s) {
  static const char* n[] = {"left", "right", "top", "bottom"};
  return n[s];
}

struct Worst {
  double over = 0;
  int line = -1;
};

class Margins : public Rule {
 public:
  std::string_view id() const override { return "margins"; }
  std::string_view summary() const override { return "No text beyond the template's text block (5.5 x 9 in at 1.5 in / 1 in)"; }
  RuleDoc doc() const override {
    return {"Compares every line of text with the text block of the profile (NeurIPS: x 108-504 pt, y 72-720 pt "
            "from the top-left corner) and reports, once per page and side, the worst overshoot beyond the "
            "tolerance (2 pt) in pt and mm with the offending text. Line numbers, page numbers, the page-1 notice "
            "(page 1 is two lines longer in the style) and rotated text such as the arXiv stamp are not violations. "
            "When most pages overflow the same side, the paper uses another geometry and one finding per side "
            "says so. Images are not measured yet.",
            "The template's margins are part of the page limit: a wide table or a shrunk margin buys space other "
            "authors do not get, and text in the margin collides with the line numbers and the proceedings' "
            "headers.",
            "A table 20 pt wider than \\textwidth running into the right margin; \\usepackage[margin=1in]{geometry} "
            "before the style (which the NeurIPS style normally overrides) or an edited style file.",
            "Scale wide tables with \\resizebox{\\textwidth}{!}{...} or \\small / \\tabcolsep, break long URLs and "
            "equations, and never change the geometry of the style."};
  }

  std::vector<KindDoc> kinds() const override {
    return {{"off-page", Severity::error, "content past the edge of the paper (clipped, unreadable), on any page"},
            {"main-text", Severity::error, "main text past the text block by more than margins.error_over (9 pt)"},
            {"overfull", Severity::warning,
             "small overshoots of the text block (overfull lines, URLs): one finding a paper, with the pages and the worst"},
            {"back-matter", Severity::warning,
             "references, appendix or checklist past the text block (but not past the paper's edge)"},
            {"geometry", Severity::error, "most pages overflow the same side: the paper does not use the template's text block"}};
  }

  void check(const Context& ctx, std::vector<Finding>& out) const override {
    const Document& doc = ctx.doc;
    const Layout& lay = ctx.layout;
    const Profile& pr = ctx.profile;
    if (doc.pages.empty()) return;
    TemplateInfo tmpl = detect_template(doc, lay);
    std::vector<bool> skip(lay.lines.size(), false);
    for (int li : tmpl.notice_lines) skip[li] = true;
    // A running header above the text block, where the venue's style prints one
    // (the running title of ICML, the ICLR header).
    if (pr.allow_running_header)
      for (std::size_t li = 0; li < lay.lines.size(); ++li)
        if (lay.lines[li].box.y1 < pr.text_top) skip[li] = true;

    const int n = static_cast<int>(doc.pages.size());
    std::vector<std::array<Worst, 4>> worst(n);
    for (int li = 0; li < static_cast<int>(lay.lines.size()); ++li) {
      const Line& l = lay.lines[li];
      if (skip[li] || l.margin_number || l.words.empty()) continue;
      const Page& page = doc.pages[l.page];
      if (page.words[l.words.front()].rotation != 0) continue;  // arXiv stamp, rotated labels
      // Page numbers: a lone number (or roman numeral) above or below the block.
      if (page_number_like(l.text) && (l.box.y0 > pr.text_bottom || l.box.y1 < pr.text_top)) continue;
      double bottom_limit = pr.text_bottom + (l.page == 0 ? pr.page1_extra : 0);
      double dx = shift(page, pr);
      // A line number glued to its line (same size, e.g. a Type 3 font) is not text.
      double x0 = l.box.x0;
      if (l.words.size() > 1 && lineno_word(page.words[l.words[0]], pr.text_left + dx))
        x0 = page.words[l.words[1]].box.x0;
      double x1 = l.box.x1;
      bool right_numbers = pr.line_numbers == "right" || pr.line_numbers == "both";
      if (right_numbers && right_lineno_word(page.words[l.words.back()], pr.text_right + dx)) {
        if (l.words.size() == 1) continue;
        x1 = page.words[l.words[l.words.size() - 2]].box.x1;
      }
      // Sub- and superscripts reach below the last baseline by a few points.
      double small = kScriptDrop;
      double over[4] = {pr.text_left + dx - x0, x1 - (pr.text_right + dx), pr.text_top - l.box.y0,
                        (l.box.y1 - kDescent * std::max<double>(l.size, lay.body_size)) - bottom_limit - small};
      for (int s = 0; s < 4; ++s)
        if (over[s] > pr.margin_tolerance && over[s] > worst[l.page][s].over) worst[l.page][s] = Worst{over[s], li};
    }

    for (int s = 0; s < 4; ++s) {
      std::vector<int> pages;
      for (int p = 0; p < n; ++p)
        if (worst[p][s].line >= 0) pages.push_back(p);
      if (pages.empty()) continue;
      bool systematic = pages.size() >= 4 && pages.size() * 2 > static_cast<std::size_t>(n);
      if (systematic) {
        int wp = pages.front();
        for (int p : pages)
          if (worst[p][s].over > worst[wp][s].over) wp = p;
        Finding f = finding(doc, lay, pr, s, wp, worst[wp][s]);
        f.kind = kind_id("geometry");
        f.message = fmt::format("text runs into the {} margin on {} of {} pages (worst {:.1f} pt = {:.1f} mm on page {}): "
                                "the page does not use the {} text block{}",
                                side_name(s), pages.size(), n, worst[wp][s].over, worst[wp][s].over / kPtPerMm, wp + 1,
                                tmpl.family == "neurips" || tmpl.family == "unknown" ? "template's" : "NeurIPS",
                                tmpl.family != "neurips" && tmpl.family != "unknown"
                                    ? fmt::format(" ({} has its own geometry)", tmpl.describe())
                                    : "");
        out.push_back(std::move(f));
        continue;
      }
      for (int p : pages) out.push_back(finding(doc, lay, pr, s, p, worst[p][s]));
    }
  }

 private:
  Finding finding(const Document& doc, const Layout& lay, const Profile& pr, int side, int page, const Worst& w) const {
    const Line& l = lay.lines[w.line];
    const Page& pg = doc.pages[l.page];
    // The words that cross the edge (for left/right), else the whole line.
    double dx = shift(pg, pr);
    Box box;
    std::string snippet;
    for (int id : l.words) {
      const Box& b = pg.words[id].box;
      if (side == kLeft && lineno_word(pg.words[id], pr.text_left + dx)) continue;
      if (side == kRight && (pr.line_numbers == "right" || pr.line_numbers == "both") &&
          right_lineno_word(pg.words[id], pr.text_right + dx))
        continue;
      bool out = side == kLeft ? b.x0 < pr.text_left + dx - pr.margin_tolerance
                 : side == kRight ? b.x1 > pr.text_right + dx + pr.margin_tolerance
                                  : true;
      if (!out) continue;
      box = box.united(b);
      if (!snippet.empty()) snippet += ' ';
      snippet += pg.words[id].text;
    }
    if (snippet.empty()) {
      box = l.box;
      snippet = l.text;
    }
    double edge = side == kLeft ? pr.text_left + dx : side == kRight ? pr.text_right + dx : side == kTop ? pr.text_top : pr.text_bottom;
    Finding f = make("main-text",
                     fmt::format("text runs {:.1f} pt ({:.1f} mm) into the {} margin (the text block ends at "
                                 "{} = {:g} pt)",
                                 w.over, w.over / kPtPerMm, side_name(side),
                                 side == kLeft || side == kRight ? "x" : "y", edge));
    f.page = page + 1;
    f.box = box;
    f.evidence = cut(snippet, 100);
    f.hint = side == kLeft || side == kRight
                 ? "make the table, figure, equation or URL fit \\textwidth (\\resizebox{\\textwidth}{!}{...}, "
                   "\\small, fewer columns, \\url breaks); do not change the style's margins"
                 : "keep text inside the 9 in text block: no \\enlargethispage, \\vspace tricks or geometry changes; "
                   "move or shrink the float";
    return f;
  }
};

}  // namespace

std::unique_ptr<Rule> make_margins() { return std::make_unique<Margins>(); }

}  // namespace preflight
