#include "pdf/visual.hpp"

#include "pdf/loader.hpp"

#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-image.h>
#include <poppler/cpp/poppler-page-renderer.h>
#include <poppler/cpp/poppler-page.h>
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>
#include <qpdf/QPDFPageObjectHelper.hh>
#include <qpdf/QPDFWriter.hh>
#include <qpdf/QUtil.hh>

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <unistd.h>
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
QPDFObjectHandle user_rect(QPDFPageObjectHelper& page, const Box& b) {
  auto crop = page.getAttribute("/CropBox", false);
  if (!crop.isRectangle()) crop = page.getAttribute("/MediaBox", false);
  double cx0 = 0, cy0 = 0, cx1 = 612, cy1 = 792;
  if (crop.isRectangle()) {
    auto r = crop.getArrayAsRectangle();
    cx0 = std::min(r.llx, r.urx), cy0 = std::min(r.lly, r.ury), cx1 = std::max(r.llx, r.urx), cy1 = std::max(r.lly, r.ury);
  }
  auto rot = page.getAttribute("/Rotate", false);
  int r = rot.isInteger() ? static_cast<int>(((rot.getIntValue() % 360) + 360) % 360) : 0;
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
  return QPDFObjectHandle::newFromRectangle(
      QPDFObjectHandle::Rectangle(std::min(ax, bx), std::min(ay, by), std::max(ax, bx), std::max(ay, by)));
}

QPDFObjectHandle rgb_array(Rgb c) {
  auto a = QPDFObjectHandle::newArray();
  a.appendItem(QPDFObjectHandle::newReal(c.r, 2));
  a.appendItem(QPDFObjectHandle::newReal(c.g, 2));
  a.appendItem(QPDFObjectHandle::newReal(c.b, 2));
  return a;
}

std::string note_text(const Finding& f) {
  std::string s = fmt::format("[{}] {}: {}", to_string(f.severity), f.rule, f.message);
  if (!f.evidence.empty()) s += "\nfound: " + f.evidence;
  if (!f.hint.empty()) s += "\nfix: " + f.hint;
  return s;
}

void add_annot(QPDF& q, QPDFPageObjectHelper& page, QPDFObjectHandle annot) {
  auto obj = page.getObjectHandle();
  auto annots = obj.getKey("/Annots");
  if (!annots.isArray()) {
    annots = QPDFObjectHandle::newArray();
    obj.replaceKey("/Annots", annots);
  }
  annot.replaceKey("/P", obj);
  annots.appendItem(q.makeIndirectObject(annot));
}

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(fmt::format("{}: cannot read", path));
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::unique_ptr<poppler::document> open_poppler(const std::string& bytes, const std::string& in, const std::string& password) {
  silence_poppler();
  std::unique_ptr<poppler::document> d(
      poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size()), password, password));
  if (!d || d->is_locked()) throw std::runtime_error(fmt::format("{}: cannot be rendered", in));
  return d;
}

// Draws a rectangle outline into an ARGB32 image.
void draw_box(poppler::image& img, int x0, int y0, int x1, int y1, Rgb c, int thick) {
  if (img.format() != poppler::image::format_argb32) return;
  char* data = img.data();
  int stride = img.bytes_per_row(), w = img.width(), h = img.height();
  auto put = [&](int x, int y) {
    if (x < 0 || y < 0 || x >= w || y >= h) return;
    auto* px = reinterpret_cast<unsigned char*>(data + static_cast<std::ptrdiff_t>(y) * stride + x * 4);
    px[0] = static_cast<unsigned char>(c.b * 255);  // BGRA in memory (little-endian ARGB32)
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
  QPDF q;
  q.setSuppressWarnings(true);
  q.processFile(in.c_str(), password.empty() ? nullptr : password.c_str());
  auto pages = QPDFPageDocumentHelper(q).getAllPages();
  if (pages.empty()) throw std::runtime_error(fmt::format("{}: no pages to annotate", in));
  std::string loose;
  for (const auto& f : findings) {
    if (!f.page || !f.box || *f.page < 1 || *f.page > static_cast<int>(pages.size())) {
      loose += (loose.empty() ? "" : "\n\n") + note_text(f);
      continue;
    }
    auto& page = pages[static_cast<std::size_t>(*f.page - 1)];
    Box b = *f.box;
    b = Box{b.x0 - 1.5, b.y0 - 1.5, b.x1 + 1.5, b.y1 + 1.5};
    auto a = QPDFObjectHandle::newDictionary();
    a.replaceKey("/Type", QPDFObjectHandle::newName("/Annot"));
    a.replaceKey("/Subtype", QPDFObjectHandle::newName("/Square"));
    a.replaceKey("/Rect", user_rect(page, b));
    a.replaceKey("/C", rgb_array(colour(f.severity)));
    a.replaceKey("/Contents", QPDFObjectHandle::newUnicodeString(note_text(f)));
    a.replaceKey("/T", QPDFObjectHandle::newUnicodeString("preflight: " + f.rule));
    a.replaceKey("/NM", QPDFObjectHandle::newUnicodeString(fmt::format("preflight-{}", &f - findings.data())));
    a.replaceKey("/F", QPDFObjectHandle::newInteger(4));
    a.replaceKey("/BS", QPDFObjectHandle::parse("<< /W 1.5 /S /S >>"));
    add_annot(q, page, a);
  }
  if (!loose.empty()) {
    auto& page = pages[0];
    Box corner{20, 20, 44, 44};
    auto a = QPDFObjectHandle::newDictionary();
    a.replaceKey("/Type", QPDFObjectHandle::newName("/Annot"));
    a.replaceKey("/Subtype", QPDFObjectHandle::newName("/Text"));
    a.replaceKey("/Rect", user_rect(page, corner));
    a.replaceKey("/C", rgb_array(colour(Severity::error)));
    a.replaceKey("/Name", QPDFObjectHandle::newName("/Note"));
    a.replaceKey("/Open", QPDFObjectHandle::newBool(false));
    a.replaceKey("/T", QPDFObjectHandle::newUnicodeString("preflight: findings without a place on the page"));
    a.replaceKey("/Contents", QPDFObjectHandle::newUnicodeString(loose));
    a.replaceKey("/F", QPDFObjectHandle::newInteger(4));
    add_annot(q, page, a);
  }
  std::string tmp = out + ".preflight-tmp";
  {
    QPDFWriter w(q, tmp.c_str());
    w.setStreamDataMode(qpdf_s_preserve);  // page content streams byte for byte
    w.write();
  }
  fs::rename(tmp, out, ec);
  if (ec) throw std::runtime_error(fmt::format("{}: cannot write: {}", out, ec.message()));
}

namespace {

// `img` (ARGB32, BGRA in memory) as an RGB PNG file. Poppler's own writer uses
// zlib's best (slowest) compression: on a rendered page band that cost more
// than rendering it. Here: the Sub filter on every row and zlib level 6 with
// the strategy meant for filtered image data.
bool write_png(const poppler::image& img, const std::string& path) {
  const int w = img.width(), h = img.height();
  if (w <= 0 || h <= 0 || img.format() != poppler::image::format_argb32) return false;
  const std::size_t row = static_cast<std::size_t>(w) * 3 + 1;
  std::string raw(row * static_cast<std::size_t>(h), '\0');
  for (int y = 0; y < h; ++y) {
    auto* src = reinterpret_cast<const unsigned char*>(img.const_data() + static_cast<std::ptrdiff_t>(y) * img.bytes_per_row());
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
  if (deflateInit2(&zs, 6, Z_DEFLATED, 15, 8, Z_FILTERED) != Z_OK) return false;
  std::string z(deflateBound(&zs, static_cast<uLong>(raw.size())), '\0');
  zs.next_in = reinterpret_cast<Bytef*>(raw.data());
  zs.avail_in = static_cast<uInt>(raw.size());
  zs.next_out = reinterpret_cast<Bytef*>(z.data());
  zs.avail_out = static_cast<uInt>(z.size());
  int rc = deflate(&zs, Z_FINISH);
  z.resize(zs.total_out);
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) return false;
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
  std::ofstream o(path, std::ios::binary);
  return static_cast<bool>(o.write(png.data(), static_cast<std::streamsize>(png.size())));
}

// A copy of rows [y0, y1) of `src` (ARGB32).
poppler::image band_of(const poppler::image& src, int y0, int y1) {
  poppler::image out(src.width(), y1 - y0, poppler::image::format_argb32);
  const int row = std::min(src.bytes_per_row(), out.bytes_per_row());
  for (int y = y0; y < y1; ++y)
    std::memcpy(out.data() + static_cast<std::ptrdiff_t>(y - y0) * out.bytes_per_row(),
                src.const_data() + static_cast<std::ptrdiff_t>(y) * src.bytes_per_row(), static_cast<std::size_t>(row));
  return out;
}

}  // namespace

ReportImages render_report_images(const std::string& in, const std::string& password, std::vector<Finding>& findings,
                                  const ImageOptions& opt) {
  ReportImages done;
  std::string bytes = read_all(in);
  auto doc = open_poppler(bytes, in, password);
  if (!opt.dir.empty()) {
    std::error_code ec;
    fs::create_directories(opt.dir, ec);
    if (ec) throw std::runtime_error(fmt::format("{}: cannot create the directory: {}", opt.dir, ec.message()));
  }
  // What the report shows: error and warning findings with a place, errors first, at most max_images.
  std::map<int, std::vector<Finding*>> by_page;
  if (!opt.dir.empty()) {
    std::vector<Finding*> order;
    for (auto& f : findings)
      if (f.severity != Severity::info && f.waived.empty() && f.page && f.box && *f.page >= 1 && *f.page <= doc->pages())
        order.push_back(&f);
    std::stable_sort(order.begin(), order.end(), [](const Finding* a, const Finding* b) { return a->severity > b->severity; });
    if (static_cast<int>(order.size()) > opt.max_images) order.resize(static_cast<std::size_t>(std::max(0, opt.max_images)));
    for (Finding* f : order) by_page[*f->page].push_back(f);
  }
  const bool thumb = !opt.thumbnail.empty() && doc->pages() >= 1;
  poppler::page_renderer r;
  r.set_render_hint(poppler::page_renderer::antialiasing, true);
  r.set_render_hint(poppler::page_renderer::text_antialiasing, true);
  r.set_image_format(poppler::image::format_argb32);
  if (thumb) {  // page 1 at the thumbnail's own small size: cheap, whatever the regions need
    std::unique_ptr<poppler::page> pg(doc->create_page(0));
    if (pg) {
      auto pr = pg->page_rect(poppler::crop_box);
      double w = pr.width();
      if (pg->orientation() == poppler::page::landscape || pg->orientation() == poppler::page::seascape) w = pr.height();
      double dpi = std::clamp(72.0 * opt.thumb_width / std::max(1.0, w), 8.0, 300.0);
      poppler::image img = r.render_page(pg.get(), dpi, dpi);
      done.thumbnail = img.is_valid() && write_png(img, opt.thumbnail);
    }
  }
  std::map<std::string, int> used;
  const double s = opt.dpi / 72.0, margin = 36;
  for (auto& [page_no, list] : by_page) {
    std::unique_ptr<poppler::page> pg(doc->create_page(page_no - 1));
    if (!pg) continue;
    auto pr = pg->page_rect(poppler::crop_box);
    double pw = pr.width(), ph = pr.height();
    if (pg->orientation() == poppler::page::landscape || pg->orientation() == poppler::page::seascape) std::swap(pw, ph);
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
    poppler::image img = r.render_page(pg.get(), opt.dpi, opt.dpi, 0, lo, wpx, hi - lo);
    if (!img.is_valid() || img.format() != poppler::image::format_argb32) continue;
    for (const Band& bd : bands) {
      Finding& f = *bd.f;
      const Box& b = *f.box;
      int y0 = std::min(bd.y0 - lo, img.height()), y1 = std::min(bd.y1 - lo, img.height());
      if (y1 - y0 < 2) continue;
      poppler::image band = band_of(img, y0, y1);
      draw_box(band, static_cast<int>(std::lround(b.x0 * s)) - 2, static_cast<int>(std::lround(b.y0 * s)) - bd.y0 - 2,
               static_cast<int>(std::lround(b.x1 * s)) + 2, static_cast<int>(std::lround(b.y1 * s)) - bd.y0 + 2,
               colour(f.severity), std::max(2, static_cast<int>(std::lround(s * 1.5))));
      std::string base = fmt::format("{}-p{}", safe_name(f.rule), page_no);
      int n = ++used[base];
      std::string path = (fs::path(opt.dir) / (n == 1 ? base + ".png" : fmt::format("{}-{}.png", base, n))).string();
      if (write_png(band, path)) {
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
  std::string bytes = read_all(in);
  auto doc = open_poppler(bytes, in, password);
  if (page < 1 || page > doc->pages()) return {};
  std::unique_ptr<poppler::page> pg(doc->create_page(page - 1));
  if (!pg) return {};
  auto pr = pg->page_rect(poppler::crop_box);
  double dpi = std::clamp(72.0 * width_px / std::max(1.0, pr.width()), 8.0, 300.0);
  poppler::page_renderer r;
  r.set_render_hint(poppler::page_renderer::antialiasing, true);
  r.set_render_hint(poppler::page_renderer::text_antialiasing, true);
  r.set_image_format(poppler::image::format_argb32);
  poppler::image img = r.render_page(pg.get(), dpi, dpi);
  if (!img.is_valid()) return {};
  fs::path tmp = fs::temp_directory_path() / fmt::format("preflight-thumb-{}-{}.png", ::getpid(), page);
  if (!write_png(img, tmp.string())) return {};
  std::string png = read_all(tmp.string());
  std::error_code ec;
  fs::remove(tmp, ec);
  return png;
}

}  // namespace preflight
