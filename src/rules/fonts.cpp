// fonts: no Type 3 and no non-embedded fonts (NeurIPS asks for Type 1 or
// embedded TrueType), and body text not below the profile's minimum size.
// Kinds: fonts.type3 (a warning by default: the template asks authors to fix
// it, nobody rejects a paper for it), fonts.not-embedded (an error: the glyphs
// a reviewer sees are a guess), fonts.not-embedded.base14 (a warning: the 14
// standard PDF fonts are in every viewer, with the same metrics).
#include <algorithm>
#include <cmath>
#include <set>

#include <fmt/format.h>

#include "rules/rules.hpp"

namespace preflight {
namespace {

constexpr std::size_t kMaxPerKind = 5;  // name this many fonts one by one, then summarise

bool contains(const std::string& s, const char* n) { return s.find(n) != std::string::npos; }

// One of the 14 standard PDF fonts (every viewer has them, metric-compatible),
// under its standard name or a common alias (Arial = Helvetica, TimesNewRoman).
bool base14(const std::string& name) {
  static const char* const kNames[] = {"Times-Roman", "Times-Bold", "Times-Italic", "Times-BoldItalic", "Helvetica",
                                       "Helvetica-Bold", "Helvetica-Oblique", "Helvetica-BoldOblique", "Courier",
                                       "Courier-Bold", "Courier-Oblique", "Courier-BoldOblique", "Symbol",
                                       "ZapfDingbats", "Arial", "Arial,Bold", "Arial,Italic", "Arial,BoldItalic",
                                       "ArialMT", "Arial-BoldMT", "Arial-ItalicMT", "Arial-BoldItalicMT",
                                       "TimesNewRoman", "TimesNewRoman,Bold", "TimesNewRoman,Italic",
                                       "TimesNewRoman,BoldItalic", "TimesNewRomanPSMT", "TimesNewRomanPS-BoldMT",
                                       "TimesNewRomanPS-ItalicMT", "TimesNewRomanPS-BoldItalicMT", "CourierNew",
                                       "CourierNewPSMT"};
  for (const char* n : kNames)
    if (name == n) return true;
  return false;
}

// The fix depends on where the Type 3 font comes from. None of these changes
// the body font: the NeurIPS style sets the body in Times (times/ptm) and
// Computer Modern is only its math and typewriter text.
std::string type3_hint(const std::string& name) {
  if (contains(name, "DejaVu") || contains(name, "Bitstream") || contains(name, "Arial") || contains(name, "Helvetica"))
    return "a Type 3 font like this usually comes from a matplotlib figure: set "
           "matplotlib.rcParams['pdf.fonttype'] = 42 (or use text.usetex) and re-export the figure";
  if (font_family(name) == "CJK")
    return "a CJK font embedded as Type 3 (a bitmap or a converted font, e.g. from xeCJK/CJKutf8 with a PK font or "
           "a figure): use an outline CJK font (CJKutf8 with the Type 1 fonts of cjk-fonts, or XeLaTeX/LuaLaTeX "
           "with an OpenType font, which is embedded as a CID font), or re-export the figure with fonts embedded; "
           "this is not a Computer Modern case";
  const bool tex = name.rfind("(Type 3", 0) == 0 || font_family(name) == "Computer Modern" ||
                   name.rfind("EC", 0) == 0 || name.rfind("TC", 0) == 0;
  if (tex)
    return "pdfTeX made bitmap fonts for T1-encoded Computer Modern (\\usepackage[T1]{fontenc} without the cm-super "
           "Type 1 fonts): install cm-super (Debian/Ubuntu: apt install cm-super; TeX Live: tlmgr install cm-super) "
           "and recompile with \\usepackage[T1]{fontenc} kept, or drop [T1]{fontenc}. Do not add a font package "
           "such as lmodern: it replaces the template's Times body font";
  return "a Type 3 font: if it is inside a figure, re-export the figure with embedded Type 1/TrueType fonts "
         "(matplotlib: pdf.fonttype 42); if it is text of the paper, load the font as an outline (Type 1 or "
         "OpenType) font instead of a bitmap one";
}

// Poppler names no font for Type 3 text: a few words on `page` with no font name.
std::string unnamed_sample(const Document& doc, int page) {
  if (page < 1 || page > static_cast<int>(doc.pages.size())) return {};
  std::string s;
  for (const Word& w : doc.pages[page - 1].words) {
    if (!doc.font_of(w).empty()) continue;
    if (!s.empty()) s += ' ';
    s += w.text;
    if (s.size() > 30) break;
  }
  return s;
}


class Fonts : public Rule {
 public:
  std::string_view id() const override { return "fonts"; }
  std::string_view summary() const override {
    return "Only Type 1 or embedded TrueType fonts (no Type 3, nothing unembedded); body text not too small";
  }
  RuleDoc doc() const override {
    return {"Lists the fonts of the PDF and reports every Type 3 font (fonts.type3) and every font that is not "
            "embedded (fonts.not-embedded; fonts.not-embedded.base14 for the 14 standard PDF fonts such as Times and "
            "Helvetica, which every viewer substitutes with the same metrics), naming the font, a page that uses it "
            "and the fix. Warns when the body text (the most common font size) is below the profile's minimum "
            "(9 pt) when the profile gives no template body size (else the body-text rule measures it). In the workshop profile a Type 3 font alone is a warning (the workshop is non-archival: the "
            "template asks for the fix, nobody rejects a paper for it); a non-embedded font other than the standard "
            "ones is an error, since reviewers then read whatever font their viewer guesses.",
            "NeurIPS asks for Type 1 or embedded TrueType fonts and asks authors to fix Type 3 or non-embedded "
            "fonts: bitmap Type 3 fonts print and zoom badly and fail the proceedings' checks, and a non-embedded "
            "font renders differently on every machine. Shrinking the body font gains space the page limit does "
            "not allow.",
            "\\usepackage[T1]{fontenc} without cm-super: every \\texttt word becomes a bitmap Type 3 font "
            "(pdffonts shows 'Type 3'); a matplotlib figure saved with the default pdf.fonttype 3.",
            "Install cm-super (keep \\usepackage[T1]{fontenc}; do not switch the body font with lmodern); export "
            "figures with pdf.fonttype 42; use an outline font for CJK text; embed all "
            "fonts (pdflatex does by default; for other tools use ps2pdf -dEmbedAllFonts=true). Check with "
            "`pdffonts paper.pdf`."};
  }

  std::vector<KindDoc> kinds() const override {
    return {{"type3", Severity::warning, "Type 3 fonts (bitmap or matplotlib's default), named with a page and the fix"},
            {"not-embedded", Severity::error, "fonts that are not embedded in the PDF (other than the 14 standard ones)"},
            {"not-embedded.base14", Severity::warning,
             "one of the 14 standard PDF fonts (Times, Helvetica, Courier, Symbol, ZapfDingbats) not embedded"},
            {"small-body", Severity::warning, "body text below the profile's minimum size"}};
  }

  void check(const Context& ctx, std::vector<Finding>& out) const override {
    const Document& doc = ctx.doc;
    // Group font objects by name: a matplotlib PDF embeds one Type 3 DejaVuSans per figure.
    struct Group {
      std::string name, type;
      bool embedded = false;
      std::set<int> pages;
      int objects = 0;
    };
    std::vector<Group> type3, unembedded, standard;
    auto add = [](std::vector<Group>& list, const FontInfo& f) {
      const std::string& name = f.name;  // the loader strips the slash and the subset tag
      auto it = std::find_if(list.begin(), list.end(), [&](const Group& g) { return g.name == name; });
      if (it == list.end()) {
        list.push_back(Group{name, f.type, f.embedded, {}, 0});
        it = list.end() - 1;
      }
      it->pages.insert(f.pages.begin(), f.pages.end());
      ++it->objects;
    };
    for (const FontInfo& f : doc.fonts) {
      if (f.pages.empty()) continue;  // declared but unused
      if (f.type == "Type3") add(type3, f);
      else if (!f.embedded) add(base14(f.name) ? standard : unembedded, f);
    }
    auto report = [&](const std::vector<Group>& list, bool is_type3, std::string_view kind) {
      for (std::size_t i = 0; i < list.size() && i < kMaxPerKind; ++i) {
        const Group& g = list[i];
        int first = *g.pages.begin();
        std::string pages = g.pages.size() == 1 ? fmt::format("page {}", first)
                                                : fmt::format("page {} and {} more", first, g.pages.size() - 1);
        bool unnamed = g.name.rfind("(Type 3", 0) == 0;
        // Unnamed Type 3 fonts (pdfTeX bitmap fonts): show text set in one.
        std::string sample = is_type3 && unnamed ? unnamed_sample(doc, first) : std::string();
        std::string objects = g.objects > 1 ? fmt::format(", {} font objects", g.objects) : "";
        Finding fi = make(kind,
                          is_type3 ? fmt::format("{} (used on {}{}{}): the template asks for Type 1 or embedded "
                                                 "TrueType fonts",
                                                 unnamed ? std::string("an unnamed Type 3 font") : "Type 3 font " + g.name,
                                                 pages, objects,
                                                 sample.empty() ? "" : fmt::format(", e.g. for \"{}\"", sample))
                          : kind == "not-embedded"
                              ? fmt::format("font {} ({}) is not embedded (used on {}): readers see whatever font their "
                                            "viewer substitutes",
                                            g.name, g.type, pages)
                              : fmt::format("font {} ({}) is not embedded (used on {}): a standard PDF font, which viewers "
                                            "substitute with the same metrics, but the template asks for embedded fonts",
                                            g.name, g.type, pages));
        fi.page = first;
        fi.evidence = sample.empty() ? fmt::format("{} {}{}", g.name, g.type, g.embedded ? ", embedded" : ", not embedded")
                                     : sample;
        fi.hint = is_type3 ? type3_hint(g.name)
                           : "embed every font: pdflatex embeds by default (check updmap's pdftexDownloadBase14); "
                             "for a figure, re-export it with fonts embedded; or run "
                             "gs -dPDFSETTINGS=/prepress -dEmbedAllFonts=true";
        out.push_back(std::move(fi));
      }
      if (list.size() > kMaxPerKind) {
        std::string names;
        for (std::size_t i = kMaxPerKind; i < list.size() && i < kMaxPerKind + 8; ++i)
          names += (names.empty() ? "" : ", ") + list[i].name;
        if (list.size() > kMaxPerKind + 8) names += ", ...";
        Finding fi = make(kind, fmt::format("{} more {} fonts: {}", list.size() - kMaxPerKind,
                                                       is_type3 ? "Type 3" : "non-embedded", names));
        fi.page = *list[kMaxPerKind].pages.begin();
        fi.evidence = names;
        fi.hint = is_type3 ? type3_hint(list[kMaxPerKind].name) : "embed every font";
        out.push_back(std::move(fi));
      }
    };
    report(type3, true, "type3");
    report(unembedded, false, "not-embedded");
    report(standard, false, "not-embedded.base14");

    const Layout& lay = ctx.layout;
    if (ctx.profile.body_size <= 0 && doc.word_count() > 200 && lay.body_size > 0 && !doc.font_names[lay.body_font].empty() && lay.body_size + 0.25 < ctx.profile.min_body_size) {
      // The page where body-size text is most common, as the example.
      std::vector<std::size_t> chars(doc.pages.size(), 0);
      for (const Line& l : lay.lines)
        if (!l.margin_number && std::abs(l.size - lay.body_size) < 0.3) chars[l.page] += l.text.size();
      std::size_t page = 0;
      for (std::size_t p = 1; p < chars.size(); ++p)
        if (chars[p] > chars[page]) page = p;
      Finding f = make("small-body", fmt::format("the body text is set in {:g} pt, below the minimum of {:g} pt",
                                                      lay.body_size, ctx.profile.min_body_size));
      f.page = static_cast<int>(page) + 1;
      for (const Line& l : lay.lines)
        if (l.page == static_cast<int>(page) && !l.margin_number && std::abs(l.size - lay.body_size) < 0.3 &&
            l.text.size() > 30) {
          f.box = l.box;
          f.evidence = l.text.size() > 80 ? l.text.substr(0, l.text.find(' ', 60) == std::string::npos ? l.text.size() : l.text.find(' ', 60)) : l.text;
          break;
        }
      f.hint = "do not change the font size: remove \\small/\\fontsize around the text and any 9pt class option; "
               "the NeurIPS style sets 10 pt";
      out.push_back(std::move(f));
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_fonts() { return std::make_unique<Fonts>(); }

}  // namespace preflight
