// anonymity.handle: user accounts (GitHub, HuggingFace, GitLab, X, LinkedIn,
// Google Scholar, ORCID, W&B) in the visible text and in the link targets.
#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>
#include <cctype>
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

// The text a reader takes with a URL at index byte `pos`: the sentence before it,
// across line breaks within the same paragraph or footnote (the line above belongs
// when it is in the same type size or directly above, as with a \url set smaller
// than the text), up to `max` bytes, from the start of the sentence.
std::string context_before(const Context& ctx, std::size_t pos, std::size_t max = 260) {
  const Layout& lay = ctx.layout;
  const TextIndex& ix = lay.index;
  if (pos == std::string::npos || pos > ix.text.size() || ix.origin.empty()) return "";
  std::size_t at = std::min(pos, ix.text.size() - 1);
  int line = static_cast<int>(ix.line_of[ix.origin[at]]);
  int cur = line;  // the last line accepted
  std::size_t b = pos;
  while (b > 0 && pos - b < max) {
    int l = static_cast<int>(ix.line_of[ix.origin[b - 1]]);
    if (l != cur) {
      const Line& L = lay.lines[l];
      const Line& C = lay.lines[cur];
      if (L.page != C.page) break;
      bool skip = L.margin_number || L.furniture ||
                  (L.size < C.size * 0.85 && L.text.size() <= 3);  // a footnote mark set as its own line
      if (!skip) {
        double gap = C.box.y0 - L.box.y1;
        bool same_size = std::abs(L.size - C.size) < 0.6;
        bool adjacent = gap > -2 && gap < 0.5 * std::max(C.box.height(), 4.0);
        bool side_by_side = std::abs(L.box.y0 - C.box.y0) < 2;  // one printed line split in two
        // In a table only the cells of the same row belong to the URL.
        if (lay.lines[line].region >= 0 && !side_by_side) break;
        if (!(same_size && gap < 1.2 * std::max(C.box.height(), 4.0)) && !adjacent && !side_by_side) break;
        cur = l;
      }
    }
    --b;
  }
  std::string before = ix.text.substr(b, pos - b);
  for (std::string_view pre : {"www.", "https://", "http://"})
    if (before.size() >= pre.size() && before.compare(before.size() - pre.size(), pre.size(), pre) == 0)
      before.resize(before.size() - pre.size());
  // From the start of the sentence: after the last ". " that does not end an abbreviation.
  for (std::size_t d = before.rfind(". "); d != std::string::npos && d > 0; d = before.rfind(". ", d - 1)) {
    std::size_t w = before.rfind(' ', d - 1);
    std::string_view word(before.data() + (w == std::string::npos ? 0 : w + 1), d - (w == std::string::npos ? 0 : w + 1));
    if (word == "e.g" || word == "i.e" || word == "al" || word == "fig" || word == "no" || word == "vs" || word == "cf" ||
        word == "eq" || word == "sec" || word == "tab" || word == "resp" || word == "etc" || word.size() == 1) {
      if (d == 0) break;
      continue;
    }
    before = before.substr(d + 2);
    break;
  }
  return before;
}

// The rest of the sentence after index byte `pos` (for a link on "here" or "this link").
std::string context_after(const Context& ctx, std::size_t pos, std::size_t max = 120) {
  const TextIndex& ix = ctx.layout.index;
  if (pos >= ix.text.size()) return "";
  std::string after = ix.text.substr(pos, max);
  auto d = after.find(". ");
  if (d != std::string::npos) after.resize(d);
  return after;
}

// An own-claim: the authors present the URL as theirs. Strong claims decide alone;
// weak ones ("is available at", "can be found in") only when the sentence does not
// credit someone else (a citation, "we use", "the code of X").
bool strong_claim(std::string_view t) {
  static const RE2 claim(
      R"((?:\bour (?:[a-z0-9-]+ ){0,3}(?:codes?|implementations?|repositor(?:y|ies)|repos?|models?|data|datasets?|weights|checkpoints?|project|website|webpage|homepage|page|benchmark|tools?|toolkit|library|package|framework|system|demo|github|software|scripts?|source|prompts|artifacts?|materials?)\b|\bours\b|\bwe (?:will |also |hereby )?(?:release|provide|open[- ]?source|publish|share)\b|\bwe (?:will |also )?make (?:[a-z0-9-]+ ){0,4}(?:available|public)\b|\bmy\b|project (?:page|website|site)|(?:codes?|implementation|data|datasets?|models?|weights|repository) (?:used |developed |written |created )?(?:in|for|of|behind) (?:this|the present|the current) (?:paper|work|project|study|submission|article)|\bcodes? and (?:data|datasets?|models?|weights)\b|(?:codes?|implementation|models?|data|datasets?|weights|checkpoints|repository|website|demo)(?: and [a-z]+)? (?:is|are|will be|has been|have been) (?:publicly |made |released |open[- ]sourced )?(?:available|released|open[- ]sourced|provided|hosted)|(?:code|project|website|homepage|repository|github|demo|page|data|model)s? ?: ?$))");
  return RE2::PartialMatch(re2::StringPiece(t.data(), t.size()), claim);
}
// Weak claims only count right before the URL (the last 100 bytes of the sentence).
bool weak_claim(std::string_view t) {
  static const RE2 claim(
      R"(\b(?:(?:is|are|will be) (?:made )?(?:publicly |freely |openly )?available|can be (?:found|accessed|downloaded|obtained))\b)");
  if (t.size() > 100) t.remove_prefix(t.size() - 100);
  return RE2::PartialMatch(re2::StringPiece(t.data(), t.size()), claim);
}
// The sentence credits someone else: a citation, a use of the resource, "the code of X".
std::string third_party_marker(std::string_view t) {
  static const RE2 cite(R"((\[[0-9][0-9,;\s–-]*\]|\bet al\b|\([a-z][a-z .&-]*,? (?:19|20)[0-9]{2}[a-z]?\)))");
  static const RE2 use(
      R"(\b((?:we|i) (?:use|used|employ|employed|adopt|adopted|utili[sz]e|utili[sz]ed|leverage|leveraged|follow|followed|evaluate|evaluated|download|downloaded|borrow|borrowed|build on|built on|rely on|relied on|obtain|obtained|take|took|run|ran|apply|applied|compare|compared|load|loaded)|by employing|employing|(?:released|provided|developed|published|maintained|created|introduced|proposed|trained|hosted) by|the (?:released|official|original|public|publicly available|open[- ]source) (?:[a-z0-9-]+ )?(?:code|implementation|model|models|checkpoints?|weights|dataset|repository|version|release)|(?:code|implementation|weights|checkpoints?|repository|repo|library|package|toolkit) (?:of|from|by) [a-z]+)\b)");
  std::string m;
  re2::StringPiece in(t.data(), t.size());
  if (RE2::PartialMatch(in, cite, &m)) return "cited (\"" + m + "\")";
  if (RE2::PartialMatch(in, use, &m)) return "used, not claimed (\"" + m + "\")";
  return "";
}

// A link's visible text that says nothing by itself ("here", "this link", "GitHub").
bool generic_link_text(std::string t) {
  while (!t.empty() && std::string_view(".,;:)").find(t.back()) != std::string_view::npos) t.pop_back();
  static const std::set<std::string> generic = {"here", "link", "this link", "this", "github", "huggingface", "hugging face",
                                                "code", "our code", "repository", "repo", "website", "project page",
                                                "page", "url", "this url", "online", "available", "this repository"};
  return generic.count(t) > 0;
}

class Handle : public Rule {
 public:
  std::string_view id() const override { return "anonymity.handle"; }
  std::string_view summary() const override { return "No personal GitHub / HuggingFace / social account in the text or the links"; }
  RuleDoc doc() const override {
    return {"Finds user accounts in URLs: github.com/USER, USER.github.io, huggingface.co/USER (also /datasets/USER, "
            "/spaces/USER, /collections/USER), gitlab.com/USER, bitbucket.org/USER, x.com / twitter.com, linkedin.com/in, "
            "scholar.google (user=), orcid.org and wandb.ai/USER, in the visible text (a URL broken over lines is "
            "rejoined, but not a complete URL with the next table cell or a line that stops short) and in the link "
            "annotations, whose visible text may be just \"code\", \"here\" or \"GitHub\"; a URL printed under its own "
            "link is read from the link. An account equal to a handle given with --handle / --authors-file, or "
            "spelling an author's name (janedoe, jdoe, doejane), is an error (anonymity.handle.author). So is an "
            "account the paper presents as the authors' own (anonymity.handle.own): in the title and author block, or "
            "with an own-claim in its sentence, read across line breaks, around a link on \"here\" / \"this link\" / "
            "\"GitHub\", and, for a URL in a footnote, at the footnote's mark in the body (\"our code\", \"we release\", "
            "\"code and data\", \"the code used in this project\", \"Code:\", \"project page\"; \"is available at\" "
            "and \"can be found in\" right before the URL unless the sentence credits someone else). The own-claim "
            "decides, not a citation. Without an own-claim, a third party's public model, dataset or code is info "
            "(anonymity.handle.third-party): cited next to the URL (\"[12]\", \"Smith et al.\") or used (\"we use\", "
            "\"the code of X\", \"released by\"), in a footnote, in a table, cited in the bibliography, or a tool the "
            "paper names outside its title and abstract (a URL inside the bibliography itself is not listed). Any "
            "other account is a warning asking to confirm it is anonymous (anonymity.handle.unverified). An account "
            "whose name contains \"anonym\" is info. Hosts in the profile's allowed_hosts (anonymous.4open.science, "
            "anonymous.github.io, openreview.net) pass without a word. Stands down with --camera-ready or when the "
            "profile is not double-blind.",
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
        // A URL printed under its own link: the link's target is what the URL says (the text
        // may have run into the next table cell or lost a piece at a line break).
        {
          const WordRef& r = ix.words[ix.origin[b]];
          const Box& wb = ctx.doc.pages[r.page].words[r.word].box;
          double cx = (wb.x0 + wb.x1) / 2, cy = (wb.y0 + wb.y1) / 2;
          bool covered = false;
          for (const auto& l : ctx.doc.links) {
            if (l.kind != "uri" || l.page != r.page + 1) continue;
            if (cx < l.box.x0 - 1 || cx > l.box.x1 + 1 || cy < l.box.y0 - 1 || cy > l.box.y1 + 1) continue;
            if (anon::host_of(l.target) == anon::host_of(acc[i].url) ||
                normalize(l.target).find(acc[i].service == "github.io" ? ".github.io" : anon::host_of(acc[i].url)) !=
                    std::string::npos)
              covered = true;
          }
          if (covered) continue;
        }
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
        o.pos = anon::index_pos_in_box(ctx, first, l.page - 1, l.box, /*skip_furniture=*/true);
        if (o.pos == std::string::npos) o.pos = anon::index_pos_in_box(ctx, first, l.page - 1, l.box);
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

    const Layout& lay = ctx.layout;
    const anon::FrontMatter fm = anon::front_matter(ctx);
    auto line_of_pos = [&](std::size_t pos) { return static_cast<int>(ix.line_of[ix.origin[pos]]); };
    // On page 1 between the title and the abstract (or the first body paragraph): the author block.
    auto in_author_block = [&](std::size_t pos) {
      if (fm.end < 0) return false;
      int l = line_of_pos(pos);
      return lay.lines[l].page == 0 && l < fm.end;
    };
    // A footnote: a line smaller than the body text in the lower part of the page, with a
    // number or mark at its left (or opening it). Returns the footnote's mark ("4", "*"), or "".
    auto footnote_mark = [&](int line) -> std::string {
      const Line& L = lay.lines[line];
      if (L.size >= lay.body_size - 0.5 || L.region >= 0 || L.margin_number) return "";
      const Page& pg = ctx.doc.pages[L.page];
      if (L.box.y0 < 0.45 * pg.height) return "";
      auto is_mark = [](const std::string& t) {
        if (t.empty() || t.size() > 3) return false;
        bool digits = std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; });
        return digits || t == "*" || t == "\u2217" || t == "\u2020" || t == "\u2021";
      };
      // The footnote's first line: up to three lines above in the same size, directly above.
      for (int l = line, k = 0; l >= 0 && k < 4; --l) {
        const Line& C = lay.lines[l];
        if (C.page != L.page) break;
        if (C.margin_number || C.furniture) continue;
        if (std::abs(C.size - L.size) > 0.6) break;
        ++k;
        if (C.words.empty()) continue;
        const Word& first = pg.words[C.words.front()];
        // The mark set as a line of its own, the footnote's text beside it.
        if (l == line && C.words.size() == 1 && is_mark(first.text) && line + 1 < static_cast<int>(lay.lines.size()) &&
            lay.lines[line + 1].page == C.page && std::abs(lay.lines[line + 1].box.y0 - C.box.y0) < 4 &&
            lay.lines[line + 1].size < lay.body_size - 0.5)
          return first.text;
        if (is_mark(first.text) && C.words.size() > 1) return first.text;
        for (const Word& w : pg.words) {
          double cy = (w.box.y0 + w.box.y1) / 2;
          if (w.box.x1 <= first.box.x0 + 2 && w.box.x0 >= first.box.x0 - 25 && cy >= C.box.y0 - 4 && cy <= C.box.y1 + 1 &&
              is_mark(w.text))
            return w.text;
        }
      }
      return "";
    };
    // The body text that points to footnote `mark` on page `page` (0-based): the sentence
    // before the mark, or "" when the mark is not found.
    const auto firsts = anon::first_index_pos(ctx);
    std::size_t page_base = 0;
    std::vector<std::size_t> bases;
    for (const auto& pg : ctx.doc.pages) { bases.push_back(page_base); page_base += pg.words.size(); }
    auto mark_context = [&](int page, const std::string& mark, double above_y) -> std::string {
      const Page& pg = ctx.doc.pages[page];
      std::size_t best = std::string::npos, glued = std::string::npos;
      for (std::size_t w = 0; w < pg.words.size(); ++w) {
        const Word& x = pg.words[w];
        if (x.box.y0 >= above_y - 1) continue;
        std::size_t g = bases[page] + w;
        if (g >= firsts.size() || firsts[g] == std::string::npos) continue;
        if (x.text == mark && x.size < lay.body_size * 0.85) { best = firsts[g]; break; }
        // A mark glued to its word ("LLaMA-Factory13"): the word ends with the mark after a letter.
        if (glued == std::string::npos && x.text.size() > mark.size() + 1 &&
            x.text.compare(x.text.size() - mark.size(), mark.size(), mark) == 0 &&
            std::isalpha(static_cast<unsigned char>(x.text[x.text.size() - mark.size() - 1])) &&
            (g + 1 < firsts.size()))
          glued = firsts[g + 1] != std::string::npos ? firsts[g + 1] : firsts[g];
      }
      if (best == std::string::npos) best = glued;
      if (best == std::string::npos) return "";
      return context_before(ctx, best);
    };

    // Judge every occurrence: own, third-party or unverified, with the reason.
    enum class Verdict { third_party, unverified, own, anonymous, author };
    struct Judged {
      Verdict v = Verdict::unverified;
      std::string reason;
    };
    auto judge = [&](const Occ& o) -> Judged {
      const auto& a = o.a;
      for (const auto& h : handles)
        if (handle_matches(h, a)) return {Verdict::author, "the given handle " + h};
      {
        std::string acc = alnum_only(a.account);
        while (acc.size() > 4 && acc.back() >= '0' && acc.back() <= '9') acc.pop_back();  // janedoe42
        for (const auto& n : names)
          for (const auto& form : n.accounts)
            if (form.size() >= 4 && acc == form) return {Verdict::author, "the name of author \"" + n.display + "\""};
      }
      if (a.account.find("anonym") != std::string::npos) return {Verdict::anonymous, ""};
      bool located = o.pos != std::string::npos;
      bool in_bib = located && anon::in_bibliography(ctx, o.pos);
      if (located && !in_bib) {
        if (in_author_block(o.pos)) return {Verdict::own, "in the title and author block"};
        int line = line_of_pos(o.pos);
        std::string before = context_before(ctx, o.pos);
        std::string after;
        if (o.from_link) {
          // The link's visible text: "here", "this link", "GitHub" say nothing by themselves.
          std::size_t e = o.pos;
          while (e < ix.text.size() && e - o.pos < 40) {
            std::uint32_t g = ix.origin[e];
            const WordRef& r = ix.words[g];
            const Box& wb = ctx.doc.pages[r.page].words[r.word].box;
            double cx = (wb.x0 + wb.x1) / 2, cy = (wb.y0 + wb.y1) / 2;
            if (cx < o.box.x0 - 1 || cx > o.box.x1 + 1 || cy < o.box.y0 - 1 || cy > o.box.y1 + 1) break;
            ++e;
          }
          std::string shown = ix.text.substr(o.pos, e - o.pos);
          while (!shown.empty() && shown.back() == ' ') shown.pop_back();
          if (generic_link_text(shown)) after = context_after(ctx, e);
        }
        std::string mark = footnote_mark(line);
        std::string pointer;  // the body sentence that points to the footnote
        if (!mark.empty()) pointer = mark_context(lay.lines[line].page, mark, lay.lines[line].box.y0);
        for (const std::string* t : {&before, &after, &pointer})
          if (strong_claim(*t)) return {Verdict::own, "\"" + *t + "\""};
        std::string credit = third_party_marker(before);
        for (const std::string* t : {&before, &after, &pointer})
          if (weak_claim(*t) && third_party_marker(*t).empty()) return {Verdict::own, "\"" + *t + "\""};
        if (!credit.empty()) return {Verdict::third_party, credit};
        if (!mark.empty()) {
          std::string c = third_party_marker(pointer);
          return {Verdict::third_party, "in a footnote that does not claim it" + (c.empty() ? "" : ", " + c)};
        }
        if (lay.lines[line].region >= 0) return {Verdict::third_party, "in a table or figure"};
      }
      if (in_bib || bib_accounts.count(a.service + ":" + a.account)) return {Verdict::third_party, "cited in the bibliography"};
      if (named_in_text(a.repo) || (a.service != "github.io" && named_in_text(a.account)))
        return {Verdict::third_party, "a tool the paper names"};
      return {Verdict::unverified, ""};
    };

    // One finding per account and page: the strongest verdict of its occurrences.
    std::map<std::string, std::pair<Judged, const Occ*>> best;
    std::vector<std::string> order;
    for (const auto& o : occ) {
      std::string key = o.a.service + ":" + o.a.account + "@" + std::to_string(o.page);
      Judged jd = judge(o);
      auto it = best.find(key);
      if (it == best.end()) {
        best.emplace(key, std::make_pair(jd, &o));
        order.push_back(key);
      } else if (jd.v > it->second.first.v) {
        it->second = {jd, &o};
      }
    }
    std::set<std::string> third_party;
    int warnings = 0, infos = 0;
    for (const auto& key : order) {
      const auto& [jd, op] = best.at(key);
      const Occ& o = *op;
      const auto& a = o.a;
      std::string where = o.from_link ? fmt::format("a link on page {}", o.page) : fmt::format("page {}", o.page);
      auto emit = [&](std::string_view kind, std::string message, std::string hint) {
        Finding f = make(kind, std::move(message));
        f.page = o.page;
        if (o.has_box) f.box = o.box;
        f.evidence = o.evidence;
        f.hint = std::move(hint);
        out.push_back(std::move(f));
      };
      switch (jd.v) {
        case Verdict::author:
          emit("author", fmt::format("{} account \"{}\" on {} is {}", service_label(a.service), a.account, where, jd.reason),
               a.service == "huggingface" ? "upload to an anonymous HuggingFace account and link that instead"
                                          : "link an anonymous.4open.science copy instead");
          break;
        case Verdict::anonymous:
          emit("anonymous", fmt::format("{} account \"{}\" on {} looks like an anonymous account",
                                        service_label(a.service), a.account, where),
               "make sure nothing in the account (profile, commits, other repositories) names the authors");
          break;
        case Verdict::third_party:
          third_party.insert(a.url);
          if (o.pos != std::string::npos && anon::in_bibliography(ctx, o.pos)) break;  // a reference: silent
          if (++infos > anon::kMaxPerKind) break;
          emit("third-party",
               fmt::format("{} account \"{}\" on {} is a third party's public resource ({}), not the authors'",
                           service_label(a.service), a.account, where, jd.reason),
               "nothing to do if the resource is not yours; if it is, link an anonymous copy instead");
          break;
        case Verdict::own:
        case Verdict::unverified: {
          if (++warnings > anon::kMaxPerKind) break;
          std::string hint =
              a.service == "huggingface" ? "if the account is yours, put the model or data under an anonymous HuggingFace account"
              : a.service == "github.io" ? "if the site is yours, remove the link until the camera-ready version or host "
                                           "an anonymous copy (anonymous.4open.science serves GitHub Pages too)"
                                         : "if the account is yours, link an anonymous.4open.science copy instead";
          if (jd.v == Verdict::own) {
            std::string why = jd.reason.size() > 90 ? "\"…" + jd.reason.substr(jd.reason.size() - 88) : jd.reason;
            emit("own",
                 fmt::format("{} account \"{}\" on {}, presented as the authors' own ({}): a double-blind submission "
                             "may not link the authors' own account or site",
                             service_label(a.service), a.account, where, why),
                 hint);
          } else {
            emit("unverified",
                 fmt::format("{} account \"{}\" on {}: confirm it is an anonymous account", service_label(a.service),
                             a.account, where),
                 hint);
          }
          break;
        }
      }
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
