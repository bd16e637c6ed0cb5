#pragma once
// The metadata segments at the start of a JPEG file (a PDF's DCTDecode image
// stream): EXIF (APP1 "Exif") and XMP (APP1 "http://ns.adobe.com/xap/1.0/").
// A small bounded parser, no Poppler and no library: the loader feeds it the
// first bytes of the stream through `read`, and it stops at the first marker
// that is not an APPn or COM segment (the image data follows), at the end of
// the data, or after kMaxJpegHeader bytes.
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace preflight {

struct JpegMetadata {
  std::vector<std::pair<std::string, std::string>> fields;  // Artist, Copyright, XPAuthor, CameraOwnerName, GPS
  std::string xmp;                                          // the XMP packet, raw
  std::size_t bytes_read = 0;
};

inline constexpr std::size_t kMaxJpegHeader = 256 * 1024;

// `read(buf, n)` fills up to n bytes and returns how many (0 at the end).
JpegMetadata read_jpeg_metadata(const std::function<std::size_t(char*, std::size_t)>& read,
                                std::size_t cap = kMaxJpegHeader);

// The fields of an EXIF APP1 payload (starting with "Exif\0\0"); tests call it directly.
std::vector<std::pair<std::string, std::string>> parse_exif(std::string_view payload);

}  // namespace preflight
