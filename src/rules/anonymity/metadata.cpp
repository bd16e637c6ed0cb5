// anonymity.metadata: the Info dictionary, the XMP packet and embedded files.
#include <fmt/format.h>
#include <re2/re2.h>

#include <cstring>
#include <optional>
#include <set>

#include "rules/anonymity/common.hpp"
#include "rules/anonymity/identity.hpp"
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

using anon::find_leak;
using anon::placeholder_author;

std::string xml_unescape(std::string s) {
  struct R { const char* a; const char* b; };
  for (R r : {R{"&lt;", "<"}, R{"&gt;", ">"}, R{"&quot;", "\""}, R{"&apos;", "'"}, R{"&amp;", "&"}}) {
    for (auto p = s.find(r.a); p != std::string::npos; p = s.find(r.a, p + 1)) s.replace(p, std::strlen(r.a), r.b);
  }
  return s;
}


// ---- Figures' and images' own metadata (Document::object_metadata) ----

const char* holder_noun(const ObjectMetadata& m) {
  switch (m.holder) {
    case ObjectMetadata::Holder::image:
      return m.source == ObjectMetadata::Source::exif || m.source == ObjectMetadata::Source::jpeg_xmp ? "photo" : "image";
    case ObjectMetadata::Holder::page: return "page";
    default: return "included figure";
  }
}

// Where the value sits, as a reader of the message can look it up.
std::string source_label(const ObjectMetadata& m, const std::string& key) {
  switch (m.source) {
    case ObjectMetadata::Source::figure_info: return key + " in the figure file's Info, which pdfTeX copies as /PTEX.InfoDict";
    case ObjectMetadata::Source::figure_file: return "the figure's file name as pdfTeX records it (/PTEX.FileName)";
    case ObjectMetadata::Source::xmp: return key.empty() ? "its XMP metadata" : key + ", in its XMP metadata";
    case ObjectMetadata::Source::piece_info: return key + ", in its application data (/PieceInfo)";
    case ObjectMetadata::Source::exif: return key + ", in its EXIF data";
    case ObjectMetadata::Source::jpeg_xmp: return key.empty() ? "its XMP data" : key + ", in its XMP data";
  }
  return key;
}

std::string source_hint(const ObjectMetadata& m) {
  switch (m.source) {
    case ObjectMetadata::Source::figure_info:
    case ObjectMetadata::Source::figure_file:
      return "add \\pdfsuppressptexinfo=-1 to the preamble (pdfLaTeX then copies no figure Info or file name into "
             "the paper), or strip the figure file before including it (exiftool -Author= -Title= figure.pdf)";
    case ObjectMetadata::Source::xmp:
      return "re-export the figure without metadata, or strip it before including it (exiftool -XMP:all= figure.pdf)";
    case ObjectMetadata::Source::piece_info:
      return "save the figure without application data (Illustrator: clear \"Preserve Illustrator Editing "
             "Capabilities\"), or print it to PDF before including it";
    case ObjectMetadata::Source::exif:
    case ObjectMetadata::Source::jpeg_xmp:
      return "strip the photo's metadata before including it: exiftool -all= photo.jpg";
  }
  return {};
}

// Owner fields: who made or owns the object.
bool owner_field(const ObjectMetadata& m, const std::string& key) {
  switch (m.source) {
    case ObjectMetadata::Source::figure_info: return key == "Author";
    case ObjectMetadata::Source::piece_info: return key == "For";
    case ObjectMetadata::Source::exif:
      return key == "Artist" || key == "XPAuthor" || key == "CameraOwnerName" || key == "Copyright";
    default: return false;
  }
}

bool tool_field(const std::string& key) { return key == "Creator" || key == "Producer"; }

// Findings of one kind and value gathered over every object that carries it.
struct Group {
  std::string kind, message_what, label, evidence, hint, noun;
  std::set<int> pages;
  int objects = 0;
};

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
            {"attachment-name", Severity::error, "an embedded file whose name holds a name, e-mail address or user path"},
            {"figure", Severity::error,
             "an included figure's or image's own metadata (pdfTeX's /PTEX.InfoDict, XMP, /PieceInfo, a photo's EXIF) "
             "naming a person, or holding an e-mail address or a user path"},
            {"figure-owner", Severity::warning,
             "a figure's or photo's author field naming someone who may be identifiable: one word (a user name, a "
             "first name) or an organisation"},
            {"figure-tools", Severity::info, "the tools the included figures were made with (Matplotlib, PowerPoint, ...)"},
            {"gps", Severity::warning, "a photo recording where it was taken (EXIF GPS coordinates)"}};
  }
  void check(const Context& ctx, std::vector<Finding>& out) const override {
    anon::record_scan(ctx);
    if (!anon::active(ctx)) return;
    auto names = anon::names(ctx.options);
    check_objects(ctx, names, out);
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

 private:
  // Figures, images and pages that carry their own metadata.
  void check_objects(const Context& ctx, const std::vector<anon::Name>& names, std::vector<Finding>& out) const {
    ctx.facts["anonymity"]["object_metadata"] = ctx.doc.object_metadata.size();
    std::vector<Group> groups;
    std::map<std::string, std::size_t> at;  // kind + value -> groups index
    std::map<std::string, int> tools;
    auto hit = [&](const ObjectMetadata& m, std::string kind, std::string what, std::string label, std::string evidence,
                   std::string hint) {
      std::string key = kind + "\x1f" + what + "\x1f" + label;
      auto it = at.find(key);
      if (it == at.end()) {
        it = at.emplace(key, groups.size()).first;
        groups.push_back(Group{std::move(kind), std::move(what), std::move(label), std::move(evidence), std::move(hint),
                               holder_noun(m), {}, 0});
      }
      Group& g = groups[it->second];
      if (m.page > 0) g.pages.insert(m.page);
      ++g.objects;
    };
    auto owner = [&](const ObjectMetadata& m, const std::string& key, const std::string& value) {
      std::string label = source_label(m, key);
      if (auto leak = find_leak(value, names)) {
        hit(m, "figure", leak->what, label, key + ": " + leak->marked, source_hint(m));
        return;
      }
      std::string who = key == "Copyright" ? anon::strip_copyright(value) : value;
      switch (anon::classify_owner(who)) {
        case anon::Owner::person:
          hit(m, "figure", "the name \"" + who + "\"", label, key + ": «" + value + "»", source_hint(m));
          break;
        case anon::Owner::organisation:
        case anon::Owner::unclear:
          hit(m, "figure-owner", "the author \"" + value + "\"", label, key + ": «" + value + "»",
              source_hint(m) + "; or keep it if it identifies nobody");
          break;
        case anon::Owner::tool: ++tools[value]; break;
        case anon::Owner::none: break;
      }
    };
    for (const auto& m : ctx.doc.object_metadata) {
      std::string tool;
      for (const auto& [key, value] : m.fields) {
        if (key == "GPS") {
          hit(m, "gps", "GPS coordinates (" + value + ")", source_label(m, key), "GPS: «" + value + "»",
              "remove the location before including the photo: exiftool -gps:all= photo.jpg");
          continue;
        }
        if (owner_field(m, key)) {
          owner(m, key, value);
          continue;
        }
        if (auto leak = find_leak(value, names)) {
          hit(m, "figure", leak->what, source_label(m, key), key + ": " + leak->marked, source_hint(m));
          continue;
        }
        if (tool_field(key) && (tool.empty() || key == "Creator")) tool = value;
      }
      if (!tool.empty()) ++tools[tool];
      if (m.xmp.empty()) continue;
      for (const auto& c : anon::xmp_creators(m.xmp)) owner(m, "dc:creator", c);
      if (auto leak = find_leak(anon::xmp_without_creator(m.xmp), names))
        hit(m, "figure", leak->what, source_label(m, ""), "XMP: " + leak->what, source_hint(m));
    }
    std::map<std::string, int> per_kind;
    for (const auto& g : groups) {
      if (++per_kind[g.kind] > anon::kMaxPerKind) continue;
      std::vector<int> pages(g.pages.begin(), g.pages.end());
      std::string where =
          g.objects == 1 ? fmt::format("the {} on page {}", g.noun, pages.empty() ? 0 : pages.front())
                         : fmt::format("{} {}s on page{} {}", g.objects, g.noun, pages.size() == 1 ? "" : "s", page_list(pages));
      Finding f = make(g.kind, fmt::format("{} {} {} ({})", where, g.objects == 1 ? "carries" : "carry", g.message_what,
                                           g.label));
      if (g.kind == "figure-owner") f.message += ": check it identifies nobody";
      if (!pages.empty()) f.page = pages.front();
      f.evidence = g.evidence;
      f.hint = g.hint;
      out.push_back(std::move(f));
    }
    for (const auto& [kind, n] : per_kind)
      if (n > anon::kMaxPerKind) {
        Finding f = make(kind, fmt::format("{} more figures' metadata values of this kind not listed", n - anon::kMaxPerKind));
        out.push_back(std::move(f));
      }
    if (!tools.empty()) {
      std::vector<std::pair<int, std::string>> by_count;
      for (const auto& [t, n] : tools) by_count.emplace_back(-n, t);
      std::sort(by_count.begin(), by_count.end());
      std::string list;
      for (std::size_t i = 0; i < by_count.size() && i < 8; ++i)
        list += (i ? "; " : "") + by_count[i].second + " (" + std::to_string(-by_count[i].first) + ")";
      if (by_count.size() > 8) list += fmt::format("; {} more", by_count.size() - 8);
      Finding f = make("figure-tools", "the included figures and images were made with: " + list);
      f.evidence = list;
      out.push_back(std::move(f));
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_anonymity_metadata() { return std::make_unique<Metadata>(); }

}  // namespace preflight
