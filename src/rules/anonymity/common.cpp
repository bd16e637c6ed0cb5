#include "rules/anonymity/common.hpp"

#include <re2/re2.h>
#include <utf8proc.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <mutex>
#include <set>

namespace preflight::anon {

namespace {
bool alnum(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80; }

std::vector<std::string> split(const std::string& s) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == ' ' || c == ',' || c == '\t') {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

std::string first_char(const std::string& s) {  // one UTF-8 character (normalised text is mostly ASCII)
  if (s.empty()) return s;
  std::size_t n = 1;
  unsigned char c = static_cast<unsigned char>(s[0]);
  if (c >= 0xF0) n = 4; else if (c >= 0xE0) n = 3; else if (c >= 0xC0) n = 2;
  return s.substr(0, std::min(n, s.size()));
}

std::string alnum_only(const std::string& s) {
  std::string o;
  for (unsigned char c : s)
    if (alnum(c)) o += static_cast<char>(c);
  return o;
}
}  // namespace

bool active(const Context& ctx) { return ctx.profile.double_blind && !ctx.options.camera_ready; }

void record_scan(const Context& ctx) {
  auto& a = ctx.facts["anonymity"];
  if (a.is_object() && a.contains("text_chars")) return;
  a["double_blind"] = ctx.profile.double_blind;
  a["active"] = active(ctx);
  a["text_chars"] = ctx.layout.index.text.size();
  a["links"] = ctx.doc.links.size();
  std::vector<std::string> fields;
  for (const auto& [k, v] : ctx.doc.info)
    if (!v.empty()) fields.push_back(k);
  a["metadata_fields"] = fields;
  a["xmp_bytes"] = ctx.doc.xmp.size();
  a["embedded_files"] = ctx.doc.embedded_files.size();
  a["authors"] = ctx.options.authors.size();
}

std::vector<Name> names(const CheckOptions& opts) {
  std::vector<Name> out;
  for (const auto& au : opts.authors) {
    Name n;
    n.display = au.name;
    for (const auto& e : au.emails) n.emails.push_back(normalize(e));
    for (const auto& h : au.handles) n.handles.push_back(normalize(h));
    std::vector<std::string> t = split(normalize(au.name));
    for (auto& w : t)
      while (!w.empty() && w.back() == '.') w.pop_back();
    t.erase(std::remove(t.begin(), t.end(), std::string()), t.end());
    if (t.size() >= 2) {
      n.first = t.front();
      n.last = t.back();
      std::string mids, mid_inits;
      for (std::size_t i = 1; i + 1 < t.size(); ++i) {
        mids += t[i] + " ";
        mid_inits += first_char(t[i]) + ". ";
      }
      std::string f = first_char(n.first);
      std::set<std::string> forms;
      auto add = [&](const std::string& s) {
        forms.insert(s);
        if (s.find('-') != std::string::npos) {  // hyphen dropped by a line-end join, or spaced
          std::string a = s, b = s;
          a.erase(std::remove(a.begin(), a.end(), '-'), a.end());
          std::replace(b.begin(), b.end(), '-', ' ');
          forms.insert(a);
          forms.insert(b);
        }
      };
      add(n.first + " " + mids + n.last);
      add(n.first + " " + n.last);
      add(n.first + " " + mid_inits + n.last);
      if (n.first.size() > 1) {
        add(f + ". " + mid_inits + n.last);
        add(f + ". " + n.last);
        add(f + "." + n.last);
        add(n.last + ", " + f + ".");
        add(n.last + ", " + f + ". " + mid_inits);
      }
      add(n.last + ", " + n.first);
      for (auto s : forms) {
        while (!s.empty() && s.back() == ' ') s.pop_back();
        n.forms.push_back(s);
      }
      std::sort(n.forms.begin(), n.forms.end());
      n.forms.erase(std::unique(n.forms.begin(), n.forms.end()), n.forms.end());
      std::string F = alnum_only(n.first), L = alnum_only(n.last);
      std::string all;
      for (const auto& w : t) all += alnum_only(w);
      n.accounts = {F + L, L + F, all};
      if (!F.empty()) n.accounts.push_back(first_char(F) + L);
      if (F.size() >= 3 && !L.empty()) n.accounts.push_back(F + first_char(L));
      std::sort(n.accounts.begin(), n.accounts.end());
      n.accounts.erase(std::unique(n.accounts.begin(), n.accounts.end()), n.accounts.end());
    }
    out.push_back(std::move(n));
  }
  return out;
}

namespace {
// A letter (any script) at byte i / ending just before byte i. Digits, marks like
// "*", "†" and punctuation are boundaries: "Doe1", "Doe∗" end a name.
bool letter_cp(utf8proc_int32_t c) {
  auto cat = utf8proc_category(c);
  return cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LL || cat == UTF8PROC_CATEGORY_LT ||
         cat == UTF8PROC_CATEGORY_LM || cat == UTF8PROC_CATEGORY_LO;
}
bool letter_at(std::string_view s, std::size_t i) {
  if (i >= s.size()) return false;
  utf8proc_int32_t c = 0;
  auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(s.data() + i), static_cast<utf8proc_ssize_t>(s.size() - i), &c);
  return n > 0 && letter_cp(c);
}
bool letter_before(std::string_view s, std::size_t i) {
  if (i == 0) return false;
  std::size_t b = i - 1;
  while (b > 0 && (static_cast<unsigned char>(s[b]) & 0xC0) == 0x80) --b;
  return letter_at(s, b);
}
}  // namespace

std::vector<std::size_t> find_words(std::string_view hay, std::string_view needle) {
  std::vector<std::size_t> out;
  if (needle.empty()) return out;
  bool need_left = alnum(static_cast<unsigned char>(needle.front()));
  bool need_right = alnum(static_cast<unsigned char>(needle.back()));
  for (std::size_t p = hay.find(needle); p != std::string_view::npos; p = hay.find(needle, p + 1)) {
    if (need_left && (letter_before(hay, p) || (p > 0 && hay[p - 1] >= '0' && hay[p - 1] <= '9'))) continue;
    std::size_t e = p + needle.size();
    if (need_right && letter_at(hay, e)) continue;
    out.push_back(p);
  }
  return out;
}

Where locate(const Context& ctx, std::size_t begin, std::size_t end) {
  const TextIndex& ix = ctx.layout.index;
  Where w;
  if (begin >= ix.text.size()) return w;
  end = std::min(std::max(end, begin + 1), ix.text.size());
  auto sp = ctx.layout.span(ctx.doc, begin, end);
  w.page = sp.page + 1;
  w.box = sp.box;
  w.line = static_cast<int>(ix.line_of[ix.origin[begin]]);
  // Six words of context on each side, from the original words.
  std::size_t b0 = begin;
  for (int spaces = 0; b0 > 0; --b0)
    if (ix.text[b0 - 1] == ' ' && ++spaces > 6) break;
  std::size_t e1 = end;
  for (int spaces = 0; e1 < ix.text.size(); ++e1)
    if (ix.text[e1] == ' ' && ++spaces > 6) break;
  std::uint32_t first_in = ix.origin[begin], last_in = ix.origin[end - 1];
  std::uint32_t prev = UINT32_MAX;
  bool opened = false, closed = false;
  for (std::size_t i = b0; i < e1; ++i) {
    std::uint32_t g = ix.origin[i];
    if (g == prev) continue;
    prev = g;
    const WordRef& r = ix.words[g];
    if (!w.snippet.empty()) w.snippet += ' ';
    if (g == first_in && !opened) { w.snippet += "«"; opened = true; }
    w.snippet += ctx.doc.pages[r.page].words[r.word].text;
    if (g == last_in && opened && !closed) { w.snippet += "»"; closed = true; }
  }
  if (opened && !closed) w.snippet += "»";
  return w;
}

std::vector<std::size_t> first_index_pos(const Context& ctx) {
  const TextIndex& ix = ctx.layout.index;
  std::vector<std::size_t> first(ix.words.size(), std::string::npos);
  for (std::size_t i = ix.origin.size(); i-- > 0;) first[ix.origin[i]] = i;
  return first;
}

std::size_t index_pos_in_box(const Context& ctx, const std::vector<std::size_t>& first, int page, const Box& box,
                             bool skip_furniture) {
  if (page < 0 || page >= static_cast<int>(ctx.doc.pages.size())) return std::string::npos;
  std::size_t base = 0;
  for (int p = 0; p < page; ++p) base += ctx.doc.pages[p].words.size();
  const auto& words = ctx.doc.pages[page].words;
  std::size_t best = std::string::npos;
  for (std::size_t w = 0; w < words.size(); ++w) {
    const Box& b = words[w].box;
    double cx = (b.x0 + b.x1) / 2, cy = (b.y0 + b.y1) / 2;
    if (cx < box.x0 - 1 || cx > box.x1 + 1 || cy < box.y0 - 1 || cy > box.y1 + 1) continue;
    std::size_t pos = base + w < first.size() ? first[base + w] : std::string::npos;
    if (pos != std::string::npos && skip_furniture) {
      const Line& l = ctx.layout.lines[ctx.layout.index.line_of[base + w]];
      if (l.margin_number || l.furniture) continue;  // a footnote number or line number inside the link's box
    }
    if (pos < best) best = pos;  // the first such word in reading order
  }
  return best;
}

bool in_bibliography(const Context& ctx, std::size_t pos) {
  const TextIndex& ix = ctx.layout.index;
  if (pos >= ix.origin.size()) return false;
  return ctx.layout.in_references(static_cast<int>(ix.line_of[ix.origin[pos]]));
}

namespace {
// An account pattern is compiled the first time a text holds one of its hosts
// (`needles`, lower case as the text): a paper without, say, an ORCID link
// never pays for compiling the ORCID pattern (ten patterns cost 1.2 M
// instructions, a tenth of a 1-page check).
struct Pattern {
  const char* service;
  const char* source;  // group 1 = account, group 2 = repo (optional)
  std::vector<std::string_view> needles;
  std::set<std::string> not_users;
  mutable std::once_flag once;
  mutable std::unique_ptr<RE2> compiled;

  bool may_match(std::string_view s) const {
    for (auto n : needles)
      if (s.find(n) != std::string_view::npos) return true;
    return false;
  }
  const RE2& re() const {
    std::call_once(once, [this] {
      RE2::Options o;
      o.set_log_errors(false);
      compiled = std::make_unique<RE2>(source, o);
    });
    return *compiled;
  }
};

const std::vector<std::unique_ptr<Pattern>>& patterns() {
  static const std::vector<std::unique_ptr<Pattern>> p = [] {
    std::vector<std::unique_ptr<Pattern>> v;
    auto add = [&](const char* s, const char* re, std::vector<std::string_view> needles, std::set<std::string> nu) {
      auto pat = std::make_unique<Pattern>();
      pat->service = s;
      pat->source = re;
      pat->needles = std::move(needles);
      pat->not_users = std::move(nu);
      v.push_back(std::move(pat));
    };
    add("github", R"(github\.com/([a-z0-9][a-z0-9-]*)(?:/([a-z0-9_.-]+))?)", {"github.com/"},
        {"orgs", "features", "about", "topics", "sponsors", "settings", "marketplace", "explore", "login", "pricing",
         "site", "collections", "trending", "apps", "enterprise", "security", "readme"});
    add("github.io", R"(([a-z0-9][a-z0-9-]*)\.github\.io(?:/([a-z0-9_.-]+))?)", {".github.io"}, {"www", "pages", "docs"});
    add("huggingface", R"((?:huggingface\.co|hf\.co)/(?:datasets/|spaces/|models/|collections/)?([a-z0-9][a-z0-9_.-]*)(?:/([a-z0-9_.-]+))?)",
        {"huggingface.co/", "hf.co/"},
        {"docs", "blog", "papers", "learn", "tasks", "api", "join", "pricing", "datasets", "spaces", "models",
         "settings", "login", "chat", "welcome", "course", "posts", "organizations", "collections", "new", "enterprise"});
    add("gitlab", R"(gitlab\.com/([a-z0-9][a-z0-9_.-]*)(?:/([a-z0-9_.-]+))?)", {"gitlab.com/"}, {"explore", "users", "help", "groups"});
    add("bitbucket", R"(bitbucket\.org/([a-z0-9][a-z0-9_.-]*)(?:/([a-z0-9_.-]+))?)", {"bitbucket.org/"}, {"product", "blog", "site"});
    add("x", R"((?:twitter|x)\.com/([a-z0-9_]{1,15}))", {"twitter.com/", "x.com/"}, {"home", "i", "intent", "search", "share", "hashtag"});
    add("linkedin", R"(linkedin\.com/in/([a-z0-9_-]+))", {"linkedin.com/in/"}, {});
    add("scholar", R"(scholar\.google\.[a-z.]+/citations\?(?:[a-z_]+=[a-z0-9_-]*&)*user=([a-z0-9_-]+))", {"scholar.google."}, {});
    add("orcid", R"(orcid\.org/([0-9]{4}-[0-9]{4}-[0-9]{4}-[0-9]{3}[0-9x]))", {"orcid.org/"}, {});
    add("wandb", R"(wandb\.ai/([a-z0-9][a-z0-9_-]*)(?:/([a-z0-9_.-]+))?)", {"wandb.ai/"}, {"site", "authorize", "home", "fully-connected"});
    return v;
  }();
  return p;
}

void trim_dots(std::string& s) {
  while (!s.empty() && (s.back() == '.' || s.back() == '-')) s.pop_back();
}
}  // namespace

std::vector<Account> find_accounts(std::string_view s, std::vector<std::size_t>* pos) {
  std::vector<Account> out;
  for (const auto& pp : patterns()) {
    const Pattern& p = *pp;
    if (!p.may_match(s)) continue;
    std::size_t at = 0;
    re2::StringPiece g[3];
    while (at < s.size() && p.re().Match(re2::StringPiece(s.data(), s.size()), at, s.size(), RE2::UNANCHORED, g, 3)) {
      std::size_t b = static_cast<std::size_t>(g[0].data() - s.data());
      at = b + std::max<std::size_t>(g[0].size(), 1);
      // The host must start the token: "notgithub.com" and "box.com" are not matches.
      if (b > 0) {
        unsigned char c = static_cast<unsigned char>(s[b - 1]);
        bool sub_ok = c == '.' && std::string_view(p.service) != "github.io" && std::string_view(p.service) != "x";
        if ((alnum(c) || c == '-' || c == '_' || c == '.') && !sub_ok) continue;
      }
      Account a;
      a.service = p.service;
      a.account = std::string(g[1].data(), g[1].size());
      if (g[2].data()) a.repo = std::string(g[2].data(), g[2].size());
      trim_dots(a.account);
      trim_dots(a.repo);
      if (a.account.empty() || p.not_users.count(a.account)) continue;
      a.url = std::string(g[0].data(), g[0].size());
      trim_dots(a.url);
      out.push_back(std::move(a));
      if (pos) pos->push_back(b);
    }
  }
  return out;
}

Joined join_urls(const Context& ctx) {
  const TextIndex& ix = ctx.layout.index;
  Joined j;
  j.text.reserve(ix.text.size());
  j.map.reserve(ix.text.size());
  std::size_t token_start = 0;
  for (std::size_t i = 0; i < ix.text.size(); ++i) {
    char c = ix.text[i];
    if (c == ' ' && i > 0 && i + 1 < ix.text.size()) {
      char before = ix.text[i - 1];
      auto url_char_or_alnum = [](char ch) {
        return std::string_view("/.-_#?=&~%").find(ch) != std::string_view::npos || alnum(static_cast<unsigned char>(ch));
      };
      std::uint32_t a = ix.origin[i - 1], b = ix.origin[i + 1];
      bool line_break = ix.line_of[a] != ix.line_of[b];
      if (url_char_or_alnum(before) && line_break) {
        std::string_view tok(ix.text.data() + token_start, i - token_start);
        bool urlish = tok.find("://") != std::string_view::npos || tok.find("www.") != std::string_view::npos ||
                      tok.find('/') != std::string_view::npos || tok.find(".github.") != std::string_view::npos;
        std::size_t ne = ix.text.find(' ', i + 1);
        if (ne == std::string::npos) ne = ix.text.size();
        std::string_view next(ix.text.data() + i + 1, ne - i - 1);
        // The next line continues the URL when it starts with a letter or digit and
        // holds a path or host character itself ("someuser/repo", "io/page", "nSVAR.html"),
        // or when the URL broke right after a slash.
        bool inner = false;
        for (std::size_t k = 0; k + 1 < next.size(); ++k)
          if ((next[k] == '/' || next[k] == '.' || next[k] == '-' || next[k] == '_') && alnum(static_cast<unsigned char>(next[k + 1])))
            inner = true;
        if (!next.empty() && next.back() == '/') inner = true;
        bool cont = !next.empty() && alnum(static_cast<unsigned char>(next.front())) && (inner || before == '/');
        // A URL that ends in a letter or digit on a line that stops short of its column's
        // right edge, or in a table, is complete: the next line is another cell or sentence
        // ("huggingface.co/distilbert-base-uncased" above "DeBERTa-v3-base").
        if (urlish && cont && alnum(static_cast<unsigned char>(before))) {
          const Line& L = ctx.layout.lines[ix.line_of[a]];
          double right = 0;
          auto [pb, pe] = ctx.layout.page_lines(L.page);
          for (int k = pb; k < pe; ++k) {
            const Line& K = ctx.layout.lines[k];
            if (!K.margin_number && !K.furniture && K.column == L.column) right = std::max(right, K.box.x1);
          }
          if (L.region >= 0 || L.box.x1 < right - 25) cont = false;
        }
        if (urlish && cont) continue;  // drop the space: rejoin
      }
    }
    j.text += c;
    j.map.push_back(i);
    if (c == ' ') token_start = i + 1;  // offset into ix.text (a rejoined token spans the dropped space)
  }
  return j;
}

std::string host_of(std::string_view url) {
  std::string u = normalize(url);
  auto s = u.find("://");
  if (s != std::string::npos) u = u.substr(s + 3);
  if (u.rfind("mailto:", 0) == 0) return "";
  auto e = u.find_first_of("/?#:");
  if (e != std::string::npos) u = u.substr(0, e);
  if (u.rfind("www.", 0) == 0) u = u.substr(4);
  return u;
}

bool allowed_host(const Context& ctx, std::string_view host) {
  for (const auto& h : ctx.profile.allowed_hosts) {
    std::string n = normalize(h);
    if (host == n) return true;
    if (host.size() > n.size() && host.substr(host.size() - n.size()) == n && host[host.size() - n.size() - 1] == '.')
      return true;
  }
  return false;
}

FrontMatter front_matter(const Context& ctx) {
  FrontMatter fm;
  const Layout& lay = ctx.layout;
  if (ctx.doc.pages.empty()) return fm;
  auto [b, e] = lay.page_lines(0);
  if (b >= e) return fm;
  auto letters = [](const std::string& t) {
    std::string k;
    for (unsigned char c : normalize(t))
      if (c >= 'a' && c <= 'z') k += static_cast<char>(c);
    return k;
  };
  auto text_line = [&](int i) { return !lay.lines[i].margin_number && !lay.lines[i].furniture; };
  int abstract = -1;
  for (int i = b; i < e && abstract < 0; ++i) {
    if (!text_line(i)) continue;
    const Line& l = lay.lines[i];
    if (letters(l.text) == "abstract") {
      abstract = i;
      fm.abstract_heading = true;
    } else if (l.words.size() > 2) {
      // A run-in "Abstract." / "Abstract:" / "Abstract—" opening a paragraph.
      std::string w = normalize(ctx.doc.pages[l.page].words[l.words.front()].text);
      if (w.rfind("abstract", 0) == 0 && w.size() > 8 && w.size() <= 12 &&
          std::string_view(".:-").find(w[8]) != std::string_view::npos) {
        abstract = i;
        fm.run_in = true;
      } else if (w.rfind("abstract", 0) == 0 && w.size() > 8 && static_cast<unsigned char>(w[8]) >= 0x80) {
        abstract = i;  // "Abstract—"
        fm.run_in = true;
      }
    }
  }
  // The title: the largest type above the abstract (or in the top half of the page).
  int scan_end = abstract >= 0 ? abstract : e;
  double title_size = 0;
  for (int i = b; i < scan_end; ++i)
    if (text_line(i) && (abstract >= 0 || lay.lines[i].box.y0 < ctx.doc.pages[0].height / 2))
      title_size = std::max(title_size, lay.lines[i].size);
  for (int i = b; i < scan_end; ++i) {
    if (!text_line(i)) continue;
    if (lay.lines[i].size >= title_size - 0.5) {
      if (fm.title_begin < 0) fm.title_begin = i;
      fm.title_end = i + 1;
    } else if (fm.title_begin >= 0 && lay.lines[i].box.y0 > lay.lines[fm.title_end - 1].box.y1 + 30) {
      break;  // far below the title: another part of the page
    }
  }
  if (fm.title_begin < 0) return fm;
  if (abstract >= 0) {
    fm.end = abstract;
    return fm;
  }
  // No abstract: the first heading, or the first paragraph of body text (two body-size
  // lines of nearly the full text width), below a title set larger than the text. Without
  // either the block is unknown (end = -1).
  if (title_size < lay.body_size + 1) return fm;
  fm.end = e;
  for (const auto& h : lay.headings)
    if (h.page == 0 && h.line >= fm.title_end && h.line < fm.end) { fm.end = h.line; break; }
  double width[3] = {0, 0, 0};  // the widest line of each column (0 = spanning the page)
  for (int i = b; i < e; ++i)
    if (text_line(i)) {
      int c = std::clamp(lay.lines[i].column, 0, 2);
      width[c] = std::max(width[c], lay.lines[i].box.width());
    }
  auto body_line = [&](int i) {
    const Line& l = lay.lines[i];
    return text_line(i) && std::abs(l.size - lay.body_size) < 0.6 &&
           l.box.width() >= 0.7 * width[std::clamp(l.column, 0, 2)] && l.region < 0;
  };
  for (int i = fm.title_end; i < fm.end; ++i) {
    if (!body_line(i)) continue;
    int j = i + 1;
    while (j < e && !text_line(j)) ++j;
    if (j < e && body_line(j)) { fm.end = i; break; }
  }
  if (fm.end == e) fm.end = -1;
  return fm;
}

bool placeholder_email(const Profile& pr, std::string_view local, std::string_view domain) {
  for (const auto& e : pr.placeholder_emails) {
    std::string n = normalize(e);
    auto at = n.find('@');
    if (at != std::string::npos && n.substr(0, at) == local && n.substr(at + 1) == domain) return true;
  }
  return placeholder_email(local, domain);
}

bool placeholder_email(std::string_view local, std::string_view domain) {
  static const std::set<std::string, std::less<>> domains = {
      "domain.com", "example.com", "example.org", "example.edu", "example.net", "email.com", "mail.com",
      "institution.edu", "university.edu", "affiliation.com", "xxx.com", "xx.com", "anonymous.com", "anonymous.org",
      "anon.com", "company.com", "organization.org", "institute.org", "address.com"};
  if (domains.count(domain)) return true;
  if (domain.rfind("anonymous.", 0) == 0 || domain.rfind("anon.", 0) == 0) return true;
  // The NeurIPS template's sample author, hippo@cs.cranberry-lemon.edu.
  if (domain == "cranberry-lemon.edu" ||
      (domain.size() > 20 && domain.substr(domain.size() - 20) == ".cranberry-lemon.edu"))
    return true;
  if (local.find("anon") != std::string_view::npos) return true;
  static const std::set<std::string, std::less<>> locals = {"email", "e-mail", "mail", "author", "name", "firstname.lastname",
                                                            "first.last", "user", "username", "xxx", "yourname", "your.email"};
  return locals.count(local) > 0;
}

}  // namespace preflight::anon
