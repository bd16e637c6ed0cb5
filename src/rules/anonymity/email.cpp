// anonymity.email: e-mail addresses in the text (brace groups included) and in
// mailto: links of a double-blind submission.
#include <fmt/format.h>
#include <re2/re2.h>

#include <set>

#include "rules/anonymity/common.hpp"
#include "rules/rules.hpp"

namespace preflight {
namespace {

class Email : public Rule {
 public:
  std::string_view id() const override { return "anonymity.email"; }
  std::string_view summary() const override { return "No real e-mail address in a double-blind submission"; }
  RuleDoc doc() const override {
    return {"Finds e-mail addresses in the text, including brace groups such as \"{alice, bob}@uni.edu\" (each "
            "member is an address), obfuscated forms (\"jane [at] uni [dot] edu\", \"jane(at)uni.edu\") and mailto: links. Template placeholders are not leaks: the word \"email\" "
            "of the anonymous author block has no @, and addresses such as anon.email@domain.com or "
            "name@example.com (and the NeurIPS sample author's hippo@cs.cranberry-lemon.edu) are skipped. Wildcard "
            "groups (\"jane@*, bo@*\" with \"*@uni.edu\" printed once) are expanded. An address is an error "
            "where it can be a contact: page 1, a footnote, the acknowledgments, the main text, or a given "
            "author's address (--authors-file) anywhere. In the body text of the appendix or the checklist (after "
            "the references) it is a warning (anonymity.email.appendix): there it is usually generated or quoted "
            "sample text. An address in the bibliography is a warning. "
            "Stands down with --camera-ready or when the profile is not double-blind.",
            "An e-mail address names its owner and institution: a double-blind paper must not carry one.",
            "\\texttt{jane@uni.edu} left in a footnote, or a \"Correspondence to\" line.",
            "Remove the address (the template prints \"email\" in the anonymous block by itself)."};
  }
  std::vector<KindDoc> kinds() const override {
    return {{"text", Severity::error,
             "an e-mail address where it can be a contact: page 1, a footnote, the acknowledgments, the main text, or a "
             "given author's address"},
            {"bibliography", Severity::warning, "an e-mail address in the bibliography"},
            {"appendix", Severity::warning,
             "an e-mail address in the body text of the appendix or the checklist (generated sample text, a quoted "
             "example): not where a contact address is printed, but check it is nobody's"},
            {"link", Severity::error, "a mailto: link"}};
  }
  void check(const Context& ctx, std::vector<Finding>& out) const override {
    anon::record_scan(ctx);
    if (!anon::active(ctx)) return;
    const std::string& text = ctx.layout.index.text;
    // Each pattern is compiled only when the text can hold a match.
    const bool has_at = text.find('@') != std::string::npos;
    bool has_obfuscated = false;
    for (std::string_view at_word : {"[at]", "(at)", "{at}", "<at>"})
      has_obfuscated = has_obfuscated || text.find(at_word) != std::string::npos;
    auto single = []() -> const RE2& {
      static const RE2 r(R"(([a-z0-9][a-z0-9._%+-]*)@([a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.[a-z]{2,}))");
      return r;
    };
    // The member list is bounded in code, not with {1,400}: RE2 unrolls a counted
    // repetition, and compiling 400 copies cost more than the rest of a 1-page check.
    auto group = []() -> const RE2& {
      static const RE2 r(R"(\{([a-z0-9._%+\-, ;|]+)\} ?@ ?([a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.[a-z]{2,}))");
      return r;
    };
    std::set<std::string> seen;
    int errors = 0;
    const Layout& lay = ctx.layout;
    std::set<std::string> given;  // the authors' own addresses (--authors-file)
    for (const auto& n : anon::names(ctx.options))
      for (const auto& e : n.emails) given.insert(e);
    // Where an address can be a contact: page 1 (the author block), a footnote, the
    // acknowledgments, or anywhere in the main text. In the body text of the appendix or
    // the checklist it is more likely generated or quoted sample text: a warning.
    auto back_matter_body = [&](std::size_t b) {
      int line = static_cast<int>(lay.index.line_of[lay.index.origin[b]]);
      const Line& l = lay.lines[line];
      if (l.page == 0) return false;
      bool footnote = l.size < lay.body_size - 0.5 && l.region < 0 && l.box.y0 > 0.55 * ctx.doc.pages[l.page].height;
      if (footnote) return false;
      if (lay.sections.acknowledgments_begin >= 0 && line >= lay.sections.acknowledgments_begin &&
          line < lay.sections.main_end_line + 20 && (lay.sections.references_begin < 0 || line < lay.sections.references_begin))
        return false;
      const Sections& sc = lay.sections;
      return (sc.references_end >= 0 && line >= sc.references_end) || (sc.appendix_begin >= 0 && line >= sc.appendix_begin) ||
             (sc.checklist_begin >= 0 && line >= sc.checklist_begin);
    };
    auto report = [&](const std::string& addr, const std::string& local, const std::string& domain, std::size_t b,
                      std::size_t e) {
      if (anon::placeholder_email(ctx.profile, local, domain)) return;
      anon::Where w = anon::locate(ctx, b, e);
      if (!seen.insert(addr + "@" + std::to_string(w.page)).second) return;
      bool bib = anon::in_bibliography(ctx, b);
      bool authors = given.count(local + "@" + domain) > 0;
      bool appendix = !bib && !authors && back_matter_body(b);
      if (!bib && !appendix && ++errors > anon::kMaxPerKind) return;
      Finding f = make(bib        ? "bibliography"
                       : appendix ? "appendix"
                                  : "text",
                       fmt::format("e-mail address {} on page {}{}", addr, w.page,
                                   bib        ? " (in the bibliography)"
                                   : appendix ? " (in the body text after the references: likely generated or quoted sample text, not a contact)"
                                   : authors  ? " (a given author's address)"
                                              : ""));
      f.page = w.page;
      f.box = w.box;
      f.evidence = w.snippet;
      f.hint = bib        ? "check that the address is not the authors'"
               : appendix ? "check that the address is nobody's contact (generated text, an example); remove it if it is"
                          : "remove the e-mail address";
      out.push_back(std::move(f));
    };
    re2::StringPiece g[3];
    std::size_t at = 0;
    std::vector<std::pair<std::size_t, std::size_t>> groups;
    while (has_at && at < text.size() && group().Match(text, at, text.size(), RE2::UNANCHORED, g, 3)) {
      std::size_t b = static_cast<std::size_t>(g[0].data() - text.data()), e = b + g[0].size();
      at = e;
      if (g[1].size() > 400) continue;  // not an address list
      groups.emplace_back(b, e);
      std::string domain(g[2].data(), g[2].size());
      std::string members(g[1].data(), g[1].size());
      std::string cur;
      auto flush = [&] {
        while (!cur.empty() && (cur.back() == '.' || cur.back() == '-')) cur.pop_back();
        if (!cur.empty()) report(cur + "@" + domain, cur, domain, b, e);
        cur.clear();
      };
      for (char c : members) {
        if (c == ',' || c == ' ' || c == ';' || c == '|') flush();
        else cur += c;
      }
      flush();
    }
    at = 0;
    std::size_t next_group = 0;
    while (has_at && at < text.size() && single().Match(text, at, text.size(), RE2::UNANCHORED, g, 3)) {
      std::size_t b = static_cast<std::size_t>(g[0].data() - text.data()), e = b + g[0].size();
      at = e;
      // Groups and single matches both come in text order: advance past the groups that end before b.
      while (next_group < groups.size() && groups[next_group].second <= b) ++next_group;
      if (next_group < groups.size() && b >= groups[next_group].first) continue;  // a member of a brace group
      std::string local(g[1].data(), g[1].size()), domain(g[2].data(), g[2].size());
      // The index drops a line-end hyphen; in an address it is a real character: show the printed form.
      std::string shown;
      for (char c : ctx.layout.span(ctx.doc, b, e).snippet)
        if (c != ' ') shown += c;
      for (bool again = true; again;) {  // closing punctuation and quotes, ASCII or typographic (” ’)
        again = false;
        while (!shown.empty() && std::string_view(".,;:)]>\"'").find(shown.back()) != std::string_view::npos) shown.pop_back();
        for (std::string_view q : {"\u201d", "\u2019"})
          if (shown.size() >= q.size() && shown.compare(shown.size() - q.size(), q.size(), q) == 0) {
            shown.resize(shown.size() - q.size());
            again = true;
          }
      }
      for (std::string_view q : {"\u201c", "\u2018"})
        if (shown.compare(0, q.size(), q) == 0) shown.erase(0, q.size());
      while (!shown.empty() && std::string_view("([<\"'").find(shown.front()) != std::string_view::npos) shown.erase(0, 1);
      if (normalize(shown).find('@') == std::string::npos || normalize(shown).size() > local.size() + domain.size() + 3)
        shown = local + "@" + domain;
      report(normalize(shown), local, domain, b, e);
    }
    // Wildcard groups: "jane@*, bo@*" with the domain given once as "*@uni.edu".
    if (has_at && text.find("@*") != std::string::npos && text.find("*@") != std::string::npos) {
      static const RE2 wild_domain(R"(\* ?@ ?([a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.[a-z]{2,}))");
      static const RE2 wild_local(R"(([a-z0-9][a-z0-9._%+-]*) ?@ ?\*)");
      std::string domain;
      re2::StringPiece in(text);
      if (RE2::FindAndConsume(&in, wild_domain, &domain)) {
        at = 0;
        while (at < text.size() && wild_local.Match(text, at, text.size(), RE2::UNANCHORED, g, 2)) {
          std::size_t b = static_cast<std::size_t>(g[0].data() - text.data()), e = b + g[0].size();
          at = e;
          std::string local(g[1].data(), g[1].size());
          report(local + "@" + domain, local, domain, b, e);
        }
      }
    }
    // Obfuscated forms: "jane [at] uni [dot] edu", "jane(at)uni.edu".
    auto obfuscated = []() -> const RE2& {
      static const RE2 r(R"(([a-z0-9][a-z0-9._-]*) ?(?:\[at\]|\(at\)|\{at\}|<at>) ?([a-z0-9-]+(?:(?: ?(?:\[dot\]|\(dot\)) ?|\.)[a-z0-9-]+)+))");
      return r;
    };
    at = 0;
    while (has_obfuscated && at < text.size() && obfuscated().Match(text, at, text.size(), RE2::UNANCHORED, g, 3)) {
      std::size_t b = static_cast<std::size_t>(g[0].data() - text.data()), e = b + g[0].size();
      at = e;
      std::string local(g[1].data(), g[1].size()), domain;
      for (std::string_view d(g[2].data(), g[2].size()); !d.empty();) {
        if (d.front() == ' ') { d.remove_prefix(1); continue; }
        if (d.substr(0, 5) == "[dot]" || d.substr(0, 5) == "(dot)") { domain += '.'; d.remove_prefix(5); continue; }
        domain += d.front();
        d.remove_prefix(1);
      }
      if (domain.find('.') == std::string::npos) continue;
      report(local + "@" + domain, local, domain, b, e);
    }
    for (const auto& l : ctx.doc.links) {
      std::string t = normalize(l.target);
      if (t.rfind("mailto:", 0) != 0) continue;
      std::string addr = t.substr(7);
      auto q = addr.find('?');
      if (q != std::string::npos) addr.resize(q);
      auto at_sign = addr.find('@');
      if (at_sign == std::string::npos) continue;
      if (anon::placeholder_email(ctx.profile, addr.substr(0, at_sign), addr.substr(at_sign + 1))) continue;
      if (!seen.insert(addr + "@" + std::to_string(l.page)).second) continue;
      Finding f = make("link", fmt::format("mailto: link to {} on page {}", addr, l.page));
      f.page = l.page;
      f.box = l.box;
      f.evidence = "link target «" + l.target + "»";
      f.hint = "remove the mailto: link";
      out.push_back(std::move(f));
    }
    if (errors > anon::kMaxPerKind) {
      Finding f = make("text", fmt::format("{} more e-mail addresses not listed", errors - anon::kMaxPerKind));
      f.hint = "remove every e-mail address";
      out.push_back(std::move(f));
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_anonymity_email() { return std::make_unique<Email>(); }

}  // namespace preflight
