// limitations: the paper discusses its limitations. Found by a heading
// ("Limitations", "Limitations and Future Work", "Discussion and Limitations"),
// a run-in paragraph that opens with "Limitations." / "Limitations:" in the main
// text or the appendix, or a [Yes] to the NeurIPS checklist's limitations
// question. Kinds: limitations.missing (the rule's default is info; the
// workshop profile makes it a warning that quotes its call),
// limitations.found (info, with the page). A profile that requires the section
// through [[sections.required]] (ACL) leaves it to required-sections, and a
// profile whose call says nothing about limitations (no limitations_why) gets
// only facts.limitations. The call's sentence comes from the
// profile ([sections] limitations_why).
#include <cctype>

#include <fmt/format.h>

#include "rules/rules.hpp"

namespace preflight {
namespace {

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool contains(const std::string& s, const char* n) { return s.find(n) != std::string::npos; }

// "7 Limitations", "A.2 Limitations and Future Work" -> without the number.
std::string without_number(const std::string& text) {
  std::size_t i = 0;
  while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.' ||
                             (std::isupper(static_cast<unsigned char>(text[i])) && i + 1 < text.size() &&
                              (text[i + 1] == '.' || text[i + 1] == ' ') && i == 0)))
    ++i;
  while (i < text.size() && text[i] == ' ') ++i;
  return text.substr(i);
}

// A run-in paragraph head: the line opens with a few words ending in '.', ':'
// or an em dash, and those words name limitations ("Limitations.",
// "Limitations and future work:", "Discussion and limitations.").
bool run_in(const std::string& text) {
  std::string t = without_number(text);
  std::size_t end = std::string::npos;
  for (std::size_t i = 0; i < t.size() && i < 60; ++i)
    if (t[i] == '.' || t[i] == ':') {
      end = i;
      break;
    }
  if (end == std::string::npos) {
    std::size_t dash = t.find("\xE2\x80\x94");  // an em dash
    if (dash != std::string::npos && dash < 60) end = dash;
  }
  if (end == std::string::npos || end + 1 >= t.size()) return false;  // a head followed by its paragraph
  std::string head = lower(t.substr(0, end));
  if (!contains(head, "limitation")) return false;
  int words = 1;
  for (char c : head) words += c == ' ';
  return words <= 6 && std::isupper(static_cast<unsigned char>(t[0]));
}

// A bold run-in head without a period (\paragraph{Limitations and Future Work}
// in a style that adds none): the line's leading bold words name limitations
// and regular text follows on the same line.
bool bold_head(const Document& doc, const Line& l) {
  const Page& p = doc.pages[l.page];
  std::string head;
  std::size_t k = 0;
  for (; k < l.words.size() && p.words[l.words[k]].bold; ++k) head += (head.empty() ? "" : " ") + p.words[l.words[k]].text;
  if (k == 0 || k == l.words.size() || k > 6) return false;
  std::string h = lower(without_number(head));
  return h.rfind("limitation", 0) == 0 || contains(h, " limitations") || contains(h, "limitations ");
}

class Limitations : public Rule {
 public:
  std::string_view id() const override { return "limitations"; }
  std::string_view summary() const override {
    return "The paper discusses its limitations (a Limitations section, paragraph or checklist answer)";
  }
  RuleDoc doc() const override {
    return {"Looks for a limitations discussion: a heading whose title names limitations (\"Limitations\", "
            "\"Limitations and Future Work\", \"Discussion and Limitations\"), or a run-in paragraph that opens "
            "with \"Limitations.\" or \"Limitations:\" (\\paragraph{Limitations}), in the main text or the "
            "appendix (not in the references), or the NeurIPS Paper Checklist's limitations question answered "
            "[Yes]. Reports where it is (limitations.found, info) or that there is none "
            "(limitations.missing: a warning in the workshop profile, quoting its call; info elsewhere). A "
            "checklist answer [No] or [NA] with no section is reported as missing, with the answer. Profiles "
            "that require a Limitations section through [[sections.required]] (ACL) leave the finding to "
            "required-sections; a profile without [sections] limitations_why (the call's sentence) only records the "
            "facts. Facts: limitations.",
            "The workshop's call: \"Works that downplay or omit significant limitations will not be accepted.\" A "
            "reviewer looks for the section; a paper without one invites the question.",
            "A paper whose conclusion is followed by the references, with no limitations paragraph anywhere and "
            "the checklist's limitations question answered [No].",
            "Add a \\section{Limitations} (or a \\paragraph{Limitations.} in the discussion or the appendix) that "
            "states what the evidence does not show: the models, data and settings it was tested on, the "
            "assumptions, what may not generalise."};
  }
  std::vector<KindDoc> kinds() const override {
    return {{"missing", Severity::info, "no limitations heading, run-in paragraph or [Yes] checklist answer"},
            {"found", Severity::info, "where the limitations are discussed"}};
  }

  void check(const Context& ctx, std::vector<Finding>& out) const override {
    const Layout& lay = ctx.layout;
    if (ctx.doc.pages.empty()) return;
    const int checklist = lay.sections.checklist_begin >= 0 ? lay.sections.checklist_begin
                                                             : static_cast<int>(lay.lines.size());
    // 1. A heading (not in the references, not in the checklist).
    int line = -1;
    std::string how;
    for (const Heading& h : lay.headings) {
      if (h.line >= checklist || lay.in_references(h.line)) continue;
      if (contains(h.key, "limitation")) {
        line = h.line;
        how = "heading";
        break;
      }
    }
    // 2. A run-in paragraph.
    if (line < 0)
      for (int i = 0; i < checklist; ++i) {
        const Line& l = lay.lines[i];
        if (l.margin_number || l.furniture || l.region >= 0 || lay.in_references(i)) continue;
        if (run_in(l.text) || bold_head(ctx.doc, l)) {
          line = i;
          how = "paragraph";
          break;
        }
      }
    // 3. The NeurIPS checklist's question and its answer.
    std::string answer;
    int answer_line = -1;
    if (lay.sections.checklist_begin >= 0) {
      for (int i = lay.sections.checklist_begin; i < static_cast<int>(lay.lines.size()); ++i) {
        if (!contains(lay.lines[i].text, "discuss the limitations")) continue;
        for (int k = i; k < static_cast<int>(lay.lines.size()) && k < i + 6; ++k) {
          const std::string& t = lay.lines[k].text;
          std::size_t a = t.find("Answer:");
          if (a == std::string::npos) continue;
          std::size_t open = t.find('[', a), close = t.find(']', a);
          if (open != std::string::npos && close != std::string::npos && close > open)
            answer = t.substr(open, close - open + 1);
          answer_line = k;
          break;
        }
        if (answer_line < 0) answer_line = i;
        break;
      }
    }
    nlohmann::ordered_json fact = {{"found", line >= 0 || answer == "[Yes]"},
                                   {"how", line >= 0 ? nlohmann::ordered_json(how)
                                                     : answer == "[Yes]" ? nlohmann::ordered_json("checklist")
                                                                         : nlohmann::ordered_json(nullptr)},
                                   {"page", nullptr},
                                   {"checklist_answer", answer.empty() ? nlohmann::ordered_json(nullptr)
                                                                       : nlohmann::ordered_json(answer)}};
    const int at = line >= 0 ? line : answer == "[Yes]" ? answer_line : -1;
    if (at >= 0) fact["page"] = lay.lines[at].page + 1;
    ctx.facts["limitations"] = fact;
    if (ctx.profile.required("limitations")) return;  // required-sections reports it
    if (ctx.profile.limitations_why.empty()) return;  // the profile's call says nothing about limitations

    if (at >= 0) {
      const Line& l = lay.lines[at];
      Finding f = make("found", line >= 0 ? fmt::format("limitations are discussed on page {} ({} \"{}\")", l.page + 1,
                                                        how, l.text.size() > 60 ? l.text.substr(0, 60) + "…" : l.text)
                                          : fmt::format("the NeurIPS checklist answers the limitations question "
                                                        "[Yes] on page {}",
                                                        l.page + 1));
      f.page = l.page + 1;
      f.box = l.box;
      f.evidence = l.text;
      f.hint = "nothing to fix";
      out.push_back(std::move(f));
      return;
    }
    const std::string& why = ctx.profile.limitations_why;
    Finding f = make("missing",
                     fmt::format("no limitations discussion found: no heading or run-in paragraph naming "
                                 "limitations in the main text or the appendix{}{}",
                                 answer.empty() ? std::string()
                                                : fmt::format(", and the checklist answers the limitations question {}",
                                                              answer),
                                 why.empty() ? std::string() : fmt::format("; the call says: \"{}\"", why)));
    if (answer_line >= 0) {
      f.page = lay.lines[answer_line].page + 1;
      f.box = lay.lines[answer_line].box;
      f.evidence = lay.lines[answer_line].text;
    } else {
      f.evidence = fmt::format("{} headings, none naming limitations", lay.headings.size());
    }
    f.hint = "add a \\section{Limitations} (or a \\paragraph{Limitations.}) that says what the evidence does not "
             "show: the models, data and settings tested, the assumptions, what may not generalise";
    out.push_back(std::move(f));
  }
};

}  // namespace

std::unique_ptr<Rule> make_limitations() { return std::make_unique<Limitations>(); }

}  // namespace preflight
