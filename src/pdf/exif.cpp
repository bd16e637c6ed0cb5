// JPEG APP segments: EXIF (a TIFF structure) and XMP. Every offset and count
// from the file is checked against the payload before use; each IFD is read
// once (an offset loop stops), at most kMaxEntries entries per IFD.
#include "pdf/exif.hpp"

#include <fmt/format.h>

#include <cmath>
#include <cstdint>
#include <set>

namespace preflight {
namespace {

constexpr int kMaxEntries = 512;
constexpr std::size_t kMaxValue = 4096;  // bytes of a text value kept

class Tiff {
 public:
  explicit Tiff(std::string_view t) : t_(t) {
    if (t.size() >= 8 && t.substr(0, 4) == std::string_view("II*\0", 4)) ok_ = true, le_ = true;
    else if (t.size() >= 8 && t.substr(0, 4) == std::string_view("MM\0*", 4)) ok_ = true, le_ = false;
  }
  bool ok() const { return ok_; }
  std::size_t size() const { return t_.size(); }
  std::uint32_t u16(std::size_t at) const {
    if (at + 2 > t_.size()) return 0;
    auto b = [&](std::size_t i) { return static_cast<std::uint32_t>(static_cast<unsigned char>(t_[at + i])); };
    return le_ ? (b(0) | b(1) << 8) : (b(0) << 8 | b(1));
  }
  std::uint32_t u32(std::size_t at) const {
    if (at + 4 > t_.size()) return 0;
    return le_ ? (u16(at) | u16(at + 2) << 16) : (u16(at) << 16 | u16(at + 2));
  }
  std::string_view bytes(std::size_t at, std::size_t n) const {
    if (at > t_.size() || n > t_.size() - at) return {};
    return t_.substr(at, n);
  }

  struct Entry {
    std::uint32_t tag = 0, type = 0, count = 0;
    std::string_view data;  // the value's bytes (empty when out of bounds)
    std::size_t at = 0;     // their offset in the TIFF structure
  };
  // The entries of the IFD at `off` (none when out of bounds).
  std::vector<Entry> ifd(std::size_t off) const {
    std::vector<Entry> out;
    if (off < 8 || off + 2 > t_.size()) return out;
    std::uint32_t n = std::min<std::uint32_t>(u16(off), kMaxEntries);
    for (std::uint32_t i = 0; i < n; ++i) {
      std::size_t e = off + 2 + 12 * static_cast<std::size_t>(i);
      if (e + 12 > t_.size()) break;
      Entry en{u16(e), u16(e + 2), u32(e + 4), {}, 0};
      static constexpr std::uint32_t sizes[] = {0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8};
      std::uint64_t unit = en.type < 13 ? sizes[en.type] : 0;
      std::uint64_t total = unit * en.count;
      if (unit == 0 || total > t_.size()) {
        out.push_back(en);
        continue;
      }
      en.at = total <= 4 ? e + 8 : u32(e + 8);
      en.data = bytes(en.at, static_cast<std::size_t>(total));
      out.push_back(en);
    }
    return out;
  }

 private:
  std::string_view t_;
  bool ok_ = false, le_ = true;
};

std::string trim(std::string s) {
  auto b = s.find_first_not_of(" \t\r\n");
  auto e = s.find_last_not_of(" \t\r\n");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

// An ASCII value: NUL-separated parts (Copyright holds "photographer\0editor"), joined by "; ".
std::string ascii(std::string_view d) {
  std::string out, part;
  for (char c : d.substr(0, kMaxValue)) {
    if (c == '\0') {
      part = trim(part);
      if (!part.empty()) out += (out.empty() ? "" : "; ") + part;
      part.clear();
    } else {
      part += c;
    }
  }
  part = trim(part);
  if (!part.empty()) out += (out.empty() ? "" : "; ") + part;
  return out;
}

// XPAuthor and friends: UTF-16LE in BYTE values, up to a NUL.
std::string utf16le(std::string_view d) {
  std::string out;
  auto put = [&out](std::uint32_t u) {
    if (u < 0x80) out += static_cast<char>(u);
    else if (u < 0x800) out += static_cast<char>(0xC0 | u >> 6), out += static_cast<char>(0x80 | (u & 0x3F));
    else if (u < 0x10000)
      out += static_cast<char>(0xE0 | u >> 12), out += static_cast<char>(0x80 | (u >> 6 & 0x3F)),
          out += static_cast<char>(0x80 | (u & 0x3F));
    else
      out += static_cast<char>(0xF0 | u >> 18), out += static_cast<char>(0x80 | (u >> 12 & 0x3F)),
          out += static_cast<char>(0x80 | (u >> 6 & 0x3F)), out += static_cast<char>(0x80 | (u & 0x3F));
  };
  d = d.substr(0, kMaxValue);
  for (std::size_t i = 0; i + 1 < d.size(); i += 2) {
    std::uint32_t u = static_cast<unsigned char>(d[i]) | static_cast<std::uint32_t>(static_cast<unsigned char>(d[i + 1])) << 8;
    if (u == 0) break;
    if (u >= 0xD800 && u < 0xDC00 && i + 3 < d.size()) {
      std::uint32_t lo = static_cast<unsigned char>(d[i + 2]) |
                         static_cast<std::uint32_t>(static_cast<unsigned char>(d[i + 3])) << 8;
      if (lo >= 0xDC00 && lo < 0xE000) {
        put(0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00));
        i += 2;
        continue;
      }
    }
    put(u >= 0xD800 && u < 0xE000 ? 0xFFFD : u);
  }
  return trim(out);
}

// Degrees from three RATIONALs (degrees, minutes, seconds); NaN when unreadable.
double dms(const Tiff& t, const Tiff::Entry& e) {
  if (e.type != 5 || e.count != 3 || e.data.size() != 24) return NAN;
  std::size_t at = e.at;
  double v[3];
  for (int i = 0; i < 3; ++i) {
    std::uint32_t num = t.u32(at + 8 * static_cast<std::size_t>(i)), den = t.u32(at + 8 * static_cast<std::size_t>(i) + 4);
    if (den == 0) return NAN;
    v[i] = static_cast<double>(num) / den;
  }
  return v[0] + v[1] / 60 + v[2] / 3600;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> parse_exif(std::string_view payload) {
  std::vector<std::pair<std::string, std::string>> out;
  if (payload.size() < 6 || payload.substr(0, 6) != std::string_view("Exif\0\0", 6)) return out;
  Tiff t(payload.substr(6));
  if (!t.ok()) return out;
  std::set<std::uint32_t> seen;  // IFD offsets read: a loop stops
  auto text = [&](const Tiff::Entry& e, bool wide) {
    if (e.data.empty()) return std::string();
    return wide ? utf16le(e.data) : ascii(e.data);
  };
  auto add = [&](const char* key, std::string v) {
    if (!v.empty()) out.emplace_back(key, std::move(v));
  };
  std::uint32_t ifd0 = t.u32(4), exif_ifd = 0, gps_ifd = 0;
  if (!seen.insert(ifd0).second) return out;
  for (const auto& e : t.ifd(ifd0)) {
    switch (e.tag) {
      case 0x013B: add("Artist", text(e, false)); break;
      case 0x8298: add("Copyright", text(e, false)); break;
      case 0x9C9D: add("XPAuthor", text(e, true)); break;
      case 0x8769: if (e.data.size() == 4) exif_ifd = t.u32(e.at); break;
      case 0x8825: if (e.data.size() == 4) gps_ifd = t.u32(e.at); break;
      default: break;
    }
  }
  if (exif_ifd && seen.insert(exif_ifd).second)
    for (const auto& e : t.ifd(exif_ifd))
      if (e.tag == 0xA430) add("CameraOwnerName", text(e, false));
  if (gps_ifd && seen.insert(gps_ifd).second) {
    std::string lat_ref, lon_ref;
    double lat = NAN, lon = NAN;
    for (const auto& e : t.ifd(gps_ifd)) {
      if (e.tag == 1) lat_ref = ascii(e.data);
      if (e.tag == 2) lat = dms(t, e);
      if (e.tag == 3) lon_ref = ascii(e.data);
      if (e.tag == 4) lon = dms(t, e);
    }
    if (std::isfinite(lat) && std::isfinite(lon) && lat <= 90 && lon <= 180 && (lat != 0 || lon != 0))
      add("GPS", fmt::format("{:.6f} {}, {:.6f} {}", lat, lat_ref == "S" ? "S" : "N", lon, lon_ref == "W" ? "W" : "E"));
  }
  return out;
}

JpegMetadata read_jpeg_metadata(const std::function<std::size_t(char*, std::size_t)>& read, std::size_t cap) {
  JpegMetadata m;
  auto get = [&](std::size_t n) {
    std::string s;
    n = std::min(n, cap - std::min(cap, m.bytes_read));
    s.resize(n);
    std::size_t got = 0;
    while (got < n) {
      std::size_t k = read(s.data() + got, n - got);
      if (k == 0) break;
      got += k;
    }
    s.resize(got);
    m.bytes_read += got;
    return s;
  };
  std::string soi = get(2);
  if (soi != "\xFF\xD8") return m;
  for (int segments = 0; segments < 64 && m.bytes_read < cap; ++segments) {
    std::string mk = get(2);
    if (mk.size() < 2 || static_cast<unsigned char>(mk[0]) != 0xFF) break;
    auto marker = static_cast<unsigned char>(mk[1]);
    while (marker == 0xFF) {  // fill bytes
      std::string b = get(1);
      if (b.empty()) return m;
      marker = static_cast<unsigned char>(b[0]);
    }
    bool app = marker >= 0xE0 && marker <= 0xEF;
    if (!app && marker != 0xFE) break;  // the image's tables and data follow: stop
    std::string len = get(2);
    if (len.size() < 2) break;
    std::size_t n = static_cast<std::size_t>(static_cast<unsigned char>(len[0]) << 8 | static_cast<unsigned char>(len[1]));
    if (n < 2) break;
    std::string body = get(n - 2);
    if (body.size() < n - 2) break;
    if (marker != 0xE1) continue;
    static constexpr std::string_view xmp_id("http://ns.adobe.com/xap/1.0/\0", 29);
    if (body.compare(0, 6, std::string("Exif\0\0", 6)) == 0) {
      for (auto& f : parse_exif(body)) m.fields.push_back(std::move(f));
    } else if (body.size() > xmp_id.size() && std::string_view(body).substr(0, xmp_id.size()) == xmp_id && m.xmp.empty()) {
      m.xmp = body.substr(xmp_id.size());
    }
  }
  return m;
}

}  // namespace preflight
