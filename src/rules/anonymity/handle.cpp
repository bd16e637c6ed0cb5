// anonymity.handle: user accounts (GitHub, HuggingFace, GitLab, X, LinkedIn,
// Google Scholar, ORCID, W&B) in the visible text and in the link targets.
#include <fmt/format.h>
#include <re2/re2.h>

#include <cmath>
#include <map>
#include <set>

#include "rules/anonymity/common.hpp"
#include "rules/rules.hpp"

namespace preflight {
namespace {

std::string service_label(const std::string& s) {
  if (s == "github") return "GitHub";
  if (s == "github.io") return "GitHub Pages";
  if (s == "huggingface") return "HuggingFace";
  if (s == "gitlab") return "GitLab";
  if (s == "x") return "X/Twitter";
  if (s == "linkedin") return "LinkedIn";
  if (s == "scholar") return "Google Scholar";
  if (s == "orcid") return "ORCID";
  if (s == "wandb") return "Weights & Biases";
  if (s == "bitbucket") return "Bitbucket";
  return s;
}

// "github:janedoe" matches github and github.io; "hf:" / "huggingface:" matches huggingface; bare matches any.
bool handle_matches(const std::string& handle, const anon::Account& a) {
  auto c = handle.find(':');
  std::string svc = c == std::string::npos ? "" : handle.substr(0, c);
  std::string acc = c == std::string::npos ? handle : handle.substr(c + 1);
  while (!acc.empty() && acc.front() == '@') acc.erase(0, 1);
  if (acc != a.account) return false;
  if (svc.empty()) return true;
  if (svc == "gh" || svc == "github") return a.service == "github" || a.service == "github.io";
  if (svc == "hf" || svc == "huggingface") return a.service == "huggingface";
  if (svc == "twitter" || svc == "x") return a.service == "x";
  return svc == a.service;
}

std::string alnum_only(const std::string& s) {
  std::string o;
  for (unsigned char c : s)
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) o += static_cast<char>(c);
  return o;
}

// True when `pos` lies on page 1 above the Abstract heading (title and author block).
bool above_abstract(const Context& ctx, std::size_t pos) {
  const Layout& lay = ctx.layout;
  int line = static_cast<int>(lay.index.line_of[lay.index.origin[pos]]);
  if (lay.lines[line].page != 0) return false;
  auto [b, e] = lay.page_lines(0);
  for (int i = b; i < e; ++i) {
    std::string k;
    for (unsigned char c : normalize(lay.lines[i].text))
      if (c >= 'a' && c <= 'z') k += static_cast<char>(c);
    if (k == "abstract") return line < i;
  }
  return false;
}

class Handle : public Rule {
 public:
  std::string_view id() const override { return "anonymity.handle"; }
  std::string_view summary() const override { return "No personal GitHub / HuggingFace / social account in the text or the links"; }
  RuleDoc doc() const override {
    return {"Finds user accounts in URLs: github.com/USER, USER.github.io, huggingface.co/USER (also /datasets/USER, "
            "/spaces/USER), gitlab.com/USER, bitbucket.org/USER, x.com / twitter.com, linkedin.com/in, scholar.google (user=), orcid.org "
            "and wandb.ai/USER, in the visible text (a URL broken over lines is rejoined) and in the link "
            "annotations, whose visible text may be just \"code\". An account equal to a handle given with "
            "--handle / --authors-file, or spelling an author's name (janedoe, jdoe, doejane), is an error. So is an "
            "account the paper presents as the authors' own (\"our code is at\", \"Our project website\", \"Code:\", "
            "or anywhere above the abstract): a double-blind paper may not link its authors' own account or site "
            "(anonymity.handle.own). Any other account is a warning asking to confirm it is anonymous "
            "(anonymity.handle.unverified), unless the URL is plainly third-party: "
            "(1) it is printed or linked in the bibliography, or the same account is; or (2) the paper names the "
            "tool: the repository or account name appears as a word elsewhere in the text but not in the title or "
            "abstract (there it is the paper's own contribution), and the sentence before the URL does not claim "
            "it (no \"our\", \"we release\", \"code is available\", \"Code:\", \"project page\"; a URL above the "
            "abstract is always claimed). An account whose name contains \"anonym\" is reported as info only. Hosts "
            "in the profile's allowed_hosts (anonymous.4open.science, anonymous.github.io, openreview.net) pass "
            "without a word. Stands down with --camera-ready or when the profile is not double-blind.",
            "A GitHub or HuggingFace user name identifies the authors as surely as their names: the call for "
            "papers asks for anonymous.4open.science links and anonymous HuggingFace accounts.",
            "\"Code: \\url{https://github.com/janedoe/sparse-depth}\", or \\href{https://huggingface.co/jdoe/model}{model}.",
            "Link an anonymous.4open.science copy of the repository instead (https://anonymous.4open.science), and "
            "put models and data under an anonymous HuggingFace account."};
  }

  std::vector<KindDoc> kinds() const override {
    return {{"author", Severity::error, "an account URL that is a given handle or spells a given author's name"},
            {"own", Severity::error,
             "an account URL the paper presents as the authors' own (\"our code\", \"our project website\", or in the "
             "title and author block) that is not an anonymous host: the account or site names or leads to them"},
            {"unverified", Severity::warning, "an account URL that may be the authors': confirm it is anonymous"},
            {"third-party", Severity::info,
             "a third party's public model, dataset or code: cited, used (\"we use\", \"the code of X\"), in a table "
             "or in a footnote, and not presented as the authors' own"},
            {"anonymous", Severity::info, "an account URL that looks anonymous"}};
  }
  void check(const Context& ctx, std::vector<Finding>& out) const override {
    anon::record_scan(ctx);
    if (!anon::active(ctx)) return;
    const TextIndex& ix = ctx.layout.index;
    const auto names = anon::names(ctx.options);
    std::vector<std::string> handles;
    for (const auto& h : ctx.options.handles) handles.push_back(normalize(h));
    for (const auto& n : names) handles.insert(handles.end(), n.handles.begin(), n.handles.end());

    struct Occ {
      anon::Account a;
      std::size_t pos = std::string::npos;  // index byte, npos when not located
      int page = 0;                          // 1-based
      Box box;
      bool has_box = false;
      std::string evidence;
      bool from_link = false;
      std::string target;
    };
    std::vector<Occ> occ;
    // Visible text, with URLs rejoined over line breaks.
    anon::Joined j = anon::join_urls(ctx);
    {
      std::vector<std::size_t> pos;
      auto acc = anon::find_accounts(j.text, &pos);
      for (std::size_t i = 0; i < acc.size(); ++i) {
        std::size_t b = j.map[pos[i]];
        std::size_t e = j.map[std::min(pos[i] + acc[i].url.size(), j.map.size()) - 1] + 1;
        // The full host for the allow-list (anonymous.github.io).
        if (acc[i].service == "github.io" && anon::allowed_host(ctx, acc[i].account + ".github.io")) continue;
        Occ o;
        o.a = acc[i];
        o.pos = b;
        anon::Where w = anon::locate(ctx, b, e);
        o.page = w.page;
        o.box = w.box;
        o.has_box = true;
        o.evidence = w.snippet;
        occ.push_back(std::move(o));
      }
    }
    // Link annotations.
    const auto first = anon::first_index_pos(ctx);
    for (const auto& l : ctx.doc.links) {
      if (l.kind != "uri") continue;
      std::string host = anon::host_of(l.target);
      if (anon::allowed_host(ctx, host)) continue;
      std::string t = normalize(l.target);
      for (auto& a : anon::find_accounts(t)) {
        if (a.service == "github.io" && anon::allowed_host(ctx, a.account + ".github.io")) continue;
        Occ o;
        o.a = a;
        o.from_link = true;
        o.target = l.target;
        o.page = l.page;
        o.box = l.box;
        o.has_box = true;
        o.pos = anon::index_pos_in_box(ctx, first, l.page - 1, l.box);
        std::string shown;
        if (o.pos != std::string::npos) {
          anon::Where w = anon::locate(ctx, o.pos, o.pos + 1);
          shown = w.snippet;
        }
        o.evidence = "link target «" + l.target + "»" + (shown.empty() ? "" : " on the text: " + shown);
        occ.push_back(std::move(o));
      }
    }

    // Accounts cited in the bibliography (text or link there).
    std::set<std::string> bib_accounts;
    for (const auto& o : occ)
      if (o.pos != std::string::npos && anon::in_bibliography(ctx, o.pos)) bib_accounts.insert(o.a.service + ":" + o.a.account);

    // The front matter (title and abstract: page 1 up to the first heading after the
    // Abstract). A name that appears there is the paper's own contribution, not a tool it uses.
    std::size_t front_end = 0;
    {
      const Layout& lay = ctx.layout;
      int abstract_line = -1, end_line = -1;
      for (const auto& h : lay.headings) {
        if (h.page != 0) break;
        if (h.key == "abstract") abstract_line = h.line;
        else if (abstract_line >= 0 && h.line > abstract_line) { end_line = h.line; break; }
      }
      if (end_line < 0 && !ctx.doc.pages.empty()) end_line = lay.page_lines(0).second;
      const auto firsts = anon::first_index_pos(ctx);
      for (std::size_t g = 0; g < ix.words.size(); ++g)
        if (firsts[g] != std::string::npos && static_cast<int>(ix.line_of[g]) < end_line)
          front_end = std::max(front_end, firsts[g] + 1);
    }
    auto named_in_text = [&](const std::string& word) {
      if (word.size() < 3) return false;
      bool named = false;
      for (std::size_t p : anon::find_words(ix.text, word)) {
        char before = p > 0 ? ix.text[p - 1] : ' ';
        char after = p + word.size() < ix.text.size() ? ix.text[p + word.size()] : ' ';
        if (before == '/' || before == '.' || after == '/' || (after == '.' && p + word.size() + 1 < ix.text.size() &&
                                                                 ix.text[p + word.size() + 1] != ' '))
          continue;  // part of a URL
        if (p < front_end) return false;  // named in the title or abstract: the paper's own
        named = true;
      }
      return named;
    };

    std::set<std::string> reported, third_party;
    int warnings = 0;
    for (const auto& o : occ) {
      const auto& a = o.a;
      std::string key = a.service + ":" + a.account + "@" + std::to_string(o.page);
      if (!reported.insert(key).second) continue;
      // Error: a given handle, or the account spells an author's name.
      std::string who;
      for (const auto& h : handles)
        if (handle_matches(h, a)) who = "the given handle " + h;
      if (who.empty()) {
        std::string acc = alnum_only(a.account);
        while (acc.size() > 4 && acc.back() >= '0' && acc.back() <= '9') acc.pop_back();  // janedoe42
        for (const auto& n : names)
          for (const auto& form : n.accounts)
            if (form.size() >= 4 && acc == form) who = "the name of author \"" + n.display + "\"";
      }
      std::string where = o.from_link ? fmt::format("a link on page {}", o.page) : fmt::format("page {}", o.page);
      if (!who.empty()) {
        Finding f = make("author", fmt::format("{} account \"{}\" on {} is {}", service_label(a.service),
                                                      a.account, where, who));
        f.page = o.page;
        if (o.has_box) f.box = o.box;
        f.evidence = o.evidence;
        f.hint = a.service == "huggingface" ? "upload to an anonymous HuggingFace account and link that instead"
                                            : "link an anonymous.4open.science copy instead";
        out.push_back(std::move(f));
        continue;
      }
      if (a.account.find("anonym") != std::string::npos) {
        Finding f = make("anonymous", fmt::format("{} account \"{}\" on {} looks like an anonymous account",
                                                     service_label(a.service), a.account, where));
        f.page = o.page;
        if (o.has_box) f.box = o.box;
        f.evidence = o.evidence;
        f.hint = "make sure nothing in the account (profile, commits, other repositories) names the authors";
        out.push_back(std::move(f));
        continue;
      }
      // Third-party: cited in the bibliography, or a tool the paper names (and does not claim).
      bool bib = (o.pos != std::string::npos && anon::in_bibliography(ctx, o.pos)) ||
                 bib_accounts.count(a.service + ":" + a.account);
      if (bib) {
        third_party.insert(a.url);
        continue;
      }
      bool claimed = o.pos != std::string::npos && above_abstract(ctx, o.pos);
      if (o.pos != std::string::npos && !claimed) {
        // The sentence before the URL, on its line and the line before when that is in the same
        // type size (a footnote does not continue the body line above it).
        const Layout& lay = ctx.layout;
        int line = static_cast<int>(ix.line_of[ix.origin[o.pos]]);
        int from_line = line;
        // A URL broken after "https://" continues the line above whatever its type size.
        auto broken_url = [](const std::string& t) {
          return t.size() >= 3 && (t.compare(t.size() - 3, 3, "://") == 0 || t.back() == '/');
        };
        // The text line above, skipping margin line numbers and page furniture (review mode
        // puts a line number between every two lines of text).
        int prev = line - 1;
        while (prev >= 0 && (lay.lines[prev].margin_number || lay.lines[prev].furniture)) --prev;
        if (prev >= 0 && lay.lines[prev].page == lay.lines[line].page &&
            (std::abs(lay.lines[prev].size - lay.lines[line].size) < 0.6 || broken_url(lay.lines[prev].text)))
          from_line = prev;
        std::size_t b = o.pos;
        while (b > 0 && o.pos - b < 200 && static_cast<int>(ix.line_of[ix.origin[b - 1]]) >= from_line &&
               static_cast<int>(ix.line_of[ix.origin[b - 1]]) <= line)
          --b;
        std::string_view before(ix.text.data() + b, o.pos - b);
        for (std::string_view pre : {"www.", "https://", "http://"})
          if (before.size() >= pre.size() && before.substr(before.size() - pre.size()) == pre) before.remove_suffix(pre.size());
        auto dot = before.rfind(". ");
        if (dot != std::string_view::npos) before.remove_prefix(dot + 2);
        // Compiled when a paper first has an account to judge.
        static const RE2 claim(
            R"((?:\bour\b|\bours\b|\bwe (?:will )?(?:release|provide|open[- ]?source|publish|share|make)|(?:codes?|implementation|models?|data|datasets?|weights|checkpoints|repository|website|demo)(?: and [a-z]+)? (?:is|are|will be|has been|have been) (?:publicly |made |released |open[- ]sourced )?(?:available|released|open[- ]sourced|provided|hosted)|project (?:page|website|site)|\bmy\b|(?:code|project|website|homepage|repository|github|demo|page|data|model)s? ?: ?$))");
        claimed = RE2::PartialMatch(re2::StringPiece(before.data(), before.size()), claim);
      }
      bool tool = !claimed && (named_in_text(a.repo) || (a.service != "github.io" && named_in_text(a.account)));
      if (tool) {
        third_party.insert(a.url);
        continue;
      }
      if (++warnings > anon::kMaxPerKind) continue;
      Finding f = claimed
                      ? make("own", fmt::format("{} account \"{}\" on {}, presented as the authors' own: a double-blind "
                                                "submission may not link the authors' own account or site",
                                                service_label(a.service), a.account, where))
                      : make("unverified", fmt::format("{} account \"{}\" on {}: confirm it is an anonymous account",
                                                       service_label(a.service), a.account, where));
      f.page = o.page;
      if (o.has_box) f.box = o.box;
      f.evidence = o.evidence;
      f.hint = a.service == "huggingface" ? "if the account is yours, put the model or data under an anonymous HuggingFace account"
               : a.service == "github.io"   ? "if the site is yours, remove the link until the camera-ready version or host "
                                              "an anonymous copy (anonymous.4open.science serves GitHub Pages too)"
                                            : "if the account is yours, link an anonymous.4open.science copy instead";
      out.push_back(std::move(f));
    }
    // What was seen: every account URL, and those judged third-party (silent).
    auto& facts = ctx.facts["anonymity"];
    facts["account_urls"] = occ.size();
    facts["third_party_urls"] = std::vector<std::string>(third_party.begin(), third_party.end());
    if (warnings > anon::kMaxPerKind) {
      Finding f = make("unverified", fmt::format("{} more account URLs not listed", warnings - anon::kMaxPerKind));
      f.hint = "check every account URL";
      out.push_back(std::move(f));
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_anonymity_handle() { return std::make_unique<Handle>(); }

}  // namespace preflight
