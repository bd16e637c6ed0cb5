// anonymity.acknowledgments: a visible Acknowledgments / Funding section in a
// double-blind submission.
#include <fmt/format.h>

#include "rules/anonymity/common.hpp"
#include "rules/rules.hpp"

namespace preflight {
namespace {

bool bold_font(const std::string& name) {
  for (const char* k : {"Bold", "bold", "Medi", "Semibold", "Black", "Heavy", "-B"})
    if (name.find(k) != std::string::npos) return true;
  return false;
}

class Acknowledgments : public Rule {
 public:
  std::string_view id() const override { return "anonymity.acknowledgments"; }
  std::string_view summary() const override { return "No visible Acknowledgments or Funding section in a double-blind submission"; }
  RuleDoc doc() const override {
    return {"Reports an Acknowledgments, Acknowledgements or Funding section that is printed in a double-blind "
            "submission: a heading found by the section detection, or a run-in bold \"Acknowledgments\" paragraph "
            "(\\paragraph{Acknowledgments}). The template's ack environment prints nothing in submission mode, so "
            "it passes. Stands down with --camera-ready or when the profile is not double-blind.",
            "Acknowledgments name people, grants and institutions: they identify the authors.",
            "\\section*{Acknowledgments} We thank the XYZ lab ... typed as a plain section.",
            "Put the text in \\begin{ack} ... \\end{ack}: the template hides it in submission mode and prints it "
            "in the camera-ready version."};
  }
  std::vector<KindDoc> kinds() const override {
    return {{"printed", Severity::error, "an Acknowledgments or Funding section printed in a double-blind submission"},
            {"placeholder", Severity::info,
             "an Acknowledgments section whose body only says it is withheld for review (identifies nobody)"}};
  }
  void check(const Context& ctx, std::vector<Finding>& out) const override {
    anon::record_scan(ctx);
    if (!anon::active(ctx)) return;
    const Layout& lay = ctx.layout;
    int line = lay.sections.acknowledgments_begin;
    if (line < 0) {
      // A run-in heading: the line starts with a bold "Acknowledg..." / "Funding" word.
      int end = lay.sections.references_begin >= 0 ? lay.sections.references_begin : static_cast<int>(lay.lines.size());
      for (int i = 0; i < end && line < 0; ++i) {
        const Line& l = lay.lines[i];
        if (l.margin_number || l.words.empty()) continue;
        const Word& w = ctx.doc.pages[l.page].words[l.words.front()];
        std::string n = normalize(w.text);
        if (n.rfind("acknowledg", 0) != 0 && n != "funding" && n != "funding.") continue;
        if (bold_font(ctx.doc.font_of(w))) line = i;
      }
    }
    if (line < 0) return;
    const Line& l = lay.lines[line];
    Finding f = make("printed", fmt::format("an acknowledgments section is printed on page {}", l.page + 1));
    f.page = l.page + 1;
    f.box = l.box;
    std::string next;
    if (line + 1 < static_cast<int>(lay.lines.size()) && lay.lines[line + 1].page == l.page) next = " " + lay.lines[line + 1].text;
    f.evidence = "«" + l.text + "»" + next;
    f.hint = "move the text into \\begin{ack}...\\end{ack} (hidden in submission mode) or remove it until the "
             "camera-ready version";
    out.push_back(std::move(f));
  }
};

}  // namespace

std::unique_ptr<Rule> make_anonymity_acknowledgments() { return std::make_unique<Acknowledgments>(); }

}  // namespace preflight
