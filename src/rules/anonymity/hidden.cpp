// anonymity.hidden: what a reviewer's viewer shows beside the printed page:
// comments (markup annotations, with their author) and layers hidden when the
// PDF opens (optional content off by default).
#include <fmt/format.h>

#include <map>
#include <set>

#include "rules/anonymity/common.hpp"
#include "rules/anonymity/identity.hpp"
#include "rules/rules.hpp"

namespace preflight {
namespace {

std::string shorten(const std::string& s, std::size_t n = 160) {
  if (s.size() <= n) return s;
  std::size_t cut = n;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;  // not inside a UTF-8 sequence
  return s.substr(0, cut) + "…";
}

std::string one_line(std::string s) {
  for (auto& c : s)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  return s;
}

class Hidden : public Rule {
 public:
  std::string_view id() const override { return "anonymity.hidden"; }
  std::string_view summary() const override {
    return "No comments (with their author) or hidden layers left in the PDF";
  }
  RuleDoc doc() const override {
    return {"Reads the markup annotations a viewer lists as comments (sticky notes, highlights, free text, ink, "
            "stamps, ...) with their author (/T) and text (/Contents), and the text drawn in optional content that is "
            "off when the PDF opens (a hidden layer). A comment is a warning; it is an error when its author looks "
            "like a person's name (two to five words of letters, or two to four CJK characters; a tool, an "
            "organisation, a placeholder or a one-word account is not) or when its author or text holds a given "
            "author's name, an e-mail address, a user path or a given account. Text in a hidden layer is a warning "
            "quoting it; an error when it holds a given name, an e-mail address, a user path or a given account. "
            "Stands down with --camera-ready or when the profile is not double-blind.",
            "The call asks authors to remove every identifying detail. Acrobat and Preview sign each comment with "
            "the user's full name, and every viewer lists comments in a side pane; a layer panel turns hidden "
            "layers on. Neither is in the text a reviewer reads on the page, so the text rules do not see them.",
            "A co-author's sticky note \"check this number\" by \"Jane Doe\" left in the submitted PDF; an "
            "author block in a layer switched off with ocgx2.",
            "Delete the comments (Acrobat: Comments > Delete all; Preview: select each note and delete it) and "
            "remove the hidden layer from the LaTeX source; then check that the viewer's comments and layers "
            "panes are empty."};
  }
  std::vector<KindDoc> kinds() const override {
    return {{"comment", Severity::warning, "a comment (markup annotation) left in the PDF"},
            {"comment-identity", Severity::error,
             "a comment signed with a person's name, or whose author or text holds a given name, an e-mail "
             "address, a user path or a given account"},
            {"layer", Severity::warning, "text in a layer hidden when the PDF opens"},
            {"layer-identity", Severity::error,
             "text in a hidden layer holding a given name, an e-mail address, a user path or a given account"}};
  }

  void check(const Context& ctx, std::vector<Finding>& out) const override {
    anon::record_scan(ctx);
    auto& facts = ctx.facts["anonymity"];
    facts["comments"] = ctx.doc.comments.size();
    facts["hidden_layers"] = ctx.doc.hidden_layers;
    if (!anon::active(ctx)) return;
    auto names = anon::names(ctx.options);
    comments(ctx, names, out);
    layers(ctx, names, out);
  }

 private:
  void comments(const Context& ctx, const std::vector<anon::Name>& names, std::vector<Finding>& out) const {
    std::map<std::string, int> count;
    std::set<std::string> seen;
    std::map<std::string, std::vector<int>> more;  // kind -> pages not listed
    for (const auto& c : ctx.doc.comments) {
      if (!seen.insert(fmt::format("{}\x1f{}\x1f{}", c.page, c.author, c.text)).second) continue;
      std::string author = one_line(c.author), text = one_line(c.text);
      std::optional<anon::Leak> leak = anon::find_leak(c.author, names, true);
      std::string what;
      if (leak) what = "is signed with " + leak->what;
      if (!leak && (leak = anon::find_leak(c.text, names, true))) what = "carries " + leak->what;
      if (!leak && anon::classify_owner(c.author) == anon::Owner::person) what = "is signed with the name \"" + author + "\"";
      std::string kind = what.empty() ? "comment" : "comment-identity";
      if (++count[kind] > anon::kMaxPerKind) {
        more[kind].push_back(c.page);
        continue;
      }
      std::string by = author.empty() ? "" : fmt::format(" by \"{}\"", shorten(author, 80));
      std::string msg =
          what.empty()
              ? fmt::format("a comment ({} annotation){} is left on page {}: reviewers see it in their viewer's "
                            "comments pane",
                            c.subtype, by, c.page)
              : fmt::format("a comment ({} annotation) on page {} {}", c.subtype, c.page, what);
      Finding f = make(kind, msg);
      f.page = c.page;
      if (!c.box.empty()) f.box = c.box;
      f.evidence = (author.empty() ? "" : "author «" + shorten(author, 80) + "»") +
                   (text.empty() ? "" : std::string(author.empty() ? "" : ", ") + "text «" + shorten(text) + "»");
      if (f.evidence.empty()) f.evidence = c.subtype + " annotation without text";
      f.hint = "delete the comments before submitting (Acrobat: Comments > Delete; Preview: select the note and "
               "delete it), then check that the viewer's comments pane is empty";
      out.push_back(std::move(f));
    }
    for (const auto& [kind, pages] : more) {
      std::vector<int> p(pages.begin(), pages.end());
      std::sort(p.begin(), p.end());
      p.erase(std::unique(p.begin(), p.end()), p.end());
      Finding f = make(kind, fmt::format("{} more comments not listed, on page{} {}", pages.size(),
                                         p.size() == 1 ? "" : "s", page_list(p)));
      f.page = p.front();
      f.hint = "delete every comment before submitting";
      out.push_back(std::move(f));
    }
  }

  void layers(const Context& ctx, const std::vector<anon::Name>& names, std::vector<Finding>& out) const {
    if (ctx.doc.hidden_text.empty()) return;
    std::string layer_names;
    for (std::size_t i = 0; i < ctx.doc.hidden_layers.size() && i < 5; ++i)
      layer_names += (i ? ", \"" : "\"") + shorten(one_line(ctx.doc.hidden_layers[i]), 60) + "\"";
    if (ctx.doc.hidden_layers.size() > 5) layer_names += fmt::format(" and {} more", ctx.doc.hidden_layers.size() - 5);
    int n = 0;
    for (const auto& h : ctx.doc.hidden_text) {
      if (++n > anon::kMaxPerKind) break;
      std::string text = one_line(h.text);
      auto leak = anon::find_leak(h.text, names, true);
      Finding f = make(leak ? "layer-identity" : "layer",
                       leak ? fmt::format("page {} has text in a layer hidden when the PDF opens ({}) that holds {}",
                                          h.page, layer_names, leak->what)
                            : fmt::format("page {} has text in a layer hidden when the PDF opens ({}): reviewers can "
                                          "turn it on in the viewer's layers pane",
                                          h.page, layer_names));
      f.page = h.page;
      if (!h.box.empty()) f.box = h.box;
      f.evidence = "hidden text «" + shorten(text) + "»";
      f.hint = "remove the hidden layer from the source (or make its content part of the page), then check the "
               "viewer's layers pane";
      out.push_back(std::move(f));
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_anonymity_hidden() { return std::make_unique<Hidden>(); }

}  // namespace preflight
