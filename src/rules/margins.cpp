// margins: what a reader sees beyond the profile's text block (NeurIPS: x
// 108-504, y 72-720 pt), in tiers a chair can act on (HotCRP's way: systemic
// or not):
//   margins.off-page    content cut off at the edge of the paper (a glyph crossing
//                       it by >= 1 pt, measured from the paper's edge): an error
//                       per main page and side;
//   margins.off-page.back-matter  the same in the references, appendix or checklist:
//                       ONE warning for the paper, saying what is cut off;
//   margins.main-text   main text past the block by more than margins.error_over
//                       (9 pt, measured from the block) on at least
//                       margins.error_pages main pages (2), or on a page whose
//                       content is cut off: an error, per page and side;
//   margins.overfull    everything else past the block in the main text (one table,
//                       line, logo or caption; overfull lines; images and drawings,
//                       whose boxes include their canvas's white space): ONE warning
//                       for the paper, listing the pages and the worst;
//   margins.back-matter references, appendix, checklist past the block (not past the
//                       edge): ONE warning for the paper;
//   margins.geometry    most pages overflow one side by a lot: another text block.
// Text is measured from its visible glyphs (the loader marks the others):
// left/right from the word boxes, top from the baseline minus the cap height
// (0.7 x size; the word box comes from the font's ascent, which puts a heading
// at the top of a page 2-5 pt "into" the margin), bottom from the baseline.
// Images and vector graphics (Page::graphics, clipped to their clip path) are
// measured by their boxes. Line numbers, page numbers, running heads and feet,
// the page-1 notice, rotated text (the arXiv stamp) and publishers' stamps
// (analysis/stamps.hpp) are not the text block's content.
#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstring>
#include <map>

#include <fmt/format.h>

#include "analysis/stamps.hpp"
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
// The cap height of Times as a share of the font size: the top of the glyphs
// of a line is its baseline minus this (the word box's top is the font's
// ascent, 2-5 pt above the glyphs of a heading).
constexpr double kCapHeight = 0.7;
// Within this of the paper's edge a box counts as reaching it (the loader clips graphics to the page).
constexpr double kEdge = 0.5;
// A glyph whose box crosses the paper's edge (the crop box) by this much is cut off.
constexpr double kCutOff = 1.0;
// Graphics entirely this far above / below the block, or beside it, are page decoration (running
// header rules, footers, thumb indices), not content that overflows.
constexpr double kHeaderZone = 30.0;
constexpr double kSideZone = 60.0;

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

// One measured overshoot: a line of text or a graphic, on a page and side.
struct Over {
  double over = 0;      // pt beyond the block edge
  int page = -1;        // 0-based
  int side = 0;
  int line = -1;        // the line, or -1 for a graphic
  Box box;              // what crosses the edge
  std::string snippet;  // its text, or "an image" / "a drawing"
  bool off_page = false;
  double past_edge = 0;  // for off_page text: pt past the paper's edge (0 for a graphic clipped there)
  bool back = false;    // references, appendix, checklist
  std::string part;     // "references", "appendix", "checklist" when back
  bool valid() const { return page >= 0; }
};

// Where the glyphs of a word are: the box left/right, the cap height above the
// baseline at the top, the baseline at the bottom.
double baseline_of(const Word& w) { return w.baseline > 0 ? w.baseline : w.box.y1 - kDescent * w.size; }
double glyph_top(const Word& w) {
  // A word box taller than its size says (Type 3 sizes are box heights) keeps its own top.
  return std::max(w.box.y0, baseline_of(w) - kCapHeight * w.size);
}

class Margins : public Rule {
 public:
  std::string_view id() const override { return "margins"; }
  std::string_view summary() const override {
    return "No text, table or figure beyond the template's text block (5.5 x 9 in at 1.5 in / 1 in)";
  }
  RuleDoc doc() const override {
    return {"Compares what a reader sees -- every visible line of text, every image and every vector drawing (table "
            "rules, plots), clipped to its clip path -- with the text block of the profile (NeurIPS: x 108-504 pt, "
            "y 72-720 pt from the top-left corner), in tiers. Text a reader cannot see (render mode 3 or 7, hidden by "
            "an included figure's clip, drawn past the paper) is not measured. Content cut off at the edge of the "
            "paper (a glyph crossing it by 1 pt or more, measured from the paper's edge) is an error on a main page "
            "(margins.off-page) and one warning that says what is cut off in the references, the appendix or the "
            "checklist (margins.off-page.back-matter). Main text further than margins.error_over (9 pt, HotCRP's "
            "allowance, measured from the text block) past the block is an error when it happens on at least "
            "margins.error_pages main pages (2), or on a page whose content is cut off (margins.main-text); a single "
            "table, line, logo or caption past the block, smaller overshoots (overfull lines, long URLs), and images "
            "or drawings that leave the block but stay on the paper make one warning for the paper that lists the "
            "pages and the worst (margins.overfull); so does anything in the references, the appendix and the "
            "checklist that stays on the paper (margins.back-matter). When most pages overflow the same side by "
            "several points, the paper uses another geometry and one finding per side says so (margins.geometry). "
            "Text is measured from its glyphs: the word boxes left and right, the baseline minus the cap height at "
            "the top (a heading that opens a page is not a violation), the baseline at the bottom (page 1 is two "
            "lines longer in the style). Line numbers, page numbers, running heads and feet, the page-1 notice, "
            "rotated text such as the arXiv stamp and publishers' stamps (the ACL Anthology footer, PMLR's header; "
            "see prior-publication) are not the text block's content.",
            "The template's margins are part of the page limit: a text block widened on every page buys space other "
            "authors do not get, and content past the paper's edge is cut off for every reader. One table or URL "
            "that overhangs buys little: it is worth fixing, not rejecting, which is how HotCRP's format checker "
            "reports it too.",
            "\\usepackage[margin=1in]{geometry} before the style (which the NeurIPS style normally overrides) or an "
            "edited style file: every page's text runs 36 pt into the right margin; a table so wide that its last "
            "column is cut off at the right edge of page 5.",
            "Scale wide tables with \\resizebox{\\textwidth}{!}{...} or \\small / \\tabcolsep, break long URLs "
            "(\\usepackage{xurl}) and equations, and never change the geometry of the style."};
  }

  std::vector<KindDoc> kinds() const override {
    return {{"off-page", Severity::error,
             "content on a main page cut off at the edge of the paper (a glyph crossing it by 1 pt or more)"},
            {"off-page.back-matter", Severity::warning,
             "content cut off at the paper's edge in the references, appendix or checklist: one finding a paper, "
             "saying what is cut off and where"},
            {"main-text", Severity::error,
             "main-text lines (a table's text too) past the text block by more than margins.error_over (9 pt) on at "
             "least margins.error_pages main pages (2), or on a page whose content is cut off"},
            {"overfull", Severity::warning,
             "one element past the block (a table, a line, a logo, a caption), main text up to margins.error_over "
             "past it, and figures or drawings past it but on the paper: one finding a paper, with the pages and "
             "the worst"},
            {"back-matter", Severity::warning,
             "references, appendix or checklist past the text block (but not past the paper's edge)"},
            {"geometry", Severity::error, "most pages overflow the same side: the paper does not use the template's text block"},
            {"other-template", Severity::info,
             "as geometry, in a paper that is not the profile's template at all: the template rule's error already says "
             "so, and fixing the template fixes the margins"}};
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
    // A publisher's stamp outside the block (the ACL Anthology footer, PMLR's header) is not the paper's text.
    for (const Stamp& st : find_stamps(doc, lay))
      for (int li : st.lines) {
        const Line& l = lay.lines[li];
        double bottom = pr.text_bottom + (l.page == 0 ? pr.page1_extra : 0);
        if (l.box.y1 <= pr.text_top + pr.margin_tolerance || l.box.y0 >= bottom - pr.margin_tolerance) skip[li] = true;
      }
    // The part of the back matter a line is in, for the messages.
    auto part_of = [&](int li) -> std::string {
      const Sections& sc = lay.sections;
      if (sc.checklist_begin >= 0 && li >= sc.checklist_begin) return "checklist";
      if (lay.in_references(li)) return "references";
      if (sc.appendix_begin >= 0 && li >= sc.appendix_begin) return "appendix";
      return sc.references_begin >= 0 && li >= sc.references_begin ? "appendix" : "back matter";
    };

    const int n = static_cast<int>(doc.pages.size());
    // Where the back matter (references, appendix, checklist) begins: line index, and page / y for graphics.
    const int back_line = lay.sections.main_end_line;
    int back_page = n;
    double back_y = 0;
    if (back_line >= 0 && back_line < static_cast<int>(lay.lines.size())) {
      back_page = lay.lines[back_line].page;
      back_y = lay.lines[back_line].box.y0;
    }
    // Every overshoot beyond the tolerance, per page and side the worst of each tier.
    std::vector<Over> all;
    auto consider = [&](Over o) {
      if (o.over <= pr.margin_tolerance && !o.off_page) return;
      all.push_back(std::move(o));
    };

    // Words drawn entirely past the paper's edge, per page: where a line of text goes on past it.
    std::vector<std::vector<int>> off_page_words(n);
    for (int p = 0; p < n; ++p)
      for (int id = 0; id < static_cast<int>(doc.pages[p].words.size()); ++id)
        if (doc.pages[p].words[id].visibility == Word::Visibility::off_page && doc.pages[p].words[id].rotation == 0)
          off_page_words[p].push_back(id);

    for (int li = 0; li < static_cast<int>(lay.lines.size()); ++li) {
      const Line& l = lay.lines[li];
      // Running heads and feet, page numbers, stamps, and lines nobody sees are not the text block's content.
      if (skip[li] || l.margin_number || l.furniture || l.hidden || l.words.empty()) continue;
      const Page& page = doc.pages[l.page];
      if (page.words[l.words.front()].rotation != 0) continue;  // arXiv stamp, rotated labels
      // Page numbers: a lone number (or roman numeral) above or below the block.
      if (page_number_like(l.text) && (l.box.y0 > pr.text_bottom || l.box.y1 < pr.text_top)) continue;
      double bottom_limit = pr.text_bottom + (l.page == 0 ? pr.page1_extra : 0);
      double dx = shift(page, pr);
      bool back = li >= back_line;
      const bool right_numbers = pr.line_numbers == "right" || pr.line_numbers == "both";
      // The glyphs of the line (a line number glued to its line, e.g. in a Type 3 font, is not text).
      double x0 = 1e9, x1 = -1e9, top = 1e9, base = -1e9, low = -1e9;
      for (std::size_t k = 0; k < l.words.size(); ++k) {
        const Word& w = page.words[l.words[k]];
        if (k == 0 && l.words.size() > 1 && lineno_word(w, pr.text_left + dx)) continue;
        // A line number right of the block, where the profile's style prints one (ACL: both sides).
        if (right_numbers && k + 1 == l.words.size() && right_lineno_word(w, pr.text_right + dx)) continue;
        x0 = std::min(x0, w.box.x0);
        x1 = std::max(x1, w.box.x1);
        top = std::min(top, glyph_top(w));
        base = std::max(base, baseline_of(w));
        low = std::max(low, w.box.y1);
      }
      if (x0 > x1) continue;
      double over[4] = {pr.text_left + dx - x0, x1 - (pr.text_right + dx), pr.text_top - top,
                        base - bottom_limit - kScriptDrop};
      // Cut off: a glyph box crosses the paper's edge by kCutOff or more (measured from that edge),
      // or the line goes on in words drawn entirely past the edge (the loader keeps them, unseen).
      double past[4] = {-x0, x1 - page.width, -top, low - page.height};
      for (int id : off_page_words[l.page]) {
        const Box& b = page.words[id].box;
        double mid = (b.y0 + b.y1) / 2;
        if (mid < l.box.y0 || mid > l.box.y1) continue;
        double gap = 1.5 * std::max(l.size, 1.0);
        if (b.x0 >= page.width && b.x0 - x1 < gap) past[kRight] = std::max(past[kRight], b.x1 - page.width);
        if (b.x1 <= 0 && x0 - b.x1 < gap) past[kLeft] = std::max(past[kLeft], -b.x0);
      }
      for (int s = 0; s < 4; ++s) {
        Over o{over[s], l.page, s, li, {}, {}, past[s] >= kCutOff, std::max(past[s], 0.0), back,
               back ? part_of(li) : std::string()};
        if (o.over > pr.margin_tolerance || o.off_page) {
          words_across(doc, l, pr, s, o);
          consider(std::move(o));
        }
      }
    }
    // Images and vector graphics: their boxes (clipped to the page by the loader).
    for (int p = 0; p < n; ++p) {
      const Page& page = doc.pages[p];
      double dx = shift(page, pr);
      double bottom_limit = pr.text_bottom + (p == 0 ? pr.page1_extra : 0);
      for (const Graphic& g : page.graphics) {
        const Box& b = g.box;
        if (b.x1 <= b.x0 && b.y1 <= b.y0) continue;
        // Page decoration, not content: a frame or background over most of the page, or
        // anything entirely outside the block's rows (headers, footers, page-edge bars).
        if (b.width() > 0.8 * page.width && b.height() > 0.5 * page.height) continue;
        if (b.y1 < pr.text_top - kHeaderZone || b.y0 > bottom_limit + kHeaderZone) continue;
        // The rule under a running header, where the profile's style prints one (ICML).
        if (pr.allow_running_header && b.y1 <= pr.text_top) continue;
        if (b.x1 < pr.text_left + dx - kSideZone || b.x0 > pr.text_right + dx + kSideZone) continue;
        bool back = p > back_page || (p == back_page && b.y0 >= back_y - 1);
        double over[4] = {pr.text_left + dx - b.x0, b.x1 - (pr.text_right + dx), pr.text_top - b.y0, b.y1 - bottom_limit};
        // Clipped at the paper's edge: it reaches the edge from inside the block.
        bool edge[4] = {b.x0 <= kEdge && b.x1 > pr.text_left + dx, b.x1 >= page.width - kEdge && b.x0 < pr.text_right + dx,
                        b.y0 <= kEdge && b.y1 > pr.text_top, b.y1 >= page.height - kEdge && b.y0 < bottom_limit};
        for (int s = 0; s < 4; ++s) {
          Over o{over[s], p, s, -1, b, g.kind == Graphic::Kind::image ? "an image" : "a drawing (table rule, plot or box)",
                 edge[s], 0.0, back, back ? "back matter" : std::string()};
          consider(std::move(o));
        }
      }
    }

    // margins.geometry: most pages overflow the same side by several points (another text block).
    bool systematic_side[4] = {false, false, false, false};
    for (int s = 0; s < 4; ++s) {
      std::vector<double> per_page(n, 0.0);
      for (const Over& o : all)
        if (o.side == s) per_page[o.page] = std::max(per_page[o.page], o.over);
      std::vector<double> over;
      int worst = -1;
      for (int p = 0; p < n; ++p)
        if (per_page[p] > pr.margin_tolerance) {
          over.push_back(per_page[p]);
          if (worst < 0 || per_page[p] > per_page[worst]) worst = p;
        }
      if (over.size() < 4 || over.size() * 2 <= static_cast<std::size_t>(n)) continue;
      std::nth_element(over.begin(), over.begin() + over.size() / 2, over.end());
      if (over[over.size() / 2] < pr.margin_error_over / 2) continue;  // overfull lines, not a geometry
      systematic_side[s] = true;
      const Over* w = nullptr;
      for (const Over& o : all)
        if (o.side == s && o.page == worst && (!w || o.over > w->over)) w = &o;
      // In another venue's template (or none), the template rule's error is the one to act on.
      Finding f = finding(tmpl.family == pr.template_family ? "geometry" : "other-template", pr, *w);
      f.message = fmt::format("content runs into the {} margin on {} of {} pages (worst {:.1f} pt = {:.1f} mm on page {}): "
                              "the page does not use the {} text block{}",
                              side_name(s), over.size(), n, w->over, w->over / kPtPerMm, worst + 1,
                              tmpl.family == pr.template_family || tmpl.family == "unknown"
                                  ? std::string("template's")
                                  : family_display_name(pr.template_family),
                              tmpl.family != pr.template_family && tmpl.family != "unknown"
                                  ? fmt::format(" ({} has its own geometry)", tmpl.describe())
                                  : "");
      if (tmpl.family != pr.template_family)
        f.hint = fmt::format("compile with the {} style (see the template finding): its text block fixes these margins",
                             family_display_name(pr.template_family));
      out.push_back(std::move(f));
    }

    // margins.off-page and margins.main-text: the worst per page and side.
    auto per_page_side = [&](auto pred, const char* kind) {
      std::map<std::pair<int, int>, const Over*> worst;
      for (const Over& o : all) {
        if (!pred(o)) continue;
        auto& w = worst[{o.page, o.side}];
        if (!w || o.over > w->over) w = &o;
      }
      for (const auto& [key, o] : worst) out.push_back(finding(kind, pr, *o));
    };
    // Content cut off on a main page: an error per page and side. In the references, the appendix
    // or the checklist (reviewers need not read them): one warning for the paper.
    per_page_side([&](const Over& o) { return o.off_page && !o.back; }, "off-page");
    // Main text past the block by more than error_over: an error when the paper does it on at least
    // error_pages main pages, or on a page whose content is cut off (HotCRP reports margins when a
    // share of the pages violates them); one table, line, logo or caption is the overfull warning.
    // Only text is measured to the glyph: a graphic's box includes whatever white space its canvas has
    // (a matplotlib figure's background, an image's margins), so past the block but on the paper it is
    // at most the overfull warning.
    auto far_text = [&](const Over& o) {
      return !o.off_page && !o.back && !systematic_side[o.side] && o.line >= 0 && o.over > pr.margin_error_over;
    };
    std::vector<int> far_pages, cut_pages;
    for (const Over& o : all) {
      if (far_text(o) && std::find(far_pages.begin(), far_pages.end(), o.page) == far_pages.end())
        far_pages.push_back(o.page);
      if (o.off_page && !o.back) cut_pages.push_back(o.page);
    }
    const bool systemic = static_cast<int>(far_pages.size()) >= std::max(1, pr.margin_error_pages);
    auto main_text_error = [&](const Over& o) {
      return far_text(o) && (systemic || std::find(cut_pages.begin(), cut_pages.end(), o.page) != cut_pages.end());
    };
    per_page_side(main_text_error, "main-text");
    // margins.overfull and margins.back-matter: one warning each for the paper.
    auto one_for_paper = [&](auto pred, const char* kind, const char* what) {
      std::vector<int> pages;
      const Over* w = nullptr;
      for (const Over& o : all) {
        if (!pred(o)) continue;
        if (std::find(pages.begin(), pages.end(), o.page + 1) == pages.end()) pages.push_back(o.page + 1);
        if (!w || o.over > w->over) w = &o;
      }
      if (!w) return;
      std::sort(pages.begin(), pages.end());
      Finding f = finding(kind, pr, *w);
      f.message = fmt::format("{} past the text block on {} {} (worst {:.1f} pt = {:.1f} mm into the {} margin on page {})",
                              what, pages.size() == 1 ? "page" : "pages", page_list(pages), w->over, w->over / kPtPerMm,
                              side_name(w->side), w->page + 1);
      out.push_back(std::move(f));
    };
    one_for_paper([&](const Over& o) {
      return !o.off_page && !o.back && !systematic_side[o.side] && !main_text_error(o);
    }, "overfull", "main-text lines, figures or tables");
    // Cut off in the back matter: one warning that says what and where.
    {
      std::vector<int> pages;
      const Over* w = nullptr;
      for (const Over& o : all) {
        if (!o.off_page || !o.back) continue;
        if (std::find(pages.begin(), pages.end(), o.page + 1) == pages.end()) pages.push_back(o.page + 1);
        if (!w || o.past_edge > w->past_edge || (o.past_edge == w->past_edge && o.over > w->over)) w = &o;
      }
      if (w) {
        std::sort(pages.begin(), pages.end());
        Finding f = finding("off-page.back-matter", pr, *w);
        std::string what = w->line >= 0 ? w->part + " text" : w->snippet;
        f.message = fmt::format("{} is cut off at the {} edge of the paper on {} {}{}: not in the main text, so a "
                                "reader loses it but reviewers need not read it",
                                what, side_name(w->side), pages.size() == 1 ? "page" : "pages", page_list(pages),
                                w->past_edge > 0 ? fmt::format(" (worst {:.1f} pt past the edge on page {})",
                                                               w->past_edge, w->page + 1)
                                                 : std::string());
        out.push_back(std::move(f));
      }
    }
    one_for_paper([&](const Over& o) { return !o.off_page && o.back && !systematic_side[o.side]; }, "back-matter",
                  "references, appendix or checklist content");
  }

 private:
  // The words of the line that cross the edge of `side` (for left/right), else the whole line.
  static void words_across(const Document& doc, const Line& l, const Profile& pr, int side, Over& o) {
    const Page& pg = doc.pages[l.page];
    double dx = shift(pg, pr);
    for (int id : l.words) {
      const Box& b = pg.words[id].box;
      if (side == kLeft && lineno_word(pg.words[id], pr.text_left + dx)) continue;
      if (side == kRight && (pr.line_numbers == "right" || pr.line_numbers == "both") &&
          right_lineno_word(pg.words[id], pr.text_right + dx))
        continue;
      bool across = side == kLeft ? b.x0 < pr.text_left + dx - pr.margin_tolerance
                    : side == kRight ? b.x1 > pr.text_right + dx + pr.margin_tolerance
                                     : true;
      if (!across) continue;
      o.box = o.box.empty() ? b : o.box.united(b);
      if (!o.snippet.empty()) o.snippet += ' ';
      o.snippet += pg.words[id].text;
    }
    if (o.snippet.empty()) {
      o.box = l.box;
      o.snippet = l.text;
    }
  }

  Finding finding(std::string_view kind, const Profile& pr, const Over& w) const {
    int side = w.side;
    double edge = side == kLeft ? pr.text_left : side == kRight ? pr.text_right : side == kTop ? pr.text_top : pr.text_bottom;
    std::string what = w.line >= 0 ? "text" : w.snippet;
    Finding f = make(kind, w.off_page
                               ? (w.past_edge > 0
                                      ? fmt::format("{} runs {:.1f} pt past the {} edge of the paper: it is cut off", what,
                                                    w.past_edge, side_name(side))
                                      : fmt::format("{} reaches the {} edge of the paper from inside the text block: it is cut off",
                                                    what, side_name(side)))
                               : fmt::format("{} runs {:.1f} pt ({:.1f} mm) into the {} margin (the text block ends at "
                                             "{} = {:g} pt)",
                                             what, w.over, w.over / kPtPerMm, side_name(side),
                                             side == kLeft || side == kRight ? "x" : "y", edge));
    f.page = w.page + 1;
    f.box = w.box;
    f.evidence = w.line >= 0 ? cut(w.snippet, 100) : fmt::format("{} at x {:.0f}-{:.0f}, y {:.0f}-{:.0f} pt", w.snippet,
                                                                 w.box.x0, w.box.x1, w.box.y0, w.box.y1);
    f.hint = side == kLeft || side == kRight
                 ? "make the table, figure, equation or URL fit \\textwidth (\\resizebox{\\textwidth}{!}{...}, "
                   "\\small, fewer columns, \\usepackage{xurl} for URLs); do not change the style's margins"
                 : "keep content inside the 9 in text block: no \\enlargethispage, \\vspace tricks or geometry changes; "
                   "move or shrink the float";
    return f;
  }
};

}  // namespace

std::unique_ptr<Rule> make_margins() { return std::make_unique<Margins>(); }

}  // namespace preflight
