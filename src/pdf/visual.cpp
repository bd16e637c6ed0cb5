#include "pdf/visual.hpp"

#include "pdf/loader.hpp"
#include "preflight/report.hpp"

#include <Annot.h>
#include <ErrorCodes.h>
#include <PDFDoc.h>
#include <Page.h>
#include <SplashOutputDev.h>
#include <UTF.h>
#include <goo/GooString.h>
#include <splash/SplashBitmap.h>

#include "pdf/poppler_compat.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <utility>
#include <stdexcept>
#include <zlib.h>

namespace preflight {
namespace {

namespace fs = std::filesystem;

struct Rgb { double r, g, b; };
Rgb colour(Severity s) {
  switch (s) {
    case Severity::error: return {0.86, 0.1, 0.1};
    case Severity::warning: return {0.95, 0.55, 0.0};
    case Severity::info: return {0.1, 0.4, 0.85};
  }
  return {0.86, 0.1, 0.1};
}


// Display space (top-left of the crop box, rotated) -> PDF user space.
// Poppler's crop box (clipped to the media box) and /Rotate, as the loader
// uses for display coordinates.
PDFRectangle user_rect(::Page& page, const Box& b) {
  const PDFRectangle* crop = poppler::box_ptr(page.getCropBox());
  double cx0 = std::min(crop->x1, crop->x2), cy0 = std::min(crop->y1, crop->y2);
  double cx1 = std::max(crop->x1, crop->x2), cy1 = std::max(crop->y1, crop->y2);
  int r = ((page.getRotate() % 360) + 360) % 360;
  double W = cx1 - cx0, H = cy1 - cy0;
  auto map = [&](double x, double y) -> std::pair<double, double> {
    switch (r) {  // inverse of the loader's to_display (/Rotate turns clockwise)
      case 90: return {cx0 + y, cy0 + x};
      case 180: return {cx0 + W - x, cy0 + y};
      case 270: return {cx0 + W - y, cy0 + H - x};
      default: return {cx0 + x, cy1 - y};
    }
  };
  auto [ax, ay] = map(b.x0, b.y0);
  auto [bx, by] = map(b.x1, b.y1);
  return PDFRectangle(std::min(ax, bx), std::min(ay, by), std::max(ax, bx), std::max(ay, by));
}

// A PDF text string: UTF-16BE with a byte order mark. Poppler's setContents
// and setLabel take that (they add the mark to anything without it, so plain
// UTF-8 would be read as UTF-16).
std::unique_ptr<GooString> text_string(const std::string& utf8) {
#if PREFLIGHT_POPPLER_VERSION >= 231000  // Poppler 23.10 returns the bytes as std::string
  return std::make_unique<GooString>(utf8ToUtf16WithBom(utf8));
#else
  return utf8ToUtf16WithBom(utf8);
#endif
}

// A new annotation, owned as the Poppler in use wants it (shared_ptr from 25.06, a reference count before).
template <class T, class... Args>
auto make_annot(Args&&... args) {
#if PREFLIGHT_POPPLER_VERSION >= 250600
  return std::make_shared<T>(std::forward<Args>(args)...);
#else
  return new T(std::forward<Args>(args)...);
#endif
}

std::string note_text(const Finding& f) {
  std::string s = fmt::format("[{}] {}: {}", to_string(f.severity), f.rule, f.message);
  if (!f.evidence.empty()) s += "\nfound: " + plain_quotes(f.evidence);
  if (!f.hint.empty()) s += "\nfix: " + f.hint;
  return s;
}

// Opens `in` with Poppler (the password as owner and user password), or
// throws a one-line error saying why not; `what` is the job ("annotated",
// "rendered").
std::unique_ptr<PDFDoc> open_doc(const std::string& in, const std::string& password, const char* what) {
  silence_poppler();
  auto doc = std::make_unique<PDFDoc>(std::make_unique<GooString>(in), GooString(password), GooString(password));
  if (doc->isOk()) return doc;
  switch (doc->getErrorCode()) {
    case errOpenFile: throw std::runtime_error(fmt::format("{}: cannot read", in));
    case errEncrypted:
      throw std::runtime_error(password.empty()
                                   ? fmt::format("{}: cannot be {}: the PDF is encrypted and needs a password (give it with --password)", in, what)
                                   : fmt::format("{}: cannot be {}: the password given does not open the PDF", in, what));
    default: throw std::runtime_error(fmt::format("{}: cannot be {}: damaged PDF: Poppler cannot read it", in, what));
  }
}

// A rendered page (or slice of one): XBGR8 pixels, B, G, R, X in memory, as
// Splash draws them (what poppler-cpp calls ARGB32).
struct Image {
  int w = 0, h = 0;
  std::size_t stride = 0;
  std::vector<unsigned char> px;
  bool valid() const { return w > 0 && h > 0 && px.size() >= stride * static_cast<std::size_t>(h); }
  unsigned char* row(int y) { return px.data() + stride * static_cast<std::size_t>(y); }
  const unsigned char* row(int y) const { return px.data() + stride * static_cast<std::size_t>(y); }
};

// Renders page `page_no` (1-based) at `dpi`, rows [y, y + h) of it (all of it
// when h < 0), with the settings of poppler-cpp's page_renderer that the
// images had before (Splash, XBGR8, white paper, vector and text
// antialiasing, no font hinting, the crop box).
Image render(PDFDoc& doc, int page_no, double dpi, int x = -1, int y = -1, int w = -1, int h = -1) {
  SplashColor paper;
  std::memset(paper, 0xff, sizeof paper);
#if PREFLIGHT_POPPLER_VERSION >= 260200  // Poppler 26.02 dropped the reverse-video flag
  SplashOutputDev dev(splashModeXBGR8, 4, paper);
#else
  SplashOutputDev dev(splashModeXBGR8, 4, false, paper);
#endif
  dev.setFontAntialias(true);
  dev.setVectorAntialias(true);
  dev.setFreeTypeHinting(false, false);
  dev.startDoc(&doc);
  doc.displayPageSlice(&dev, page_no, dpi, dpi, 0, false, true, false, x, y, w, h);
  Image img;
  SplashBitmap* bm = dev.getBitmap();
  if (!bm || bm->getMode() != splashModeXBGR8 || bm->getWidth() <= 0 || bm->getHeight() <= 0 || bm->getRowSize() <= 0)
    return img;
  img.w = bm->getWidth();
  img.h = bm->getHeight();
  img.stride = static_cast<std::size_t>(bm->getRowSize());
  const unsigned char* data = bm->getDataPtr();
  img.px.assign(data, data + img.stride * static_cast<std::size_t>(img.h));
  return img;
}

// The size of a page as displayed (crop box, turned by /Rotate), in points.
std::pair<double, double> display_size(::Page& pg) {
  const PDFRectangle* crop = poppler::box_ptr(pg.getCropBox());
  double w = std::abs(crop->x2 - crop->x1), h = std::abs(crop->y2 - crop->y1);
  int r = ((pg.getRotate() % 360) + 360) % 360;
  if (r == 90 || r == 270) std::swap(w, h);
  return {w, h};
}

// Draws a rectangle outline into an image.
void draw_box(Image& img, int x0, int y0, int x1, int y1, Rgb c, int thick) {
  if (!img.valid()) return;
  const int w = img.w, h = img.h;
  auto put = [&](int x, int y) {
    if (x < 0 || y < 0 || x >= w || y >= h) return;
    unsigned char* px = img.row(y) + x * 4;
    px[0] = static_cast<unsigned char>(c.b * 255);  // B, G, R, X in memory
    px[1] = static_cast<unsigned char>(c.g * 255);
    px[2] = static_cast<unsigned char>(c.r * 255);
    px[3] = 255;
  };
  for (int t = 0; t < thick; ++t) {
    for (int x = x0 - t; x <= x1 + t; ++x) { put(x, y0 - t); put(x, y1 + t); }
    for (int y = y0 - t; y <= y1 + t; ++y) { put(x0 - t, y); put(x1 + t, y); }
  }
}

std::string safe_name(const std::string& s) {
  std::string out;
  for (char c : s) out += (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.') ? c : '_';
  return out;
}

}  // namespace

void write_annotated(const std::string& in, const std::string& password, const std::string& out,
                     const std::vector<Finding>& findings) {
  std::error_code ec;
  if (fs::exists(out, ec) && fs::equivalent(in, out, ec))
    throw std::runtime_error(fmt::format("{}: the annotated copy must not overwrite the PDF being checked", out));
  if (fs::weakly_canonical(in, ec) == fs::weakly_canonical(out, ec))
    throw std::runtime_error(fmt::format("{}: the annotated copy must not overwrite the PDF being checked", out));
  auto doc = open_doc(in, password, "annotated");
  const int n_pages = doc->getNumPages();
  if (n_pages < 1) throw std::runtime_error(fmt::format("{}: no pages to annotate", in));
  auto page_of = [&](int no) {
    ::Page* pg = doc->getPage(no);
    if (!pg) throw std::runtime_error(fmt::format("{}: cannot be annotated: page {} is damaged", in, no));
    return pg;
  };
  // Page::addAnnot takes its own reference to the annotation; ours is dropped.
  // Poppler stamps each change with the time (/M); it is removed, so that the
  // same PDF and findings always give the same copy.
#if PREFLIGHT_POPPLER_VERSION >= 250600  // Poppler 25.06: annotations are shared_ptr, no reference counts
  auto add = [](::Page* pg, const std::shared_ptr<Annot>& a) {
    pg->addAnnot(a);
    a->setModified(nullptr);
  };
#else
  auto add = [](::Page* pg, Annot* a) {
    pg->addAnnot(a);
    a->setModified(nullptr);
    a->decRefCnt();
  };
#endif
  std::string loose;
  for (const auto& f : findings) {
    if (!f.page || !f.box || *f.page < 1 || *f.page > n_pages) {
      loose += (loose.empty() ? "" : "\n\n") + note_text(f);
      continue;
    }
    ::Page* pg = page_of(*f.page);
    Box b = *f.box;
    b = Box{b.x0 - 1.5, b.y0 - 1.5, b.x1 + 1.5, b.y1 + 1.5};
    PDFRectangle rect = user_rect(*pg, b);
    auto a = make_annot<AnnotGeometry>(doc.get(), poppler::rect_arg(rect), Annot::typeSquare);
    const Rgb c = colour(f.severity);
    a->setColor(std::make_unique<AnnotColor>(c.r, c.g, c.b));
    a->setContents(text_string(note_text(f)));
    a->setLabel(text_string("preflight: " + f.rule));
    GooString nm(fmt::format("preflight-{}", &f - findings.data()));
    a->setName(&nm);
    a->setFlags(Annot::flagPrint);
    auto border = std::make_unique<AnnotBorderArray>();
    border->setWidth(1.5);
    a->setBorder(std::move(border));
    add(pg, a);
  }
  if (!loose.empty()) {
    ::Page* pg = page_of(1);
    PDFRectangle rect = user_rect(*pg, Box{20, 20, 44, 44});
    auto a = make_annot<AnnotText>(doc.get(), poppler::rect_arg(rect));
    const Rgb c = colour(Severity::error);
    a->setColor(std::make_unique<AnnotColor>(c.r, c.g, c.b));
#if PREFLIGHT_POPPLER_VERSION >= 250600
    a->setIcon(std::string("Note"));
#else
    GooString icon("Note");
    a->setIcon(&icon);
#endif
    a->setOpen(false);
    a->setLabel(text_string("preflight: findings without a place on the page"));
    a->setContents(text_string(loose));
    a->setFlags(Annot::flagPrint);
    add(pg, a);
  }
  // An incremental update: the original bytes (page content streams
  // included) followed by the new and changed objects.
  std::string tmp = out + ".preflight-tmp";
#if PREFLIGHT_POPPLER_VERSION >= 250900  // Poppler 25.09: saveAs takes a std::string
  int rc = doc->saveAs(tmp, writeStandard);
#else
  int rc = doc->saveAs(GooString(tmp), writeStandard);
#endif
  if (rc != errNone) {
    fs::remove(tmp, ec);
    throw std::runtime_error(rc == errOpenFile ? fmt::format("{}: cannot write", out)
                                               : fmt::format("{}: cannot write the annotated copy (Poppler error {})", out, rc));
  }
  // Poppler does not check its writes: a copy shorter than the original was cut short (a full disk).
  if (fs::file_size(tmp, ec) < fs::file_size(in, ec) || ec) {
    fs::remove(tmp, ec);
    throw std::runtime_error(fmt::format("{}: cannot write the annotated copy (is the disk full?)", out));
  }
  fs::rename(tmp, out, ec);
  if (ec) throw std::runtime_error(fmt::format("{}: cannot write: {}", out, ec.message()));
}

namespace {

// `img` (B, G, R, X in memory) as the bytes of an RGB PNG file (empty if it
// cannot be). Poppler's own writer uses zlib's best (slowest) compression: on
// a rendered page band that cost more than rendering it. Here: the Sub filter
// on every row and zlib level 6 with the strategy meant for filtered image data.
std::string png_of(const Image& img) {
  const int w = img.w, h = img.h;
  if (!img.valid()) return {};
  const std::size_t row = static_cast<std::size_t>(w) * 3 + 1;
  std::string raw(row * static_cast<std::size_t>(h), '\0');
  for (int y = 0; y < h; ++y) {
    const unsigned char* src = img.row(y);
    auto* out = reinterpret_cast<unsigned char*>(raw.data() + row * static_cast<std::size_t>(y));
    out[0] = 1;  // Sub
    unsigned char prev[3] = {0, 0, 0};
    for (int x = 0; x < w; ++x) {
      const unsigned char rgb[3] = {src[x * 4 + 2], src[x * 4 + 1], src[x * 4 + 0]};
      for (int c = 0; c < 3; ++c) {
        out[1 + x * 3 + c] = static_cast<unsigned char>(rgb[c] - prev[c]);
        prev[c] = rgb[c];
      }
    }
  }
  z_stream zs{};
  if (deflateInit2(&zs, 6, Z_DEFLATED, 15, 8, Z_FILTERED) != Z_OK) return {};
  std::string z(deflateBound(&zs, static_cast<uLong>(raw.size())), '\0');
  zs.next_in = reinterpret_cast<Bytef*>(raw.data());
  zs.avail_in = static_cast<uInt>(raw.size());
  zs.next_out = reinterpret_cast<Bytef*>(z.data());
  zs.avail_out = static_cast<uInt>(z.size());
  int rc = deflate(&zs, Z_FINISH);
  z.resize(zs.total_out);
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) return {};
  std::string png("\x89PNG\r\n\x1a\n", 8);
  auto be32 = [](std::string& o, std::uint32_t v) {
    for (int i = 3; i >= 0; --i) o += static_cast<char>((v >> (i * 8)) & 0xff);
  };
  auto chunk = [&](const char* type, const std::string& data) {
    be32(png, static_cast<std::uint32_t>(data.size()));
    std::string body = std::string(type, 4) + data;
    png += body;
    be32(png, static_cast<std::uint32_t>(crc32(0, reinterpret_cast<const Bytef*>(body.data()), static_cast<uInt>(body.size()))));
  };
  std::string ihdr;
  be32(ihdr, static_cast<std::uint32_t>(w));
  be32(ihdr, static_cast<std::uint32_t>(h));
  ihdr += std::string("\x08\x02\x00\x00\x00", 5);  // 8 bits, RGB, deflate, no filter method, no interlace
  chunk("IHDR", ihdr);
  chunk("IDAT", z);
  chunk("IEND", "");
  return png;
}

bool write_png(const Image& img, const std::string& path, std::map<std::string, std::string>* memory = nullptr) {
  std::string png = png_of(img);
  if (png.empty()) return false;
  if (memory) {
    (*memory)[path] = std::move(png);
    return true;
  }
  std::ofstream o(path, std::ios::binary);
  return static_cast<bool>(o.write(png.data(), static_cast<std::streamsize>(png.size())));
}

// A copy of rows [y0, y1) of `src`.
Image band_of(const Image& src, int y0, int y1) {
  Image out;
  out.w = src.w;
  out.h = y1 - y0;
  out.stride = src.stride;
  out.px.assign(src.row(y0), src.row(y0) + src.stride * static_cast<std::size_t>(y1 - y0));
  return out;
}

}  // namespace

ReportImages render_report_images(const std::string& in, const std::string& password, std::vector<Finding>& findings,
                                  const ImageOptions& opt) {
  ReportImages done;
  auto doc = open_doc(in, password, "rendered");
  const int n_pages = doc->getNumPages();
  if (!opt.dir.empty() && !opt.memory) {
    std::error_code ec;
    fs::create_directories(opt.dir, ec);
    if (ec) throw std::runtime_error(fmt::format("{}: cannot create the directory: {}", opt.dir, ec.message()));
  }
  // What the report shows: error and warning findings with a place, errors first, at most max_images.
  std::map<int, std::vector<Finding*>> by_page;
  if (!opt.dir.empty()) {
    std::vector<Finding*> order;
    for (auto& f : findings)
      if (f.severity != Severity::info && f.waived.empty() && f.page && f.box && *f.page >= 1 && *f.page <= n_pages)
        order.push_back(&f);
    std::stable_sort(order.begin(), order.end(), [](const Finding* a, const Finding* b) { return a->severity > b->severity; });
    if (static_cast<int>(order.size()) > opt.max_images) order.resize(static_cast<std::size_t>(std::max(0, opt.max_images)));
    for (Finding* f : order) by_page[*f->page].push_back(f);
  }
  const bool thumb = !opt.thumbnail.empty() && n_pages >= 1;
  if (thumb) {  // page 1 at the thumbnail's own small size: cheap, whatever the regions need
    if (::Page* pg = doc->getPage(1)) {
      double w = display_size(*pg).first;
      double dpi = std::clamp(72.0 * opt.thumb_width / std::max(1.0, w), 8.0, 300.0);
      Image img = render(*doc, 1, dpi);
      done.thumbnail = img.valid() && write_png(img, opt.thumbnail, opt.memory);
    }
  }
  std::map<std::string, int> used;
  const double s = opt.dpi / 72.0, margin = 36;
  for (auto& [page_no, list] : by_page) {
    ::Page* pg = doc->getPage(page_no);
    if (!pg) continue;
    auto [pw, ph] = display_size(*pg);
    const int wpx = static_cast<int>(std::ceil(pw * s)), hpx = static_cast<int>(std::ceil(ph * s));
    // Each finding's band: the full width of the page for context, its box's
    // rows plus 36 pt above and below. The page is rendered once, over the
    // rows all its bands span (Splash skips what lies outside: images there
    // are not even decoded).
    struct Band { Finding* f; int y0, y1; };
    std::vector<Band> bands;
    int lo = hpx, hi = 0;
    for (Finding* fp : list) {
      const Box& b = *fp->box;
      int y0 = std::clamp(static_cast<int>(std::floor((b.y0 - margin) * s)), 0, hpx);
      int y1 = std::clamp(static_cast<int>(std::ceil((b.y1 + margin) * s)), 0, hpx);
      if (y1 - y0 < 2) continue;
      bands.push_back({fp, y0, y1});
      lo = std::min(lo, y0), hi = std::max(hi, y1);
    }
    if (bands.empty()) continue;
    Image img = render(*doc, page_no, opt.dpi, 0, lo, wpx, hi - lo);
    if (!img.valid()) continue;
    for (const Band& bd : bands) {
      Finding& f = *bd.f;
      const Box& b = *f.box;
      int y0 = std::min(bd.y0 - lo, img.h), y1 = std::min(bd.y1 - lo, img.h);
      if (y1 - y0 < 2) continue;
      Image band = band_of(img, y0, y1);
      draw_box(band, static_cast<int>(std::lround(b.x0 * s)) - 2, static_cast<int>(std::lround(b.y0 * s)) - bd.y0 - 2,
               static_cast<int>(std::lround(b.x1 * s)) + 2, static_cast<int>(std::lround(b.y1 * s)) - bd.y0 + 2,
               colour(f.severity), std::max(2, static_cast<int>(std::lround(s * 1.5))));
      std::string base = fmt::format("{}-p{}", safe_name(f.rule), page_no);
      int n = ++used[base];
      std::string path = (fs::path(opt.dir) / (n == 1 ? base + ".png" : fmt::format("{}-{}.png", base, n))).string();
      if (write_png(band, path, opt.memory)) {
        f.image = path;
        ++done.regions;
      }
    }
  }
  return done;
}

int render_findings(const std::string& in, const std::string& password, const std::string& dir,
                    std::vector<Finding>& findings, double dpi, int max_images) {
  ImageOptions opt;
  opt.dir = dir;
  opt.dpi = dpi;
  opt.max_images = max_images;
  return render_report_images(in, password, findings, opt).regions;
}

std::string render_page_png(const std::string& in, const std::string& password, int page, int width_px) {
  auto doc = open_doc(in, password, "rendered");
  if (page < 1 || page > doc->getNumPages()) return {};
  ::Page* pg = doc->getPage(page);
  if (!pg) return {};
  double dpi = std::clamp(72.0 * width_px / std::max(1.0, display_size(*pg).first), 8.0, 300.0);
  Image img = render(*doc, page, dpi);
  return png_of(img);
}

}  // namespace preflight
