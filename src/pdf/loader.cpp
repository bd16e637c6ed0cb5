// The loader: the only code that includes Poppler or qpdf headers.
// qpdf gives structure (page boxes, rotation, fonts, links, Info, XMP,
// embedded files); Poppler's core API gives the words and the graphics, in ONE
// interpreter pass per page (a second one only over the media box of a page
// cropped smaller than its sheet).
#include "pdf/loader.hpp"

#include "pdf/hash.hpp"

#include <poppler/cpp/poppler-global.h>
// Poppler's core API (libpoppler-private-dev), as pdftotext uses it.
#include <Error.h>
#include <GfxState.h>
#include <GlobalParams.h>
#include <PDFDoc.h>
#include <Page.h>
#include <Stream.h>
#include <TextOutputDev.h>
#include <qpdf/Pipeline.hh>
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFEmbeddedFileDocumentHelper.hh>
#include <qpdf/QPDFExc.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>
#include <qpdf/QPDFPageObjectHelper.hh>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cmath>
#include <cstring>
#include <fstream>
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

// A pipeline that keeps at most `cap` bytes and throws past it (decompression bombs).
class CappedBuffer : public Pipeline {
 public:
  CappedBuffer(std::string& out, std::size_t cap) : Pipeline("capped", nullptr), out_(out), cap_(cap) {}
  void write(unsigned char const* data, size_t len) override {
    if (out_.size() + len > cap_) throw std::length_error("stream too large");
    out_.append(reinterpret_cast<const char*>(data), len);
  }
  void finish() override {}

 private:
  std::string& out_;
  std::size_t cap_;
};

std::string stream_text(QPDFObjectHandle stream, std::size_t cap) {
  std::string out;
  if (!stream.isStream()) return out;
  try {
    CappedBuffer p(out, cap);
    stream.pipeStreamData(&p, nullptr, 0, qpdf_dl_generalized, true, false);
  } catch (const std::exception&) {
  }
  return out;
}

Box rect_of(QPDFObjectHandle h, Box fallback) {
  if (!h.isRectangle()) return fallback;
  auto r = h.getArrayAsRectangle();
  Box b{std::min(r.llx, r.urx), std::min(r.lly, r.ury), std::max(r.llx, r.urx), std::max(r.lly, r.ury)};
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

std::string utf8_of(QPDFObjectHandle h) {
  if (h.isString()) return h.getUTF8Value();
  if (h.isName()) return h.getName();
  return {};
}

struct FontCollector {
  Document& doc;
  std::unordered_map<std::string, std::size_t> by_key;  // objgen or name -> index in doc.fonts
  std::set<QPDFObjGen> seen_forms;

  void font(QPDFObjectHandle f, int page_no) {
    if (!f.isDictionary()) return;
    std::string key = f.isIndirect() ? f.getObjGen().unparse(' ') : utf8_of(f.getKey("/BaseFont"));
    auto it = by_key.find(key);
    if (it == by_key.end()) {
      FontInfo fi;
      std::string subtype = utf8_of(f.getKey("/Subtype"));
      std::string base = utf8_of(f.getKey("/BaseFont"));
      if (!base.empty() && base[0] == '/') base.erase(0, 1);  // a name object keeps its slash
      fi.subset = base.size() > 7 && base[6] == '+';
      fi.name = strip_subset(base);
      fi.type = subtype;
      QPDFObjectHandle desc = f.getKey("/FontDescriptor");
      if (subtype == "/Type0") {
        auto d = f.getKey("/DescendantFonts");
        if (d.isArray() && d.getArrayNItems() > 0) {
          auto d0 = d.getArrayItem(0);
          if (d0.isDictionary()) {
            desc = d0.getKey("/FontDescriptor");
            fi.type = utf8_of(d0.getKey("/Subtype"));
          }
        }
      }
      if (!fi.type.empty() && fi.type[0] == '/') fi.type.erase(0, 1);
      if (subtype == "/Type3") {
        fi.embedded = true;  // glyphs are drawn by the font's own procedures
        if (fi.name.empty()) fi.name = "(Type 3, unnamed)";
      } else if (desc.isDictionary()) {
        fi.embedded = desc.hasKey("/FontFile") || desc.hasKey("/FontFile2") || desc.hasKey("/FontFile3");
        if (desc.hasKey("/FontFile3")) {
          auto ff = desc.getKey("/FontFile3");
          if (ff.isStream()) {
            auto st = utf8_of(ff.getDict().getKey("/Subtype"));
            if (st == "/Type1C" && fi.type == "Type1") fi.type = "Type1C";
            if (st == "/OpenType") fi.type = "OpenType";
          }
        }
      }
      by_key.emplace(key, doc.fonts.size());
      doc.fonts.push_back(std::move(fi));
      it = by_key.find(key);
    }
    auto& pages = doc.fonts[it->second].pages;
    if (pages.empty() || pages.back() != page_no) pages.push_back(page_no);
  }

  void resources(QPDFObjectHandle res, int page_no, int depth) {
    if (!res.isDictionary() || depth > 8) return;
    auto fonts = res.getKey("/Font");
    if (fonts.isDictionary())
      for (auto& k : fonts.getKeys()) font(fonts.getKey(k), page_no);
    auto xo = res.getKey("/XObject");
    if (xo.isDictionary()) {
      for (auto& k : xo.getKeys()) {
        auto x = xo.getKey(k);
        if (!x.isStream()) continue;
        auto dict = x.getDict();
        if (utf8_of(dict.getKey("/Subtype")) != "/Form") continue;
        if (x.isIndirect() && !seen_forms.insert(x.getObjGen()).second) continue;
        resources(dict.getKey("/Resources"), page_no, depth + 1);
      }
    }
  }
};

void read_structure(QPDF& q, Document& doc, const LoadLimits& limits) {
  doc.pdf_version = q.getPDFVersion();
  doc.encrypted = q.isEncrypted();
  // Info dictionary, decoded (hyperref writes UTF-16BE).
  auto info = q.getTrailer().getKey("/Info");
  if (info.isDictionary()) {
    for (auto& k : info.getKeys()) {
      auto v = info.getKey(k);
      if (v.isString() || v.isName()) doc.info[k.substr(1)] = utf8_of(v);
    }
  }
  auto root = q.getRoot();
  if (root.isDictionary()) doc.xmp = stream_text(root.getKey("/Metadata"), 4u << 20);

  // Embedded files: the EmbeddedFiles name tree, and file attachment annotations below.
  try {
    QPDFEmbeddedFileDocumentHelper efdh(q);
    for (auto& [name, spec] : efdh.getEmbeddedFiles()) {
      std::string fname = spec->getFilename();
      doc.embedded_files.push_back(fname.empty() ? name : fname);
    }
  } catch (const std::exception&) {
  }

  auto pages = QPDFPageDocumentHelper(q).getAllPages();
  if (static_cast<long long>(pages.size()) > limits.max_pages)
    fail("limit", fmt::format("{}: {} pages, more than the limit of {}", doc.path, pages.size(), limits.max_pages));
  FontCollector fonts{doc, {}, {}};
  doc.pages.resize(pages.size());
  for (std::size_t i = 0; i < pages.size(); ++i) {
    Page& p = doc.pages[i];
    p.number = static_cast<int>(i) + 1;
    auto& ph = pages[i];
    Box letter{0, 0, 612, 792};
    p.media = rect_of(ph.getAttribute("/MediaBox", false), letter);
    p.crop = rect_of(ph.getAttribute("/CropBox", false), p.media);
    auto rot = ph.getAttribute("/Rotate", false);
    int r = rot.isInteger() ? static_cast<int>(rot.getIntValue() % 360) : 0;
    if (r < 0) r += 360;
    p.rotation = (r % 90 == 0) ? r : 0;
    bool swap = p.rotation == 90 || p.rotation == 270;
    p.width = swap ? p.crop.height() : p.crop.width();
    p.height = swap ? p.crop.width() : p.crop.height();

    fonts.resources(ph.getAttribute("/Resources", false), p.number, 0);

    auto annots = ph.getObjectHandle().getKey("/Annots");
    if (!annots.isArray()) continue;
    int n = std::min(annots.getArrayNItems(), 10000);
    for (int a = 0; a < n; ++a) {
      auto an = annots.getArrayItem(a);
      if (!an.isDictionary()) continue;
      auto subtype = utf8_of(an.getKey("/Subtype"));
      if (subtype == "/FileAttachment") {
        auto fs = an.getKey("/FS");
        if (fs.isDictionary()) doc.embedded_files.push_back(utf8_of(fs.getKey("/UF")).empty() ? utf8_of(fs.getKey("/F")) : utf8_of(fs.getKey("/UF")));
        continue;
      }
      if (subtype != "/Link") continue;
      auto action = an.getKey("/A");
      if (!action.isDictionary()) continue;
      Link l;
      l.page = p.number;
      l.box = to_display(rect_of(an.getKey("/Rect"), Box{}), p);
      auto s = utf8_of(action.getKey("/S"));
      if (s == "/URI") {
        l.kind = "uri";
        l.target = utf8_of(action.getKey("/URI"));
      } else if (s == "/Launch" || s == "/GoToR") {
        l.kind = s == "/Launch" ? "launch" : "gotor";
        auto f = action.getKey("/F");
        l.target = f.isDictionary() ? utf8_of(f.getKey("/F")) : utf8_of(f);
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
  bool tilingPatternFill(GfxState* s, Gfx*, Catalog*, GfxTilingPattern*, const double*, int, int, int, int, double,
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
  void beginTransparencyGroup(GfxState*, const double*, GfxColorSpace*, bool, bool, bool for_mask) override {
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
// messages about damaged files off stderr. Holding a GlobalParamsIniter for
// the life of the process keeps poppler-cpp (the renderer) from destroying
// GlobalParams when its last document closes.
void poppler_errors(ErrorCategory, Goffset, const char*) {}

void poppler_init() {
  static const bool once = [] {
    static GlobalParamsIniter initer(poppler_errors);
    setErrorCallback(poppler_errors);  // in case poppler-cpp made GlobalParams first
    poppler::set_debug_error_function([](const std::string&, void*) {}, nullptr);
    return true;
  }();
  (void)once;
}

// A page box of Poppler as a Box in user space.
Box box_of(const PDFRectangle* r) {
  if (!r) return Box{0, 0, 612, 792};
  return Box{std::min(r->x1, r->x2), std::min(r->y1, r->y2), std::max(r->x1, r->x2), std::max(r->y1, r->y2)};
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
void read_words(const std::string& bytes, const std::string& password, Document& doc, const LoadLimits& limits,
                bool structure_ok) {
  poppler_init();
  // PDFDoc owns the stream, which reads `bytes` in place (they outlive it).
  auto* stream = new MemStream(bytes.data(), 0, static_cast<Goffset>(bytes.size()), Object(objNull));
  PDFDoc pd(stream, GooString(password), GooString(password));
  if (!pd.isOk()) {
    if (pd.getErrorCode() == errEncrypted)
      fail("encrypted", password.empty()
                            ? fmt::format("{}: the PDF is encrypted and needs a password (give it with --password)", doc.path)
                            : fmt::format("{}: the PDF is encrypted and the password given does not open it", doc.path));
    if (doc.pages.empty()) fail("damaged", fmt::format("{}: damaged PDF: Poppler cannot read it", doc.path));
    return;  // qpdf read the structure; keep what we have
  }
  int n = pd.getNumPages();
  if (n <= 0) fail("damaged", fmt::format("{}: damaged PDF: no pages", doc.path));
  if (n > limits.max_pages)
    fail("limit", fmt::format("{}: {} pages, more than the limit of {}", doc.path, n, limits.max_pages));
  if (doc.pages.size() != static_cast<std::size_t>(n)) {
    // qpdf and Poppler disagree (a repaired file): trust Poppler's page list.
    structure_ok = false;
    doc.pages.assign(static_cast<std::size_t>(n), Page{});
    for (int i = 0; i < n; ++i) {
      Page& p = doc.pages[static_cast<std::size_t>(i)];
      p.number = i + 1;
      ::Page* pg = pd.getPage(i + 1);
      if (!pg) continue;
      p.media = box_of(pg->getMediaBox());
      p.crop = box_of(pg->getCropBox());
      p.rotation = ((pg->getRotate() % 360) + 360) % 360;
      bool swap = p.rotation == 90 || p.rotation == 270;
      p.width = swap ? p.crop.height() : p.crop.width();
      p.height = swap ? p.crop.width() : p.crop.height();
    }
    doc.links.erase(std::remove_if(doc.links.begin(), doc.links.end(), [n](const Link& l) { return l.page > n; }),
                    doc.links.end());
  }
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
    if (!structure_ok) continue;
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
  const Document blank = doc;

  bool structure_ok = false;
  try {
    QPDF q;
    q.setSuppressWarnings(true);
    q.processMemoryFile(path.c_str(), bytes.data(), bytes.size(), password.empty() ? nullptr : password.c_str());
    read_structure(q, doc, limits);
    structure_ok = !doc.pages.empty();
  } catch (const LoadFailure&) {
    throw;
  } catch (const QPDFExc& e) {
    if (e.getErrorCode() == qpdf_e_password)
      fail("encrypted", password.empty()
                            ? fmt::format("{}: the PDF is encrypted and needs a password (give it with --password)", path)
                            : fmt::format("{}: the PDF is encrypted and the password given does not open it", path));
    doc = blank;
  } catch (const std::exception&) {
    doc = blank;  // qpdf gave up; Poppler may still read the words
  }
  read_words(bytes, password, doc, limits, structure_ok);
  sanitize_strings(doc);
  if (!structure_ok && doc.pages.empty()) fail("damaged", fmt::format("{}: damaged PDF: no readable pages", path));
  return doc;
}

}  // namespace preflight
