// page-size: every page must be the profile's paper size (US Letter for NeurIPS).
#include <cmath>

#include <fmt/format.h>

#include "rules/rules.hpp"

namespace preflight {
namespace {

std::string paper_name(double w, double h) {
  struct Known { const char* name; double w, h; };
  static const Known known[] = {{"US Letter", 612, 792}, {"A4", 595.28, 841.89}, {"US Legal", 612, 1008},
                                {"A5", 419.53, 595.28}, {"A3", 841.89, 1190.55}, {"B5", 498.9, 708.66}};
  for (const auto& k : known) {
    if (std::abs(w - k.w) <= 2 && std::abs(h - k.h) <= 2) return k.name;
    if (std::abs(w - k.h) <= 2 && std::abs(h - k.w) <= 2) return fmt::format("{} landscape", k.name);
  }
  return "a non-standard size";
}

class PageSize : public Rule {
 public:
  std::string_view id() const override { return "page-size"; }
  std::string_view summary() const override { return "Every page has the venue's paper size (US Letter, 612 x 792 pt)"; }
  RuleDoc doc() const override {
    return {"Checks that every page of the PDF has the paper size of the profile (for NeurIPS: US Letter, "
            "612 x 792 pt, within 1 pt): the crop box, before any /Rotate (a page turned for a wide table is still a Letter sheet).",
            "The NeurIPS template asks for US Letter and not A4. A4 pages change the line length and the "
            "page count, and reviewers' printouts and the proceedings assume one size.",
            "\\documentclass[a4paper]{article} or \\geometry{a4paper}: pages of 595 x 842 pt.",
            "Remove a4paper from the class options and from \\geometry; the NeurIPS style sets Letter "
            "(\\usepackage[letterpaper]{geometry} if in doubt). Check with `pdfinfo paper.pdf`."};
  }
  std::vector<KindDoc> kinds() const override {
    return {{"wrong-size", Severity::error, "pages that are not the venue's paper size (one finding per size)"}};
  }
  void check(const Context& ctx, std::vector<Finding>& out) const override {
    const Profile& pr = ctx.profile;
    // Group pages by the size they have, so one A4 paper yields one finding.
    std::map<std::pair<long, long>, std::vector<int>> wrong;
    // The sheet is the crop box before /Rotate: a page turned for a wide table
    // (pdflscape) is still a Letter sheet.
    for (const auto& p : ctx.doc.pages) {
      double w = p.crop.width(), h = p.crop.height();
      if (std::abs(w - pr.page_width) <= pr.page_tolerance && std::abs(h - pr.page_height) <= pr.page_tolerance)
        continue;
      wrong[{std::lround(w * 100), std::lround(h * 100)}].push_back(p.number);
    }
    for (const auto& [size, pages] : wrong) {
      double w = size.first / 100.0, h = size.second / 100.0;
      std::string where = pages.size() == ctx.doc.pages.size() ? "every page is"
                          : pages.size() == 1 ? fmt::format("page {} is", pages.front())
                                              : fmt::format("pages {} are", page_list(pages));
      Finding f = make("wrong-size", fmt::format("{} {:.1f} x {:.1f} pt ({}), not {} ({:g} x {:g} pt)", where, w, h,
                                                    paper_name(w, h), pr.page_name, pr.page_width, pr.page_height));
      f.page = pages.front();
      f.evidence = fmt::format("{:.1f} x {:.1f} pt", w, h);
      f.hint = pr.page_name == "US Letter"
                   ? "remove a4paper from \\documentclass and \\geometry; NeurIPS requires US Letter (check with pdfinfo)"
                   : fmt::format("set the paper size to {}", pr.page_name);
      out.push_back(std::move(f));
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_page_size() { return std::make_unique<PageSize>(); }

// 1-based, sorted page numbers as "1-3, 7" (rules.hpp).
std::string page_list(const std::vector<int>& pages) {
  std::string s;
  for (std::size_t i = 0; i < pages.size(); ++i) {
    std::size_t j = i;
    while (j + 1 < pages.size() && pages[j + 1] == pages[j] + 1) ++j;
    if (!s.empty()) s += ", ";
    s += j > i ? fmt::format("{}-{}", pages[i], pages[j]) : fmt::format("{}", pages[i]);
    i = j;
  }
  return s;
}

}  // namespace preflight
