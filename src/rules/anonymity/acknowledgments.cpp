// anonymity.acknowledgments: a visible Acknowledgments / Funding section in a
// double-blind submission. A section whose body only says the acknowledgments
// are withheld for review ("Withheld for anonymous review", "Omitted for
// anonymity") identifies nobody: info (anonymity.acknowledgments.placeholder).
#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>
#include <cctype>

#include "rules/anonymity/common.hpp"
#include "rules/rules.hpp"

namespace preflight {
namespace {

bool bold_font(const std::string& name) {
  for (const char* k : {"Bold", "bold", "Medi", "Semibold", "Black", "Heavy", "-B"})
    if (name.find(k) != std::string::npos) return true;
  return false;
}

// The text of the section that starts at `line`: the rest of a run-in heading
// line, then the lines up to the next heading or the references (at most 15
// lines), normalised.
std::string section_body(const Context& ctx, int line) {
  const Layout& lay = ctx.layout;
  int end = static_cast<int>(lay.lines.size());
  if (lay.sections.references_begin > line) end = lay.sections.references_begin;
  for (const auto& h : lay.headings)
    if (h.line > line && h.line < end) end = h.line;
  end = std::min(end, line + 16);
  std::string body;
  // The heading line itself, without the heading word(s).
  std::string first = normalize(lay.lines[line].text);
  static const RE2 heading(R"(^\s*(?:[0-9a-z]{1,3}\.?\s+)?(?:acknowledge?ments?|acknowledge?ment|funding)(?:\s+and\s+disclosure\s+of\s+funding)?\s*[.:]?)");
  RE2::Replace(&first, heading, "");
  body = first;
  for (int i = line + 1; i < end; ++i) {
    const Line& l = lay.lines[i];
    if (l.margin_number || l.furniture) continue;
    body += " " + normalize(l.text);
  }
  return body;
}

// A body that only says the acknowledgments are withheld: short, and about
// withholding (or empty).
bool placeholder(const std::string& body) {
  int words = 0;
  bool in_word = false;
  for (unsigned char c : body) {
    bool letter = std::isalnum(c) || c >= 0x80;
    if (letter && !in_word) ++words;
    in_word = letter;
  }
  if (words == 0) return true;
  if (words > 30) return false;
  static const RE2 withheld(
      R"(\b(?:withheld|omitted|removed|hidden|redacted|suppressed|anonymi[sz]ed|elided|left out|blinded|will be (?:added|included|provided|inserted|restored|disclosed)|to be (?:added|included|provided|inserted|disclosed)|available (?:in|upon|after) (?:the )?(?:camera|final|publication|acceptance)|after (?:the )?(?:review|acceptance|publication))\b)");
  static const RE2 why(R"(\b(?:review|reviewing|anonymity|anonymous|anonymi[sz]ed|anonymi[sz]ation|blind|submission|camera|acceptance|publication|final version)\b)");
  return RE2::PartialMatch(body, withheld) && RE2::PartialMatch(body, why);
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
            "\\section*{Acknowledgments} We thank the XYZ lab ... typed as a plain section. A section whose body "
            "only says it is withheld (\"Withheld for anonymous review.\") identifies nobody and is info "
            "(anonymity.acknowledgments.placeholder).",
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
    std::string body = section_body(ctx, line);
    std::string next;  // the first line of the body (not a margin line number)
    for (int i = line + 1; i < static_cast<int>(lay.lines.size()) && lay.lines[i].page == l.page; ++i)
      if (!lay.lines[i].margin_number && !lay.lines[i].furniture) {
        next = " " + lay.lines[i].text;
        break;
      }
    auto emit = [&](std::string_view kind, std::string message, std::string hint) {
      Finding f = make(kind, std::move(message));
      f.page = l.page + 1;
      f.box = l.box;
      f.evidence = "«" + l.text + "»" + next;
      f.hint = std::move(hint);
      out.push_back(std::move(f));
    };
    if (placeholder(body))
      emit("placeholder",
           fmt::format("the acknowledgments section on page {} only says they are withheld for review", l.page + 1),
           "nothing identifies the authors here; the template's ack environment would print nothing at all in "
           "submission mode");
    else
      emit("printed", fmt::format("an acknowledgments section is printed on page {}", l.page + 1),
           "move the text into \\begin{ack}...\\end{ack} (hidden in submission mode) or remove it until the "
           "camera-ready version");
  }
};

}  // namespace

std::unique_ptr<Rule> make_anonymity_acknowledgments() { return std::make_unique<Acknowledgments>(); }

}  // namespace preflight
