// The hidden channels of issue 20: the EXIF parser on hostile input, who an
// owner field names, and what the loader finds in the fixtures.
#include <catch2/catch.hpp>

#include <string>

#include "pdf/exif.hpp"
#include "pdf/loader.hpp"
#include "rules/anonymity/identity.hpp"

using namespace preflight;

namespace {
std::string le16(unsigned v) { return std::string{char(v & 0xFF), char(v >> 8 & 0xFF)}; }
std::string le32(unsigned v) { return le16(v & 0xFFFF) + le16(v >> 16); }
std::string entry(unsigned tag, unsigned type, unsigned count, unsigned value) {
  return le16(tag) + le16(type) + le32(count) + le32(value);
}
}  // namespace

TEST_CASE("EXIF: Artist and XPAuthor are read, loops and absurd counts stop", "[hidden]") {
  std::string tiff = std::string("II*\0", 4) + le32(8);
  std::string xp = std::string("J\0a\0n\0e\0 \0D\0o\0e\0\0\0", 18);
  tiff += le16(4);
  tiff += entry(0x013B, 2, 9, 8 + 2 + 4 * 12 + 4);                 // Artist -> data after the IFD
  tiff += entry(0x9C9D, 1, 18, 8 + 2 + 4 * 12 + 4 + 9);            // XPAuthor, UTF-16LE
  tiff += entry(0x8769, 4, 1, 8);                                  // Exif IFD -> IFD0 again (a loop)
  tiff += entry(0x8298, 2, 0xFFFFFFFF, 0);                         // Copyright with an absurd count
  tiff += le32(0);
  tiff += std::string("Jane Doe\0", 9) + xp;
  auto fields = parse_exif(std::string("Exif\0\0", 6) + tiff);
  REQUIRE(fields.size() == 2);
  CHECK(fields[0] == std::pair<std::string, std::string>{"Artist", "Jane Doe"});
  CHECK(fields[1] == std::pair<std::string, std::string>{"XPAuthor", "Jane Doe"});
  // Truncated anywhere: no crash, nothing invented.
  std::string full = std::string("Exif\0\0", 6) + tiff;
  for (std::size_t n = 0; n < full.size(); ++n) (void)parse_exif(std::string_view(full).substr(0, n));
  CHECK(parse_exif("Exif\0\0MM\0*").empty());
}

TEST_CASE("JPEG headers are read only up to the image data and the cap", "[hidden]") {
  std::string app1 = std::string("Exif\0\0", 6) + std::string("II*\0", 4) + le32(8) + le16(1) +
                     entry(0x013B, 2, 4, std::uint32_t('J' | 'o' << 8 | 'e' << 16));
  auto seg = [](unsigned char m, const std::string& body) {
    std::size_t n = body.size() + 2;
    return std::string{char(0xFF), char(m), char(n >> 8), char(n & 0xFF)} + body;
  };
  std::string jpeg = std::string("\xFF\xD8", 2) + seg(0xE1, app1) + seg(0xDB, std::string(65, '\1')) +
                     std::string(100000, 'x');
  std::size_t pos = 0;
  auto reader = [&](char* buf, std::size_t n) {
    n = std::min(n, jpeg.size() - pos);
    std::copy_n(jpeg.data() + pos, n, buf);
    pos += n;
    return n;
  };
  JpegMetadata m = read_jpeg_metadata(reader);
  REQUIRE(m.fields.size() == 1);
  CHECK(m.fields[0].second == "Joe");
  CHECK(m.bytes_read < 200);  // stopped at the DQT marker, the image data is not read
  pos = 0;
  jpeg = std::string("\xFF\xD8", 2);
  for (int i = 0; i < 40; ++i) jpeg += seg(0xE2, std::string(60000, '\0'));
  m = read_jpeg_metadata(reader);
  CHECK(m.bytes_read <= kMaxJpegHeader);
}

TEST_CASE("owner fields: a person, a tool, an organisation, unclear", "[hidden]") {
  using anon::Owner;
  CHECK(anon::classify_owner("Jane Doe") == Owner::person);
  CHECK(anon::classify_owner("Doe, Jane") == Owner::person);
  CHECK(anon::classify_owner("J. Doe") == Owner::person);
  CHECK(anon::classify_owner("bingxuan hou") == Owner::person);
  CHECK(anon::classify_owner("Guanyu GY17 Zhang") == Owner::person);
  CHECK(anon::classify_owner("温子辰") == Owner::person);
  CHECK(anon::classify_owner("Matplotlib v3.7.1, https://matplotlib.org") == Owner::tool);
  CHECK(anon::classify_owner("Microsoft® PowerPoint® 2016") == Owner::tool);
  CHECK(anon::classify_owner("R") == Owner::tool);
  CHECK(anon::classify_owner("cairo 1.18.0 (https://cairographics.org)") == Owner::tool);
  CHECK(anon::classify_owner("The CMS Collaboration") == Owner::organisation);
  CHECK(anon::classify_owner("Example University") == Owner::organisation);
  CHECK(anon::classify_owner("samsung") == Owner::unclear);
  CHECK(anon::classify_owner("Anonymous") == Owner::none);
  CHECK(anon::classify_owner("user") == Owner::none);
  CHECK(anon::strip_copyright("Copyright (c) 2021 Jane Doe. All rights reserved.") == "Jane Doe.");
}

TEST_CASE("the loader reads comments, figure metadata, EXIF and hidden layers", "[hidden]") {
  std::string dir = std::string(PREFLIGHT_TESTDATA) + "/";
  auto comment = load_pdf(dir + "anon-hidden-comment.pdf", "", {});
  REQUIRE(comment.comments.size() == 2);
  CHECK(comment.comments[0].author == "Jane Doe");
  CHECK(comment.comments[0].subtype == "Text");
  CHECK(comment.comments[1].text == "typo in the table?");
  auto photo = load_pdf(dir + "anon-hidden-photo.pdf", "", {});
  bool artist = false;
  for (const auto& m : photo.object_metadata)
    for (const auto& [k, v] : m.fields) artist = artist || (m.source == ObjectMetadata::Source::exif && k == "Artist" && v == "Jane Doe");
  CHECK(artist);
  auto layer = load_pdf(dir + "anon-hidden-layer.pdf", "", {});
  REQUIRE(layer.hidden_layers == std::vector<std::string>{"Authors"});
  REQUIRE(layer.hidden_text.size() == 1);
  CHECK(layer.hidden_text[0].text.find("jane.doe@depth-lab.org") != std::string::npos);
  for (const auto& p : layer.pages)
    for (const auto& w : p.words) CHECK(w.text.find("jane.doe") == std::string::npos);  // not visible text
}
