// template: the paper uses the profile's template in the mode the moment needs
// (anonymous submission, or final for the camera-ready). Records
// facts.template. Detection lives in src/analysis/template_detect.cpp; the
// venue's facts (family, year, the strings its style prints per mode, how to
// load it) come from the profile's [template] table. NeurIPS, whose notice
// names the mode and the track, gets the detailed checks below; other families
// are checked by the profile's notice strings.
#include <cctype>

#include <fmt/format.h>

#include "analysis/template_detect.hpp"
#include "rules/rules.hpp"

namespace preflight {
namespace {

// The text of the first pages (line breaks joined; a line-end hyphen before a
// lower-case letter dropped), whitespace collapsed.
std::string first_pages_text(const Layout& lay, int pages) {
  std::string out;
  int n = std::min<int>(pages, static_cast<int>(lay.page_first_line.size()) - 1);
  for (int p = 0; p < n; ++p) {
    auto [b, e] = lay.page_lines(p);
    for (int i = b; i < e; ++i) {
      const Line& l = lay.lines[i];
      if (l.margin_number || l.text.empty()) continue;
      if (!out.empty()) {
        if (out.back() == '-' && std::islower(static_cast<unsigned char>(l.text[0]))) out.pop_back();
        else out += ' ';
      }
      out += l.text;
    }
  }
  return out;
}


std::string without_spaces(const std::string& s) {
  std::string out;
  for (unsigned char c : s)
    if (!std::isspace(c)) out += static_cast<char>(c);
  return out;
}

// The first of `strings` printed on the first two pages, or "". Spaces are
// ignored on both sides: a superscript ("42 nd") or a justified line adds or
// drops them.
std::string printed(const std::string& text, const std::vector<std::string>& strings) {
  std::string t = without_spaces(text);
  for (const auto& s : strings) {
    std::string c = without_spaces(s);
    if (!c.empty() && t.find(c) != std::string::npos) return s;
  }
  return "";
}

class Template : public Rule {
 public:
  std::string_view id() const override { return "template"; }
  std::string_view summary() const override {
    return "The paper uses the venue's style (NeurIPS 2025 by default) in the right mode (anonymous submission, or "
           "final for camera-ready)";
  }
  RuleDoc doc() const override {
    return {"Identifies the LaTeX template from the PDF alone: the notice at the bottom of page 1 (exact strings per "
            "mode and year; also looked for at the bottom of pages 2-3, after a cover page, which is a warning), the "
            "5.5 x 9 in text block, Times body text, the title rules, lineno line numbers and the 'Anonymous "
            "Author(s)' block; other templates (ICLR, ICML, ACL, CVPR) are named by their own headers and notices. "
            "A notice several templates print (\"Preprint.\") names NeurIPS only when the layout agrees (a two-column "
            "6.75 in block is ICML's); \"Preprint.\" alone does not tell the year (the 2025 and 2026 styles print "
            "it). The NeurIPS geometry without the notice is NeurIPS only with several of the style's own marks "
            "together (the 4 pt and 1 pt title rules, Times, lineno numbers, the anonymous block): an article with "
            "1.5 in margins is not. Another year's NeurIPS style that sets the same layout (2024, 2026: only the "
            "notice's year differs) is a warning asking for a recompile (template.wrong-year.same-layout); another "
            "year in another layout is an error (template.wrong-year). "
            "Checks that it is the profile's template and year, and that the mode fits: the anonymous submission "
            "mode at submission, the final mode (ideally with the workshop footer) for the camera-ready. The result "
            "is recorded as facts.template. For a profile of another family (ICLR, ICML, ACL) the mode is read from "
            "the strings the profile says its style prints (template.submission_notices / final_notices).",
            "The venue requires the NeurIPS 2025 template. Last year's style prints the wrong notice; preprint and "
            "final modes print the author names and drop the line numbers reviewers refer to; another venue's "
            "template has a different text block and page budget.",
            "\\usepackage[preprint]{neurips_2025} at submission (footer \"Preprint.\", authors shown, no line "
            "numbers). \\usepackage{neurips_2024} at submission (footer \"... (NeurIPS 2024). Do not distribute.\", the "
            "2025 layout) is a warning: recompile with neurips_2025.sty.",
            "At submission: \\usepackage{neurips_2025} with no mode option (or [dblblindworkshop]). For the "
            "camera-ready: \\usepackage[dblblindworkshop, final]{neurips_2025} with "
            "\\workshoptitle{Mechanistic Interpretability}. Do not edit the style file."};
  }

  std::vector<KindDoc> kinds() const override {
    return {{"not-found", Severity::error, "not the profile's template: neither its notice nor its layout"},
            {"other-venue", Severity::error, "another venue's template (ICLR, ICML, ACL, CVPR, ...)"},
            {"wrong-year", Severity::error, "the NeurIPS style of another year, in a layout other than the profile's"},
            {"wrong-year.same-layout", Severity::warning,
             "the NeurIPS style of another year that sets the profile's layout (2024, 2026: the same text block, "
             "fonts and line numbers; only the notice's year differs): recompile"},
            {"year-unknown", Severity::error, "a notice printed by several years' styles (\"Preprint. Under review.\")"},
            {"modified", Severity::error, "NeurIPS layout, but the page-1 notice is edited or missing"},
            {"not-anonymous", Severity::error, "submission notice without the \"Anonymous Author(s)\" block"},
            {"wrong-mode", Severity::error,
             "preprint or final mode at submission, or not final mode for the camera-ready"},
            {"workshop-footer", Severity::warning,
             "camera-ready without the final footer the profile names (template.final_track: this workshop's, or "
             "the main track's) or with another workshop title"},
            {"cover-page", Severity::warning, "the NeurIPS notice is on a later page than page 1 (a cover page)"}};
  }

  void check(const Context& ctx, std::vector<Finding>& out) const override {
    const Profile& pr = ctx.profile;
    TemplateInfo t = detect_template(ctx.doc, ctx.layout);
    ctx.facts["template"] = template_json(t);
    if (ctx.doc.pages.empty()) return;

    std::string want = pr.template_year > 0 ? fmt::format("{} {}", family_display_name(pr.template_family), pr.template_year)
                                            : family_display_name(pr.template_family);
    auto finding = [&](std::string_view kind, std::string msg, std::string hint) {
      Finding f = make(kind, std::move(msg));
      f.page = t.notice_page >= 0 ? t.notice_page + 1 : 1;
      if (!t.notice_lines.empty()) f.box = t.notice_box;
      if (t.notice && t.family == "neurips") {
        f.evidence = *t.notice;
      } else {
        for (std::size_t i = 0; i < t.evidence.size() && i < 3; ++i) f.evidence += (i ? "; " : "") + t.evidence[i];
      }
      f.hint = std::move(hint);
      out.push_back(std::move(f));
    };
    std::string use_style = fmt::format("use the official {} style: \\usepackage{{{}}}", want, pr.style);
    std::string mode_hint = ctx.options.camera_ready ? pr.final_usage : pr.submission_usage;
    if (mode_hint.empty()) mode_hint = fmt::format("\\usepackage{{{}}}", pr.style);

    if (pr.template_family != "neurips") {
      check_by_notices(ctx, t, want, use_style, mode_hint, finding);
      return;
    }

    // Family.
    if (t.family != pr.template_family) {
      std::string evid = t.evidence.empty() ? std::string("no evidence") : t.evidence.front();
      if (t.family == "unknown" && t.neurips_like)
        finding("not-found",
                fmt::format("not the {} template (NeurIPS-like geometry): the 5.5 in text block, but no NeurIPS "
                            "notice and too few of the style's own marks ({})",
                            want, t.marks_missing),
                use_style + " rather than setting its margins by hand; do not remove the notice at the bottom of page 1");
      else if (t.family == "unknown")
        finding("not-found",
                fmt::format("no {} template found: no NeurIPS notice on the first pages and not its layout or fonts{}",
                            want, t.notice ? fmt::format(" (the notice \"{}\" alone does not make it NeurIPS)", *t.notice) : ""),
                use_style + "; do not remove the notice at the bottom of page 1");
      else
        finding("other-venue", fmt::format("this looks like {}, not {} ({})", t.describe(), want, evid), use_style);
      return;
    }
    // A cover page: the notice (hence the title page) is not on page 1.
    if (t.notice_page > 0 && !t.modified) {
      Finding f = make("cover-page",
                       fmt::format("the NeurIPS notice is at the bottom of page {}, not page 1: the paper starts {} "
                                   "before its title page (a cover page?), and every page before the references "
                                   "counts toward the page limit",
                                   t.notice_page + 1, t.notice_page == 1 ? "one page" : fmt::format("{} pages", t.notice_page)));
      f.page = t.notice_page + 1;
      f.box = t.notice_box;
      f.evidence = t.notice.value_or("");
      f.hint = "start the PDF with the title page; put any cover material after the main text, or leave it out";
      out.push_back(std::move(f));
    }
    // Year. Another year's style that sets the 2025 layout (the text block,
    // fonts and line numbers) differs only in its notice: a recompile, a
    // warning by default. Another layout is another template: an error.
    if (t.year && *t.year != pr.template_year) {
      const std::string mode = t.mode.value_or("");
      bool mode_ok = ctx.options.camera_ready ? mode == "final" : mode == "submission";
      if (t.same_layout)
        finding("wrong-year.same-layout",
                fmt::format("this is {} (notice \"{}\"), not {}: the same layout (text block, fonts, line numbers), "
                            "only the notice's year differs{}",
                            t.describe(), t.notice.value_or(""), want,
                            mode_ok || mode.empty() ? "" : fmt::format("; it is also in {} mode", mode)),
                fmt::format("recompile with {}.sty ({})", pr.style, mode_hint));
      else
        finding("wrong-year",
                fmt::format("this is {} (notice \"{}\"), not {}, and its layout is not the {} one", t.describe(),
                            t.notice.value_or(""), want, want),
                fmt::format("switch to {}.sty: another year's style prints the wrong notice and sets another layout "
                            "({})",
                            pr.style, mode_hint));
      return;
    }
    if (t.modified) {
      finding("modified",
              t.notice ? fmt::format("NeurIPS layout, but the page-1 notice \"{}\" is not one the {} style prints "
                                     "(the style or the notice was edited)",
                                     *t.notice, want)
                       : fmt::format("NeurIPS layout, but the {} notice is missing from the bottom of page 1 (and "
                                     "of the next pages): the style was edited",
                                     want),
              fmt::format("use the unmodified {}.sty and {}", pr.style, mode_hint));
      return;
    }
    if (!t.year && t.year_ambiguous) {
      // "Preprint. Under review.": 2024 or the April-2025 revision. ("Preprint."
      // alone, printed by the 2025 and 2026 styles, leaves the year open and
      // goes on to the mode.)
      finding("year-unknown",
              fmt::format("the notice \"{}\" is printed by the NeurIPS 2024 style and by the April-2025 revision alike: "
                          "the year cannot be told from the PDF, and preprint mode is not a submission",
                          t.notice.value_or("")),
              fmt::format("use the current {}.sty and {}", pr.style, mode_hint));
      return;
    }
    // Mode.
    const std::string mode = t.mode.value_or("");
    if (!ctx.options.camera_ready) {
      if (mode == "submission" && pr.double_blind && !t.anonymous_block && !t.anonymous_word) {
        finding("not-anonymous",
                "the \"Submitted to\" notice, but no \"Anonymous Author(s)\" block on page 1: a single-blind track "
                "option (dandb, creativeai, sglblindworkshop) or an edited author block prints the authors, and this "
                "workshop is double-blind",
                fmt::format("use {} (double-blind), which prints \"{}\"", pr.submission_usage,
                            pr.anonymous_block.empty() ? std::string("Anonymous Author(s)") : pr.anonymous_block.front()));
        return;
      }
      if (mode == "submission") return;
      finding("wrong-mode",
              fmt::format("the PDF is in {} mode (notice \"{}\"): at submission the anonymous submission mode is "
                          "required; {} mode prints the author names and drops the line numbers",
                          mode, t.notice.value_or(""), mode),
              "remove the preprint/final option: " + mode_hint);
      return;
    }
    if (mode != "final") {
      finding("wrong-mode",
              fmt::format("camera-ready, but the PDF is in {} mode (notice \"{}\"): the camera-ready needs the final "
                          "mode, which prints the author names and the venue footer",
                          mode, t.notice.value_or("")),
              mode_hint);
      return;
    }
    if (t.track_option.value_or("main") != pr.final_track) {
      finding("workshop-footer",
              fmt::format("camera-ready in final mode, but with the {} footer \"{}\" instead of the {} footer",
                          t.track_option.value_or("main"), t.notice.value_or(""), pr.final_track),
              mode_hint);
      return;
    }
    if (pr.final_track == "workshop" && !pr.workshop_title.empty() &&
        t.workshop_title.value_or("") != pr.workshop_title) {
      finding("workshop-footer",
              fmt::format("the workshop footer names \"{}\", not \"{}\"", t.workshop_title.value_or(""), pr.workshop_title),
              fmt::format("\\workshoptitle{{{}}}", pr.workshop_title));
    }
  }

 private:
  // Families other than NeurIPS: the family and year from detection, the mode
  // from the strings the profile says the style prints in each mode.
  template <typename F>
  void check_by_notices(const Context& ctx, const TemplateInfo& t, const std::string& want, const std::string& use_style,
                        const std::string& mode_hint, F&& finding) const {
    const Profile& pr = ctx.profile;
    std::string wanted_strings;
    for (const auto& n : pr.submission_notices) wanted_strings += (wanted_strings.empty() ? "\"" : "\", \"") + n;
    if (!wanted_strings.empty()) wanted_strings += "\"";
    if (t.family != pr.template_family) {
      std::string evid = t.evidence.empty() ? std::string("no evidence") : t.evidence.front();
      if (t.family == "unknown")
        finding("not-found",
                fmt::format("no {} template found: none of the strings its style prints ({}) on the first pages, "
                            "and not its layout",
                            want, wanted_strings.empty() ? "none known" : wanted_strings),
                use_style);
      else
        finding("other-venue", fmt::format("this looks like {}, not {} ({})", t.describe(), want, evid), use_style);
      return;
    }
    if (pr.template_year > 0 && t.year && *t.year != pr.template_year) {
      finding("wrong-year", fmt::format("this is {}, not {}", t.describe(), want),
              fmt::format("switch to {}.sty: another year's style prints other strings and may have another page limit",
                          pr.style));
      return;
    }
    std::string text = collapse_space(first_pages_text(ctx.layout, 2));
    const bool cr = ctx.options.camera_ready;
    const auto& need = cr ? pr.final_notices : pr.submission_notices;
    const auto& other = cr ? pr.submission_notices : pr.final_notices;
    std::string got = printed(text, need);
    if (!got.empty()) return;
    std::string wrong = printed(text, other);
    if (!wrong.empty()) wrong = "\"" + wrong + "\"";
    // Detection may know the mode from strings the profile does not list (the
    // ACL Anthology footer of a published paper).
    if (wrong.empty() && t.mode && *t.mode == (cr ? "submission" : "final") && !t.evidence.empty())
      wrong = t.evidence.front();
    if (!wrong.empty()) {
      finding("wrong-mode",
              cr ? fmt::format("camera-ready, but the PDF is in submission mode ({}): the camera-ready needs the "
                               "final mode, which prints the author names",
                               wrong)
                 : fmt::format("the PDF is in final (camera-ready) mode ({}): at submission the anonymous review "
                               "mode is required; the final mode prints the author names and drops the line numbers",
                               wrong),
              mode_hint);
      return;
    }
    if (need.empty()) return;  // the style prints nothing in this mode (ACL final): nothing to compare
    finding("modified",
            fmt::format("{} layout, but the {} string \"{}\" is not on the first pages (the style was edited, or "
                        "another mode or year was used)",
                        family_display_name(pr.template_family), cr ? "camera-ready" : "submission", need.front()),
            fmt::format("use the unmodified {}.sty: {}", pr.style, mode_hint));
  }
};

}  // namespace

std::unique_ptr<Rule> make_template() { return std::make_unique<Template>(); }

}  // namespace preflight
