// body-text: the body text is set as the template sets it: its font family, its
// size and its leading (baseline to baseline), measured on every main page from
// the dominant text (not captions, footnotes, tables, figures, headings, line
// numbers or running heads). The profile holds the template's values ([fonts]
// body_family, body_size, body_leading, body_tolerance). Smaller or more tightly
// set than the template beyond the tolerance on most main pages gains space the
// page limit does not allow: body-text.smaller / body-text.tighter (errors in
// the workshop profile). Another font at the template's size: body-text.font
// (a warning). Records facts.body_text. Silent for a profile without the values.
#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include <fmt/format.h>

#include "analysis/template_detect.hpp"
#include "rules/rules.hpp"

namespace preflight {

namespace {

bool has(const std::string& s, const char* n) { return s.find(n) != std::string::npos; }

}  // namespace

// The family of a font as a reader names it ("NimbusRomNo9L-Regu" -> "Times").
std::string font_family(const std::string& name) {
  struct Fam {
    const char* family;
    std::vector<const char*> marks;
  };
  static const std::vector<Fam> kFamilies = {
      {"Times", {"NimbusRomNo9L", "NimbusRoman", "Nimbus Roman", "NimbusRom", "Times", "TeXGyreTermes", "Termes",
                 "ptmr", "utmr", "STIXTwo", "STIX-", "STIXGeneral"}},
      {"Latin Modern", {"LMRoman", "LMSans", "LMMono", "lmr"}},
      {"Computer Modern", {"CMR", "CMBX", "CMTI", "CMSL", "CMSS", "CMTT", "SFRM", "SFBX", "SFTI", "SFSL", "SFSS",
                           "SFTT", "cmr", "EUR", "CMU"}},
      {"Palatino", {"Palatino", "Palladio", "Pagella", "pplr"}},
      {"Libertine", {"Libertine", "Libertinus", "LinLibertine"}},
      {"Charter", {"Charter", "XCharter", "bchr"}},
      {"Helvetica", {"Helvetica", "NimbusSan", "Arial", "TeXGyreHeros", "Heros"}},
      {"Bookman", {"Bookman", "Bonum"}},
      {"Schoolbook", {"Schoolbook", "Schola", "Century"}},
      {"Garamond", {"Garamond", "EBGaramond"}},
      {"Cambria", {"Cambria"}},
      {"Calibri", {"Calibri"}},
      {"DejaVu", {"DejaVu"}},
      {"Source Serif", {"SourceSerif"}},
      {"CJK", {"SimSun", "SimHei", "Song", "FangSong", "KaiTi", "Kai", "Hei", "Ming", "Mincho", "Gothic", "Batang",
               "Gulim", "NotoSansCJK", "NotoSerifCJK", "SourceHan", "CJK", "STSong", "STKaiti", "MicrosoftYaHei"}},
  };
  for (const auto& f : kFamilies)
    for (const char* m : f.marks)
      if (has(name, m)) return f.family;
  std::string base = name;
  std::size_t cut = base.find_first_of("-,");
  if (cut != std::string::npos && cut > 0) base = base.substr(0, cut);
  return base.empty() ? std::string("(unnamed)") : base;
}

namespace {

struct PageBody {
  int page = 0;          // 0-based
  double size = 0;       // mean size of the dominant body text
  double leading = 0;    // baseline to baseline inside paragraphs (0 = not measured)
  std::string font;      // dominant font name
  std::size_t chars = 0;
  int pairs = 0;         // line pairs behind the leading
};

// The most frequent value of `v` in 0.1 bins, refined to the mean of the
// values within 0.15 of it.
double mode01(const std::vector<double>& v) {
  if (v.empty()) return 0;
  std::map<long, int> hist;
  for (double x : v) ++hist[std::lround(x * 10)];
  auto best = std::max_element(hist.begin(), hist.end(), [](auto& a, auto& b) { return a.second < b.second; });
  double centre = static_cast<double>(best->first) / 10;
  double sum = 0;
  int n = 0;
  for (double x : v)
    if (std::abs(x - centre) <= 0.15) sum += x, ++n;
  return n ? sum / n : centre;
}

double baseline_of(const Page& p, const Line& l) {
  // The baseline of the line's longest word (a superscript or a subscript sits elsewhere).
  const Word* best = nullptr;
  for (int id : l.words)
    if (!best || p.words[id].text.size() > best->text.size()) best = &p.words[id];
  return best ? static_cast<double>(best->baseline) : l.box.y1;
}

std::vector<PageBody> measure(const Document& doc, const Layout& lay) {
  std::set<int> heading_lines;
  for (const Heading& h : lay.headings) heading_lines.insert(h.line);
  const int end = std::min<int>(lay.sections.main_end_line, static_cast<int>(lay.lines.size()));
  auto candidate = [&](int i) {
    const Line& l = lay.lines[i];
    if (l.margin_number || l.furniture || l.region >= 0 || l.caption || heading_lines.count(i)) return false;
    if (l.words.size() < 4 || l.size <= 0) return false;
    const Word& w = doc.pages[l.page].words[l.words.front()];
    return w.rotation == 0 && w.visible();
  };
  std::vector<PageBody> out;
  const int pages = static_cast<int>(lay.page_first_line.size()) - 1;
  for (int p = 0; p < pages; ++p) {
    auto [b, e] = lay.page_lines(p);
    e = std::min(e, end);
    if (b >= e) continue;
    // The page's dominant (size bin, font) by characters.
    std::map<std::pair<long, std::uint16_t>, std::size_t> weight;
    for (int i = b; i < e; ++i)
      if (candidate(i)) weight[{std::lround(lay.lines[i].size * 2), lay.lines[i].font}] += lay.lines[i].text.size();
    if (weight.empty()) continue;
    auto best = std::max_element(weight.begin(), weight.end(), [](auto& x, auto& y) { return x.second < y.second; });
    if (best->second < 400) continue;  // too little running text to measure (a figure page)
    const long bin = best->first.first;
    const std::uint16_t font = best->first.second;
    PageBody pb;
    pb.page = p;
    pb.font = doc.font_names[font];
    pb.chars = best->second;
    double wsum = 0, wn = 0;
    std::vector<double> gaps;
    const Line* prev = nullptr;
    double prev_base = 0;
    const Page& page = doc.pages[p];
    for (int i = b; i < e; ++i) {
      const Line& l = lay.lines[i];
      bool body = candidate(i) && std::lround(l.size * 2) == bin && l.font == font;
      if (!body) {
        if (!l.margin_number) prev = nullptr;  // a heading, a figure or a display between: not a line pair
        continue;
      }
      for (int id : l.words) {
        const Word& w = page.words[id];
        if (w.font != font) continue;
        wsum += w.size * static_cast<double>(w.text.size());
        wn += static_cast<double>(w.text.size());
      }
      double base = baseline_of(page, l);
      if (prev && prev->column == l.column) {
        double d = base - prev_base;
        if (d > 0.8 * l.size && d < 1.8 * l.size) gaps.push_back(d);
      }
      prev = &l;
      prev_base = base;
    }
    pb.size = wn > 0 ? wsum / wn : static_cast<double>(bin) / 2;
    // A Type 3 font's size is its glyphs' box height, not a font size: only the leading is measured.
    bool type3 = pb.font.empty();
    for (const FontInfo& fi : doc.fonts)
      if (fi.name == pb.font && fi.type == "Type3") type3 = true;
    if (type3) pb.size = 0;
    pb.pairs = static_cast<int>(gaps.size());
    if (gaps.size() >= 5) pb.leading = mode01(gaps);
    out.push_back(pb);
  }
  return out;
}

std::string fmt1(double v) { return fmt::format("{:.1f}", v); }

class BodyText : public Rule {
 public:
  std::string_view id() const override { return "body-text"; }
  std::string_view summary() const override {
    return "The body text has the template's font, size and leading (NeurIPS: Times 10 pt on 11 pt)";
  }
  RuleDoc doc() const override {
    return {"Measures the body text on every main page (before the references, appendix or checklist): the "
            "dominant font and size of the running text (not captions, footnotes, tables, figures, headings, line "
            "numbers or running heads) and its leading, the most common baseline-to-baseline distance between "
            "consecutive lines of a paragraph. Compares them with the template's values in the profile ([fonts] "
            "body_family, body_size, body_leading; body_tolerance, 0.3 pt): text smaller "
            "(body-text.smaller) or more tightly set (body-text.tighter) than the template beyond the tolerance "
            "on most measured main pages is an error in the workshop profile; another font family at the "
            "template's size is a warning (body-text.font). Pages with less than about 400 characters of body "
            "text are not measured. Records facts.body_text (font, family, size, leading, per page). Only for "
            "papers in the profile's template family or in no known template (another venue's template is the "
            "template rule's finding). Silent for a profile without body_size.",
            "Shrinking the font (\\small, 9pt) or the leading (\\baselinestretch, \\linespread, \\setstretch) is the "
            "oldest way to fit a page limit; the NeurIPS style sets the body in Times at 10 pt on 11 pt and forbids "
            "changing it, and HotCRP's format checker, the one chairs know, checks body font size and line "
            "spacing on every page. Another body font (Computer Modern, Latin Modern) means the style was not "
            "used as written.",
            "\\renewcommand{\\baselinestretch}{0.92} in the preamble (10 pt on 10.1 pt); the whole body in \\small "
            "(9 pt on 11 pt); \\usepackage{lmodern} after the style (Latin Modern instead of Times).",
            "Remove every change to the font size and the line spacing (\\small around the text, \\fontsize, "
            "\\baselinestretch, \\linespread, setspace) and any package that changes the body font (lmodern, "
            "mathptmx after the style); to fit the page limit, cut text instead."};
  }
  std::vector<KindDoc> kinds() const override {
    return {{"smaller", Severity::error, "body text smaller than the template's size on most main pages"},
            {"tighter", Severity::error, "body text set more tightly than the template's leading on most main pages"},
            {"font", Severity::warning, "the body text is in another font family than the template's, at its size"}};
  }

  void check(const Context& ctx, std::vector<Finding>& out) const override {
    const Profile& pr = ctx.profile;
    const Document& doc = ctx.doc;
    if (doc.pages.empty()) return;
    std::vector<PageBody> pages = measure(doc, ctx.layout);
    // Facts: the paper's font (by characters over the measured pages), size and leading.
    std::map<std::string, std::size_t> fonts;
    std::vector<double> sizes, leadings;
    for (const PageBody& p : pages) {
      fonts[p.font] += p.chars;
      if (p.size > 0) sizes.push_back(p.size);
      if (p.leading > 0) leadings.push_back(p.leading);
    }
    std::string font;
    if (!fonts.empty())
      font = std::max_element(fonts.begin(), fonts.end(), [](auto& a, auto& b) { return a.second < b.second; })->first;
    auto median = [](std::vector<double> v) {
      if (v.empty()) return 0.0;
      std::sort(v.begin(), v.end());
      return v[v.size() / 2];
    };
    const double size = median(sizes), leading = median(leadings);
    nlohmann::ordered_json per = nlohmann::ordered_json::array();
    for (const PageBody& p : pages)
      per.push_back({{"page", p.page + 1},
                     {"font", p.font},
                     {"size", p.size > 0 ? nlohmann::ordered_json(std::round(p.size * 100) / 100)
                                         : nlohmann::ordered_json(nullptr)},
                     {"leading", p.leading > 0 ? nlohmann::ordered_json(std::round(p.leading * 100) / 100)
                                               : nlohmann::ordered_json(nullptr)}});
    ctx.facts["body_text"] = {{"font", font},
                              {"family", font.empty() ? nlohmann::ordered_json(nullptr)
                                                      : nlohmann::ordered_json(font_family(font))},
                              {"size", size > 0 ? nlohmann::ordered_json(std::round(size * 100) / 100)
                                                : nlohmann::ordered_json(nullptr)},
                              {"leading", leading > 0 ? nlohmann::ordered_json(std::round(leading * 100) / 100)
                                                      : nlohmann::ordered_json(nullptr)},
                              {"pages_measured", pages.size()},
                              {"pages", per}};
    if (pr.body_size <= 0 || pages.empty()) return;

    // Only where the template's values apply: its family, or no known template.
    std::string family = "unknown";
    if (ctx.facts.contains("template") && ctx.facts["template"].contains("family") &&
        ctx.facts["template"]["family"].is_string())
      family = ctx.facts["template"]["family"].get<std::string>();
    else
      family = detect_template(doc, ctx.layout).family;
    if (family != pr.template_family && family != "unknown") return;

    const double tol = pr.body_tolerance;
    std::vector<int> smaller, tighter, other_font;
    int with_leading = 0;
    for (const PageBody& p : pages) {
      if (p.size > 0 && p.size < pr.body_size - tol) smaller.push_back(p.page + 1);
      if (p.leading > 0) {
        ++with_leading;
        if (pr.body_leading > 0 && p.leading < pr.body_leading - tol) tighter.push_back(p.page + 1);
      }
      if (!pr.body_family.empty() && p.size > 0 && font_family(p.font) != pr.body_family) other_font.push_back(p.page + 1);
    }
    int with_size = 0;
    for (const PageBody& p : pages) with_size += p.size > 0;
    auto most = [](std::size_t k, int of) { return of > 0 && static_cast<int>(k) * 2 > of; };
    auto example = [&](int page1) -> const PageBody& {
      for (const PageBody& p : pages)
        if (p.page + 1 == page1) return p;
      return pages.front();
    };
    auto body_line_box = [&](int page0) -> std::optional<Box> {
      auto [b, e] = ctx.layout.page_lines(page0);
      for (int i = b; i < e; ++i) {
        const Line& l = ctx.layout.lines[i];
        if (!l.margin_number && !l.furniture && l.region < 0 && l.words.size() >= 8) return l.box;
      }
      return std::nullopt;
    };
    const std::string want = fmt::format("{} {:g} pt on {:g} pt", pr.body_family.empty() ? "" : pr.body_family,
                                         pr.body_size, pr.body_leading);
    const std::string measured = fmt::format("{} at {} pt on {} pt leading", font_family(font), fmt1(size),
                                             leading > 0 ? fmt1(leading) : std::string("?"));
    bool error = false;
    if (most(smaller.size(), with_size)) {
      const PageBody& ex = example(smaller.front());
      Finding f = make("smaller", fmt::format("the body text is {} pt on {} of {} measured main pages ({}), smaller "
                                              "than the template's {:g} pt (tolerance {:g} pt): it gains space the "
                                              "page limit does not allow",
                                              fmt1(size), smaller.size(), with_size, page_list(smaller), pr.body_size, tol));
      f.page = ex.page + 1;
      f.box = body_line_box(ex.page);
      f.evidence = fmt::format("{}; page {}: {} {} pt", measured, ex.page + 1, ex.font, fmt1(ex.size));
      f.hint = fmt::format("remove what shrinks the text (\\small or \\footnotesize around the body, \\fontsize, a "
                           "9pt class option); the {} style sets {}",
                           pr.style, want);
      out.push_back(std::move(f));
      error = true;
    }
    if (pr.body_leading > 0 && most(tighter.size(), with_leading)) {
      const PageBody& ex = example(tighter.front());
      Finding f = make("tighter", fmt::format("the body text is set on {} pt leading on {} of {} measured main pages "
                                              "({}), tighter than the template's {:g} pt (tolerance {:g} pt): it "
                                              "gains space the page limit does not allow",
                                              fmt1(leading), tighter.size(), with_leading, page_list(tighter),
                                              pr.body_leading, tol));
      f.page = ex.page + 1;
      f.box = body_line_box(ex.page);
      f.evidence = fmt::format("{}; page {}: {} pt baseline to baseline", measured, ex.page + 1, fmt1(ex.leading));
      f.hint = fmt::format("remove what tightens the lines (\\renewcommand{{\\baselinestretch}}{{…}}, \\linespread, "
                           "setspace's \\setstretch, a negative \\baselineskip); the {} style sets {}",
                           pr.style, want);
      out.push_back(std::move(f));
      error = true;
    }
    if (!error && !pr.body_family.empty() && most(other_font.size(), with_size)) {
      const std::string fam = font_family(font);
      Finding f = make("font", fmt::format("the body text is set in {} ({}), not in {} as the template sets it, on "
                                           "{} of {} measured main pages",
                                           fam, font, pr.body_family, other_font.size(), with_size));
      const PageBody& ex = example(other_font.front());
      f.page = ex.page + 1;
      f.box = body_line_box(ex.page);
      f.evidence = measured;
      f.hint = fam == "Latin Modern"
                   ? fmt::format("remove \\usepackage{{lmodern}} (and other font packages): the {} style loads "
                                 "Times for the body; for Type 3 typewriter text keep \\usepackage[T1]{{fontenc}} and "
                                 "install cm-super instead",
                                 pr.style)
               : fam == "Computer Modern"
                   ? fmt::format("load the {} style unmodified (it loads Times); a body in Computer Modern means the "
                                 "style was not loaded or a font package overrides it",
                                 pr.style)
                   : fmt::format("remove the package or \\setmainfont that changes the body font: the {} style sets "
                                 "{}",
                                 pr.style, pr.body_family);
      out.push_back(std::move(f));
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_body_text() { return std::make_unique<BodyText>(); }

}  // namespace preflight
