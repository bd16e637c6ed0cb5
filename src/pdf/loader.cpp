// The loader: the only code that includes Poppler or qpdf headers.
// qpdf gives structure (page boxes, rotation, fonts, links, Info, XMP,
// embedded files); Poppler gives the words, in ONE text_list pass per page.
#include "pdf/loader.hpp"

#include "pdf/hash.hpp"

#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-page.h>
#include <qpdf/Pipeline.hh>
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFEmbeddedFileDocumentHelper.hh>
#include <qpdf/QPDFExc.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>
#include <qpdf/QPDFPageObjectHelper.hh>
#include <qpdf/QPDFWriter.hh>

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

void read_words(const std::string& bytes, const std::string& password, Document& doc, const LoadLimits& limits) {
  silence_poppler();
  std::unique_ptr<poppler::document> pd(
      poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size()), password, password));
  if (!pd) {
    if (doc.pages.empty()) fail("damaged", fmt::format("{}: damaged PDF: Poppler cannot read it", doc.path));
    return;  // qpdf read the structure; keep what we have
  }
  if (pd->is_locked())
    fail("encrypted", fmt::format("{}: the PDF is encrypted and needs a password (give it with --password)", doc.path));
  int n = pd->pages();
  if (n <= 0) fail("damaged", fmt::format("{}: damaged PDF: no pages", doc.path));
  if (n > limits.max_pages)
    fail("limit", fmt::format("{}: {} pages, more than the limit of {}", doc.path, n, limits.max_pages));
  if (doc.pages.size() != static_cast<std::size_t>(n)) {
    // qpdf and Poppler disagree (a repaired file): trust Poppler's page list.
    doc.pages.assign(static_cast<std::size_t>(n), Page{});
    for (int i = 0; i < n; ++i) {
      Page& p = doc.pages[i];
      p.number = i + 1;
      std::unique_ptr<poppler::page> pg(pd->create_page(i));
      if (!pg) continue;
      auto r = pg->page_rect(poppler::media_box);
      p.media = p.crop = Box{r.left(), r.top(), r.right(), r.bottom()};
      p.width = r.width();
      p.height = r.height();
    }
    doc.links.erase(std::remove_if(doc.links.begin(), doc.links.end(), [n](const Link& l) { return l.page > n; }), doc.links.end());
  }
  std::unordered_map<std::string, std::uint16_t> font_ids;
  long long chars = 0;
  for (int i = 0; i < n; ++i) {
    std::unique_ptr<poppler::page> pg(pd->create_page(i));
    if (!pg) continue;
    auto boxes = pg->text_list(poppler::page::text_list_include_font);
    auto& words = doc.pages[i].words;
    words.reserve(boxes.size());
    for (auto& tb : boxes) {
      Word w;
      auto u8 = tb.text().to_utf8();
      w.text.assign(u8.begin(), u8.end());
      if (w.text.empty()) continue;
      chars += static_cast<long long>(w.text.size());
      auto r = tb.bbox();
      w.box = Box{r.left(), r.top(), r.right(), r.bottom()};
      std::string fname = tb.get_font_name(0);
      w.font = intern_font(doc, font_ids, fname);
      double sz = tb.get_font_size();
      if (fname.empty() || !std::isfinite(sz) || sz <= 0 || sz > 500) sz = w.box.height();
      w.size = static_cast<float>(sz);
      w.space_after = tb.has_space_after();
      w.rotation = static_cast<std::int16_t>(tb.rotation() * 90);
      words.push_back(std::move(w));
    }
    if (chars > limits.max_chars)
      fail("limit", fmt::format("{}: more than {} characters of text, the limit", doc.path, limits.max_chars));
  }
}

// Text outside the crop box is invisible in viewers and dropped by Poppler's
// text_list, but it is in the file (a hidden name is still a leak). For pages
// whose crop box is smaller than the media box, extract the words again from a
// copy whose crop box is the media box, and keep those outside the original
// crop box (coordinates stay relative to the original crop box, so they fall
// outside the page). Unrotated pages only; rare in practice, so the extra
// pass costs nothing on ordinary papers.
void read_outside_crop(const std::string& bytes, const std::string& password, Document& doc) {
  std::vector<int> cropped;
  for (std::size_t i = 0; i < doc.pages.size(); ++i) {
    const Page& p = doc.pages[i];
    const Box &c = p.crop, &m = p.media;
    if (p.rotation == 0 && (c.x0 > m.x0 + 0.5 || c.y0 > m.y0 + 0.5 || c.x1 < m.x1 - 0.5 || c.y1 < m.y1 - 0.5))
      cropped.push_back(static_cast<int>(i));
  }
  if (cropped.empty()) return;
  std::string copy;
  try {
    QPDF q;
    q.setSuppressWarnings(true);
    q.processMemoryFile("uncropped", bytes.data(), bytes.size(), password.empty() ? nullptr : password.c_str());
    auto pages = QPDFPageDocumentHelper(q).getAllPages();
    if (pages.size() != doc.pages.size()) return;
    for (int i : cropped) {
      auto page = pages[static_cast<std::size_t>(i)].getObjectHandle();
      auto media = pages[static_cast<std::size_t>(i)].getAttribute("/MediaBox", false);
      if (media.isRectangle()) page.replaceKey("/CropBox", media.shallowCopy());
    }
    QPDFWriter w(q);
    w.setOutputMemory();
    w.write();
    auto buf = w.getBufferSharedPointer();
    copy.assign(reinterpret_cast<const char*>(buf->getBuffer()), buf->getSize());
  } catch (const std::exception&) {
    return;
  }
  std::unique_ptr<poppler::document> pd(
      poppler::document::load_from_raw_data(copy.data(), static_cast<int>(copy.size()), password, password));
  if (!pd || pd->is_locked() || pd->pages() != static_cast<int>(doc.pages.size())) return;
  std::unordered_map<std::string, std::uint16_t> font_ids;
  for (std::size_t i = 0; i < doc.font_names.size(); ++i) font_ids.emplace(doc.font_names[i], static_cast<std::uint16_t>(i));
  for (int i : cropped) {
    Page& p = doc.pages[static_cast<std::size_t>(i)];
    std::unique_ptr<poppler::page> pg(pd->create_page(i));
    if (!pg) continue;
    double dx = p.crop.x0 - p.media.x0, dy = p.media.y1 - p.crop.y1;
    for (auto& tb : pg->text_list(poppler::page::text_list_include_font)) {
      auto r = tb.bbox();
      Box b{r.left() - dx, r.top() - dy, r.right() - dx, r.bottom() - dy};
      bool inside = b.x0 >= -0.5 && b.y0 >= -0.5 && b.x1 <= p.width + 0.5 && b.y1 <= p.height + 0.5;
      if (inside) continue;
      Word w;
      auto u8 = tb.text().to_utf8();
      w.text.assign(u8.begin(), u8.end());
      if (w.text.empty()) continue;
      w.box = b;
      w.font = intern_font(doc, font_ids, tb.get_font_name(0));
      double sz = tb.get_font_size();
      w.size = static_cast<float>(std::isfinite(sz) && sz > 0 && sz < 500 ? sz : b.height());
      w.space_after = tb.has_space_after();
      w.outside_crop = true;
      p.words.push_back(std::move(w));
    }
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

void silence_poppler() {
  static const bool once = [] {
    poppler::set_debug_error_function([](const std::string&, void*) {}, nullptr);
    return true;
  }();
  (void)once;
}

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
  read_words(bytes, password, doc, limits);
  if (structure_ok) read_outside_crop(bytes, password, doc);
  sanitize_strings(doc);
  if (!structure_ok && doc.pages.empty()) fail("damaged", fmt::format("{}: damaged PDF: no readable pages", path));
  return doc;
}

}  // namespace preflight
