// The loader: with visual.cpp, the only code that includes Poppler headers.
// One parse by Poppler's core API gives the structure (page boxes, rotation,
// fonts, links, Info, XMP, embedded files) from its objects, and the words and
// the graphics in ONE interpreter pass per page, with what a reader sees of
// them (glyphs nobody sees are kept and marked, graphics are clipped to the
// clip path). No qpdf here: loading
// libqpdf and its gnutls chain cost about 3.5 ms on every run (issue 13).
#include "pdf/loader.hpp"

#include "pdf/exif.hpp"
#include "pdf/hash.hpp"

// Poppler's core API (libpoppler-private-dev), as pdftotext uses it.
#include <Error.h>
#include <GfxState.h>
#include <Catalog.h>
#include <GlobalParams.h>
#include <OptionalContent.h>
#include <PDFDoc.h>
#include <PDFDocEncoding.h>
#include <Page.h>
#include <Stream.h>
#include <TextOutputDev.h>

#include "pdf/poppler_compat.hpp"

#include <fmt/format.h>
#include <utf8proc.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <climits>
#include <cmath>
#include <cstring>
#include <fstream>
#include <optional>
#include <set>
#include <sys/stat.h>
#include <unordered_map>

namespace preflight {
namespace {

[[noreturn]] void fail(std::string kind, std::string message) {
  throw LoadFailure{InputError{std::move(kind), std::move(message)}};
}



std::string read_file(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) fail("missing", fmt::format("{}: no such file", path));
    fail("unreadable", fmt::format("{}: cannot read: {}", path, std::strerror(errno)));
  }
  if (S_ISDIR(st.st_mode)) fail("unreadable", fmt::format("{}: is a directory, not a PDF file", path));
  if (!S_ISREG(st.st_mode)) fail("unreadable", fmt::format("{}: not a regular file", path));
  if (st.st_size == 0) fail("empty", fmt::format("{}: the file is empty (0 bytes)", path));
  if (st.st_size > INT_MAX) fail("unreadable", fmt::format("{}: larger than 2 GiB", path));
  std::ifstream in(path, std::ios::binary);
  if (!in) fail("unreadable", fmt::format("{}: cannot open: {}", path, std::strerror(errno)));
  std::string bytes(static_cast<std::size_t>(st.st_size), '\0');
  in.read(bytes.data(), st.st_size);
  if (in.gcount() != st.st_size) fail("unreadable", fmt::format("{}: read error", path));
  return bytes;
}

// A PDF starts with %PDF- within its first 1024 bytes (readers tolerate junk before it).
void check_header(const std::string& path, const std::string& bytes) {
  auto head = std::string_view(bytes).substr(0, 1024);
  if (head.find("%PDF-") == std::string_view::npos) {
    std::string what = "no %PDF- header";
    if (head.rfind("PK", 0) == 0) what = "looks like a ZIP archive";
    else if (head.rfind("\x89PNG", 0) == 0) what = "looks like a PNG image";
    else if (head.rfind("%!PS", 0) == 0) what = "looks like PostScript";
    else if (head.rfind("<!DOCTYPE", 0) == 0 || head.rfind("<html", 0) == 0) what = "looks like an HTML page";
    fail("not-pdf", fmt::format("{}: not a PDF file ({})", path, what));
  }
}

std::string strip_subset(std::string name) {
  if (name.size() > 7 && name[6] == '+' &&
      std::all_of(name.begin(), name.begin() + 6, [](char c) { return c >= 'A' && c <= 'Z'; }))
    name.erase(0, 7);
  return name;
}

// A page box of Poppler as a Box in user space.
Box box_of(const PDFRectangle* r) {
  if (!r) return Box{0, 0, 612, 792};
  return Box{std::min(r->x1, r->x2), std::min(r->y1, r->y2), std::max(r->x1, r->x2), std::max(r->y1, r->y2)};
}

// A PDF text string (Info values, file names, URIs) as UTF-8: UTF-16 with a
// byte-order mark, UTF-8 with one (PDF 2.0), else PDFDocEncoding.
std::string text_string(const std::string& s) {
  std::string out;
  auto put = [&out](std::uint32_t u) {
    utf8proc_uint8_t buf[4];
    out.append(reinterpret_cast<const char*>(buf),
               static_cast<std::size_t>(utf8proc_encode_char(static_cast<utf8proc_int32_t>(u), buf)));
  };
  auto byte = [&s](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  const bool be = s.size() >= 2 && byte(0) == 0xFE && byte(1) == 0xFF;
  const bool le = s.size() >= 2 && byte(0) == 0xFF && byte(1) == 0xFE;
  if (be || le) {
    auto unit = [&](std::size_t i) -> std::uint32_t {
      return be ? (std::uint32_t(byte(i)) << 8 | byte(i + 1)) : (std::uint32_t(byte(i + 1)) << 8 | byte(i));
    };
    for (std::size_t i = 2; i + 1 < s.size(); i += 2) {
      std::uint32_t u = unit(i);
      if (u >= 0xD800 && u < 0xDC00 && i + 3 < s.size()) {
        std::uint32_t lo = unit(i + 2);
        if (lo >= 0xDC00 && lo < 0xE000) {
          put(0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00));
          i += 2;
          continue;
        }
      }
      put(u >= 0xD800 && u < 0xE000 ? 0xFFFD : u);  // a lone surrogate
    }
    return out;
  }
  if (s.size() >= 3 && byte(0) == 0xEF && byte(1) == 0xBB && byte(2) == 0xBF) return s.substr(3);
  for (unsigned char c : s) {
    std::uint32_t u = pdfDocEncoding[c];
    put(u ? u : (c ? 0xFFFD : 0));
  }
  return out;
}

// A string or a name as text; a name keeps its slash, as it is written in the file.
std::string utf8_of(const Object& o) {
  if (o.isString()) return text_string(poppler::string_of(o));
  if (o.isName()) return std::string("/") + o.getName();
  return {};
}
std::string name_of(const Object& o) { return o.isName() ? std::string(o.getName()) : std::string(); }

// At most `cap` bytes of a stream's decoded data (decompression bombs stop there).
std::string stream_text(Object& o, std::size_t cap) {
  std::string out;
  if (!o.isStream()) return out;
  Stream* str = o.getStream();
  if (!poppler::rewind(str)) return out;
  unsigned char buf[4096];
  int n;
  while (out.size() < cap && (n = str->doGetChars(static_cast<int>(std::min<std::size_t>(sizeof buf, cap - out.size())), buf)) > 0)
    out.append(reinterpret_cast<const char*>(buf), static_cast<std::size_t>(n));
  str->close();
  return out;
}

Box rect_of(const Object& a, Box fallback) {
  if (!a.isArray() || a.arrayGetLength() != 4) return fallback;
  double v[4];
  for (int i = 0; i < 4; ++i) {
    Object x = a.arrayGet(i);
    if (!x.isNum()) return fallback;
    v[i] = x.getNum();
  }
  Box b{std::min(v[0], v[2]), std::min(v[1], v[3]), std::max(v[0], v[2]), std::max(v[1], v[3])};
  if (!std::isfinite(b.x0) || !std::isfinite(b.y0) || !std::isfinite(b.x1) || !std::isfinite(b.y1)) return fallback;
  return b;
}

// User space (bottom-left origin) -> display space (top-left of the crop box, rotated).
Box to_display(const Box& r, const Page& p) {
  const Box& c = p.crop;
  auto map = [&](double x, double y) -> std::pair<double, double> {
    double dx = x - c.x0, dy = c.y1 - y;  // unrotated, top-left origin
    switch (p.rotation) {
      // /Rotate turns the page clockwise for display.
      case 90: return {y - c.y0, x - c.x0};
      case 180: return {c.width() - dx, c.height() - dy};
      case 270: return {c.height() - (y - c.y0), c.width() - dx};
      default: return {dx, dy};
    }
  };
  auto [ax, ay] = map(r.x0, r.y0);
  auto [bx, by] = map(r.x1, r.y1);
  return Box{std::min(ax, bx), std::min(ay, by), std::max(ax, bx), std::max(ay, by)};
}

std::string ref_key(Ref r) { return fmt::format("{} {}", r.num, r.gen); }

// Every font a page's resources name (and the forms they draw, 8 deep), once
// per font object, with the pages that use it.
struct FontCollector {
  Document& doc;
  XRef* xref;
  std::unordered_map<std::string, std::size_t> by_key;  // "num gen" or BaseFont -> index in doc.fonts
  std::set<std::pair<int, int>> seen_forms;

  void font(const Object& raw, int page_no) {
    Object f = raw.fetch(xref);
    if (!f.isDict()) return;
    std::string key = raw.isRef() ? ref_key(raw.getRef()) : utf8_of(f.dictLookup("BaseFont"));
    auto it = by_key.find(key);
    if (it == by_key.end()) {
      FontInfo fi;
      std::string subtype = name_of(f.dictLookup("Subtype"));
      std::string base = name_of(f.dictLookup("BaseFont"));
      if (base.empty()) {
        Object b = f.dictLookup("BaseFont");
        if (b.isString()) base = text_string(poppler::string_of(b));
      }
      fi.subset = base.size() > 7 && base[6] == '+';
      fi.name = strip_subset(base);
      fi.type = subtype;
      Object desc = f.dictLookup("FontDescriptor");
      if (subtype == "Type0") {
        Object d = f.dictLookup("DescendantFonts");
        if (d.isArray() && d.arrayGetLength() > 0) {
          Object d0 = d.arrayGet(0);
          if (d0.isDict()) {
            desc = d0.dictLookup("FontDescriptor");
            fi.type = name_of(d0.dictLookup("Subtype"));
          }
        }
      }
      if (subtype == "Type3") {
        fi.embedded = true;  // glyphs are drawn by the font's own procedures
        if (fi.name.empty()) fi.name = "(Type 3, unnamed)";
      } else if (desc.isDict()) {
        auto has = [&desc](const char* k) { return !desc.dictLookup(k).isNull(); };
        fi.embedded = has("FontFile") || has("FontFile2") || has("FontFile3");
        Object ff = desc.dictLookup("FontFile3");
        if (ff.isStream()) {
          Object st = ff.getStream()->getDict()->lookup("Subtype");
          if (st.isName("Type1C") && fi.type == "Type1") fi.type = "Type1C";
          if (st.isName("OpenType")) fi.type = "OpenType";
        }
      }
      by_key.emplace(key, doc.fonts.size());
      doc.fonts.push_back(std::move(fi));
      it = by_key.find(key);
    }
    auto& pages = doc.fonts[it->second].pages;
    if (pages.empty() || pages.back() != page_no) pages.push_back(page_no);
  }

  void resources(const Object& res, int page_no, int depth) {
    if (!res.isDict() || depth > 8) return;
    Object fonts = res.dictLookup("Font");
    if (fonts.isDict())
      for (int i = 0; i < fonts.dictGetLength(); ++i) font(fonts.getDict()->getValNF(i), page_no);
    Object xo = res.dictLookup("XObject");
    if (!xo.isDict()) return;
    for (int i = 0; i < xo.dictGetLength(); ++i) {
      const Object& raw = xo.getDict()->getValNF(i);
      if (raw.isRef() && !seen_forms.insert({raw.getRef().num, raw.getRef().gen}).second) continue;
      Object x = raw.fetch(xref);
      if (!x.isStream()) continue;
      Dict* dict = x.getStream()->getDict();
      if (!dict->lookup("Subtype").isName("Form")) continue;
      resources(dict->lookup("Resources"), page_no, depth + 1);
    }
  }
};

// The file names of a file specification: /UF, then /F.
std::string filespec_name(const Object& fs) {
  if (fs.isString()) return text_string(poppler::string_of(fs));
  if (!fs.isDict()) return {};
  std::string uf = utf8_of(fs.dictLookup("UF"));
  return uf.empty() ? utf8_of(fs.dictLookup("F")) : uf;
}

// The EmbeddedFiles name tree: each file's name (or its key in the tree).
void embedded_files(const Object& node, Document& doc, std::set<std::pair<int, int>>& seen, int depth) {
  if (!node.isDict() || depth > 32 || doc.embedded_files.size() > 10000) return;
  Object names = node.dictLookup("Names");
  if (names.isArray())
    for (int i = 0; i + 1 < names.arrayGetLength(); i += 2) {
      std::string name = filespec_name(names.arrayGet(i + 1));
      doc.embedded_files.push_back(name.empty() ? utf8_of(names.arrayGet(i)) : name);
    }
  Object kids = node.dictLookup("Kids");
  if (!kids.isArray()) return;
  for (int i = 0; i < kids.arrayGetLength(); ++i) {
    const Object& raw = kids.getArray()->getNF(i);
    if (raw.isRef() && !seen.insert({raw.getRef().num, raw.getRef().gen}).second) continue;
    embedded_files(kids.arrayGet(i), doc, seen, depth + 1);
  }
}

// A page's /MediaBox as the file writes it (inherited from the page tree), or
// nullopt. Poppler replaces an empty one by US Letter, as viewers do; the
// file still declares no usable sheet, which the page-size rule reports.
std::optional<Box> declared_media_box(::Page* pg, XRef* xref) {
  Object node = xref->fetch(pg->getRef());
  for (int depth = 0; depth < 32 && node.isDict(); ++depth) {
    Object mb = node.dictLookup("MediaBox");
    if (!mb.isNull()) {
      Box none{-1, -1, -1, -1};
      Box b = rect_of(mb, none);
      if (b.x0 == none.x0 && b.x1 == none.x1) return std::nullopt;
      return b;
    }
    node = node.dictLookup("Parent");
  }
  return std::nullopt;
}

// The header's version ("%PDF-1.5" -> "1.5"), as the file declares it.
std::string header_version(const std::string& bytes) {
  auto at = std::string_view(bytes).substr(0, 1024).find("%PDF-");
  if (at == std::string_view::npos) return {};
  std::string v;
  for (std::size_t i = at + 5; i < bytes.size() && v.size() < 8; ++i) {
    char c = bytes[i];
    if (!(std::isdigit(static_cast<unsigned char>(c)) || c == '.')) break;
    v += c;
  }
  return v;
}

// What is not drawn: version, Info, XMP, embedded files, page boxes, fonts,
// links. Read from Poppler's objects, the same parse that gives the words.
void read_structure(PDFDoc& pd, const std::string& bytes, Document& doc, const LoadLimits& limits) {
  doc.pdf_version = header_version(bytes);
  doc.encrypted = pd.isEncrypted();
  XRef* xref = pd.getXRef();
  // Info dictionary, decoded (hyperref writes UTF-16BE).
  Object info = pd.getDocInfo();
  if (info.isDict())
    for (int i = 0; i < info.dictGetLength(); ++i) {
      Object v = info.dictGetVal(i);
      if (v.isString() || v.isName()) doc.info[info.getDict()->getKey(i)] = utf8_of(v);
    }
  Object root = xref->getCatalog();
  if (root.isDict()) {
    Object md = root.dictLookup("Metadata");
    doc.xmp = stream_text(md, 4u << 20);
    // Embedded files: the EmbeddedFiles name tree, and file attachment annotations below.
    Object names = root.dictLookup("Names");
    if (names.isDict()) {
      std::set<std::pair<int, int>> seen;
      embedded_files(names.dictLookup("EmbeddedFiles"), doc, seen, 0);
    }
  }

  const int n = pd.getNumPages();
  if (n > limits.max_pages)
    fail("limit", fmt::format("{}: {} pages, more than the limit of {}", doc.path, n, limits.max_pages));
  FontCollector fonts{doc, xref, {}, {}};
  doc.pages.resize(static_cast<std::size_t>(std::max(n, 0)));
  for (int i = 0; i < n; ++i) {
    Page& p = doc.pages[static_cast<std::size_t>(i)];
    p.number = i + 1;
    ::Page* pg = pd.getPage(i + 1);
    if (!pg) continue;
    p.media = box_of(poppler::box_ptr(pg->getMediaBox()));
    p.crop = box_of(poppler::box_ptr(pg->getCropBox()));
    if (auto declared = declared_media_box(pg, xref); declared && (declared->width() < 1 || declared->height() < 1))
      p.media = p.crop = *declared;
    int r = ((pg->getRotate() % 360) + 360) % 360;
    p.rotation = (r % 90 == 0) ? r : 0;
    bool swap = p.rotation == 90 || p.rotation == 270;
    p.width = swap ? p.crop.height() : p.crop.width();
    p.height = swap ? p.crop.width() : p.crop.height();

    if (Object* res = pg->getResourceDictObject()) fonts.resources(*res, p.number, 0);

    Object annots = pg->getAnnotsObject();
    if (!annots.isArray()) continue;
    int na = std::min(annots.arrayGetLength(), 10000);
    for (int a = 0; a < na; ++a) {
      Object an = annots.arrayGet(a);
      if (!an.isDict()) continue;
      Object subtype = an.dictLookup("Subtype");
      if (subtype.isName("FileAttachment")) {
        Object fs = an.dictLookup("FS");
        if (fs.isDict()) doc.embedded_files.push_back(filespec_name(fs));
        continue;
      }
      if (!subtype.isName("Link")) continue;
      Object action = an.dictLookup("A");
      if (!action.isDict()) continue;
      Link l;
      l.page = p.number;
      l.box = to_display(rect_of(an.dictLookup("Rect"), Box{}), p);
      Object s = action.dictLookup("S");
      if (s.isName("URI")) {
        l.kind = "uri";
        l.target = utf8_of(action.dictLookup("URI"));
      } else if (s.isName("Launch") || s.isName("GoToR")) {
        l.kind = s.isName("Launch") ? "launch" : "gotor";
        Object f = action.dictLookup("F");
        l.target = f.isDict() ? utf8_of(f.dictLookup("F")) : utf8_of(f);
      } else {
        continue;  // internal GoTo links carry nothing identifying
      }
      if (!l.target.empty()) doc.links.push_back(std::move(l));
    }
  }
}

std::uint16_t intern_font(Document& doc, std::unordered_map<std::string, std::uint16_t>& ids, std::string name) {
  name = strip_subset(std::move(name));
  auto it = ids.find(name);
  if (it != ids.end()) return it->second;
  if (doc.font_names.size() >= 65535) return 0;
  auto id = static_cast<std::uint16_t>(doc.font_names.size());
  doc.font_names.push_back(name);
  ids.emplace(std::move(name), id);
  return id;
}

// Bold or italic: the font descriptor's flags, or the usual words of the name
// (TeX fonts such as CMBX12 or NimbusRomNo9L-Medi set no flag).
bool bold_name(std::string_view n) {
  static constexpr std::string_view marks[] = {"Bold", "bold", "BOLD", "Black", "Heavy", "Semibold", "SemiBold",
                                               "Demi", "-Medi", "CMBX", "CMB10", "cmbx", "-Bd", "Bd-"};
  for (auto m : marks)
    if (n.find(m) != std::string_view::npos) return true;
  return false;
}
bool italic_name(std::string_view n) {
  static constexpr std::string_view marks[] = {"Italic", "italic", "Oblique", "oblique", "-Ital", "-ReguItal",
                                               "-MediItal", "CMTI", "CMMI", "CMSL", "cmti", "-It", "Slant"};
  for (auto m : marks)
    if (n.find(m) != std::string_view::npos) return true;
  return false;
}

// One pass of Poppler's interpreter over a page: TextOutputDev collects the
// words a reader sees, and this subclass also records what is painted that is
// not text (Page::graphics): every image placement, and the box of every
// stroked or filled path, in the device space of the pass (72 dpi, upside
// down: points, top-left origin, rotation applied), clipped to the clip path's
// box. A glyph nobody sees (render mode 3 or 7, fully transparent, or outside
// the clip path in force, which includes the crop box) goes to a page of its
// own (aside()), so its words are kept and marked (Word::visibility).
class PageReader : public TextOutputDev {
 public:
  static constexpr std::size_t kMaxGraphics = 20000;
  // Why a glyph is not seen: the aside pages.
  enum Aside { kInvisible = 0, kClipped = 1, kAsidePages = 2 };
  // Glyphs set aside are shifted by this much (device points, right and down)
  // into a larger page: TextPage drops glyphs whose origin is off its page.
  static constexpr double kShift = 2000;

  PageReader() : TextOutputDev(nullptr, false, 0, false, false) {}
  ~PageReader() override { release_aside(); }
  PageReader(const PageReader&) = delete;
  PageReader& operator=(const PageReader&) = delete;

  // The glyphs of the last page that nobody sees, for kInvisible or kClipped (nullptr when none).
  TextPage* aside(int which) const { return aside_[which].get(); }

  void startPage(int pageNum, GfxState* state, XRef* xref) override {
    TextOutputDev::startPage(pageNum, state, xref);
    release_aside();
    dev_w_ = state ? state->getPageWidth() : 0;
    dev_h_ = state ? state->getPageHeight() : 0;
  }
  void endPage() override {
    TextOutputDev::endPage();
    for (auto& a : aside_)
      if (a) {
        a->endPage();
        a->coalesce(false, 0, false);
      }
  }

  void drawChar(GfxState* s, double x, double y, double dx, double dy, double ox, double oy, CharCode c, int n,
                const Unicode* u, int ulen) override {
    int why = unseen(s, x, y, dx, dy);
    if (why < 0) return TextOutputDev::drawChar(s, x, y, dx, dy, ox, oy, c, n, u, ulen);
    put_aside(why, s, x, y, dx, dy, c, n, u, ulen);
  }

  // Start a page: graphics go to `out` (capped); `page_w`/`page_h` is the size of the pass's page box.
  void begin(std::vector<Graphic>* out, double page_w, double page_h) {
    out_ = out;
    page_w_ = page_w;
    page_h_ = page_h;
    in_annots_ = false;
    groups_.clear();
    soft_mask_depth_ = 0;
  }
  // Annotations are drawn after the page content: their appearance (link
  // borders, stamps) is not the paper's content, so graphics stop there.
  static bool annot_cb(Annot*, void* self) {
    static_cast<PageReader*>(self)->in_annots_ = true;
    return true;
  }

  bool needNonText() override { return true; }
  // Patterns and shadings are not interpreted tile by tile or strip by strip:
  // the area they paint (the clip set to the filled shape) is what we record.
  bool useTilingPatternFill() override { return true; }
  bool useShadedFills(int) override { return true; }
#if PREFLIGHT_POPPLER_VERSION >= 250900  // Poppler 25.09 passes matrices and boxes as std::array
  using Matrix6 = const std::array<double, 6>&;
  using Box4 = const std::array<double, 4>&;
#else
  using Matrix6 = const double*;
  using Box4 = const double*;
#endif
  bool tilingPatternFill(GfxState* s, Gfx*, Catalog*, GfxTilingPattern*, Matrix6, int, int, int, int, double,
                         double) override {
    record_clip(s);
    return true;
  }
  bool functionShadedFill(GfxState* s, GfxFunctionShading*) override { return record_clip(s), true; }
  bool axialShadedFill(GfxState* s, GfxAxialShading*, double, double) override { return record_clip(s), true; }
  bool axialShadedSupportExtend(GfxState*, GfxAxialShading*) override { return true; }
  bool radialShadedFill(GfxState* s, GfxRadialShading*, double, double) override { return record_clip(s), true; }
  bool radialShadedSupportExtend(GfxState*, GfxRadialShading*) override { return true; }
  bool gouraudTriangleShadedFill(GfxState* s, GfxGouraudTriangleShading*) override { return record_clip(s), true; }
  bool patchMeshShadedFill(GfxState* s, GfxPatchMeshShading*) override { return record_clip(s), true; }

  void stroke(GfxState* s) override {
    TextOutputDev::stroke(s);
    if (s->getStrokeOpacity() <= 0) return;
    double hw = std::max(s->getTransformedLineWidth(), 1.0) / 2;  // a 0-width line is one device pixel
    record_path(s, hw, false);
  }
  void fill(GfxState* s) override {
    TextOutputDev::fill(s);
    if (s->getFillOpacity() > 0) record_path(s, 0, true);
  }
  void eoFill(GfxState* s) override {
    TextOutputDev::eoFill(s);
    if (s->getFillOpacity() > 0) record_path(s, 0, true);
  }

  void drawImageMask(GfxState* s, Object* ref, Stream* str, int w, int h, bool invert, bool interp, bool inl) override {
    record_image(s);
    OutputDev::drawImageMask(s, ref, str, w, h, invert, interp, inl);  // skips an inline image's data
  }
  void drawImage(GfxState* s, Object* ref, Stream* str, int w, int h, GfxImageColorMap* cm, bool interp,
                 const int* mask, bool inl) override {
    record_image(s);
    OutputDev::drawImage(s, ref, str, w, h, cm, interp, mask, inl);
  }
  void drawMaskedImage(GfxState* s, Object*, Stream*, int, int, GfxImageColorMap*, bool, Stream*, int, int, bool,
                       bool) override {
    record_image(s);
  }
  void drawSoftMaskedImage(GfxState* s, Object*, Stream*, int, int, GfxImageColorMap*, bool, Stream*, int, int,
                           GfxImageColorMap*, bool) override {
    record_image(s);
  }

  // What a soft mask's group paints is a mask, not something seen.
  void beginTransparencyGroup(GfxState*, Box4, GfxColorSpace*, bool, bool, bool for_mask) override {
    groups_.push_back(for_mask);
    if (for_mask) ++soft_mask_depth_;
  }
  void endTransparencyGroup(GfxState*) override {
    if (groups_.empty()) return;
    if (groups_.back()) --soft_mask_depth_;
    groups_.pop_back();
  }

 private:
  // Why nobody sees the glyph drawn at (x, y) with advance (dx, dy), user space: -1 when it is seen.
  // Its box runs from the origin along the advance, and from 0.25 below the baseline to 0.9 of the
  // font size above it (in the glyph's own up direction); seen when that box meets the clip's box.
  int unseen(const GfxState* s, double x, double y, double dx, double dy) const {
    const int mode = s->getRender() & 3;  // 3 and 7: neither filled nor stroked
    const bool fill = mode == 0 || mode == 2, stroke = mode == 1 || mode == 2;
    if (mode == 3 || !((fill && s->getFillOpacity() > 0) || (stroke && s->getStrokeOpacity() > 0))) return kInvisible;
    const GfxFont* font = s->getFont().get();
    const double* fm = font ? poppler::matrix_data(font->getFontMatrix()) : nullptr;
    const double fs = s->getFontSize();
    double gx = fm ? fm[2] * 1000 * fs : 0, gy = fm ? fm[3] * 1000 * fs : fs;  // glyph space (0, 1000)
    double ux, uy, ox, oy, ax, ay, vx, vy;
    s->textTransformDelta(gx, gy, &ux, &uy);
    s->transform(x, y, &ox, &oy);
    s->transformDelta(dx, dy, &ax, &ay);
    s->transformDelta(ux, uy, &vx, &vy);
    if (ax * vy - ay * vx > 0) vx = -vx, vy = -vy;  // a mirrored font matrix (Type 3): up is still up
    double bx0 = HUGE_VAL, by0 = HUGE_VAL, bx1 = -HUGE_VAL, by1 = -HUGE_VAL;
    for (double t : {0.0, 1.0})
      for (double k : {-0.25, 0.9}) {
        double px = ox + t * ax + k * vx, py = oy + t * ay + k * vy;
        bx0 = std::min(bx0, px), by0 = std::min(by0, py), bx1 = std::max(bx1, px), by1 = std::max(by1, py);
      }
    if (!(bx1 >= bx0 && by1 >= by0)) return -1;  // NaN: let TextPage judge it, as before
    double cx0, cy0, cx1, cy1;
    s->getClipBBox(&cx0, &cy0, &cx1, &cy1);
    if (bx1 > cx0 && bx0 < cx1 && by1 > cy0 && by0 < cy1) return -1;
    return kClipped;  // outside the clip; past the paper's edge or not is decided from the word's box
  }

  void put_aside(int why, GfxState* s, double x, double y, double dx, double dy, CharCode c, int n,
                 const Unicode* u, int ulen) {
    if (!s->getFont() || dev_w_ <= 0 || dev_h_ <= 0) return;
    const double* m = poppler::matrix_data(s->getCTM());
    const double det = m[0] * m[3] - m[1] * m[2];
    if (!(std::abs(det) > 1e-12)) return;
    auto& page = aside_[why];
    if (!page) {
      page.reset(new TextPage(false));
      PDFRectangle wide(0, 0, dev_w_ + 2 * kShift, dev_h_ + 2 * kShift);
      GfxState st(72, 72, poppler::rect_arg(wide), 0, true);
      page->startPage(&st);
    }
    // The user-space step that moves the glyph by (kShift, kShift) device points.
    const double sx = (m[3] - m[2]) * kShift / det, sy = (m[0] - m[1]) * kShift / det;
    page->updateFont(s);
    page->addChar(s, x + sx, y + sy, dx, dy, c, n, u, ulen);
  }

  void release_aside() {
    for (auto& a : aside_) a.reset();
  }

  bool recording() const { return out_ && !in_annots_ && soft_mask_depth_ == 0; }

  void add(const GfxState* s, Graphic::Kind kind, double x0, double y0, double x1, double y1, bool white_fill = false) {
    double cx0, cy0, cx1, cy1;
    s->getClipBBox(&cx0, &cy0, &cx1, &cy1);
    x0 = std::max(x0, cx0), y0 = std::max(y0, cy0), x1 = std::min(x1, cx1), y1 = std::min(y1, cy1);
    if (!(x1 > x0 && y1 > y0)) return;  // invisible: nothing left inside the clip (or NaN)
    // A white rectangle under the whole page is the paper, not a graphic.
    if (white_fill && (x1 - x0) * (y1 - y0) >= 0.9 * page_w_ * page_h_) return;
    Graphic g{kind, Box{x0, y0, x1, y1}};
    if (out_->size() >= kMaxGraphics) {
      out_->back().box = out_->back().box.united(g.box);  // hostile files: merge the rest into the last
      return;
    }
    out_->push_back(g);
  }

  void record_path(GfxState* s, double half_width, bool is_fill) {
    if (!recording()) return;
    const GfxPath* path = s->getPath();
    if (!path) return;
    double x0 = HUGE_VAL, y0 = HUGE_VAL, x1 = -HUGE_VAL, y1 = -HUGE_VAL;
    for (int i = 0; i < path->getNumSubpaths(); ++i) {
      const GfxSubpath* sp = path->getSubpath(i);
      for (int j = 0; j < sp->getNumPoints(); ++j) {
        double tx, ty;
        s->transform(sp->getX(j), sp->getY(j), &tx, &ty);
        x0 = std::min(x0, tx), y0 = std::min(y0, ty), x1 = std::max(x1, tx), y1 = std::max(y1, ty);
      }
    }
    if (!(x1 >= x0)) return;
    bool white = false;
    if (is_fill && s->getFillColorSpace() && s->getFillColorSpace()->getMode() != csPattern) {
      GfxRGB rgb;
      s->getFillRGB(&rgb);
      white = colToDbl(rgb.r) > 0.99 && colToDbl(rgb.g) > 0.99 && colToDbl(rgb.b) > 0.99;
    }
    add(s, Graphic::Kind::path, x0 - half_width, y0 - half_width, x1 + half_width, y1 + half_width, white);
  }

  void record_clip(GfxState* s) {  // a pattern or shading paints its clip
    if (!recording()) return;
    double x0, y0, x1, y1;
    s->getClipBBox(&x0, &y0, &x1, &y1);
    add(s, Graphic::Kind::path, x0, y0, x1, y1);
  }

  void record_image(GfxState* s) {  // the unit square through the CTM
    if (!recording()) return;
    double xs[4], ys[4];
    s->transform(0, 0, &xs[0], &ys[0]);
    s->transform(1, 0, &xs[1], &ys[1]);
    s->transform(0, 1, &xs[2], &ys[2]);
    s->transform(1, 1, &xs[3], &ys[3]);
    add(s, Graphic::Kind::image, *std::min_element(xs, xs + 4), *std::min_element(ys, ys + 4),
        *std::max_element(xs, xs + 4), *std::max_element(ys, ys + 4));
  }

  std::vector<Graphic>* out_ = nullptr;
  double page_w_ = 0, page_h_ = 0;
  bool in_annots_ = false;
  std::vector<bool> groups_;  // open transparency groups: is it a soft mask's?
  int soft_mask_depth_ = 0;
  double dev_w_ = 0, dev_h_ = 0;  // the page in device space
#if PREFLIGHT_POPPLER_VERSION >= 260200  // Poppler 26.02: a TextPage is owned, no reference counts
  using TextPagePtr = std::unique_ptr<TextPage>;
#else
  struct Unref {
    void operator()(TextPage* p) const { p->decRefCnt(); }
  };
  using TextPagePtr = std::unique_ptr<TextPage, Unref>;
#endif
  std::array<TextPagePtr, kAsidePages> aside_;
};

// Poppler's process-wide state: GlobalParams (font and encoding tables) made
// once and never torn down, and an error callback that keeps Poppler's
// messages about damaged files off stderr. The loader and the renderer
// (visual.cpp) both come through here, by silence_poppler().
void poppler_errors(ErrorCategory, Goffset, const char*) {}

void poppler_init() {
  static const bool once = [] {
    static GlobalParamsIniter initer(poppler_errors);
    setErrorCallback(poppler_errors);
    return true;
  }();
  (void)once;
}

Word word_of(TextWord* tw, Document& doc, std::unordered_map<std::string, std::uint16_t>& font_ids) {
  Word w;
  auto text = poppler::text_of(tw);
  // A NUL ends the word's text, as in poppler-cpp: fonts whose ToUnicode map is
  // broken write U+0000 before each byte, and what follows is garbage.
  if (text) w.text = text->c_str();
  double x0, y0, x1, y1;
  tw->getBBox(&x0, &y0, &x1, &y1);
  w.box = Box{x0, y0, x1, y1};
  const GooString* fname = tw->getLength() > 0 ? tw->getFontName(0) : nullptr;
  std::string name = fname ? fname->toStr() : std::string();
  w.font = intern_font(doc, font_ids, name);
  double sz = tw->getFontSize();
  if (name.empty() || !std::isfinite(sz) || sz <= 0 || sz > 500) sz = w.box.height();
  w.size = static_cast<float>(sz);
  w.space_after = tw->hasSpaceAfter();
  w.rotation = static_cast<std::int16_t>(tw->getRotation() * 90);
  double base = tw->getBaseline();
  w.baseline = static_cast<float>(std::isfinite(base) ? base : y1);
  if (const TextFontInfo* fi = tw->getLength() > 0 ? tw->getFontInfo(0) : nullptr) {
    const std::string& n = doc.font_names[w.font];
    w.bold = fi->isBold() || bold_name(n);
    w.italic = fi->isItalic() || italic_name(n);
  }
  return w;
}

// The words (and graphics) of every page, through Poppler's core API: one
// interpreter pass per page, as pdftotext does. The words a reader sees come
// from TextOutputDev; those nobody sees (PageReader::aside) are kept after
// them, marked with why (Word::visibility): text in render mode 3 or 7, text
// hidden by a clip path (an included figure's), text past the edge of the
// paper (outside the crop box, which viewers and TextOutputDev drop, but a
// hidden name is still a leak). Invisible text over a placed image is the
// text layer of a scan (OCR): a reader sees it in the image, so it is visible.
void read_words(PDFDoc& pd, Document& doc, const LoadLimits& limits) {
  const int n = static_cast<int>(doc.pages.size());
  std::unordered_map<std::string, std::uint16_t> font_ids;
  long long chars = 0;
  PageReader dev;
  for (int i = 0; i < n; ++i) {
    Page& page = doc.pages[static_cast<std::size_t>(i)];
    ::Page* pg = pd.getPage(i + 1);
    if (!pg) continue;
    const int rot = ((pg->getRotate() % 360) + 360) % 360;
    const bool swap = rot == 90 || rot == 270;
    Box crop = box_of(poppler::box_ptr(pg->getCropBox()));
    double cw = swap ? crop.height() : crop.width(), ch = swap ? crop.width() : crop.height();
    dev.begin(&page.graphics, cw, ch);
    pd.displayPage(&dev, i + 1, 72, 72, 0, false, false, false, nullptr, nullptr, &PageReader::annot_cb, &dev);
    if (auto list = dev.makeWordList()) {
      const auto& words = poppler::words_of(*list);
      page.words.reserve(words.size());
      for (TextWord* tw : words) {
        Word w = word_of(tw, doc, font_ids);
        if (w.text.empty()) continue;
        chars += static_cast<long long>(w.text.size());
        page.words.push_back(std::move(w));
      }
    }
    for (int a = 0; a < PageReader::kAsidePages; ++a) {
      TextPage* tp = dev.aside(a);
      if (!tp) continue;
      auto list = tp->makeWordList(false);
      if (!list) continue;
      const double k = PageReader::kShift;
      for (TextWord* tw : poppler::words_of(*list)) {
        Word w = word_of(tw, doc, font_ids);
        if (w.text.empty()) continue;
        w.box = Box{w.box.x0 - k, w.box.y0 - k, w.box.x1 - k, w.box.y1 - k};
        w.baseline -= static_cast<float>(k);
        const Box& b = w.box;
        const bool on_paper = b.x1 > 0 && b.x0 < cw && b.y1 > 0 && b.y0 < ch;
        if (a == PageReader::kInvisible) {
          w.visibility = Word::Visibility::invisible;
          double cx = (b.x0 + b.x1) / 2, cy = (b.y0 + b.y1) / 2;
          for (const Graphic& g : page.graphics)
            if (g.kind == Graphic::Kind::image && cx > g.box.x0 && cx < g.box.x1 && cy > g.box.y0 && cy < g.box.y1) {
              w.visibility = Word::Visibility::visible;  // a scan's text layer
              break;
            }
        } else {
          w.visibility = on_paper ? Word::Visibility::clipped : Word::Visibility::off_page;
        }
        chars += static_cast<long long>(w.text.size());
        page.words.push_back(std::move(w));
      }
    }
    if (chars > limits.max_chars)
      fail("limit", fmt::format("{}: more than {} characters of text, the limit", doc.path, limits.max_chars));
  }
}

// Every string of the Document is valid UTF-8 without NUL bytes (see repair_utf8).
void sanitize_strings(Document& doc) {
  for (auto& p : doc.pages)
    for (auto& w : p.words) w.text = repair_utf8(std::move(w.text));
  for (auto& n : doc.font_names) n = repair_utf8(std::move(n));
  for (auto& f : doc.fonts) {
    f.name = repair_utf8(std::move(f.name));
    f.type = repair_utf8(std::move(f.type));
  }
  std::map<std::string, std::string> info;
  for (auto& [k, v] : doc.info) info[repair_utf8(k)] = repair_utf8(v);
  doc.info = std::move(info);
  doc.xmp = repair_utf8(std::move(doc.xmp));
  for (auto& l : doc.links) l.target = repair_utf8(std::move(l.target));
  for (auto& e : doc.embedded_files) e = repair_utf8(std::move(e));
  doc.pdf_version = repair_utf8(std::move(doc.pdf_version));
}


// ---- Hidden channels: what viewers show beside the page's text (issue 20) ----
// Markup annotations (comments), the metadata of included figures and images
// (pdfTeX's /PTEX.InfoDict, XMP, /PieceInfo, a JPEG's EXIF and XMP) and text
// in optional content that is off by default. Each walk is capped: objects
// visited, depth, bytes read, entries kept.

constexpr std::size_t kMaxObjectMetadata = 5000;   // entries kept
constexpr int kMaxXObjectVisits = 20000;           // XObjects looked at, per document
constexpr int kMaxResourceDepth = 32;
constexpr std::size_t kMaxFields = 64;             // per dictionary
constexpr std::size_t kMaxFieldValue = 4096;       // bytes of one value kept
constexpr std::size_t kMaxXmpBytes = 256 * 1024;   // per XMP stream
constexpr std::size_t kMaxJpegTotal = 16u << 20;   // JPEG header bytes read, per document
constexpr std::size_t kMaxComments = 10000;
constexpr std::size_t kMaxCommentText = 4096;
constexpr int kMaxHiddenPasses = 200;              // pages re-read with hidden layers shown

std::string capped(std::string s, std::size_t n) {
  if (s.size() > n) s.resize(n);
  return s;
}

// The string values of a dictionary (an Info dictionary, a PieceInfo /Private),
// without dates and /Trapped.
void string_fields(const Object& dict, std::vector<std::pair<std::string, std::string>>& out) {
  if (!dict.isDict()) return;
  for (int i = 0; i < dict.dictGetLength() && out.size() < kMaxFields; ++i) {
    std::string key = dict.getDict()->getKey(i);
    if (key == "CreationDate" || key == "ModDate" || key == "Trapped" || key == "LastModified") continue;
    Object v = dict.dictGetVal(i);
    if (!v.isString()) continue;
    std::string text = capped(text_string(poppler::string_of(v)), kMaxFieldValue);
    if (!text.empty()) out.emplace_back(std::move(key), std::move(text));
  }
}

// The value of a DSC comment line ("%%For: (Jane Doe) ()" -> "Jane Doe").
std::string dsc_value(const std::string& s, std::string_view key) {
  auto at = s.find(key);
  if (at == std::string::npos) return {};
  auto end = s.find_first_of("\r\n", at);
  std::string v = s.substr(at + key.size(), end == std::string::npos ? std::string::npos : end - at - key.size());
  auto b = v.find('('), e = v.find(')');
  if (b != std::string::npos && e != std::string::npos && e > b) v = v.substr(b + 1, e - b - 1);
  auto f = v.find_first_not_of(" \t"), l = v.find_last_not_of(" \t");
  return f == std::string::npos ? std::string() : capped(v.substr(f, l - f + 1), kMaxFieldValue);
}

struct MetadataCollector {
  Document& doc;
  XRef* xref;
  std::set<std::pair<int, int>> seen;                // XObjects visited
  std::map<std::pair<int, int>, bool> form_has_oc;   // a form that uses optional content
  int visits = 0;
  std::size_t jpeg_bytes = 0;

  void add(ObjectMetadata m) {
    if (doc.object_metadata.size() >= kMaxObjectMetadata) return;
    if (m.fields.empty() && m.xmp.empty()) return;
    doc.object_metadata.push_back(std::move(m));
  }

  void xmp(Object md, ObjectMetadata::Holder holder, int page) {
    if (!md.isStream()) return;
    ObjectMetadata m{ObjectMetadata::Source::xmp, holder, page, {}, stream_text(md, kMaxXmpBytes)};
    add(std::move(m));
  }

  // /PieceInfo << /Illustrator << /Private << /AIMetaData STREAM ... >> >> >>
  void piece_info(const Object& pi, ObjectMetadata::Holder holder, int page) {
    if (!pi.isDict()) return;
    ObjectMetadata m{ObjectMetadata::Source::piece_info, holder, page, {}, {}};
    for (int i = 0; i < std::min(pi.dictGetLength(), 16); ++i) {
      Object app = pi.dictGetVal(i);
      if (!app.isDict()) continue;
      Object priv = app.dictLookup("Private");
      string_fields(priv, m.fields);
      if (!priv.isDict()) continue;
      for (int k = 0; k < std::min(priv.dictGetLength(), 16); ++k) {
        if (std::string_view(priv.getDict()->getKey(k)).find("MetaData") == std::string_view::npos) continue;
        Object st = priv.dictGetVal(k);
        std::string text = stream_text(st, 16 * 1024);
        for (std::string_view key : {"%%For:", "%%Creator:", "%%Title:"})
          if (std::string v = dsc_value(text, key); !v.empty() && m.fields.size() < kMaxFields)
            m.fields.emplace_back(std::string(key.substr(2, key.size() - 3)), v);
      }
    }
    add(std::move(m));
  }

  void form(Dict* d, int page) {
    Object info = d->lookup("PTEX.InfoDict");
    ObjectMetadata fi{ObjectMetadata::Source::figure_info, ObjectMetadata::Holder::form, page, {}, {}};
    string_fields(info, fi.fields);
    add(std::move(fi));
    Object fname = d->lookup("PTEX.FileName");
    if (fname.isString())
      add({ObjectMetadata::Source::figure_file, ObjectMetadata::Holder::form, page,
           {{"PTEX.FileName", capped(text_string(poppler::string_of(fname)), kMaxFieldValue)}}, {}});
    xmp(d->lookup("Metadata"), ObjectMetadata::Holder::form, page);
    piece_info(d->lookup("PieceInfo"), ObjectMetadata::Holder::form, page);
  }

  void image(Object& x, int page) {
    Dict* d = x.getStream()->getDict();
    xmp(d->lookup("Metadata"), ObjectMetadata::Holder::image, page);
    Stream* str = x.getStream();
    if (!str || str->getKind() != strDCT || jpeg_bytes >= kMaxJpegTotal) return;
    Stream* raw = str->getNextStream();  // the JPEG file's bytes, below the DCT decoder
    if (!raw) return;
    if (!poppler::rewind(raw)) return;
    JpegMetadata jm = read_jpeg_metadata(
        [raw](char* buf, std::size_t n) {
          int got = raw->doGetChars(static_cast<int>(std::min<std::size_t>(n, 1 << 16)),
                                    reinterpret_cast<unsigned char*>(buf));
          return got > 0 ? static_cast<std::size_t>(got) : std::size_t{0};
        },
        std::min(kMaxJpegHeader, kMaxJpegTotal - jpeg_bytes));
    raw->close();
    jpeg_bytes += jm.bytes_read;
    add({ObjectMetadata::Source::exif, ObjectMetadata::Holder::image, page, std::move(jm.fields), {}});
    if (!jm.xmp.empty())
      add({ObjectMetadata::Source::jpeg_xmp, ObjectMetadata::Holder::image, page, {}, capped(std::move(jm.xmp), kMaxXmpBytes)});
  }

  // The XObjects of a resource dictionary, each once; returns whether any
  // content under it may sit in optional content (/Properties, /OC).
  bool resources(const Object& res, int page, int depth) {
    if (!res.isDict() || depth > kMaxResourceDepth) return false;
    Object props = res.dictLookup("Properties");
    bool oc = props.isDict() && props.dictGetLength() > 0;
    Object xo = res.dictLookup("XObject");
    if (!xo.isDict()) return oc;
    for (int i = 0; i < std::min(xo.dictGetLength(), 4096); ++i) {
      const Object& r = xo.getDict()->getValNF(i);
      std::pair<int, int> key{-1, -1};
      if (r.isRef()) {
        key = {r.getRef().num, r.getRef().gen};
        if (!seen.insert(key).second) {
          auto it = form_has_oc.find(key);
          oc = oc || (it != form_has_oc.end() && it->second);
          continue;
        }
      }
      if (++visits > kMaxXObjectVisits) return oc;
      Object x = r.fetch(xref);
      if (!x.isStream()) continue;
      Dict* d = x.getStream()->getDict();
      bool this_oc = !d->lookupNF("OC").isNull();
      Object subtype = d->lookup("Subtype");
      if (subtype.isName("Form")) {
        form(d, page);
        this_oc = resources(d->lookup("Resources"), page, depth + 1) || this_oc;
        if (key.first >= 0) form_has_oc[key] = this_oc;
      } else if (subtype.isName("Image")) {
        image(x, page);
      }
      oc = oc || this_oc;
    }
    return oc;
  }
};

// Markup annotations: everything a viewer lists as a comment. Links, form
// widgets and media are not comments; a Popup repeats its parent's text.
void read_comments(PDFDoc& pd, Document& doc) {
  static const std::set<std::string, std::less<>> markup = {
      "Text",   "FreeText",  "Line",   "Square", "Circle", "Polygon", "PolyLine", "Highlight", "Underline",
      "Squiggly", "StrikeOut", "Stamp", "Caret",  "Ink",    "FileAttachment", "Sound", "Redact", "Popup"};
  for (auto& p : doc.pages) {
    ::Page* pg = pd.getPage(p.number);
    if (!pg) continue;
    Object annots = pg->getAnnotsObject();
    if (!annots.isArray()) continue;
    int na = std::min(annots.arrayGetLength(), 10000);
    for (int a = 0; a < na && doc.comments.size() < kMaxComments; ++a) {
      Object an = annots.arrayGet(a);
      if (!an.isDict()) continue;
      std::string subtype = name_of(an.dictLookup("Subtype"));
      if (!markup.count(subtype)) continue;
      Object t = an.dictLookup("T"), c = an.dictLookup("Contents");
      Comment cm;
      cm.page = p.number;
      cm.box = to_display(rect_of(an.dictLookup("Rect"), Box{}), p);
      cm.subtype = subtype;
      cm.author = t.isString() ? capped(text_string(poppler::string_of(t)), kMaxFieldValue) : std::string();
      cm.text = c.isString() ? capped(text_string(poppler::string_of(c)), kMaxCommentText) : std::string();
      // A popup with a parent, or an attachment with nothing written on it, is said elsewhere.
      if (subtype == "Popup" && (!an.dictLookupNF("Parent").isNull() || (cm.author.empty() && cm.text.empty())))
        continue;
      if (subtype == "FileAttachment" && cm.author.empty() && cm.text.empty()) continue;
      doc.comments.push_back(std::move(cm));
    }
  }
}

// Text in optional content off by default. Poppler's interpreter skips such
// content (Gfx's ocState), so TextOutputDev never sees it and it is not in
// Page::words. On the pages that use optional content, two text passes (as
// the document opens, and with every hidden group switched on) differ by the
// hidden words.
void read_hidden_text(PDFDoc& pd, Document& doc, const std::vector<bool>& uses_oc) {
  const OCGs* ocgs = pd.getCatalog() ? pd.getCatalog()->getOptContentConfig() : nullptr;
  if (!ocgs || !ocgs->isOk() || !ocgs->hasOCGs()) return;
  std::vector<OptionalContentGroup*> off;
  for (const auto& [ref, g] : ocgs->getOCGs())
    if (g && g->getState() == OptionalContentGroup::Off) {
      off.push_back(g.get());
      if (doc.hidden_layers.size() < 1000)
        doc.hidden_layers.push_back(g->getName() ? capped(text_string(g->getName()->toStr()), 200) : std::string());
    }
  if (off.empty()) return;
  std::sort(doc.hidden_layers.begin(), doc.hidden_layers.end());
  int passes = 0;
  for (auto& p : doc.pages) {
    if (static_cast<std::size_t>(p.number - 1) >= uses_oc.size() || !uses_oc[static_cast<std::size_t>(p.number - 1)])
      continue;
    if (++passes > kMaxHiddenPasses) break;
    auto words = [&](bool show_hidden) {
      for (auto* g : off) g->setState(show_hidden ? OptionalContentGroup::On : OptionalContentGroup::Off);
      TextOutputDev dev(nullptr, false, 0, false, false);
      pd.displayPage(&dev, p.number, 72, 72, 0, false, false, false);
      std::vector<std::pair<std::string, Box>> out;
      if (auto list = dev.makeWordList())
        for (int k = 0; TextWord* tw : poppler::words_of(*list)) {
          if (k++ >= 100000) break;
          auto text = poppler::text_of(tw);
          double x0, y0, x1, y1;
          tw->getBBox(&x0, &y0, &x1, &y1);
          if (text && !poppler::string_of(*text).empty()) out.emplace_back(poppler::string_of(*text), Box{x0, y0, x1, y1});
        }
      return out;
    };
    auto shown = words(false);
    auto all = words(true);
    for (auto* g : off) g->setState(OptionalContentGroup::Off);
    std::map<std::tuple<std::string, long, long>, int> visible;
    auto key = [](const std::pair<std::string, Box>& w) {
      return std::make_tuple(w.first, std::lround(w.second.x0 * 2), std::lround(w.second.y0 * 2));
    };
    for (const auto& w : shown) ++visible[key(w)];
    HiddenText ht;
    ht.page = p.number;
    for (const auto& w : all) {
      auto it = visible.find(key(w));
      if (it != visible.end() && it->second > 0) {
        --it->second;
        continue;
      }
      if (ht.text.size() < kMaxCommentText) ht.text += (ht.text.empty() ? "" : " ") + w.first;
      ht.box = ht.box.united(w.second);
    }
    if (!ht.text.empty()) doc.hidden_text.push_back(std::move(ht));
  }
}

void sanitize_hidden(Document& doc) {
  for (auto& m : doc.object_metadata) {
    for (auto& [k, v] : m.fields) k = repair_utf8(std::move(k)), v = repair_utf8(std::move(v));
    m.xmp = repair_utf8(std::move(m.xmp));
  }
  for (auto& c : doc.comments) {
    c.subtype = repair_utf8(std::move(c.subtype));
    c.author = repair_utf8(std::move(c.author));
    c.text = repair_utf8(std::move(c.text));
  }
  for (auto& l : doc.hidden_layers) l = repair_utf8(std::move(l));
  for (auto& h : doc.hidden_text) h.text = repair_utf8(std::move(h.text));
}

void read_hidden_channels(PDFDoc& pd, Document& doc) {
  MetadataCollector mc{doc, pd.getXRef(), {}, {}, 0, 0};
  std::vector<bool> uses_oc(doc.pages.size(), false);
  for (auto& p : doc.pages) {
    ::Page* pg = pd.getPage(p.number);
    if (!pg) continue;
    if (Object* res = pg->getResourceDictObject())
      uses_oc[static_cast<std::size_t>(p.number - 1)] = mc.resources(*res, p.number, 0);
    if (pg->getPieceInfo())
      if (const Ref* r = pd.getCatalog()->getPageRef(p.number)) {
        Object page_dict = pd.getXRef()->fetch(*r);
        if (page_dict.isDict()) mc.piece_info(page_dict.dictLookup("PieceInfo"), ObjectMetadata::Holder::page, p.number);
      }
  }
  read_comments(pd, doc);
  read_hidden_text(pd, doc, uses_oc);
  sanitize_hidden(doc);
}
}  // namespace

void silence_poppler() { poppler_init(); }

Document load_pdf(const std::string& path, const std::string& password, const LoadLimits& limits) {
  return load_pdf_bytes(read_file(path), path, password, limits);
}

Document load_pdf_bytes(std::string bytes, const std::string& path, const std::string& password,
                        const LoadLimits& limits) {
  Document doc;
  doc.path = path;
  if (bytes.empty()) fail("empty", fmt::format("{}: the file is empty (0 bytes)", path));
  if (bytes.size() > INT_MAX) fail("unreadable", fmt::format("{}: larger than 2 GiB", path));
  doc.file_size = bytes.size();
  check_header(path, bytes);
  doc.sha256 = sha256_hex_of(bytes);

  poppler_init();
  // PDFDoc owns the stream, which reads `bytes` in place (they outlive it).
#if PREFLIGHT_POPPLER_VERSION >= 250500  // Poppler 25.05 made Object(ObjType) private
  auto* stream = new MemStream(bytes.data(), 0, static_cast<Goffset>(bytes.size()), Object::null());
#else
  auto* stream = new MemStream(bytes.data(), 0, static_cast<Goffset>(bytes.size()), Object(objNull));
#endif
#if PREFLIGHT_POPPLER_VERSION >= 260200  // Poppler 26.02: PDFDoc owns the stream as a unique_ptr, passwords are optional
  PDFDoc pd{std::unique_ptr<BaseStream>(stream), GooString(password), GooString(password)};
#else
  PDFDoc pd(stream, GooString(password), GooString(password));
#endif
  if (!pd.isOk()) {
    if (pd.getErrorCode() == errEncrypted)
      fail("encrypted", password.empty()
                            ? fmt::format("{}: the PDF is encrypted and needs a password (give it with --password)", path)
                            : fmt::format("{}: the PDF is encrypted and the password given does not open it", path));
    fail("damaged", fmt::format("{}: damaged PDF: Poppler cannot read it", path));
  }
  if (pd.getNumPages() <= 0) fail("damaged", fmt::format("{}: damaged PDF: no pages", path));
  read_structure(pd, bytes, doc, limits);
  read_words(pd, doc, limits);
  read_hidden_channels(pd, doc);
  sanitize_strings(doc);
  return doc;
}

}  // namespace preflight
