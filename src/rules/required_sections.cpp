// checklist and required-sections: sections the venue requires, found by their
// headings. The profile lists them ([[sections.required]]: a name, the heading
// titles that count, the venue's rule). The section named "checklist" (the
// NeurIPS Paper Checklist) is its own rule, `checklist`; every other required
// section (ACL's Limitations, ICML's Impact Statement) is `required-sections`.
// A profile that requires nothing makes both rules silent.
#include <cctype>

#include <fmt/format.h>

#include "rules/rules.hpp"

namespace preflight {
namespace {

std::string title_key(const std::string& title) {
  std::string out;
  for (unsigned char c : normalize(title))
    if (std::isalnum(c) || c >= 0x80) out += static_cast<char>(c);
  return out;
}

// The first heading that opens the section: its key equals one of the titles,
// or starts with one ("Limitations and Future Work").
const Heading* find_section(const Layout& lay, const RequiredSection& rs) {
  for (const auto& h : lay.headings)
    for (const auto& t : rs.titles) {
      std::string k = title_key(t);
      if (!k.empty() && h.key.rfind(k, 0) == 0) return &h;
    }
  return nullptr;
}

std::string quoted_titles(const RequiredSection& rs) {
  std::string s;
  for (std::size_t i = 0; i < rs.titles.size(); ++i) {
    if (i) s += i + 1 == rs.titles.size() ? " or " : ", ";
    s += "\"" + rs.titles[i] + "\"";
  }
  return s;
}

// One required section: found (info, with its page) or missing (error).
class SectionRule : public Rule {
 protected:
  void check_section(const Context& ctx, const RequiredSection& rs, std::vector<Finding>& out,
                     nlohmann::ordered_json& facts) const {
    const Layout& lay = ctx.layout;
    const Heading* h = find_section(lay, rs);
    facts[rs.name] = h ? nlohmann::ordered_json(h->page + 1) : nlohmann::ordered_json(nullptr);
    if (h) {
      Finding f = make("found", fmt::format("the required {} section \"{}\" starts on page {}", rs.name,
                                                 lay.lines[h->line].text, h->page + 1));
      f.page = h->page + 1;
      f.box = lay.lines[h->line].box;
      f.evidence = lay.lines[h->line].text;
      f.hint = "nothing to fix";
      out.push_back(std::move(f));
      return;
    }
    Finding f = make("missing",
                     fmt::format("no {} section: no heading {} was found ({} requires it{})", rs.name,
                                      quoted_titles(rs), ctx.profile.title.empty() ? ctx.profile.name : ctx.profile.title,
                                      rs.why.empty() ? "" : ": " + rs.why));
    f.evidence = fmt::format("{} headings found, none of them {}", lay.headings.size(), quoted_titles(rs));
    f.hint = fmt::format("add the section with the heading \"{}\" (as the venue's template shows it)", rs.titles.front());
    out.push_back(std::move(f));
  }
};

class Checklist : public SectionRule {
 public:
  std::string_view id() const override { return "checklist"; }
  std::string_view summary() const override {
    return "The NeurIPS Paper Checklist is in the PDF (where the profile requires it)";
  }
  RuleDoc doc() const override {
    return {"Active when the profile requires a section named \"checklist\" ([[sections.required]] in the profile; "
            "built in: neurips2025). Looks for its heading (\"NeurIPS Paper Checklist\") anywhere in the PDF and "
            "reports the page it starts on, or an error when it is missing. Facts: required_sections.checklist.",
            "The NeurIPS 2025 main track desk-rejects papers without the checklist; it follows the references and "
            "the appendices and does not count toward the page limit.",
            "A submission that ends with the references and appendices and never includes the checklist file "
            "(\\input{checklist.tex}) the template ships.",
            "Include the checklist after the references and appendices (\\input{checklist.tex} in the template), "
            "answer every question, and keep its heading \"NeurIPS Paper Checklist\"."};
  }
  std::vector<KindDoc> kinds() const override {
    return {{"missing", Severity::error, "the profile requires the NeurIPS Paper Checklist and the PDF has none"},
            {"found", Severity::info, "the page the checklist starts on"}};
  }
  void check(const Context& ctx, std::vector<Finding>& out) const override {
    const RequiredSection* rs = ctx.profile.required("checklist");
    if (!rs || ctx.doc.pages.empty()) return;
    nlohmann::ordered_json facts = ctx.facts.contains("required_sections") ? ctx.facts["required_sections"]
                                                                           : nlohmann::ordered_json::object();
    check_section(ctx, *rs, out, facts);
    ctx.facts["required_sections"] = facts;
  }
};

class RequiredSections : public SectionRule {
 public:
  std::string_view id() const override { return "required-sections"; }
  std::string_view summary() const override {
    return "Sections the venue requires are present (ACL: Limitations; ICML: Impact Statement)";
  }
  RuleDoc doc() const override {
    return {"For every section the profile requires ([[sections.required]], other than the checklist, which is "
            "the `checklist` rule), looks for a heading that equals or starts with one of its titles (case and "
            "punctuation ignored) and reports where it starts, or an error when it is missing. Silent when the "
            "profile requires none (the workshop). Facts: required_sections.",
            "Some calls make a section mandatory: ACL Rolling Review desk-rejects papers without a Limitations "
            "section; ICML 2025 requires an Impact Statement.",
            "An ACL submission whose conclusion is followed directly by the references.",
            "Add the section under the heading the venue names (\\section*{Limitations} after the conclusion for "
            "ACL; \\section*{Impact Statement} before the references for ICML)."};
  }
  std::vector<KindDoc> kinds() const override {
    return {{"missing", Severity::error, "a section the profile requires ([[sections.required]]) is not in the PDF"},
            {"found", Severity::info, "the page a required section starts on"}};
  }
  void check(const Context& ctx, std::vector<Finding>& out) const override {
    if (ctx.doc.pages.empty()) return;
    nlohmann::ordered_json facts = ctx.facts.contains("required_sections") ? ctx.facts["required_sections"]
                                                                           : nlohmann::ordered_json::object();
    bool any = false;
    for (const auto& rs : ctx.profile.required_sections) {
      if (rs.name == "checklist") continue;
      any = true;
      check_section(ctx, rs, out, facts);
    }
    if (any) ctx.facts["required_sections"] = facts;
  }
};

}  // namespace

std::unique_ptr<Rule> make_checklist() { return std::make_unique<Checklist>(); }
std::unique_ptr<Rule> make_required_sections() { return std::make_unique<RequiredSections>(); }

}  // namespace preflight
