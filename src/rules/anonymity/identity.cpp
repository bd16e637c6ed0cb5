#include "rules/anonymity/identity.hpp"

#include <re2/re2.h>
#include <utf8proc.h>

#include <cstring>
#include <set>

#include "preflight/layout.hpp"

namespace preflight::anon {
namespace {

std::string trim(std::string s) {
  auto b = s.find_first_not_of(" \t\r\n;,");
  auto e = s.find_last_not_of(" \t\r\n;,");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

std::string xml_unescape(std::string s) {
  struct R { const char* a; const char* b; };
  for (R r : {R{"&lt;", "<"}, R{"&gt;", ">"}, R{"&quot;", "\""}, R{"&apos;", "'"}, R{"&amp;", "&"}}) {
    for (auto p = s.find(r.a); p != std::string::npos; p = s.find(r.a, p + 1)) s.replace(p, std::strlen(r.a), r.b);
  }
  return s;
}

const RE2& creator_re() {
  static const RE2 re(R"((?s)<dc:creator>(.*?)</dc:creator>)");
  return re;
}

std::vector<std::int32_t> code_points(std::string_view s) {
  std::vector<std::int32_t> out;
  auto* p = reinterpret_cast<const utf8proc_uint8_t*>(s.data());
  utf8proc_ssize_t n = static_cast<utf8proc_ssize_t>(s.size()), i = 0;
  while (i < n) {
    utf8proc_int32_t c;
    utf8proc_ssize_t len = utf8proc_iterate(p + i, n - i, &c);
    if (len <= 0) { ++i; continue; }
    out.push_back(c);
    i += len;
  }
  return out;
}

bool letter(std::int32_t c) {
  auto cat = utf8proc_category(c);
  return cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LL || cat == UTF8PROC_CATEGORY_LT ||
         cat == UTF8PROC_CATEGORY_LO || cat == UTF8PROC_CATEGORY_LM;
}
bool cjk(std::int32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0xAC00 && c <= 0xD7AF);
}

// Lower-case words of letters and digits (the rest separates).
std::vector<std::string> words_of(std::string_view v) {
  std::vector<std::string> out;
  std::string cur;
  for (std::int32_t c : code_points(v)) {
    if (letter(c) || (c >= '0' && c <= '9')) {
      utf8proc_uint8_t buf[4];
      auto n = utf8proc_encode_char(utf8proc_tolower(c), buf);
      cur.append(reinterpret_cast<const char*>(buf), static_cast<std::size_t>(n));
    } else if (!cur.empty()) {
      out.push_back(std::move(cur));
      cur.clear();
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

}  // namespace

bool placeholder_author(const std::string& v) {
  std::string n = normalize(trim(v));
  std::string a;
  for (unsigned char c : n)
    if ((c >= 'a' && c <= 'z') || c >= 0x80) a += static_cast<char>(c);
  static const std::set<std::string> ok = {"",           "anonymous",        "anonymousauthor",  "anonymousauthors",
                                           "anonymousauthorss", "anonymoussubmission", "author", "authors",
                                           "anon",       "submission",       "paperid",          "blindsubmission",
                                           "anonymousfirstauthor", "hiddenforreview"};
  return ok.count(a) > 0 || a.rfind("anonymous", 0) == 0;
}

std::optional<Leak> find_leak(const std::string& value, const std::vector<Name>& names, bool accounts) {
  static const RE2 email(R"(([A-Za-z0-9][A-Za-z0-9._%+-]*)@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}))");
  static const RE2 path(R"(((?:[A-Za-z]:)?[\\/](?:Users|home|users)[\\/]([^\\/\s]+)[\\/]?))");
  re2::StringPiece g[3];
  auto mark = [&](std::size_t b, std::size_t e) {
    return value.substr(0, b) + "«" + value.substr(b, e - b) + "»" + value.substr(e);
  };
  if (email.Match(value, 0, value.size(), RE2::UNANCHORED, g, 3)) {
    std::string local(g[1].data(), g[1].size()), domain(g[2].data(), g[2].size());
    if (!placeholder_email(normalize(local), normalize(domain))) {
      std::size_t b = static_cast<std::size_t>(g[0].data() - value.data());
      return Leak{"the e-mail address " + std::string(g[0].data(), g[0].size()), mark(b, b + g[0].size())};
    }
  }
  if (path.Match(value, 0, value.size(), RE2::UNANCHORED, g, 3)) {
    std::string user(g[2].data(), g[2].size());
    if (user != "Shared" && user != "Public") {
      std::size_t b = static_cast<std::size_t>(g[0].data() - value.data());
      return Leak{"the user path " + std::string(g[0].data(), g[0].size()), mark(b, b + g[0].size())};
    }
  }
  std::string n = normalize(value);
  for (const auto& nm : names)
    for (const auto& f : nm.forms)
      if (!find_words(n, f).empty()) return Leak{"the author name \"" + nm.display + "\"", "«" + value + "»"};
  if (accounts) {
    std::vector<std::size_t> pos;
    auto acc = find_accounts(n, &pos);
    for (std::size_t i = 0; i < acc.size(); ++i)
      for (const auto& nm : names) {
        bool own = std::find(nm.accounts.begin(), nm.accounts.end(), acc[i].account) != nm.accounts.end();
        for (const auto& h : nm.handles) {
          auto colon = h.find(':');
          own = own || (colon == std::string::npos ? h : h.substr(colon + 1)) == acc[i].account;
        }
        if (own) return Leak{"the account " + acc[i].url + " of \"" + nm.display + "\"", "«" + value + "»"};
      }
  }
  return std::nullopt;
}

std::string strip_copyright(std::string v) {
  static const RE2 noise(R"((?i)copyright|\(c\)|©|all rights reserved\.?|\b(?:19|20)\d\d\b(?:\s*[-–]\s*(?:19|20)\d\d)?|\bby\b)");
  RE2::GlobalReplace(&v, noise, " ");
  return trim(v);
}

Owner classify_owner(std::string_view value) {
  std::string v = trim(std::string(value));
  if (v.empty() || placeholder_author(v)) return Owner::none;
  auto w = words_of(v);
  if (w.empty()) return Owner::none;
  static const std::set<std::string, std::less<>> tools = {
      "matplotlib", "pdftex",    "xetex",    "luatex",    "latex",     "tex",        "tikz",      "pgf",
      "inkscape",   "cairo",     "illustrator", "photoshop", "acrobat", "adobe",     "distiller", "pdfmaker",
      "microsoft",  "powerpoint", "excel",    "word",      "office",    "libreoffice", "openoffice", "wps",
      "keynote",    "quartz",    "macos",    "preview",   "google",    "chromium",   "chrome",    "skia",
      "firefox",    "mozilla",   "safari",   "ghostscript", "gnuplot", "matlab",     "mathematica", "wolfram",
      "python",     "rstudio",   "ggplot",   "ggplot2",   "plotly",    "bokeh",      "seaborn",   "graphviz",
      "visio",      "omnigraffle", "drawio", "diagrams",  "figma",     "canva",      "affinity",  "gimp",
      "corel",      "coreldraw", "pdflib",   "reportlab", "itext",     "qt",         "pdfkit",    "windows",
      "apple",      "pdf",       "lib",      "camera",    "scanner",   "演示",        "ios",       "android",
      "software",   "version",   "backend",  "printer",   "pages",     "numbers",    "origin",    "originlab",
      "biorender",  "mermaid",   "plantuml", "jupyter",   "ipe",       "xfig",       "asymptote", "metapost",
      "powerpnt",   "pptx",      "docx",     "xlsx",      "tableau",   "spss",       "stata",     "sas",
      "dvipdfm",    "dvipdfmx",  "dvips",    "epstopdf",  "pdfcrop",   "gs",         "poppler",   "mupdf"};
  static const std::set<std::string, std::less<>> orgs = {
      "university", "universität", "université", "universidad", "università", "univ",     "inc",     "corp",
      "corporation", "ltd",       "llc",       "gmbh",       "co",         "company",  "collaboration", "consortium",
      "team",       "group",      "lab",       "labs",       "laboratory", "laboratories", "institute", "institut",
      "dept",       "department", "school",    "college",    "center",     "centre",   "foundation", "association",
      "society",    "ag",         "plc",       "limited",    "research",   "technologies", "technology", "systems",
      "press",      "publishing", "images",    "studio",     "studios",    "agency",   "ministry",  "office",
      "academy",    "hospital",   "council",   "project"};
  static const std::set<std::string, std::less<>> generic = {
      "user", "users", "admin", "administrator", "owner", "unknown", "default", "guest", "root", "pc",
      "computer", "desktop", "laptop", "name", "none", "null", "test", "home", "me", "author", "creator"};
  bool has_version = false;
  for (const auto& x : w) {
    if (tools.count(x)) return Owner::tool;
    bool digits = std::any_of(x.begin(), x.end(), [](char c) { return c >= '0' && c <= '9'; });
    bool alpha = std::any_of(x.begin(), x.end(), [](char c) { return !(c >= '0' && c <= '9'); });
    if (digits && !alpha && v.find('.') != std::string::npos) has_version = true;  // "3.7.1"
  }
  if (v == "R" || has_version) return Owner::tool;
  if (w.front() == "the") return Owner::organisation;
  for (const auto& x : w)
    if (orgs.count(x)) return Owner::organisation;
  if (std::all_of(w.begin(), w.end(), [](const std::string& x) { return generic.count(x) > 0; })) return Owner::none;

  // Tokens as written (whitespace and commas separate): "Doe, Jane", "J. Doe", "Guanyu GY17 Zhang".
  std::vector<std::vector<std::int32_t>> tokens(1);
  for (std::int32_t c : code_points(v)) {
    if (c == ' ' || c == ',' || c == '\t' || c == 0xA0) {
      if (!tokens.back().empty()) tokens.emplace_back();
    } else {
      tokens.back().push_back(c);
    }
  }
  if (tokens.back().empty()) tokens.pop_back();
  if (tokens.size() == 1) {
    const auto& t = tokens.front();
    if (t.size() >= 2 && t.size() <= 4 && std::all_of(t.begin(), t.end(), cjk)) return Owner::person;
    return Owner::unclear;
  }
  if (tokens.size() > 5) return Owner::unclear;
  int full = 0, initials = 0, other = 0;
  for (const auto& t : tokens) {
    int letters = 0;
    bool name_chars = letter(t.front());
    for (std::int32_t c : t) {
      if (letter(c)) ++letters;
      else if (!(c == '-' || c == '\'' || c == '.' || c == 0x2019)) name_chars = false;
    }
    if (name_chars && letters >= 2) ++full;
    else if (name_chars && letters == 1) ++initials;
    else ++other;
  }
  if (other <= 1 && full >= 1 && full + initials >= 2 && (other == 0 || full >= 2)) return Owner::person;
  return Owner::unclear;
}

std::vector<std::string> xmp_creators(const std::string& xmp) {
  static const RE2 li(R"((?s)<rdf:li[^>]*>(.*?)</rdf:li>)");
  std::vector<std::string> out;
  std::string block;
  if (!RE2::PartialMatch(xmp, creator_re(), &block)) return out;
  re2::StringPiece in(block);
  std::string item;
  while (RE2::FindAndConsume(&in, li, &item)) {
    item = trim(xml_unescape(item));
    if (item.empty() || placeholder_author(item)) continue;
    out.push_back(item);
  }
  return out;
}

std::string xmp_without_creator(const std::string& xmp) {
  std::string rest = xmp, cb;
  if (RE2::PartialMatch(rest, creator_re(), &cb)) {
    auto p = rest.find(cb);
    if (p != std::string::npos) rest.erase(p, cb.size());
  }
  return xml_unescape(rest);
}

}  // namespace preflight::anon
