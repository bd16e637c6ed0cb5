// anonymity.metadata: the Info dictionary, the XMP packet and embedded files.
#include <fmt/format.h>
#include <re2/re2.h>

#include <cstring>
#include <optional>
#include <set>

#include "rules/anonymity/common.hpp"
#include "rules/rules.hpp"

namespace preflight {
namespace {

std::string lower(std::string k) {
  for (auto& c : k) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return k;
}

std::string trim(std::string s) {
  auto b = s.find_first_not_of(" \t\r\n;,");
  auto e = s.find_last_not_of(" \t\r\n;,");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

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

// A name / e-mail / user path in a metadata string; returns what was found, marked.
struct Leak { std::string what; std::string marked; };

std::optional<Leak> find_leak(const std::string& value, const std::vector<anon::Name>& names) {
  static const RE2 email(R"(([A-Za-z0-9][A-Za-z0-9._%+-]*)@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}))");
  static const RE2 path(R"(((?:[A-Za-z]:)?[\\/](?:Users|home|users)[\\/]([^\\/\s]+)[\\/]?))");
  re2::StringPiece g[3];
  auto mark = [&](std::size_t b, std::size_t e) {
    return value.substr(0, b) + "«" + value.substr(b, e - b) + "»" + value.substr(e);
  };
  if (email.Match(value, 0, value.size(), RE2::UNANCHORED, g, 3)) {
    std::string local(g[1].data(), g[1].size()), domain(g[2].data(), g[2].size());
    if (!anon::placeholder_email(normalize(local), normalize(domain))) {
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
      if (!anon::find_words(n, f).empty()) return Leak{"the author name \"" + nm.display + "\"", "«" + value + "»"};
  return std::nullopt;
}

std::string xml_unescape(std::string s) {
  struct R { const char* a; const char* b; };
  for (R r : {R{"&lt;", "<"}, R{"&gt;", ">"}, R{"&quot;", "\""}, R{"&apos;", "'"}, R{"&amp;", "&"}}) {
    for (auto p = s.find(r.a); p != std::string::npos; p = s.find(r.a, p + 1)) s.replace(p, std::strlen(r.a), r.b);
  }
  return s;
}

class Metadata : public Rule {
 public:
  std::string_view id() const override { return "anonymity.metadata"; }
  std::string_view summary() const override { return "No author, e-mail or user path in the PDF metadata, XMP or embedded files"; }
  RuleDoc doc() const override {
    return {"Reads the Info dictionary (decoded: hyperref writes it in UTF-16), the XMP packet and the embedded "
            "files. A non-empty Author that is not an anonymous placeholder (\"Anonymous\", \"Anonymous "
            "Author(s)\") is an error; so is an XMP dc:creator. Every other Info field (Title, Subject, Keywords, "
            "Creator, Producer, custom keys) and the XMP packet are errors when they hold a given author name, an "
            "e-mail address or a user path (/Users/jane/, /home/jane/, C:\\Users\\jane\\). An embedded file is a "
            "warning (its content is not inspected), an error when its name holds such a leak. A link target "
            "(/Launch, /GoToR, file:) into a user's home directory is an error too. Stands down with "
            "--camera-ready or when the profile is not double-blind.",
            "Reviewers open the document properties. hyperref's pdfusetitle copies the hidden \\author{} into "
            "the Author field even in anonymous mode, and hyperxmp writes it into XMP.",
            "\\hypersetup{pdfauthor={Jane Doe}}, \\usepackage[pdfusetitle]{hyperref}, or a PDF exported from "
            "/Users/jane/paper/.",
            "Set pdfauthor={} (and drop pdfusetitle), remove hyperxmp's author fields, strip embedded files "
            "(e.g. `qpdf --remove-attachment=NAME in.pdf out.pdf` or `exiftool -all= paper.pdf`), then check with `pdfinfo paper.pdf`."};
  }
  std::vector<KindDoc> kinds() const override {
    return {{"author", Severity::error, "a PDF Author field that is not an anonymous placeholder"},
            {"field", Severity::error, "another Info field holding a name, an e-mail address or a user path"},
            {"xmp", Severity::error, "the XMP packet naming a creator, or holding a name, e-mail address or user path"},
            {"link-path", Severity::error, "a link target into a user's home directory"},
            {"attachment", Severity::warning, "an embedded file (its content is not inspected)"},
            {"attachment-name", Severity::error, "an embedded file whose name holds a name, e-mail address or user path"}};
  }
  void check(const Context& ctx, std::vector<Finding>& out) const override {
    anon::record_scan(ctx);
    if (!anon::active(ctx)) return;
    auto names = anon::names(ctx.options);
    for (const auto& [key, value] : ctx.doc.info) {
      if (key == "Author") {
        if (placeholder_author(value)) continue;
        Finding f = make("author", fmt::format("the PDF Author field is \"{}\"", value));
        f.evidence = "Author: «" + value + "»";
        f.hint = "set pdfauthor={} in \\hypersetup (and do not use the pdfusetitle option); check with pdfinfo";
        out.push_back(std::move(f));
        continue;
      }
      if (key == "CreationDate" || key == "ModDate" || key == "Trapped") continue;
      if (auto leak = find_leak(value, names)) {
        Finding f = make("field", fmt::format("the PDF {} field holds {}", key, leak->what));
        f.evidence = key + ": " + leak->marked;
        f.hint = key == "Title" || key == "Subject" || key == "Keywords"
                     ? fmt::format("set pdf{}={{}} or remove the identifying part in \\hypersetup", lower(key))
                     : "remove the identifying part from the metadata (e.g. exiftool -" + key + "= paper.pdf)";
        out.push_back(std::move(f));
      }
    }
    if (!ctx.doc.xmp.empty()) {
      static const RE2 creator(R"((?s)<dc:creator>(.*?)</dc:creator>)");
      static const RE2 li(R"((?s)<rdf:li[^>]*>(.*?)</rdf:li>)");
      std::string block;
      if (RE2::PartialMatch(ctx.doc.xmp, creator, &block)) {
        re2::StringPiece in(block);
        std::string item, all;
        while (RE2::FindAndConsume(&in, li, &item)) {
          item = trim(xml_unescape(item));
          if (item.empty() || placeholder_author(item)) continue;
          if (!all.empty()) all += "; ";
          all += item;
        }
        if (!all.empty()) {
          Finding f = make("xmp", fmt::format("the XMP metadata names the creator \"{}\"", all));
          f.evidence = "XMP dc:creator: «" + all + "»";
          f.hint = "remove the author from the XMP (with hyperxmp: leave pdfauthor empty), or strip it with "
                   "exiftool -XMP-dc:Creator= paper.pdf";
          out.push_back(std::move(f));
        }
      }
      // Other XMP fields: names, e-mails, user paths (dc:creator handled above).
      std::string rest = ctx.doc.xmp;
      std::string cb;
      if (RE2::PartialMatch(rest, creator, &cb)) {
        auto p = rest.find(cb);
        if (p != std::string::npos) rest.erase(p, cb.size());
      }
      if (auto leak = find_leak(xml_unescape(rest), names)) {
        Finding f = make("xmp", fmt::format("the XMP metadata holds {}", leak->what));
        f.evidence = "XMP: " + leak->what;
        f.hint = "remove it from the XMP (hyperxmp's pdfauthor, pdfcontactemail, ...) or strip XMP with exiftool -XMP:all=";
        out.push_back(std::move(f));
      }
    }
    // Link targets that point into a user's home directory (/Launch, /GoToR, file: URIs).
    std::set<std::string> seen_links;
    for (const auto& l : ctx.doc.links) {
      static const RE2 home(R"((?i)(?:^|[\\/:])(?:Users|home)[\\/][^\\/\s]+)");
      if (!RE2::PartialMatch(l.target, home) || !seen_links.insert(l.target).second) continue;
      auto leak = find_leak(l.target, names);
      if (!leak) continue;
      Finding f = make("link-path", fmt::format("a link on page {} points to {}", l.page, leak->what));
      f.page = l.page;
      f.box = l.box;
      f.evidence = "link target " + leak->marked;
      f.hint = "link a relative path or a public anonymous URL instead, or remove the link";
      out.push_back(std::move(f));
    }
    for (const auto& name : ctx.doc.embedded_files) {
      auto leak = find_leak(name, names);
      Finding f = make(leak ? "attachment-name" : "attachment",
                       leak ? fmt::format("the embedded file \"{}\" holds {}", name, leak->what)
                            : fmt::format("the PDF embeds a file, \"{}\": check it holds nothing identifying", name));
      f.evidence = "embedded file: «" + name + "»";
      f.hint = "remove the attachment (qpdf --remove-attachment=NAME in.pdf out.pdf, or drop \\attachfile / \\embedfile)";
      out.push_back(std::move(f));
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_anonymity_metadata() { return std::make_unique<Metadata>(); }

}  // namespace preflight
