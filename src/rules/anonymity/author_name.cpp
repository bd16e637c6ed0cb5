// anonymity.author-name: the authors' names (--author, --authors-file) in the
// text and in the link targets of a double-blind submission.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "rules/anonymity/common.hpp"
#include "rules/rules.hpp"

namespace preflight {
namespace {

// Link targets split into lower-case alphanumeric tokens ("https://jane-doe.github.io" -> jane doe github io).
std::vector<std::string> url_tokens(const std::string& target) {
  std::vector<std::string> out;
  std::string cur;
  for (unsigned char c : normalize(target)) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80) cur += static_cast<char>(c);
    else if (!cur.empty()) { out.push_back(cur); cur.clear(); }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

class AuthorName : public Rule {
 public:
  std::string_view id() const override { return "anonymity.author-name"; }
  std::string_view summary() const override { return "No author name in the text or the link targets of a double-blind submission"; }
  RuleDoc doc() const override {
    return {"Searches the text and the link targets for the names given with --author or --authors-file, in the "
            "forms \"Jane Doe\", \"Jane M. Doe\", \"J. Doe\", \"J. M. Doe\", \"Doe, Jane\" and \"Doe, J.\", ignoring "
            "case and diacritics, across line breaks and hyphenation, and on page 1 also row by row across columns (an author block \"and Hao\" / \"Chen1 (envelope)\" split by a column gap). A surname alone is not a leak. A name that "
            "only appears in the bibliography (an ordinary citation of one's own work, in the third person) is "
            "reported as info. A link target holding the name (\"https://jane-doe.github.io\", \".../janedoe\") is an "
            "error. Names in the PDF metadata are reported by anonymity.metadata. Stands down with --camera-ready "
            "or when the profile is not double-blind.",
            "The workshop is double-blind: a paper that names its authors can be desk-rejected.",
            "\\author{Jane Doe} typed outside the template's anonymous block, a \\thanks{Jane Doe is funded by ...}, "
            "\"Code by Jane Doe\" in a footnote, or \\href{https://janedoe.github.io}{project page}.",
            "Remove the name (\\author is hidden by the template in submission mode; a \\thanks or a footnote is "
            "not): remove the \\thanks, write \"the authors\" or \"Anonymous\", and link an anonymous.4open.science "
            "copy instead of a personal page."};
  }
  std::vector<KindDoc> kinds() const override {
    return {{"text", Severity::error, "a given author's name printed in the text (outside the bibliography)"},
            {"bibliography", Severity::info, "a given author's name in the bibliography (a third-person citation is allowed)"},
            {"link", Severity::error, "a link target that holds a given author's name"}};
  }
  void check(const Context& ctx, std::vector<Finding>& out) const override {
    anon::record_scan(ctx);
    if (!anon::active(ctx)) return;
    const std::string& text = ctx.layout.index.text;
    for (const auto& n : anon::names(ctx.options)) {
      if (n.forms.empty()) continue;
      // Text: every form, longest first, an index range reported once.
      std::vector<std::string> forms = n.forms;
      std::sort(forms.begin(), forms.end(), [](auto& a, auto& b) { return a.size() > b.size(); });
      std::vector<std::pair<std::size_t, std::size_t>> hits;
      for (const auto& f : forms)
        for (std::size_t p : anon::find_words(text, f)) {
          bool covered = false;
          for (auto& h : hits)
            if (p < h.second && p + f.size() > h.first) covered = true;
          if (!covered) hits.emplace_back(p, p + f.size());
        }
      std::sort(hits.begin(), hits.end());
      int errors = 0, infos = 0;
      // Page 1 read row by row, whatever the columns: an author block centred over two
      // columns ("and Hao" | "Chen¹ ✉") is split into lines of each column by the layout.
      if (!ctx.doc.pages.empty()) {
        bool page1_hit = false;
        for (auto& [b, e] : hits)
          if (anon::locate(ctx, b, e).page == 1 && !anon::in_bibliography(ctx, b)) page1_hit = true;
        const auto& words = ctx.doc.pages[0].words;
        std::vector<int> idx(words.size());
        for (std::size_t i = 0; i < words.size(); ++i) idx[i] = static_cast<int>(i);
        auto mid = [&](int i) { return (words[i].box.y0 + words[i].box.y1) / 2; };
        std::stable_sort(idx.begin(), idx.end(), [&](int a, int b) {
          if (std::abs(words[a].baseline - words[b].baseline) > 2.5 && std::abs(mid(a) - mid(b)) > 2.5)
            return mid(a) < mid(b);
          return words[a].box.x0 < words[b].box.x0;
        });
        std::string rows;
        std::vector<std::pair<std::size_t, int>> at;  // (offset in rows, word)
        for (int i : idx) {
          if (words[i].size < 5) continue;
          at.emplace_back(rows.size(), i);
          rows += normalize(words[i].text) + " ";
        }
        for (const auto& f : page1_hit ? std::vector<std::string>{} : forms) {
          auto found = anon::find_words(rows, f);
          if (found.empty()) continue;
          std::size_t p = found.front();
          Box box;
          bool first_box = true;
          std::string snippet;
          for (auto& [off, wi] : at) {
            if (off + 1 > p && off < p + f.size()) {
              box = first_box ? words[wi].box : box.united(words[wi].box);
              first_box = false;
              if (!snippet.empty()) snippet += ' ';
              snippet += words[wi].text;
            }
          }
          ++errors;
          Finding fd = make("text", fmt::format("author name \"{}\" is printed on page 1", n.display));
          fd.page = 1;
          fd.box = box;
          fd.evidence = "«" + snippet + "»";
          fd.hint = "remove the name: keep \\author inside the template's anonymous block and remove any \\thanks or "
                    "footnote that names an author";
          out.push_back(std::move(fd));
          break;
        }
      }
      for (auto& [b, e] : hits) {
        anon::Where w = anon::locate(ctx, b, e);
        bool bib = anon::in_bibliography(ctx, b);
        if (bib) {
          if (++infos > 3) continue;
          Finding f = make("bibliography", fmt::format("author \"{}\" is cited in the bibliography on page {} "
                                                       "(allowed when cited in the third person)", n.display, w.page));
          f.page = w.page;
          f.box = w.box;
          f.evidence = w.snippet;
          f.hint = "nothing to do if the text refers to this work as a third party's (\"Doe et al. showed\"), "
                   "not as \"our previous work\"";
          out.push_back(std::move(f));
        } else {
          if (++errors > anon::kMaxPerKind) continue;
          Finding f = make("text", fmt::format("author name \"{}\" is printed on page {}", n.display, w.page));
          f.page = w.page;
          f.box = w.box;
          f.evidence = w.snippet;
          f.hint = w.page == 1 ? "remove the name: keep \\author inside the template's anonymous block and remove "
                                 "any \\thanks or footnote that names an author"
                               : "remove the name or write \"the authors\"; remove the \\thanks or footnote that holds it";
          out.push_back(std::move(f));
        }
      }
      if (errors > anon::kMaxPerKind) {
        Finding f = make("text", fmt::format("author name \"{}\": {} more occurrences not listed", n.display,
                                                      errors - anon::kMaxPerKind));
        f.hint = "remove every occurrence of the name";
        out.push_back(std::move(f));
      }
      // Link targets.
      std::set<std::string> seen;
      for (const auto& l : ctx.doc.links) {
        if (anon::allowed_host(ctx, anon::host_of(l.target))) continue;
        auto tok = url_tokens(l.target);
        bool hit = false;
        for (std::size_t i = 0; i < tok.size() && !hit; ++i) {
          if (i + 1 < tok.size() && tok[i] == n.first && tok[i + 1] == n.last) hit = true;
          if (tok[i].size() >= 6 && tok[i] == n.first + n.last) hit = true;
        }
        if (!hit || !seen.insert(l.target).second) continue;
        Finding f = make("link", fmt::format("the link target {} on page {} holds the author name \"{}\"",
                                                      l.target, l.page, n.display));
        f.page = l.page;
        f.box = l.box;
        f.evidence = "«" + l.target + "»";
        f.hint = "link an anonymous.4open.science copy instead, or remove the link";
        out.push_back(std::move(f));
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_anonymity_author_name() { return std::make_unique<AuthorName>(); }

}  // namespace preflight
