#pragma once
// Hand-built Documents for unit tests of the layout, regions and template detection.
#include <cstdint>
#include <string>

#include "preflight/document.hpp"

namespace preflight::testing {

// A word of `size` pt at (x0, y0), `w` wide, in font `font` (an index into Document::font_names).
inline Word wd(const std::string& t, double x0, double y0, double w, double size = 10, std::uint16_t font = 1) {
  Word x;
  x.text = t;
  x.box = Box{x0, y0, x0 + w, y0 + size};
  x.size = static_cast<float>(size);
  x.font = font;
  x.space_after = true;
  return x;
}

// An empty US Letter page numbered `n`.
inline Page page(int n) {
  Page p;
  p.number = n;
  p.width = 612;
  p.height = 792;
  p.media = p.crop = Box{0, 0, 612, 792};
  return p;
}

}  // namespace preflight::testing
