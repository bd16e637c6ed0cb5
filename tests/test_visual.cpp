// The annotated copy and the region images (issue: show, not only tell).
#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>
#include <qpdf/QPDFPageObjectHelper.hh>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "pdf/loader.hpp"
#include "pdf/visual.hpp"
#include "preflight/layout.hpp"
#include "run_cli.hpp"

using namespace preflight;
namespace fs = std::filesystem;

namespace {

std::string sample() { return std::string(PREFLIGHT_TESTDATA) + "/sample-pass.pdf"; }

// A minimal PNG reader (8-bit RGB/RGBA, not interlaced): what poppler writes.
struct Png {
  int w = 0, h = 0, channels = 0;
  std::vector<unsigned char> px;
  std::array<int, 3> rgb(int x, int y) const {
    const unsigned char* p = &px[(static_cast<std::size_t>(y) * w + x) * channels];
    return {p[0], p[1], p[2]};
  }
};

Png read_png(const std::string& path) {
  std::string d = slurp(path);
  REQUIRE(d.size() > 33);
  REQUIRE(d.compare(1, 3, "PNG") == 0);
  auto be32 = [&](std::size_t o) {
    return (static_cast<unsigned char>(d[o]) << 24) | (static_cast<unsigned char>(d[o + 1]) << 16) |
           (static_cast<unsigned char>(d[o + 2]) << 8) | static_cast<unsigned char>(d[o + 3]);
  };
  Png png;
  png.w = static_cast<int>(be32(16));
  png.h = static_cast<int>(be32(20));
  int depth = static_cast<unsigned char>(d[24]), type = static_cast<unsigned char>(d[25]);
  REQUIRE(depth == 8);
  REQUIRE((type == 2 || type == 6));
  png.channels = type == 6 ? 4 : 3;
  std::string idat;
  for (std::size_t o = 8; o + 8 <= d.size();) {
    std::size_t len = be32(o);
    std::string kind = d.substr(o + 4, 4);
    if (kind == "IDAT") idat += d.substr(o + 8, len);
    o += 12 + len;
  }
  std::size_t stride = static_cast<std::size_t>(png.w) * png.channels;
  std::vector<unsigned char> raw((stride + 1) * png.h);
  uLongf n = raw.size();
  REQUIRE(uncompress(raw.data(), &n, reinterpret_cast<const Bytef*>(idat.data()), idat.size()) == Z_OK);
  png.px.assign(stride * png.h, 0);
  int bpp = png.channels;
  for (int y = 0; y < png.h; ++y) {
    unsigned char f = raw[y * (stride + 1)];
    const unsigned char* src = &raw[y * (stride + 1) + 1];
    unsigned char* out = &png.px[y * stride];
    const unsigned char* up = y ? &png.px[(y - 1) * stride] : nullptr;
    for (std::size_t i = 0; i < stride; ++i) {
      int a = i >= static_cast<std::size_t>(bpp) ? out[i - bpp] : 0, b = up ? up[i] : 0,
          c = (up && i >= static_cast<std::size_t>(bpp)) ? up[i - bpp] : 0;
      int pred = 0;
      switch (f) {
        case 1: pred = a; break;
        case 2: pred = b; break;
        case 3: pred = (a + b) / 2; break;
        case 4: {
          int p = a + b - c, pa = std::abs(p - a), pb = std::abs(p - b), pc = std::abs(p - c);
          pred = (pa <= pb && pa <= pc) ? a : (pb <= pc ? b : c);
          break;
        }
        default: pred = 0;
      }
      out[i] = static_cast<unsigned char>(src[i] + pred);
    }
  }
  return png;
}

std::vector<Finding> findings_for(const Document& doc) {
  // A boxed finding on a word of page 2, and one without a box.
  const Word& w = doc.pages[1].words.at(5);
  Finding boxed;
  boxed.rule = "margins";
  boxed.severity = Severity::error;
  boxed.message = "text 20 pt into the right margin <&>";
  boxed.page = 2;
  boxed.box = w.box;
  boxed.evidence = w.text;
  boxed.hint = "shrink the table";
  Finding loose;
  loose.rule = "anonymity.metadata";
  loose.severity = Severity::warning;
  loose.message = "Info Author is set";
  return {boxed, loose};
}

}  // namespace

TEST_CASE("the annotated copy has one annotation per boxed finding and unchanged content", "[visual]") {
  Document doc = load_pdf(sample(), "", {});
  auto fs_ = findings_for(doc);
  std::string out = (fs::temp_directory_path() / "preflight-annotated-test.pdf").string();
  write_annotated(sample(), "", out, fs_);

  QPDF a, b;
  a.processFile(sample().c_str());
  b.processFile(out.c_str());
  auto pa = QPDFPageDocumentHelper(a).getAllPages();
  auto pb = QPDFPageDocumentHelper(b).getAllPages();
  REQUIRE(pa.size() == pb.size());
  for (std::size_t i = 0; i < pa.size(); ++i) {
    auto ca = pa[i].getObjectHandle().getKey("/Contents").getRawStreamData();
    auto cb = pb[i].getObjectHandle().getKey("/Contents").getRawStreamData();
    CHECK(ca->getSize() == cb->getSize());
    CHECK(std::memcmp(ca->getBuffer(), cb->getBuffer(), ca->getSize()) == 0);
  }
  auto annots1 = pb[0].getAnnotations();
  auto annots2 = pb[1].getAnnotations();
  REQUIRE(annots1.size() == 1);  // the note listing the finding without a box
  CHECK(annots1[0].getSubtype() == "/Text");
  CHECK(annots1[0].getObjectHandle().getKey("/Contents").getUTF8Value().find("Info Author is set") != std::string::npos);
  REQUIRE(annots2.size() == 1);
  CHECK(annots2[0].getSubtype() == "/Square");
  auto rect = annots2[0].getRect();
  const Box& w = *fs_[0].box;
  // Display (top-left origin) -> user space on an unrotated Letter page, 1.5 pt padding.
  CHECK(rect.llx == Approx(w.x0 - 1.5).margin(0.01));
  CHECK(rect.urx == Approx(w.x1 + 1.5).margin(0.01));
  CHECK(rect.lly == Approx(792 - w.y1 - 1.5).margin(0.01));
  CHECK(rect.ury == Approx(792 - w.y0 + 1.5).margin(0.01));
  CHECK(annots2[0].getObjectHandle().getKey("/Contents").getUTF8Value().find("margins") != std::string::npos);
  CHECK(QPDFPageDocumentHelper(a).getAllPages()[1].getAnnotations().empty());  // the original is untouched

  // It still opens with Poppler, with the same words.
  Document again = load_pdf(out, "", {});
  CHECK(again.pages.size() == doc.pages.size());
  CHECK(again.word_count() == doc.word_count());
  // The same PDF and findings give the same copy, byte for byte (no time stamp).
  std::string out2 = out + ".2.pdf";
  write_annotated(sample(), "", out2, fs_);
  auto bytes = [](const std::string& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  CHECK(bytes(out) == bytes(out2));
  CHECK(bytes(out).find("/M (D:") == std::string::npos);
  fs::remove(out2);
  fs::remove(out);
}

TEST_CASE("report images: errors and warnings only, at most N, two regions of a page from one render, a thumbnail",
          "[visual]") {
  Document doc = load_pdf(sample(), "", {});
  auto base = findings_for(doc);
  std::vector<Finding> fs_;
  fs_.push_back(base[0]);  // error, page 2
  Finding warn = base[0];  // a warning lower on the same page
  warn.severity = Severity::warning;
  warn.rule = "fonts";
  warn.box = doc.pages[1].words.at(doc.pages[1].words.size() / 2).box;
  fs_.push_back(warn);
  Finding info = base[0];  // info: the report shows no image for it
  info.severity = Severity::info;
  info.rule = "template";
  fs_.push_back(info);
  Finding waived = base[0];
  waived.waived = "known";
  waived.rule = "page-size";
  fs_.push_back(waived);
  std::string dir = (fs::temp_directory_path() / "preflight-report-images-test").string();
  fs::remove_all(dir);
  ImageOptions opt;
  opt.dir = dir;
  opt.thumbnail = dir + "/page1.png";
  auto done = render_report_images(sample(), "", fs_, opt);
  CHECK(done.regions == 2);
  CHECK(done.thumbnail);
  CHECK_FALSE(fs_[0].image.empty());
  CHECK_FALSE(fs_[1].image.empty());
  CHECK(fs_[2].image.empty());
  CHECK(fs_[3].image.empty());
  // 96 dpi: a Letter page is 816 px wide; the warning's outline is orange.
  Png png = read_png(fs_[1].image);
  CHECK(png.w == 816);
  const double s = 96.0 / 72.0;
  const Box& b = *fs_[1].box;
  int top = static_cast<int>(std::floor(std::max(0.0, b.y0 - 36) * s));
  auto c = png.rgb(static_cast<int>(std::lround((b.x0 + b.x1) / 2 * s)), static_cast<int>(std::lround(b.y0 * s)) - top - 3);
  CHECK(c[0] > 200);
  CHECK(c[1] > 100);
  CHECK(c[1] < 180);
  CHECK(c[2] < 60);
  Png thumb = read_png(opt.thumbnail);
  CHECK(thumb.w == 160);
  CHECK(std::abs(thumb.h - 207) <= 1);  // Letter proportions
  // At most N: the error wins over the warning.
  for (auto& f : fs_) f.image.clear();
  fs::remove_all(dir);
  opt.max_images = 1;
  opt.thumbnail.clear();
  done = render_report_images(sample(), "", fs_, opt);
  CHECK(done.regions == 1);
  CHECK_FALSE(fs_[0].image.empty());
  CHECK(fs_[1].image.empty());
  CHECK_FALSE(done.thumbnail);
  fs::remove_all(dir);
}

TEST_CASE("the annotated copy refuses to overwrite the input", "[visual]") {
  std::vector<Finding> none;
  CHECK_THROWS_WITH(write_annotated(sample(), "", sample(), none), Catch::Contains("must not overwrite"));
  auto r = run_preflight("check " + quote(sample()) + " --annotate " + quote(sample()), true);
  CHECK(r.exit_code == 2);
}

TEST_CASE("region images exist, have the expected size and show the box where it is", "[visual]") {
  Document doc = load_pdf(sample(), "", {});
  auto fs_ = findings_for(doc);
  std::string dir = (fs::temp_directory_path() / "preflight-images-test").string();
  fs::remove_all(dir);
  REQUIRE(render_findings(sample(), "", dir, fs_, 150) == 1);
  REQUIRE_FALSE(fs_[0].image.empty());
  CHECK(fs_[1].image.empty());
  CHECK(fs::path(fs_[0].image).filename() == "margins-p2.png");
  Png png = read_png(fs_[0].image);
  const double s = 150.0 / 72.0;
  const Box& b = *fs_[0].box;
  // Full page width; the box's band plus 36 pt above and below (clamped to the page).
  CHECK(png.w == static_cast<int>(std::ceil(612 * s)));
  double top = std::max(0.0, b.y0 - 36), bottom = std::min(792.0, b.y1 + 36);
  CHECK(std::abs(png.h - (bottom - top) * s) <= 2);
  // The outline is drawn in the error colour just outside the box, and the
  // page far from it is white.
  int x = static_cast<int>(std::lround((b.x0 + b.x1) / 2 * s));
  int y = static_cast<int>(std::lround(b.y0 * s)) - static_cast<int>(std::floor(top * s)) - 3;
  auto c = png.rgb(x, y);
  CHECK(c[0] > 180);
  CHECK(c[1] < 80);
  CHECK(c[2] < 80);
  auto white = png.rgb(5, 5);
  CHECK(white[0] > 240);
  CHECK(white[1] > 240);
  CHECK(white[2] > 240);
  fs::remove_all(dir);
}

TEST_CASE("on rotated and cropped pages the annotated copy draws each box around its finding's word", "[visual]") {
  // Pages turned 90, 180 and 270 degrees, and a page whose crop box is lower
  // than its sheet: what a reader of the annotated copy sees (the page
  // rendered as displayed, 1 pixel a point) has the finding's square in the
  // annotation colour just outside the word's box, where the original has none.
  const std::string data = std::string(PREFLIGHT_TESTDATA) + "/robust/";
  for (const char* name : {"rotated-pages.pdf", "text-outside-cropbox.pdf"}) {
    const std::string in = data + name;
    Document doc = load_pdf(in, "", {});
    std::vector<Finding> fs_;
    for (const Page& p : doc.pages) {
      REQUIRE_FALSE(p.words.empty());
      Finding f;
      f.rule = "margins";
      f.severity = Severity::error;
      f.message = "text into the margin, 3 mm — déjà vu";  // not ASCII: a PDF text string in UTF-16
      f.page = p.number;
      f.box = p.words.at(p.words.size() / 2).box;
      fs_.push_back(f);
    }
    std::string out = (fs::temp_directory_path() / "preflight-annotated-rotated-test.pdf").string();
    write_annotated(in, "", out, fs_);
    QPDF q;
    q.processFile(out.c_str());
    auto pages = QPDFPageDocumentHelper(q).getAllPages();
    REQUIRE(pages.size() == doc.pages.size());
    for (const Page& p : doc.pages) {
      INFO(name << " page " << p.number << " rotated " << p.rotation);
      auto annots = pages[static_cast<std::size_t>(p.number - 1)].getAnnotations("/Square");
      REQUIRE(annots.size() == 1);
      CHECK(annots[0].getObjectHandle().getKey("/Contents").getUTF8Value().find("3 mm — déjà vu") != std::string::npos);
      auto png_of = [&](const std::string& pdf, const char* tag) {
        std::string bytes = render_page_png(pdf, "", p.number, static_cast<int>(std::lround(p.width)));
        REQUIRE_FALSE(bytes.empty());
        std::string path = (fs::temp_directory_path() / fmt::format("preflight-rotated-{}-{}.png", tag, p.number)).string();
        std::ofstream(path, std::ios::binary) << bytes;
        Png png = read_png(path);
        fs::remove(path);
        return png;
      };
      Png before = png_of(in, "before"), after = png_of(out, "after");
      REQUIRE(after.w == static_cast<int>(std::lround(p.width)));
      REQUIRE(after.h == static_cast<int>(std::lround(p.height)));
      const Box& b = *fs_[static_cast<std::size_t>(p.number - 1)].box;
      // Is there a pixel of the error colour within 3 px outside the box, at
      // the middle of its top edge (rows) or of its left edge (columns)?
      auto red_near = [](const Png& png, int x, int y, int dx, int dy) {
        for (int k = 0; k <= 3; ++k) {
          int px = x + dx * k, py = y + dy * k;
          if (px < 0 || py < 0 || px >= png.w || py >= png.h) continue;
          auto c = png.rgb(px, py);
          if (c[0] > 150 && c[1] < 90 && c[2] < 90) return true;
        }
        return false;
      };
      const int mx = static_cast<int>(std::lround((b.x0 + b.x1) / 2)), my = static_cast<int>(std::lround((b.y0 + b.y1) / 2));
      const int top = static_cast<int>(std::floor(b.y0)), left = static_cast<int>(std::floor(b.x0));
      CHECK(red_near(after, mx, top, 0, -1));
      CHECK(red_near(after, left, my, -1, 0));
      CHECK_FALSE(red_near(before, mx, top, 0, -1));
      CHECK_FALSE(red_near(before, left, my, -1, 0));
    }
    fs::remove(out);
  }
}
