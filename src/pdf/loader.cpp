// The loader: with visual.cpp, the only code that includes Poppler headers.
// One parse by Poppler's core API gives the structure (page boxes, rotation,
// fonts, links, Info, XMP, embedded files) from its objects, and the words and
// the graphics in ONE interpreter pass per page (a second one only over the
// media box of a page cropped smaller than its sheet). No qpdf here: loading
// libqpdf and its gnutls chain cost about 3.5 ms on every run (issue 13).
#include "pdf/loader.hpp"

#include "pdf/hash.hpp"

// Poppler's core API (libpoppler-private-dev), as pdftotext uses it.
#include <Error.h>
#include <GfxState.h>
#include <GlobalParams.h>
#include <PDFDoc.h>
#include <PDFDocEncoding.h>
#include <Page.h>
#include <Stream.h>
#include <TextOutputDev.h>

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
  if (o.isString()) return text_string(o.getString()->toStr());
  if (o.isName()) return std::string("/") + o.getName();
  return {};
}
std::string name_of(const Object& o) { return o.isName() ? std::string(o.getName()) : std::string(); }

// At most `cap` bytes of a stream's decoded data (decompression bombs stop there).
std::string stream_text(Object& o, std::size_t cap) {
  std::string out;
  if (!o.isStream()) return out;
  Stream* str = o.getStream();
  str->reset();
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
        if (b.isString()) base = text_string(b.getString()->toStr());
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
          Object st = ff.streamGetDict()->lookup("Subtype");
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
      for (int i = 0; i < fonts.dictGetLength(); ++i) font(fonts.dictGetValNF(i), page_no);
    Object xo = res.dictLookup("XObject");
    if (!xo.isDict()) return;
    for (int i = 0; i < xo.dictGetLength(); ++i) {
      const Object& raw = xo.dictGetValNF(i);
      if (raw.isRef() && !seen_forms.insert({raw.getRef().num, raw.getRef().gen}).second) continue;
      Object x = raw.fetch(xref);
      if (!x.isStream()) continue;
      Dict* dict = x.streamGetDict();
      if (!dict->lookup("Subtype").isName("Form")) continue;
      resources(dict->lookup("Resources"), page_no, depth + 1);
    }
  }
};

// The file names of a file specification: /UF, then /F.
std::string filespec_name(const Object& fs) {
  if (fs.isString()) return text_string(fs.getString()->toStr());
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
      if (v.isString() || v.isName()) doc.info[info.dictGetKey(i)] = utf8_of(v);
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
    p.media = box_of(pg->getMediaBox());
    p.crop = box_of(pg->getCropBox());
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
// words, and this subclass also records what is painted that is not text
// (Page::graphics): every image placement, and the box of every stroked or
// filled path, in the device space of the pass (72 dpi, upside down: points,
// top-left origin, rotation applied), clipped to the clip path's box.
class PageReader : public TextOutputDev {
 public:
  static constexpr std::size_t kMaxGraphics = 20000;

  PageReader() : TextOutputDev(nullptr, false, 0, false, false) {}

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
  bool recording() const { return out_ && !in_annots_ && soft_mask_depth_ == 0; }

  void add(const GfxState* s, Graphic::Kind kind, double x0, double y0, double x1, double y1, bool white_fill = false) {
    double cx0, cy0, cx1, cy1;
    s->getClipBBox(&cx0, &cy0, &cx1, &cy1);
    x0 = std::max(x0, cx0), y0 = std::max(y0, cy0), x1 = std::min(x1, cx1), y1 = std::min(y1, cy1);
    if (!(x1 > x0 && y1 > y0)) return;  // invisible: nothing left inside the clip (or NaN)
    // A white rectangle under the whole page is the paper, not a graphic.
    if (white_fill && (x1 - x0) * (y1 - y0) >= 0.9 * page_w_ * page_h_) return;
    Graphic g{kind, Box{x0, y0, x1, y1}, false};
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
  std::unique_ptr<GooString> text(tw->getText());
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
// interpreter pass per page, as pdftotext does. Text outside the crop box is
// invisible in viewers and dropped by TextOutputDev, but it is in the file (a
// hidden name is still a leak): for a page whose crop box is smaller than its
// media box, a second pass over the media box keeps the words (and graphics)
// outside the crop box, with coordinates still relative to the crop box (so
// they fall outside the page), marked outside_crop.
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
    Box crop = box_of(pg->getCropBox()), media = box_of(pg->getMediaBox());
    double cw = swap ? crop.height() : crop.width(), ch = swap ? crop.width() : crop.height();
    dev.begin(&page.graphics, cw, ch);
    pd.displayPage(&dev, i + 1, 72, 72, 0, false, false, false, nullptr, nullptr, &PageReader::annot_cb, &dev);
    if (auto list = dev.makeWordList()) {
      page.words.reserve(static_cast<std::size_t>(list->getLength()));
      for (int k = 0; k < list->getLength(); ++k) {
        Word w = word_of(list->get(k), doc, font_ids);
        if (w.text.empty()) continue;
        chars += static_cast<long long>(w.text.size());
        page.words.push_back(std::move(w));
      }
    }
    if (chars > limits.max_chars)
      fail("limit", fmt::format("{}: more than {} characters of text, the limit", doc.path, limits.max_chars));

    // The media box pass, for pages cropped smaller than their sheet.
    if (!(crop.x0 > media.x0 + 0.5 || crop.y0 > media.y0 + 0.5 || crop.x1 < media.x1 - 0.5 || crop.y1 < media.y1 - 0.5))
      continue;
    // Where the crop box sits in the media box's display space: the shift between the two passes.
    Page as_media;
    as_media.crop = media;
    as_media.rotation = rot;
    Box c = to_display(crop, as_media);
    std::vector<Graphic> outside;
    dev.begin(&outside, swap ? media.height() : media.width(), swap ? media.width() : media.height());
    pd.displayPage(&dev, i + 1, 72, 72, 0, true, false, false, nullptr, nullptr, &PageReader::annot_cb, &dev);
    auto in_crop = [&](const Box& b) { return b.x0 >= -0.5 && b.y0 >= -0.5 && b.x1 <= cw + 0.5 && b.y1 <= ch + 0.5; };
    auto shift = [&](Box b) { return Box{b.x0 - c.x0, b.y0 - c.y0, b.x1 - c.x0, b.y1 - c.y0}; };
    if (auto list = dev.makeWordList()) {
      for (int k = 0; k < list->getLength(); ++k) {
        Word w = word_of(list->get(k), doc, font_ids);
        w.box = shift(w.box);
        w.baseline -= static_cast<float>(c.y0);
        if (w.text.empty() || in_crop(w.box)) continue;
        chars += static_cast<long long>(w.text.size());
        w.outside_crop = true;
        page.words.push_back(std::move(w));
      }
    }
    for (auto g : outside) {
      g.box = shift(g.box);
      if (in_crop(g.box)) continue;
      g.outside_crop = true;
      if (page.graphics.size() < PageReader::kMaxGraphics) page.graphics.push_back(g);
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
  PDFDoc pd(stream, GooString(password), GooString(password));
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
  sanitize_strings(doc);
  return doc;
}

}  // namespace preflight
