// Figure and table regions, built once per document from what the loader saw
// painted (Page::graphics: image placements and vector-path boxes) and from the
// captions. Later stages use them: a line inside a figure is never a section
// heading (a diagram box labelled "Reference" / "Agent" is not the References),
// and the margin rules can measure figures and tables as wholes.
//
// Per page:
//  1. Captions: a line that starts "Figure N:", "Fig. N.", "Table N:" (also
//     "TABLE I." and a "|" separator); the caption's next lines in the same font
//     and size belong to it.
//  2. Graphics clusters: boxes that touch or nearly touch (3 pt) are one
//     cluster. Thin rules (table rules, the title rules, footnote rules) and
//     page-sized backgrounds are not figures on their own.
//  3. A figure caption takes the nearest cluster above it (within 80 pt, in its
//     column), a table caption the nearest below it (else above). The text
//     between the cluster and the caption that is not set like the body joins
//     the region.
//  4. A caption with no cluster near it gets the text next to it: for a figure
//     the lines above the caption, for a table the lines below (then above),
//     up to the first line set like the body text (the body's font and size,
//     or a long line of a paragraph) or a numbered heading; a table also ends
//     at a gap wider than its rows.
//  5. A cluster without a caption is a figure too (an unnumbered diagram), unless
//     it is a text box (mostly paragraph lines) or a highlight behind one line.
// Every line whose centre lies in a region's graphics box joins that region.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>

#include <re2/re2.h>

#include "preflight/layout.hpp"

namespace preflight {
namespace {

constexpr double kJoinGap = 3.0;        // graphics closer than this are one cluster
constexpr double kCaptionReach = 80.0;  // a caption is at most this far from its graphics
constexpr std::size_t kMaxClusters = 4000;  // merge pass is quadratic in the clusters

bool near(const Box& a, const Box& b, double gap) {
  return a.x0 - gap <= b.x1 && b.x0 - gap <= a.x1 && a.y0 - gap <= b.y1 && b.y0 - gap <= a.y1;
}

Box hull(const Box& a, const Box& b) {
  return Box{std::min(a.x0, b.x0), std::min(a.y0, b.y0), std::max(a.x1, b.x1), std::max(a.y1, b.y1)};
}

struct Cluster {
  Box box;
  bool alive = true;
  bool used = false;
};

// Graphics of one page grouped into clusters of touching boxes (a sweep over y,
// then merging until no two clusters touch).
std::vector<Cluster> cluster_graphics(const Page& page) {
  std::vector<Box> boxes;
  const double area = page.width * page.height;
  for (const Graphic& g : page.graphics) {
    Box b{std::max(0.0, g.box.x0), std::max(0.0, g.box.y0), std::min(page.width, g.box.x1),
          std::min(page.height, g.box.y1)};
    if (b.x1 < b.x0 || b.y1 < b.y0 || b.width() + b.height() < 0.5) continue;
    if (b.width() * b.height() > 0.5 * area) continue;  // a background under the page or the text block
    boxes.push_back(b);
  }
  std::sort(boxes.begin(), boxes.end(), [](const Box& a, const Box& b) { return a.y0 < b.y0; });
  std::vector<Cluster> out;
  std::vector<std::size_t> active;
  for (const Box& b : boxes) {
    std::size_t target = SIZE_MAX;
    std::size_t keep = 0;
    for (std::size_t k = 0; k < active.size(); ++k) {
      Cluster& c = out[active[k]];
      if (!c.alive) continue;
      if (c.box.y1 + kJoinGap < b.y0) continue;  // above the sweep: nothing later can touch it
      if (near(c.box, b, kJoinGap)) {
        if (target == SIZE_MAX) {
          target = active[k];
          c.box = hull(c.box, b);
        } else {
          out[target].box = hull(out[target].box, c.box);
          c.alive = false;
          continue;
        }
      }
      active[keep++] = active[k];
    }
    active.resize(keep);
    if (target == SIZE_MAX) {
      out.push_back(Cluster{b});
      active.push_back(out.size() - 1);
    }
  }
  std::vector<Cluster> live;
  for (auto& c : out)
    if (c.alive) live.push_back(c);
  if (live.size() <= kMaxClusters) {
    int passes = 0;
    for (bool merged = true; merged && passes < 8; ++passes) {
      merged = false;
      for (std::size_t i = 0; i < live.size(); ++i)
        for (std::size_t j = i + 1; j < live.size(); ++j)
          if (near(live[i].box, live[j].box, kJoinGap)) {
            live[i].box = hull(live[i].box, live[j].box);
            live.erase(live.begin() + static_cast<std::ptrdiff_t>(j));
            merged = true;
            --j;
          }
    }
  }
  return live;
}

// A figure-sized cluster: not a rule, an underline or a dot.
bool figure_sized(const Box& b) { return b.width() >= 12 && b.height() >= 12; }

struct Ctx {
  const Document& doc;
  Layout& lay;
  int page;
  double width;
  double text_width = 0;  // width of the page's text (its body lines' extent), for "a full line"
};

// The x range of the column a line sits in.
std::pair<double, double> column_range(const Ctx& c, const Line& l) {
  double mid = c.width / 2;
  if (c.lay.page_columns[c.page] == 2 && l.column == 1) return {0, mid};
  if (c.lay.page_columns[c.page] == 2 && l.column == 2) return {mid, c.width};
  return {0, c.width};
}

bool digit_number(const std::string& t) {  // "3", "3.", "3.1"
  if (t.empty() || !std::isdigit(static_cast<unsigned char>(t[0]))) return false;
  for (char ch : t)
    if (!std::isdigit(static_cast<unsigned char>(ch)) && ch != '.') return false;
  return t.size() <= 6;
}

// "3 Method", "4.2 Results" set bold or larger: a section heading ends a walk.
bool numbered_heading(const Ctx& c, const Line& l) {
  if (l.words.size() < 2) return false;
  const Page& p = c.doc.pages[l.page];
  const std::string& first = p.words[l.words[0]].text;
  const std::string& second = p.words[l.words[1]].text;
  if (!digit_number(first) || second.empty() || !std::isupper(static_cast<unsigned char>(second[0]))) return false;
  return l.bold || l.size >= c.lay.body_size + 0.9;
}

// "References", "Appendix", "Acknowledgments" set as a heading: a table (whose
// float often sits right above the References) never runs into one.
bool keyword_heading(const Ctx& c, const Line& l) {
  if (!(l.bold || l.size >= c.lay.body_size + 0.9) || l.words.size() > 4) return false;
  std::string k;
  for (unsigned char ch : l.text)
    if (std::isalpha(ch)) k += static_cast<char>(std::tolower(ch));
  for (const char* w : {"references", "bibliography", "appendix", "appendices", "acknowledgments",
                        "acknowledgements", "acknowledgment", "acknowledgement"})
    if (k == w || (k.size() > std::string(w).size() && k.compare(k.size() - std::string(w).size(), std::string::npos, w) == 0))
      return true;
  return false;
}

bool body_set(const Ctx& c, const Line& l) {
  return std::abs(l.size - c.lay.body_size) <= 0.6 && l.font == c.lay.body_font;
}

// The width a full line of text has in the column of `l`.
double column_width(const Ctx& c, const Line& l) {
  bool two = c.lay.page_columns[c.page] == 2 && l.column != 0;
  return two ? c.text_width / 2 - 6 : c.text_width;
}

bool paragraph_line(const Line& l, double col_width) {
  return l.words.size() >= 5 && l.box.width() >= 0.6 * col_width;
}

bool skip(const Line& l) { return l.margin_number || l.furniture; }

// Lines above a figure caption (down = false) or below a table caption (down =
// true) that belong to its figure or table, nearest first; stops at body text.
std::vector<int> walk(const Ctx& c, int caption_first, int caption_last, bool down, bool table, double limit_y) {
  const Line& cap = c.lay.lines[caption_first];
  auto [cx0, cx1] = column_range(c, cap);
  double col_width = column_width(c, cap);
  auto [b, e] = c.lay.page_lines(c.page);
  std::vector<int> cand;
  double edge = down ? c.lay.lines[caption_last].box.y1 : cap.box.y0;
  for (int i = b; i < e; ++i) {
    const Line& l = c.lay.lines[i];
    if (skip(l) || (i >= caption_first && i <= caption_last)) continue;
    if (l.box.x1 <= cx0 || l.box.x0 >= cx1) continue;
    if (down ? l.box.y0 < edge - 1 : l.box.y1 > edge + 1) continue;
    if (down ? l.box.y0 > limit_y : l.box.y1 < limit_y) continue;
    cand.push_back(i);
  }
  std::sort(cand.begin(), cand.end(), [&](int x, int y) {
    const Box &X = c.lay.lines[x].box, &Y = c.lay.lines[y].box;
    if (down) return X.y0 != Y.y0 ? X.y0 < Y.y0 : X.x0 < Y.x0;
    return X.y1 != Y.y1 ? X.y1 > Y.y1 : X.x0 < Y.x0;
  });
  std::vector<int> out;
  double reach = edge;  // the far edge of what the walk has taken so far
  for (int i : cand) {
    const Line& l = c.lay.lines[i];
    if (l.caption || l.region >= 0 || numbered_heading(c, l)) break;
    if (table) {
      // A table ends at a paragraph line, a section keyword set as a heading, or
      // a gap wider than its rows (the float's separation from the text).
      if (keyword_heading(c, l)) break;
      if (body_set(c, l) && l.box.width() >= 0.7 * col_width) break;
      if (l.words.size() >= 8 && l.box.width() >= 0.7 * col_width) break;
      double gap = down ? l.box.y0 - reach : reach - l.box.y1;
      double allowed = out.empty() ? 1.6 * c.lay.body_size : 1.5 * c.lay.body_size;
      if (gap > std::max(allowed, 8.0)) break;
    } else {
      if (body_set(c, l) || paragraph_line(l, col_width)) break;
    }
    out.push_back(i);
    reach = down ? std::max(reach, l.box.y1) : std::min(reach, l.box.y0);
  }
  return out;
}

// The caption's own lines: the first, then lines directly below in the same
// font and size that read like text (four words or more).
int caption_end(const Ctx& c, int first) {
  const Line& cap = c.lay.lines[first];
  auto [b, e] = c.lay.page_lines(c.page);
  (void)b;
  int last = first;
  for (int i = first + 1; i < e; ++i) {
    const Line& l = c.lay.lines[i];
    if (skip(l)) continue;
    const Line& prev = c.lay.lines[last];
    double gap = l.box.y0 - prev.box.y1;
    if (l.column != cap.column || l.font != cap.font || std::abs(l.size - cap.size) > 0.3) break;
    if (gap < -0.5 * cap.size || gap > 0.6 * std::max(cap.size, 1.0) || l.words.size() < 4) break;
    last = i;
  }
  return last;
}

// Whether a table sits below its caption (NeurIPS, ICML) or above it (ACL,
// many hand-made tables): a table rule just below or above the caption decides;
// else the side whose nearest line is closer and is not a paragraph line.
bool table_below(const Ctx& c, int first, int last, const std::vector<Cluster>& clusters) {
  const Line& cap = c.lay.lines[first];
  const Line& end = c.lay.lines[last];
  auto [cx0, cx1] = column_range(c, cap);
  for (const Cluster& g : clusters) {
    if (g.used || g.box.height() > 2.5 || g.box.width() < 40 || g.box.x1 <= cx0 || g.box.x0 >= cx1) continue;
    double below = g.box.y0 - end.box.y1, above = cap.box.y0 - g.box.y1;
    if (below >= -1 && below <= 14) return true;
    if (above >= -1 && above <= 14) return false;
  }
  double gap_above = 1e9, gap_below = 1e9;
  const Line* near_above = nullptr;
  const Line* near_below = nullptr;
  auto [b, e] = c.lay.page_lines(c.page);
  for (int i = b; i < e; ++i) {
    const Line& l = c.lay.lines[i];
    if (skip(l) || (i >= first && i <= last) || l.box.x1 <= cx0 || l.box.x0 >= cx1) continue;
    double below = l.box.y0 - end.box.y1, above = cap.box.y0 - l.box.y1;
    if (below >= -1 && below < gap_below) gap_below = below, near_below = &l;
    if (above >= -1 && above < gap_above) gap_above = above, near_above = &l;
  }
  double col_width = column_width(c, cap);
  auto text_like = [&](const Line* l) {
    return l == nullptr || (body_set(c, *l) && l->box.width() >= 0.7 * col_width) || keyword_heading(c, *l) ||
           numbered_heading(c, *l);
  };
  if (text_like(near_below) != text_like(near_above)) return !text_like(near_below);
  return gap_below <= gap_above;
}

// A line that continues the sentence of the line before it (same column, font
// and size, a line's spacing apart, and that line is a full line that ends
// without a full stop or colon) is body text, even when it starts "Table 1."
// or "Figure 2:".
bool continues_sentence(const Ctx& c, int i) {
  const Line& l = c.lay.lines[i];
  auto [b, e] = c.lay.page_lines(c.page);
  (void)e;
  for (int j = i - 1; j >= b; --j) {
    const Line& p = c.lay.lines[j];
    if (skip(p)) continue;
    if (p.column != l.column || p.font != l.font || std::abs(p.size - l.size) > 0.3) return false;
    double gap = l.box.y0 - p.box.y1;
    if (gap < -0.5 * l.size || gap > 0.6 * l.size) return false;
    if (p.box.width() < 0.7 * column_width(c, p)) return false;  // a short line ("(a) Accuracy") ends a paragraph
    char last = p.text.empty() ? '.' : p.text.back();
    return last != '.' && last != ':' && last != '!' && last != '?';
  }
  return false;
}

void page_regions(const Document& doc, Layout& lay, int pageno) {
  const Page& page = doc.pages[pageno];
  Ctx c{doc, lay, pageno, page.width};
  // Plain variables, not structured bindings: lambdas below capture them,
  // which clang 14 (the fuzz build) does not allow for bindings.
  const auto lines_of_page = lay.page_lines(pageno);
  const int b = lines_of_page.first, e = lines_of_page.second;
  {
    double x0 = 1e9, x1 = -1e9;
    for (int i = b; i < e; ++i) {
      const Line& l = lay.lines[i];
      if (skip(l) || !body_set(c, l)) continue;
      x0 = std::min(x0, l.box.x0);
      x1 = std::max(x1, l.box.x1);
    }
    c.text_width = x1 > x0 ? x1 - x0 : page.width;
  }
  static const RE2 caption_re(
      R"(^(Figure|Fig\.|FIGURE|FIG\.|Table|TABLE)\s*([A-Z]?\d{1,3}[a-z]?(?:\.\d{1,3})?|[IVXL]{1,6})\s*[:.|])");

  struct Cap { int first, last; Region::Kind kind; std::string label; };
  std::vector<Cap> caps;
  for (int i = b; i < e; ++i) {
    Line& l = lay.lines[i];
    if (skip(l) || l.caption) continue;
    std::string word, number;
    if (!RE2::PartialMatch(l.text, caption_re, &word, &number)) continue;
    if (continues_sentence(c, i)) continue;  // "... are summarized in / Table 1. We observe ..."
    bool table = word[0] == 'T';
    int last = caption_end(c, i);
    for (int k = i; k <= last; ++k) lay.lines[k].caption = true;
    std::string name = table ? "Table" : "Figure";
    caps.push_back(Cap{i, last, table ? Region::Kind::table : Region::Kind::figure, name + " " + number});
  }

  std::vector<Cluster> clusters = cluster_graphics(page);
  auto add_region = [&](Region r) {
    int id = static_cast<int>(lay.regions.size());
    for (int li : r.lines) {
      lay.lines[li].region = id;
      r.box = r.box.united(lay.lines[li].box);
    }
    lay.regions.push_back(std::move(r));
  };
  // Lines whose centre lies in a graphics box (a little grown), not yet taken.
  auto lines_in = [&](const Box& g) {
    std::vector<int> out;
    for (int i = b; i < e; ++i) {
      const Line& l = lay.lines[i];
      if (skip(l) || l.caption || l.region >= 0) continue;
      double cx = (l.box.x0 + l.box.x1) / 2, cy = (l.box.y0 + l.box.y1) / 2;
      if (cx >= g.x0 - 3 && cx <= g.x1 + 3 && cy >= g.y0 - 3 && cy <= g.y1 + 3) out.push_back(i);
    }
    return out;
  };

  for (const Cap& cap : caps) {
    const Line& cl = lay.lines[cap.first];
    const Line& last = lay.lines[cap.last];
    const auto column = column_range(c, cl);
    const double cx0 = column.first, cx1 = column.second;
    bool table = cap.kind == Region::Kind::table;
    // The nearest figure-sized cluster: above a figure caption; below a table caption, else above.
    auto pick = [&](bool below) {
      int best = -1;
      double best_d = kCaptionReach;
      for (int k = 0; k < static_cast<int>(clusters.size()); ++k) {
        const Cluster& g = clusters[k];
        if (g.used || !figure_sized(g.box) || g.box.x1 <= cx0 || g.box.x0 >= cx1) continue;
        double d = below ? g.box.y0 - last.box.y1 : cl.box.y0 - g.box.y1;
        if (d < -2 || d > best_d) continue;
        best = k;
        best_d = d;
      }
      return best;
    };
    int k = table ? pick(true) : pick(false);
    bool below = table && k >= 0;
    if (k < 0 && table) k = pick(false);
    Region r;
    r.kind = cap.kind;
    r.page = pageno;
    r.caption = cap.first;
    r.label = cap.label;
    if (k >= 0) {
      clusters[k].used = true;
      r.source = Region::Source::graphics;
      r.graphics = clusters[k].box;
      r.box = r.graphics;
      r.lines = lines_in(r.graphics);
      // Text between the graphics and the caption (axis labels, a legend).
      double limit = below ? r.graphics.y0 : r.graphics.y1;
      for (int li : walk(c, cap.first, cap.last, below, table, limit))
        if (std::find(r.lines.begin(), r.lines.end(), li) == r.lines.end()) r.lines.push_back(li);
    } else {
      r.source = Region::Source::caption_text;
      const double inf = std::numeric_limits<double>::infinity();
      bool down = table && table_below(c, cap.first, cap.last, clusters);
      r.lines = walk(c, cap.first, cap.last, down, table, down ? inf : -inf);
      if (r.lines.empty() && table) r.lines = walk(c, cap.first, cap.last, !down, true, !down ? inf : -inf);
      if (r.lines.empty()) continue;
    }
    add_region(std::move(r));
  }
  // A table's rules (thin clusters) next to its text belong to it.
  for (auto& r : lay.regions) {
    if (r.page != pageno || r.kind != Region::Kind::table || r.box.empty()) continue;
    for (auto& g : clusters)
      if (!g.used && near(r.box, g.box, 6) && g.box.height() <= 2.5) {
        g.used = true;
        r.graphics = r.graphics.united(g.box);
        r.box = r.box.united(g.box);
      }
  }
  // Clusters without a caption: unnumbered figures, unless a text box or a highlight.
  for (auto& g : clusters) {
    if (g.used || !figure_sized(g.box)) continue;
    std::vector<int> inside = lines_in(g.box);
    int para = 0;
    for (int li : inside) {
      const Line& l = lay.lines[li];
      if (l.words.size() >= 6 && std::abs(l.size - lay.body_size) <= 1.5 && l.box.width() >= 0.5 * g.box.width()) ++para;
    }
    if (para >= 3 && 2 * para >= static_cast<int>(inside.size())) continue;  // a shaded text box
    if (inside.size() == 1 && g.box.height() < 2.5 * lay.lines[inside[0]].box.height()) continue;  // a highlight
    g.used = true;
    Region r;
    r.page = pageno;
    r.graphics = g.box;
    r.box = g.box;
    r.lines = std::move(inside);
    add_region(std::move(r));
  }
}

}  // namespace

void find_regions(const Document& doc, Layout& lay) {
  lay.regions.clear();
  for (auto& l : lay.lines) {
    l.region = -1;
    l.caption = false;
  }
  for (int p = 0; p < static_cast<int>(doc.pages.size()); ++p) page_regions(doc, lay, p);
}

}  // namespace preflight
